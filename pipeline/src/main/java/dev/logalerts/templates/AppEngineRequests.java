package dev.logalerts.templates;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.parse.AccessLogFamily;

/**
 * App Engine request logs ({@code protoPayload} of type {@code RequestLog}) without app log lines,
 * whose message is their request line. Cloud Logging exports their {@code httpRequest} with the
 * status only, so the request template for {@code httpRequest} does not apply and the line would be
 * mined: {@code GET /api/orders/123 503} became {@code GET <*>}, one template for every route and
 * status, with an exclusion on the word {@code GET}. Their template is made from the RequestLog's
 * own {@code method}, {@code resource} and {@code status} instead: {@code GET /api/orders/<*> 5xx}.
 */
final class AppEngineRequests {
  private AppEngineRequests() {}

  private static final String TYPE = FieldValues.key("protoPayload", "@type");
  private static final String METHOD = FieldValues.key("protoPayload", "method");
  private static final String RESOURCE = FieldValues.key("protoPayload", "resource");
  private static final String STATUS = FieldValues.key("protoPayload", "status");

  /** A request log's template and the restrictions that match it. */
  static final class Line {
    final String template;
    final String clauses;

    Line(String template, String clauses) {
      this.template = template;
      this.clauses = clauses;
    }
  }

  /** The template of a request log whose message is its request line, or null. */
  static Line of(LogEvent e) {
    if (e.payloadKind() != PayloadKind.PROTO) {
      return null; // no lookup for the many entries without a protoPayload
    }
    String type = e.payload().first(TYPE);
    if (type == null || !type.endsWith("appengine.logging.v1.RequestLog")) {
      return null;
    }
    String method = orEmpty(e.payload().first(METHOD));
    String resource = orEmpty(e.payload().first(RESOURCE));
    int status = status(orEmpty(e.payload().first(STATUS)));
    if (method.isEmpty() || !resource.startsWith("/") || status < 0) {
      return null;
    }
    int q = resource.indexOf('?');
    String path = q < 0 ? resource : resource.substring(0, q);
    int hash = path.indexOf('#');
    if (hash >= 0) {
      path = path.substring(0, hash);
    }
    String line = method + ' ' + (path.isEmpty() ? "/" : path) + (status == 0 ? "" : " " + status);
    if (!e.message().equals(line)) {
      return null; // the message is an app log line, which is mined
    }
    String templatePath = RequestTemplates.normalisePath(path);
    StringBuilder clauses =
        new StringBuilder("protoPayload.method=").append(SuggestedExclusion.quote(method));
    for (String piece :
        templatePath.split(java.util.regex.Pattern.quote(RequestTemplates.PLACEHOLDER))) {
      if (piece.length() > 1) {
        clauses.append(" AND protoPayload.resource:").append(SuggestedExclusion.quote(piece));
      }
    }
    if (status >= 100) {
      int lo = status / 100 * 100;
      clauses
          .append(" AND protoPayload.status>=")
          .append(lo)
          .append(" AND protoPayload.status<")
          .append(lo + 100);
    }
    return new Line(
        method + ' ' + templatePath + ' ' + RequestTemplates.statusClass(status),
        clauses.toString());
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** A status of at most three digits (0 when absent), or -1. */
  private static int status(String s) {
    return s.isEmpty() ? 0 : AccessLogFamily.status(s);
  }
}
