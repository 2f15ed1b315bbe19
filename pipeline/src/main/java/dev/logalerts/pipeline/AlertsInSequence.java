package dev.logalerts.pipeline;

import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.AlertCoder;
import dev.logalerts.alerting.AlertState;
import dev.logalerts.model.PipelineCounters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
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
import org.joda.time.Instant;

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

  /** The least processing time between two messages of one alertId. */
  static final Duration MIN_GAP = Duration.standardSeconds(5);

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

    private final Counter held = PipelineCounters.counter("alerts_held_for_order");
    private final Counter gaps = PipelineCounters.counter("alerts_sent_past_a_gap");

    /** The sequence the next message to send should carry. */
    @StateId("next")
    private final StateSpec<ValueState<Long>> nextSpec = StateSpecs.value(VarLongCoder.of());

    /** Messages waiting: for the one before them, or for the gap after the last one sent. */
    @StateId("waiting")
    private final StateSpec<ValueState<List<Alert>>> waitingSpec =
        StateSpecs.value(ListCoder.of(AlertCoder.of()));

    /**
     * Bit 1: a message was sent less than {@link #MIN_GAP} ago (the release timer runs); bit 2: the
     * first waiting message misses its predecessor (the give-up timer runs); bit 4: it waited
     * {@link #MAX_WAIT} and goes without it.
     */
    @StateId("flags")
    private final StateSpec<ValueState<Integer>> flagsSpec = StateSpecs.value(VarIntCoder.of());

    private static final int COOLING = 1;
    private static final int GAP_TIMED = 2;
    private static final int GAVE_UP = 4;

    // Processing-time timers (the runner's clock): the code reads no clock of its own.
    @TimerId("release")
    private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @TimerId("giveUp")
    private final TimerSpec giveUpSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    /** The state and timers of one alertId. */
    private record Cell(
        ValueState<Long> next,
        ValueState<List<Alert>> waiting,
        ValueState<Integer> flags,
        Timer release,
        Timer giveUp,
        Timer forget,
        Instant timestamp) {}

    @ProcessElement
    public void process(
        ProcessContext c,
        @StateId("next") ValueState<Long> next,
        @StateId("waiting") ValueState<List<Alert>> waiting,
        @StateId("flags") ValueState<Integer> flags,
        @TimerId("release") Timer release,
        @TimerId("giveUp") Timer giveUp,
        @TimerId("forget") Timer forget) {
      Alert a = c.element().getValue();
      Long expected = next.read();
      if (expected != null && a.sequence() < expected) {
        c.output(a); // a repeat of an earlier message (a silence's release): sent as it is
        return;
      }
      List<Alert> queue = read(waiting);
      queue.add(a);
      Cell cell = new Cell(next, waiting, flags, release, giveUp, forget, c.timestamp());
      drain(cell, queue, flagsOf(flags), c::output);
      if (queue.contains(a)) {
        held.inc(); // it waits: for its predecessor, or for the gap after the last one sent
      }
    }

    @OnTimer("release")
    public void onRelease(
        OnTimerContext c,
        @StateId("next") ValueState<Long> next,
        @StateId("waiting") ValueState<List<Alert>> waiting,
        @StateId("flags") ValueState<Integer> flags,
        @TimerId("release") Timer release,
        @TimerId("giveUp") Timer giveUp,
        @TimerId("forget") Timer forget) {
      fired(c, new Cell(next, waiting, flags, release, giveUp, forget, c.timestamp()), ~COOLING, 0);
    }

    @OnTimer("giveUp")
    public void onGiveUp(
        OnTimerContext c,
        @StateId("next") ValueState<Long> next,
        @StateId("waiting") ValueState<List<Alert>> waiting,
        @StateId("flags") ValueState<Integer> flags,
        @TimerId("release") Timer release,
        @TimerId("giveUp") Timer giveUp,
        @TimerId("forget") Timer forget) {
      Cell cell = new Cell(next, waiting, flags, release, giveUp, forget, c.timestamp());
      fired(c, cell, ~GAP_TIMED, GAVE_UP);
    }

    /** A timer fired: its flag changes ({@code keep} mask, {@code add}), then what is due goes. */
    private void fired(OnTimerContext c, Cell cell, int keep, int add) {
      Instant at = c.timestamp();
      int f = (flagsOf(cell.flags()) & keep) | add;
      drain(cell, read(cell.waiting()), f, a -> c.outputWithTimestamp(a, at));
    }

    @OnTimer("forget")
    public void onForget(
        @StateId("next") ValueState<Long> next,
        @StateId("waiting") ValueState<List<Alert>> waiting,
        @StateId("flags") ValueState<Integer> flags) {
      if (read(waiting).isEmpty()) { // anything waiting is sent by the other timers
        next.clear();
        waiting.clear();
        flags.clear();
      }
    }

    /**
     * Sends what is due, in sequence order: the next message expected (or the first waiting one,
     * once it gave up on its predecessor), and only when none was sent in the last {@link
     * #MIN_GAP}; starts the timers for what has to wait.
     */
    private void drain(Cell cell, List<Alert> queue, int flags, Consumer<Alert> out) {
      queue.sort(BY_SEQUENCE);
      Long expected = cell.next().read();
      long want = expected == null ? 1 : expected;
      Alert last = null;
      if (!queue.isEmpty() && (flags & COOLING) == 0) {
        Alert first = queue.get(0);
        boolean inOrder = first.sequence() <= want;
        if (inOrder || (flags & GAVE_UP) != 0) {
          if (!inOrder) {
            gaps.inc();
          }
          out.accept(first);
          queue.remove(0);
          want = first.sequence() + 1;
          last = first;
          flags = (flags | COOLING) & ~(GAVE_UP | GAP_TIMED);
          cell.giveUp().clear();
          // Holds the watermark at this message's time until the gap has passed.
          cell.release().withOutputTimestamp(cell.timestamp()).offset(MIN_GAP).setRelative();
        }
      }
      if (!queue.isEmpty()) {
        if (queue.get(0).sequence() > want && (flags & (GAP_TIMED | GAVE_UP)) == 0) {
          flags |= GAP_TIMED;
          cell.giveUp().withOutputTimestamp(cell.timestamp()).offset(MAX_WAIT).setRelative();
        }
      }
      if (queue.isEmpty() && last != null && last.state() == AlertState.RESOLVED) {
        // The incident is over: only the gap after its RESOLVED is kept (the release clears it).
        cell.next().clear();
        cell.waiting().clear();
        cell.flags().write(COOLING);
        cell.forget().clear();
        return;
      }
      if (queue.isEmpty() && (flags & COOLING) == 0) {
        cell.waiting().clear();
        cell.flags().clear();
        if (expected == null && last == null) {
          cell.next().clear(); // the gap after a RESOLVED has passed: nothing left to keep
          cell.forget().clear();
          return;
        }
        cell.next().write(want);
      } else {
        cell.next().write(want);
        cell.waiting().write(queue);
        cell.flags().write(flags);
      }
      // Without an output timestamp: a day-long timer must not hold the watermark.
      cell.forget().withNoOutputTimestamp().offset(FORGET_AFTER).setRelative();
    }

    private static int flagsOf(ValueState<Integer> flags) {
      Integer f = flags.read();
      return f == null ? 0 : f;
    }

    private static List<Alert> read(ValueState<List<Alert>> waiting) {
      List<Alert> items = waiting.read();
      return items == null ? new ArrayList<>() : new ArrayList<>(items);
    }
  }
}
