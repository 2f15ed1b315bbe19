package dev.logalerts.model;

import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;

/**
 * A per-element count of a DoFn, added to its Beam counter once per bundle.
 *
 * <p>The DirectRunner collects a step's metric updates after every element, and when a counter
 * changed it commits the update (map look-ups and allocations) right then, so a counter increased
 * for each entry cost more than the work it counted. Counting in a field and adding the total when
 * the bundle finishes gives the same values on every runner: a bundle's counts are committed with
 * the bundle, or dropped with it when it fails. Call {@link #start} from {@code @StartBundle} (a
 * failed bundle's count must not carry over) and {@link #flush} from {@code @FinishBundle}.
 */
public final class BundleCounter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Counter counter;
  private transient long pending;

  private BundleCounter(Counter counter) {
    this.counter = counter;
  }

  /** A bundle counter of the job's namespace ({@link PipelineCounters#counter}). */
  public static BundleCounter of(String name) {
    return new BundleCounter(PipelineCounters.counter(name));
  }

  /** A bundle counter adding to {@code counter}. */
  public static BundleCounter of(Counter counter) {
    return new BundleCounter(counter);
  }

  /** Forgets what a failed bundle counted. */
  public void start() {
    pending = 0;
  }

  public void inc() {
    pending++;
  }

  public void inc(long n) {
    pending += n;
  }

  /** Adds this bundle's count to the counter. */
  public void flush() {
    if (pending != 0) {
      counter.inc(pending);
      pending = 0;
    }
  }
}
