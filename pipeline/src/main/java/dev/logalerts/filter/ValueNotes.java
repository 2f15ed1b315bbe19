package dev.logalerts.filter;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Values a valid filter compares with that rarely mean, in an alerting rule, what they say ({@link
 * Filter#valueNotes}), found by parsing the filter once more at launch, never per entry:
 *
 * <ul>
 *   <li>a severity written as an alias ({@code WARN}, {@code ERR}, {@code FATAL}, {@code CRIT},
 *       {@code TRACE}), of {@code severity} or an App Engine line's {@code
 *       protoPayload.line.severity}: here it means the level it names, but Cloud Logging converts
 *       an enum value only from its literal's name (any case) and "if an attempted conversion
 *       fails, then the comparison fails", so the same filter in a sink, a log-based metric or the
 *       Logs Explorer matches nothing;
 *   <li>a comparison of {@code timestamp} or {@code receiveTimestamp} with a fixed time: a rule
 *       sees entries as they arrive, so once that time has passed a lower bound lets every entry
 *       through and an upper bound (or equality) none.
 * </ul>
 */
public final class ValueNotes {
  private final List<String> severityAliases = new ArrayList<>();
  private final List<String> fixedTimes = new ArrayList<>();

  ValueNotes() {}

  /** Each severity alias, as {@code "'WARN' at position 11 (read as WARNING)"}. */
  public List<String> severityAliases() {
    return Collections.unmodifiableList(severityAliases);
  }

  /** Each comparison with a fixed time, as {@code "timestamp>=\"2024-01-01\" at position 13"}. */
  public List<String> fixedTimes() {
    return Collections.unmodifiableList(fixedTimes);
  }

  /** Looks at one compiled comparison's value ({@code text}, at {@code v}). */
  void see(Literals.Target t, String text, Token v) {
    if (t.computed != null || t.op == Op.REGEX || t.op == Op.NOT_REGEX) {
      return; // compared as text: no conversion to the field's type
    }
    if (t.time != 0) {
      if (t.op == Op.HAS) {
        return; // a substring of the time's text
      }
      fixedTimes.add(
          (t.time == 1 ? "timestamp" : "receiveTimestamp")
              + t.op.symbol()
              + Filter.quote(text)
              + " at position "
              + v.position());
    } else if (t.path.kind() == FieldPath.Kind.SEVERITY
        || (t.path.kind() == FieldPath.Kind.DYNAMIC
            && t.op != Op.HAS
            && ProtoPayloadTypes.isSeverity(t.path))) {
      Severity s = Severity.parse(text);
      char c = text.isEmpty() ? ' ' : text.charAt(0);
      if (s != null && !(c >= '0' && c <= '9') && !s.name().equalsIgnoreCase(text)) {
        severityAliases.add(
            "'" + text + "' at position " + v.position() + " (read as " + s.name() + ")");
      }
    }
  }
}
