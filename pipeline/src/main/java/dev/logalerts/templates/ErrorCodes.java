package dev.logalerts.templates;

/**
 * Error codes a database or identity service writes in front of its message, which name the error
 * as its text does and are kept in the template, not masked as values: MySQL 8's {@code
 * [MY-010055]} (Cloud SQL for MySQL's error log), Oracle's {@code ORA-00942}, {@code PLS-00201},
 * {@code TNS-12541}, Microsoft Entra ID's {@code AADSTS50126}. A ticket or order number of the same
 * look ({@code JIRA-1234}, {@code ORD-123456}) has another prefix and stays a value.
 */
final class ErrorCodes {
  private ErrorCodes() {}

  /** Prefix and the number of digits after it. */
  private static final String[] PREFIXES = {"MY-", "ORA-", "PLS-", "TNS-", "AADSTS"};

  private static final int[] DIGITS = {6, 5, 5, 5, -1};

  /** Whether {@code s[a, e)} is such a code. */
  static boolean is(char[] s, int a, int e) {
    for (int p = 0; p < PREFIXES.length; p++) {
      String prefix = PREFIXES[p];
      int d = a + prefix.length();
      if (e <= d || !TemplateWords.equalsAt(s, a, d, prefix)) {
        continue;
      }
      if (DIGITS[p] > 0 ? e - d != DIGITS[p] : e - d < 5 || e - d > 6) {
        return false;
      }
      for (int i = d; i < e; i++) {
        if (s[i] < '0' || s[i] > '9') {
          return false;
        }
      }
      return true;
    }
    return false;
  }
}
