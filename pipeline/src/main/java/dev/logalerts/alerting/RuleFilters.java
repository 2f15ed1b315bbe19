package dev.logalerts.alerting;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters of one rules version, tested once per entry: {@link #match} is the only place the job
 * evaluates a rule's filter. The matched rules are collected as bits (up to 64 rules) and turned
 * into a list of names through a small cache, so entries matching the same rules share one
 * immutable list and the common case allocates only the {@link MatchedEvent}. Not thread-safe: one
 * instance per DoFn instance (each runs on one thread at a time).
 */
public final class RuleFilters {
  /** Slots of the direct-mapped cache from matched bits to names (a power of two). */
  private static final int CACHE = 256;

  private final String version;
  private final CompiledFilter[] filters;
  private final String[] names;
  private final long[] cachedBits = new long[CACHE];

  @SuppressWarnings("unchecked")
  private final List<String>[] cachedNames = new List[CACHE];

  private RuleFilters(String version, CompiledFilter[] filters, String[] names) {
    this.version = version;
    this.filters = filters;
    this.names = names;
  }

  /** The filters of {@code rules}, in file order. */
  public static RuleFilters of(RuleSet rules) {
    List<Rule> list = rules.rules();
    CompiledFilter[] filters = new CompiledFilter[list.size()];
    String[] names = new String[list.size()];
    for (int i = 0; i < list.size(); i++) {
      filters[i] = list.get(i).filter();
      names[i] = list.get(i).name();
    }
    return new RuleFilters(rules.version(), filters, names);
  }

  /** Benchmarks: filters and names given directly. */
  public static RuleFilters of(String version, CompiledFilter[] filters, String[] names) {
    if (filters.length != names.length) {
      throw new IllegalArgumentException("one name per filter");
    }
    return new RuleFilters(version, filters.clone(), names.clone());
  }

  public String version() {
    return version;
  }

  /** The entry with the names of the rules whose filter it matches, in file order. */
  public MatchedEvent match(LogEvent e) {
    if (filters.length > Long.SIZE) {
      return MatchedEvent.of(e, version, matchMany(e));
    }
    long bits = 0;
    for (int i = 0; i < filters.length; i++) {
      if (filters[i].test(e)) {
        bits |= 1L << i;
      }
    }
    return MatchedEvent.of(e, version, namesOf(bits));
  }

  /** The names of the rules set in {@code bits}, from the cache when the same set was seen. */
  private List<String> namesOf(long bits) {
    if (bits == 0) {
      return List.of();
    }
    int slot = Long.hashCode(bits * 0x9E3779B97F4A7C15L) & (CACHE - 1);
    if (cachedBits[slot] == bits) {
      return cachedNames[slot];
    }
    String[] matched = new String[Long.bitCount(bits)];
    int n = 0;
    for (long b = bits; b != 0; b &= b - 1) {
      matched[n++] = names[Long.numberOfTrailingZeros(b)];
    }
    List<String> list = List.of(matched);
    cachedBits[slot] = bits;
    cachedNames[slot] = list;
    return list;
  }

  /** More rules than bits in a long: a list per matching entry. */
  private List<String> matchMany(LogEvent e) {
    List<String> matched = null;
    for (int i = 0; i < filters.length; i++) {
      if (filters[i].test(e)) {
        if (matched == null) {
          matched = new ArrayList<>(4);
        }
        matched.add(names[i]);
      }
    }
    return matched == null ? List.of() : List.copyOf(matched);
  }
}
