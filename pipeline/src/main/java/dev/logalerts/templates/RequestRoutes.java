package dev.logalerts.templates;

import dev.logalerts.model.HttpRequest;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The route of a request line inside a mined message, for the noisy-log account: the miner masks a
 * request's path whole ({@code GET <*> 2xx <*> - <*>}, as Loghub-style templates do), which makes
 * every route of a service one row, so its health checks hide among its real traffic and the row's
 * exclusion would remove all its successful GETs. Here the placeholder after an HTTP method is
 * written back as the route, the path with its variable segments masked the way request logs' are
 * ({@link RequestTemplates#normalisePath}): {@code GET /healthz 2xx <*> - <*>}, {@code GET
 * /api/items/<*> 2xx <*> - <*>}. A query becomes {@code ?<*>}; a full URL keeps only its path,
 * after a placeholder for scheme and host ({@code GET <*>/healthz}).
 *
 * <p>The formats of the frameworks' own request lines, which are not the combined or Envoy lines
 * {@link AccessLines} reads whole: Express's morgan ({@code GET /x 200 1.2 ms - 2}), uvicorn
 * ({@code "GET /x HTTP/1.1" 200 OK}), Gin ({@code | GET "/x"}), Rails ({@code Started GET "/x"}),
 * ASP.NET Core ({@code Request finished HTTP/1.1 GET http://host/x}), Go's chi middleware.
 */
final class RequestRoutes {
  private RequestRoutes() {}

  private static final String PLACEHOLDER = TemplateScanner.PLACEHOLDER;

  /** Paths longer than this stay masked: they are data (encoded state), not routes. */
  static final int MAX_PATH_CHARS = 256;

  /**
   * {@code template} (mined from {@code message}) with its first request path written as a route,
   * or {@code template} itself when it has no HTTP method followed by a masked path that the
   * message holds.
   */
  static String fill(String template, String message) {
    int at = placeholderAfterMethod(template);
    if (at < 0) {
      return template;
    }
    int methodEnd = at - (template.charAt(at - 1) == '"' ? 2 : 1);
    String method = template.substring(wordStart(template, methodEnd), methodEnd);
    int start = pathStart(message, method);
    if (start < 0) {
      return template;
    }
    int end = start;
    while (end < message.length() && !isPathEnd(message.charAt(end))) {
      end++;
    }
    // Punctuation the template keeps right after the path ("GET <*>, took 3 ms") is not in it.
    int after = at + PLACEHOLDER.length();
    if (after < template.length()
        && end > start + 1
        && !isPathEnd(template.charAt(after))
        && message.charAt(end - 1) == template.charAt(after)) {
      end--;
    }
    String route = route(message, start, end);
    return route == null ? template : template.substring(0, at) + route + template.substring(after);
  }

  /**
   * Index of the first placeholder right after an HTTP method and a space (or a space and a quote),
   * the method a word of its own; -1 when none.
   */
  private static int placeholderAfterMethod(String t) {
    for (int p = t.indexOf('<', 4); p >= 0; p = t.indexOf('<', p + 1)) {
      int space = t.charAt(p - 1) == '"' ? p - 2 : p - 1;
      if (space < 3 || t.charAt(space) != ' ' || !isCapital(t.charAt(space - 1))) {
        continue; // most placeholders follow a lower-case word or punctuation
      }
      if (!t.startsWith(PLACEHOLDER, p)) {
        continue;
      }
      int from = wordStart(t, space);
      if ((from == 0 || t.charAt(from - 1) == ' ' || t.charAt(from - 1) == '"')
          && isMethod(t, from, space)) {
        return p;
      }
    }
    return -1;
  }

  /** The start of the run of capital letters that ends at {@code end}. */
  private static int wordStart(String s, int end) {
    int i = end;
    while (i > 0 && isCapital(s.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static boolean isCapital(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /**
   * Where the path or URL after the first {@code method} word of the message starts (past spaces
   * and a quote), or -1 when none follows it.
   */
  private static int pathStart(String m, String method) {
    for (int i = m.indexOf(method); i >= 0; i = m.indexOf(method, i + 1)) {
      if (i > 0 && m.charAt(i - 1) != ' ' && m.charAt(i - 1) != '"' && m.charAt(i - 1) != '\t') {
        continue;
      }
      int k = i + method.length();
      int spaces = k;
      while (k < m.length() && (m.charAt(k) == ' ' || m.charAt(k) == '\t')) {
        k++;
      }
      if (k == spaces) {
        continue; // GETTER, GET"…
      }
      if (k < m.length() && m.charAt(k) == '"') {
        k++;
      }
      if (k < m.length()
          && (m.charAt(k) == '/' || m.startsWith("http://", k) || m.startsWith("https://", k))) {
        return k;
      }
    }
    return -1;
  }

  private static boolean isPathEnd(char c) {
    return c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`'
        || c == '{' || c == '}' || c == '|' || c == '^' || c >= 0x7f;
  }

  /**
   * The route of the path or URL {@code m[start, end)}: its path as a request log's, a placeholder
   * for a URL's scheme and host, one for its query; null when it is no plain one.
   */
  private static @Nullable String route(String m, int start, int end) {
    if (end - start > MAX_PATH_CHARS || m.startsWith("//", start)) {
      return null; // "//host/x": a scheme-relative URL, or no path at all
    }
    String token = m.substring(start, end);
    int query = 0;
    while (query < token.length() && token.charAt(query) != '?' && token.charAt(query) != '#') {
      query++;
    }
    return (token.charAt(0) == '/' ? "" : PLACEHOLDER)
        + RequestTemplates.normalisePath(HttpRequest.pathOf(token))
        + (query < token.length() ? token.charAt(query) + PLACEHOLDER : "");
  }

  private static final String[] METHODS = {
    "GET", "PUT", "POST", "HEAD", "PATCH", "DELETE", "OPTIONS"
  };

  private static boolean isMethod(String s, int from, int to) {
    for (String m : METHODS) {
      if (m.length() == to - from && s.startsWith(m, from)) {
        return true;
      }
    }
    return false;
  }
}
