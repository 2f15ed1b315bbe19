package dev.logalerts.alerting;

import dev.logalerts.model.MessageTemplate;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleCoder;
import dev.logalerts.rules.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private static final int RULE_CACHE_SIZE = 256;

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

  /** Launch rule versions by fingerprint: never need the {@code rule} cell. */
  private transient @Nullable Map<String, Rule> launchByFingerprint;

  /** Other rule versions seen, by fingerprint, so timers rarely read the {@code rule} cell. */
  private transient @Nullable Map<String, Rule> rulesByFingerprint;

  private final Counter keysCreated = PipelineCounters.counter("alert_keys_created");
  private final Counter stateCleared = PipelineCounters.counter("state_cleared");
  private final Counter lateBuckets = PipelineCounters.counter("late_buckets");

  private final Counter keysRetired = PipelineCounters.counter("alert_keys_retired");
  private final Counter keysUpdated = PipelineCounters.counter("alert_keys_rule_updated");
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
    this.rulesView = rulesView;
    this.evaluationId = evaluationId;
    this.inputEndView = inputEndView;
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
      @TimerId("wake") Timer wake) {
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
      if (!isLaunchVersion(current)) {
        ruleCell.write(current);
      }
    }
    st = onBucket(current, st, key, b, inputEnd, known, c::output);
    setWake(st, wake, c.timestamp().getMillis());
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
      r = ruleOf(st, ruleCell); // this worker has not read the rules yet: the key's own version
    } else {
      r = newest.rule(GroupKeys.ruleName(st.key));
      if (underNewestRule(st, r, ruleCell, c::output) == null) {
        clear(state, known, ruleCell, older);
        return;
      }
    }
    long t = c.fireTimestamp().getMillis();
    if (st.inputEnd == KeyState.NONE
        && t > System.currentTimeMillis() + AHEAD_OF_THE_CLOCK_MILLIS) {
      // Drained: what would be decided now (a deadline missed, traffic gone, an incident over) is
      // about time that has not come, and would page (or close an incident) for nothing. An open
      // incident still gets its RESOLVED, saying why, so that no consumer keeps it open for good.
      aheadOfTheClock.inc();
      if (st.firing || st.flap.holding()) {
        cx.alerts.emitRetired(RuleKinds.of(r.type()), cx, r, st, DRAINED, c::output);
      }
      clear(state, known, ruleCell, older);
      return;
    }
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
      setWake(st, wake, t);
      state.write(st);
    } else {
      clear(state, known, ruleCell, older);
    }
    cx.tracer = null;
    keepOlderIn(null);
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

  /**
   * The key's state under the newest version of its rule ({@code newest}, null when the rule was
   * removed): the same state when it can carry on, null when the key is retired (an open incident
   * is resolved first).
   */
  @Nullable KeyState underNewestRule(
      KeyState st, @Nullable Rule newest, ValueState<Rule> ruleCell, Consumer<Alert> out) {
    if (newest != null && newest.fingerprint().equals(st.ruleFingerprint)) {
      return st;
    }
    Rule previous = ruleOf(st, ruleCell);
    if (newest != null && previous.sameShapeAs(newest)) {
      st.ruleFingerprint = newest.fingerprint();
      if (!isLaunchVersion(newest)) {
        ruleCell.write(newest);
      }
      keysUpdated.inc();
      return st;
    }
    if (st.firing || st.flap.holding()) {
      cx.alerts.emitRetired(
          RuleKinds.of(previous.type()),
          cx,
          previous,
          st,
          newest == null
              ? "the rule was removed from the rules file"
              : "the rule's type, period or groupBy changed; it restarts from its next bucket",
          out);
    }
    keysRetired.inc();
    return null;
  }

  /**
   * Whether {@code r} is a rule version of the launch rules, which every worker knows: only other
   * versions are written to the key's {@code rule} cell (a state write per new key otherwise).
   */
  private boolean isLaunchVersion(Rule r) {
    return launchVersions().containsKey(r.fingerprint());
  }

  private Map<String, Rule> launchVersions() {
    Map<String, Rule> m = launchByFingerprint;
    if (m == null) {
      m = new HashMap<>();
      for (Rule r : launchRules.rules()) {
        m.put(r.fingerprint(), r);
      }
      launchByFingerprint = m;
    }
    return m;
  }

  /** The rule version the key's state was built under: launch rules, seen versions, its cell. */
  private Rule ruleOf(KeyState st, ValueState<Rule> ruleCell) {
    Rule r = launchVersions().get(st.ruleFingerprint);
    if (r != null) {
      return r;
    }
    Map<String, Rule> cache = rulesByFingerprint;
    if (cache == null) {
      cache =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Rule> eldest) {
              return size() > RULE_CACHE_SIZE;
            }
          };
      rulesByFingerprint = cache;
    }
    r = cache.get(st.ruleFingerprint);
    if (r == null) {
      r = ruleCell.read();
      if (r == null || !r.fingerprint().equals(st.ruleFingerprint)) {
        throw new IllegalStateException("no rule stored for key " + st.key);
      }
      cache.put(r.fingerprint(), r);
    }
    return r;
  }

  private static void setWake(KeyState st, Timer wake, long notBefore) {
    long w = wakeTime(st, notBefore);
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
   * When the key's timer must fire next (NONE: no timer). Never before {@code notBefore}: a timer
   * may not hold output before the element or timer that sets it.
   */
  static long wakeTime(KeyState st, long notBefore) {
    long w = Math.min(Math.min(st.nextEval, st.cleanupAt), Flapping.wakeAt(st));
    return w != NONE && w < notBefore ? notBefore : w;
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
    out = tracedAlerts(kind, out);
    if (st.lastEvaluated != Long.MIN_VALUE && end <= st.lastEvaluated) {
      lateBuckets.inc();
      kind.late(cx, r, st, b, known, out);
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
      if (early && st.inputEnd == NONE) {
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
    out = tracedAlerts(kind, out);
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

  /**
   * Replays: kinds that do not record their own evaluations (absence, new-template) are traced by
   * the alerts they send.
   */
  private Consumer<Alert> tracedAlerts(RuleKind kind, Consumer<Alert> out) {
    if (cx.tracer == null || kind instanceof SlidingKind) {
      return out;
    }
    return a -> {
      cx.trace(
          new Evaluation(
              a.rule(),
              a.group(),
              a.windowStartMillis(),
              a.windowEndMillis(),
              a.value(),
              a.threshold(),
              a.state() == AlertState.FIRING,
              a.state(),
              // A new-template alert's firstSeen is the template's first entry, before the
              // bucket it fires at: it is never a re-notification.
              kind.incidents()
                  && a.state() == AlertState.FIRING
                  && a.firstSeenMillis() < a.windowEndMillis(),
              a.summary()));
      out.accept(a);
    };
  }
}
