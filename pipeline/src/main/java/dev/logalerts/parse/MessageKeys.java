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
 * {@code content}). It is used only where the entry would otherwise be named by its top-level keys,
 * which puts every event of a service into one noisy-log row and one exclusion ("Request …
 * complete" and "Request … failed" alike); a known key, a log family or a request line still comes
 * first.
 */
public final class MessageKeys {
  private MessageKeys() {}

  private static final List<String> NAMES = List.of("@mt", "body", "text", "content");

  /** Whether a top-level jsonPayload key looks like it holds the message. */
  static boolean looksLikeMessage(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    return k.endsWith("message") || k.endsWith("msg") || NAMES.contains(k);
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
      String name = key.substring(prefix.length());
      String v = p.valueAt(i);
      if (looksLikeMessage(name) && !v.isEmpty() && e.message().equals(v)) {
        return FieldPath.of(List.of("jsonPayload", name)).toString();
      }
    }
    return "";
  }
}
