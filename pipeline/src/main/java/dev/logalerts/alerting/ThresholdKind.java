package dev.logalerts.alerting;

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

/** {@code threshold}: the window holds at least {@code threshold} matching entries. */
final class ThresholdKind extends SlidingKind {
  @Override
  public RuleType type() {
    return RuleType.THRESHOLD;
  }

  @Override
  public List<RuleKey> keys() {
    return List.of(RuleKeys.THRESHOLD_KEY);
  }

  @Override
  public void validate(RuleFields f, Rule.Builder b, Duration window) {
    Double t =
        f.required(
            RuleKeys.THRESHOLD,
            "required for type threshold (a count like 5)",
            ThresholdKind::count);
    if (t != null) {
      b.setThreshold(t);
    }
  }

  private static double count(YamlNode v) throws BadValue {
    if (!v.isInteger()) {
      throw new BadValue(
          "threshold for type threshold is a count of entries, a whole number >= 1, like 5; got "
              + v.describe()
              + (v.isString() && v.text().strip().matches("\\d+")
                  ? " in quotes, which is text: write " + v.text().strip() + " without quotes"
                  : ""));
    }
    return RuleValues.integer(v, 1, 1_000_000_000L);
  }

  @Override
  boolean monotone() {
    return true;
  }

  @Override
  void evaluate(Rule r, KeyState st, Eval ev) {
    BucketAgg a = ev.agg;
    ev.value = a.count;
    ev.cond = a.count > 0 && a.count >= r.threshold();
  }

  @Override
  String core(Rule r, Eval ev) {
    String w = AlertText.duration(ev.end - ev.start);
    return "logged "
        + AlertText.matchingEntries(ev.value)
        + " in "
        + w
        + " (threshold "
        + AlertText.number(ev.threshold)
        + ")";
  }
}
