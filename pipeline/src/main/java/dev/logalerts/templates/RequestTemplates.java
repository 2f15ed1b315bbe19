package dev.logalerts.templates;

import dev.logalerts.model.HttpRequest;

/**
 * Structural templates for entries without message text (pure request logs): method, path with
 * variable segments masked, and status class, e.g. {@code GET /api/items/<*> 2xx}. A segment is
 * variable when it holds a digit (ids, hashes, dates; but not API versions such as {@code v1}), an
 * {@code @} or {@code =}, or is longer than 32 characters. Hand-written, no regex: this runs for
 * every request log.
 */
public final class RequestTemplates {
  /** The placeholder for a masked segment, the miner's own. */
  public static final String PLACEHOLDER = "<*>";

  static final int MAX_SEGMENTS = 12;

  private RequestTemplates() {}

  /** The structural template of a request log. */
  public static String template(HttpRequest r) {
    String method = r.requestMethod().isEmpty() ? "-" : r.requestMethod();
    return method + ' ' + normalisePath(r.path()) + ' ' + statusClass(r.status());
  }

  /** {@code 2xx} … {@code 5xx}, or {@code -} when the status is absent. */
  public static String statusClass(int status) {
    return status <= 0 ? "-" : (status / 100) + "xx";
  }

  /** The path with variable segments replaced by {@link #PLACEHOLDER}. */
  public static String normalisePath(String path) {
    StringBuilder sb = new StringBuilder(path.length());
    int n = path.length();
    int segments = 0;
    int i = 0;
    while (i < n) {
      char c = path.charAt(i);
      if (c == '/') {
        sb.append('/');
        i++;
        continue;
      }
      int end = path.indexOf('/', i);
      if (end < 0) {
        end = n;
      }
      if (++segments > MAX_SEGMENTS) {
        sb.append(PLACEHOLDER);
        break;
      }
      if (isVariable(path, i, end)) {
        sb.append(PLACEHOLDER);
      } else {
        sb.append(path, i, end);
      }
      i = end;
    }
    return sb.length() == 0 ? "/" : sb.toString();
  }

  private static boolean isVariable(String s, int from, int to) {
    if (to - from > 32) {
      return true;
    }
    boolean digit = false;
    for (int k = from; k < to; k++) {
      char c = s.charAt(k);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (c == '@' || c == '=' || c == '%' || c == ':' || c == ',') {
        return true;
      }
    }
    if (!digit) {
      return false;
    }
    // API versions (v1, v2beta1, v1.2) are structure, not data.
    if ((s.charAt(from) == 'v' || s.charAt(from) == 'V') && to - from <= 8 && to - from >= 2) {
      char d = s.charAt(from + 1);
      return !(d >= '0' && d <= '9');
    }
    return true;
  }
}
