package dev.logalerts.alerting;

import dev.logalerts.rules.KindSpec;
import dev.logalerts.rules.Rule;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.state.ValueState;

/**
 * One rule kind (threshold, ratio, ...): everything that differs between kinds, behind one small
 * interface, so that the loader, the matcher and the lifecycle DoFn dispatch through it and no
 * other class switches on the rule type. A kind is a stateless singleton registered once in {@link
 * RuleKinds}; per-key data lives in {@link KeyState}, per-bucket data in {@link BucketAgg}.
 *
 * <ul>
 *   <li><b>Keys and validation</b> ({@link KindSpec}): the keys it accepts besides the common ones
 *       and how it checks them.
 *   <li><b>Observation</b> ({@link #observes}): what a matching entry contributes besides a count
 *       and a sample (the ratio numerator, a latency, the message template). Asked once per rule
 *       version, so the per-entry loop only tests bits.
 *   <li><b>Bucket aggregate</b>: the parts of {@link BucketAgg} those observations fill (counts,
 *       the latency sketch, templates); the combiner merges only what is present.
 *   <li><b>Evaluation and timers</b> ({@link #onBucket}, {@link #step}, {@link #late}): the key's
 *       single event-time timer fires at {@link KeyState#nextEval}, which the kind sets, so a kind
 *       chooses its own evaluation times and deadlines (window boundaries, absence deadlines,
 *       forget times).
 *   <li><b>Alert text</b>: each kind words its FIRING / RESOLVED summaries, and the RESOLVED of an
 *       open incident whose rule was removed or reshaped ({@link #retired}).
 * </ul>
 */
public abstract class RuleKind implements KindSpec {
  /** {@link #observes}: the entry's match of the rule's numerator filter. */
  static final int OBSERVE_NUMERATOR = 1;

  /** {@link #observes}: the entry's {@code httpRequest.latency}. */
  static final int OBSERVE_LATENCY = 2;

  /** {@link #observes}: the entry's message template (mined once per entry). */
  static final int OBSERVE_TEMPLATE = 4;

  /**
   * An alert's value or threshold as a description's {@code {value}} and {@code {threshold}} show
   * it, in the kind's unit as its summaries write it: a count here; a percentage, seconds or a
   * duration in the kinds that measure those.
   */
  String valueText(double v) {
    return AlertText.number(v);
  }

  /** What a matching entry of {@code r} contributes: a set of {@code OBSERVE_*} bits. */
  int observes(Rule r) {
    return 0;
  }

  /**
   * Groups (values in groupBy order) the kind tracks before any entry of theirs is seen: {@link
   * MatchRulesFn} seeds their keys. Empty for every kind but deadline.
   */
  List<List<String>> expectedGroups(Rule r) {
    return List.of();
  }

  /**
   * A bucket {@code b} at or after the evaluation frontier was stored in {@link KeyState#buckets}
   * (merged into an earlier pane of the same bucket, if any) and {@code st.nextEval} moved to its
   * end at the latest. Sliding kinds resume their schedule; a kind may also act at once (e.g. fire
   * before the bucket's boundary is evaluated).
   */
  abstract void onBucket(KindContext cx, Rule r, KeyState st, BucketAgg b, Consumer<Alert> out);

  /**
   * Streaming: a partial bucket ending at {@code end} arrived before the watermark reached it (an
   * early pane) and was stored like any other. A kind whose condition more entries can only make
   * true may fire now instead of at the boundary; the others wait for their timer (the default).
   */
  void onEarlyBucket(KindContext cx, Rule r, KeyState st, long end, Consumer<Alert> out) {}

  /**
   * Whether more entries can only make the condition true (threshold: a count only grows), so a
   * window that holds on part of its data holds on all of it and may fire before its boundary
   * ({@link #onEarlyBucket}).
   */
  boolean monotone() {
    return false;
  }

  /**
   * Streaming: the early panes a settling key set aside ({@link KeyState#earlyFrom}) have settled:
   * judged as {@link #onEarlyBucket} would have, from the first of them on.
   */
  void earlySettled(KindContext cx, Rule r, KeyState st, Consumer<Alert> out) {}

  /**
   * The key's timer fires at {@code t}: evaluate what is due and set {@link KeyState#nextEval}
   * (NONE: nothing due). False when the key's state must be cleared. {@code known} is the key's set
   * cell (known templates of new-template rules).
   */
  abstract boolean step(
      KindContext cx,
      Rule r,
      KeyState st,
      long t,
      ValueState<Set<String>> known,
      Consumer<Alert> out);

  /** A bucket behind the evaluation frontier (a late pane: a delta within the allowed lateness). */
  abstract void late(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      ValueState<Set<String>> known,
      Consumer<Alert> out);

  /**
   * A late bucket while the key's panes settle (streaming, {@link LifecycleFn}): merged now, judged
   * once they have settled ({@link #settled}), so that a window is not judged on some of a
   * backlog's panes. By default judged at once.
   */
  void lateSettling(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    late(cx, r, st, b, known, out);
  }

  /** The key's panes have settled: judges what {@link #lateSettling} merged. */
  void settled(KindContext cx, Rule r, KeyState st, Consumer<Alert> out) {}

  /**
   * The alert fields (value, threshold, window, samples) of the RESOLVED sent when the open
   * incident's rule is removed or changes shape at {@code end}; the caller adds id and summary.
   */
  abstract Alert.Builder retired(
      KindContext cx, Rule r, KeyState st, List<String> values, long end);

  // Helpers of the kinds that apply each bucket at its end (absence, new-template).

  /**
   * Bounded runs: nothing is due before time ends, but buckets of later event time may still arrive
   * (the watermark is only at {@code t}), so wake once more when the bucket holding the newest
   * entry has surely been delivered, and clear then. False (clear now) once time has ended.
   */
  static boolean endOfTime(Rule r, KeyState st, long t) {
    long last = lastBucketEnd(r, st);
    if (last != KeyState.NONE && t < last) {
      st.nextEval = last;
      return true;
    }
    return false;
  }

  /**
   * Bounded runs: the end of the bucket that holds the newest entry (NONE when unbounded). A
   * bucket's element is timestamped just before its end, so a timer at this time fires only after
   * every bucket has been delivered; waking at the newest entry's own time instead could clear a
   * key before its last bucket arrives, and lose an absence RESOLVED or a window's count.
   */
  static long lastBucketEnd(Rule r, KeyState st) {
    if (st.inputEnd == KeyState.NONE) {
      return KeyState.NONE;
    }
    long p = r.period().getMillis();
    return Math.floorDiv(st.inputEnd, p) * p + p;
  }

  /** When a group not seen since {@link KeyState#lastSeen} is forgotten, or NONE. */
  static long forgetAt(Rule r, KeyState st) {
    if (st.lastSeen == Long.MIN_VALUE) {
      return KeyState.NONE;
    }
    long f = st.lastSeen + r.forgetAfter().getMillis();
    return f <= st.inputEnd ? f : KeyState.NONE;
  }

  @Override
  public String toString() {
    return type().key();
  }
}
