package dev.logalerts.io;

import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import dev.logalerts.model.TimestampSkew;
import dev.logalerts.model.Timestamps;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Reads LogEntry messages of a Cloud Logging Pub/Sub sink from {@code inputSubscription}, one
 * {@link RawEntry} per message, with event time taken from the {@value #TIMESTAMP_ATTRIBUTE}
 * attribute.
 *
 * <p>Why not {@code PubsubIO...withTimestampAttribute(...)}: Beam's reader throws on a message
 * whose attribute is missing or not a timestamp ({@code PubsubClient.extractTimestamp}), and the
 * bundle is retried forever — one stray message published to the log topic by hand would stall the
 * job. So the source reads with publish time (the watermark is Pub/Sub's backlog age, tracked
 * natively by Dataflow) and {@link AssignEventTimeFn} moves each entry to its attribute time. An
 * entry is older than its publish time by the sink latency, usually seconds; entries that end up
 * behind the watermark are late data and handled by the windows' allowed lateness. A message
 * without a usable attribute keeps its publish time and is counted; the parser still reads the
 * entry's own {@code timestamp}, so nothing is lost.
 *
 * <p>Every entry carries its Pub/Sub message id and publish time as attributes ({@value
 * #MESSAGE_ID_ATTRIBUTE}, {@value #PUBLISH_TIME_ATTRIBUTE}) so that a dead-letter row can be traced
 * and replayed.
 */
public class PubsubLogSource extends PTransform<PBegin, PCollection<RawEntry>> {
  /** Set by Cloud Logging on every message of a Pub/Sub sink: the entry's RFC 3339 timestamp. */
  public static final String TIMESTAMP_ATTRIBUTE = "logging.googleapis.com/timestamp";

  public static final String MESSAGE_ID_ATTRIBUTE = "logalerts/messageId";
  public static final String PUBLISH_TIME_ATTRIBUTE = "logalerts/publishTime";

  /**
   * Cloud Logging rejects entries timestamped more than a day ahead; an attribute further ahead of
   * the publish time than this is a broken clock, not an event time to trust.
   */
  static final Duration MAX_FUTURE = Duration.standardDays(1);

  private final String subscription;

  public PubsubLogSource(String subscription) {
    this.subscription = subscription;
  }

  @Override
  public PCollection<RawEntry> expand(PBegin input) {
    return input
        .apply(
            "ReadPubsub",
            PubsubIO.readMessagesWithAttributesAndMessageId().fromSubscription(subscription))
        .apply("AssignEventTime", ParDo.of(new AssignEventTimeFn()))
        .setCoder(RawEntry.Coder.of());
  }

  /** How the event time of a message was found. */
  enum TimeSource {
    ATTRIBUTE,
    MISSING,
    INVALID
  }

  /** An event time and where it came from. */
  record EventTime(Instant time, TimeSource source) {}

  /** Event time from the attribute value, or {@code publishTime} when it is missing or unusable. */
  static EventTime eventTime(@Nullable String attribute, Instant publishTime) {
    if (attribute == null || attribute.isEmpty()) {
      return new EventTime(publishTime, TimeSource.MISSING);
    }
    long millis;
    try {
      millis = Math.floorDiv(Timestamps.parse(attribute), 1_000_000L);
    } catch (RuntimeException e) {
      return new EventTime(publishTime, TimeSource.INVALID);
    }
    if (millis > publishTime.getMillis() + MAX_FUTURE.getMillis()) {
      return new EventTime(publishTime, TimeSource.INVALID);
    }
    return new EventTime(new Instant(millis), TimeSource.ATTRIBUTE);
  }

  /** Turns a message into a {@link RawEntry} timestamped with the entry's event time. */
  static class AssignEventTimeFn extends DoFn<PubsubMessage, RawEntry> {
    private final Counter read = PipelineCounters.counter("pubsub_messages_read");
    private final Counter missing = PipelineCounters.counter("timestamp_attribute_missing");
    private final Counter invalid = PipelineCounters.counter("timestamp_attribute_invalid");

    @ProcessElement
    public void process(
        @Element PubsubMessage message,
        @Timestamp Instant publishTime,
        OutputReceiver<RawEntry> out) {
      read.inc();
      Map<String, String> attributes = new TreeMap<>();
      if (message.getAttributeMap() != null) {
        attributes.putAll(message.getAttributeMap());
        // Only a file reader says an entry is unreadable; a replayed dead letter's copy must not.
        attributes.remove(RawEntry.READ_ERROR_ATTRIBUTE);
        attributes.remove(RawEntry.FILE_ERROR_ATTRIBUTE);
      }
      if (message.getMessageId() != null) {
        attributes.put(MESSAGE_ID_ATTRIBUTE, message.getMessageId());
      }
      attributes.put(PUBLISH_TIME_ATTRIBUTE, Timestamps.formatMillis(publishTime.getMillis()));
      EventTime time = eventTime(attributes.get(TIMESTAMP_ATTRIBUTE), publishTime);
      if (time.source() == TimeSource.MISSING) {
        missing.inc();
      } else if (time.source() == TimeSource.INVALID) {
        invalid.inc();
      }
      byte[] payload = message.getPayload() == null ? new byte[0] : message.getPayload();
      out.outputWithTimestamp(RawEntry.of(payload, attributes), time.time());
    }

    /**
     * Entries are moved back from publish time to event time by the sink latency (and further for
     * entries written with old timestamps); lateness is the windows' business, not this step's.
     */
    @SuppressWarnings("deprecation")
    @Override
    public Duration getAllowedTimestampSkew() {
      return TimestampSkew.UNLIMITED;
    }
  }
}
