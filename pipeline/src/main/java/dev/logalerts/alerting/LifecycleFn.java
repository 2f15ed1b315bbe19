package dev.logalerts.alerting;

import dev.logalerts.model.MessageTemplate;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleCoder;
import dev.logalerts.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.SetCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * The stateful heart of {@link EvaluateRules}: per (rule, group), in the global window, receives
 * bucket aggregates and evaluates the rule at bucket boundaries in event-time order, driven by one
 * event-time timer ("wake"), so that a bounded run (all buckets arrive first, then the watermark
 * jumps) and a streaming run (buckets trickle in as the watermark passes each one) walk through
 * exactly the same sequence of evaluations and produce the same alerts.
 *
 * <p>What happens at a bucket, a late bucket and a timer depends on the rule's kind ({@link
 * RuleKind}, found in {@link RuleKinds}): sliding kinds ({@link SlidingKind}) evaluate every
 * boundary while the group has data within the rule's span or an incident is open; absence and
 * new-template apply each bucket at its end. Alerts are built by {@link AlertFactory} and every
 * message of an incident goes out through {@link AlertFactory#publish} (flap detection: {@link
 * Flapping}; incident summary: {@link Incident}); the timer also fires when a flapping group's held
 * state is due. When a group is idle and resolved (and not flapping) its state is cleared, after
 * {@code allowedLateness} so that a late bucket still finds its neighbours.
 *
 * <p><b>Rules that change while the job runs</b> (the reloadable rules side input): each key
 * remembers the version of its rule ({@link KeyState#ruleFingerprint}, and the rule itself in the
 * {@code rule} cell, because a timer cannot read a side input and may fire on a worker that has not
 * seen that version). On every bucket, and on every timer via {@link LiveRules}, the key's rule is
 * compared with the newest rules:
 *
 * <ul>
 *   <li>same version: nothing to do;
 *   <li>edited, same kind, period and groupBy: the key carries on under the new version (its
 *       buckets and open incident are kept; a new threshold applies from the next evaluation);
 *   <li>removed, or its kind, period or groupBy changed: the key is retired: an open incident gets
 *       a RESOLVED saying why (so paging bridges close it), the state is cleared, and buckets made
 *       under the old version are dropped ({@code buckets_of_old_rules}); a changed rule starts
 *       afresh from its next bucket.
 * </ul>
 */
final class LifecycleFn extends DoFn<KV<String, BucketAgg>, Alert> {
  private static final long NONE = KeyState.NONE;

  @StateId("state")
  private final StateSpec<ValueState<KeyState>> stateSpec =
      StateSpecs.value(KeyState.KeyStateCoder.of());

  @StateId("known")
  private final StateSpec<ValueState<Set<String>>> knownSpec =
      StateSpecs.value(SetCoder.of(StringUtf8Coder.of()));

  /**
   * Reloadable rules only: the key's rule version when it is not a launch version. Encoded with
   * {@link RuleCoder} (a format version byte, then the rule's settings as text and numbers; no Java
   * serialization), so the bytes do not depend on class layout and a replacement job reads what the
   * old one wrote; see {@link RuleCoder} for how its format evolves across {@code --update}.
   */
  @StateId("rule")
  private final StateSpec<ValueState<Rule>> ruleSpec = StateSpecs.value(RuleCoder.of());

  /** Streaming sliding kinds: buckets past the key's windows, for late panes. */
  @StateId("older")
  private final StateSpec<BagState<BucketAgg>> olderSpec =
      StateSpecs.bag(BucketAgg.BucketAggCoder.of());

  @TimerId("wake")
  private final TimerSpec wakeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  /** Streaming: fires {@link #settleMillis} after a late pane; see {@link #onSettle}. */
  @TimerId("settle")
  private final TimerSpec settleSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

  /**
   * Streaming: settles a key when the watermark reaches the end of time first (a drain, the end of
   * a test stream), where processing-time timers need not fire. Holds the watermark at the late
   * pane's time, as {@code settle} does, until either fires (the other is cleared then).
   */
  @TimerId("settleAtEnd")
  private final TimerSpec settleAtEndSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private final RuleSet launchRules;
  private final @Nullable PCollectionView<RuleSet> rulesView;
  private final String evaluationId;
  private final @Nullable PCollectionView<Long> inputEndView;

  /** Settings, counters and alert construction shared with the kinds. */
  private final KindContext cx;

  /** Replays: also output every evaluation ({@link EvaluateRules#EVALUATIONS}). */
  private final boolean traced;

  /** Replays: time runs at least this far (epoch ms) in a bounded run; NONE otherwise. */
  private final long endAtLeast;

  /** Streaming: how long a key's late panes settle before it judges them (0: judged at once). */
  private long settleMillis;

  /** Streaming: how long after the watermark passes a boundary it is evaluated. */
  private long delayMillis;

  /** Streaming: a pane's age on the clock, and whether a backlog is still being read. */
  private final BacklogPanes backlog;

  private final RuleVersions versions;

  private final Counter keysCreated = PipelineCounters.counter("alert_keys_created");
  private final Counter stateCleared = PipelineCounters.counter("state_cleared");
  private final Counter lateBuckets = PipelineCounters.counter("late_buckets");

  private final Counter oldRuleBuckets = PipelineCounters.counter("buckets_of_old_rules");
  private final Counter aheadOfTheClock = PipelineCounters.counter("alerts_ahead_of_the_clock");

  /**
   * A stream's watermark follows the publish times of the messages still to read, never the
   * entries' own stamps, so it trails the clock. A timer that fires further ahead of the clock than
   * this (far above clock skew) fires because the watermark jumped to the end of time: the job is
   * being drained.
   */
  static final long AHEAD_OF_THE_CLOCK_MILLIS = Duration.standardMinutes(1).getMillis();

  /** Why an incident open when the job was drained ends with it. */
  static final String DRAINED =
      "the job was drained while the incident was open, so its end was not seen; if it goes on,"
          + " the next job fires it again under a new alertId";

  /** {@code rulesView} null: fixed rules (batch, tests), the launch rules are the only version. */
  LifecycleFn(
      RuleSet launchRules,
      @Nullable PCollectionView<RuleSet> rulesView,
      String evaluationId,
      long allowedLatenessMillis,
      int maxKnownTemplates,
      @Nullable PCollectionView<Long> inputEndView,
      SerializableFunction<String, String> redactor,
      SerializableFunction<String, MessageTemplate> miner,
      @Nullable Replay replay) {
    this.launchRules = launchRules;
    this.versions = new RuleVersions(launchRules);
    this.rulesView = rulesView;
    this.evaluationId = evaluationId;
    this.inputEndView = inputEndView;
    this.backlog = new BacklogPanes(evaluationId);
    this.traced = replay != null;
    this.endAtLeast = replay == null ? NONE : replay.endAtLeastMillis();
    this.cx =
        new KindContext(
            new AlertFactory(redactor, miner),
            allowedLatenessMillis,
            maxKnownTemplates,
            replay != null && replay.drain());
  }

  /**
   * Streaming: when a late pane comes (entries read after the watermark passed their bucket: a
   * backlog, an agent's delayed batch), the key waits this long for the rest of them before it
   * moves on or judges the windows they change; returns this.
   */
  LifecycleFn settleFor(long millis) {
    this.settleMillis = millis;
    backlog.settleFor(millis);
    return this;
  }

  /**
   * Streaming: a boundary (a deadline, a clean-up) is evaluated when the watermark is this far past
   * it rather than at once, so that entries that come a steady while behind the watermark (an agent
   * that buffers) are in its windows; returns this.
   */
  LifecycleFn delayEvaluationBy(long millis) {
    this.delayMillis = millis;
    return this;
  }

  /**
   * The clock a backlog's early panes are told by ({@link BacklogPanes#defersEarly}); returns this.
   */
  LifecycleFn withClock(KeyTimers.WallClock c) {
    backlog.withClock(c);
    return this;
  }

  /**
   * Replays of a bounded input (rule tests, explain-rule) rather than the job: every evaluation is
   * also output, time runs at least to {@code endAtLeastMillis}, and with {@code drain} incidents
   * open at the end of the input are given time to resolve.
   */
  record Replay(long endAtLeastMillis, boolean drain) implements java.io.Serializable {}

  /** The views {@code process} reads: input end (bounded runs), reloadable rules. */
  List<PCollectionView<?>> sideInputs() {
    List<PCollectionView<?>> v = new ArrayList<>();
    if (inputEndView != null) {
      v.add(inputEndView);
    }
    if (rulesView != null) {
      v.add(rulesView);
    }
    return v;
  }

  @ProcessElement
  public void process(
      ProcessContext c,
      @StateId("state") ValueState<KeyState> state,
      @StateId("known") ValueState<Set<String>> known,
      @StateId("rule") ValueState<Rule> ruleCell,
      @StateId("older") BagState<BucketAgg> older,
      @TimerId("wake") Timer wake,
      @TimerId("settle") Timer settle,
      @TimerId("settleAtEnd") Timer settleAtEnd) {
    RuleSet rules = launchRules;
    if (rulesView != null) {
      rules = c.sideInput(rulesView);
      LiveRules.offer(evaluationId, rules);
    }
    long inputEnd = inputEndView == null ? NONE : c.sideInput(inputEndView);
    if (inputEnd != NONE && endAtLeast != NONE) {
      inputEnd = Math.max(inputEnd, endAtLeast);
    }
    if (traced) {
      cx.tracer = e -> c.output(EvaluateRules.EVALUATIONS, e);
    }
    String key = c.element().getKey();
    BucketAgg b = c.element().getValue();
    Rule current = rules.rule(GroupKeys.ruleName(key));
    KeyState st = state.read();
    if (st != null) {
      st = underNewestRule(st, current, ruleCell, c::output);
      if (st == null) {
        older.clear(); // retired: its buckets go with it (a cleared key's bag is empty)
      }
    }
    if (current == null || b.periodMillis != current.period().getMillis()) {
      oldRuleBuckets.inc(); // made under a version that is gone
      if (st == null) {
        clear(state, known, ruleCell, older);
      }
      return;
    }
    keepOlderIn(older);
    if (st == null) {
      known.clear();
      if (!versions.isLaunchVersion(current)) {
        ruleCell.write(current);
      }
    }
    if (!b.early) { // an on-time or late pane: the watermark has passed its bucket
      backlog.watermarkPassed(b.endMillis - 1);
    }
    boolean wasSettling = st != null && st.settling;
    st = onBucket(current, st, key, b, inputEnd, known, c::output);
    if (st.settling && !wasSettling) {
      settle.offset(Duration.millis(settleMillis)).setRelative();
      settleAtEnd.withOutputTimestamp(c.timestamp()).set(GlobalWindow.INSTANCE.maxTimestamp());
    }
    // Armed while settling too: held when it fires, it says how far the key may evaluate on.
    KeyTimers.setWake(st, wake, c.timestamp().getMillis(), delayMillis);
    state.write(st);
    cx.tracer = null;
    keepOlderIn(null);
  }

  @OnTimer("wake")
  public void onWake(
      OnTimerContext c,
      @StateId("state") ValueState<KeyState> state,
      @StateId("known") ValueState<Set<String>> known,
      @StateId("rule") ValueState<Rule> ruleCell,
      @StateId("older") BagState<BucketAgg> older,
      @TimerId("wake") Timer wake) {
    KeyState st = state.read();
    if (st == null) {
      return;
    }
    RuleSet newest = rulesView == null ? launchRules : LiveRules.newest(evaluationId);
    Rule r;
    if (newest == null) {
      // This worker has not read the rules yet: the key's own version.
      r = versions.ruleOf(st, ruleCell);
    } else {
      r = newest.rule(GroupKeys.ruleName(st.key));
      if (underNewestRule(st, r, ruleCell, c::output) == null) {
        clear(state, known, ruleCell, older);
        return;
      }
    }
    long fired = c.fireTimestamp().getMillis();
    long clock = System.currentTimeMillis() + AHEAD_OF_THE_CLOCK_MILLIS;
    if (st.inputEnd == KeyState.NONE && fired > clock) {
      // Drained: what would be decided now (a deadline missed, traffic gone, an incident over) is
      // about time that has not come, and would page (or close an incident) for nothing. An open
      // incident still gets its RESOLVED, saying why, so that no consumer keeps it open for good.
      if (st.settling) { // its late panes are about time that has come: judged first, and it
        // evaluates up to the clock as its timers would have; re-armed, this one then closes it
        settled(r, st, older, c::output, true);
        long upTo = clock - KeyTimers.delay(st, delayMillis);
        walk(c, r, st, upTo, fired, state, known, ruleCell, older, wake);
        return;
      }
      aheadOfTheClock.inc();
      if (st.firing || st.flap.holding()) {
        cx.alerts.emitRetired(RuleKinds.of(r.type()), cx, r, st, DRAINED, c::output);
      }
      clear(state, known, ruleCell, older);
      return;
    }
    backlog.watermarkPassed(fired);
    long t = fired - KeyTimers.delay(st, delayMillis);
    if (KeyTimers.held(st, t)) {
      state.write(st);
      return;
    }
    walk(c, r, st, t, fired, state, known, ruleCell, older, wake);
  }

  /**
   * The key's late panes have settled: the windows they changed are judged, and it evaluates on up
   * to the newest late pane come, so that a backlog read in event-time order is judged a settle
   * period behind its panes, not one boundary a settle period ({@link #settled}).
   */
  @OnTimer("settle")
  public void onSettle(
      OnTimerContext c,
      @StateId("state") ValueState<KeyState> state,
      @StateId("known") ValueState<Set<String>> known,
      @StateId("rule") ValueState<Rule> ruleCell,
      @StateId("older") BagState<BucketAgg> older,
      @TimerId("wake") Timer wake,
      @TimerId("settle") Timer settle,
      @TimerId("settleAtEnd") Timer settleAtEnd) {
    long hold = settle(c, state, known, ruleCell, older, wake, false);
    if (hold == NONE) {
      settleAtEnd.clear();
      return;
    }
    Instant at = new Instant(hold);
    settle.offset(Duration.millis(settleMillis)).withOutputTimestamp(at).setRelative();
    if (at.isAfter(c.timestamp())) {
      settleAtEnd.withOutputTimestamp(at).set(GlobalWindow.INSTANCE.maxTimestamp());
    }
  }

  @OnTimer("settleAtEnd")
  public void onSettleAtEnd(
      OnTimerContext c,
      @StateId("state") ValueState<KeyState> state,
      @StateId("known") ValueState<Set<String>> known,
      @StateId("rule") ValueState<Rule> ruleCell,
      @StateId("older") BagState<BucketAgg> older,
      @TimerId("wake") Timer wake,
      @TimerId("settle") Timer settle) {
    settle.clear();
    settle(c, state, known, ruleCell, older, wake, true);
  }

  /**
   * A settle step ({@link #settled}); while the key's panes are still settling, the time its settle
   * timers hold output at (NONE: settled). It moves to where the key evaluated to: what the key
   * outputs from then on is stamped no earlier, and held at its first late pane a key whose panes
   * keep coming held the stage's output watermark (and the silences' timers of every key
   * downstream) for as long as they came.
   */
  private long settle(
      OnTimerContext c,
      ValueState<KeyState> state,
      ValueState<Set<String>> known,
      ValueState<Rule> ruleCell,
      BagState<BucketAgg> older,
      Timer wake,
      boolean atEnd) {
    KeyState st = state.read();
    if (st == null || !st.settling) {
      return NONE; // cleared since
    }
    RuleSet newest = rulesView == null ? launchRules : LiveRules.newest(evaluationId);
    Rule r =
        newest == null ? versions.ruleOf(st, ruleCell) : newest.rule(GroupKeys.ruleName(st.key));
    if (newest != null && underNewestRule(st, r, ruleCell, c::output) == null) {
      clear(state, known, ruleCell, older);
      return NONE;
    }
    long upTo = settled(r, st, older, c::output, atEnd);
    boolean settling = st.settling;
    long notBefore = c.timestamp().getMillis();
    if (upTo == NONE || upTo == Long.MIN_VALUE) {
      if (!settling) {
        KeyTimers.setWake(st, wake, notBefore, delayMillis);
      }
      state.write(st);
      keepOlderIn(null);
      return settling ? notBefore : NONE;
    }
    boolean kept = walk(c, r, st, upTo, notBefore, state, known, ruleCell, older, wake);
    return kept && settling ? Math.max(notBefore, upTo) : NONE;
  }

  /** Evaluates the key up to {@code t}, then re-arms its timer or clears its state (false). */
  private boolean walk(
      WindowedContext c,
      Rule r,
      KeyState st,
      long t,
      long notBefore,
      ValueState<KeyState> state,
      ValueState<Set<String>> known,
      ValueState<Rule> ruleCell,
      BagState<BucketAgg> older,
      Timer wake) {
    if (traced) {
      cx.tracer = e -> c.output(EvaluateRules.EVALUATIONS, e);
    }
    Consumer<Alert> out = c::output;
    keepOlderIn(older);
    if (!onTimer(r, st, t, known, out)) {
      older.clear();
      st = restartedByLaterBuckets(r, st, known, out);
    }
    if (st != null) {
      KeyTimers.setWake(st, wake, notBefore, delayMillis);
      state.write(st);
    } else {
      clear(state, known, ruleCell, older);
    }
    cx.tracer = null;
    keepOlderIn(null);
    return st != null;
  }

  /** A settle step of the key ({@link KeyTimers#settleStep}). */
  long settled(
      Rule r,
      KeyState st,
      @Nullable BagState<BucketAgg> older,
      Consumer<Alert> out,
      boolean atEnd) {
    keepOlderIn(older);
    boolean coming = backlog.stillComing(st);
    long delay = KeyTimers.delay(st, delayMillis);
    long upTo = KeyTimers.settleStep(cx, r, st, settleMillis, delay, coming, atEnd, out);
    long seen = backlog.watermarkSeen();
    if (st.settling && upTo != NONE && upTo != Long.MIN_VALUE && seen != Long.MIN_VALUE) {
      // Evaluating on while it settles on: its timer, held, was not re-armed, so it asked for one
      // boundary; every boundary the watermark has passed is due.
      upTo = Math.max(upTo, seen - delay);
    }
    return upTo;
  }

  /**
   * The state of a key just cleared (forgotten after its silence) when buckets of later entries
   * already wait in it, as a bounded input's do (every entry has arrived before the first timer
   * fires): they start the key afresh, as they would have had they come after the clear, so a group
   * that comes back is tracked (and alerted on) again. Null when there are none.
   */
  @Nullable KeyState restartedByLaterBuckets(
      Rule r, KeyState cleared, ValueState<Set<String>> known, Consumer<Alert> out) {
    List<BucketAgg> later =
        new ArrayList<>(cleared.buckets.tailMap(cleared.lastEvaluated, false).values());
    if (later.isEmpty()) {
      return null;
    }
    known.clear();
    KeyState st = null;
    for (BucketAgg b : later) {
      st = onBucket(r, st, cleared.key, b, cleared.inputEnd, known, out);
    }
    return st;
  }

  private void clear(
      ValueState<KeyState> state,
      ValueState<Set<String>> known,
      ValueState<Rule> ruleCell,
      BagState<BucketAgg> older) {
    state.clear();
    known.clear();
    older.clear();
    if (rulesView != null) {
      ruleCell.clear(); // only reloadable rules ever write it
    }
  }

  /** See {@link RuleVersions#underNewestRule}. */
  @Nullable KeyState underNewestRule(
      KeyState st, @Nullable Rule newest, ValueState<Rule> ruleCell, Consumer<Alert> out) {
    return versions.underNewestRule(cx, st, newest, ruleCell, out);
  }

  /**
   * One bucket of rule {@code r} arrives for a key ({@code st} null for a new key); returns the
   * state to keep.
   */
  KeyState onBucket(
      Rule r,
      @Nullable KeyState st,
      String key,
      BucketAgg b,
      long inputEnd,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    if (st == null) {
      st = new KeyState(key);
      st.ruleFingerprint = r.fingerprint();
      keysCreated.inc();
    }
    st.inputEnd = inputEnd;
    long end = b.endMillis;
    st.firstSeen = Math.min(st.firstSeen, end - r.period().getMillis());
    RuleKind kind = RuleKinds.of(r.type());
    out = cx.tracedAlerts(kind, out);
    if (b.late && inputEnd == NONE) {
      backlog.late(st, end);
    }
    b.late = false; // the stored bucket is just a bucket
    if (st.lastEvaluated != Long.MIN_VALUE && end <= st.lastEvaluated) {
      lateBuckets.inc();
      if (st.settling) {
        kind.lateSettling(cx, r, st, b, known, out);
      } else {
        kind.late(cx, r, st, b, known, out);
      }
    } else {
      boolean early = b.early;
      b.early = false; // the stored bucket is just a bucket
      BucketAgg prev = st.buckets.get(end);
      if (prev == null) {
        st.buckets.put(end, b);
      } else {
        prev.merge(b);
      }
      st.nextEval = Math.min(st.nextEval, end);
      kind.onBucket(cx, r, st, b, out);
      // Every kind's backlog panes settle: its windows wait for the rest of them.
      if (early
          && st.inputEnd == NONE
          && !backlog.defersEarly(st, end, kind.monotone())
          && kind.monotone()) {
        kind.onEarlyBucket(cx, r, st, end, out);
      }
    }
    return st;
  }

  /**
   * Where the kinds keep the current key's buckets past its windows (null: nowhere; nowhere either
   * without allowed lateness, as no late pane comes).
   */
  void keepOlderIn(@Nullable BagState<BucketAgg> older) {
    cx.older =
        older == null || cx.allowedLatenessMillis <= 0
            ? null
            : new OlderBuckets(older, cx.allowedLatenessMillis);
  }

  /** The key's timer fires at {@code t}; false when its state must be cleared. */
  boolean onTimer(Rule r, KeyState st, long t, ValueState<Set<String>> known, Consumer<Alert> out) {
    st.wakeAt = NONE;
    RuleKind kind = RuleKinds.of(r.type());
    out = cx.tracedAlerts(kind, out);
    boolean keep = kind.step(cx, r, st, t, known, out);
    if (Flapping.releaseDue(cx, kind, r, st, t, true, out) && !keep) {
      // Idle, but a flapping group's held state is still to be published: clear after that.
      st.cleanupAt = st.flap.releaseAt;
      keep = true;
    }
    if (!keep) {
      stateCleared.inc();
    }
    return keep;
  }
}
