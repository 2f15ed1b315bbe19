package dev.logalerts.alerting;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.IndexedFilters;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.rules.PayloadPaths;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filters of one rules version, tested once per entry: {@link #match} is the only place the job
 * evaluates a rule's filter. The filters are {@link IndexedFilters indexed} by what every entry
 * they match must have (log name or id, resource type, labels, severity, required text), so an
 * entry costs the rules that could match it, not all of them, with exactly the result of testing
 * every filter. The matched rules are collected as bits and turned into a list of names through a
 * small cache, so entries matching the same rules share one immutable list and the common case
 * allocates only the {@link MatchedEvent}. Not thread-safe: one instance per DoFn instance (each
 * runs on one thread at a time).
 */
public final class RuleFilters {
  /** Slots of the direct-mapped cache from matched bits to names (a power of two). */
  private static final int CACHE = 256;

  private final String version;
  private final IndexedFilters filters;
  private final String[] names;

  /**
   * Per rule: what an entry parsed for another version must hold for the rule to be tested ({@link
   * PayloadPaths#readBy(Rule)}; null: every value).
   */
  private final @Nullable List<List<String>>[] reads;

  /** Per version an entry was parsed for: the rules whose fields that parse kept, as bits. */
  private final Map<String, long[]> coveredFor = new HashMap<>();

  private final Counter notTested = PipelineCounters.counter(NOT_TESTED_COUNTER);

  /**
   * Entries (counted once each) with a rule left untested because the entry was parsed for another
   * rules version that did not keep the rule's payload fields: entries in flight across a reload.
   */
  public static final String NOT_TESTED_COUNTER = "rules_not_tested_fields_not_parsed";

  /** Scratch: the matched bits of the current entry. */
  private final long[] bits;

  private final long[][] cachedBits = new long[CACHE][];

  @SuppressWarnings("unchecked")
  private final List<String>[] cachedNames = new List[CACHE];

  private RuleFilters(
      String version,
      CompiledFilter[] filters,
      String[] names,
      @Nullable List<List<String>>[] reads) {
    this.version = version;
    this.filters = IndexedFilters.of(Arrays.asList(filters));
    this.names = names;
    this.reads = reads;
    this.bits = new long[(filters.length + 63) >>> 6];
  }

  /** The filters of {@code rules}, in file order. */
  public static RuleFilters of(RuleSet rules) {
    List<Rule> list = rules.rules();
    CompiledFilter[] filters = new CompiledFilter[list.size()];
    String[] names = new String[list.size()];
    @SuppressWarnings("unchecked")
    List<List<String>>[] reads = new List[list.size()];
    for (int i = 0; i < list.size(); i++) {
      Rule r = list.get(i);
      filters[i] = r.filter();
      names[i] = r.name();
      reads[i] = PayloadPaths.readBy(r);
    }
    PayloadPaths.remember(rules);
    return new RuleFilters(rules.version(), filters, names, reads);
  }

  /**
   * The filters of {@code set}: {@code current} when it is of the set's version, else new ones (the
   * index summary logged once per version and JVM, not per DoFn instance).
   */
  static RuleFilters forVersion(RuleSet set, @Nullable RuleFilters current) {
    if (current != null && current.version().equals(set.version())) {
      return current;
    }
    RuleFilters filters = of(set);
    if (!set.version().equals(lastLogged)) {
      lastLogged = set.version();
      LOG.info("Rules version {}: {}", set.version(), filters.indexSummary());
    }
    return filters;
  }

  private static final Logger LOG = LoggerFactory.getLogger(RuleFilters.class);

  /** The rules version whose index this JVM last logged. */
  private static volatile @Nullable String lastLogged;

  /** Benchmarks: filters and names given directly. */
  public static RuleFilters of(String version, CompiledFilter[] filters, String[] names) {
    if (filters.length != names.length) {
      throw new IllegalArgumentException("one name per filter");
    }
    @SuppressWarnings("unchecked")
    List<List<String>>[] reads = new List[filters.length];
    for (int i = 0; i < filters.length; i++) {
      reads[i] = PayloadPaths.readBy(filters[i]);
    }
    return new RuleFilters(version, filters.clone(), names.clone(), reads);
  }

  public String version() {
    return version;
  }

  /**
   * How the filters are indexed (see {@link IndexedFilters#summary}), naming the first rules that
   * are tested on every entry (no equality prerequisite).
   */
  public String indexSummary() {
    int[] broad = filters.broadFilters();
    if (broad.length == 0) {
      return filters.summary();
    }
    StringBuilder sb = new StringBuilder(filters.summary()).append("; rules without a field");
    sb.append(" equality (checked on every entry): ");
    for (int k = 0; k < Math.min(broad.length, 10); k++) {
      sb.append(k == 0 ? "" : ", ").append(names[broad[k]]);
    }
    return sb.append(broad.length > 10 ? ", ..." : "").toString();
  }

  /**
   * The entry with the names of the rules whose filter it matches, in file order. An entry parsed
   * for another rules version ({@link LogEvent#parsedFor}, a streaming job reloading its rules)
   * holds that version's payload fields only: a rule reading others is not tested on it (counted in
   * {@value #NOT_TESTED_COUNTER}), rather than judged on fields the parse skipped.
   */
  public MatchedEvent match(LogEvent e) {
    if (filters.match(e, bits) == 0) {
      return MatchedEvent.of(e, version, List.of());
    }
    String parsedFor = e.parsedFor();
    if (!parsedFor.isEmpty() && !parsedFor.equals(version) && !keepCovered(parsedFor)) {
      return MatchedEvent.of(e, version, List.of());
    }
    return MatchedEvent.of(e, version, namesOf(bits));
  }

  /** Clears the bits of rules an entry parsed for {@code parsedFor} cannot be tested for. */
  private boolean keepCovered(String parsedFor) {
    long[] covered = coveredFor.get(parsedFor);
    if (covered == null) {
      if (coveredFor.size() >= 16) {
        coveredFor.clear();
      }
      covered = covered(PayloadPaths.remembered(parsedFor));
      coveredFor.put(parsedFor, covered);
    }
    boolean any = false;
    boolean dropped = false;
    for (int k = 0; k < bits.length; k++) {
      dropped |= (bits[k] & ~covered[k]) != 0;
      bits[k] &= covered[k];
      any |= bits[k] != 0;
    }
    if (dropped) {
      notTested.inc();
    }
    return any;
  }

  /** The rules whose payload fields {@code kept} holds (null: a version not seen, none). */
  private long[] covered(@Nullable List<List<String>> kept) {
    long[] out = new long[bits.length];
    for (int i = 0; i < reads.length; i++) {
      boolean ok = reads[i] != null;
      for (int j = 0; ok && j < reads[i].size(); j++) {
        ok = kept != null && PayloadPaths.covered(kept, reads[i].get(j));
      }
      if (ok) {
        out[i >>> 6] |= 1L << i;
      }
    }
    return out;
  }

  /** The names of the rules set in {@code bits}, from the cache when the same set was seen. */
  private List<String> namesOf(long[] bits) {
    long h = 0;
    for (long w : bits) {
      h = (h + w) * 0x9E3779B97F4A7C15L;
    }
    int slot = Long.hashCode(h) & (CACHE - 1);
    if (Arrays.equals(cachedBits[slot], bits)) {
      return cachedNames[slot];
    }
    int count = 0;
    for (long w : bits) {
      count += Long.bitCount(w);
    }
    String[] matched = new String[count];
    int n = 0;
    for (int k = 0; k < bits.length; k++) {
      for (long b = bits[k]; b != 0; b &= b - 1) {
        matched[n++] = names[(k << 6) + Long.numberOfTrailingZeros(b)];
      }
    }
    List<String> list = List.of(matched);
    cachedBits[slot] = bits.clone();
    cachedNames[slot] = list;
    return list;
  }
}
