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
   * Every counter of a run, summed over steps. Attempted values: readable while a streaming run is
   * still going, and equal to committed ones once a DirectRunner run has finished.
   */
  public static Map<String, Long> all(PipelineResult result) {
    Map<String, Long> out = new TreeMap<>();
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(NAMESPACE))
                    .build())
            .getCounters()) {
      out.merge(c.getName().getName(), c.getAttempted(), Long::sum);
    }
    return out;
  }

  /** One counter of a run, 0 when it never counted. */
  public static long get(PipelineResult result, String name) {
    return all(result).getOrDefault(name, 0L);
  }
}
