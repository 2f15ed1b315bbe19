package dev.logalerts.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.templates.Redactor;
import dev.logalerts.templates.TemplateMiner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The same workloads as {@link PerEntryBenchmarks}, timed by the thread's CPU time instead of wall
 * time: on a shared machine (other processes competing for the cores) wall-clock throughput mostly
 * measures the scheduler, while CPU nanoseconds per entry still measure the code. Not a replacement
 * for JMH (no forks, simple warm-up), a cross-check next to it.
 */
public final class CpuTimeReport {
  private CpuTimeReport() {}

  /** Minimum warm-up per workload, whatever the number of warm-up passes. */
  private static final long WARMUP_NANOS = 5_000_000_000L;

  private interface Pass {
    long run() throws Exception; // returns a value so the JIT cannot drop the work
  }

  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 8;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    BenchData d = new BenchData();
    ObjectMapper mapper = new ObjectMapper();
    LogEntryParser parser = new LogEntryParser();
    TemplateMiner miner = new TemplateMiner();
    Redactor redactor = new Redactor();
    var keys = NoisyLogs.entryKeys();
    LogEventCoder coder = LogEventCoder.of();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);

    double readTree =
        time(
            "readTree",
            warmup,
            measured,
            BenchData.ENTRIES,
            () -> {
              long h = 0;
              for (byte[] l : d.lines) {
                h += mapper.readTree(l).size();
              }
              return h;
            });
    double parse =
        time(
            "parse",
            warmup,
            measured,
            BenchData.ENTRIES,
            () -> {
              long h = 0;
              for (byte[] l : d.lines) {
                h += parser.parse(l).sizeBytes();
              }
              return h;
            });
    double full =
        time(
            "fullPath",
            warmup,
            measured,
            BenchData.ENTRIES,
            () -> {
              TemplateMiner.forgetRecentMessages(); // one pass, as PerEntryBenchmarks#fullPath
              long h = 0;
              for (byte[] l : d.lines) {
                h +=
                    PerEntryBenchmarks.afterTheParse(
                        parser.parse(l), d.ruleFilters, keys, redactor);
              }
              return h;
            });
    time(
        "mine",
        warmup,
        measured,
        BenchData.ENTRIES,
        () -> {
          TemplateMiner.forgetRecentMessages();
          long h = 0;
          for (String m : d.messages) {
            h += miner.mine(m).templateId().length();
          }
          return h;
        });
    time(
        "coderRoundTrip",
        warmup,
        measured,
        BenchData.ENTRIES,
        () -> {
          long h = 0;
          for (LogEvent e : d.events) {
            buffer.reset();
            coder.encode(e, buffer);
            h += coder.decode(new ByteArrayInputStream(buffer.toByteArray())).sizeBytes();
          }
          return h;
        });
    time(
        "filters (per rule per entry)",
        warmup,
        measured,
        BenchData.ENTRIES * BenchData.RULES,
        () -> {
          long h = 0;
          for (LogEvent e : d.events) {
            for (CompiledFilter f : d.filters) {
              h += f.test(e) ? 1 : 0;
            }
          }
          return h;
        });
    // The filter step as the job runs it (every filter once, the matched rules' names kept for
    // alerting and the noisy-log account) next to the bare tests, per entry, in the same run.
    double bare =
        time(
            "20 filters, count only",
            warmup,
            measured,
            BenchData.ENTRIES,
            () -> {
              long h = 0;
              for (LogEvent e : d.events) {
                for (CompiledFilter f : d.filters) {
                  h += f.test(e) ? 1 : 0;
                }
              }
              return h;
            });
    double named =
        time(
            "RuleFilters.match (names kept)",
            warmup,
            measured,
            BenchData.ENTRIES,
            () -> {
              long h = 0;
              for (LogEvent e : d.events) {
                h += d.ruleFilters.match(e).ruleNames().size();
              }
              return h;
            });
    System.out.printf(
        Locale.ROOT, "cpu keeping the matched names: %+.0f ns per entry%n", named - bare);
    System.out.printf(Locale.ROOT, "cpu ratio parse/readTree: %.2f%n", readTree / parse);
    System.out.printf(Locale.ROOT, "cpu ratio full-path/readTree: %.2f%n", readTree / full);
  }

  /**
   * Prints and returns CPU nanoseconds per operation (best pass of {@code measured}, after {@code
   * warmup} passes and at least {@link #WARMUP_NANOS}).
   */
  private static double time(String name, int warmup, int measured, int ops, Pass pass)
      throws Exception {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    // At least WARMUP_NANOS too: on a busy machine the JIT needs seconds of wall time before a
    // workload runs compiled (Jackson's readTree included), and a pass count alone measured
    // partly interpreted code, against whichever workload had the larger share of it.
    long warmedUp = System.nanoTime() + WARMUP_NANOS;
    for (int i = 0; i < warmup || System.nanoTime() < warmedUp; i++) {
      sink += pass.run();
    }
    double best = Double.MAX_VALUE;
    double total = 0;
    for (int i = 0; i < measured; i++) {
      long t0 = mx.getCurrentThreadCpuTime();
      sink += pass.run();
      double ns = (double) (mx.getCurrentThreadCpuTime() - t0) / ops;
      best = Math.min(best, ns);
      total += ns;
    }
    System.out.printf(
        Locale.ROOT,
        "cpu %-30s %9.0f ns/op (mean %.0f) = %,.0f ops per CPU-second%s%n",
        name + ":",
        best,
        total / measured,
        1e9 / best,
        sink == 42 ? " " : "");
    return best;
  }
}
