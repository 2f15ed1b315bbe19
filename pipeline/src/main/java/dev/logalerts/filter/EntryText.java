package dev.logalerts.filter;

import dev.logalerts.model.Durations;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.model.Severity;
import java.io.Serializable;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The text values of an entry that global restrictions (bare terms) and {@code SEARCH} look at,
 * offered one by one to a predicate straight from the parsed {@link LogEvent}: nothing is
 * serialized or copied per rule. "All fields" is every field of the LogEntry the pipeline keeps:
 * textPayload, every leaf of jsonPayload / protoPayload / sourceLocation / split, logName,
 * resource.type and resource.labels, labels, insertId, trace, spanId, severity (when set),
 * operation and httpRequest. Cheap string fields come first; httpRequest numbers are formatted only
 * when nothing else matched. JSON nulls are skipped.
 */
final class EntryText {
  private EntryText() {}

  /**
   * True when some text value of the entry satisfies the test. {@code numbers}: also offer
   * httpRequest's numbers (status, latency, sizes), which are formatted per call; callers pass
   * false when their text cannot occur in a number (see {@link #mayBeInNumber}). Values shorter
   * than {@code minLength} characters are not offered: a caller looking for a text of that length
   * ({@link Text#containsFolded} never finds it in a shorter value) saves a call per short label,
   * id or name. {@code payload} false: the payload values are not offered (the parser found the
   * text nowhere in them, {@link LogEvent#payloadLacks}).
   */
  static boolean any(
      LogEvent e, Predicate<String> t, boolean numbers, int minLength, boolean payload) {
    return anyOwn(e, t, numbers, minLength, payload) || anyShared(e, t, minLength);
  }

  /** The text values an entry has of its own: message, payload, ids, httpRequest. */
  static boolean anyOwn(LogEvent e, Predicate<String> t, boolean numbers, int minLength) {
    return anyOwn(e, t, numbers, minLength, true);
  }

  private static boolean anyOwn(
      LogEvent e, Predicate<String> t, boolean numbers, int minLength, boolean payload) {
    if (e.payloadKind() == PayloadKind.TEXT && test(t, e.message(), minLength)) {
      return true;
    }
    FieldValues p = payload ? e.payload() : FieldValues.EMPTY;
    for (int i = 0, n = p.size(); i < n; i++) {
      String v = p.valueAt(i);
      if (!FieldValues.isNull(v) && test(t, v, minLength)) {
        return true;
      }
    }
    if (test(t, e.insertId(), minLength)
        || test(t, e.trace(), minLength)
        || test(t, e.spanId(), minLength)
        || test(t, e.operationId(), minLength)
        || test(t, e.operationProducer(), minLength)) {
      return true;
    }
    HttpRequest h = e.httpRequest();
    return h != null && http(h, t, numbers, minLength);
  }

  /**
   * The text values many entries share: log name, resource type and labels, labels, severity (the
   * parser hands repeated ones out as the same instances, which {@link LiteralScanner} uses).
   */
  static boolean anyShared(LogEvent e, Predicate<String> t, int minLength) {
    return anyShared(e, t, minLength, SHARED);
  }

  /** {@link #anyShared} over the first {@code count} shared values. */
  private static boolean anyShared(LogEvent e, Predicate<String> t, int minLength, int count) {
    for (int i = 0; i < count; i++) {
      Object v = shared(e, i);
      if (v != null && anyIn(v, t, minLength)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the test holds for shared value {@code v}: the string, or one of the map's values. */
  static boolean anyIn(Object v, Predicate<String> t, int minLength) {
    return v instanceof String ? test(t, (String) v, minLength) : anyValue(asMap(v), t, minLength);
  }

  /** The number of {@link #shared} values of an entry. */
  static final int SHARED = 5;

  /** The {@link #shared} value that is the severity's name, the last. */
  private static final int SEVERITY = SHARED - 1;

  /**
   * True when some text field of the entry satisfies the test: {@link #any} without httpRequest's
   * numbers and the severity (an enum), which SEARCH does not match (Google: "you can't use the
   * SEARCH function to match nontext fields"); not looking into the payload when {@code payload} is
   * false.
   */
  static boolean anyTextField(LogEvent e, Predicate<String> t, int minLength, boolean payload) {
    return anyOwn(e, t, false, minLength, payload) || anyShared(e, t, minLength, SEVERITY);
  }

  /**
   * Shared value {@code i} of {@code e}: a string, a map whose values are text, or null (the
   * default severity, which has no name to search).
   */
  static @Nullable Object shared(LogEvent e, int i) {
    switch (i) {
      case 0:
        return e.logName();
      case 1:
        return e.resourceType();
      case 2:
        return e.resourceLabels();
      case 3:
        return e.labels();
      default:
        return e.severity() == Severity.DEFAULT ? null : e.severity().name();
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> asMap(Object sharedValue) {
    return (Map<String, String>) sharedValue;
  }

  private static boolean test(Predicate<String> t, String v, int minLength) {
    return v.length() >= minLength && t.test(v);
  }

  /** True when folded text could occur inside a formatted number or duration ("1.250s"). */
  static boolean mayBeInNumber(String folded) {
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.' && c != 's' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /** The text values of httpRequest, numbers as Cloud Logging writes them when asked. */
  static boolean http(HttpRequest h, Predicate<String> t, boolean numbers) {
    return http(h, t, numbers, 0);
  }

  private static boolean http(HttpRequest h, Predicate<String> t, boolean numbers, int minLength) {
    if (test(t, h.requestMethod(), minLength)
        || test(t, h.requestUrl(), minLength)
        || test(t, h.userAgent(), minLength)
        || test(t, h.remoteIp(), minLength)
        || test(t, h.serverIp(), minLength)
        || test(t, h.referer(), minLength)
        || test(t, h.protocol(), minLength)) {
      return true;
    }
    return numbers
        && ((h.status() != 0 && t.test(Integer.toString(h.status())))
            || (h.latencyNanos() >= 0 && t.test(Durations.format(h.latencyNanos())))
            || (h.requestSize() >= 0 && t.test(Long.toString(h.requestSize())))
            || (h.responseSize() >= 0 && t.test(Long.toString(h.responseSize()))));
  }

  static boolean anyValue(Map<String, String> m, Predicate<String> t) {
    return anyValue(m, t, 0);
  }

  private static boolean anyValue(Map<String, String> m, Predicate<String> t, int minLength) {
    if (m.isEmpty()) {
      return false;
    }
    for (String v : m.values()) {
      if (test(t, v, minLength)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A bare value ({@code timeout} or {@code "disk full"}): a case-insensitive substring of any text
   * value of the entry (see {@link EntryText}).
   */
  static final class Global extends Expr implements Predicate<String>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String needle;
    final String folded;
    private final int anchor;
    private final boolean numbers;

    Global(String needle) {
      this.needle = needle;
      this.folded = Text.fold(needle);
      this.anchor = Text.anchor(folded);
      this.numbers = mayBeInNumber(folded);
      this.ascii = new Nodes.FoldedValues(Op.HAS, needle, true);
    }

    /** The search of an entry whose texts are all ASCII ({@link LogEvent#plainAscii}). */
    private final Nodes.FoldedValues ascii;

    /**
     * The payload is not looked into when the parser found the text nowhere in the entry's bytes
     * ({@link LogEvent#payloadLacks}); the other fields are, as some are made from the bytes, not
     * copied (the message, the severity's name).
     */
    @Override
    boolean test(LogEvent e) {
      return any(
          e, e.plainAscii() ? ascii : this, numbers, folded.length(), !e.payloadLacks(folded));
    }

    /** None: it reads whatever the entry holds (of the payload, the leaves the parser kept). */
    @Override
    void fields(Consumer<FieldPath> out) {}

    @Override
    void textsSearchedEverywhere(Consumer<String> out) {
      out.accept(needle);
    }

    @Override
    public boolean test(String v) {
      return Text.containsFolded(v, folded, anchor);
    }

    @Override
    void appendTo(StringBuilder sb) {
      sb.append(Filter.quote(needle));
    }
  }
}
