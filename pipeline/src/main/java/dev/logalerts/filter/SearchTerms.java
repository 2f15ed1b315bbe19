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

  /** True when {@code hay} holds the folded term between token boundaries. */
  static boolean containsTerm(String hay, String term) {
    int m = term.length();
    int last = hay.length() - m;
    char first = term.charAt(0);
    boolean openStart = isDelimiter(first);
    boolean openEnd = isDelimiter(term.charAt(m - 1));
    outer:
    for (int i = 0; i <= last; i++) {
      if (fold(hay.charAt(i)) != first) {
        continue;
      }
      for (int j = 1; j < m; j++) {
        if (fold(hay.charAt(i + j)) != term.charAt(j)) {
          continue outer;
        }
      }
      boolean startOk =
          openStart || i == 0 || isDelimiter(hay.charAt(i - 1)) || encodedEndsAt(hay, i);
      if (startOk && i > 0 && hay.charAt(i - 1) == '%' && encodedAt(hay, i - 1) > 0) {
        startOk = false; // the match begins inside an encoded delimiter such as %20
      }
      int end = i + m;
      boolean endOk = openEnd || end == hay.length() || isDelimiter(hay.charAt(end));
      if (startOk && endOk) {
        return true;
      }
    }
    return false;
  }
}
