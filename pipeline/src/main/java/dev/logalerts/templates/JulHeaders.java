package dev.logalerts.templates;

/**
 * The header line java.util.logging's default {@code SimpleFormatter} writes before each record
 * ({@code Aug 21, 2019 10:31:39 AM io.grpc.internal.ManagedChannelOrphanWrapper$... cleanQueue}:
 * the time, then the logging class and method), whose message follows on the next line after its
 * level ({@code SEVERE: ~~~ Channel ... was not shutdown properly!!! ~~~}).
 *
 * <p>The class and method are constants of the log call and are kept; the time becomes {@code <*>}
 * and the message line is templated as any other. The header alone was the template before, so
 * every record of one method, whatever its message, was one template: a {@code new-template} rule
 * never saw a new error logged there.
 */
final class JulHeaders {
  private static final String[] LEVELS = {
    "SEVERE: ", "WARNING: ", "INFO: ", "CONFIG: ", "FINE: ", "FINER: ", "FINEST: "
  };

  private JulHeaders() {}

  /**
   * When the line {@code [start, lineEnd)} of {@code m} is such a header and the next line starts
   * with a level, writes {@code <*> class method } to {@code out} and returns where the next line
   * starts; -1 (nothing written) otherwise.
   */
  static int write(String m, int start, int lineEnd, TemplateOutput out) {
    int i = start;
    // "Aug 21, 2019 " / "Dec 5, 2026 " (the day is two digits in English, one in a few locales)
    if (lineEnd - i < 24 || !letters(m, i, 3) || m.charAt(i + 3) != ' ') {
      return -1;
    }
    i = digits(m, i + 4, lineEnd);
    if (i < 0 || !m.startsWith(", ", i) || (i = digits(m, i + 2, lineEnd)) < 0) {
      return -1;
    }
    // " 10:31:39 AM "
    for (int part = 0; part < 3; part++) {
      if (i >= lineEnd || m.charAt(i) != (part == 0 ? ' ' : ':')) {
        return -1;
      }
      i = digits(m, i + 1, lineEnd);
      if (i < 0) {
        return -1;
      }
    }
    if (!(m.startsWith(" AM ", i) || m.startsWith(" PM ", i))) {
      return -1;
    }
    int source = i + 4;
    int end = lineEnd > source && m.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
    int body = lineEnd + 1;
    if (end <= source || body >= m.length() || !startsWithLevel(m, body)) {
      return -1;
    }
    out.append("<*> ").append(m.substring(source, end)).append(' ');
    return body;
  }

  private static boolean startsWithLevel(String m, int i) {
    for (String l : LEVELS) {
      if (m.startsWith(l, i)) {
        return true;
      }
    }
    return false;
  }

  private static boolean letters(String m, int i, int n) {
    for (int k = i; k < i + n; k++) {
      if (!Character.isLetter(m.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  /** The end of a run of 1 to 4 digits at {@code i}, or -1. */
  private static int digits(String m, int i, int end) {
    int k = i;
    while (k < end && k - i < 4 && m.charAt(k) >= '0' && m.charAt(k) <= '9') {
      k++;
    }
    return k == i ? -1 : k;
  }
}
