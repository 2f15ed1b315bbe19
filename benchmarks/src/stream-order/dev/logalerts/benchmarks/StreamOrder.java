package dev.logalerts.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.templates.Redactor;
import dev.logalerts.templates.TemplateMiner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Comparator;

/**
 * What the order of the stream costs: the benchmark's 10,000 entries as generated (sources
 * interleaved, as a log sink delivers them) and the same entries sorted by log name and resource
 * type within chunks of N (N = all: every source's entries together). For each order, thread CPU
 * per entry of {@code readTree}, the parse, parse + the 20 filters, + the job's template step,
 * and the full path, each the best pass after 15 s of warm-up, the orders alternating in one JVM
 * (so the JIT's code is the same for all). Hand-run, see docs/performance.md ("The stream's
 * order").
 *
 * <p>Arguments: seconds to run (60 is enough), then the chunk sizes, comma-separated (default
 * {@code 1,256,1024,10000}; 1 = the generated order).
 */
public final class StreamOrder {
  private static final String[] STAGES = {"readTree", "parse", "+filters", "+template", "full"};
  private static long sink;

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
    int[] chunks =
        Arrays.stream((args.length > 1 ? args[1] : "1,256,1024,10000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    BenchData data = new BenchData();
    byte[][][] orders = new byte[chunks.length][][];
    for (int c = 0; c < chunks.length; c++) {
      orders[c] = sortedWithinChunks(data, chunks[c]);
    }
    LogEntryParser parser = new LogEntryParser();
    var keys = NoisyLogs.entryKeys();
    Redactor redactor = new Redactor();
    ObjectMapper mapper = new ObjectMapper();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[][] best = new double[chunks.length][STAGES.length];
    for (double[] b : best) {
      Arrays.fill(b, Double.MAX_VALUE);
    }
    long measureFrom = System.nanoTime() + 15_000_000_000L;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      for (int c = 0; c < chunks.length; c++) {
        for (int stage = 0; stage < STAGES.length; stage++) {
          TemplateMiner.forgetRecentMessages(); // one pass of a stream, as the JMH full path
          long t0 = mx.getCurrentThreadCpuTime();
          for (byte[] line : orders[c]) {
            switch (stage) {
              case 0 -> sink += mapper.readTree(line).size();
              case 1 -> sink += parser.parse(line).message().length();
              case 2 -> sink += data.ruleFilters.match(parser.parse(line)).ruleNames().size();
              case 3 ->
                  sink +=
                      keys.apply(data.ruleFilters.match(parser.parse(line)))
                          .getKey()
                          .templateId()
                          .length();
              default ->
                  sink +=
                      PerEntryBenchmarks.afterTheParse(
                          parser.parse(line), data.ruleFilters, keys, redactor);
            }
          }
          double ns = (mx.getCurrentThreadCpuTime() - t0) / (double) orders[c].length;
          if (System.nanoTime() > measureFrom) {
            best[c][stage] = Math.min(best[c][stage], ns);
          }
        }
      }
    }
    for (int c = 0; c < chunks.length; c++) {
      StringBuilder line = new StringBuilder(String.format("sorted within %5d:", chunks[c]));
      for (int stage = 0; stage < STAGES.length; stage++) {
        line.append(String.format("  %s %,.0f", STAGES[stage], best[c][stage]));
      }
      line.append(String.format("  (full/readTree %.2f)", best[c][0] / best[c][4]));
      System.out.println(line);
    }
    System.out.println(sink == 42 ? " " : "");
  }

  /** The lines, each chunk of {@code n} sorted by log name and resource type. */
  private static byte[][] sortedWithinChunks(BenchData data, int n) {
    LogEvent[] events = data.events;
    Integer[] order = new Integer[events.length];
    Arrays.setAll(order, i -> i);
    Comparator<Integer> bySource =
        Comparator.comparing((Integer i) -> events[i].logName())
            .thenComparing(i -> events[i].resourceType());
    for (int from = 0; from < order.length; from += n) {
      Arrays.sort(order, from, Math.min(order.length, from + n), bySource);
    }
    byte[][] lines = new byte[order.length][];
    Arrays.setAll(lines, i -> data.lines[order[i]]);
    return lines;
  }
}
