package dev.logalerts.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.templates.Redactor;
import dev.logalerts.templates.TemplateMiner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One per-entry workload of one build in a JVM of its own: {@code readTree}, {@code parse} or
 * {@code full} (the full path, {@link PerEntryBenchmarks#afterTheParse}) over the benchmark's
 * 10,000 entries, thread CPU per entry, after 15 s of warm-up, best and median of 30 passes. Run it
 * with each build's classes in turn, alternating, when the side-by-side harness (both builds in one
 * JVM) cannot resolve a few per cent; hand-run, see docs/performance.md. Needs a build with {@code
 * afterTheParse} (b48edaf or later).
 */
public final class OwnJvmPasses {
  private static long sink;

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String label = args.length > 1 ? args[1] : "";
    BenchData data = new BenchData();
    LogEntryParser parser = new LogEntryParser();
    var keys = NoisyLogs.entryKeys();
    Redactor redactor = new Redactor();
    ObjectMapper mapper = new ObjectMapper();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long warmEnd = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      pass(mode, data, parser, keys, redactor, mapper);
    }
    List<Long> ns = new ArrayList<>();
    for (int r = 0; r < 30; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      pass(mode, data, parser, keys, redactor, mapper);
      ns.add((mx.getCurrentThreadCpuTime() - t0) / data.lines.length);
    }
    Collections.sort(ns);
    System.out.printf(
        "%s %s: best %d ns, median %d ns per entry%s%n",
        label, mode, ns.get(0), ns.get(ns.size() / 2), sink == 42 ? " " : "");
  }

  private static void pass(
      String mode,
      BenchData data,
      LogEntryParser parser,
      org.apache.beam.sdk.transforms.SerializableFunction<
              dev.logalerts.model.MatchedEvent,
              org.apache.beam.sdk.values.KV<
                  dev.logalerts.templates.NoisyKey, dev.logalerts.templates.NoisyEntry>>
          keys,
      Redactor redactor,
      ObjectMapper mapper)
      throws Exception {
    TemplateMiner.forgetRecentMessages();
    for (byte[] line : data.lines) {
      switch (mode) {
        case "readTree" -> sink += mapper.readTree(line).size();
        case "parse" -> sink += parser.parse(line).message().length();
        case "full" ->
            sink +=
                PerEntryBenchmarks.afterTheParse(parser.parse(line), data.ruleFilters, keys, redactor);
        default -> throw new IllegalArgumentException("mode: readTree, parse or full");
      }
    }
  }
}
