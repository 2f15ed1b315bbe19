package dev.logalerts.model;

import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;

/**
 * A counter of the job's namespace for per-entry steps: counts are summed in the DoFn and added to
 * the Beam counter once per bundle ({@link #flush}, from {@code @FinishBundle}). The totals are the
 * same; what is saved is the runner's metric work per element: the DirectRunner collects a step's
 * dirty counters after every element it processes, which cost a local run about as much as a simple
 * step's own work. Call {@link #startBundle} from {@code @StartBundle}, so counts of a bundle that
 * failed before its end are not carried into the next one.
 */
public final class BundleCounter implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Counter counter;
  private transient long pending;

  private BundleCounter(Counter counter) {
    this.counter = counter;
  }

  /** Counter {@code name} of {@value PipelineCounters#NAMESPACE}. */
  public static BundleCounter of(String name) {
    return new BundleCounter(PipelineCounters.counter(name));
  }

  public void inc() {
    pending++;
  }

  public void inc(long n) {
    pending += n;
  }

  /** Forgets counts not flushed (a bundle that failed). */
  public void startBundle() {
    pending = 0;
  }

  /** Adds the counts since the last flush to the Beam counter. */
  public void flush() {
    if (pending != 0) {
      counter.inc(pending);
      pending = 0;
    }
  }
}
