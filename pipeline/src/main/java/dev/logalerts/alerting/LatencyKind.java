package dev.logalerts.alerting;

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
import org.joda.time.Duration;

/**
 * {@code latency}: the {@code percentile} of {@link HttpRequest#latencySeconds()} over the window
 * (a mergeable KLL sketch in {@link BucketAgg}) reaches {@code threshold}, with at least {@code
 * minCount} requests.
 */
final class LatencyKind extends SlidingKind {
  static final String PERCENTILE = "percentile";

  @Override
  public RuleType type() {
    return RuleType.LATENCY;
  }

  @Override
  public List<RuleKey> keys() {
    return List.of(
        RuleKeys.THRESHOLD_KEY,
        RuleKeys.MIN_COUNT_KEY,
        RuleKey.of(PERCENTILE, LatencyKind::percentile));
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
  }

  private static double seconds(YamlNode v) throws BadValue {
    if (v.isNumber()) {
      throw new BadValue(
          "latency threshold must be a duration with a unit, like 1.5s or 500ms; got " + v.text());
    }
    return RuleValues.duration(v).getMillis() / 1000.0;
  }

  private static double percentile(YamlNode v) throws BadValue {
    double p = RuleValues.number(v);
    if (!(p > 0 && p < 100)) {
      throw new BadValue(
          "percentile must be between 0 and 100 (exclusive), like 95 or 99.9; got " + v.text());
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
    ev.value = n == 0 ? 0 : a.quantile(r.percentile() / 100.0);
    ev.cond = n > 0 && n >= r.minCount() && ev.value >= r.threshold();
  }

  @Override
  String core(Rule r, Eval ev) {
    String w = AlertText.duration(ev.end - ev.start);
    return "p"
        + AlertText.number(r.percentile())
        + " latency "
        + AlertText.number(ev.value)
        + "s over "
        + AlertText.number(ev.extra)
        + " requests in "
        + w
        + " (threshold "
        + AlertText.number(ev.threshold)
        + "s)";
  }
}
