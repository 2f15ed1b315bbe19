package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import dev.logalerts.parse.ParseLogEntries;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesAndMessageIdCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class PubsubLogSourceTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Instant PUBLISHED = Instant.parse("2026-12-05T23:00:00Z");

  private static TimestampedValue<PubsubMessage> published(String id, String timestamp) {
    String entry = "{\"insertId\":\"" + id + "\",\"timestamp\":\"" + timestamp + "\"}";
    return TimestampedValue.of(
        new PubsubMessage(
            entry.getBytes(StandardCharsets.UTF_8),
            Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, timestamp),
            id),
        PUBLISHED);
  }

  /**
   * A sink's backlog after an outage: entries published now with the timestamps of three hours ago.
   * Their windows had closed (allowed lateness an hour), and an alerts-only job dropped them
   * without a count anywhere; they are counted, and each still goes on with its own event time.
   */
  @Test
  public void entriesPublishedLongAfterTheirTimeAreCountedAndKeepTheirTime() {
    PCollection<String> times =
        eventTimes(
            published("now", "2026-12-05T22:59:58Z"),
            published("edge", "2026-12-05T22:00:00Z"),
            published("backlog1", "2026-12-05T20:00:00Z"),
            published("backlog2", "2026-12-05T19:59:59.5Z"));
    PAssert.that(times)
        .containsInAnyOrder(
            "2026-12-05T22:59:58.000Z",
            "2026-12-05T22:00:00.000Z",
            "2026-12-05T20:00:00.000Z",
            "2026-12-05T19:59:59.500Z");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    Map<String, Long> counters = PipelineCounters.all(result);
    assertThat(counters).containsEntry("pubsub_messages_read", 4L);
    // Exactly an hour old is still within the lateness.
    assertThat(counters).containsEntry(PubsubLogSource.LATE_ON_ARRIVAL, 2L);
  }

  /**
   * A gateway in Madrid whose local time is read as UTC: its entries reach Pub/Sub stamped two
   * hours after their publish time (https://github.com/ricsanfre/pi-cluster/issues/5). They keep
   * their time and are counted; one a few seconds ahead (clock drift) is not, nor one more than a
   * day ahead, which keeps its publish time and is counted as invalid.
   */
  @Test
  public void entriesStampedAheadOfTheirPublishTimeAreCountedAndKeepTheirTime() {
    PCollection<String> times =
        eventTimes(
            published("drift", "2026-12-05T23:00:05Z"),
            published("madrid1", "2026-12-06T01:00:00Z"),
            published("madrid2", "2026-12-06T00:59:30Z"),
            published("broken", "2026-12-07T23:00:01Z"));
    PAssert.that(times)
        .containsInAnyOrder(
            "2026-12-05T23:00:05.000Z",
            "2026-12-06T01:00:00.000Z",
            "2026-12-06T00:59:30.000Z",
            PUBLISHED.toString());
    PipelineResult result = p.run();
    result.waitUntilFinish();
    Map<String, Long> counters = PipelineCounters.all(result);
    assertThat(counters).containsEntry(PubsubLogSource.AHEAD_ON_ARRIVAL, 2L);
    assertThat(counters).containsEntry("timestamp_attribute_invalid", 1L);
  }

  /**
   * Entries stamped more than a day after their publish time, which Cloud Logging would have
   * refused: one with the sink's attribute, one from another publisher without it (its writer's
   * clock years ahead). Parsed at their own time, they fired alerts dated then and held their
   * windows and state open until the watermark got there; the source's own guard (the publish time
   * for the first) was undone by the parser. They are dead-lettered, saying so; the Madrid gateway
   * two hours ahead is still parsed at its time.
   */
  @Test
  public void entriesStampedOverADayAheadOfTheirPublishTimeAreDeadLetteredWithTheReason() {
    TimestampedValue<PubsubMessage> noAttribute =
        TimestampedValue.of(
            new PubsubMessage(
                "{\"insertId\":\"y2031\",\"timestamp\":\"2031-03-01T08:00:00Z\"}"
                    .getBytes(StandardCharsets.UTF_8),
                Map.of(),
                "y2031"),
            PUBLISHED);
    PCollectionTuple parsed =
        p.apply(
                Create.timestamped(
                        List.of(
                            published("madrid1", "2026-12-06T01:00:00Z"),
                            published("broken", "2026-12-07T23:00:01Z"),
                            noAttribute))
                    .withCoder(PubsubMessageWithAttributesAndMessageIdCoder.of()))
            .apply(
                ParDo.of(
                    new PubsubLogSource.AssignEventTimeFn(Duration.standardHours(1).getMillis())))
            .setCoder(RawEntry.Coder.of())
            .apply(ParseLogEntries.create());
    PAssert.that(
            parsed
                .get(ParseLogEntries.PARSED)
                .apply(
                    "InsertIds",
                    MapElements.into(TypeDescriptors.strings()).via(LogEvent::insertId)))
        .containsInAnyOrder("madrid1");
    PAssert.that(
            parsed
                .get(ParseLogEntries.DEAD_LETTER)
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings()).via(DeadLetter::errorMessage)))
        .containsInAnyOrder(
            "[invalid_timestamp] timestamp: 2026-12-07T23:00:01Z is 2d ahead of the message's"
                + " publish time 2026-12-05T23:00:00Z: Cloud Logging refuses entries stamped more"
                + " than a day ahead, so the writer's clock is wrong (or the entry did not come"
                + " through Cloud Logging)",
            "[invalid_timestamp] timestamp: 2031-03-01T08:00:00Z is 1546d9h ahead of the"
                + " message's publish time 2026-12-05T23:00:00Z: Cloud Logging refuses entries"
                + " stamped more than a day ahead, so the writer's clock is wrong (or the entry did"
                + " not come through Cloud Logging)");
    PipelineResult result = p.run();
    result.waitUntilFinish();
    Map<String, Long> counters = PipelineCounters.all(result);
    assertThat(counters).containsEntry(ParseLogEntries.ENTRIES_READ, 3L);
    assertThat(counters).containsEntry(ParseLogEntries.ENTRIES_DEADLETTERED, 2L);
    assertThat(counters).containsEntry("deadletter_invalid_timestamp", 2L);
  }

  @Test
  public void lateOnArrivalIsMoreThanTheLatenessBeforeThePublishTime() {
    long hour = Duration.standardHours(1).getMillis();
    long published = PUBLISHED.getMillis();
    assertThat(PubsubLogSource.lateOnArrival(published - hour, published, hour)).isFalse();
    assertThat(PubsubLogSource.lateOnArrival(published - hour - 1, published, hour)).isTrue();
    assertThat(PubsubLogSource.lateOnArrival(published + 5_000, published, hour)).isFalse();
    assertThat(PubsubLogSource.lateOnArrival(published - 1, published, 0)).isTrue();
  }

  /** The element's timestamp as text. */
  static class EventTimeFn extends DoFn<RawEntry, String> {
    @ProcessElement
    public void process(@Timestamp Instant ts, OutputReceiver<String> out) {
      out.output(ts.toString());
    }
  }

  /**
   * The event times the source gives messages published at {@link #PUBLISHED} (lateness one hour),
   * as RFC 3339 text.
   */
  @SafeVarargs
  private final PCollection<String> eventTimes(TimestampedValue<PubsubMessage>... messages) {
    return p.apply(
            Create.timestamped(List.of(messages))
                .withCoder(PubsubMessageWithAttributesAndMessageIdCoder.of()))
        .apply(
            ParDo.of(new PubsubLogSource.AssignEventTimeFn(Duration.standardHours(1).getMillis())))
        .setCoder(RawEntry.Coder.of())
        .apply(ParDo.of(new EventTimeFn()))
        .setCoder(StringUtf8Coder.of());
  }
}
