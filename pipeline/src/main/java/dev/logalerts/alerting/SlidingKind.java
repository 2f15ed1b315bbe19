package dev.logalerts.alerting;

import dev.logalerts.rules.Rule;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.apache.beam.sdk.state.ValueState;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The kinds evaluated over a sliding window (threshold, ratio, latency, spike): at every {@code
 * period} boundary while the group has data within the rule's span or an incident is open;
 * boundaries with no data in span are skipped (nothing can hold there). A kind says how a window
 * holds ({@link #evaluate(Rule, KeyState, Eval)}) and how its alert reads ({@link #core}); the
 * schedule, late buckets and the FIRING / re-notify / RESOLVED state machine are shared here (its
 * messages go out through {@link AlertFactory#publish}: flap detection, incident summary).
 */
abstract class SlidingKind extends RuleKind {
  private static final long NONE = KeyState.NONE;

  /**
   * Fills {@code ev} for the window {@code (ev.start, ev.end]}, whose aggregate {@code ev.agg} and
   * default threshold ({@code r.threshold()}) are set: value, condition and the kind's extras.
   */
  abstract void evaluate(Rule r, KeyState st, Eval ev);

  /** An incident starts with the evaluation {@code ev} (spike: keeps the baseline it beat). */
  void started(Rule r, KeyState st, Eval ev) {}

  /** The boundary {@code ev} was evaluated, its alert (if any) sent. */
  void evaluated(Rule r, KeyState st, Eval ev) {}

  /** The kind's summary text of one evaluation (without "resolved: "). */
  abstract String core(Rule r, Eval ev);

  /** How far back the kind needs buckets: the window (spike: and its baseline). */
  long spanMillis(Rule r) {
    return windowMillis(r);
  }

  @Override
  void onBucket(KindContext cx, Rule r, KeyState st, BucketAgg b, Consumer<Alert> out) {
    st.cleanupAt = NONE;
  }

  /**
   * Monotone kinds fire on an early pane: the windows that include the bucket ({@code end} up to
   * the newest bucket stored, at most one window on) are checked in order with the data seen so
   * far, and the first that holds fires now, with the windowEnd and alertId its boundary's timer
   * would give it. Boundaries before it are still evaluated by the timer when the watermark passes
   * them; they precede the incident and can neither resolve it nor count as suppressed ({@link
   * #lifecycle}).
   */
  @Override
  void onEarlyBucket(KindContext cx, Rule r, KeyState st, long end, Consumer<Alert> out) {
    if (!monotone() || st.firing || end <= st.lastEvaluated) {
      return;
    }
    // Late buckets merged while the key settles are judged first: a window a count holds on part
    // of its panes holds on all, and once this pane fires their re-check is skipped (an open
    // incident is not re-notified), so their incident, earlier in time, would never be told.
    settled(cx, r, st, out);
    fireEarly(cx, r, st, end, end + windowMillis(r) - r.period().getMillis(), out);
  }

  /**
   * A backlog's early panes come in whatever order the shuffle hands them over; judged together
   * once they have settled, the first window that holds fires, as it does when they come in order.
   * Boundaries not yet evaluated before the first of them are included: their windows may hold on
   * buckets stored meanwhile.
   */
  @Override
  void earlySettled(KindContext cx, Rule r, KeyState st, Consumer<Alert> out) {
    if (st.earlyFrom == NONE) {
      return;
    }
    long from = Math.min(st.earlyFrom, st.nextEval);
    st.earlyFrom = NONE;
    if (monotone()) {
      fireEarly(cx, r, st, from, Long.MAX_VALUE, out);
    }
  }

  /**
   * Fires the first window ending from {@code from} to {@code to} (and a stored bucket) that holds.
   */
  private void fireEarly(
      KindContext cx, Rule r, KeyState st, long from, long to, Consumer<Alert> out) {
    if (st.firing || st.buckets.isEmpty()) {
      return;
    }
    long p = r.period().getMillis();
    long last = Math.min(st.buckets.lastKey(), to);
    long first = st.lastEvaluated == Long.MIN_VALUE ? from : Math.max(from, st.lastEvaluated + p);
    for (long t = first; t <= last; t += p) {
      Eval ev = evaluate(r, st, t);
      if (ev.cond) {
        lifecycle(cx, r, st, ev, out);
        st.incident.recountFrom(ev.start); // the bucket is partial: its boundary counts the window
        return;
      }
    }
  }

  /** Evaluates due boundaries; false when the state should be cleared. */
  @Override
  boolean step(
      KindContext cx,
      Rule r,
      KeyState st,
      long t,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    long p = r.period().getMillis();
    while (st.nextEval <= t) {
      long b = st.nextEval;
      if (pastEnd(r, st, b) && !draining(cx, r, st, b)) {
        return false; // bounded run: time ends at the newest entry
      }
      Flapping.releaseDue(cx, this, r, st, b, false, out);
      Eval ev = evaluate(r, st, b);
      boolean wasFiring = st.firing;
      AlertState change = lifecycle(cx, r, st, ev, out);
      evaluated(r, st, ev);
      if (cx.tracer != null) {
        cx.trace(
            new Evaluation(
                r.name(),
                AlertFactory.groupMap(r, AlertFactory.values(r, st)),
                ev.start,
                ev.end,
                ev.value,
                ev.threshold,
                ev.cond,
                change,
                wasFiring && change == AlertState.FIRING,
                core(r, ev)));
      }
      st.lastEvaluated = b;
      long span = spanMillis(r);
      // Measured from the newest bucket, not from the boundary: past it the walk goes on while
      // the watermark is ahead (a backlog read minutes late), and the late panes of the buckets
      // before it, which a backlog's panes can be, still need their windows' buckets.
      long newest = st.buckets.isEmpty() ? b : Math.min(b, st.buckets.lastKey());
      SortedMap<Long, BucketAgg> cleared =
          st.buckets.headMap(newest - span - lateReach(cx, r, st), true);
      boolean keeps = OlderBuckets.keeps(cx, st);
      if (!cleared.isEmpty()) {
        if (keeps) {
          cx.older.keep(st, cleared.values());
        } else {
          st.prunedTo = Math.max(st.prunedTo, cleared.lastKey());
        }
        cleared.clear();
      }
      if (keeps) {
        cx.older.forgetDue(st, b, span, p);
      }
      long n = b + p;
      if (st.firing || !st.buckets.subMap(n - span, false, n, true).isEmpty()) {
        st.nextEval = n;
      } else {
        Long future = st.buckets.higherKey(n);
        if (future != null) {
          st.nextEval = future;
        } else {
          st.nextEval = NONE;
          if (st.inputEnd != NONE) {
            // Bounded: buckets of later event time may still arrive before the watermark
            // reaches them, so keep the state until the newest entry's bucket was delivered.
            st.cleanupAt = Math.max(b, lastBucketEnd(r, st)) + 1;
          } else if (cx.allowedLatenessMillis <= 0) {
            return false;
          } else {
            st.cleanupAt = b + cx.allowedLatenessMillis;
          }
        }
      }
    }
    if (st.cleanupAt <= t) {
      return st.firing || st.nextEval != NONE;
    }
    return true;
  }

  /**
   * How much further back than the span buckets are kept in the key's state for {@link #late}: a
   * late bucket ending after {@code lastEvaluated - span} re-checks windows ending as early as its
   * own end, and each of them needs its whole span (up to {@code span - period} before the
   * frontier's span; none in a bounded run, which has no late buckets). Older ones, up to the
   * allowed lateness, wait in {@link OlderBuckets}.
   */
  private long lateReach(KindContext cx, Rule r, KeyState st) {
    if (st.inputEnd != NONE || cx.allowedLatenessMillis <= 0) {
      return 0;
    }
    long p = r.period().getMillis();
    return Math.min(spanMillis(r) - p, cx.allowedLatenessMillis);
  }

  /**
   * A late bucket is merged ({@link #absorbLate}) and its windows re-checked ({@link #recheck}).
   */
  @Override
  void late(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    if (absorbLate(cx, r, st, b)) {
      recheck(cx, r, st, b.endMillis, b.endMillis, out);
    }
  }

  @Override
  void lateSettling(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    if (absorbLate(cx, r, st, b)) {
      st.recheckFrom = Math.min(st.recheckFrom, b.endMillis);
      st.recheckTo = Math.max(st.recheckTo, b.endMillis);
    }
  }

  @Override
  void settled(KindContext cx, Rule r, KeyState st, Consumer<Alert> out) {
    if (st.recheckFrom != NONE) {
      long from = st.recheckFrom;
      long to = st.recheckTo;
      st.recheckFrom = NONE;
      st.recheckTo = Long.MIN_VALUE;
      recheck(cx, r, st, from, to, out);
    }
  }

  /**
   * Merges a late bucket, restoring the buckets its windows need from {@link OlderBuckets}; false
   * when it is dropped, some of those buckets being cleared for good. An open incident counts its
   * entries, and the windows they change, in the summary its RESOLVED carries, as a batch run of
   * the same entries does; only re-notification is held back.
   */
  private boolean absorbLate(KindContext cx, Rule r, KeyState st, BucketAgg b) {
    long end = b.endMillis;
    long span = spanMillis(r);
    if (OlderBuckets.keeps(cx, st) && end - span < st.olderTo) {
      for (BucketAgg older : cx.older.takeAfter(st, end - span, st.lastEvaluated, span)) {
        st.buckets.putIfAbsent(older.endMillis, older);
      }
    }
    // The windows it belongs to need the buckets of a span before it: dropped only when some of
    // them were cleared for good already (a key seen first through late buckets, such as a burst
    // of a new service read minutes late in two panes, still has them all).
    if (end <= st.lastEvaluated - span
        && (st.prunedTo == Long.MAX_VALUE || st.prunedTo > end - span)) {
      cx.lateDropped.inc();
      return false;
    }
    BucketAgg prev = st.buckets.get(end);
    if (prev == null) {
      st.buckets.put(end, b);
    } else {
      prev.merge(b);
    }
    long p = r.period().getMillis();
    if (st.incident.open) {
      st.incident.lateBucket(b.count, end - p, end, windowMillis(r));
      for (long t = Math.max(end, st.incident.firstSeen);
          t <= st.lastEvaluated && t < end + span;
          t += p) {
        Eval ev = evaluate(r, st, t);
        st.incident.reevaluated(t, ev.value, ev.cond, ev.down);
      }
    }
    return true;
  }

  /**
   * Late buckets ending in {@code [from, to]} were merged: if no incident is open, the windows they
   * belong to that were already evaluated are re-checked in order and the first that now holds
   * fires (once). The windows a bucket belongs to are those whose span holds it: a spike's baseline
   * as well as its window, so a baseline's late pane can still reveal the drop (or rise) measured
   * against it. An open incident is not re-notified: late data never produces a second FIRING, and
   * resolution stays forward-only.
   */
  private void recheck(
      KindContext cx, Rule r, KeyState st, long from, long to, Consumer<Alert> out) {
    if (st.firing) {
      return;
    }
    long p = r.period().getMillis();
    long span = spanMillis(r);
    for (long t = from; t <= st.lastEvaluated && t < to + span; t += p) {
      Eval ev = evaluate(r, st, t);
      if (ev.cond) {
        if (partOfResolvedIncident(r, st, t)) {
          cx.lateInResolved.inc();
          break;
        }
        lifecycle(cx, r, st, ev, out);
        // Sent while evaluation stands at the frontier: re-notifications count from there, or
        // the next evaluation would page again at once for an incident still holding.
        st.lastNotified = Math.max(st.lastNotified, st.lastEvaluated);
        break;
      }
    }
    // Resume the schedule: windows after the frontier may include the late bucket.
    st.cleanupAt = NONE;
    st.nextEval = Math.min(st.nextEval, st.lastEvaluated + p);
  }

  /**
   * Whether the window at {@code t}, which holds once a late pane came, belongs to the incident
   * already sent and resolved, not to a new one to page for: it lies inside that incident (its late
   * entries came in several panes, the last after its RESOLVED), or shares entries with its first
   * window (a backlog's panes in any order: the incident's start came after its end), or every
   * window between it and the incident's first holds now, so that a run of the same entries in
   * order tells one incident (a ratio or percentile judged on part of a backlog's panes resolved
   * early, or started late, and the panes come since fill the windows between).
   */
  private boolean partOfResolvedIncident(Rule r, KeyState st, long t) {
    if (st.resolvedUpTo == Long.MIN_VALUE) {
      return false; // no incident resolved yet
    }
    if (t > st.incidentStart - windowMillis(r) && t < st.resolvedUpTo) {
      return true;
    }
    long p = r.period().getMillis();
    for (long u = Math.min(t, st.incidentStart); u <= Math.max(t, st.incidentStart); u += p) {
      if (!evaluate(r, st, u).cond) {
        return false;
      }
    }
    return true;
  }

  @Override
  Alert.Builder retired(KindContext cx, Rule r, KeyState st, List<String> values, long end) {
    Eval ev = evaluate(r, st, end);
    return cx.alerts.base(r, st, values, ev.value, ev.threshold, ev.start, ev.end, ev.agg.samples);
  }

  /** The window ending at {@code t}. */
  final Eval evaluate(Rule r, KeyState st, long t) {
    Eval ev = new Eval();
    ev.end = t;
    ev.start = t - windowMillis(r);
    ev.agg = sum(st, ev.start, t);
    ev.threshold = r.threshold();
    evaluate(r, st, ev);
    return ev;
  }

  /**
   * Bounded runs: whether boundary {@code b} lies past the end of time. Buckets later than that
   * hold entries stamped ahead of their receipt ({@link EvaluateRules.InputEnd}): they do not end
   * time for other groups, but their own windows are evaluated, and an incident they open is given
   * the time to resolve, as a stream's watermark reaches past them in the end.
   */
  private static boolean pastEnd(Rule r, KeyState st, long b) {
    long end = lastBucketEnd(r, st);
    if (b <= end) {
      return false;
    }
    long ahead = st.prunedTo == Long.MAX_VALUE ? Long.MIN_VALUE : st.prunedTo;
    if (!st.buckets.isEmpty()) {
      ahead = Math.max(ahead, st.buckets.lastKey());
    }
    if (ahead <= end) {
      return true;
    }
    long p = r.period().getMillis();
    return b > ahead + (st.firing ? windowMillis(r) + Math.max(1, r.resolveAfter()) * p : 0);
  }

  /**
   * Replays: an open incident is evaluated past the end of a bounded input until its window has run
   * empty and {@code resolveAfter} evaluations have passed, long enough to resolve if nothing else
   * holds it open.
   */
  private static boolean draining(KindContext cx, Rule r, KeyState st, long boundary) {
    long p = r.period().getMillis();
    return cx.drainAfterInput
        && st.firing
        && boundary <= st.inputEnd + windowMillis(r) + Math.max(1, r.resolveAfter()) * p;
  }

  /**
   * The FIRING / re-notify / RESOLVED state machine for one evaluation; returns the state of the
   * alert it sent, or null.
   */
  private @Nullable AlertState lifecycle(
      KindContext cx, Rule r, KeyState st, Eval ev, Consumer<Alert> out) {
    st.incident.observe(st, ev);
    if (ev.cond) {
      st.below = 0;
      if (!st.firing) {
        st.firing = true;
        st.firedLow = ev.down;
        st.incidentStart = ev.end;
        started(r, st, ev);
        st.alertId = GroupKeys.stableId(r.name(), st.key, Long.toString(ev.end));
        st.lastNotified = ev.end;
        cx.alerts.emit(r, st, ev, AlertState.FIRING, AlertFactory.Step.START, core(r, ev), out);
        return AlertState.FIRING;
      } else if (ev.end - st.lastNotified >= r.renotifyInterval().getMillis()) {
        st.lastNotified = ev.end;
        cx.alerts.emit(r, st, ev, AlertState.FIRING, AlertFactory.Step.RENOTIFY, core(r, ev), out);
        return AlertState.FIRING;
      } else if (ev.end > st.incidentStart) {
        st.incident.suppressed++;
      }
    } else if (st.firing && ev.end > st.incidentStart) {
      st.below++;
      if (st.below >= Math.max(1, r.resolveAfter())) {
        cx.alerts.emit(r, st, ev, AlertState.RESOLVED, AlertFactory.Step.RESOLVE, core(r, ev), out);
        st.resolvedUpTo = ev.end;
        st.firing = false;
        st.below = 0;
        st.alertId = "";
        return AlertState.RESOLVED;
      }
    }
    return null;
  }

  /**
   * Why a window whose value is at the threshold does not hold: fewer than minCount {@code what}
   * (ratio: matching entries, latency: requests; {@link Eval#extra}) to judge; "" otherwise. A
   * RESOLVED for want of traffic says so, its value still at the threshold.
   */
  static String belowMinCount(Rule r, Eval ev, String what) {
    return ev.extra > 0 && ev.extra < r.minCount() && ev.value >= ev.threshold
        ? "; fewer than minCount (" + AlertText.number(r.minCount()) + ") " + what
        : "";
  }

  /** The window rounded up to whole periods. */
  static long windowMillis(Rule r) {
    long p = r.period().getMillis();
    long n = Math.max(1, (r.window().getMillis() + p - 1) / p);
    return n * p;
  }

  /** The buckets in {@code (fromExclusive, toInclusive]}, merged. */
  static BucketAgg sum(KeyState st, long fromExclusive, long toInclusive) {
    BucketAgg a = new BucketAgg();
    for (BucketAgg b : st.buckets.subMap(fromExclusive, false, toInclusive, true).values()) {
      a.merge(b);
    }
    return a;
  }
}
