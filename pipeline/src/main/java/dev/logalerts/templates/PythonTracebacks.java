package dev.logalerts.templates;

/**
 * What Python prints for an exception nobody caught (and what {@code traceback.print_exc()}
 * writes): {@code Traceback (most recent call last):}, the frames, indented, then the exception
 * ({@code ValueError: invalid literal for int() with base 10: 'abc'}). The first line is the same
 * for every crash: as the head it made one row per exception type ({@code Traceback (most recent
 * call last): | ValueError}), whatever was raised where. The exception line is the head instead.
 */
final class PythonTracebacks {
  private PythonTracebacks() {}

  private static final String HEADER = "Traceback (most recent call last):";

  /**
   * Where the exception line starts when the line {@code [start, lineEnd)} of {@code m} is Python's
   * traceback header; -1 otherwise (or when no exception line follows the frames). Of chained
   * tracebacks ("During handling of the above exception…", "The above exception was the direct
   * cause…") the last one's: the exception raised last, as Java's first line names it.
   */
  static int exceptionLineStart(String m, int start, int lineEnd) {
    int end = lineEnd > start && m.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
    if (end - start != HEADER.length() || !m.startsWith(HEADER, start)) {
      return -1;
    }
    int found = -1;
    int n = m.length();
    int ls = lineEnd + 1;
    while (ls < n) {
      int le = m.indexOf('\n', ls);
      le = le < 0 ? n : le;
      char c = m.charAt(ls);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        // a frame, its source line, a caret line or a blank line
      } else if (m.startsWith("During handling of the above exception", ls)
          || m.startsWith("The above exception was the direct cause", ls)) {
        found = -1; // chained: the next traceback's exception is the one raised last
      } else if (found < 0 && namesException(m, ls, le)) {
        found = ls; // later unindented lines: its message goes on
      }
      ls = le + 1;
    }
    return found;
  }

  /**
   * A dotted name, then ":" or the line's end ({@code KeyError: 'resp'}, {@code
   * google.api_core.exceptions.Forbidden: 403 …}, {@code Exception}): not a frame or source line
   * whose indent was lost ({@code File "…"}, {@code main()}, {@code x = f(}).
   */
  private static boolean namesException(String m, int from, int le) {
    int end = le > from && m.charAt(le - 1) == '\r' ? le - 1 : le;
    int i = from;
    while (i < end) {
      char c = m.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.')) {
        break;
      }
      i++;
    }
    return i > from && Character.isLetter(m.charAt(from)) && (i == end || m.charAt(i) == ':');
  }
}
