package dev.logalerts.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.List;

/**
 * The message of a structured logger's JSON line that reached Cloud Logging as a string: a {@code
 * textPayload}, or a {@code jsonPayload.message}/{@code .msg}/{@code .log}, that is one JSON object
 * ({@code {"level":"info","ts":…,"msg":"request served",…}}). The Ops Agent writes a file's line as
 * {@code jsonPayload.message} when no {@code parse_json} processor is configured, Docker's
 * json-file lines nest the program's JSON in {@code log}, and Cloud Build, Batch or Vertex AI jobs
 * write what a program printed as it is. Its message is the string under the first of the keys a
 * {@code jsonPayload} message is read from ({@code message}, {@code msg}, {@code log}, {@code
 * Message}, {@code @m}, {@code RenderedMessage}, {@code event}, {@code fields.message}), else under
 * a key that names a message ({@link MessageKeys}); without one, or when the value is not in the
 * text as it is (a JSON escape inside it), the whole line stays the message, so that the noisy-log
 * exclusion, a substring of that field, still matches it. The same holds for such a line behind the
 * text a forwarder put in front of it ({@link ForwarderPrefix}: a syslog header, {@code docker
 * compose logs}' service column, a CRI log file's time and stream). Without this, the line was its
 * own template: the logger's keys, their order and every constant value in it, so that one message
 * made several rows and its text was hard to find.
 */
final class JsonLineMessage {
  private JsonLineMessage() {}

  private static final JsonFactory JSON = new JsonFactory();

  /** The keys read, best first; "fields.message" stands for tracing's nested message. */
  private static final List<String> KEYS =
      List.of(
          "message", "msg", "log", "Message", "@m", "RenderedMessage", "event", "fields.message");

  /** The message inside {@code text} when it is such a JSON line, else {@code text} itself. */
  static String message(String text) {
    int n = text.length();
    while (n > 0 && Character.isWhitespace(text.charAt(n - 1))) {
      n--; // a printed line's newline
    }
    if (n < 8 || text.charAt(n - 1) != '}') {
      return text;
    }
    int start = 0;
    if (text.charAt(0) != '{') {
      start = ForwarderPrefix.jsonStart(text); // syslog, compose or CRI text before the JSON
      if (start < 0) {
        return text;
      }
    }
    String[] found = new String[KEYS.size() + 1]; // the last: a guessed key's
    try (JsonParser p = JSON.createParser(text.substring(start, n))) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return text;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        t = p.nextToken();
        if (t == JsonToken.VALUE_STRING) {
          int at = KEYS.indexOf(name);
          if (at >= 0) {
            found[at] = first(found[at], p.getText());
          } else if (MessageKeys.looksLikeMessage(name)) {
            found[KEYS.size()] = first(found[KEYS.size()], p.getText());
          }
        } else if (t == JsonToken.START_OBJECT && name.equals("fields")) {
          found[KEYS.size() - 1] = first(found[KEYS.size() - 1], nestedMessage(p));
        } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return text; // not one object: text that happens to start and end with braces
      }
    } catch (IOException | RuntimeException notJson) {
      return text;
    }
    for (String m : found) {
      if (m != null && !m.isBlank()) {
        return text.contains(m) ? m : text;
      }
    }
    return text;
  }

  /** The {@code message} string of the object the parser is at (its START_OBJECT read). */
  private static String nestedMessage(JsonParser p) throws IOException {
    String m = null;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      t = p.nextToken();
      if (t == JsonToken.VALUE_STRING && name.equals("message")) {
        m = first(m, p.getText());
      } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        p.skipChildren();
      }
    }
    return m;
  }

  private static String first(String had, String v) {
    return had != null ? had : v;
  }
}
