package dev.logalerts.parse;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import java.util.List;
import java.util.Locale;

/**
 * The last resort for a JSON payload's message: a top-level string under a key that names a message
 * though no logger we know writes it ({@code log.message}, {@code errorMessage}, GELF's {@code
 * short_message}, Serilog's template {@code @mt}, OpenTelemetry's {@code body}, {@code text},
 * {@code content}, Cloud Monitoring's notification channel events' {@code summary}: {@code Webhook
 * failed with 500 Internal Server Error status code.}). It is used only where the entry would
 * otherwise be named by its top-level keys, which puts every event of a service into one noisy-log
 * row and one exclusion ("Request … complete" and "Request … failed" alike); a known key, a log
 * family or a request line still comes first.
 */
public final class MessageKeys {
  private MessageKeys() {}

  private static final List<String> NAMES = List.of("@mt", "body", "text", "content", "summary");

  /** Whether a top-level jsonPayload key looks like it holds the message. */
  static boolean looksLikeMessage(String key) {
    return endsWithIgnoreCase(key, "message")
        || endsWithIgnoreCase(key, "msg")
        || NAMES.contains(key.toLowerCase(Locale.ROOT));
  }

  private static boolean endsWithIgnoreCase(String s, String suffix) {
    int at = s.length() - suffix.length();
    return at >= 0 && s.regionMatches(true, at, suffix, 0, suffix.length());
  }

  /**
   * Whether a message field's value is where the message came from: the message starts with it (a
   * family may add to it), or the value is a JSON line the message was read from ({@link
   * JsonLineMessage}).
   */
  public static boolean isSource(String value, String message) {
    return !value.isEmpty()
        && (message.startsWith(value)
            || (value.startsWith("{") && !message.isEmpty() && value.contains(message)));
  }

  /**
   * The filter path of the top-level key whose string is the entry's message, when the message came
   * from such a key ({@code jsonPayload."log.message"}); else "" (also when a log family composed
   * the message from that key and more, as Cloud Endpoints' {@code log_message: error_cause}).
   */
  public static String field(LogEvent e) {
    FieldValues p = e.payload();
    String prefix = "jsonPayload" + FieldValues.SEP;
    for (int i = 0; i < p.size(); i++) {
      String key = p.keyAt(i);
      if (!key.startsWith(prefix) || key.indexOf(FieldValues.SEP, prefix.length()) >= 0) {
        continue;
      }
      String v = p.valueAt(i);
      if (!v.equals(e.message())) {
        continue; // cheap test first: this runs for every entry named by no known key
      }
      String name = key.substring(prefix.length());
      if (looksLikeMessage(name) && !v.isEmpty()) {
        return FieldPath.of(List.of("jsonPayload", name)).toString();
      }
    }
    return "";
  }
}
