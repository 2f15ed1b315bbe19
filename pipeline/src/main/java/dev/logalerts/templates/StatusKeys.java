package dev.logalerts.templates;

/**
 * A {@code key=value} whose key names an HTTP status and whose value is one: {@code status=503},
 * {@code statusCode=200}, {@code http_status=404}, {@code upstream_status=502}, kube-apiserver's
 * {@code resp=200}. Such a value is written as its class ({@code 5xx}), as after "status code", so
 * the 2xx row and its exclusion do not take the 5xx lines; an exit status ({@code exit_status=137})
 * is a code kept apart by its value elsewhere, not a class. Rails' request summary names its status
 * after {@code Completed} ({@code Completed 500 Internal Server Error in 49ms}), read the same way.
 */
final class StatusKeys {
  private StatusKeys() {}

  /** Whether {@code s[a, eq)} is a status key and {@code s[v, e)} a three-digit HTTP status. */
  static boolean httpStatus(char[] s, int a, int eq, int v, int e) {
    return e - v == 3
        && s[v] >= '1'
        && s[v] <= '5'
        && digit(s[v + 1])
        && digit(s[v + 2])
        && isStatusKey(s, a, eq);
  }

  /**
   * Whether word {@code s[a, e)} is {@code Completed} followed by a space, three digits, a space
   * and a capitalised word: an HTTP status and its reason phrase ({@code 500 Internal Server
   * Error}, {@code 200 OK}), not a count of things ({@code Completed 3 jobs}, {@code Completed 250
   * rows}).
   */
  static boolean completedWithStatus(char[] s, int a, int e, int to) {
    return e + 5 < to
        && TemplateWords.equalsAt(s, a, e, "Completed")
        && s[e] == ' '
        && digit(s[e + 1])
        && digit(s[e + 2])
        && digit(s[e + 3])
        && s[e + 4] == ' '
        && Character.isUpperCase(s[e + 5]);
  }

  /**
   * Whether the template so far ends with a quoted status key and its colon, as a JSON member or a
   * Python dict's ({@code "status":}, {@code 'status': }): Lograge's JSON behind a syslog cookie
   * ({@code @cee: {"method":"POST",…,"status":400,…}}) names its status so. A bare {@code status:
   * 200} stays a placeholder, as Loghub's OpenStack access lines group it.
   */
  static boolean keyBefore(TemplateOutput out) {
    return NamePositions.quotedKeyBefore(out, StatusKeys::isStatusKey);
  }

  private static boolean isStatusKey(char[] s, int a, int e) {
    int end = endsWithIgnoreCase(s, a, e, "code") ? e - 4 : e;
    while (end > a && (s[end - 1] == '_' || s[end - 1] == '-' || s[end - 1] == '.')) {
      end--;
    }
    return (endsWithIgnoreCase(s, a, end, "status") || endsWithIgnoreCase(s, a, end, "resp"))
        && !containsIgnoreCase(s, a, end, "exit")
        && !containsIgnoreCase(s, a, end, "return");
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean containsIgnoreCase(char[] s, int a, int e, String w) {
    for (int i = a; i + w.length() <= e; i++) {
      if (TemplateWords.regionMatches(s, i, w, 0, w.length(), true)) {
        return true;
      }
    }
    return false;
  }

  private static boolean endsWithIgnoreCase(char[] s, int a, int e, String w) {
    return e - a >= w.length() && TemplateWords.equalsIgnoreCaseAt(s, e - w.length(), e, w);
  }
}
