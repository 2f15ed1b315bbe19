package dev.logalerts.parse;

import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogFamily;

/**
 * The message text of an entry (see {@link LogEntryParser}, "Message text"): the first non-empty of
 * the text payload, the JSON message fields, the App Engine request log's most severe line, the log
 * family's message ({@link LogFamilies}: audit method and status, journald MESSAGE, VPC flow,
 * firewall, DNS, NAT, cluster autoscaler…), the HTTP request line, Cloud Endpoints' {@code
 * log_message}, a top-level string under a key that names a message ({@link MessageKeys}), the
 * jsonPayload's {@code @type} without its package ({@code UpdateVehicleLog}), and last the
 * jsonPayload's top-level keys ({@code {action, user}}); ANSI escape sequences removed. A
 * Kubernetes event whose message is JSON gets its reason in front ({@code NodeSysctlChange:
 * {"unmanaged": …}}).
 */
final class MessageText {
  private MessageText() {}

  static String of(ParsedEntry e, LogFamily family, FamilyFields.Source fields) {
    String m = raw(e, family, fields);
    if (family == LogFamily.K8S_EVENT && (m.startsWith("{") || isTypedShape(e, m))) {
      // An event whose message is JSON ({"unmanaged": {...}}) says what it is by its reason only.
      m = PlatformFamilies.eventReasonPrefix(fields) + m;
    }
    return withoutTrailingLineBreak(Ansi.strip(m));
  }

  /** Whether {@code m} is a shape headed by the record's type ({@code type: X {…}}). */
  private static boolean isTypedShape(ParsedEntry e, String m) {
    String key = e.jsonTypeKey;
    return key != null && m.startsWith(key) && m.startsWith(": ", key.length());
  }

  /**
   * The message without the line break (and blanks around it) a logger wrote after it: {@code
   * print()} and stdout writers end lines with one, which a sample would show as an empty line.
   */
  static String withoutTrailingLineBreak(String m) {
    int end = m.length();
    boolean lineBreak = end > 0 && (m.charAt(end - 1) == '\n' || m.charAt(end - 1) == '\r');
    return lineBreak ? m.stripTrailing() : m;
  }

  private static String raw(ParsedEntry e, LogFamily family, FamilyFields.Source fields) {
    if (!e.textPayload.isEmpty()) {
      return JsonLineMessage.message(e.textPayload); // a JSON line: the message inside it
    }
    if (nonEmpty(e.jsonMessage)) {
      return JsonLineMessage.message(e.jsonMessage);
    }
    if (nonEmpty(e.jsonMsg)) {
      return JsonLineMessage.message(e.jsonMsg);
    }
    if (nonEmpty(e.jsonLog)) {
      return JsonLineMessage.message(e.jsonLog);
    }
    if (nonEmpty(e.jsonOtherMessage)) {
      return e.jsonOtherMessage;
    }
    if (nonEmpty(e.jsonError)) {
      return e.jsonError;
    }
    if (e.isRequestLog()) {
      if (e.bestLine != null) {
        return e.bestLine;
      }
      String line = requestLine(e.rlMethod, e.rlResource, JsonValues.unsignedInt(e.rlStatus));
      if (!line.isEmpty()) {
        return line;
      }
    }
    String m = LogFamilies.message(family, fields);
    if (!m.isEmpty()) {
      return m;
    }
    if (e.http != null) {
      return requestLine(e.http.requestMethod(), e.http.requestUrl(), e.http.status());
    }
    m = AccessLogFamily.endpointsMessage(fields);
    if (!m.isEmpty()) {
      return m;
    }
    if (nonEmpty(e.jsonGuessedMessage)) {
      return e.jsonGuessedMessage; // MessageKeys: a key that names a message, as a last resort
    }
    String type = fields.get(FamilyFields.J_TYPE);
    if (!type.isEmpty()) {
      // A Google service's record without message text (Fleet Engine's RPC logs:
      // "type.googleapis.com/maps.fleetengine.v1.UpdateVehicleLog"): its type says what it is.
      return LogFamilies.shortTypeName(type);
    }
    // A structured entry without any message field or family (custom events, say):
    // its top-level keys tell its kind apart better than an empty message would.
    return e.jsonShape();
  }

  private static String requestLine(String method, String url, int status) {
    StringBuilder sb = new StringBuilder(method.length() + url.length() + 5); // no regrowth
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
