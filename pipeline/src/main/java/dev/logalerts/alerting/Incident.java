package dev.logalerts.alerting;

import dev.logalerts.model.BinaryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The accounting of a group's current incident, part of {@link KeyState}: when it started and last
 * held, the entries it saw, its peak, the notifications published and the evaluations suppressed.
 * Its summary ({@link IncidentSummary}) goes with the incident's RESOLVED and FLAPPING messages.
 *
 * <p>An incident opens at the first evaluation that holds and closes when its RESOLVED is
 * published; while a flapping group's messages are held ({@link Flapping}) it stays open across the
 * group's internal changes, so the summary covers the whole flapping episode. Every update happens
 * at an evaluation, in event-time order, so batch and streaming runs count the same. Constant size.
 */
final class Incident {
  boolean open;
  long firstSeen;
  long lastSeen;

  /** Entries are counted up to this bucket boundary (sliding kinds). */
  long countedTo;

  long entries;
  double peak;
  long notifications;
  long suppressed;

  /**
   * One evaluation at {@code t} with {@code value}, whether the condition {@code holds}, and the
   * matching entries not counted yet ({@code newEntries}); opens the incident when it holds and
   * none is open. {@code low}: the peak is the lowest value (a spike that fired down).
   */
  void observe(long t, double value, boolean holds, boolean low, long newEntries) {
    if (!open) {
      if (!holds) {
        return;
      }
      open = true;
      firstSeen = t;
      entries = 0;
      peak = value;
      notifications = 0;
      suppressed = 0;
    }
    entries += newEntries;
    countedTo = Math.max(countedTo, t);
    if (holds) {
      lastSeen = t;
      peak = low ? Math.min(peak, value) : Math.max(peak, value);
    }
  }

  /**
   * A sliding kind's evaluation: the entries of its window not counted yet (all of it when the
   * incident opens here).
   */
  void observe(KeyState st, Eval ev) {
    if (!open && !ev.cond) {
      return;
    }
    long from = open ? Math.max(countedTo, ev.start) : ev.start;
    long fresh;
    if (from == ev.start) {
      fresh = ev.agg.count; // the whole window, already summed
    } else {
      fresh = from < ev.end ? SlidingKind.sum(st, from, ev.end).count : 0;
    }
    observe(ev.end, ev.value, ev.cond, ev.down, fresh);
  }

  /**
   * A late bucket {@code [start, end)} of a sliding kind: counted when it lies in the windows the
   * incident has counted already (from its first window, whose length is {@code window}); a later
   * one is counted when its window is evaluated.
   */
  void lateBucket(long count, long start, long end, long window) {
    if (start >= firstSeen - window && end <= countedTo) {
      entries += count;
    }
  }

  /** An evaluated window of the incident at {@code t} whose value a late bucket changed. */
  void reevaluated(long t, double value, boolean holds, boolean low) {
    if (holds) {
      lastSeen = Math.max(lastSeen, t);
      peak = low ? Math.min(peak, value) : Math.max(peak, value);
    }
  }

  /**
   * Forgets the entries counted so far and counts again from {@code windowStart}: after an
   * evaluation of partial data (an early pane), the boundary's own evaluation counts its window.
   */
  void recountFrom(long windowStart) {
    entries = 0;
    countedTo = windowStart;
  }

  /** The summary at a message sent at {@code end}; null when no incident is open. */
  @Nullable IncidentSummary summary(long end) {
    if (!open) {
      return null;
    }
    return IncidentSummary.of(
        firstSeen,
        lastSeen,
        Math.max(0, end - firstSeen) / 1000,
        entries,
        peak,
        notifications,
        suppressed);
  }

  void close() {
    open = false;
  }

  /**
   * State written by a job before this accounting existed: an open incident is known from its start
   * and last notification only (entries and peak from then on).
   */
  void adoptLegacy(KeyState st) {
    if (st.firing) {
      open = true;
      firstSeen = st.incidentStart;
      lastSeen = st.lastNotified;
      countedTo = st.lastEvaluated == Long.MIN_VALUE ? st.incidentStart : st.lastEvaluated;
      peak = 0;
    }
  }

  void encode(OutputStream out) throws IOException {
    out.write(open ? 1 : 0);
    if (!open) {
      return;
    }
    BinaryCodec.writeVarLong(out, firstSeen);
    BinaryCodec.writeVarLong(out, lastSeen);
    BinaryCodec.writeVarLong(out, countedTo);
    BinaryCodec.writeVarLong(out, entries);
    BinaryCodec.writeVarLong(out, Double.doubleToLongBits(peak));
    BinaryCodec.writeVarLong(out, notifications);
    BinaryCodec.writeVarLong(out, suppressed);
  }

  void decode(InputStream in) throws IOException {
    open = in.read() == 1;
    if (!open) {
      return;
    }
    firstSeen = BinaryCodec.readVarLong(in);
    lastSeen = BinaryCodec.readVarLong(in);
    countedTo = BinaryCodec.readVarLong(in);
    entries = BinaryCodec.readVarLong(in);
    peak = Double.longBitsToDouble(BinaryCodec.readVarLong(in));
    notifications = BinaryCodec.readVarLong(in);
    suppressed = BinaryCodec.readVarLong(in);
  }
}
