package dev.logalerts.filter;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.LogEvent;
import java.util.Arrays;
import java.util.Map;

/**
 * The candidates {@link IndexedFilters} finds under the indexed fields that read one value entries
 * share (the resource labels, the labels, the log name…), remembered per instance of that value:
 * the parser hands entries with the same bytes there the same immutable string or map, so an entry
 * of a known resource costs one identity lookup instead of a label lookup, a case fold and a hash
 * lookup per indexed field (a rules file about many services indexes a dozen resource and label
 * fields). A direct-mapped table; a miss looks the fields up and keeps the answer. Not thread-safe,
 * like the index.
 */
final class SharedCandidates {
  private static final int SLOTS = 1 << 9;

  /** No candidate at any severity. */
  private static final int[][] NONE = new int[IndexedFilters.SEVERITIES][0];

  private final FieldPath[] fields;
  private final Map<String, int[][]>[] buckets;
  private final Object[] keys = new Object[SLOTS];
  private final int[][][] answers = new int[SLOTS][][];

  /**
   * @param fields indexed fields that all read the same shared value ({@link
   *     FieldPath#sharedSourceKind})
   * @param buckets per field: folded value to candidates per severity ordinal
   */
  SharedCandidates(FieldPath[] fields, Map<String, int[][]>[] buckets) {
    this.fields = fields;
    this.buckets = buckets;
  }

  /** The candidates of {@code e} under these fields, per severity ordinal (never null). */
  int[][] of(LogEvent e) {
    Object source = fields[0].sharedSource(e);
    if (source == null) {
      return lookUp(e);
    }
    int slot = System.identityHashCode(source) & (SLOTS - 1);
    if (keys[slot] == source) {
      return answers[slot];
    }
    int[][] answer = lookUp(e);
    keys[slot] = source;
    answers[slot] = answer;
    return answer;
  }

  /** The candidates under each field's value in {@code e}, joined per severity. */
  private int[][] lookUp(LogEvent e) {
    int[][] joined = NONE;
    for (int k = 0; k < fields.length; k++) {
      String v = fields[k].value(e);
      int[][] b = v == null ? null : buckets[k].get(Text.foldedOrSelf(v));
      if (b != null) {
        // A filter is filed under one field only: the lists never share a filter.
        joined = joined == NONE ? b : join(joined, b);
      }
    }
    return joined;
  }

  private static int[][] join(int[][] a, int[][] b) {
    int[][] out = new int[a.length][];
    for (int s = 0; s < a.length; s++) {
      out[s] = Arrays.copyOf(a[s], a[s].length + b[s].length);
      System.arraycopy(b[s], 0, out[s], a[s].length, b[s].length);
    }
    return out;
  }
}
