package dev.logalerts.alerting;

import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.windowing.IncompatibleWindowException;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.NonMergingWindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowMappingFn;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * Fixed event-time windows whose size is the {@code period} carried by each partial bucket (the
 * period of the rule version that matched its observations): one windowing for all rules instead of
 * one branch of the graph per distinct period, so editing a period, even in a running job's rules
 * file, changes neither the graph nor Dataflow update compatibility. Windows are aligned to the
 * epoch, so bucket boundaries agree across workers and runs.
 */
final class RulePeriodWindows extends NonMergingWindowFn<KV<String, BucketAgg>, IntervalWindow> {
  @Override
  public Collection<IntervalWindow> assignWindows(AssignContext c) {
    return List.of(windowOf(c.timestamp().getMillis(), c.element().getValue().periodMillis));
  }

  /** The bucket of period {@code periodMillis} holding {@code millis}. */
  static IntervalWindow windowOf(long millis, long periodMillis) {
    if (periodMillis <= 0) {
      throw new IllegalStateException(
          "observation without a rule period at " + new Instant(millis));
    }
    long start = Math.floorDiv(millis, periodMillis) * periodMillis;
    return new IntervalWindow(new Instant(start), new Instant(start + periodMillis));
  }

  @Override
  public boolean isCompatible(WindowFn<?, ?> other) {
    return other instanceof RulePeriodWindows;
  }

  @Override
  public void verifyCompatibility(WindowFn<?, ?> other) throws IncompatibleWindowException {
    if (!isCompatible(other)) {
      throw new IncompatibleWindowException(other, "not rule-period windows");
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
    return o instanceof RulePeriodWindows;
  }

  @Override
  public int hashCode() {
    return RulePeriodWindows.class.hashCode();
  }
}
