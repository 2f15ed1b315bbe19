package dev.logalerts.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.LogEvent;

/**
 * Rough single-thread comparison of {@link LogEntryParser#parse} with {@code ObjectMapper.readTree}
 * over the fixture entries (not a unit test; the real JMH benchmarks are in the benchmarks module).
 * Run:
 *
 * <pre>
 * mvn -B -o -q -pl pipeline test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp pipeline/target/classes:pipeline/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.logalerts.parse.LogEntryParserBench
 * </pre>
 */
public final class LogEntryParserBench {
  private LogEntryParserBench() {}

  public static void main(String[] args) throws Exception {
    String[] names = {
      "gke-text.json",
      "gke-json.json",
      "lb-request.json",
      "cloud-run-request.json",
      "audit-log.json",
      "composer-task.json",
      "gae-request-log.json"
    };
    if (args.length > 2) {
      names = args[2].split(",");
    }
    byte[][] inputs = new byte[names.length][];
    long bytes = 0;
    for (int i = 0; i < names.length; i++) {
      inputs[i] = LogEntryParserTest.fixture(names[i]);
      bytes += inputs[i].length;
    }
    LogEntryParser parser = new LogEntryParser(1 << 20, 64, Integer.getInteger("leaves", 2000));
    String select =
        System.getProperty("paths"); // e.g. -Dpaths=jsonPayload.user.id,protoPayload.status
    if (select != null) {
      java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
      for (String path : select.split(",")) {
        paths.add(dev.logalerts.model.FieldPath.parse(path).segments());
      }
      parser = parser.withPayloadPaths(paths);
    }
    String keep =
        System.getProperty("keep"); // e.g. -Dkeep=protoPayload.serviceData,jsonPayload.user
    if (keep != null) {
      java.util.List<java.util.List<String>> paths = new java.util.ArrayList<>();
      for (String path : keep.split(",")) {
        paths.add(dev.logalerts.model.FieldPath.parse(path).segments());
      }
      parser = parser.alwaysKeeping(paths);
    }
    ObjectMapper mapper = new ObjectMapper();
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    boolean parserOnly = args.length > 1 && args[1].equals("parser");
    boolean treeOnly = args.length > 1 && args[1].equals("tree");
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    for (int pass = 0; pass < 5; pass++) {
      long sink = 0;
      long c0 = mx.getCurrentThreadCpuTime();
      long a0 = mx.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      for (int r = 0; r < rounds && !treeOnly; r++) {
        for (byte[] in : inputs) {
          LogEvent e = parser.parse(in);
          sink += e.message().length();
        }
      }
      long t1 = System.nanoTime();
      long c1 = mx.getCurrentThreadCpuTime();
      long a1 = mx.getThreadAllocatedBytes(tid);
      for (int r = 0; r < rounds && !parserOnly; r++) {
        for (byte[] in : inputs) {
          JsonNode n = mapper.readTree(in);
          sink += n.size();
        }
      }
      long t2 = System.nanoTime();
      long c2 = mx.getCurrentThreadCpuTime();
      long a2 = mx.getThreadAllocatedBytes(tid);
      long n = (long) rounds * inputs.length;
      System.out.printf(
          "pass %d: LogEntryParser %.0f ns/entry (%.0f MB/s, cpu %.0f ns), readTree %.0f ns/entry"
              + " (cpu %.0f ns), wall ratio %.2f, alloc B/entry %d vs %d [%d]%n",
          pass,
          (t1 - t0) / (double) n,
          bytes * (double) rounds / ((t1 - t0) / 1e3),
          (c1 - c0) / (double) n,
          (t2 - t1) / (double) n,
          (c2 - c1) / (double) n,
          (t2 - t1) / (double) (t1 - t0),
          (a1 - a0) / n,
          (a2 - a1) / n,
          sink);
    }
  }
}
