package dev.logalerts.templates;

/** Char classes of the template scanner, looked up once per char on the hot path. */
final class TemplateChars {
  private TemplateChars() {}

  // Char classes of Latin-1, looked up once per char on the hot path.
  private static final byte SPACE = 1;
  private static final byte DELIMITER = 2;
  private static final byte TOKEN_END = 4;
  private static final byte DOT_OR_QUOTE = 8;
  private static final byte[] CLASS = new byte[256];

  static {
    for (char c : new char[] {' ', '\t', '\n', '\r', '\f', 0x0b, 0xa0}) {
      CLASS[c] = SPACE | TOKEN_END;
    }
    for (char c : "()[]{},;|<>".toCharArray()) {
      CLASS[c] = DELIMITER | TOKEN_END;
    }
    CLASS['"'] = TOKEN_END;
    CLASS['.'] = DOT_OR_QUOTE;
    CLASS['\''] = DOT_OR_QUOTE;
  }

  static boolean letter(char c) {
    char l = (char) (c | 0x20);
    return (l >= 'a' && l <= 'z') || (c >= 128 && Character.isLetter(c));
  }

  static boolean letterOrDigit(char c) {
    return (c >= '0' && c <= '9') || letter(c);
  }

  static boolean isSpace(char c) {
    return c < 256 && (CLASS[c] & SPACE) != 0;
  }

  static boolean isDelimiter(char c) {
    return c < 256 && (CLASS[c] & DELIMITER) != 0;
  }

  static boolean isTokenEnd(char c) {
    return c < 256 && (CLASS[c] & TOKEN_END) != 0;
  }

  /**
   * Whether {@code c} may end a token: a token end, or {@code .} or {@code '} (which end one only
   * in context). One table read for the common char inside a token.
   */
  static boolean mayEndToken(char c) {
    return c < 256 && (CLASS[c] & (TOKEN_END | DOT_OR_QUOTE)) != 0;
  }

  static boolean isTrailingPunct(char c) {
    return c == '.' || c == ':' || c == '!' || c == '?';
  }

  /** Whether {@code s[from, to)} ends with a space and an HTTP version ({@code HTTP/1.1}). */
  static boolean endsWithHttpVersion(char[] s, int from, int to) {
    int v = to;
    while (v > from && ((s[v - 1] >= '0' && s[v - 1] <= '9') || s[v - 1] == '.')) {
      v--;
    }
    return v < to
        && v - 6 >= from
        && s[v - 6] == ' '
        && s[v - 5] == 'H'
        && s[v - 4] == 'T'
        && s[v - 3] == 'T'
        && s[v - 2] == 'P'
        && s[v - 1] == '/';
  }
}
