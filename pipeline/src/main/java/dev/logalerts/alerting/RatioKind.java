package dev.logalerts.alerting;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.rules.BadValue;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleFields;
import dev.logalerts.rules.RuleKey;
import dev.logalerts.rules.RuleKeys;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RuleValues;
import dev.logalerts.yaml.YamlNode;
import java.math.BigDecimal;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@code ratio}: the share of the window's matching entries that also match {@code numerator}
 * reaches {@code threshold}, with at least {@code minCount} entries.
 */
final class RatioKind extends SlidingKind {
  static final String NUMERATOR = "numerator";

  @Override
  public RuleType type() {
    return RuleType.RATIO;
  }

  @Override
  public List<RuleKey> keys() {
    return List.of(
        RuleKeys.THRESHOLD_KEY, RuleKey.of(NUMERATOR, RuleValues::compile), RuleKeys.MIN_COUNT_KEY);
  }

  @Override
  public void validate(RuleFields f, Rule.Builder b, Duration window) {
    Double t =
        f.required(
            RuleKeys.THRESHOLD,
            "required for type ratio (a fraction like 0.05 or '5%')",
            RatioKind::fraction);
    if (t != null) {
      b.setThreshold(t);
    }
    CompiledFilter num =
        f.required(
            NUMERATOR,
            "required for type ratio (the filter for the 'bad' entries, applied within"
                + " 'filter')",
            RatioKind::numerator);
    RuleFields.Field filter = f.field(RuleKeys.FILTER);
    if (num != null && filter != null && filter.node.isScalar() && impliedBy(filter, num)) {
      // Every entry of the denominator is then in the numerator: the ratio is 1 whenever the
      // window holds an entry, a rule that pages on any traffic.
      f.report(
          f.field(NUMERATOR),
          "every entry the filter matches also matches the numerator, so the ratio is always 1;"
              + " the filter is the denominator (all requests), the numerator the bad ones"
              + " within it");
      num = null;
    }
    if (num != null) {
      b.setNumerator(num);
    }
    b.setMinCount(
        f.optional(RuleKeys.MIN_COUNT, 0L, v -> RuleValues.integer(v, 0, 1_000_000_000L)));
  }

  private static CompiledFilter numerator(YamlNode v) throws BadValue {
    CompiledFilter c = RuleValues.compile(v);
    if (c.text().isBlank()) {
      throw new BadValue("must not be empty: a numerator matching everything is always ratio 1");
    }
    return c;
  }

  @Override
  public @Nullable String note(Rule r) {
    // 1 is a valid ratio (every request failing), and also what a user meaning 1% writes.
    if (r.threshold() == 1.0) {
      String note =
          "threshold 1 is a ratio of 100%: it fires only when every matching entry is in the"
              + " numerator; for 1% write 0.01 or '1%'";
      return r.minCount() > 0
          ? note
          : note
              + "; with no minCount, a window holding one matching entry that hits the numerator"
              + " (1 of 1) fires: set minCount to the fewest entries a ratio should be judged on,"
              + " e.g. minCount: 20";
    }
    // Error-rate rules ported from Loki or ElastAlert often have no minimum: a quiet group's one
    // failing request is then a 100% ratio, a page.
    if (r.minCount() == 0) {
      return "no minCount: a window holding one matching entry that hits the numerator is a ratio"
          + " of 100% (1 of 1) and fires; set minCount to the fewest entries a ratio should be"
          + " judged on (ElastAlert's min_denominator), e.g. minCount: 20";
    }
    return null;
  }

  private static boolean impliedBy(RuleFields.Field filter, CompiledFilter num) {
    try {
      return Filter.requires(Filter.compile(filter.node.text()), num);
    } catch (RuntimeException e) {
      return false; // a filter that does not compile is reported as such
    }
  }

  /** A fraction 0 < x <= 1, or a percentage {@code '5%'}. */
  private static double fraction(YamlNode v) throws BadValue {
    String s = RuleValues.scalarText(v);
    if (s.endsWith("%")) {
      BigDecimal pct;
      try {
        pct = new BigDecimal(s.substring(0, s.length() - 1).trim());
      } catch (NumberFormatException e) {
        throw new BadValue("'" + s + "' is not a percentage like '5%'");
      }
      if (pct.signum() <= 0 || pct.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new BadValue("ratio threshold '" + s + "' must be above 0% and at most 100%");
      }
      // Scaled in decimal, then rounded once: '1.1%' must be the double nearest 0.011, which a
      // window of 11 in 1000 computes, or that window would not reach its own threshold
      // (1.1 / 100.0 rounds to just above it).
      return pct.movePointLeft(2).doubleValue();
    }
    if (!v.isNumber()) {
      throw new BadValue(
          "ratio threshold must be a fraction like 0.05 or a percentage like '5%'; got "
              + v.describe());
    }
    double x = Double.parseDouble(s);
    if (!(x > 0 && x <= 1)) {
      throw new BadValue(
          "ratio threshold must be a fraction with 0 < x <= 1, like 0.05 (or a percentage like"
              + " '5%'); got "
              + s);
    }
    return x;
  }

  @Override
  int observes(Rule r) {
    return OBSERVE_NUMERATOR;
  }

  @Override
  void evaluate(Rule r, KeyState st, Eval ev) {
    BucketAgg a = ev.agg;
    ev.extra = a.count;
    ev.value = a.count == 0 ? 0 : (double) a.numerator / a.count;
    ev.cond = a.count > 0 && a.count >= r.minCount() && ev.value >= r.threshold();
  }

  @Override
  String valueText(double v) {
    return AlertText.percent(v);
  }

  @Override
  String core(Rule r, Eval ev) {
    String w = AlertText.duration(ev.end - ev.start);
    if (ev.extra == 0) {
      // Traffic stopped: "0% of 0" would read as an all-clear.
      return "no matching entries in " + w + " (threshold " + AlertText.percent(ev.threshold) + ")";
    }
    // The counts go last, so that the line starts as it always has.
    return AlertText.percent(ev.value)
        + " of "
        + AlertText.matchingEntries(ev.extra)
        + " hit the numerator in "
        + w
        + " (threshold "
        + AlertText.percent(ev.threshold)
        + "): "
        + AlertText.number(ev.agg.numerator)
        + " of "
        + AlertText.number(ev.extra)
        + belowMinCount(r, ev, "matching entries");
  }
}
