package dev.logalerts.templates;

/**
 * {@code user:password} given on a command line, as curl takes it: {@code -u}/{@code --user} and
 * {@code -U}/{@code --proxy-user}, with a blank or {@code =} ({@code --user=admin:pw}), glued to a
 * short option ({@code -uadmin:pw}), at the end of bundled short options ({@code -sSu admin:pw}),
 * shell-quoted, or as the next element of a quoted list ({@code ["curl","-u","admin:pw"]}, escaped
 * or not). The whole {@code user:password} becomes {@code [REDACTED:url_credentials]}, as a URL's
 * user info does. (wget's {@code --password}-style flags are secret-ish names: {@link KeyValues}.)
 *
 * <p>Not credentials, and kept: a value without a password ({@code -u root}, {@code user:}),
 * uid:gid and times ({@code docker run -u 1000:1000}, {@code -u 12:30}), a {@code $PASS} or {@code
 * ${PASS}} placeholder, URLs and remote paths ({@code ffuf -u https://…}, {@code rsync -avu
 * host:/srv}). Other options stay: {@code --user-agent}, {@code ps -u postgres}.
 *
 * <p>One pass: reading continues after each option's value, so no character is read by more than
 * one option; the pre-check ({@link #at}) reads the option and the start of its value only.
 */
final class CommandLineCredentials {
  private CommandLineCredentials() {}

  static final String TYPE = "url_credentials";

  /**
   * Whether an option taking {@code user:password} starts at {@code i} and a value follows: the
   * pre-check of {@link RedactionAnchors}, a necessary condition of {@link #redact}.
   */
  static boolean at(String s, int i) {
    return valueStart(s, i) >= 0;
  }

  static String redact(String s) {
    StringBuilder out = null;
    int last = 0;
    int n = s.length();
    int i = s.indexOf('-');
    while (i >= 0 && i < n) {
      int start = valueStart(s, i);
      if (start < 0) {
        i = s.indexOf('-', i + 1);
        continue;
      }
      boolean quoted = s.charAt(start - 1) == '"' || s.charAt(start - 1) == '\'';
      int end = valueEnd(s, start, quoted);
      if (isCredential(s, start, end)) {
        if (out == null) {
          out = new StringBuilder(n);
        }
        out.append(s, last, start).append(Redactor.marker(TYPE));
        last = end;
      }
      i = s.indexOf('-', end);
    }
    return out == null ? s : out.append(s, last, n).toString();
  }

  /**
   * Where the value of the option whose first dash is at {@code i} starts (after an opening quote),
   * or -1 when no such option with a value is there.
   */
  private static int valueStart(String s, int i) {
    int n = s.length();
    if (i + 2 >= n || s.charAt(i) != '-' || (i > 0 && !optionBoundary(s.charAt(i - 1)))) {
      return -1;
    }
    int e;
    boolean glued = false;
    if (s.charAt(i + 1) == '-') {
      if (s.startsWith("--user", i)) {
        e = i + 6;
      } else if (s.startsWith("--proxy-user", i)) {
        e = i + 12;
      } else {
        return -1;
      }
    } else {
      // Bundled short options end with u or U (curl -sSu); only a lone -u or -U takes its value
      // glued, so that -Duser.home=a:b is not read as -D -u and a value.
      e = i + 1;
      while (e < n && e - i <= 8 && isLetter(s.charAt(e)) && !isUser(s.charAt(e))) {
        e++;
      }
      if (e >= n || !isUser(s.charAt(e))) {
        return -1;
      }
      glued = e == i + 1;
      e++;
    }
    if (e >= n) {
      return -1;
    }
    int j;
    char c = s.charAt(e);
    if (c == '=') {
      j = e + 1;
    } else if (c == ' ' || c == '\t') {
      j = RedactionAnchors.skipBlanks(s, e);
    } else {
      j = nextListElement(s, e);
      if (j < 0) {
        if (!glued) {
          return -1;
        }
        j = e;
      }
    }
    if (j < n && j > 0 && (s.charAt(j) == '"' || s.charAt(j) == '\'') && !isQuote(s, j - 1)) {
      j++; // a shell-quoted value
    }
    return j < n && valueChar(s.charAt(j)) && s.charAt(j) != '-' ? j : -1;
  }

  /**
   * After an option that is a quoted list element: {@code \\*["'][ \t]*,[ \t]*\\*["']}, the index
   * after the value's opening quote, or -1.
   */
  private static int nextListElement(String s, int e) {
    int n = s.length();
    int j = e;
    while (j < n && s.charAt(j) == '\\') {
      j++;
    }
    if (j >= n || (s.charAt(j) != '"' && s.charAt(j) != '\'')) {
      return -1;
    }
    j = RedactionAnchors.skipBlanks(s, j + 1);
    if (j >= n || s.charAt(j) != ',') {
      return -1;
    }
    j = RedactionAnchors.skipBlanks(s, j + 1);
    while (j < n && s.charAt(j) == '\\') {
      j++;
    }
    return j < n && (s.charAt(j) == '"' || s.charAt(j) == '\'') ? j + 1 : -1;
  }

  /**
   * A quoted value ends at its quote (or the backslash of an escaped one), a bare one at a blank.
   * The shell joins a password quoted on its own to the user before it: {@code kevin:'pw'} (the
   * quoted part goes with the value, quotes and all) and {@code "user":"pw"} (up to the last
   * quote).
   */
  private static int valueEnd(String s, int start, boolean quoted) {
    int j = partEnd(s, start, quoted);
    int n = s.length();
    if (!quoted && j < n && j > start && s.charAt(j - 1) == ':' && isQuote(s, j)) {
      int close = partEnd(s, j + 1, true);
      return close < n && s.charAt(close) == s.charAt(j) ? close + 1 : j;
    }
    if (quoted
        && j + 2 < n
        && s.charAt(j) == s.charAt(start - 1)
        && s.charAt(j + 1) == ':'
        && isQuote(s, j + 2)) {
      int close = partEnd(s, j + 3, true);
      return close < n && s.charAt(close) == s.charAt(j + 2) ? close : j;
    }
    return j;
  }

  private static int partEnd(String s, int start, boolean quoted) {
    char quote = s.charAt(start - 1);
    int j = start;
    while (j < s.length()) {
      char c = s.charAt(j);
      if (quoted ? c == quote || c == '\\' || c == '\n' || c == '\r' : !valueChar(c)) {
        break;
      }
      j++;
    }
    return j;
  }

  private static boolean isCredential(String s, int start, int end) {
    int colon = start;
    while (colon < end && s.charAt(colon) != ':') {
      colon++;
    }
    if (colon >= end - 1 || s.startsWith(Redactor.PREFIX, start)) {
      return false; // no password, or already redacted
    }
    int p = colon + 1;
    if (p + 1 < end && isQuote(s, p)) {
      p++; // a password quoted on its own: kevin:'pw'
    }
    char first = s.charAt(p);
    if (first == '$' || first == '/' || first == '~') {
      return false; // a placeholder; a URL or a remote path (rsync -avu host:/srv)
    }
    return !(colon > start && digits(s, start, colon, false) && digits(s, colon + 1, end, true));
  }

  /** Digits only (also {@code :} and {@code .} when {@code time}): a uid:gid or a time. */
  private static boolean digits(String s, int from, int to, boolean time) {
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (!(c >= '0' && c <= '9') && !(time && (c == ':' || c == '.'))) {
        return false;
      }
    }
    return true;
  }

  /** What may stand before an option's dash: a blank, a quote, or a list's bracket or comma. */
  static boolean optionBoundary(char c) {
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case '"':
      case '\'':
      case '[':
      case '(':
      case ',':
        return true;
      default:
        return false;
    }
  }

  private static boolean isQuote(String s, int k) {
    return s.charAt(k) == '"' || s.charAt(k) == '\'';
  }

  private static boolean isUser(char c) {
    return c == 'u' || c == 'U';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** What a bare value can hold: not a blank, a quote or a backslash. */
  private static boolean valueChar(char c) {
    return c > ' ' && c != '"' && c != '\'' && c != '\\' && c != 0x7F;
  }
}
