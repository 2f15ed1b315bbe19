package dev.logalerts.parse;

import dev.logalerts.model.HttpRequest;

/**
 * The message text of an entry (see {@link LogEntryParser}, "Message text"): the first non-empty of
 * the text payload, the JSON message fields, the App Engine request log's most severe line, the
 * audit log's method and status, and the HTTP request line.
 */
final class MessageText {
  private MessageText() {}

  private static final String[] RPC_CODES = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED"
  };

  static String of(ParsedEntry e, boolean audit) {
    if (!e.textPayload.isEmpty()) {
      return e.textPayload;
    }
    if (nonEmpty(e.jsonMessage)) {
      return e.jsonMessage;
    }
    if (nonEmpty(e.jsonMsg)) {
      return e.jsonMsg;
    }
    if (nonEmpty(e.jsonLog)) {
      return e.jsonLog;
    }
    if (nonEmpty(e.jsonError)) {
      return e.jsonError;
    }
    if (e.isRequestLog()) {
      if (e.bestLine != null) {
        return e.bestLine;
      }
      String line = requestLine(e.rlMethod, e.rlResource, parseStatus(e.rlStatus));
      if (!line.isEmpty()) {
        return line;
      }
    }
    if (audit) {
      return auditMessage(e);
    }
    if (e.http != null) {
      return requestLine(e.http.requestMethod(), e.http.requestUrl(), e.http.status());
    }
    return "";
  }

  private static String auditMessage(ParsedEntry e) {
    int code = parseStatus(e.statusCode);
    if (code == 0) {
      return e.statusMessage.isEmpty() ? e.methodName : e.methodName + ": " + e.statusMessage;
    }
    String name = code > 0 && code < RPC_CODES.length ? RPC_CODES[code] : "CODE_" + e.statusCode;
    return e.statusMessage.isEmpty()
        ? e.methodName + ": " + name
        : e.methodName + ": " + name + ' ' + e.statusMessage;
  }

  private static int parseStatus(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return 0;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static String requestLine(String method, String url, int status) {
    StringBuilder sb = new StringBuilder();
    if (!method.isEmpty()) {
      sb.append(method);
    }
    if (!url.isEmpty()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      appendPath(sb, url);
    }
    if (status != 0) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(status);
    }
    return sb.toString();
  }

  /** Same as {@link HttpRequest#path()}, appended without building an HttpRequest. */
  private static void appendPath(StringBuilder sb, String url) {
    int start = 0;
    int scheme = url.indexOf("://");
    if (scheme >= 0) {
      int slash = url.indexOf('/', scheme + 3);
      start = slash < 0 ? url.length() : slash;
    }
    int end = url.length();
    for (int i = start; i < end; i++) {
      char c = url.charAt(i);
      if (c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    if (end > start) {
      sb.append(url, start, end);
    } else {
      sb.append('/');
    }
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
