package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.Timestamps;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Redeliveries in streaming: the same insertId and timestamp within the horizon count once (and in
 * {@code duplicates_removed}); after the horizon, or with another timestamp, they are new.
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

  /**
   * An organization's aggregated sink publishes the entries of all its projects to one topic
   * (https://cloud.google.com/logging/docs/export/aggregated_sinks), and an insertId is unique only
   * within a project: Cloud Logging takes entries as duplicates when they have "the same project,
   * with the same timestamp, and with the same insert_id"
   * (https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry, insertId). Writers that
   * set their own insertId (a counter per process) collide across projects; both entries count,
   * while the same entry published again is still dropped.
   */
  @Test
  public void theSameInsertIdAndTimeInTwoProjectsAreTwoEntries() {
    long t = Timestamps.parse("2026-12-05T10:00:00.123456789Z");
    LogEvent prod = entry("1", t, "projects/shop-prod/logs/checkout");
    LogEvent staging = entry("1", t, "projects/shop-staging/logs/checkout");
    LogEvent otherLog = entry("1", t, "projects/shop-prod/logs/payments");
    TestStream<LogEvent> stream =
        TestStream.create(LogEventCoder.of())
            .addElements(prod, staging, otherLog)
            .advanceProcessingTime(Duration.standardMinutes(1))
            .addElements(entry("1", t, "projects/shop-staging/logs/checkout"))
            .advanceWatermarkToInfinity();
    var logs =
        p.apply(stream)
            .apply(new DeduplicateEntries(Duration.standardMinutes(10)))
            .apply(MapElements.into(TypeDescriptors.strings()).via(LogEvent::logName));
    PAssert.that(logs)
        .containsInAnyOrder(
            "projects/shop-prod/logs/checkout",
            "projects/shop-staging/logs/checkout",
            "projects/shop-prod/logs/payments");
    p.run().waitUntilFinish();
  }

  private static LogEvent entry(String insertId, long nanos, String logName) {
    return LogEvent.builder()
        .setInsertId(insertId)
        .setTimestampNanos(nanos)
        .setLogName(logName)
        .build();
  }

  /**
   * The horizon's timers must not hold the watermark: a window downstream closes when the source
   * watermark passes its end, not a horizon later (which would delay every alert by it). Here an
   * entry of 10:00:20 arriving after the watermark reached 10:05 must find the 10:00 window already
   * closed; with a hold at the first entry's time it would still be open and count 2.
   */
  @Test
  public void horizonTimersDoNotHoldTheWatermark() {
    long t0 = Timestamps.parse("2026-11-20T10:00:00Z");
    TestStream<LogEvent> stream =
        TestStream.create(LogEventCoder.of())
            .addElements(
                TimestampedValue.of(
                    entry("a", t0 + 10_000_000_000L), new Instant(t0 / 1_000_000 + 10_000)))
            .advanceWatermarkTo(new Instant(t0 / 1_000_000 + 5 * 60_000))
            .addElements(
                TimestampedValue.of(
                    entry("b", t0 + 20_000_000_000L), new Instant(t0 / 1_000_000 + 20_000)))
            .advanceWatermarkToInfinity();
    PCollection<Long> perMinute =
        p.apply(stream)
            .apply(new DeduplicateEntries(Duration.standardMinutes(10)))
            .apply(
                Window.<LogEvent>into(FixedWindows.of(Duration.standardMinutes(1)))
                    .withAllowedLateness(Duration.ZERO)
                    .discardingFiredPanes())
            .apply(Combine.globally(Count.<LogEvent>combineFn()).withoutDefaults());
    PAssert.that(perMinute).containsInAnyOrder(1L);
    p.run().waitUntilFinish();
  }
}
