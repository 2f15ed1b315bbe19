package dev.logalerts.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logalerts.model.Durations;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.Severity;
import dev.logalerts.model.SortedLabels;
import dev.logalerts.model.Timestamps;
import dev.logalerts.parse.InvalidEntryException.Reason;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;

/**
 * The typed top-level values of a LogEntry (strings, booleans, string maps, timestamps, Duration,
 * int64, HTTP status, severity), read from the current token of a streaming {@link JsonParser}, and
 * the wording of the {@link InvalidEntryException}s for values of the wrong type. Static helpers of
 * {@link LogEntryParser}.
 */
final class JsonValues {
  private JsonValues() {}

  static void expectObject(JsonParser p, JsonToken t, String path) throws InvalidEntryException {
    if (t != JsonToken.START_OBJECT) {
      throw wrongType(path, "an object", t);
    }
  }

  static String string(JsonParser p, JsonToken t, String path)
      throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(path, "a string", t);
    }
    return p.getText();
  }

  static boolean bool(JsonParser p, JsonToken t, String path) throws InvalidEntryException {
    if (t == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw wrongType(path, "a boolean", t);
  }

  static Map<String, String> stringMap(JsonParser p, JsonToken t, String path)
      throws IOException, InvalidEntryException {
    expectObject(p, t, path);
    SortedLabels.Builder m = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      if (v != JsonToken.VALUE_STRING) {
        throw wrongType(path + '.' + quoteSegment(key), "a string", v);
      }
      if (m == null) {
        m = SortedLabels.builder();
      }
      m.put(key, p.getText());
    }
    // Sorted, so that LogEventCoder writes it without sorting it again.
    return m == null ? Collections.emptyMap() : m.build();
  }

  static long timestamp(JsonParser p, JsonToken t, String path, ParsedEntry e)
      throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(path, "an RFC 3339 timestamp string", t);
    }
    // The fast path reads the common form from the bytes; Jackson's (the fallback) the general way.
    long fast =
        p instanceof FastJsonParser
            ? ((FastJsonParser) p).utcTimestamp()
            : FastTimestamps.NOT_SIMPLE;
    if (fast != FastTimestamps.NOT_SIMPLE) {
      return fast;
    }
    CharSequence text = e.view().of(p);
    try {
      return Timestamps.parse(text);
    } catch (RuntimeException ex) {
      String note = ForeignShapes.timestampNote(text);
      throw new InvalidEntryException(
          Reason.INVALID_TIMESTAMP,
          path
              + ": '"
              + abbreviate(text)
              + "' is not an RFC 3339 timestamp ("
              + (note == null ? ex.getMessage() : note)
              + ")");
    }
  }

  static long latency(JsonParser p, JsonToken t, ParsedEntry e)
      throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType("httpRequest.latency", "a Duration string like \"0.25s\"", t);
    }
    CharSequence text = e.view().of(p);
    if (text.length() == 0) {
      return HttpRequest.ABSENT;
    }
    long nanos;
    try {
      nanos = Durations.parse(text);
    } catch (RuntimeException ex) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE,
          "httpRequest.latency: '"
              + abbreviate(text)
              + "' is not a Duration ("
              + ex.getMessage()
              + ")");
    }
    if (nanos < 0) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "httpRequest.latency: negative Duration '" + abbreviate(text) + "'");
    }
    return nanos;
  }

  /** An int64 as the REST API writes it (a string) or as a JSON number; must be >= 0. */
  static long int64(JsonParser p, JsonToken t, String path)
      throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(path, "an integer (string or number)", t);
    }
    if (t == JsonToken.VALUE_STRING && p.getTextLength() == 0) {
      return HttpRequest.ABSENT;
    }
    long v = parseNonNegative(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (v < 0) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, path + ": expected a non-negative int64, got " + quoted(p, t));
    }
    return v;
  }

  static int httpStatus(JsonParser p, JsonToken t) throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType("httpRequest.status", "an integer", t);
    }
    long v = parseNonNegative(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (v < 0) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "httpRequest.status: expected an integer, got " + quoted(p, t));
    }
    if (v > 999) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "httpRequest.status: " + v + " is not an HTTP status (0–999)");
    }
    return (int) v;
  }

  static Severity severity(JsonParser p, JsonToken t) throws IOException, InvalidEntryException {
    if (t == JsonToken.VALUE_STRING) {
      char[] buf = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      Severity s = exactSeverity(buf, off, len);
      if (s != null) {
        return s;
      }
      // Blanks around a number do not make it a name: " 900" is out of range as "900" is.
      int start = off;
      int end = off + len;
      while (start < end && buf[start] <= ' ') {
        start++;
      }
      while (end > start && buf[end - 1] <= ' ') {
        end--;
      }
      if (allDigits(buf, start, end - start)) {
        return numericSeverity(parseNonNegative(buf, start, end - start), p, t);
      }
      s = Severity.parse(p.getText());
      return s == null ? Severity.DEFAULT : s; // unknown names: liberal, see class javadoc
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return numericSeverity(
          parseNonNegative(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()), p, t);
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "severity: expected an integer 0–800, got " + abbreviate(p.getText()));
    }
    throw wrongType("severity", "a severity name or number", t);
  }

  static Severity numericSeverity(long v, JsonParser p, JsonToken t)
      throws IOException, InvalidEntryException {
    if (v < 0 || v > Severity.EMERGENCY.number()) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "severity: " + quoted(p, t) + " is out of range 0–800");
    }
    return Severity.fromNumber((int) v);
  }

  /** The canonical upper-case names, matched without allocating. */
  static Severity exactSeverity(char[] b, int off, int len) {
    switch (len) {
      case 4:
        return eq(b, off, "INFO") ? Severity.INFO : null;
      case 5:
        if (eq(b, off, "ERROR")) {
          return Severity.ERROR;
        }
        if (eq(b, off, "DEBUG")) {
          return Severity.DEBUG;
        }
        return eq(b, off, "ALERT") ? Severity.ALERT : null;
      case 6:
        return eq(b, off, "NOTICE") ? Severity.NOTICE : null;
      case 7:
        if (eq(b, off, "WARNING")) {
          return Severity.WARNING;
        }
        return eq(b, off, "DEFAULT") ? Severity.DEFAULT : null;
      case 8:
        return eq(b, off, "CRITICAL") ? Severity.CRITICAL : null;
      case 9:
        return eq(b, off, "EMERGENCY") ? Severity.EMERGENCY : null;
      default:
        return null;
    }
  }

  static boolean eq(char[] b, int off, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[off + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static boolean allDigits(char[] b, int off, int len) {
    if (len == 0) {
      return false;
    }
    for (int i = off; i < off + len; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  /** Decimal digits only, at most {@code Long.MAX_VALUE} (an int64); -1 when not that. */
  static long parseNonNegative(char[] b, int off, int len) {
    if (len == 0 || len > 19) {
      return -1;
    }
    long v = 0;
    for (int i = off; i < off + len; i++) {
      char c = b[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      int d = c - '0';
      if (i - off == 18 && v > (Long.MAX_VALUE - d) / 10) {
        return -1; // the 19th digit would overflow
      }
      v = v * 10 + d;
    }
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  static InvalidEntryException wrongType(String path, String expected, JsonToken got) {
    return new InvalidEntryException(
        Reason.WRONG_TYPE, path + ": expected " + expected + ", got " + describe(got));
  }

  static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }

  static String quoted(JsonParser p, JsonToken t) throws IOException {
    String text = abbreviate(p.getText());
    return t == JsonToken.VALUE_STRING ? "the string \"" + text + "\"" : text;
  }

  /** Cloud Logging path syntax for a map key: quoted unless it is a plain identifier. */
  static String quoteSegment(String key) {
    boolean plain = !key.isEmpty();
    for (int i = 0; i < key.length() && plain; i++) {
      char c = key.charAt(i);
      plain =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    return plain ? key : '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  static String abbreviate(CharSequence s) {
    return s.length() <= 100 ? s.toString() : s.subSequence(0, 100) + "…";
  }

  /**
   * A small non-negative integer written in decimal digits (a status code, a port); 0 when {@code
   * s} is empty, longer than 9 digits or not all digits.
   */
  static int unsignedInt(String s) {
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
}
