package dev.logalerts.tools;

import java.util.function.Supplier;

/**
 * The generator's timeline: {@link #times} holds the sorted event times of all entries, {@link
 * #overrides} the scheduled and incident entries that take some of them (null: a base entry).
 */
final class Slots {
  final long[] times;
  final Draft[] overrides;

  Slots(long[] times) {
    this.times = times;
    this.overrides = new Draft[times.length];
  }

  /**
   * {@code count} entries evenly over [from, to), each taking the next free slot; returns how many
   * were placed (none past the range's end).
   */
  int spread(long from, long to, int count, Supplier<Draft> make) {
    int placed = 0;
    for (int j = 0; j < count; j++) {
      placed += claim(from + (to - from) * j / count, make.get()) ? 1 : 0;
    }
    return placed;
  }

  int countIn(long from, long to) {
    return firstAtOrAfter(to) - firstAtOrAfter(from);
  }

  private int firstAtOrAfter(long t) {
    int lo = 0;
    int hi = times.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Gives the first free slot at or after {@code t} to {@code d}; false when none is left (past the
   * range's end: {@code d} is dropped).
   */
  boolean claim(long t, Draft d) {
    for (int i = firstAtOrAfter(t); i < times.length; i++) {
      if (overrides[i] == null) {
        overrides[i] = d;
        return true;
      }
    }
    return false;
  }
}
