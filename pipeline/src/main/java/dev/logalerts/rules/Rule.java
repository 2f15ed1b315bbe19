package dev.logalerts.rules;

import com.google.auto.value.AutoValue;
import com.google.auto.value.extension.memoized.Memoized;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.Hashes;
import java.io.Serializable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * One validated rule of the rules file, with its filters compiled. Keys that a kind does not use
 * hold their defaults. See README "Rules file" for the meaning of every key.
 *
 * <p>Serializable only because DoFns carry the launch rules; state stores a rule with {@link
 * RuleCoder}, never with Java serialization.
 */
@AutoValue
public abstract class Rule implements Serializable {
  /** The groupBy key naming the derived message template (not a field path). */
  public static final String TEMPLATE_KEY = "template";

  public abstract String name();

  public abstract RuleType type();

  /** Entries the rule looks at (for ratio: the denominator). */
  public abstract CompiledFilter filter();

  /** groupBy keys as written ({@code service}, {@code resource.labels.x}, {@code template}). */
  public abstract List<String> groupBy();

  /**
   * groupBy keys resolved to field paths, parallel to {@link #groupBy()}; the entry for {@link
   * #TEMPLATE_KEY} is null (the template is computed by the miner).
   */
  public abstract List<@Nullable FieldPath> groupByPaths();

  public abstract Duration window();

  /** Slide of the window; equals {@link #window()} for tumbling evaluation. */
  public abstract Duration period();

  /**
   * Threshold: count (threshold), fraction (ratio), seconds (latency), unused for absence, spike
   * and new-template.
   */
  public abstract double threshold();

  public abstract AlertSeverity severity();

  public abstract Duration suppressFor();

  /** Windows in a row below the condition before RESOLVED. */
  public abstract int resolveAfter();

  public abstract String description();

  public abstract String runbook();

  /** ratio: the numerator filter, applied within {@link #filter()}; null for other kinds. */
  public abstract @Nullable CompiledFilter numerator();

  /** ratio/latency/spike: no alert below this many matching entries in the window. */
  public abstract long minCount();

  /** latency: the percentile, 0 < p < 100. */
  public abstract double percentile();

  /** absence: fire when no entry for this long. */
  public abstract Duration expectWithin();

  /** absence: drop a group not seen for this long. */
  public abstract Duration forgetAfter();

  /** spike: ratio of current to baseline that fires. */
  public abstract double factor();

  public abstract SpikeDirection direction();

  /** spike: the reference span the current window is compared with. */
  public abstract Duration baseline();

  /** new-template: templates seen during this first span are known. */
  public abstract Duration learnFor();

  /**
   * Settings of kinds added after the fixed properties above, as canonical text by key (a kind
   * writes and reads its own keys); empty for the built-in kinds. Part of {@link #fingerprint()}
   * and of {@link RuleCoder} state, so a kind needs no new property here.
   */
  public abstract SortedMap<String, String> kindSettings();

  /**
   * The {@link #kindSettings()} key of the field a kind reads each entry's value from (latency's
   * response time), as a field path.
   */
  public static final String VALUE_FIELD = "field";

  /** The field this rule reads each entry's value from ({@link #VALUE_FIELD}), or null. */
  public final @Nullable FieldPath valueField() {
    String f = kindSettings().get(VALUE_FIELD);
    return f == null ? null : FieldPath.parse(f);
  }

  /**
   * State changes (FIRING, RESOLVED) of a group within {@link #flapWindow()} that make it flapping;
   * 0: no flap detection. Not used by new-template (no incidents).
   */
  public abstract int flapCount();

  /**
   * The span in which {@link #flapCount()} changes make a group flapping, and how long a flapping
   * group must keep one state before that state is published.
   */
  public abstract Duration flapWindow();

  /**
   * How often a still-firing incident is published again ({@link Duration#ZERO}: every {@link
   * #suppressFor()}); see {@link #renotifyInterval()}.
   */
  public abstract Duration renotifyEvery();

  /** The re-notification interval of a firing incident: renotifyEvery, else suppressFor. */
  public final Duration renotifyInterval() {
    return renotifyEvery().getMillis() > 0 ? renotifyEvery() : suppressFor();
  }

  /**
   * 16 hex characters that change whenever anything the rule does changes (every property, filters
   * by their text): how a running job tells that a reloaded rule of the same name is a new version.
   * Stable across JVMs and runs (no Java serialization or identity hash involved).
   */
  @Memoized
  public String fingerprint() {
    CompiledFilter num = numerator();
    String canonical =
        String.join(
            "\u0000",
            name(),
            type().name(),
            filter().text(),
            groupBy().toString(),
            String.valueOf(window().getMillis()),
            String.valueOf(period().getMillis()),
            Double.toString(threshold()),
            severity().name(),
            String.valueOf(suppressFor().getMillis()),
            String.valueOf(resolveAfter()),
            description(),
            runbook(),
            num == null ? "\u0001" : num.text(),
            String.valueOf(minCount()),
            Double.toString(percentile()),
            String.valueOf(expectWithin().getMillis()),
            String.valueOf(forgetAfter().getMillis()),
            Double.toString(factor()),
            direction().name(),
            String.valueOf(baseline().getMillis()),
            String.valueOf(learnFor().getMillis()));
    if (!kindSettings().isEmpty()) {
      // Only when present, so that the fingerprints of rules without kind settings never change.
      StringBuilder sb = new StringBuilder(canonical);
      for (Map.Entry<String, String> e : kindSettings().entrySet()) {
        sb.append('\u0000').append(e.getKey()).append('\u0002').append(e.getValue());
      }
      canonical = sb.toString();
    }
    if (flapCount() != DEFAULT_FLAP_COUNT
        || !flapWindow().equals(DEFAULT_FLAP_WINDOW)
        || renotifyEvery().getMillis() != 0) {
      // Only when not the defaults, so that fingerprints of rules without these keys never change.
      canonical +=
          "\u0000notify\u0002"
              + flapCount()
              + ","
              + flapWindow().getMillis()
              + ","
              + renotifyEvery().getMillis();
    }
    return Hashes.sha256Hex(16, canonical);
  }

  /**
   * Whether state kept under {@code this} rule can carry on under {@code next} (same name): the
   * kind, the bucket size and the meaning of the group values are unchanged. Thresholds, filters,
   * windows, texts and the like may differ.
   */
  public boolean sameShapeAs(Rule next) {
    return type() == next.type()
        && period().equals(next.period())
        && groupBy().equals(next.groupBy());
  }

  /** Default of {@link #flapCount()}. */
  public static final int DEFAULT_FLAP_COUNT = 4;

  /** Default of {@link #flapWindow()}. */
  public static final Duration DEFAULT_FLAP_WINDOW = Duration.standardHours(1);

  public static Builder builder() {
    return new AutoValue_Rule.Builder()
        .setGroupBy(List.of())
        .setGroupByPaths(List.of())
        .setWindow(Duration.standardMinutes(5))
        .setPeriod(Duration.standardMinutes(1))
        .setThreshold(1)
        .setSeverity(AlertSeverity.WARNING)
        .setSuppressFor(Duration.standardMinutes(30))
        .setResolveAfter(1)
        .setDescription("")
        .setRunbook("")
        .setNumerator(null)
        .setMinCount(0)
        .setPercentile(95)
        .setExpectWithin(Duration.ZERO)
        .setForgetAfter(Duration.standardDays(7))
        .setFactor(3.0)
        .setDirection(SpikeDirection.UP)
        .setBaseline(Duration.ZERO)
        .setLearnFor(Duration.standardHours(1))
        .setKindSettings(Collections.emptySortedMap())
        .setFlapCount(DEFAULT_FLAP_COUNT)
        .setFlapWindow(DEFAULT_FLAP_WINDOW)
        .setRenotifyEvery(Duration.ZERO);
  }

  public abstract Builder toBuilder();

  // AutoValue implements them (filters compare by identity, so a decoded rule is equal in
  // fingerprint, not in equals).
  @Override
  public abstract boolean equals(Object o);

  @Override
  public abstract int hashCode();

  /** Builder with the documented defaults. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setName(String v);

    public abstract Builder setType(RuleType v);

    public abstract Builder setFilter(CompiledFilter v);

    public abstract Builder setGroupBy(List<String> v);

    public abstract Builder setGroupByPaths(List<@Nullable FieldPath> v);

    public abstract Builder setWindow(Duration v);

    public abstract Builder setPeriod(Duration v);

    public abstract Builder setThreshold(double v);

    public abstract Builder setSeverity(AlertSeverity v);

    public abstract Builder setSuppressFor(Duration v);

    public abstract Builder setResolveAfter(int v);

    public abstract Builder setDescription(String v);

    public abstract Builder setRunbook(String v);

    public abstract Builder setNumerator(@Nullable CompiledFilter v);

    public abstract Builder setMinCount(long v);

    public abstract Builder setPercentile(double v);

    public abstract Builder setExpectWithin(Duration v);

    public abstract Builder setForgetAfter(Duration v);

    public abstract Builder setFactor(double v);

    public abstract Builder setDirection(SpikeDirection v);

    public abstract Builder setBaseline(Duration v);

    public abstract Builder setLearnFor(Duration v);

    abstract Builder setKindSettings(SortedMap<String, String> v);

    /** Sets {@link Rule#kindSettings()} (copied, sorted by key). */
    public Builder setKindSettings(Map<String, String> v) {
      return setKindSettings(Collections.unmodifiableSortedMap(new TreeMap<>(v)));
    }

    public abstract Builder setFlapCount(int v);

    public abstract Builder setFlapWindow(Duration v);

    public abstract Builder setRenotifyEvery(Duration v);

    public abstract Rule build();
  }
}
