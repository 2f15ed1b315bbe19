package dev.logalerts.io;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PipelineCounters;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Drops redeliveries: an entry whose {@link LogEvent#dedupeKey()} (insertId and exact timestamp)
 * was already seen within the horizon is removed and counted in {@code duplicates_removed}.
 *
 * <p>Pub/Sub redelivers when an ack deadline expires, so the horizon is measured in processing time
 * from the first delivery (as Beam's {@code Deduplicate} does); a processing-time timer clears each
 * key's state after it, which bounds state by arrival rate times horizon. Beam's {@code
 * Deduplicate} would do the same but cannot count what it drops, and the accounting invariant (read
 * = parsed + dead-lettered + duplicates) needs that count. Entries without an insertId cannot be
 * told apart from other entries of the same instant, so they pass unchanged.
 */
public class DeduplicateEntries extends PTransform<PCollection<LogEvent>, PCollection<LogEvent>> {
  public static final String DUPLICATES_COUNTER = "duplicates_removed";

  private static final TupleTag<KV<String, LogEvent>> KEYED = new TupleTag<>() {};
  private static final TupleTag<LogEvent> NO_ID = new TupleTag<>() {};

  private final Duration horizon;

  public DeduplicateEntries(Duration horizon) {
    this.horizon = horizon;
  }

  /** With the horizon of {@code dedupeHorizonMinutes}. */
  public static DeduplicateEntries fromOptions(CloudSinkOptions options) {
    return new DeduplicateEntries(Duration.standardMinutes(options.getDedupeHorizonMinutes()));
  }

  @Override
  public PCollection<LogEvent> expand(PCollection<LogEvent> input) {
    PCollectionTuple split =
        input.apply(
            "KeyByInsertId", ParDo.of(new KeyFn()).withOutputTags(KEYED, TupleTagList.of(NO_ID)));
    PCollection<LogEvent> unique =
        split
            .get(KEYED)
            .setCoder(KvCoder.of(StringUtf8Coder.of(), input.getCoder()))
            .apply("DropRedeliveries", ParDo.of(new FirstSeenFn(horizon)))
            .setCoder(input.getCoder());
    return PCollectionList.of(unique)
        .and(split.get(NO_ID).setCoder(input.getCoder()))
        .apply("Merge", Flatten.pCollections());
  }

  private static class KeyFn extends DoFn<LogEvent, KV<String, LogEvent>> {
    @ProcessElement
    public void process(@Element LogEvent e, MultiOutputReceiver out) {
      if (e.insertId().isEmpty()) {
        out.get(NO_ID).output(e);
      } else {
        out.get(KEYED).output(KV.of(e.dedupeKey(), e));
      }
    }
  }

  /** Emits the first entry of each key; later ones until the timer clears the key are dropped. */
  static class FirstSeenFn extends DoFn<KV<String, LogEvent>, LogEvent> {
    private final Duration horizon;
    private final Counter duplicates = PipelineCounters.counter(DUPLICATES_COUNTER);

    @StateId("seen")
    private final StateSpec<ValueState<Boolean>> seenSpec = StateSpecs.value(BooleanCoder.of());

    @TimerId("expiry")
    private final TimerSpec expirySpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    FirstSeenFn(Duration horizon) {
      this.horizon = horizon;
    }

    @ProcessElement
    public void process(
        @Element KV<String, LogEvent> element,
        @StateId("seen") ValueState<Boolean> seen,
        @TimerId("expiry") Timer expiry,
        OutputReceiver<LogEvent> out) {
      if (seen.read() != null) {
        duplicates.inc();
        return;
      }
      seen.write(true);
      // No output timestamp: a processing-time timer otherwise holds the watermark at the
      // element's time until it fires, delaying every window downstream (alerts) by the horizon.
      expiry.withNoOutputTimestamp().offset(horizon).setRelative();
      out.output(element.getValue());
    }

    @OnTimer("expiry")
    public void onExpiry(@StateId("seen") ValueState<Boolean> seen) {
      seen.clear();
    }
  }
}
