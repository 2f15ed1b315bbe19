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
    StringBuilder sb = new StringBuilder();
    write(r, sb);
    return sb.toString();
  }

  /** Appends {@link #template} to {@code out}. */
  static void write(HttpRequest r, StringBuilder out) {
    out.append(r.requestMethod().isEmpty() ? "-" : r.requestMethod()).append(' ');
    normalisePath(r.path(), out);
    out.append(' ').append(statusClass(r.status()));
  }

  /**
   * Whether the parser made {@code message} up from {@code http} ({@code "GET /path 200"}: method,
   * URL path and status, each when present, space-separated; what it does for request logs without
   * message text): then the structural template applies.
   */
  public static boolean isRequestLine(String message, HttpRequest http) {
    String method = http.requestMethod();
    String url = http.requestUrl();
    if (!message.startsWith(method) || message.length() > method.length() + url.length() + 12) {
      return false;
    }
    int i = method.length();
    if (!url.isEmpty()) {
      i = part(message, i, http.path());
    }
    int status = http.status();
    if (status != 0 && i >= 0) {
      i = status > 0 ? number(message, i, status) : part(message, i, Integer.toString(status));
    }
    return i == message.length();
  }

  /** The index after {@code part} at {@code i} of {@code line} (after a space if i > 0), or -1. */
  private static int part(String line, int i, String part) {
    i = afterSpace(line, i);
    return i >= 0 && line.startsWith(part, i) ? i + part.length() : -1;
  }

  /** {@link #part} for the decimal digits of {@code n > 0}, without making them a string. */
  private static int number(String line, int i, int n) {
    i = afterSpace(line, i);
    int digits = 1;
    for (int m = n; m >= 10; m /= 10) {
      digits++;
    }
    int end = i + digits;
    if (i < 0 || end > line.length()) {
      return -1;
    }
    for (int k = end - 1; k >= i; k--, n /= 10) {
      if (line.charAt(k) != '0' + n % 10) {
        return -1;
      }
    }
    return end;
  }

  /** 0 at the start of the line, else the index after the space at {@code i}, or -1. */
  private static int afterSpace(String line, int i) {
    if (i == 0) {
      return 0;
    }
    return i < line.length() && line.charAt(i) == ' ' ? i + 1 : -1;
  }

  /** {@code 2xx} … {@code 5xx}, or {@code -} when the status is absent. */
  public static String statusClass(int status) {
    if (status <= 0) {
      return "-";
    }
    int c = status / 100;
    return c < STATUS_CLASSES.length ? STATUS_CLASSES[c] : c + "xx";
  }

  /** The classes of statuses under 600, made once. */
  private static final String[] STATUS_CLASSES = {"0xx", "1xx", "2xx", "3xx", "4xx", "5xx"};

  /** The path with variable segments replaced by {@link #PLACEHOLDER}. */
  public static String normalisePath(String path) {
    StringBuilder sb = new StringBuilder(path.length());
    normalisePath(path, sb);
    return sb.toString();
  }

  /** Appends {@link #normalisePath normalisePath(path)} to {@code sb}. */
  private static void normalisePath(String path, StringBuilder sb) {
    int start = sb.length();
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
    if (sb.length() == start) {
      sb.append('/');
    }
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
