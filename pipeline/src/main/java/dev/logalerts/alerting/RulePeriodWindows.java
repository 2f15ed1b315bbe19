package dev.logalerts.alerting;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.NonMergingWindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowMappingFn;
import org.apache.beam.sdk.values.KV;
import java.util.Collection;
import java.util.List;

/**
 * Fixed event-time windows whose size is the {@code period} of the rule named in the element's
 * key: one windowing for all rules instead of one branch of the graph per distinct period (which
 * would change the graph, and Dataflow update compatibility, whenever a period is edited).
 * Windows are aligned to the epoch, so bucket boundaries agree across workers and runs.
 */
final class RulePeriodWindows extends NonMergingWindowFn<KV<String, Observation>, IntervalWindow> {
  private final TreeMap<String, Long> periodMillis;

  RulePeriodWindows(Map<String, Long> periodMillis) {
    this.periodMillis = new TreeMap<>(periodMillis);
  }

  @Override
  public Collection<IntervalWindow> assignWindows(AssignContext c) {
    String rule = GroupKeys.ruleName(c.element().getKey());
    Long p = periodMillis.get(rule);
    if (p == null) {
      throw new IllegalStateException("no period for rule " + rule);
    }
    long ts = c.timestamp().getMillis();
    long start = Math.floorDiv(ts, p) * p;
    return List.of(new IntervalWindow(new org.joda.time.Instant(start), new org.joda.time.Instant(start + p)));
  }

  @Override
  public boolean isCompatible(WindowFn<?, ?> other) {
    return equals(other);
  }

  @Override
  public void verifyCompatibility(WindowFn<?, ?> other)
      throws org.apache.beam.sdk.transforms.windowing.IncompatibleWindowException {
    if (!isCompatible(other)) {
      throw new org.apache.beam.sdk.transforms.windowing.IncompatibleWindowException(
          other, "rule periods differ");
    }
  }

  @Override
  public Coder<IntervalWindow> windowCoder() {
    return IntervalWindow.getCoder();
  }

  @Override
  public WindowMappingFn<IntervalWindow> getDefaultWindowMappingFn() {
    throw new UnsupportedOperationException("rule buckets cannot be used as a side input");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RulePeriodWindows && ((RulePeriodWindows) o).periodMillis.equals(periodMillis);
  }

  @Override
  public int hashCode() {
    return periodMillis.hashCode();
  }
}
