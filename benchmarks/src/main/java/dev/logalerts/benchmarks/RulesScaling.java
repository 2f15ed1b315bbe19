package dev.logalerts.benchmarks;

import dev.logalerts.alerting.RuleFilters;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * How the per-entry cost of the filter step grows with the number of rules: {@link
 * RuleFilters#match} (the indexed filters, the job's one filter evaluation) over the generator's
 * {@link BenchData#ENTRIES} entries with the first 20 and the first 500 filters of {@link
 * ManyRules}, next to brute force (every filter tested on every entry, what the job did before the
 * index) on the same entries in the same run, and the index's worst case ({@link ManyRules#dense}:
 * all rules about the services whose logs are in the sample).
 *
 * <p>Timed by the thread's CPU time, best of N passes, with the four variants interleaved pass by
 * pass: on a machine whose cores are shared with other processes, wall-clock throughput (JMH's)
 * mostly measures the scheduler, while CPU nanoseconds per entry measure the code, and interleaving
 * exposes every variant to the same JIT and machine state. The last line is the ratio of the
 * indexed 500-rule cost to the indexed 20-rule cost.
 *
 * <p>Arguments: [warm-up passes (default 15)] [measured passes (default 15)] [large rule count
 * (default 500)].
 */
public final class RulesScaling {
  private RulesScaling() {}

  private static final int SMALL = 20;

  public static void main(String[] args) {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int large = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    BenchData d = new BenchData();
    Variant[] variants = {
      new Variant("indexed", SMALL, true),
      new Variant("indexed", large, true),
      new Variant("brute force", SMALL, false),
      new Variant("brute force", large, false),
      new Variant("dense index", large, true),
    };
    for (int i = 0; i < variants.length; i++) {
      Variant v = variants[i];
      v.prepare(i == 4 ? ManyRules.dense(v.rules) : ManyRules.filters(v.rules));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int pass = 0; pass < warmup + measured; pass++) {
      for (Variant v : variants) {
        long t0 = mx.getCurrentThreadCpuTime();
        sink += v.run(d.events);
        double ns = (double) (mx.getCurrentThreadCpuTime() - t0) / BenchData.ENTRIES;
        if (pass >= warmup) {
          v.best = Math.min(v.best, ns);
        }
      }
    }
    for (Variant v : variants) {
      System.out.printf(
          Locale.ROOT,
          "%-12s %3d rules: %7.0f ns per entry (thread CPU, best of %d), %.2f matches per entry%n",
          v.name,
          v.rules,
          v.best,
          measured,
          (double) v.matches / BenchData.ENTRIES);
      if (v.indexed) {
        System.out.println("             index: " + v.filters.indexSummary());
      }
    }
    if (variants[1].matches != variants[3].matches || variants[0].matches != variants[2].matches) {
      throw new IllegalStateException("indexed and brute-force matches differ");
    }
    System.out.printf(
        Locale.ROOT,
        "dense (all %d rules about the sample's own services) / %d rules: %.2f%n",
        large,
        SMALL,
        variants[4].best / variants[0].best);
    System.out.printf(
        Locale.ROOT,
        "brute force (every filter on every entry) %d rules / %d rules: %.2f%s%n",
        large,
        SMALL,
        variants[3].best / variants[2].best,
        sink == 42 ? " " : "");
    System.out.printf(
        Locale.ROOT,
        "per-entry cost %d rules / %d rules: %.2f%n",
        large,
        SMALL,
        variants[1].best / variants[0].best);
  }

  /** One way of matching one rule count. */
  private static final class Variant {
    final String name;
    final int rules;
    final boolean indexed;
    CompiledFilter[] compiled;
    RuleFilters filters;
    long matches;
    long sink;
    double best = Double.MAX_VALUE;

    Variant(String name, int rules, boolean indexed) {
      this.name = name;
      this.rules = rules;
      this.indexed = indexed;
    }

    void prepare(String[] texts) {
      compiled = new CompiledFilter[texts.length];
      String[] names = new String[texts.length];
      for (int i = 0; i < texts.length; i++) {
        compiled[i] = Filter.compile(texts[i]);
        names[i] = "rule-" + i;
      }
      filters = RuleFilters.of("bench-" + texts.length, compiled, names);
    }

    /** One pass over the entries; returns the matches (so the JIT keeps the work). */
    long run(LogEvent[] events) {
      long n = 0;
      if (indexed) {
        for (LogEvent e : events) {
          n += filters.match(e).ruleNames().size();
        }
      } else {
        // The filter step before the index: every filter tested, the matches kept as bits.
        long[] bits = new long[(compiled.length + 63) >>> 6];
        for (LogEvent e : events) {
          java.util.Arrays.fill(bits, 0L);
          for (int i = 0; i < compiled.length; i++) {
            if (compiled[i].test(e)) {
              bits[i >>> 6] |= 1L << i;
              n++;
            }
          }
          sink ^= bits[0];
        }
      }
      matches = n;
      return n + (sink & 1);
    }
  }
}
