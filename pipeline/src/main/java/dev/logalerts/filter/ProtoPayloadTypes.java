package dev.logalerts.filter;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import java.util.Map;

/**
 * protoPayload fields whose proto type Cloud Logging compares by, as it does for {@code
 * httpRequest.latency} and {@code severity}: "Log fields that are part of protoPayload objects are
 * also protocol buffer fields and have explicit types". A Duration compares by its length ({@code
 * "1.2s" >= "1s"}), a LogSeverity enum in severity order ({@code ERROR > INFO}); as text both would
 * compare wrongly ({@code "1.200s" < "1s"}, {@code "INFO" > "ERROR"}).
 *
 * <p>The table holds the typed fields of the payloads alert rules filter on. Typing is decided per
 * value, not by the payload's {@code @type}: a value in the type's JSON form (a Duration string
 * like {@code "1.234s"}, a severity name or number) compares by type, any other value (another
 * payload's numeric {@code latency}, say) compares as a payload leaf does. A literal that is not of
 * the type leaves the whole comparison to the payload-leaf rules, and {@code :} keeps its
 * payload-leaf meaning.
 */
final class ProtoPayloadTypes {
  private ProtoPayloadTypes() {}

  enum Type {
    DURATION,
    SEVERITY
  }

  /** FieldValues key of a typed path → its type. */
  private static final Map<String, Type> TYPED =
      Map.of(
          // google.appengine.logging.v1.RequestLog (App Engine request logs)
          FieldValues.key("protoPayload", "latency"), Type.DURATION,
          FieldValues.key("protoPayload", "pendingTime"), Type.DURATION,
          FieldValues.key("protoPayload", "line", "severity"), Type.SEVERITY);

  /** The comparison of a payload path: typed when the table knows the path, else DynamicCmp. */
  static Expr compare(FieldPath path, Op op, String literal) {
    Nodes.DynamicCmp leaf = new Nodes.DynamicCmp(path, op, literal);
    Type type = TYPED.get(FieldValues.key(path.segments()));
    if (type == null || op == Op.HAS) {
      return leaf;
    }
    double typed = type == Type.DURATION ? Literals.seconds(literal) : severity(literal);
    if (typed != typed) {
      return leaf;
    }
    return new TypedCmp(path, op, literal, type, typed, leaf);
  }

  /**
   * Whether {@code path} is a typed LogSeverity field of a payload ({@code
   * protoPayload.line.severity}).
   */
  static boolean isSeverity(FieldPath path) {
    return TYPED.get(FieldValues.key(path.segments())) == Type.SEVERITY;
  }

  /** A severity literal as its number (names, aliases like WARN, or numbers); NaN otherwise. */
  private static double severity(String literal) {
    double d = FieldPath.parseNumber(literal);
    if (d == d) {
      return d;
    }
    Severity s = Severity.parse(literal);
    return s == null ? Double.NaN : s.number();
  }

  private static final Severity[] SEVERITIES = Severity.values();

  /**
   * A value as a number of its type: a Duration string's seconds, a severity name's (or a number's)
   * severity number; NaN when the value is not in the type's form.
   */
  static double valueOf(Type type, String v) {
    if (type == Type.DURATION) {
      return durationSeconds(v);
    }
    for (Severity s : SEVERITIES) {
      if (s.name().equalsIgnoreCase(v)) {
        return s.number();
      }
    }
    return Text.parseNumber(v);
  }

  /** Whole seconds below which a Duration's nanoseconds fit a long. */
  private static final long MAX_EXACT_SECONDS = Long.MAX_VALUE / 1_000_000_000L;

  /**
   * Seconds of a protobuf Duration in its JSON form ({@code "1.234s"}, {@code "-0.5s"}, {@code
   * "3s"}: digits, up to nine fractional digits, then {@code s}); NaN for anything else. Parsed to
   * whole nanoseconds first (up to 292 years), so {@code "0.300s"} is exactly 300 ms. Not {@link
   * dev.logalerts.model.Durations#parse}: that one throws (this runs per value and most values of
   * other payloads are not Durations), stops at 292 years where the proto's range is 10,000, and
   * accepts the looser forms {@code ".5s"} and {@code "1.s"}, which are not the proto's JSON.
   */
  static double durationSeconds(String v) {
    int end = v.length() - 1;
    if (end < 1 || v.charAt(end) != 's') {
      return Double.NaN;
    }
    int i = v.charAt(0) == '-' ? 1 : 0;
    int start = i;
    long seconds = 0;
    for (; i < end && isDigit(v.charAt(i)); i++) {
      if (i - start >= 12) {
        return Double.NaN; // more digits than Duration's range (10,000 years) has
      }
      seconds = seconds * 10 + (v.charAt(i) - '0');
    }
    if (i == start) {
      return Double.NaN;
    }
    long nanos = 0;
    int fraction = 0;
    if (i < end && v.charAt(i) == '.') {
      for (i++; i < end && isDigit(v.charAt(i)); i++) {
        if (++fraction > 9) {
          return Double.NaN;
        }
        nanos = nanos * 10 + (v.charAt(i) - '0');
      }
      if (fraction == 0) {
        return Double.NaN;
      }
      for (int k = fraction; k < 9; k++) {
        nanos *= 10;
      }
    }
    if (i != end) {
      return Double.NaN;
    }
    double s =
        seconds < MAX_EXACT_SECONDS
            ? (seconds * 1_000_000_000L + nanos) / 1e9 // as HttpRequest.latencySeconds
            : seconds + nanos / 1e9;
    return start == 1 ? -s : s;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * {@code path OP literal} on a typed payload path: each value in the type's form compares by
   * type; other values compare as the payload leaf would. Prepared at compile time, allocation-free
   * per value.
   */
  static final class TypedCmp extends Nodes.ValueComparison {
    private static final long serialVersionUID = 1L;
    private final Type type;
    private final double typed;

    /** The operator applied to each value ({@code =} for {@code !=}). */
    private final Op valueOp;

    /** The payload-leaf comparison for values not in the type's form. */
    private final Nodes.DynamicCmp leaf;

    TypedCmp(
        FieldPath path, Op op, String literal, Type type, double typed, Nodes.DynamicCmp leaf) {
      super(path, op, literal);
      this.type = type;
      this.typed = typed;
      this.valueOp = op == Op.NE ? Op.EQ : op;
      this.leaf = leaf;
    }

    @Override
    boolean test(LogEvent e) {
      return evaluate(e);
    }

    @Override
    public boolean test(String v) {
      double d = valueOf(type, v);
      if (d == d) {
        return valueOp.holds(Text.compareNumbers(d, typed));
      }
      return leaf.test(v);
    }
  }
}
