package dev.logalerts.filter;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * A list of filters tested together on each entry, indexed by their {@link Prerequisites} so that a
 * filter whose prerequisites fail costs nothing: the answer is exactly that of testing every
 * filter, at a cost that grows with the filters that could match the entry rather than with all of
 * them.
 *
 * <ul>
 *   <li>Each filter with an equality prerequisite is filed under one field (the one whose values
 *       the fewest other filters share: logName rather than resource.type when it has both) and
 *       each of its allowed values, split by the severities it allows. Per entry: one hash lookup
 *       of the entry's folded value per indexed field, then the entry's severity picks the list;
 *       fields that read a value entries share (resource labels, labels, log name, resource type)
 *       are looked up once per instance of it ({@link SharedCandidates}).
 *   <li>Filters without an equality (broad ones) are listed per severity; when at least {@link
 *       #MIN_GATED} of them require a literal, one {@link LiteralScanner} pass over the entry's
 *       text tells which of those literals occur, and a filter whose literal does not is skipped.
 *   <li>The candidates are then tested with the filter itself, which decides.
 * </ul>
 *
 * Not thread-safe (the literal pass keeps state): one instance per thread, like a DoFn's.
 */
public final class IndexedFilters {
  /** Fewest literal-gated broad filters for which one text pass per entry pays for itself. */
  static final int MIN_GATED = 6;

  static final int SEVERITIES = Severity.values().length;

  private final CompiledFilter[] filters;
  private final Prerequisites[] prerequisites;

  /** The indexed fields; {@code buckets[d]}: folded value to candidates per severity ordinal. */
  private final FieldPath[] fields;

  private final Map<String, int[][]>[] buckets;

  /** The indexed fields that read a value entries share, looked up once per instance of it. */
  private final SharedCandidates[] shared;

  /** The other indexed fields (indexes into {@link #fields}), looked up per entry. */
  private final int[] ownFields;

  /** Per severity ordinal: broad filters tested on every entry of that severity. */
  private final int[][] broad;

  /** Per severity ordinal: broad filters tested only when their literal occurs. */
  private final int[][] gated;

  /** Per filter: the id of its gating literal in {@link #scanner}, or -1. */
  private final int[] gate;

  private final LiteralScanner scanner;
  private final int[] broadIndexes;
  private final String summary;

  private IndexedFilters(CompiledFilter[] filters) {
    this.filters = filters;
    int n = filters.length;
    prerequisites = new Prerequisites[n];
    // How many filters constrain each (field, value): a filter is filed under its rarest field.
    Map<FieldPath, Map<String, Integer>> counts = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      prerequisites[i] = Prerequisites.of(filters[i]);
      prerequisites[i]
          .equalities()
          .forEach(
              (field, values) -> {
                Map<String, Integer> c = counts.computeIfAbsent(field, k -> new HashMap<>());
                values.forEach(v -> c.merge(v, 1, Integer::sum));
              });
    }
    Map<FieldPath, Map<String, List<Integer>>> filed = new LinkedHashMap<>();
    Map<FieldPath, Integer> perField = new HashMap<>();
    List<Integer> broadList = new ArrayList<>();
    List<Integer> literalList = new ArrayList<>();
    int never = 0;
    for (int i = 0; i < n; i++) {
      Prerequisites p = prerequisites[i];
      if (p.severities() == 0 || p.equalities().values().stream().anyMatch(Set::isEmpty)) {
        never++; // contradictory prerequisites: the filter cannot match any entry
        continue;
      }
      FieldPath best = null;
      long bestScore = Long.MAX_VALUE;
      for (Map.Entry<FieldPath, Set<String>> eq : p.equalities().entrySet()) {
        long score = 0;
        for (String v : eq.getValue()) {
          score += counts.get(eq.getKey()).get(v);
        }
        if (score < bestScore) {
          best = eq.getKey();
          bestScore = score;
        }
      }
      if (best == null) {
        (p.literals().isEmpty() ? broadList : literalList).add(i);
        continue;
      }
      perField.merge(best, 1, Integer::sum);
      Map<String, List<Integer>> byValue = filed.computeIfAbsent(best, k -> new LinkedHashMap<>());
      for (String v : p.equalities().get(best)) {
        byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
      }
    }
    fields = filed.keySet().toArray(new FieldPath[0]);
    @SuppressWarnings("unchecked")
    Map<String, int[][]>[] b = new Map[fields.length];
    buckets = b;
    StringBuilder sb = new StringBuilder();
    for (int d = 0; d < fields.length; d++) {
      Map<String, int[][]> m = new HashMap<>();
      for (Map.Entry<String, List<Integer>> e : filed.get(fields[d]).entrySet()) {
        m.put(e.getKey(), bySeverity(e.getValue()));
      }
      buckets[d] = m;
      sb.append(String.format(Locale.ROOT, "%d by %s, ", perField.get(fields[d]), fields[d]));
    }
    // Fields grouped by the shared value they read; those that read none, looked up per entry.
    Map<Integer, List<Integer>> bySource = new TreeMap<>();
    for (int d = 0; d < fields.length; d++) {
      bySource.computeIfAbsent(fields[d].sharedSourceKind(), k -> new ArrayList<>()).add(d);
    }
    List<Integer> own = bySource.getOrDefault(-1, List.of());
    ownFields = own.stream().mapToInt(Integer::intValue).toArray();
    shared =
        bySource.entrySet().stream()
            .filter(g -> g.getKey() >= 0)
            .map(g -> sharedCandidates(g.getValue()))
            .toArray(SharedCandidates[]::new);
    gate = new int[n];
    Arrays.fill(gate, -1);
    if (literalList.size() >= MIN_GATED) {
      List<String> literals = new ArrayList<>();
      Map<String, Integer> ids = new HashMap<>();
      for (int i : literalList) {
        String longest = "";
        for (String l : prerequisites[i].literals()) {
          longest = l.length() > longest.length() ? l : longest;
        }
        gate[i] =
            ids.computeIfAbsent(
                longest,
                l -> {
                  literals.add(l);
                  return literals.size() - 1;
                });
      }
      scanner = new LiteralScanner(literals);
      gated = bySeverity(literalList);
    } else {
      broadList.addAll(literalList);
      broadList.sort(null);
      scanner = null;
      gated = bySeverity(List.of());
    }
    broad = bySeverity(broadList);
    broadIndexes =
        IntStream.concat(
                broadList.stream().mapToInt(Integer::intValue),
                scanner == null
                    ? IntStream.empty()
                    : literalList.stream().mapToInt(Integer::intValue))
            .sorted()
            .toArray();
    summary =
        String.format(
            Locale.ROOT,
            "%d filters: %s%d broad (tested on every entry of the severities they allow)"
                + ", %d broad but gated by a literal%s",
            n,
            sb,
            broadList.size(),
            scanner == null ? 0 : literalList.size(),
            never == 0 ? "" : ", " + never + " that can never match");
  }

  /** The candidates under fields {@code group} (indexes into {@link #fields}), by shared value. */
  private SharedCandidates sharedCandidates(List<Integer> group) {
    @SuppressWarnings("unchecked")
    Map<String, int[][]>[] groupBuckets = new Map[group.size()];
    FieldPath[] groupFields = new FieldPath[group.size()];
    for (int k = 0; k < group.size(); k++) {
      groupFields[k] = fields[group.get(k)];
      groupBuckets[k] = buckets[group.get(k)];
    }
    return new SharedCandidates(groupFields, groupBuckets);
  }

  /** Indexes the filters; the index of a filter is its position in the list. */
  public static IndexedFilters of(List<CompiledFilter> filters) {
    return new IndexedFilters(filters.toArray(new CompiledFilter[0]));
  }

  /** Number of filters. */
  public int size() {
    return filters.length;
  }

  /**
   * The filters without an equality prerequisite, ascending: each costs a test (or, gated, a share
   * of the literal pass) on every entry of the severities it allows.
   */
  public int[] broadFilters() {
    return broadIndexes.clone();
  }

  /** The prerequisites derived for filter {@code i}. */
  public Prerequisites prerequisites(int i) {
    return prerequisites[i];
  }

  /** True when broad filters are gated by the one-pass literal scan. */
  boolean gatesByLiteral() {
    return scanner != null;
  }

  /** How the filters were indexed, for logs and benchmarks. */
  public String summary() {
    return summary;
  }

  /** The filters among {@code list} that allow each severity, ascending. */
  private int[][] bySeverity(List<Integer> list) {
    int[][] out = new int[SEVERITIES][];
    for (int s = 0; s < SEVERITIES; s++) {
      int bit = 1 << s;
      out[s] =
          list.stream()
              .mapToInt(Integer::intValue)
              .filter(i -> (prerequisites[i].severities() & bit) != 0)
              .toArray();
    }
    return out;
  }

  /**
   * Sets bit {@code i} of {@code matched} (cleared first; {@code (size() + 63) / 64} words) for
   * every filter {@code i} that matches {@code e}; returns how many matched. The same bits as
   * testing every filter.
   */
  public int match(LogEvent e, long[] matched) {
    Arrays.fill(matched, 0L);
    int sev = e.severity().ordinal();
    int hits = 0;
    for (SharedCandidates c : shared) {
      hits += test(c.of(e)[sev], e, matched);
    }
    for (int d : ownFields) {
      String v = fields[d].value(e);
      if (v != null) {
        int[][] b = buckets[d].get(Text.foldedOrSelf(v));
        if (b != null) {
          hits += test(b[sev], e, matched);
        }
      }
    }
    hits += test(broad[sev], e, matched);
    int[] g = gated[sev];
    if (g.length > 0) {
      scanner.scan(e);
      for (int i : g) {
        if (scanner.found(gate[i]) && filters[i].test(e)) {
          matched[i >>> 6] |= 1L << i;
          hits++;
        }
      }
    }
    return hits;
  }

  private int test(int[] candidates, LogEvent e, long[] matched) {
    int hits = 0;
    for (int i : candidates) {
      if (filters[i].test(e)) {
        matched[i >>> 6] |= 1L << i;
        hits++;
      }
    }
    return hits;
  }
}
