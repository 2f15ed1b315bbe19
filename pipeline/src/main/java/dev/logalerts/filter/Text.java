package dev.logalerts.filter;

/** Allocation-free case-insensitive string helpers for per-entry evaluation. */
final class Text {
  private Text() {}

  /** True when {@code haystack} contains {@code needle}, ignoring case. */
  static boolean containsIgnoreCase(String haystack, String needle) {
    int m = needle.length();
    if (m == 0) {
      return true;
    }
    int last = haystack.length() - m;
    char first = needle.charAt(0);
    char firstUpper = Character.toUpperCase(first);
    char firstLower = Character.toLowerCase(first);
    for (int i = 0; i <= last; i++) {
      char c = haystack.charAt(i);
      // Cheap first-character screen before the region compare.
      if (c != first && c != firstUpper && c != firstLower
          && Character.toLowerCase(Character.toUpperCase(c)) != firstLower) {
        continue;
      }
      if (haystack.regionMatches(true, i, needle, 0, m)) {
        return true;
      }
    }
    return false;
  }

  /** Numeric comparison sign without Double.compare's -0.0/NaN ordering. */
  static int compareNumbers(double a, double b) {
    return a < b ? -1 : (a > b ? 1 : 0);
  }
}
