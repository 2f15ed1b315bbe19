package dev.logalerts.filter;

import com.ibm.icu.text.Normalizer2;

/**
 * Helpers for per-entry evaluation: case-insensitive comparison and substring search against a
 * literal folded once at compile time, and number parsing for payload leaves.
 *
 * <p>Cloud Logging compares strings after NFKC_Casefold normalization of both sides ("Comparison
 * operators", string): full-width and compatibility forms are their plain letters ("ＥＲＲＯＲ" is
 * "error", "ﬁle" is "file"), ß is "ss", and the Turkish dotless ı stays apart from i. An ASCII
 * value is its own normal form but for case, so the common path folds ASCII letters per character
 * without allocating; only a value with a non-ASCII character is normalized (a copy). One shortcut:
 * {@code :} does not look into a value shorter than its text, though a ligature there could
 * normalize longer ("ﬁ" is "fi").
 */
final class Text {
  private Text() {}

  private static final Normalizer2 NFKC_CASEFOLD = Normalizer2.getNFKCCasefoldInstance();

  /**
   * Folds one character of an ASCII or {@link #searchable} text: ASCII letters to lower case; any
   * other character is already in normal form there.
   */
  static char fold(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  /** The NFKC_Casefold form of {@code s}; done once per literal at compile time. */
  static String fold(String s) {
    if (!isAscii(s)) {
      return NFKC_CASEFOLD.normalize(s);
    }
    char[] out = new char[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = fold(s.charAt(i));
    }
    return new String(out);
  }

  /** {@link #fold(String)}, returning {@code s} itself (no copy) when it is already folded. */
  static String foldedOrSelf(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || (c >= 'A' && c <= 'Z')) {
        return fold(s);
      }
    }
    return s;
  }

  static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code s} ready for a per-character {@link #fold(char)} comparison: itself when ASCII, else its
   * NFKC_Casefold form.
   */
  static String searchable(String s) {
    return isAscii(s) ? s : normalized(s);
  }

  /** Longer values are normalized at each comparison: a thread keeps at most four short ones. */
  private static final int MEMO_MAX_CHARS = 4096;

  /**
   * The last non-ASCII values this thread normalized (at even indexes, compared by identity) and
   * their normal forms: a rule comparing one value with hundreds of texts (an OR of them)
   * normalizes it once instead of once per text. Values are immutable, so a hit is always the right
   * form.
   */
  private static final ThreadLocal<String[]> RECENT = ThreadLocal.withInitial(() -> new String[8]);

  /** The NFKC_Casefold form of a non-ASCII value, reusing one this thread made for it recently. */
  static String normalized(String v) {
    if (v.length() > MEMO_MAX_CHARS) {
      return NFKC_CASEFOLD.normalize(v);
    }
    String[] recent = RECENT.get();
    for (int i = 0; i < recent.length; i += 2) {
      if (recent[i] == v) {
        return recent[i + 1];
      }
    }
    String form = NFKC_CASEFOLD.normalize(v);
    System.arraycopy(recent, 0, recent, 2, recent.length - 2);
    recent[0] = v;
    recent[1] = form;
    return form;
  }

  /**
   * True when {@code v} equals the {@link #fold(String)}ed literal, as Cloud Logging's {@code =}.
   */
  static boolean equalsFolded(String v, String folded) {
    int n = v.length();
    if (n > 1 && !folded.isEmpty()) {
      // an ASCII character followed by another starts the normal form as itself, folded
      char c = v.charAt(0);
      if ((c | v.charAt(1)) < 0x80 && fold(c) != folded.charAt(0)) {
        return false;
      }
    }
    return isAscii(v) ? equalsFoldedAscii(v, folded) : normalized(v).equals(folded);
  }

  /** {@link #equalsFolded} of an ASCII value: an ASCII value is its normal form but for case. */
  static boolean equalsFoldedAscii(String v, String folded) {
    int n = v.length();
    if (n != folded.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (fold(v.charAt(i)) != folded.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The lexicographic order of {@code v}'s normal form against the folded literal's. */
  static int compareFolded(String v, String folded) {
    if (!isAscii(v)) {
      return normalized(v).compareTo(folded);
    }
    return compareFoldedAscii(v, folded);
  }

  /** {@link #compareFolded} of an ASCII value. */
  static int compareFoldedAscii(String v, String folded) {
    int n = Math.min(v.length(), folded.length());
    for (int i = 0; i < n; i++) {
      int d = fold(v.charAt(i)) - folded.charAt(i);
      if (d != 0) {
        return d;
      }
    }
    return v.length() - folded.length();
  }

  /** True when {@code haystack} contains {@code folded} (a {@link #fold(String)}ed needle). */
  static boolean containsFolded(String haystack, String folded) {
    return containsFolded(haystack, folded, anchor(folded));
  }

  /**
   * The index of the needle character that {@link #containsFolded(String, String, int)} looks for
   * with {@link String#indexOf(int)} in a {@link #searchable} text, or -1 to compare every
   * position. It is an ASCII character, preferring punctuation, then digits, then letters, as rarer
   * in text, and among letters the rarest in English text ({@link #LETTERS_BY_FREQUENCY}:
   * "exception" is looked for by its 'x', not by its 'e'). Computed once per literal.
   */
  static int anchor(String folded) {
    int best = -1;
    int bestScore = -1;
    for (int j = 0; j < folded.length(); j++) {
      char c = folded.charAt(j);
      if (c >= 0x80) {
        continue;
      }
      int score =
          c == ' '
              ? 0
              : (c >= 'a' && c <= 'z')
                  ? 1 + LETTERS_BY_FREQUENCY.indexOf(c)
                  : (c >= '0' && c <= '9') ? 30 : 40;
      if (score > bestScore) {
        best = j;
        bestScore = score;
      }
    }
    return best;
  }

  /** Lower-case letters from the most to the least frequent in English text. */
  static final String LETTERS_BY_FREQUENCY = "etaoinshrdlcumwfgypbvkjxqz";

  /** {@link #containsFolded(String, String)} with the needle's precomputed {@link #anchor}. */
  static boolean containsFolded(String v, String folded, int anchor) {
    int m = folded.length();
    if (m == 0) {
      return true;
    }
    if (v.length() < m) {
      // not looked into: the few characters that normalize longer (a ligature) in a value shorter
      // than the text, so that short labels and ids cost a length test
      return false;
    }
    return containsFoldedAscii(searchable(v), folded, anchor);
  }

  /**
   * {@link #containsFolded(String, String, int)} of a value known to be ASCII or already in normal
   * form (an entry its parser marked {@link dev.logalerts.model.LogEvent#plainAscii}): no look for
   * characters to normalize.
   */
  static boolean containsFoldedAscii(String haystack, String folded, int anchor) {
    int m = folded.length();
    if (m == 0) {
      return true;
    }
    int last = haystack.length() - m;
    if (last < 0) {
      return false;
    }
    if (anchor >= 0) {
      char c = folded.charAt(anchor);
      char upper = c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
      int lo = haystack.indexOf(c, anchor);
      int up = upper == c ? -1 : haystack.indexOf(upper, anchor);
      while (true) {
        int p = lo < 0 ? up : (up < 0 ? lo : Math.min(lo, up));
        if (p < 0 || p - anchor > last) {
          return false;
        }
        if (matchesAt(haystack, p - anchor, folded)) {
          return true;
        }
        if (p == lo) {
          lo = haystack.indexOf(c, p + 1);
        } else {
          up = haystack.indexOf(upper, p + 1);
        }
      }
    }
    char first = folded.charAt(0);
    for (int i = 0; i <= last; i++) {
      if (fold(haystack.charAt(i)) == first && matchesAt(haystack, i, folded)) {
        return true;
      }
    }
    return false;
  }

  /** True when the folded needle matches the haystack at {@code i}. */
  static boolean matchesAt(String haystack, int i, String folded) {
    for (int j = 0, m = folded.length(); j < m; j++) {
      if (fold(haystack.charAt(i + j)) != folded.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  /** Numeric comparison sign without Double.compare's -0.0/NaN ordering. */
  static int compareNumbers(double a, double b) {
    return a < b ? -1 : (a > b ? 1 : 0);
  }

  /** What {@link #compareIntegers} answers when either text is not a plain integer. */
  static final int NOT_INTEGERS = Integer.MIN_VALUE;

  /**
   * Compares two plain integers ({@code [+-]?[0-9]+}) exactly, whatever their length, or answers
   * {@link #NOT_INTEGERS}. Doubles hold integers exactly only up to 2^53: int64 ids, which
   * LogEntries carry as JSON strings ("5252633384318353540"), would otherwise equal their
   * neighbours.
   */
  static int compareIntegers(String a, String b) {
    int sa = integerStart(a);
    int sb = integerStart(b);
    if (sa < 0 || sb < 0) {
      return NOT_INTEGERS;
    }
    boolean negA = a.charAt(0) == '-' && !isZero(a, sa);
    boolean negB = b.charAt(0) == '-' && !isZero(b, sb);
    if (negA != negB) {
      return negA ? -1 : 1;
    }
    int la = a.length() - sa;
    int lb = b.length() - sb;
    int c = la != lb ? Integer.compare(la, lb) : 0;
    for (int i = 0; c == 0 && i < la; i++) {
      c = Character.compare(a.charAt(sa + i), b.charAt(sb + i));
    }
    c = Integer.signum(c);
    return negA ? -c : c;
  }

  /**
   * Index of the first significant digit of a plain integer (its last digit if all zeros), or -1.
   */
  private static int integerStart(String s) {
    int n = s.length();
    int i = n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+') ? 1 : 0;
    if (i == n) {
      return -1;
    }
    for (int j = i; j < n; j++) {
      char c = s.charAt(j);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    while (i < n - 1 && s.charAt(i) == '0') {
      i++;
    }
    return i;
  }

  private static boolean isZero(String s, int start) {
    return start == s.length() - 1 && s.charAt(start) == '0';
  }

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18
  };

  /**
   * Parses a decimal number like {@link dev.logalerts.model.FieldPath#parseNumber}, NaN when the
   * text is not one. Plain decimals of up to 15 digits ("503", "-0.25") are parsed without
   * allocating and rounded exactly; anything else (exponents, long digit strings, "NaN") falls back
   * to {@link Double#parseDouble}.
   */
  static double parseNumber(String s) {
    int n = s.length();
    if (n == 0) {
      return Double.NaN;
    }
    int i = 0;
    boolean neg = false;
    char c = s.charAt(0);
    if (c == '-' || c == '+') {
      neg = c == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fraction = -1;
    for (; i < n; i++) {
      c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        mantissa = mantissa * 10 + (c - '0');
        digits++;
        if (fraction >= 0) {
          fraction++;
        }
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        break;
      }
    }
    if (i == n && digits > 0 && digits <= 15) {
      double v = fraction > 0 ? mantissa / POW10[fraction] : mantissa;
      return neg ? -v : v;
    }
    if (digits == 0 && i == n) {
      return Double.NaN; // "", "-", ".", "+."
    }
    return slowParse(s);
  }

  private static double slowParse(String s) {
    char c = s.charAt(0);
    if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
      return Double.NaN;
    }
    char end = s.charAt(s.length() - 1);
    if (!(end == '.' || (end >= '0' && end <= '9'))) {
      return Double.NaN; // Java's "1d"/"1f" suffixes and trailing spaces are not JSON numbers
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException ex) {
      return Double.NaN;
    }
  }
}
