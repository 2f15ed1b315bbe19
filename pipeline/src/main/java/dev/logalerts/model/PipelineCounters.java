package dev.logalerts.model;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * The job's Beam counters: every stage counts in one namespace, {@value #NAMESPACE}, so that the
 * local summary, the tests and a Dataflow job page all find them under the same names.
 */
public final class PipelineCounters {
  public static final String NAMESPACE = "logalerts";

  private PipelineCounters() {}

  /** A counter of the job's namespace. */
  public static Counter counter(String name) {
    return Metrics.counter(NAMESPACE, name);
  }

  /**
   * Every counter of a run, summed over steps: committed values once the run is DONE, attempted
   * ones before (readable while a streaming run is still going) and where a runner keeps no
   * committed values (Dataflow streaming). See {@link #value}.
   */
  public static Map<String, Long> all(PipelineResult result) {
    boolean done = isDone(result);
    Map<String, Long> out = new TreeMap<>();
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(NAMESPACE))
                    .build())
            .getCounters()) {
      out.merge(c.getName().getName(), value(c, done), Long::sum);
    }
    return out;
  }

  /** Whether {@code result} finished successfully (its counters are final). */
  public static boolean isDone(PipelineResult result) {
    return result.getState() == PipelineResult.State.DONE;
  }

  /**
   * The value of counter {@code c} of a run that is {@code done} or not. The DirectRunner commits a
   * bundle's counts before the bundle can end the run but publishes its attempted counts just
   * after, so right after {@code waitUntilFinish} the attempted value can still miss the last
   * bundle's counts when they were added at the bundle's end ({@link BundleCounter}); the committed
   * value cannot.
   */
  public static long value(MetricResult<Long> c, boolean done) {
    if (done) {
      try {
        Long committed = c.getCommitted();
        if (committed != null) {
          return committed;
        }
      } catch (UnsupportedOperationException e) {
        // this runner keeps attempted values only
      }
    }
    return c.getAttempted();
  }

  /** One counter of a run, 0 when it never counted. */
  public static long get(PipelineResult result, String name) {
    return all(result).getOrDefault(name, 0L);
  }
}
