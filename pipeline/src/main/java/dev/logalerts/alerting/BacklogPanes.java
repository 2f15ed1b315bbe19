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
   * stream's watermark near the clock tells its early panes are live ({@link #defersEarly}).
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
   * A pane of a bucket that ended this long before the clock is a backlog's: the stream's
   * watermark, which follows publish times, has not started or has stalled (a job started on a
   * subscription's backlog reads it ahead of the watermark, in no order), or the entries were
   * published long after their time.
   */
  static final long BACKLOG_AGE_MILLIS = 120_000;

  /**
   * A late pane of the bucket ending at {@code end} came to a streaming key: it settles (its
   * windows are judged once its panes have come).
   */
  void late(KeyState st, long end) {
    if (settleMillis <= 0) {
      return;
    }
    settles(st, old(end, clock.millis()));
    st.lateSinceStep = true;
    st.settleUpTo = Math.max(st.settleUpTo, end);
  }

  /**
   * An early pane of the bucket ending at {@code end} came to a streaming key: whether it is set
   * aside for the key's next settle step ({@link KeyState#earlyFrom}) rather than judged now. A
   * backlog's is, so that an earlier window its other panes are still to fill is not skipped by
   * firing now, nor judged on part of them when the watermark moves while they are read; so is
   * every early pane while some are set aside; and, in a job's first minutes, a recent one ({@link
   * #firstMinutes}). Live panes are judged at once. Only a backlog's own panes keep the key
   * settling: the others wait one settle step at most.
   */
  boolean defersEarly(KeyState st, long end, boolean firesEarly) {
    long now = clock.millis();
    boolean old = old(end, now);
    if (settleMillis <= 0
        || (!old && st.earlyFrom == NONE && !firstMinutes(end, now, firesEarly))) {
      return false;
    }
    settles(st, old);
    st.earlyFrom = Math.min(st.earlyFrom, end);
    st.lateSinceStep |= old;
    return true;
  }

  /**
   * Whether a recent early pane is set aside while this instance has not seen the watermark near
   * the clock: a job started on a backlog may be handed its newest panes first. A kind that fires
   * early ({@code firesEarly}: threshold) sets it aside while the watermark seen is more than four
   * minutes behind the clock ({@code watermarkSeen} trails it by up to a period); the others, which
   * wait for their boundaries anyway, only a pane of a bucket that has ended while no watermark was
   * seen at all (judged before the older ones, a ratio fired at the wrong window and a new template
   * was learned rather than told; a live job's first panes are of the bucket still filling).
   */
  private boolean firstMinutes(long end, long now, boolean firesEarly) {
    return firesEarly
        ? watermarkSeen + 2 * BACKLOG_AGE_MILLIS < now
        : watermarkSeen == Long.MIN_VALUE && end < now;
  }

  /** The key settles; a backlog's pane ({@code old}) is counted first. */
  private void settles(KeyState st, boolean old) {
    if (old) {
      COUNTS.computeIfAbsent(evaluationId, k -> new AtomicLong()).incrementAndGet();
    }
    if (!st.settling) {
      st.settling = true;
      st.backlogCounted = count();
    }
  }

  private static boolean old(long end, long now) {
    return end + BACKLOG_AGE_MILLIS < now;
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
        (st.earlyFrom != NONE && (old(st.earlyFrom, now) || watermarkSeen == Long.MIN_VALUE))
            || (st.settleUpTo != Long.MIN_VALUE && old(st.settleUpTo, now));
    return moved && inBacklog;
  }

  private long count() {
    AtomicLong c = COUNTS.get(evaluationId);
    return c == null ? 0 : c.get();
  }
}
