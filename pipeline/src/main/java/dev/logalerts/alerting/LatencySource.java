package dev.logalerts.alerting;

import dev.logalerts.model.Durations;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.rules.BadValue;
import dev.logalerts.rules.RuleValues;
import dev.logalerts.yaml.YamlNode;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a latency rule reads each entry's response time, in seconds: {@code httpRequest.latency}
 * (load balancers, Cloud Run, App Engine), or the rule's {@code field}, for applications that log
 * their own (a GKE service's {@code jsonPayload.latency_ms}, an access log's {@code duration}). A
 * field's number is read in the rule's {@code unit}; a text with its own unit is read as written:
 * Cloud Logging's and protobuf's {@code "0.250s"}, Go's {@code "1m2.5s"}, {@code "250ms"}, {@code
 * "850µs"}. An entry without the field, or whose value is neither, has no response time (it does
 * not count toward the percentile or {@code minCount}); a value that is there but unreadable is
 * counted per rule ({@link EvaluateRules#LATENCY_UNREADABLE_COUNTER_PREFIX}), so a wrong field or
 * format shows.
 */
final class LatencySource {
  private static final LatencySource REQUEST = new LatencySource(null, 1);

  private final @Nullable FieldPath field;
  private final double unitSeconds;

  private LatencySource(@Nullable FieldPath field, double unitSeconds) {
    this.field = field;
    this.unitSeconds = unitSeconds;
  }

  /**
   * From a rule's kind settings: the field as written and its unit's name (both null: httpRequest).
   */
  static LatencySource of(@Nullable String field, @Nullable String unit) {
    if (field == null) {
      return REQUEST;
    }
    return new LatencySource(
        FieldPath.parse(field), unit == null ? 1 : Durations.unitSeconds(unit));
  }

  /**
   * The response time of {@code e} in seconds; NaN when it has none. {@link #UNREADABLE} when the
   * field holds a value that is neither a number nor a duration.
   */
  double seconds(LogEvent e) {
    if (field == null) {
      HttpRequest h = e.httpRequest();
      return h == null ? Double.NaN : h.latencySeconds();
    }
    String v = field.value(e);
    return v == null ? Double.NaN : parse(v, unitSeconds);
  }

  /** What {@link #seconds} returns for a value it cannot read: negative, unlike any latency. */
  static final double UNREADABLE = -1;

  /** A number in {@code unitSeconds}, or a duration text with its own unit; else UNREADABLE. */
  static double parse(String v, double unitSeconds) {
    String s = v.trim();
    double n = FieldPath.parseNumber(s);
    if (!Double.isNaN(n)) {
      return n >= 0 && !Double.isInfinite(n) ? n * unitSeconds : UNREADABLE;
    }
    return duration(s);
  }

  /**
   * Go's and protobuf's duration texts: one or more number-unit parts, units h, m, s, ms, us, µs,
   * ns ("1h2m3.5s", "250ms", "0.250s", also "250 ms"); UNREADABLE for anything else.
   */
  static double duration(String s) {
    double total = 0;
    int i = 0;
    int n = s.length();
    if (n == 0) {
      return UNREADABLE;
    }
    while (i < n) {
      int start = i;
      while (i < n && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      int numberEnd = i;
      while (i < n && s.charAt(i) == ' ') {
        i++; // "250 ms"
      }
      int unitStart = i;
      while (i < n
          && !(Character.isDigit(s.charAt(i)) || s.charAt(i) == '.' || s.charAt(i) == ' ')) {
        i++;
      }
      if (start == numberEnd || unitStart == i) {
        return UNREADABLE;
      }
      while (i < n && s.charAt(i) == ' ') {
        i++; // "1 m 30 s"
      }
      double part =
          FieldPath.parseNumber(s.substring(start, numberEnd))
              * Durations.unitSeconds(s.substring(unitStart, i).trim());
      if (Double.isNaN(part)) {
        return UNREADABLE;
      }
      total += part;
    }
    return total;
  }

  /** The units a field's numbers may be in: response times, not minutes or hours. */
  private static final List<String> UNITS = List.of("ns", "us", "µs", "ms", "s");

  /** Checks a rule's {@code field}: a payload field, a label, or httpRequest.latency. */
  static FieldPath field(YamlNode v) throws BadValue {
    String text = RuleValues.scalarText(v);
    FieldPath p;
    try {
      p = FieldPath.parse(text);
    } catch (IllegalArgumentException e) {
      throw new BadValue(e.getMessage());
    }
    List<String> segs = p.segments();
    boolean label = segs.size() == 2 && segs.get(0).equals("labels");
    if (!(p.isPayload() && segs.size() > 1) && !label && !isRequestLatency(p)) {
      throw new BadValue(
          "must be the field holding each entry's response time: a payload field like"
              + " jsonPayload.latency_ms, a label, or httpRequest.latency; got '"
              + text
              + "'");
    }
    return p;
  }

  /** Checks a rule's {@code unit}; returns seconds per unit. */
  static double unitSeconds(YamlNode v) throws BadValue {
    String unit = RuleValues.scalarText(v);
    if (!UNITS.contains(unit)) {
      throw new BadValue(
          "must be ns, us, ms or s (the unit of the field's numbers); got " + v.text());
    }
    return Durations.unitSeconds(unit);
  }

  static boolean isRequestLatency(FieldPath p) {
    return p.segments().equals(List.of("httpRequest", "latency"));
  }
}
