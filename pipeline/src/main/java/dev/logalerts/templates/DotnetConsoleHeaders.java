package dev.logalerts.templates;

/**
 * The header .NET's default console logger (Microsoft.Extensions.Logging's simple formatter) writes
 * before each message: {@code info: Microsoft.Hosting.Lifetime[14]}, the level ({@code trce},
 * {@code dbug}, {@code info}, {@code warn}, {@code fail}, {@code crit}), the category (the logging
 * class) and the event id in brackets; then, on the next line indented by six spaces, the message
 * (after any {@code => scope} lines), or with {@code SingleLine} the message on the same line.
 *
 * <p>Level, category and event id are all constants of the log call, so the header is kept as it is
 * (the event id included) and the message after it is templated as any other: {@code info:
 * Microsoft.Hosting.Lifetime[14] Now listening on: <*>}, rather than the header alone with its
 * event id masked, which would put every message of a category into one template.
 */
final class DotnetConsoleHeaders {
  private static final String[] LEVELS = {"trce", "dbug", "info", "warn", "fail", "crit"};

  private DotnetConsoleHeaders() {}

  /**
   * Where the header ends (after its {@code ]}) when the line {@code [start, lineEnd)} of {@code m}
   * begins with one; -1 otherwise. Its message follows on the same line, the next, or not at all.
   */
  static int end(String m, int start, int lineEnd) {
    if (lineEnd - start < 10 || m.charAt(start + 4) != ':' || m.charAt(start + 5) != ' ') {
      return -1;
    }
    boolean level = false;
    for (String l : LEVELS) {
      level |= m.startsWith(l, start);
    }
    int i = start + 6;
    if (!level || i >= lineEnd || !(Character.isLetter(m.charAt(i)) || m.charAt(i) == '_')) {
      return -1;
    }
    boolean dotted = false;
    while (i < lineEnd && isCategoryChar(m.charAt(i))) {
      dotted |= m.charAt(i) == '.';
      i++;
    }
    if (i >= lineEnd || m.charAt(i) != '[') {
      return -1;
    }
    int digits = ++i;
    if (i < lineEnd && m.charAt(i) == '-') {
      digits = ++i;
    }
    while (i < lineEnd && m.charAt(i) >= '0' && m.charAt(i) <= '9') {
      i++;
    }
    if (i == digits || i >= lineEnd || m.charAt(i) != ']') {
      return -1;
    }
    int header = i + 1;
    int j = header;
    while (j < lineEnd && (m.charAt(j) == ' ' || m.charAt(j) == '\r')) {
      j++;
    }
    if (j == header && j < lineEnd) {
      return -1; // "info: A.B[1]x": not a header
    }
    // Only a namespaced category (a class's full name) tells "info: A.B[3] text" and a header
    // alone (its message in the next entry, when stdout is split into lines) from "info: job[3]";
    // a message on the next line, indented, tells it by itself.
    return dotted || (j == lineEnd && bodyStart(m, header, lineEnd) > lineEnd) ? header : -1;
  }

  /**
   * Where the message after a header ending at {@code header} starts: the first non-blank char
   * after it on its line, else the first of the next indented line that is not a scope ({@code =>
   * ...}); -1 if there is none.
   */
  static int bodyStart(String m, int header, int lineEnd) {
    int i = header;
    if (i < lineEnd && m.charAt(i) != ' ' && m.charAt(i) != '\r') {
      return -1; // "info: A[1]x": not a header
    }
    while (i < lineEnd && (m.charAt(i) == ' ' || m.charAt(i) == '\r')) {
      i++;
    }
    if (i < lineEnd) {
      return i;
    }
    int n = m.length();
    int line = lineEnd + 1;
    while (line < n) {
      int text = line;
      while (text < n && m.charAt(text) == ' ') {
        text++;
      }
      if (text == line || text >= n || m.charAt(text) == '\n' || m.charAt(text) == '\r') {
        return -1; // not an indented message line
      }
      if (!m.startsWith("=>", text)) {
        return text;
      }
      int nl = m.indexOf('\n', text);
      if (nl < 0) {
        return -1;
      }
      line = nl + 1;
    }
    return -1;
  }

  private static boolean isCategoryChar(char c) {
    return Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '+' || c == '`';
  }
}
