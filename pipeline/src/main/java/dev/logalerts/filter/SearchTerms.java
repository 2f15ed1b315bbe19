package dev.logalerts.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Token matching for {@code SEARCH}: the query is split into tokens at the delimiters of BigQuery's
 * log analyzer (whitespace and {@code [ ] < > ( ) { } | ! ; , ' " * & ? + / : = @ . - $ % \ _}, and
 * the URL-encoded forms such as {@code %20} and {@code %2C}); a token matches when the same token
 * (ignoring case) stands in a value between delimiters or value ends. Text in backticks is one
 * exact phrase: it must appear as written (ignoring case), also between token boundaries,
 * delimiters included.
 */
final class SearchTerms {
  private SearchTerms() {}

  private static final String DELIMITERS = "[]<>(){}|!;,'\"*&?+/:=@.-$%\\_";

  private static final String[] ENCODED = {
    "%21", "%26", "%2526", "%3b", "%7c", "%20", "%2b", "%3d", "%2520", "%5d", "%5b", "%3a", "%0a",
    "%2c", "%28", "%29"
  };

  static boolean isDelimiter(char c) {
    return Character.isWhitespace(c) || (c < 0x80 && DELIMITERS.indexOf(c) >= 0);
  }

  /**
   * The folded terms of a query: each token, and each backtick phrase as one term. Throws
   * IllegalArgumentException when a backtick is unbalanced or no term is left.
   */
  static List<String> parse(String query) {
    List<String> terms = new ArrayList<>();
    int i = 0;
    int n = query.length();
    StringBuilder token = new StringBuilder();
    while (i < n) {
      char c = query.charAt(i);
      if (c == '`') {
        flush(token, terms);
        int close = query.indexOf('`', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("unbalanced backtick");
        }
        String phrase = query.substring(i + 1, close);
        if (!phrase.isEmpty()) {
          terms.add(fold(phrase));
        }
        i = close + 1;
        continue;
      }
      int enc = encodedAt(query, i);
      if (enc > 0 || isDelimiter(c)) {
        flush(token, terms);
        i += Math.max(enc, 1);
        continue;
      }
      token.append(c);
      i++;
    }
    flush(token, terms);
    if (terms.isEmpty()) {
      throw new IllegalArgumentException("no search term");
    }
    return terms;
  }

  private static void flush(StringBuilder token, List<String> terms) {
    if (token.length() > 0) {
      terms.add(fold(token.toString()));
      token.setLength(0);
    }
  }

  /** Length of the URL-encoded delimiter starting at {@code i}, or 0. */
  private static int encodedAt(String s, int i) {
    if (s.charAt(i) != '%') {
      return 0;
    }
    for (String e : ENCODED) {
      if (s.regionMatches(true, i, e, 0, e.length())) {
        return e.length();
      }
    }
    return 0;
  }

  /** True when a URL-encoded delimiter ends right before {@code i}. */
  private static boolean encodedEndsAt(String s, int i) {
    for (int len = 3; len <= 5; len += 2) {
      if (i >= len && s.charAt(i - len) == '%' && encodedAt(s, i - len) == len) {
        return true;
      }
    }
    return false;
  }

  /**
   * Folds case per character, as {@code String.regionMatches(true, ...)} does: SEARCH matches
   * tokens ignoring case, without the NFKC normalization of the comparison operators.
   */
  private static char fold(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  private static String fold(String s) {
    char[] out = new char[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = fold(s.charAt(i));
    }
    return new String(out);
  }

  /**
   * The ASCII characters some non-ASCII character folds to (i, k, s: the dotted and dotless I, the
   * Kelvin sign, the long s), found once by folding every char rather than assumed.
   */
  private static final boolean[] NON_ASCII_FOLDS_TO = nonAsciiFolds();

  private static boolean[] nonAsciiFolds() {
    boolean[] to = new boolean[0x80];
    for (int c = 0x80; c <= Character.MAX_VALUE; c++) {
      char f = fold((char) c);
      if (f < 0x80) {
        to[f] = true;
      }
    }
    return to;
  }

  /**
   * True when {@code hay} holds the folded term between token boundaries. A term whose first
   * character only it and its upper case fold to jumps between their occurrences with indexOf,
   * instead of folding every character of the value (a rule OR-ing hundreds of SEARCH terms folded
   * each text field once per term).
   */
  static boolean containsTerm(String hay, String term) {
    char first = term.charAt(0);
    if (first >= 0x80 || NON_ASCII_FOLDS_TO[first]) {
      return containsTermByScan(hay, term);
    }
    int last = hay.length() - term.length();
    boolean openStart = isDelimiter(first);
    boolean openEnd = isDelimiter(term.charAt(term.length() - 1));
    char upper = first >= 'a' && first <= 'z' ? (char) (first - 32) : first;
    int lo = hay.indexOf(first);
    int up = upper == first ? -1 : hay.indexOf(upper);
    while (true) {
      int i = lo < 0 ? up : (up < 0 ? lo : Math.min(lo, up));
      if (i < 0 || i > last) {
        return false;
      }
      if (termAt(hay, i, term, openStart, openEnd)) {
        return true;
      }
      if (i == lo) {
        lo = hay.indexOf(first, i + 1);
      } else {
        up = hay.indexOf(upper, i + 1);
      }
    }
  }

  /** {@link #containsTerm} by folding each character of {@code hay}: any term. */
  static boolean containsTermByScan(String hay, String term) {
    int last = hay.length() - term.length();
    char first = term.charAt(0);
    boolean openStart = isDelimiter(first);
    boolean openEnd = isDelimiter(term.charAt(term.length() - 1));
    for (int i = 0; i <= last; i++) {
      if (fold(hay.charAt(i)) == first && termAt(hay, i, term, openStart, openEnd)) {
        return true;
      }
    }
    return false;
  }

  /** True when the term, whose first character matched at {@code i}, stands there as a token. */
  private static boolean termAt(
      String hay, int i, String term, boolean openStart, boolean openEnd) {
    int m = term.length();
    for (int j = 1; j < m; j++) {
      if (fold(hay.charAt(i + j)) != term.charAt(j)) {
        return false;
      }
    }
    boolean startOk =
        openStart || i == 0 || isDelimiter(hay.charAt(i - 1)) || encodedEndsAt(hay, i);
    if (startOk && i > 0 && hay.charAt(i - 1) == '%' && encodedAt(hay, i - 1) > 0) {
      startOk = false; // the match begins inside an encoded delimiter such as %20
    }
    int end = i + m;
    return startOk && (openEnd || end == hay.length() || isDelimiter(hay.charAt(end)));
  }
}
