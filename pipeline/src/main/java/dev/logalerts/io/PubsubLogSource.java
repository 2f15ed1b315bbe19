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
 * <p>An entry can reach Pub/Sub hours after its timestamp (a sink's backlog after an outage, an
 * agent that buffered its logs while offline). Once the watermark, which follows publish times, has
 * caught up, its windows are closed: Beam drops it from the alert windows and the noisy-log account
 * keeps it in a TOO_LATE row, a step no alerts-only job has. So the source counts in {@value
 * #LATE_ON_ARRIVAL} the entries timestamped more than the allowed lateness before their publish
 * time, where the person running the job can see them.
 *
 * <p>Every entry carries its Pub/Sub message id and publish time as attributes ({@value
 * #MESSAGE_ID_ATTRIBUTE}, {@value #PUBLISH_TIME_ATTRIBUTE}) so that a dead-letter row can be traced
 * and replayed.
 */
public class PubsubLogSource extends PTransform<PBegin, PCollection<RawEntry>> {
  /** Set by Cloud Logging on every message of a Pub/Sub sink: the entry's RFC 3339 timestamp. */
  public static final String TIMESTAMP_ATTRIBUTE = "logging.googleapis.com/timestamp";

  public static final String MESSAGE_ID_ATTRIBUTE = "logalerts/messageId";
  public static final String PUBLISH_TIME_ATTRIBUTE = RawEntry.PUBLISH_TIME_ATTRIBUTE;

  /** Entries published more than the allowed lateness after their event time. */
  public static final String LATE_ON_ARRIVAL = "entries_late_on_arrival";

  /**
   * Entries stamped more than {@link Timestamps#CLOCK_DRIFT_MILLIS} after they were published: a
   * writer whose clock runs ahead (local time read as UTC). Nothing else shows it: their counts
   * fire at once with windows in the future, and the rest of what they decide waits until the
   * watermark gets there.
   */
  public static final String AHEAD_ON_ARRIVAL = "entries_ahead_of_publish";

  /**
   * Entries read more than {@link #BACKLOG_AGE} after they were published: a backlog (the job was
   * stopped, or falls behind). Their alerts are sent as their windows close, with their own times.
   */
  public static final String FROM_BACKLOG = "entries_from_backlog";

  /** Longer than a pull's round trip and the 60 s ack deadline a redelivery waits. */
  static final Duration BACKLOG_AGE = Duration.standardMinutes(2);

  private final String subscription;
  private final Duration allowedLateness;

  public PubsubLogSource(String subscription, Duration allowedLateness) {
    this.subscription = subscription;
    this.allowedLateness = allowedLateness;
  }

  @Override
  public PCollection<RawEntry> expand(PBegin input) {
    return input
        .apply(
            "ReadPubsub",
            PubsubIO.readMessagesWithAttributesAndMessageId().fromSubscription(subscription))
        .apply("AssignEventTime", ParDo.of(new AssignEventTimeFn(allowedLateness.getMillis())))
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
    if (millis > publishTime.getMillis() + RawEntry.MAX_AHEAD_OF_PUBLISH.getMillis()) {
      return new EventTime(publishTime, TimeSource.INVALID);
    }
    return new EventTime(new Instant(millis), TimeSource.ATTRIBUTE);
  }

  /**
   * Whether an entry was older than the allowed lateness when Pub/Sub got it. Once the watermark
   * has caught up with the subscription (about the oldest unacknowledged publish time), such an
   * entry meets alert windows that have closed: all of them once it is older than the lateness plus
   * a rule's window, only the early ones of a long window before that.
   */
  static boolean lateOnArrival(long eventMillis, long publishMillis, long latenessMillis) {
    return publishMillis - eventMillis > latenessMillis;
  }

  /** Whether an entry is stamped further ahead of its publish time than clocks drift. */
  static boolean aheadOnArrival(long eventMillis, long publishMillis) {
    return eventMillis - publishMillis > Timestamps.CLOCK_DRIFT_MILLIS;
  }

  /** Turns a message into a {@link RawEntry} timestamped with the entry's event time. */
  static class AssignEventTimeFn extends DoFn<PubsubMessage, RawEntry> {
    private final Counter read = PipelineCounters.counter("pubsub_messages_read");
    private final Counter missing = PipelineCounters.counter("timestamp_attribute_missing");
    private final Counter invalid = PipelineCounters.counter("timestamp_attribute_invalid");
    private final Counter late = PipelineCounters.counter(LATE_ON_ARRIVAL);
    private final Counter ahead = PipelineCounters.counter(AHEAD_ON_ARRIVAL);
    private final Counter backlog = PipelineCounters.counter(FROM_BACKLOG);
    private final long latenessMillis;

    AssignEventTimeFn(long latenessMillis) {
      this.latenessMillis = latenessMillis;
    }

    @ProcessElement
    public void process(
        @Element PubsubMessage message,
        @Timestamp Instant publishTime,
        OutputReceiver<RawEntry> out) {
      read.inc();
      if (System.currentTimeMillis() - publishTime.getMillis() > BACKLOG_AGE.getMillis()) {
        backlog.inc();
      }
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
      } else if (lateOnArrival(time.time().getMillis(), publishTime.getMillis(), latenessMillis)) {
        late.inc();
      } else if (aheadOnArrival(time.time().getMillis(), publishTime.getMillis())) {
        ahead.inc();
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
