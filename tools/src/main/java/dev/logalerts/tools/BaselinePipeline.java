package dev.logalerts.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;

/**
 * The benchmark's yardstick: the least a Beam job that reads the same LogEntry JSON lines can do —
 * read lines, parse each with Jackson's {@code readTree}, count. {@code scripts/bench.sh} runs it
 * next to the real pipeline on the same input and runner; the ratio of the two is the pipeline's
 * overhead (docs/performance.md, "End to end").
 */
public final class BaselinePipeline {
  private BaselinePipeline() {}

  /** Options: only the input. */
  public interface Options extends PipelineOptions {
    @Description("Newline-delimited LogEntry JSON files (a glob)")
    @Validation.Required
    String getInputFilePattern();

    void setInputFilePattern(String value);
  }

  /** Parses each line into a Jackson tree; counts the lines that are not JSON. */
  static final class ParseJson extends DoFn<String, Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Counter parsed = Metrics.counter(BaselinePipeline.class, "parsed");
    private final Counter invalid = Metrics.counter(BaselinePipeline.class, "invalid");

    @ProcessElement
    public void process(@Element String line, OutputReceiver<Integer> out) {
      try {
        out.output(MAPPER.readTree(line).size());
        parsed.inc();
      } catch (IOException e) {
        invalid.inc();
      }
    }
  }

  public static PipelineResult run(Options options) {
    Pipeline p = Pipeline.create(options);
    p.apply("ReadLines", TextIO.read().from(options.getInputFilePattern()))
        .apply("ParseJson", ParDo.of(new ParseJson()))
        .apply("CountEntries", Count.globally());
    return p.run();
  }

  public static void main(String[] args) {
    Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Options.class);
    long start = System.nanoTime();
    PipelineResult result = run(options);
    result.waitUntilFinish();
    double seconds = (System.nanoTime() - start) / 1e9;
    MetricQueryResults metrics =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(BaselinePipeline.class))
                    .build());
    long parsed = 0;
    long invalid = 0;
    for (MetricResult<Long> c : metrics.getCounters()) {
      long v = c.getAttempted();
      if (c.getName().getName().equals("parsed")) {
        parsed += v;
      } else {
        invalid += v;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "baseline: %d entries parsed, %d invalid, in %.1f s (%.0f entries/s)%n",
        parsed,
        invalid,
        seconds,
        (parsed + invalid) / seconds);
  }
}
