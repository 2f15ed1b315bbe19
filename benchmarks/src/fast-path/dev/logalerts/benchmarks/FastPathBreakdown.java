package dev.logalerts.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.alerting.RuleFilters;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.FastPathAccess;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.templates.Redactor;
import dev.logalerts.templates.TemplateMiner;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * LogEntryParser's fast path against its Jackson path in one JVM (docs/performance.md, "A parser
 * of our own on the fast path"): first how many of the benchmark's 10,000 entries the fast path
 * gives up on and whether its events equal the Jackson path's, then rounds of thread CPU per entry
 * (median of 11 passes after 3 s of warm-up) for readTree, parse on either path and, with {@code
 * full}, the full per-entry path on either. Not part of the suite; usage: {@code
 * FastPathBreakdown [rounds] [full]}.
 */
public final class FastPathBreakdown {
  private interface Pass {
    long run() throws Exception;
  }

  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private static void time(String name, Pass p) throws Exception {
    long sink = 0;
    long end = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < end) {
      sink += p.run();
    }
    long[] t = new long[11];
    for (int i = 0; i < t.length; i++) {
      long a = MX.getCurrentThreadCpuTime();
      sink += p.run();
      t[i] = MX.getCurrentThreadCpuTime() - a;
    }
    Arrays.sort(t);
    System.out.printf(
        "%-28s %8.0f ns/entry (best %6.0f) %d%n",
        name,
        t[t.length / 2] / (double) BenchData.ENTRIES,
        t[0] / (double) BenchData.ENTRIES,
        sink & 1);
  }

  /** The entry parsed the old way (UTF-8 check, then Jackson) or the new (the fast path). */
  private static LogEvent parse(LogEntryParser parser, byte[] line, boolean old)
      throws Exception {
    return old ? FastPathAccess.jackson(parser, line) : parser.parse(line);
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    boolean full = args.length > 1 && args[1].equals("full");
    BenchData d = new BenchData();
    ObjectMapper mapper = new ObjectMapper();
    LogEntryParser parser = new LogEntryParser();
    var keys = NoisyLogs.entryKeys();
    Redactor redactor = new Redactor();
    RuleFilters rf = d.ruleFilters;
    long bailsBefore = FastPathAccess.bails();
    int differ = 0;
    for (byte[] l : d.lines) {
      LogEvent f = FastPathAccess.fast(parser, l);
      if (f != null && !f.equals(FastPathAccess.jackson(parser, l))) {
        differ++;
      }
    }
    System.out.printf(
        "entries %d, fast path gave up on %d, events differing %d%n",
        d.lines.length, FastPathAccess.bails() - bailsBefore, differ);
    for (int round = 0; round < rounds; round++) {
      time(
          "readTree",
          () -> {
            long h = 0;
            for (byte[] l : d.lines) {
              h += mapper.readTree(l).size();
            }
            return h;
          });
      for (boolean old : new boolean[] {true, false}) {
        time(
            old ? "parse (old: utf8+jackson)" : "parse (new: fast path)",
            () -> {
              long h = 0;
              for (byte[] l : d.lines) {
                h += parse(parser, l, old).timestampNanos();
              }
              return h;
            });
      }
      if (full) {
        for (boolean old : new boolean[] {true, false}) {
          time(
              old ? "fullPath (old parse)" : "fullPath (new parse)",
              () -> {
                TemplateMiner.forgetRecentMessages();
                long h = 0;
                for (byte[] l : d.lines) {
                  h += PerEntryBenchmarks.afterTheParse(parse(parser, l, old), rf, keys, redactor);
                }
                return h;
              });
        }
      }
    }
  }
}
