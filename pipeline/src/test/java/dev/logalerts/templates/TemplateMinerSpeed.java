package dev.logalerts.templates;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Single-thread throughput of {@link TemplateMiner#mine} (a manual tool, not a unit test: speed is
 * not asserted in tests). Usage, from the repository root after {@code mvn test-compile}:
 *
 * <pre>
 * java -cp pipeline/target/test-classes:pipeline/target/classes:$(cat pipeline/target/classpath.txt) \
 *   dev.logalerts.templates.TemplateMinerSpeed messages.txt [seconds]
 * </pre>
 *
 * Messages are read into memory first, so only mining (including the id hash and the {@code
 * MessageTemplate} allocation) is timed.
 */
public final class TemplateMinerSpeed {
  private TemplateMinerSpeed() {}

  public static void main(String[] args) throws IOException {
    List<String> messages =
        new ArrayList<>(Files.readAllLines(Paths.get(args[0]), StandardCharsets.UTF_8));
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    long chars = 0;
    for (String m : messages) {
      chars += m.length();
    }
    TemplateMiner miner = new TemplateMiner();
    long sink = 0;
    // Warm-up: let the JIT compile the scanner.
    for (int round = 0; round < 3; round++) {
      for (String m : messages) {
        sink += miner.mine(m).templateId().charAt(0);
      }
    }
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long n = 0;
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long deadline = start + (long) (seconds * 1e9);
    while (System.nanoTime() < deadline) {
      for (String m : messages) {
        sink += miner.mine(m).templateId().charAt(0);
      }
      n += messages.size();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    // CPU time is the fair figure on a shared machine: wall time includes time the thread
    // spent waiting for a core.
    System.out.printf(
        "%d messages (avg %.0f chars): wall %.2fs = %.0f msg/s; thread CPU %.2fs = %.0f msg/s"
            + " per core (sink %d)%n",
        n, (double) chars / messages.size(), elapsed, n / elapsed, cpu, n / cpu, sink);
  }
}
