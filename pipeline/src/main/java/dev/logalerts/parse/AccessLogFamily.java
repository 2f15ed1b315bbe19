package dev.logalerts.parse;

import static dev.logalerts.parse.FamilyFields.J_AL_DOWNSTREAM_STATUS;
import static dev.logalerts.parse.FamilyFields.J_AL_METHOD;
import static dev.logalerts.parse.FamilyFields.J_AL_ORIGIN_PATH;
import static dev.logalerts.parse.FamilyFields.J_AL_PATH;
import static dev.logalerts.parse.FamilyFields.J_AL_REQUEST_METHOD;
import static dev.logalerts.parse.FamilyFields.J_AL_REQUEST_PATH;
import static dev.logalerts.parse.FamilyFields.J_AL_RESPONSE_CODE;
import static dev.logalerts.parse.FamilyFields.J_AL_RESPONSE_FLAGS;
import static dev.logalerts.parse.FamilyFields.J_ESP_ERROR_CAUSE;
import static dev.logalerts.parse.FamilyFields.J_ESP_LOG_MESSAGE;
import static dev.logalerts.parse.FamilyFields.J_ESP_METHOD;
import static dev.logalerts.parse.FamilyFields.J_ESP_RESPONSE_CODE;
import static dev.logalerts.parse.FamilyFields.J_STATUS;
import static dev.logalerts.parse.FamilyFields.J_URL;
import static dev.logalerts.parse.LogFamilies.and;
import static dev.logalerts.parse.LogFamilies.eq;

import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.FamilyFields.Source;

/**
 * JSON access logs that proxies write to stdout, read by the GKE / Ops Agent logging agents into a
 * {@code jsonPayload} without any message field: Envoy and Istio's JSON encoding ({@code method},
 * {@code path}, {@code response_code}, {@code response_flags}), Envoy Gateway's ({@code
 * x-envoy-origin-path}), Traefik's ({@code RequestMethod}, {@code RequestPath}, {@code
 * DownstreamStatus}), Cloud Endpoints' proxy ESP ({@code http_method}, {@code url}, {@code
 * http_response_code}: its request log in {@code endpoints_log} carries no httpRequest for calls it
 * rejected, and a {@code log_message} that names the API method, not the request), and the common
 * {@code method}/{@code path}/{@code status} layout. Without this such an entry would be named by
 * four of its two dozen keys; a person reads it as a request line, {@code GET /api/test 503 UC},
 * and alerts on its status and Envoy's response flags.
 *
 * <p>Recognised only when all three parts are there and look like a request: an upper-case method,
 * a path starting with {@code /}, a status of at most three digits (Envoy writes 0 when the client
 * left before a response).
 */
public final class AccessLogFamily {
  private AccessLogFamily() {}

  /** One access-log line read from the payload; the slots say where each part came from. */
  public static final class Line {
    private final String method;
    private final int methodSlot;
    private final String path;
    private final int pathSlot;
    private final int status;
    private final int statusSlot;
    private final String flags;

    private Line(
        String method,
        int methodSlot,
        String path,
        int pathSlot,
        int status,
        int statusSlot,
        String flags) {
      this.method = method;
      this.methodSlot = methodSlot;
      this.path = path;
      this.pathSlot = pathSlot;
      this.status = status;
      this.statusSlot = statusSlot;
      this.flags = flags;
    }

    public String method() {
      return method;
    }

    /** The path without its query string (which can carry ids and tokens). */
    public String path() {
      return path;
    }

    /** {@code 2xx} … {@code 5xx}, or the status itself below 100 (Envoy's {@code 0}). */
    public String statusClass() {
      return status >= 100 ? (status / 100) + "xx" : Integer.toString(status);
    }

    /** The request line with Envoy's flags: the family's message. */
    String message() {
      return method + ' ' + path + ' ' + status + flagsSuffix();
    }

    /** Envoy's response flags ({@code UC}, {@code NR}…) with a leading space; "" for none. */
    public String flagsSuffix() {
      return flags.isEmpty() ? "" : " " + flags;
    }

    /**
     * The restrictions matching this line's template: method, the constant pieces of the template's
     * path (split at the placeholder), the status range and the flags.
     */
    public String clauses(String templatePath, String placeholder) {
      StringBuilder pieces = new StringBuilder();
      for (String piece : templatePath.split(java.util.regex.Pattern.quote(placeholder))) {
        if (piece.length() > 1) {
          if (pieces.length() > 0) {
            pieces.append(" AND ");
          }
          pieces.append(has(pathSlot, piece));
        }
      }
      String field = FamilyFields.path(statusSlot);
      String range =
          status >= 100
              ? field
                  + ">="
                  + (status / 100 * 100)
                  + " AND "
                  + field
                  + "<"
                  + (status / 100 * 100 + 100)
              : field + "=" + status;
      return and(
          eq(methodSlot, method),
          pieces.toString(),
          range,
          flags.isEmpty() ? "" : eq(J_AL_RESPONSE_FLAGS, flags));
    }
  }

  /** The access-log line of a payload, or null when it is none. */
  static Line read(Source f) {
    // One layout per method field: Envoy's (and the common one), Traefik's, ESP's.
    int methodSlot;
    int pathSlot;
    int statusSlot;
    if (!f.get(J_AL_METHOD).isEmpty()) {
      methodSlot = J_AL_METHOD;
      pathSlot = f.get(J_AL_PATH).isEmpty() ? J_AL_ORIGIN_PATH : J_AL_PATH;
      statusSlot = f.get(J_AL_RESPONSE_CODE).isEmpty() ? J_STATUS : J_AL_RESPONSE_CODE;
    } else if (!f.get(J_AL_REQUEST_METHOD).isEmpty()) {
      methodSlot = J_AL_REQUEST_METHOD;
      pathSlot = J_AL_REQUEST_PATH;
      statusSlot = J_AL_DOWNSTREAM_STATUS;
    } else {
      methodSlot = J_ESP_METHOD;
      pathSlot = J_URL;
      statusSlot = J_ESP_RESPONSE_CODE;
    }
    String method = f.get(methodSlot);
    if (!isMethod(method)) {
      return null; // most payloads: no path or status looked up
    }
    String path = f.get(pathSlot);
    int status = status(f.get(statusSlot));
    if (!path.startsWith("/") || status < 0) {
      return null;
    }
    int query = path.indexOf('?');
    if (query >= 0) {
      path = path.substring(0, query);
    }
    String flags = f.get(J_AL_RESPONSE_FLAGS);
    if (flags.equals("-")) {
      flags = "";
    }
    return new Line(method, methodSlot, path, pathSlot, status, statusSlot, flags);
  }

  /** {@code GET /api/test 503 UC}: the request line with Envoy's flags, or "" for no access log. */
  static String message(Source f) {
    Line l = read(f);
    return l == null ? "" : l.message();
  }

  /**
   * ESP's own words for an entry without a request line (a call it rejected before reading the
   * request: {@code Method: …ListShelves failed: UNAUTHENTICATED: API key not valid…}): its {@code
   * log_message}, then its {@code error_cause} when that adds something; "" when it has neither.
   */
  static String endpointsMessage(Source f) {
    String message = f.get(J_ESP_LOG_MESSAGE);
    String cause = f.get(J_ESP_ERROR_CAUSE);
    if (cause.isEmpty() || message.contains(cause)) {
      return message;
    }
    return message.isEmpty() ? cause : message + ": " + cause;
  }

  /**
   * The access-log line of a parsed event whose message is the line itself (an entry with message
   * text of its own keeps its mined template), or null.
   */
  static Line of(LogEvent e) {
    Source f = FamilyFields.of(e);
    Line l = read(f);
    return l != null && e.message().equals(l.message()) ? l : null;
  }

  private static boolean isMethod(String m) {
    if (m.length() < 3 || m.length() > 10) {
      return false;
    }
    for (int i = 0; i < m.length(); i++) {
      char c = m.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  /** An HTTP status of one to three digits, or -1 (also for ""). */
  public static int status(String s) {
    if (s.isEmpty() || s.length() > 3) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** A Cloud Logging substring restriction {@code path:"piece"}. */
  private static String has(int slot, String piece) {
    String e = eq(slot, piece);
    int q = e.indexOf("=\"");
    return e.substring(0, q) + ':' + e.substring(q + 1);
  }
}
