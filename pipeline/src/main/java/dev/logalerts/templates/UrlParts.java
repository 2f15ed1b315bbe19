package dev.logalerts.templates;

/**
 * Hand-read parts of URLs for the redaction pre-check ({@link RedactionAnchors}) and its checks:
 * the user info of {@code scheme://user:pass@host}, and a servlet session id carried in the URL.
 */
final class UrlParts {
  private UrlParts() {}

  /**
   * After {@code ://}: {@code [^\s/?#@:"'<>]*:[^\s/?#"'<>]*@}, the user info of the URL credentials
   * pattern (the user may be empty, {@code redis://:pass@}, and the password may hold {@code @}:
   * the last one ends it). The first part cannot hold {@code :}, and the second ends with any
   * {@code @} before its first stop character, so one scan decides it.
   */
  static boolean userInfoAt(String s, int i) {
    int n = s.length();
    while (i < n && !urlStop(s.charAt(i)) && s.charAt(i) != ':') {
      i++;
    }
    if (i >= n || s.charAt(i) != ':') {
      return false;
    }
    i++;
    while (i < n && (s.charAt(i) == '@' || !urlStop(s.charAt(i)))) {
      if (s.charAt(i) == '@') {
        return true;
      }
      i++;
    }
    return false;
  }

  /** Java's \s and {@code /?#@"'<>}: what ends a part of the user info. */
  private static boolean urlStop(char c) {
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case 0x0B:
      case '\f':
      case '\r':
      case '/':
      case '?':
      case '#':
      case '@':
      case '"':
      case '\'':
      case '<':
      case '>':
        return true;
      default:
        return false;
    }
  }

  /**
   * The value of a servlet session id at {@code i}, the {@code ;} of {@code ;jsessionid=} (the
   * Servlet specification's URL rewriting, in any case), as {@code {start, end}}; or null. The
   * value runs to the next {@code ?}, {@code #}, {@code ;}, {@code &}, {@code /}, quote or blank. A
   * session id in a URL is the session: whoever reads the request log can take it over.
   */
  static int[] sessionIdAt(String s, int i) {
    if (s.charAt(i) != ';' || !s.regionMatches(true, i + 1, "jsessionid=", 0, 11)) {
      return null;
    }
    int from = i + 12;
    int end = from;
    while (end < s.length() && "?#;&/\\\"'<> \t\r\n".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    return end > from && !s.startsWith(Redactor.PREFIX, from) ? new int[] {from, end} : null;
  }

  /** Replaces the value of each {@code ;jsessionid=} with a marker. */
  static String redactSessionIds(String s) {
    StringBuilder out = null;
    int last = 0;
    for (int i = s.indexOf(';'); i >= 0; i = s.indexOf(';', i + 1)) {
      int[] v = sessionIdAt(s, i);
      if (v == null) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, v[0]).append(Redactor.marker("session_id"));
      last = v[1];
      i = v[1] - 1;
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }
}
