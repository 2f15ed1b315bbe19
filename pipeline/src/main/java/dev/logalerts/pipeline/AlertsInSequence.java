package dev.logalerts.pipeline;

import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.AlertCoder;
import dev.logalerts.alerting.AlertState;
import dev.logalerts.model.PipelineCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * A streaming job's alerts in {@code sequence} order per {@code alertId}, as the Pub/Sub topic's
 * ordering key promises consumers. The lifecycle sends an incident's messages in order, but a late
 * incident's FIRING (sent while its late entries are processed) and its RESOLVED (sent by the timer
 * that follows at once) leave in different bundles, which the runner may hand on in either order: a
 * RESOLVED published before its FIRING leaves a consumer's incident open, or drops the FIRING as
 * stale. Here a message that comes before the one it follows is held, for at most {@link #MAX_WAIT}
 * of processing time, and published right after it.
 *
 * <p>State per alertId: the next sequence expected and the messages held; cleared after the
 * incident's RESOLVED, or when nothing came for {@link #FORGET_AFTER} (an incident that never
 * resolves, a new-template alert). Alerts are few (one per incident change), so this costs next to
 * nothing; a batch run has no such step (its local files are sorted, {@link AlertsInSendOrder}).
 */
final class AlertsInSequence extends PTransform<PCollection<Alert>, PCollection<Alert>> {
  /** The longest a message waits for the one before it (then it is sent, gap or not). */
  static final Duration MAX_WAIT = Duration.standardSeconds(30);

  /** An alertId with no message for this long is forgotten. */
  static final Duration FORGET_AFTER = Duration.standardHours(24);

  @Override
  public PCollection<Alert> expand(PCollection<Alert> alerts) {
    return alerts
        .apply(
            "ByAlertId",
            WithKeys.<String, Alert>of(Alert::alertId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), AlertCoder.of()))
        .apply("InSequence", ParDo.of(new InSequenceFn()))
        .setCoder(AlertCoder.of());
  }

  static final class InSequenceFn extends DoFn<KV<String, Alert>, Alert> {
    private static final Comparator<Alert> BY_SEQUENCE = Comparator.comparingLong(Alert::sequence);

    private final Counter reordered = PipelineCounters.counter("alerts_reordered");
    private final Counter gaps = PipelineCounters.counter("alerts_sent_past_a_gap");

    /** The sequence the next message to send should carry. */
    @StateId("next")
    private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

    /** Messages that came before the one they follow. */
    @StateId("held")
    private final StateSpec<ValueState<List<Alert>>> heldSpec =
        StateSpecs.value(ListCoder.of(AlertCoder.of()));

    @TimerId("giveUp")
    private final TimerSpec giveUpSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @ProcessElement
    public void process(
        ProcessContext c,
        @StateId("next") ValueState<Long> next,
        @StateId("held") ValueState<List<Alert>> held,
        @TimerId("giveUp") Timer giveUp,
        @TimerId("forget") Timer forget) {
      Alert a = c.element().getValue();
      Long expected = next.read();
      long want = expected == null ? 1 : expected;
      List<Alert> waiting = read(held);
      if (a.sequence() > want) {
        // Its predecessor is still on its way: hold it (the watermark with it) for a while.
        waiting.add(a);
        held.write(waiting);
        if (waiting.size() == 1) {
          giveUp.withOutputTimestamp(c.timestamp()).offset(MAX_WAIT).setRelative();
        }
        forget.withNoOutputTimestamp().offset(FORGET_AFTER).setRelative();
        return;
      }
      c.output(a); // in order, or a repeat of an earlier one (a silence's release): send as is
      long after = Math.max(want, a.sequence() + 1);
      Alert last = a;
      if (!waiting.isEmpty()) {
        reordered.inc();
        waiting.sort(BY_SEQUENCE);
        List<Alert> still = new ArrayList<>();
        for (Alert h : waiting) {
          if (h.sequence() <= after) {
            c.output(h);
            after = Math.max(after, h.sequence() + 1);
            last = h;
          } else {
            still.add(h);
          }
        }
        waiting = still;
      }
      finish(last, after, waiting, next, held, giveUp, forget);
    }

    @OnTimer("giveUp")
    public void onGiveUp(
        OnTimerContext c,
        @StateId("next") ValueState<Long> next,
        @StateId("held") ValueState<List<Alert>> held,
        @TimerId("giveUp") Timer giveUp,
        @TimerId("forget") Timer forget) {
      List<Alert> waiting = read(held);
      if (waiting.isEmpty()) {
        return;
      }
      gaps.inc();
      waiting.sort(BY_SEQUENCE);
      long after = 0;
      Alert last = null;
      for (Alert h : waiting) {
        c.outputWithTimestamp(h, c.timestamp());
        after = h.sequence() + 1;
        last = h;
      }
      finish(last, after, new ArrayList<>(), next, held, giveUp, forget);
    }

    @OnTimer("forget")
    public void onForget(
        @StateId("next") ValueState<Long> next, @StateId("held") ValueState<List<Alert>> held) {
      if (read(held).isEmpty()) { // anything held is sent by giveUp, within MAX_WAIT
        next.clear();
        held.clear();
      }
    }

    /** Records what is sent; an incident whose RESOLVED went out with nothing held is forgotten. */
    private static void finish(
        Alert sent,
        long after,
        List<Alert> waiting,
        ValueState<Long> next,
        ValueState<List<Alert>> held,
        Timer giveUp,
        Timer forget) {
      if (waiting.isEmpty() && sent.state() == AlertState.RESOLVED) {
        next.clear();
        held.clear();
        giveUp.clear();
        forget.clear();
        return;
      }
      next.write(after);
      if (waiting.isEmpty()) {
        held.clear();
        giveUp.clear();
      } else {
        held.write(waiting);
      }
      // Without an output timestamp: a day-long timer must not hold the watermark.
      forget.withNoOutputTimestamp().offset(FORGET_AFTER).setRelative();
    }

    private static List<Alert> read(ValueState<List<Alert>> held) {
      List<Alert> items = held.read();
      return items == null ? new ArrayList<>() : new ArrayList<>(items);
    }
  }
}
