package dev.logalerts.templates;

/**
 * The value after a secret-ish name or flag ({@link KeyValues}), read by hand where a regular
 * expression would read it: double-quoted with escapes (JSON), escaped double-quoted once or more
 * (JSON inside a string), single-quoted, or a bare token.
 *
 * <p>It reads what the pattern {@code "([^"\\]*(?:\\.[^"\\]*)*)" | \\+"([^"\\]*)\\+" |
 * '([^'\\]*(?:\\.[^'\\]*)*)' | ([^\s&,;"'<>{}\[\]()\\|]+)} would match ({@code .} without line
 * terminators), with one difference that keeps every text linear: a value whose content runs over
 * {@link #LIMIT} characters is {@link #isLong long}, and a long quoted value that is never closed
 * (or is cut by an escaped line break) ends where its reading stopped, where the pattern would have
 * found no value. Such a value is taken as a secret without further judgement, so the text it
 * covers is replaced and never read again.
 */
final class ValueSpan {
  /** Values longer than this are secrets whatever they say; shorter ones are judged. */
  static final int LIMIT = 256;

  /** The content: inside the quotes of a quoted value. */
  final int start;

  final int end;

  /** Where the next name may start: after the closing quote. */
  final int after;

  /** The content runs over {@link #LIMIT} characters. */
  final boolean isLong;

  private ValueSpan(int start, int end, int after) {
    this.start = start;
    this.end = end;
    this.after = after;
    this.isLong = end - start > LIMIT;
  }

  /** The value starting at {@code i}, or null when none does. */
  static ValueSpan at(String s, int i) {
    int n = s.length();
    if (i >= n) {
      return null;
    }
    char c = s.charAt(i);
    if (c == '"' || c == '\'') {
      return quoted(s, i + 1, c);
    }
    if (c == '\\') {
      return escapedQuoted(s, i);
    }
    int j = i;
    while (j < n && isBare(s.charAt(j))) {
      j++;
    }
    return j == i ? null : new ValueSpan(i, j, j);
  }

  /**
   * Content from {@code start} to the closing {@code quote}, a backslash escaping any non-break.
   */
  private static ValueSpan quoted(String s, int start, char quote) {
    int n = s.length();
    int j = start;
    while (j < n) {
      char c = s.charAt(j);
      if (c == quote) {
        return new ValueSpan(start, j, j + 1);
      }
      if (c == '\\') {
        if (j + 1 >= n || isLineBreak(s.charAt(j + 1))) {
          break;
        }
        j += 2;
      } else {
        j++;
      }
    }
    return unclosed(start, Math.min(j, n));
  }

  /** {@code \\+"}, content without quotes or backslashes, {@code \\+"}. */
  private static ValueSpan escapedQuoted(String s, int i) {
    int n = s.length();
    int j = i;
    while (j < n && s.charAt(j) == '\\') {
      j++;
    }
    if (j >= n || s.charAt(j) != '"') {
      return null;
    }
    int start = j + 1;
    int k = start;
    while (k < n && s.charAt(k) != '"' && s.charAt(k) != '\\') {
      k++;
    }
    int end = k;
    if (k < n && s.charAt(k) == '\\') {
      while (k < n && s.charAt(k) == '\\') {
        k++;
      }
      if (k < n && s.charAt(k) == '"') {
        return new ValueSpan(start, end, k + 1);
      }
    }
    return unclosed(start, end);
  }

  /**
   * A quoted value that does not close: long ones end where reading stopped, short ones are none.
   */
  private static ValueSpan unclosed(int start, int stop) {
    return stop - start > LIMIT ? new ValueSpan(start, stop, stop) : null;
  }

  private static boolean isLineBreak(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /** A character of a bare value: not Java's {@code \s} nor {@code &,;"'<>{}[]()\|}. */
  static boolean isBare(char c) {
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case 0x0B:
      case '\f':
      case '\r':
      case '&':
      case ',':
      case ';':
      case '"':
      case '\'':
      case '<':
      case '>':
      case '{':
      case '}':
      case '[':
      case ']':
      case '(':
      case ')':
      case '\\':
      case '|':
        return false;
      default:
        return true;
    }
  }
}
