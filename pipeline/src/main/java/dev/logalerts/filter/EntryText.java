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
   * false when their text cannot occur in a number (see {@link #mayBeInNumber}).
   */
  static boolean any(LogEvent e, Predicate<String> t, boolean numbers) {
    if (e.payloadKind() == PayloadKind.TEXT && t.test(e.message())) {
      return true;
    }
    FieldValues p = e.payload();
    for (int i = 0, n = p.size(); i < n; i++) {
      String v = p.valueAt(i);
      if (!FieldValues.isNull(v) && t.test(v)) {
        return true;
      }
    }
    if (t.test(e.logName())
        || t.test(e.resourceType())
        || anyValue(e.resourceLabels(), t)
        || anyValue(e.labels(), t)
        || t.test(e.insertId())
        || t.test(e.trace())
        || t.test(e.spanId())
        || t.test(e.operationId())
        || t.test(e.operationProducer())
        || (e.severity() != Severity.DEFAULT && t.test(e.severity().name()))) {
      return true;
    }
    HttpRequest h = e.httpRequest();
    return h != null && http(h, t, numbers);
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
    if (t.test(h.requestMethod())
        || t.test(h.requestUrl())
        || t.test(h.userAgent())
        || t.test(h.remoteIp())
        || t.test(h.serverIp())
        || t.test(h.referer())
        || t.test(h.protocol())) {
      return true;
    }
    return numbers
        && ((h.status() != 0 && t.test(Integer.toString(h.status())))
            || (h.latencyNanos() >= 0 && t.test(Durations.format(h.latencyNanos())))
            || (h.requestSize() >= 0 && t.test(Long.toString(h.requestSize())))
            || (h.responseSize() >= 0 && t.test(Long.toString(h.responseSize()))));
  }

  static boolean anyValue(Map<String, String> m, Predicate<String> t) {
    if (m.isEmpty()) {
      return false;
    }
    for (String v : m.values()) {
      if (t.test(v)) {
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
    }

    @Override
    boolean test(LogEvent e) {
      return any(e, this, numbers);
    }

    /** None: it reads whatever the entry holds (of the payload, the leaves the parser kept). */
    @Override
    void fields(Consumer<FieldPath> out) {}

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
