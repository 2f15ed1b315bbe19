package dev.logalerts.templates;

import java.util.Collections;
import java.util.List;

/**
 * The bounded set of alert-rule names a noisy-log row carries: sorted, distinct, at most {@link
 * #MAX} names — the alphabetically first ones when more rules matched. Keeping the {@code MAX}
 * smallest of a union is associative and commutative (the result is the {@code MAX} smallest names
 * of all inputs however the union is split or ordered), so partial aggregates merge to the same
 * list on any runner. A list of exactly {@code MAX} names therefore means "at least {@code MAX}
 * rules".
 */
public final class AlertRuleNames {
  /** Names kept per row. */
  public static final int MAX = 20;

  private AlertRuleNames() {}

  /**
   * Adds {@code name} to {@code sorted} (sorted, distinct, at most {@link #MAX}), keeping those
   * properties: a name beyond the {@code MAX} smallest is dropped.
   */
  static void add(List<String> sorted, String name) {
    int pos = Collections.binarySearch(sorted, name);
    if (pos >= 0) {
      return;
    }
    int ins = -pos - 1;
    if (ins >= MAX) {
      return;
    }
    sorted.add(ins, name);
    if (sorted.size() > MAX) {
      sorted.remove(MAX);
    }
  }

  /** Adds every name of {@code names} (any order) to {@code sorted}; see {@link #add}. */
  static void addAll(List<String> sorted, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      add(sorted, names.get(i));
    }
  }
}
