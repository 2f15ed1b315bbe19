package dev.logalerts.tools;

/**
 * The generator's timeline: {@code slots} holds the sorted event times of all entries, {@code
 * overrides} the scheduled and incident entries that take some of them (null: a base entry).
 */
final class Slots {
  private Slots() {}

  /** {@code count} entries evenly over [from, to), each taking the next free slot. */
  static void spread(
      long[] slots,
      Draft[] overrides,
      long from,
      long to,
      int count,
      java.util.function.Supplier<Draft> make) {
    for (int j = 0; j < count; j++) {
      claim(slots, overrides, from + (to - from) * j / count, make.get());
    }
  }

  static int countIn(long[] slots, long from, long to) {
    return firstAtOrAfter(slots, to) - firstAtOrAfter(slots, from);
  }

  private static int firstAtOrAfter(long[] slots, long t) {
    int lo = 0;
    int hi = slots.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (slots[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Gives the first free slot at or after {@code t} to {@code d}; dropped past the end. */
  static void claim(long[] slots, Draft[] overrides, long t, Draft d) {
    for (int i = firstAtOrAfter(slots, t); i < slots.length; i++) {
      if (overrides[i] == null) {
        overrides[i] = d;
        return;
      }
    }
  }
}
