package dev.logalerts.alerting;

import static dev.logalerts.alerting.KeyState.NONE;

import org.apache.beam.sdk.state.Timer;
import org.joda.time.Instant;

/**
 * When a {@link LifecycleFn} key's timers fire. Its "wake" timer (event time) fires at the next
 * boundary to evaluate, bucket to apply, clean-up or flap release; while the key's late panes
 * settle, a firing wake is held ({@link #held}) and evaluated when they have.
 */
final class KeyTimers {
  private KeyTimers() {}

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
   * fires for ({@code t}) is evaluated when they have ({@link #onSettle}).
   */
  static boolean held(KeyState st, long t) {
    if (!st.settling) {
      return false;
    }
    st.heldWake = st.heldWake == NONE ? t : Math.max(st.heldWake, t);
    st.wakeAt = NONE; // this timer has fired; onSettle arms the next
    return true;
  }
}
