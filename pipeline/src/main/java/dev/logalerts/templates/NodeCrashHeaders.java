package dev.logalerts.templates;

/**
 * What Node.js prints to stderr when an exception is not caught: the throw site ({@code
 * /app/server.js:12}, {@code node:internal/modules/cjs/loader:1228}), the source line, a caret
 * under the throw, a blank line, then the error ({@code Error: Cannot find module '/app/x.js'}) and
 * its stack. The first three lines say where, not what: with them as the head every crash in one
 * file was one row ({@code <*> | Error}), whatever the error. The error line is the head instead.
 */
final class NodeCrashHeaders {
  private NodeCrashHeaders() {}

  /**
   * Where the error line starts when the line {@code [start, lineEnd)} of {@code m} is a throw site
   * followed by a source line and a caret line; -1 otherwise.
   */
  static int errorLineStart(String m, int start, int lineEnd) {
    if (lineEnd >= m.length() || !isThrowSite(m, start, lineEnd)) {
      return -1;
    }
    int source = lineEnd + 1;
    int caret = m.indexOf('\n', source);
    if (caret < 0) {
      return -1;
    }
    int i = caret + 1;
    while (i < m.length() && m.charAt(i) == ' ') {
      i++;
    }
    if (i >= m.length() || m.charAt(i) != '^') {
      return -1;
    }
    while (i < m.length() && m.charAt(i) == '^') {
      i++;
    }
    if (i < m.length() && m.charAt(i) != '\n' && m.charAt(i) != '\r') {
      return -1;
    }
    while (i < m.length() && Character.isWhitespace(m.charAt(i))) {
      i++; // the blank line before the error
    }
    return i < m.length() ? i : -1;
  }

  /** A path or module id without spaces ending in {@code :<line>}. */
  private static boolean isThrowSite(String m, int start, int lineEnd) {
    int end = lineEnd;
    if (end > start && m.charAt(end - 1) == '\r') {
      end--;
    }
    int i = end - 1;
    while (i > start && m.charAt(i) >= '0' && m.charAt(i) <= '9') {
      i--;
    }
    if (i == end - 1 || i <= start || m.charAt(i) != ':') {
      return false;
    }
    for (int j = start; j < i; j++) {
      if (Character.isWhitespace(m.charAt(j))) {
        return false;
      }
    }
    return true;
  }
}
