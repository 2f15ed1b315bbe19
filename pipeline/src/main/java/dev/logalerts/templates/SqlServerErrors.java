package dev.logalerts.templates;

/**
 * SQL Server's error log line {@code Error: 18456, Severity: 14, State: 8.}: its three numbers are
 * the error's identity, not data. The number is the error (18456 a failed login, 1205 a deadlock)
 * and the state its reason (for 18456: 8 a wrong password, 38 a database that could not be opened),
 * so masking them made every error of the server one row.
 */
final class SqlServerErrors {
  private SqlServerErrors() {}

  private static final String ERROR = "Error: ";
  private static final String SEVERITY = ", Severity: ";
  private static final String STATE = ", State: ";

  /** Whether the number {@code s[a, e)} is one of the three of that line. */
  static boolean isCode(char[] s, int a, int e, int to) {
    if (a < 2 || s[a - 1] != ' ' || s[a - 2] != ':') {
      return false; // all three follow ": ", which most numbers do not
    }
    if (after(s, a, ERROR)) {
      return before(s, e, to, SEVERITY);
    }
    if (after(s, a, SEVERITY)) {
      return before(s, e, to, STATE);
    }
    if (!after(s, a, STATE)) {
      return false;
    }
    int d = a - STATE.length(); // the severity's digits end here
    while (d > 0 && s[d - 1] >= '0' && s[d - 1] <= '9') {
      d--;
    }
    return after(s, d, SEVERITY);
  }

  private static boolean after(char[] s, int a, String w) {
    int n = w.length();
    return a >= n && TemplateWords.regionMatches(s, a - n, w, 0, n, false);
  }

  private static boolean before(char[] s, int e, int to, String w) {
    int n = w.length();
    return e + n <= to && TemplateWords.regionMatches(s, e, w, 0, n, false);
  }
}
