package dev.logalerts.templates;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.MessageKeys;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where an entry's message came from, for its template's suggested exclusion: the field, and
 * whether the message is that field's whole value.
 */
final class MessageFields {
  private MessageFields() {}

  /**
   * The Cloud Logging field the message was taken from: textPayload for text entries, the first of
   * the parser's JSON message fields (or {@link MessageKeys}) whose value starts the message,
   * protoPayload's status.message, else empty (unknown: audit and App Engine request messages are
   * composed; the exclusion then uses global restrictions).
   */
  static String of(LogEvent e) {
    switch (e.payloadKind()) {
      case TEXT:
        return "textPayload";
      case JSON:
        for (int i = 0; i < JSON_MESSAGE_KEYS.length; i++) {
          String v = e.payload().first(JSON_MESSAGE_KEYS[i]);
          if (v != null && MessageKeys.isSource(v, e.message())) {
            return "jsonPayload." + LogEntryParser.JSON_MESSAGE_FIELDS.get(i);
          }
        }
        String journal = JournalMessages.fieldOf(e);
        if (journal != null) {
          return journal;
        }
        String guessed = MessageKeys.field(e);
        return guessed.isEmpty() ? shapeField(e.message()) : guessed;
      case PROTO:
        String v = e.payload().first(PROTO_STATUS_MESSAGE);
        return v != null && !v.isEmpty() && e.message().startsWith(v)
            ? "protoPayload.status.message"
            : "";
      default:
        return "";
    }
  }

  /**
   * The restrictions for a message that is a jsonPayload's shape ({@code {decision, status}}, see
   * the parser's "Message text"): each named key present, {@code jsonPayload.decision:*}, and the
   * record's type where the shape starts with one ({@code Type: worker-removed {…}}); "" for any
   * other message. The shape's text is in no field, so a text restriction would match nothing.
   */
  static String shapeField(String message) {
    int open = message.indexOf('{');
    if (message.length() < 3 || open < 0 || !message.endsWith("}")) {
      return "";
    }
    List<String> clauses = new ArrayList<>();
    if (open > 0) {
      // "Type: monitor.apiMethod {…}": the record's type, left out where the template masked it.
      int colon = message.indexOf(": ");
      if (colon <= 0 || message.charAt(open - 1) != ' ' || colon + 2 >= open - 1) {
        return "";
      }
      String key = message.substring(0, colon);
      String value = message.substring(colon + 2, open - 1);
      clauses.add(
          FieldPath.of(List.of("jsonPayload", key)) + "=" + SuggestedExclusion.quote(value));
    }
    for (String key : message.substring(open + 1, message.length() - 1).split(", ")) {
      if (key.isEmpty()) {
        return "";
      }
      if (!key.equals("…")) {
        clauses.add(FieldPath.of(List.of("jsonPayload", key)) + ":*");
      }
    }
    return SuggestedExclusion.CLAUSES + String.join(" AND ", clauses);
  }

  /**
   * When the message is the whole value of its JSON field (not cut out of a JSON line or a prefixed
   * text in it), so that an exclusion may match the field's whole value: the field marked {@link
   * SuggestedExclusion#WHOLE}; else null. Asked for every mined JSON entry: no allocation but the
   * strip of a value that differs from the message only in blanks.
   */
  static @Nullable String wholeValueField(LogEvent e, String field) {
    if (e.payloadKind() != PayloadKind.JSON) {
      return null;
    }
    for (int i = 0; i < JSON_MESSAGE_KEYS.length; i++) {
      if (field.equals(JSON_MESSAGE_PATHS[i])) {
        String v = e.payload().first(JSON_MESSAGE_KEYS[i]);
        boolean whole =
            v != null && (v.equals(e.message()) || v.strip().equals(e.message().strip()));
        return whole ? WHOLE_JSON_MESSAGE_PATHS[i] : null;
      }
    }
    return null;
  }

  /** {@link LogEntryParser#JSON_MESSAGE_FIELDS} as field paths. */
  private static final String[] JSON_MESSAGE_PATHS =
      LogEntryParser.JSON_MESSAGE_FIELDS.stream()
          .map(f -> "jsonPayload." + f)
          .toArray(String[]::new);

  /** {@link #JSON_MESSAGE_PATHS} marked whole. */
  private static final String[] WHOLE_JSON_MESSAGE_PATHS =
      java.util.Arrays.stream(JSON_MESSAGE_PATHS)
          .map(f -> SuggestedExclusion.WHOLE + f)
          .toArray(String[]::new);

  /** {@link LogEntryParser#JSON_MESSAGE_FIELDS} as payload keys. */
  private static final String[] JSON_MESSAGE_KEYS =
      LogEntryParser.JSON_MESSAGE_FIELDS.stream()
          .map(f -> FieldValues.key(("jsonPayload." + f).split("\\.")))
          .toArray(String[]::new);

  private static final String PROTO_STATUS_MESSAGE =
      FieldValues.key("protoPayload", "status", "message");
}
