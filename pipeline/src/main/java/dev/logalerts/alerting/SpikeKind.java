package dev.logalerts.alerting;

import dev.logalerts.rules.BadValue;
import dev.logalerts.rules.HumanDurations;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleFields;
import dev.logalerts.rules.RuleKey;
import dev.logalerts.rules.RuleKeys;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RuleValues;
import dev.logalerts.rules.SpikeDirection;
import dev.logalerts.yaml.YamlNode;
import java.util.List;
import java.util.Locale;
import org.joda.time.Duration;

/**
 * {@code spike}: the window's count is at least {@code factor} times (up) or at most 1/{@code
 * factor} of (down) the mean per window of the {@code baseline} before it, once the baseline is
 * covered by history. With {@code both}, a rise counts only over a baseline whose every window held
 * an entry, and while the baseline holds the last incident's traffic the other direction is judged
 * against the level that incident fired over ({@link KeyState#reference}).
 */
final class SpikeKind extends SlidingKind {
  static final String FACTOR = "factor";
  static final String DIRECTION = "direction";
  static final String BASELINE = "baseline";

  @Override
  public RuleType type() {
    return RuleType.SPIKE;
  }

  @Override
  public List<RuleKey> keys() {
    return List.of(
        RuleKeys.MIN_COUNT_KEY,
        RuleKey.of(FACTOR, SpikeKind::factor),
        RuleKey.of(DIRECTION, SpikeKind::direction),
        RuleKey.of(BASELINE, SpikeKind::baselineAlone));
  }

  @Override
  public void validate(RuleFields f, Rule.Builder b, Duration window) {
    b.setFactor(f.optional(FACTOR, 3.0, SpikeKind::factor));
    b.setDirection(f.optional(DIRECTION, SpikeDirection.UP, SpikeKind::direction));
    b.setMinCount(
        f.optional(RuleKeys.MIN_COUNT, 0L, v -> RuleValues.integer(v, 0, 1_000_000_000L)));
    RuleFields.Field base = f.field(BASELINE);
    if (base == null) {
      b.setBaseline(window.multipliedBy(6));
      return;
    }
    try {
      b.setBaseline(baseline(base.node, window));
    } catch (BadValue e) {
      f.report(base, e.getMessage());
    }
  }

  private static double factor(YamlNode v) throws BadValue {
    double f = RuleValues.number(v);
    if (!(f > 1 && f <= 1000)) {
      throw new BadValue(
          "factor must be greater than 1 (and at most 1000), like 3; got "
              + v.text()
              + " (for direction down it is the drop factor: current <= baseline / factor)");
    }
    return f;
  }

  private static SpikeDirection direction(YamlNode v) throws BadValue {
    String s = RuleValues.scalarText(v);
    switch (s.toLowerCase(Locale.ROOT)) {
      case "up":
        return SpikeDirection.UP;
      case "down":
        return SpikeDirection.DOWN;
      case "both":
        return SpikeDirection.BOTH;
      default:
        throw new BadValue("unknown direction '" + s + "' (one of up, down, both)");
    }
  }

  /** A number of windows (returned), or a duration (0: checked against the window later). */
  private static long baselineAlone(YamlNode v) throws BadValue {
    if (v.isInteger()) {
      return RuleValues.integer(v, 1, 1000);
    }
    if (v.isString()) {
      RuleValues.duration(v);
      return 0;
    }
    throw new BadValue(
        "must be a number of windows (like 6) or a duration (like 1h), got " + v.describe());
  }

  private static Duration baseline(YamlNode v, Duration window) throws BadValue {
    long w = window.getMillis();
    if (v.isInteger()) {
      return window.multipliedBy(baselineAlone(v));
    }
    Duration base = RuleValues.duration(v);
    if (base.getMillis() < w) {
      throw new BadValue(
          "baseline "
              + HumanDurations.format(base)
              + " is shorter than the window "
              + HumanDurations.format(window));
    }
    if (base.getMillis() % w != 0) {
      throw new BadValue(
          "baseline "
              + HumanDurations.format(base)
              + " must be a whole number of windows"
              + " (window "
              + HumanDurations.format(window)
              + ")");
    }
    if (base.getMillis() / w > 1000) {
      throw new BadValue("baseline covers " + base.getMillis() / w + " windows (max 1000)");
    }
    return base;
  }

  @Override
  long spanMillis(Rule r) {
    return windowMillis(r) + baselineMillis(r);
  }

  private static long baselineMillis(Rule r) {
    long p = r.period().getMillis();
    long base = r.baseline().getMillis() > 0 ? r.baseline().getMillis() : r.window().getMillis();
    return Math.max(1, (base + p - 1) / p) * p;
  }

  @Override
  void evaluate(Rule r, KeyState st, Eval ev) {
    BucketAgg a = ev.agg;
    long baseSpan = baselineMillis(r);
    long baseStart = ev.start - baseSpan;
    long base = sum(st, baseStart, ev.start).count;
    double mean = base * ((double) windowMillis(r) / baseSpan);
    ev.baseline = mean;
    ev.value = a.count;
    boolean history = st.firstSeen <= baseStart;
    SpikeDirection d = r.direction();
    // While the baseline still holds the last incident's traffic (a spike's: factor times the
    // level before it; a drop's: a factor below), the other direction is judged against that
    // level: the usual traffic after an hour of a sale is the sale's end, not a drop from the
    // sale's own level, and the return after a partial outage is not a spike over the outage.
    double ref = d == SpikeDirection.BOTH ? st.reference : -1; // an edit may have changed it
    double downFrom =
        ref >= 0 && !st.firedLow && mean >= r.factor() * ref ? Math.min(mean, ref) : mean;
    double upFrom =
        ref >= 0 && st.firedLow && mean <= ref / r.factor() ? Math.max(mean, ref) : mean;
    // A rule that also watches drops reads a baseline with an empty window as a gap (the outage
    // it reported as a drop): traffic coming back is the end of that drop, not a spike over it.
    boolean up =
        a.count >= Math.max(1, r.minCount())
            && a.count >= r.factor() * upFrom
            && (d != SpikeDirection.BOTH || everyWindowHeld(st, baseStart, ev.start, r));
    boolean down = mean > 0 && mean >= r.minCount() && a.count <= downFrom / r.factor();
    boolean wantUp = d != SpikeDirection.DOWN && up;
    boolean wantDown = d != SpikeDirection.UP && down;
    ev.cond = history && (wantUp || wantDown);
    // A window where neither holds is told in the firing incident's direction (a drop ends as a
    // drop), else as a spike.
    ev.down =
        !wantUp && (wantDown || d == SpikeDirection.DOWN || (!ev.cond && st.firing && st.firedLow));
    ev.extra = ev.down ? downFrom : upFrom;
    ev.threshold = ev.down ? downFrom / r.factor() : r.factor() * upFrom;
  }

  /** Only a rule watching both directions has incidents whose end could be told the other way. */
  @Override
  void started(Rule r, KeyState st, Eval ev) {
    st.reference = r.direction() == SpikeDirection.BOTH ? ev.extra : -1;
  }

  /**
   * The level before the last incident is forgotten once neither the window nor its baseline is at
   * the incident's level any more: the traffic has settled, and is judged as usual again.
   */
  @Override
  void evaluated(Rule r, KeyState st, Eval ev) {
    double ref = st.reference;
    if (st.firing || ref < 0) {
      return;
    }
    double f = r.factor();
    boolean settled =
        st.firedLow
            ? ev.baseline > ref / f && ev.value > ref / f
            : ev.baseline < f * ref && ev.value < f * ref;
    if (settled) {
      st.reference = -1;
    }
  }

  /** Whether each window-long slice of the baseline {@code (from, to]} holds an entry. */
  private static boolean everyWindowHeld(KeyState st, long from, long to, Rule r) {
    long w = windowMillis(r);
    long next = 0; // the slice still to be found
    for (var e : st.buckets.subMap(from, false, to, true).entrySet()) {
      if (e.getValue().count == 0) {
        continue;
      }
      long slice = Math.floorDiv(e.getKey() - from - 1, w);
      if (slice > next) {
        return false;
      }
      next = slice + 1;
    }
    return next * w >= to - from;
  }

  @Override
  String core(Rule r, Eval ev) {
    String w = AlertText.duration(ev.end - ev.start);
    return (ev.down ? "dropped to " : "spiked to ")
        + AlertText.matchingEntries(ev.value)
        + " in "
        + w
        + " vs a baseline of "
        + AlertText.number(ev.extra)
        + " per "
        + w
        + " (factor "
        + AlertText.number(r.factor())
        + ")"
        + (ev.down && !ev.cond && ev.value <= ev.threshold ? noLongerADrop(r, ev) : "");
  }

  /**
   * Why a window at or below the drop threshold does not hold: its baseline fell below minCount, or
   * (without minCount) emptied: "dropped to 0 vs a baseline of 0" alone would not say.
   */
  private static String noLongerADrop(Rule r, Eval ev) {
    if (ev.baseline < r.minCount()) {
      return "; baseline below minCount (" + AlertText.number(r.minCount()) + ")";
    }
    return ev.baseline == 0 ? "; baseline empty" : "";
  }
}
