package dev.logalerts.templates;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.MessageKeys;

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
        String guessed = MessageKeys.field(e);
        return guessed.isEmpty() ? SuggestedExclusion.shapeField(e.message()) : guessed;
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
   * Whether the message is the whole value of its JSON field (not cut out of a JSON line or a
   * prefixed text in it), so that an exclusion may match the field's whole value.
   */
  static boolean isWholeValue(LogEvent e, String field) {
    if (e.payloadKind() != PayloadKind.JSON) {
      return false;
    }
    for (int i = 0; i < JSON_MESSAGE_KEYS.length; i++) {
      if (field.equals("jsonPayload." + LogEntryParser.JSON_MESSAGE_FIELDS.get(i))) {
        String v = e.payload().first(JSON_MESSAGE_KEYS[i]);
        return v != null && (v.equals(e.message()) || v.strip().equals(e.message().strip()));
      }
    }
    return false;
  }

  /** {@link LogEntryParser#JSON_MESSAGE_FIELDS} as payload keys. */
  private static final String[] JSON_MESSAGE_KEYS =
      LogEntryParser.JSON_MESSAGE_FIELDS.stream()
          .map(f -> FieldValues.key(("jsonPayload." + f).split("\\.")))
          .toArray(String[]::new);

  private static final String PROTO_STATUS_MESSAGE =
      FieldValues.key("protoPayload", "status", "message");
}
