package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Redeliveries in streaming: the same insertId and timestamp within the horizon count once (and
 * in {@code duplicates_removed}); after the horizon, or with another timestamp, they are new.
 */
@RunWith(JUnit4.class)
public class DeduplicateEntriesTest {
  @Rule public final transient TestPipeline p = TestPipeline.fromOptions(streaming());

  private static StreamingOptions streaming() {
    StreamingOptions o = PipelineOptionsFactory.create().as(StreamingOptions.class);
    o.setStreaming(true);
    return o;
  }

  private static LogEvent entry(String insertId, long nanos) {
    return LogEvent.builder().setInsertId(insertId).setTimestampNanos(nanos).build();
  }

  @Test
  public void redeliveriesWithinTheHorizonCountOnce() {
    TestStream<LogEvent> stream =
        TestStream.create(LogEventCoder.of())
            .addElements(entry("a", 1), entry("b", 1), entry("", 5))
            .advanceProcessingTime(Duration.standardMinutes(2))
            // Redelivered a and b; same insertId with another timestamp is another entry;
            // entries without insertId are never merged.
            .addElements(entry("a", 1), entry("b", 1), entry("a", 2), entry("", 5))
            .advanceProcessingTime(Duration.standardMinutes(20))
            // After the 10-minute horizon, state is gone: a counts again.
            .addElements(entry("a", 1))
            .advanceWatermarkToInfinity();
    var ids =
        p.apply(stream)
            .apply(new DeduplicateEntries(Duration.standardMinutes(10)))
            .apply(MapElements.into(TypeDescriptors.strings()).via(LogEvent::dedupeKey));
    PAssert.that(ids).containsInAnyOrder("a@1", "b@1", "@5", "a@2", "@5", "a@1");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    long removed = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named("logalerts", DeduplicateEntries.DUPLICATES_COUNTER))
                    .build())
            .getCounters()) {
      removed += c.getAttempted();
    }
    assertThat(removed).isEqualTo(2);
  }
}
