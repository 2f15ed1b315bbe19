package dev.logalerts.alerting;

import static dev.logalerts.alerting.KeyState.NONE;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a stream's panes apart by how old they are on the clock, for {@link LifecycleFn}: a live
 * pane (of the last minute or two) is judged at once; a backlog's (a job started or restarted on a
 * subscription's backlog, entries published long after their time) makes its key settle, and the
 * key goes on settling while the backlog is still being read.
 *
 * <p>Why the whole backlog, not only the key's own panes: a backlog published at once is read in
 * bundles, and the watermark, which follows publish times, may move while it is read, so a key's
 * panes come partly early and partly late, seconds apart. A key quiet for a settle step in between
 * would judge its windows on part of its panes (a ratio or percentile fires, resolves and fires
 * again; a threshold fires a window late). So each worker (JVM) counts the backlog panes it is
 * handed per evaluation ({@link #count}), and a key in the backlog (one of its own panes was old)
 * settles on while that count moves; once a minute it evaluates on as a settling key does ({@link
 * KeyTimers#settleStep}), so a source that stays behind holds it back a minute at most.
 */
final class BacklogPanes implements java.io.Serializable {
  private static final ConcurrentHashMap<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

  private final String evaluationId;
  private long settleMillis;
  private KeyTimers.WallClock clock = System::currentTimeMillis;

  /**
   * How far this instance saw the watermark get (a wake fired, an on-time or late pane came): a
   * stream's watermark near the clock tells its early panes are live ({@link
   * KeyTimers#defersEarly}).
   */
  private long watermarkSeen = Long.MIN_VALUE;

  BacklogPanes(String evaluationId) {
    this.evaluationId = evaluationId;
  }

  /** How long a key's panes settle (0: judged at once, nothing is set aside). */
  void settleFor(long millis) {
    this.settleMillis = millis;
  }

  /** The processing-time clock (epoch ms) a pane's age is read on. */
  void withClock(KeyTimers.WallClock c) {
    this.clock = c;
  }

  /** How far this instance saw the watermark get (MIN_VALUE: not yet). */
  long watermarkSeen() {
    return watermarkSeen;
  }

  /** The watermark has passed {@code t}: a timer fired at it, or a pane at or after it came. */
  void watermarkPassed(long t) {
    watermarkSeen = Math.max(watermarkSeen, t);
  }

  /**
   * A late pane of the bucket ending at {@code end} came to a streaming key: it settles (its
   * windows are judged once its panes have come).
   */
  void late(KeyState st, long end) {
    if (settleMillis <= 0) {
      return;
    }
    if (end + KeyTimers.BACKLOG_AGE_MILLIS < clock.millis()) {
      counted();
    }
    if (!st.settling) {
      st.settling = true;
      st.backlogCounted = count();
    }
    st.lateSinceStep = true;
    st.settleUpTo = Math.max(st.settleUpTo, end);
  }

  /**
   * An early pane of the bucket ending at {@code end} came to a streaming key: whether it is set
   * aside for the key's settle step ({@link KeyTimers#defersEarly}) rather than judged now. A kind
   * that waits for its boundaries anyway ({@code firesEarly} false) settles on a backlog's panes,
   * so that the watermark moving while they are read does not judge its windows on part of them,
   * and on a pane of a bucket of the last minutes that has ended only while this instance has seen
   * no watermark (a job started on a backlog, whose newest panes may come first: judged before the
   * older ones, a ratio fired at the wrong window and a new template was learned rather than told;
   * a live job's first panes are of the bucket still filling).
   */
  boolean defersEarly(KeyState st, long end, boolean firesEarly) {
    boolean settling = st.settling;
    long now = clock.millis();
    boolean old = end + KeyTimers.BACKLOG_AGE_MILLIS < now;
    boolean newest = watermarkSeen == Long.MIN_VALUE && end < now;
    if ((!firesEarly && !old && !newest && st.earlyFrom == NONE)
        || !KeyTimers.defersEarly(st, end, settleMillis, now, watermarkSeen)) {
      return false;
    }
    if (old) {
      counted();
    }
    if (!settling) {
      st.backlogCounted = count();
    }
    return true;
  }

  /**
   * At a settle step of a key: whether it is in a backlog still being read (one of its own panes
   * was old, and this worker has been handed backlog panes since the key's last step). A pane of
   * the last minutes set aside while the watermark has not been seen near the clock is a backlog's
   * only while this instance has seen no watermark at all (a job started on a backlog, whose newest
   * panes may come first): with the watermark stalled, a live key beside a source minutes behind
   * settled on, its wakes held, one boundary a minute, for as long as that source lagged.
   */
  boolean stillComing(KeyState st) {
    long n = count();
    boolean moved = n != st.backlogCounted;
    st.backlogCounted = n;
    long now = clock.millis();
    boolean inBacklog =
        (st.earlyFrom != NONE
                && (st.earlyFrom + KeyTimers.BACKLOG_AGE_MILLIS < now
                    || watermarkSeen == Long.MIN_VALUE))
            || (st.settleUpTo != Long.MIN_VALUE
                && st.settleUpTo + KeyTimers.BACKLOG_AGE_MILLIS < now);
    return moved && inBacklog;
  }

  private void counted() {
    COUNTS.computeIfAbsent(evaluationId, k -> new AtomicLong()).incrementAndGet();
  }

  private long count() {
    AtomicLong c = COUNTS.get(evaluationId);
    return c == null ? 0 : c.get();
  }
}
