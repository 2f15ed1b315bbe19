package dev.logalerts.alerting;

import static dev.logalerts.alerting.KeyState.NONE;

import dev.logalerts.rules.Rule;
import java.util.function.Consumer;
import org.apache.beam.sdk.state.Timer;
import org.joda.time.Instant;

/**
 * When a {@link LifecycleFn} key's timers fire. Its "wake" timer (event time) fires at the next
 * boundary to evaluate, bucket to apply, clean-up or flap release; while the key's late panes
 * settle, a firing wake is held ({@link #held}) and evaluated when they have.
 */
final class KeyTimers {
  private KeyTimers() {}

  /** While late panes keep coming, a settling key evaluates on this often. */
  static final long STEPPING_MILLIS = 60_000;

  /** Processing time (epoch ms): a backlog's early panes are told from live ones by it. */
  interface WallClock extends java.io.Serializable {
    long millis();
  }

  static void setWake(KeyState st, Timer wake, long notBefore, long delayMillis) {
    long w = wakeTime(st, notBefore, delayMillis);
    if (w != NONE && w != st.wakeAt && !keepsEarlierTimer(st, w)) {
      wake.set(new Instant(w));
      st.wakeAt = w;
    }
  }

  /**
   * Whether a streaming key keeps the timer it has armed instead of moving it later to {@code w}. A
   * bucket may only set a timer at or after its own timestamp, and the early panes of later buckets
   * come ahead of the watermark (a backlog, a slow watermark): moving the timer to each pane's time
   * kept a key that goes on logging ahead of the watermark for as long as it logged, so it was
   * never evaluated (a deadline that passed during a silence, the RESOLVED after it). An earlier
   * timer only wakes the key sooner; it re-arms from there. Timers fire as the watermark passes
   * them, so a streaming key's boundaries are evaluated in order as time moves.
   */
  static boolean keepsEarlierTimer(KeyState st, long w) {
    return st.inputEnd == NONE && st.wakeAt != NONE && st.wakeAt < w;
  }

  /**
   * When the key's timer must fire next (NONE: no timer): {@code delayMillis} (a stream's
   * evaluation delay; none in a bounded run) after what is due next. Never before {@code
   * notBefore}: a timer may not hold output before the element or timer that sets it.
   */
  static long wakeTime(KeyState st, long notBefore, long delayMillis) {
    long w = Math.min(Math.min(st.nextEval, st.cleanupAt), Flapping.wakeAt(st));
    if (w == NONE) {
      return NONE;
    }
    w += delay(st, delayMillis);
    return w < notBefore ? notBefore : w;
  }

  /** The evaluation delay that applies to the key: a stream's; none in a bounded run. */
  static long delay(KeyState st, long delayMillis) {
    return st.inputEnd == NONE ? delayMillis : 0;
  }

  /**
   * Whether the key's evaluation waits: its late panes are settling, and the boundary its timer
   * fires for ({@code t}) is evaluated when they have ({@link LifecycleFn#onSettle}).
   */
  static boolean held(KeyState st, long t) {
    if (!st.settling) {
      return false;
    }
    st.heldWake = st.heldWake == NONE ? t : Math.max(st.heldWake, t);
    st.wakeAt = NONE; // this timer has fired; onSettle arms the next
    return true;
  }

  /**
   * A settle step of a streaming key: its kind judges the late buckets merged meanwhile. While late
   * panes still come (one came since the last step) the key keeps settling, and once a minute
   * evaluates on as far as its timer asked (at least up to the bucket before the newest late pane),
   * so that a source that stays behind holds back the key's other sources' alerts a minute at most;
   * after a step without one, or at the end of time, it stops settling and evaluates as far as its
   * timer asked or the newest late pane. A key in a backlog still being read ({@code
   * backlogComing}: {@link BacklogPanes#stillComing}) settles on as if one had come, and its late
   * windows are re-checked only when it evaluates on: a window that holds on part of a backlog is
   * not the first that holds once all of it has come. The early panes set aside ({@link
   * BacklogPanes#defersEarly}) are judged when it evaluates on. Returns how far (less the
   * evaluation delay); MIN_VALUE: not this step; NONE: nowhere, its timer did not fire meanwhile.
   */
  static long settleStep(
      KindContext cx,
      Rule r,
      KeyState st,
      long settleMillis,
      long delay,
      boolean backlogComing,
      boolean atEnd,
      Consumer<Alert> out) {
    RuleKind kind = RuleKinds.of(r.type());
    backlogComing &= !atEnd;
    if (!backlogComing) {
      kind.settled(cx, r, st, out);
    }
    if ((st.lateSinceStep && !atEnd) || backlogComing) {
      st.lateSinceStep = false;
      if (++st.settleSteps * settleMillis < STEPPING_MILLIS) {
        return Long.MIN_VALUE;
      }
      st.settleSteps = 0;
      if (backlogComing) {
        kind.settled(cx, r, st, out);
      }
      kind.earlySettled(cx, r, st, out);
      st.earlyFrom = NONE;
      long held = st.heldWake;
      st.heldWake = NONE;
      long newest =
          st.settleUpTo == Long.MIN_VALUE
              ? Long.MIN_VALUE
              : st.settleUpTo - r.period().getMillis() - delay;
      // From here the key is in a backlog only if its own old panes still come.
      st.settleUpTo = Long.MIN_VALUE;
      return held == NONE ? newest : Math.max(held, newest);
    }
    kind.earlySettled(cx, r, st, out);
    st.earlyFrom = NONE;
    st.settling = false;
    st.settleSteps = 0;
    long held = st.heldWake;
    long upTo = st.settleUpTo;
    st.heldWake = NONE;
    st.settleUpTo = Long.MIN_VALUE;
    return held == NONE || upTo == Long.MIN_VALUE ? held : Math.max(held, upTo - delay);
  }
}
