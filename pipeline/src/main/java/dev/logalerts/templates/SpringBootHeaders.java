package dev.logalerts.templates;

/**
 * The bracketed columns Spring Boot's default console and file layouts (Logback and Log4j2) write
 * after their {@code ---} separator: {@code 2023-04-27T19:52:05.903Z INFO 2954 --- [myapp] [ main]
 * [4bf9…-00f0…] o.s.b.w.embedded.tomcat.TomcatWebServer : Tomcat started}. The application name
 * ({@code [myapp]}, since 3.2, when {@code spring.application.name} is set) names the service; the
 * thread ({@code [%15.15t]}, padded to 15 chars: {@code [ main]}, {@code [nio-8080-exec-1]}, {@code
 * [ionShutdownHook]}) and the correlation id (since 3.2 with tracing: {@code [trace-span]}, or
 * blanks where an entry has none) change from one call of the same statement to the next. The
 * thread is written as one placeholder and the correlation id left out, so one statement is one
 * template whichever thread wrote it (four templates before: {@code [<*>]}, {@code [ <*>]}, {@code
 * [ main]}, {@code [ionShutdownHook]}).
 *
 * <p>The columns are only read this way when a logger name and {@code " : "} follow them, the rest
 * of Spring Boot's layout; any other bracket after a {@code ---} is templated as usual.
 */
final class SpringBootHeaders {
  /** Bracketed columns read after the separator at most: application, thread, correlation id. */
  private static final int MAX_COLUMNS = 3;

  private SpringBootHeaders() {}

  /**
   * When {@code s[i] == '['} starts Spring Boot's bracketed columns, writes them (the application
   * name as it is, the thread as a placeholder) and returns the index of the logger name after
   * them; -1 otherwise, having written nothing.
   */
  static int writeColumns(char[] s, int i, int to, TemplateOutput out) {
    int columns = 0;
    int firstClose = -1; // the first column's ']' (the application's name when there are two)
    int lastOpen = -1;
    int lastClose = -1;
    int j = i;
    while (j < to && s[j] == '[' && columns < MAX_COLUMNS) {
      int k = j + 1;
      while (k < to && s[k] != ']' && s[k] != '[' && s[k] != '\n') {
        k++;
      }
      if (k >= to || s[k] != ']' || k + 1 >= to || s[k + 1] != ' ') {
        return -1;
      }
      firstClose = columns == 0 ? k : firstClose;
      lastOpen = j;
      lastClose = k;
      columns++;
      j = k + 2;
    }
    int named = columns > 1 && isCorrelationId(s, lastOpen + 1, lastClose) ? columns - 1 : columns;
    if (named < 1 || named > 2 || !loggerAndColonFollow(s, j, to)) {
      return -1;
    }
    if (named == 2) {
      out.append(s, i, firstClose - i + 1).append(' ');
    }
    out.append('[');
    out.placeholder();
    out.append("] ");
    return j;
  }

  /** Blanks, or hex digits and dashes (trace id, span id): Spring Boot's correlation column. */
  private static boolean isCorrelationId(char[] s, int from, int to) {
    boolean dash = false;
    boolean blank = true;
    for (int k = from; k < to; k++) {
      char c = s[k];
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      if (!(c == ' ' || c == '-' || hex)) {
        return false;
      }
      dash |= c == '-';
      blank &= c == ' ';
    }
    return blank || dash;
  }

  /** A logger name (no blanks), blanks, then {@code ": "} or the line's end after the colon. */
  private static boolean loggerAndColonFollow(char[] s, int j, int to) {
    int k = j;
    while (k < to && s[k] != ' ' && s[k] != '\n') {
      k++;
    }
    if (k == j) {
      return false;
    }
    while (k < to && s[k] == ' ') {
      k++;
    }
    return k < to && s[k] == ':' && (k + 1 == to || s[k + 1] == ' ' || s[k + 1] == '\n');
  }
}
