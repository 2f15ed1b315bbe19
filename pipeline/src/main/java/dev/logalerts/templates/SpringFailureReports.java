package dev.logalerts.templates;

/**
 * Spring Boot's report of a failed start ({@code LoggingFailureAnalysisReporter}): one log event
 * whose message is a banner, {@code APPLICATION FAILED TO START}, a banner, then {@code
 * Description:} and the failure ({@code Web server failed to start. Port 8080 was already in
 * use.}). A JSON logger keeps it as one message. The banner is the same for every failure: as the
 * head it made every failed start one row, and its exclusion every failed start's. The
 * description's first line is the head instead.
 */
final class SpringFailureReports {
  private SpringFailureReports() {}

  private static final String BANNER = "***************************";
  private static final String TITLE = "APPLICATION FAILED TO START";
  private static final String DESCRIPTION = "Description:";

  /**
   * Where the description's first line starts when the line {@code [start, lineEnd)} of {@code m}
   * is the report's banner, followed by its title; -1 otherwise.
   */
  static int descriptionStart(String m, int start, int lineEnd) {
    if (!isLine(m, start, lineEnd, BANNER)) {
      return -1;
    }
    int title = lineEnd + 1;
    int titleEnd = lineEndAt(m, title);
    if (!isLine(m, title, titleEnd, TITLE)) {
      return -1;
    }
    int d = m.indexOf(DESCRIPTION, titleEnd);
    if (d < 0) {
      return -1;
    }
    int i = d + DESCRIPTION.length();
    while (i < m.length() && Character.isWhitespace(m.charAt(i))) {
      i++; // the blank line before the description
    }
    return i < m.length() ? i : -1;
  }

  private static int lineEndAt(String m, int from) {
    int nl = m.indexOf('\n', from);
    return nl < 0 ? m.length() : nl;
  }

  /** The line {@code [from, to)} is {@code text}, with or without a carriage return. */
  private static boolean isLine(String m, int from, int to, String text) {
    int end = to > from && m.charAt(to - 1) == '\r' ? to - 1 : to;
    return end - from == text.length() && m.startsWith(text, from);
  }
}
