package dev.logalerts.alerting;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.rules.BadValue;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleFields;
import dev.logalerts.rules.RuleKey;
import dev.logalerts.rules.RuleKeys;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RuleValues;
import dev.logalerts.yaml.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.joda.time.Duration;

/**
 * {@code latency}: the {@code percentile} of the matching entries' response times over the window
 * reaches {@code threshold}, with at least {@code minCount} requests. The response time is {@link
 * HttpRequest#latencySeconds()}, or the rule's {@code field} (an application's own {@code
 * jsonPayload.latency_ms}, read in its {@code unit}: {@link LatencySource}). Whether it reaches the
 * threshold is decided exactly from the count of requests at or above it ({@link
 * BucketAgg#quantileReaches}), so two runs over the same entries fire at the same boundaries; the
 * value shown is the mergeable KLL sketch's estimate in {@link BucketAgg} (within about 1.7% of
 * rank once a window holds more than ~200 requests, exact below); when it falls on the other side
 * of the threshold than the exact decision, the nearest latency the sketch kept on the right side.
 * A window with buckets counted against an edited rule's former threshold is decided by the sketch
 * until they leave it.
 */
final class LatencyKind extends SlidingKind {
  static final String PERCENTILE = "percentile";
  static final String UNIT = "unit";

  @Override
  public RuleType type() {
    return RuleType.LATENCY;
  }

  @Override
  public List<RuleKey> keys() {
    return List.of(
        RuleKeys.THRESHOLD_KEY,
        RuleKeys.MIN_COUNT_KEY,
        RuleKey.of(PERCENTILE, LatencyKind::percentile),
        RuleKey.of(Rule.VALUE_FIELD, LatencySource::field),
        RuleKey.of(UNIT, LatencySource::unitSeconds));
  }

  @Override
  public void validate(RuleFields f, Rule.Builder b, Duration window) {
    Double t =
        f.required(
            RuleKeys.THRESHOLD,
            "required for type latency (a duration like 1.5s)",
            LatencyKind::seconds);
    if (t != null) {
      b.setThreshold(t);
    }
    b.setPercentile(f.optional(PERCENTILE, 95.0, LatencyKind::percentile));
    b.setMinCount(
        f.optional(RuleKeys.MIN_COUNT, 0L, v -> RuleValues.integer(v, 0, 1_000_000_000L)));
    Map<String, String> settings = new TreeMap<>();
    boolean fieldGiven = f.field(Rule.VALUE_FIELD) != null;
    FieldPath field = f.optional(Rule.VALUE_FIELD, null, LatencySource::field);
    RuleFields.Field unit = f.field(UNIT);
    if (field != null && !LatencySource.isRequestLatency(field)) {
      settings.put(Rule.VALUE_FIELD, field.toString());
      if (unit == null) {
        f.missing(
            UNIT,
            "required with field: the unit of the field's numbers, ns, us, ms or s (a text with"
                + " its own unit, like \"250ms\", is read as written)");
      } else if (f.optional(UNIT, null, LatencySource::unitSeconds) != null) {
        settings.put(UNIT, unit.node.text);
      }
    } else if (unit != null && !unit.fromDefaults && (field != null || !fieldGiven)) {
      f.report(
          unit,
          "unit is only valid with field (httpRequest.latency, the default, is a duration"
              + " already)");
    }
    if (!settings.isEmpty()) {
      b.setKindSettings(settings);
    }
  }

  /** Where the rule's response times come from. */
  static LatencySource source(Rule r) {
    return LatencySource.of(r.kindSettings().get(Rule.VALUE_FIELD), r.kindSettings().get(UNIT));
  }

  private static double seconds(YamlNode v) throws BadValue {
    if (v.isNumber()) {
      throw new BadValue(
          "latency threshold must be a duration with a unit, like 1.5s or 500ms; got " + v.text());
    }
    return RuleValues.duration(v).getMillis() / 1000.0;
  }

  private static double percentile(YamlNode v) throws BadValue {
    if (v.isString() && v.text().matches("(?i)p\\d+(\\.\\d+)?")) {
      throw new BadValue(
          "percentile is a number: write " + v.text().substring(1) + " for " + v.text());
    }
    double p = RuleValues.number(v);
    if (!(p > 0 && p < 100)) {
      throw new BadValue(
          "percentile must be at least 1 and below 100, like 95 or 99.9; got " + v.text());
    }
    if (p < 1) {
      // A quantile as Prometheus writes it (0.99): read as a percentile it is the fastest
      // requests' latency, which would hide any regression.
      throw new BadValue(
          "percentile is on a 0-100 scale: "
              + v.text()
              + " would be the p"
              + v.text()
              + ", near the fastest request; for the "
              + AlertText.number(p * 100)
              + "th percentile write "
              + AlertText.number(p * 100));
    }
    return p;
  }

  @Override
  int observes(Rule r) {
    return OBSERVE_LATENCY;
  }

  @Override
  void evaluate(Rule r, KeyState st, Eval ev) {
    BucketAgg a = ev.agg;
    long n = a.latencyCount();
    ev.extra = n;
    double rank = r.percentile() / 100.0;
    double t = r.threshold();
    ev.value = n == 0 ? 0 : a.quantile(rank);
    Boolean exact = a.quantileReaches(rank, t);
    boolean reaches = exact != null ? exact : ev.value >= t;
    if (reaches != ev.value >= t) {
      // The estimate erred across the threshold: show the nearest value the sketch kept on the
      // side the exact count is on.
      ev.value = a.nearestKept(t, reaches);
    }
    ev.cond = n > 0 && n >= r.minCount() && reaches;
  }

  @Override
  String valueText(double v) {
    return AlertText.number(v) + "s";
  }

  @Override
  String core(Rule r, Eval ev) {
    String w = AlertText.duration(ev.end - ev.start);
    String threshold = AlertText.number(ev.threshold) + "s";
    BucketAgg a = ev.agg;
    // The slow requests are counted exactly when they were compared with this threshold; the
    // count goes last, so that the line starts as it always has.
    boolean counted = a.latencyCount() > 0 && Double.compare(a.latencyCountedAt, ev.threshold) == 0;
    if (ev.extra == 0) {
      // Traffic stopped: "latency 0s over 0 requests" would read as an all-clear.
      return "no requests measured in " + w + " (threshold " + threshold + ")";
    }
    return "p"
        + AlertText.number(r.percentile())
        + " latency "
        + AlertText.number(ev.value)
        + "s over "
        + AlertText.number(ev.extra)
        + " requests in "
        + w
        + " (threshold "
        + threshold
        + ")"
        + (counted ? ": " + AlertText.number(a.numerator) + " at or above it" : "")
        + belowMinCount(r, ev, "requests");
  }
}
