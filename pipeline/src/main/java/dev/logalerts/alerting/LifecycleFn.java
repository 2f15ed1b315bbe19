package dev.logalerts.alerting;

import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.model.Timestamps;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.SpikeDirection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.SetCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
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
import org.joda.time.Instant;

/**
 * The stateful heart of {@link EvaluateRules}: per (rule, group), in the global window, receives
 * bucket aggregates and evaluates the rule at bucket boundaries in event-time order, driven by one
 * event-time timer ("wake"), so that a bounded run (all buckets arrive first, then the watermark
 * jumps) and a streaming run (buckets trickle in as the watermark passes each one) walk through
 * exactly the same sequence of evaluations and produce the same alerts.
 *
 * <p>Sliding kinds (threshold, ratio, latency, spike) are evaluated at every boundary while the
 * group has data within the rule's span or an incident is open; boundaries with no data in span
 * are skipped (nothing can hold there). Absence and new-template apply each bucket at its end.
 * When a group is idle and resolved its state is cleared, after {@code allowedLateness} so that a
 * late bucket still finds its neighbours.
 *
 * <p><b>Rules that change while the job runs</b> (the reloadable rules side input): each key
 * remembers the version of its rule ({@link KeyState#ruleFingerprint}, and the rule itself in the
 * {@code rule} cell, because a timer cannot read a side input and may fire on a worker that has
 * not seen that version). On every bucket, and on every timer via {@link LiveRules}, the key's
 * rule is compared with the newest rules:
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

  /** Reloadable rules only: the key's rule version when it is not a launch version. */
  @StateId("rule")
  private final StateSpec<ValueState<Rule>> ruleSpec =
      StateSpecs.value(SerializableCoder.of(Rule.class));

  @TimerId("wake")
  private final TimerSpec wakeSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  private final RuleSet launchRules;
  private final @Nullable PCollectionView<RuleSet> rulesView;
  private final String evaluationId;
  private final long allowedLatenessMillis;
  private final int maxKnownTemplates;
  private final @Nullable PCollectionView<Long> inputEndView;
  private final SerializableFunction<String, String> redactor;
  private final SerializableFunction<String, MessageTemplate> miner;
  /** Launch rule versions by fingerprint: never need the {@code rule} cell. */
  private transient @Nullable Map<String, Rule> launchByFingerprint;
  /** Other rule versions seen, by fingerprint, so timers rarely read the {@code rule} cell. */
  private transient @Nullable Map<String, Rule> rulesByFingerprint;

  private final Counter keysCreated = PipelineCounters.counter("alert_keys_created");
  private final Counter stateCleared = PipelineCounters.counter("state_cleared");
  private final Counter lateBuckets = PipelineCounters.counter("late_buckets");
  private final Counter lateDropped =
      PipelineCounters.counter("late_buckets_outside_span");
  private final Counter knownOverflow =
      PipelineCounters.counter("known_templates_overflow");
  private final Counter firing = PipelineCounters.counter("alerts_firing");
  private final Counter resolved = PipelineCounters.counter("alerts_resolved");
  private final Counter keysRetired = PipelineCounters.counter("alert_keys_retired");
  private final Counter keysUpdated = PipelineCounters.counter("alert_keys_rule_updated");
  private final Counter oldRuleBuckets = PipelineCounters.counter("buckets_of_old_rules");

  /** {@code rulesView} null: fixed rules (batch, tests), the launch rules are the only version. */
  LifecycleFn(
      RuleSet launchRules,
      @Nullable PCollectionView<RuleSet> rulesView,
      String evaluationId,
      long allowedLatenessMillis,
      int maxKnownTemplates,
      @Nullable PCollectionView<Long> inputEndView,
      SerializableFunction<String, String> redactor,
      SerializableFunction<String, MessageTemplate> miner) {
    this.launchRules = launchRules;
    this.rulesView = rulesView;
    this.evaluationId = evaluationId;
    this.allowedLatenessMillis = allowedLatenessMillis;
    this.maxKnownTemplates = maxKnownTemplates;
    this.inputEndView = inputEndView;
    this.redactor = redactor;
    this.miner = miner;
  }

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
      @TimerId("wake") Timer wake) {
    RuleSet rules = launchRules;
    if (rulesView != null) {
      rules = c.sideInput(rulesView);
      LiveRules.offer(evaluationId, rules);
    }
    long inputEnd = inputEndView == null ? NONE : c.sideInput(inputEndView);
    String key = c.element().getKey();
    BucketAgg b = c.element().getValue();
    Rule current = rules.rule(GroupKeys.ruleName(key));
    KeyState st = state.read();
    if (st != null) {
      st = underNewestRule(st, current, ruleCell, c::output);
    }
    if (current == null || b.periodMillis != current.period().getMillis()) {
      oldRuleBuckets.inc(); // made under a version that is gone
      if (st == null) {
        clear(state, known, ruleCell);
      }
      return;
    }
    if (st == null) {
      known.clear();
      if (!isLaunchVersion(current)) {
        ruleCell.write(current);
      }
    }
    st = onBucket(current, st, key, b, inputEnd, known, c::output);
    setWake(st, wake, c.timestamp().getMillis());
    state.write(st);
  }

  @OnTimer("wake")
  public void onWake(
      OnTimerContext c,
      @StateId("state") ValueState<KeyState> state,
      @StateId("known") ValueState<Set<String>> known,
      @StateId("rule") ValueState<Rule> ruleCell,
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
        clear(state, known, ruleCell);
        return;
      }
    }
    long t = c.fireTimestamp().getMillis();
    if (onTimer(r, st, t, known, c::output)) {
      setWake(st, wake, t);
      state.write(st);
    } else {
      clear(state, known, ruleCell);
    }
  }

  private void clear(
      ValueState<KeyState> state, ValueState<Set<String>> known, ValueState<Rule> ruleCell) {
    state.clear();
    known.clear();
    if (rulesView != null) {
      ruleCell.clear(); // only reloadable rules ever write it
    }
  }

  /**
   * The key's state under the newest version of its rule ({@code newest}, null when the rule was
   * removed): the same state when it can carry on, null when the key is retired (an open incident
   * is resolved first).
   */
  @Nullable
  KeyState underNewestRule(
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
    if (st.firing) {
      emitRetired(
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
    if (w != NONE && w != st.wakeAt) {
      wake.set(new Instant(w));
      st.wakeAt = w;
    }
  }

  /**
   * When the key's timer must fire next (NONE: no timer). Never before {@code notBefore}: a timer
   * may not hold output before the element or timer that sets it.
   */
  static long wakeTime(KeyState st, long notBefore) {
    long w = Math.min(st.nextEval, st.cleanupAt);
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
    if (st.lastEvaluated != Long.MIN_VALUE && end <= st.lastEvaluated) {
      lateBuckets.inc();
      late(r, st, b, known, out);
    } else {
      BucketAgg prev = st.buckets.get(end);
      if (prev == null) {
        st.buckets.put(end, b);
      } else {
        prev.merge(b);
      }
      if (r.type() != RuleType.ABSENCE && r.type() != RuleType.NEW_TEMPLATE) {
        st.cleanupAt = NONE;
      }
      st.nextEval = Math.min(st.nextEval, end);
    }
    return st;
  }

  /** The key's timer fires at {@code t}; false when its state must be cleared. */
  boolean onTimer(Rule r, KeyState st, long t, ValueState<Set<String>> known, Consumer<Alert> out) {
    st.wakeAt = NONE;
    boolean keep;
    switch (r.type()) {
      case ABSENCE:
        keep = absenceStep(r, st, t, out);
        break;
      case NEW_TEMPLATE:
        keep = newTemplateStep(r, st, t, known, out);
        break;
      default:
        keep = slidingStep(r, st, t, out);
        break;
    }
    if (!keep) {
      stateCleared.inc();
    }
    return keep;
  }

  // ---------------------------------------------------------------- sliding kinds

  /** Evaluates due boundaries; false when the state should be cleared. */
  private boolean slidingStep(Rule r, KeyState st, long t, Consumer<Alert> out) {
    long p = r.period().getMillis();
    while (st.nextEval <= t) {
      long b = st.nextEval;
      if (b - p > st.inputEnd) {
        return false; // bounded run: time ends at the newest entry
      }
      Eval ev = evaluate(r, st, b);
      lifecycle(r, st, ev, out);
      st.lastEvaluated = b;
      long span = spanMillis(r);
      st.buckets.headMap(b - span, true).clear();
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
            // reaches them, so keep the state until time ends (the newest entry).
            st.cleanupAt = Math.max(b, st.inputEnd) + 1;
          } else if (allowedLatenessMillis <= 0) {
            return false;
          } else {
            st.cleanupAt = b + allowedLatenessMillis;
          }
        }
      }
    }
    if (st.cleanupAt <= t) {
      return st.firing || st.nextEval != NONE;
    }
    return true;
  }

  private static long windowMillis(Rule r) {
    long p = r.period().getMillis();
    long n = Math.max(1, (r.window().getMillis() + p - 1) / p);
    return n * p;
  }

  private static long baselineMillis(Rule r) {
    long p = r.period().getMillis();
    long base = r.baseline().getMillis() > 0 ? r.baseline().getMillis() : r.window().getMillis();
    return Math.max(1, (base + p - 1) / p) * p;
  }

  private static long spanMillis(Rule r) {
    return r.type() == RuleType.SPIKE ? windowMillis(r) + baselineMillis(r) : windowMillis(r);
  }

  /** The result of evaluating one window. */
  static final class Eval {
    boolean cond;
    double value;
    double threshold;
    long start;
    long end;
    BucketAgg agg;
    /** ratio: denominator; latency: requests with latency; spike: baseline mean per window. */
    double extra;
    boolean down;
  }

  private static BucketAgg sum(KeyState st, long fromExclusive, long toInclusive) {
    BucketAgg a = new BucketAgg();
    for (BucketAgg b : st.buckets.subMap(fromExclusive, false, toInclusive, true).values()) {
      a.merge(b);
    }
    return a;
  }

  private static Eval evaluate(Rule r, KeyState st, long t) {
    Eval ev = new Eval();
    ev.end = t;
    ev.start = t - windowMillis(r);
    ev.agg = sum(st, ev.start, t);
    BucketAgg a = ev.agg;
    ev.threshold = r.threshold();
    switch (r.type()) {
      case THRESHOLD:
        ev.value = a.count;
        ev.cond = a.count > 0 && a.count >= r.threshold();
        break;
      case RATIO:
        ev.extra = a.count;
        ev.value = a.count == 0 ? 0 : (double) a.numerator / a.count;
        ev.cond = a.count > 0 && a.count >= r.minCount() && ev.value >= r.threshold();
        break;
      case LATENCY:
        long n = a.latencyCount();
        ev.extra = n;
        ev.value = n == 0 ? 0 : a.quantile(r.percentile() / 100.0);
        ev.cond = n > 0 && n >= r.minCount() && ev.value >= r.threshold();
        break;
      case SPIKE:
        long baseSpan = baselineMillis(r);
        long baseStart = ev.start - baseSpan;
        long base = sum(st, baseStart, ev.start).count;
        double mean = base * ((double) windowMillis(r) / baseSpan);
        ev.extra = mean;
        ev.value = a.count;
        boolean history = st.firstSeen <= baseStart;
        boolean up =
            a.count >= Math.max(1, r.minCount()) && a.count >= r.factor() * mean;
        boolean down = mean > 0 && mean >= r.minCount() && a.count <= mean / r.factor();
        SpikeDirection d = r.direction();
        boolean wantUp = d != SpikeDirection.DOWN && up;
        boolean wantDown = d != SpikeDirection.UP && down;
        ev.cond = history && (wantUp || wantDown);
        ev.down = !wantUp && (wantDown || d == SpikeDirection.DOWN);
        ev.threshold = ev.down ? mean / r.factor() : r.factor() * mean;
        break;
      default:
        throw new IllegalStateException("not a sliding kind: " + r.type());
    }
    return ev;
  }

  /** The FIRING / re-notify / RESOLVED state machine for one evaluation. */
  private void lifecycle(Rule r, KeyState st, Eval ev, Consumer<Alert> out) {
    if (ev.cond) {
      st.below = 0;
      if (!st.firing) {
        st.firing = true;
        st.incidentStart = ev.end;
        st.alertId = GroupKeys.stableId(r.name(), st.key, Long.toString(ev.end));
        st.lastNotified = ev.end;
        emit(r, st, ev, AlertState.FIRING, out);
      } else if (ev.end - st.lastNotified >= r.suppressFor().getMillis()) {
        st.lastNotified = ev.end;
        emit(r, st, ev, AlertState.FIRING, out);
      }
    } else if (st.firing) {
      st.below++;
      if (st.below >= Math.max(1, r.resolveAfter())) {
        emit(r, st, ev, AlertState.RESOLVED, out);
        st.firing = false;
        st.below = 0;
        st.alertId = "";
      }
    }
  }

  /**
   * A bucket behind the evaluation frontier (a late pane: a delta within the allowed lateness).
   * It is merged; if no incident is open, the windows it belongs to that were already evaluated
   * are re-checked in order and the first that now holds fires (once). An open incident is not
   * re-notified: late data never produces a second FIRING, and resolution stays forward-only.
   */
  private void late(Rule r, KeyState st, BucketAgg b, ValueState<Set<String>> known, Consumer<Alert> out) {
    long end = b.endMillis;
    switch (r.type()) {
      case ABSENCE:
        applyAbsence(r, st, b, out);
        st.nextEval = Math.min(st.nextEval, Math.min(absenceDue(r, st), forgetAt(r, st)));
        return;
      case NEW_TEMPLATE:
        applyTemplates(r, st, b, known, out);
        st.nextEval = Math.min(st.nextEval, forgetAt(r, st));
        return;
      default:
        break;
    }
    long span = spanMillis(r);
    if (end <= st.lastEvaluated - span) {
      lateDropped.inc();
      return;
    }
    BucketAgg prev = st.buckets.get(end);
    if (prev == null) {
      st.buckets.put(end, b);
    } else {
      prev.merge(b);
    }
    if (st.firing) {
      return;
    }
    long p = r.period().getMillis();
    long w = windowMillis(r);
    for (long t = end; t <= st.lastEvaluated && t < end + w; t += p) {
      Eval ev = evaluate(r, st, t);
      if (ev.cond) {
        lifecycle(r, st, ev, out);
        break;
      }
    }
    // Resume the schedule: windows after the frontier may include the late bucket.
    st.cleanupAt = NONE;
    st.nextEval = Math.min(st.nextEval, st.lastEvaluated + p);
  }

  // ---------------------------------------------------------------- absence

  /**
   * Absence is a small event loop over three kinds of event, taken in time order: a bucket ends
   * (entries seen: maybe RESOLVED), the deadline boundary passes (the first bucket boundary at or
   * after lastSeen + expectWithin: FIRING, or a re-notification every suppressFor), or the group
   * is forgotten (forgetAfter after lastSeen). Deadlines are checked at bucket boundaries so that
   * every bucket that could hold an entry before the deadline has been applied, in batch and in
   * streaming alike. In a bounded run nothing past the newest entry's time happens.
   */
  private boolean absenceStep(Rule r, KeyState st, long t, Consumer<Alert> out) {
    long p = r.period().getMillis();
    while (true) {
      long nb = st.buckets.isEmpty() ? NONE : st.buckets.firstKey();
      long dl = absenceDue(r, st);
      long fg = forgetAt(r, st);
      long ev = Math.min(nb, Math.min(dl, fg));
      if (ev == NONE) {
        return endOfTime(st, t); // bounded run: nothing can happen before time ends
      }
      if (ev > t) {
        st.nextEval = ev;
        return true;
      }
      if (ev == nb) {
        BucketAgg b = st.buckets.pollFirstEntry().getValue();
        applyAbsence(r, st, b, out);
        st.lastEvaluated = Math.max(st.lastEvaluated, b.endMillis);
      } else if (ev == dl) {
        if (!st.firing) {
          st.firing = true;
          st.incidentStart = ev;
          st.alertId = GroupKeys.stableId(r.name(), st.key, Long.toString(ev));
        }
        st.lastNotified = ev;
        emitAbsence(r, st, ev, AlertState.FIRING, st.lastSamples, out);
        st.lastEvaluated = Math.max(st.lastEvaluated, ev);
      } else {
        return false; // never came back within forgetAfter: forgotten (no RESOLVED)
      }
    }
  }

  /**
   * Bounded runs: nothing is due before time ends, but buckets of later event time may still
   * arrive (the watermark is only at {@code t}), so wake once more just after the newest entry's
   * time and clear then. False (clear now) once time has ended.
   */
  private static boolean endOfTime(KeyState st, long t) {
    if (st.inputEnd != NONE && t <= st.inputEnd) {
      st.nextEval = st.inputEnd + 1;
      return true;
    }
    return false;
  }

  /** Next FIRING / re-notification time of an absence group, or NONE. */
  private static long absenceDue(Rule r, KeyState st) {
    if (st.lastSeen == Long.MIN_VALUE) {
      return NONE;
    }
    long p = r.period().getMillis();
    if (st.firing) {
      long renotify = st.lastNotified + Math.max(p, r.suppressFor().getMillis());
      return renotify <= st.inputEnd ? renotify : NONE;
    }
    long deadline = st.lastSeen + r.expectWithin().getMillis();
    return deadline <= st.inputEnd ? ceilBoundary(deadline, p) : NONE;
  }

  private static long forgetAt(Rule r, KeyState st) {
    if (st.lastSeen == Long.MIN_VALUE) {
      return NONE;
    }
    long f = st.lastSeen + r.forgetAfter().getMillis();
    return f <= st.inputEnd ? f : NONE;
  }

  private void applyAbsence(Rule r, KeyState st, BucketAgg b, Consumer<Alert> out) {
    if (b.count == 0) {
      return;
    }
    if (st.firing && b.maxTsMillis > st.lastSeen) {
      long back = Math.max(b.minTsMillis, st.lastSeen);
      emitAbsence(r, st, back, AlertState.RESOLVED, b.samples, out);
      st.firing = false;
      st.alertId = "";
    }
    if (b.maxTsMillis >= st.lastSeen) {
      st.lastSeen = b.maxTsMillis;
      st.lastSamples.clear();
      st.lastSamples.addAll(b.samples);
    }
  }

  private static long ceilBoundary(long t, long p) {
    return Math.floorDiv(t + p - 1, p) * p;
  }

  // ---------------------------------------------------------------- new-template

  /** Applies due buckets in time order; forgets the group forgetAfter after its last entry. */
  private boolean newTemplateStep(
      Rule r, KeyState st, long t, ValueState<Set<String>> known, Consumer<Alert> out) {
    while (true) {
      long nb = st.buckets.isEmpty() ? NONE : st.buckets.firstKey();
      long fg = forgetAt(r, st);
      long ev = Math.min(nb, fg);
      if (ev == NONE) {
        return endOfTime(st, t);
      }
      if (ev > t) {
        st.nextEval = ev;
        return true;
      }
      if (ev == nb) {
        BucketAgg b = st.buckets.pollFirstEntry().getValue();
        applyTemplates(r, st, b, known, out);
        st.lastEvaluated = Math.max(st.lastEvaluated, b.endMillis);
      } else {
        return false; // idle for forgetAfter: forget; it re-learns if it comes back
      }
    }
  }

  private void applyTemplates(
      Rule r, KeyState st, BucketAgg b, ValueState<Set<String>> known, Consumer<Alert> out) {
    if (b.count == 0) {
      return;
    }
    st.lastSeen = Math.max(st.lastSeen, b.maxTsMillis);
    long learnEnd = st.firstSeen + r.learnFor().getMillis();
    Set<String> set = known.read();
    if (set == null) {
      set = new HashSet<>();
    }
    boolean changed = false;
    for (Map.Entry<String, BucketAgg.TemplateStat> e : b.templates.entrySet()) {
      String id = e.getKey();
      if (set.contains(id)) {
        continue;
      }
      if (set.size() >= maxKnownTemplates) {
        knownOverflow.inc();
        continue;
      }
      set.add(id);
      changed = true;
      BucketAgg.TemplateStat ts = e.getValue();
      if (ts.firstMillis() >= learnEnd) {
        emitNewTemplate(r, st, b, id, ts, out);
      }
    }
    if (changed) {
      known.write(set);
    }
  }

  // ---------------------------------------------------------------- alert building

  private TreeMap<String, String> groupMap(Rule r, List<String> values) {
    TreeMap<String, String> g = new TreeMap<>();
    for (int i = 0; i < r.groupBy().size(); i++) {
      g.put(r.groupBy().get(i), values.get(i));
    }
    return g;
  }

  private List<AlertSample> samples(List<Observation> obs) {
    List<AlertSample> out = new ArrayList<>(obs.size());
    for (Observation o : obs) {
      String templateId = o.templateId.isEmpty() ? miner.apply(o.message).templateId() : o.templateId;
      out.add(
          AlertSample.of(
              o.insertId, Timestamps.format(o.timestampNanos), redactor.apply(o.message), templateId));
    }
    return out;
  }

  private Alert.Builder base(Rule r, KeyState st, List<String> values, double value, double threshold,
      long start, long end, List<Observation> obs) {
    TreeMap<String, String> group = groupMap(r, values);
    String project = obs.isEmpty() ? "" : obs.get(0).projectId;
    return Alert.builder()
        .setRule(r.name())
        .setType(r.type().key())
        .setSeverity(r.severity().key())
        .setGroupMap(group)
        .setValue(value)
        .setThreshold(threshold)
        .setWindowStartMillis(start)
        .setWindowEndMillis(end)
        .setDescription(AlertText.description(r.description(), group, value, threshold))
        .setRunbook(r.runbook())
        .setSamples(samples(obs))
        .setLogsExplorerUrl(AlertText.logsExplorerUrl(r, values, start, end, project));
  }

  private void emit(Rule r, KeyState st, Eval ev, AlertState state, Consumer<Alert> out) {
    List<String> values = GroupKeys.values(st.key, r.groupBy().size());
    String label = AlertText.groupLabel(groupMap(r, values), r.groupBy());
    String core = core(r, ev);
    String summary =
        AlertText.line(r.name(), label, state == AlertState.RESOLVED ? "resolved: " + core : core);
    Alert a =
        base(r, st, values, ev.value, ev.threshold, ev.start, ev.end, ev.agg.samples)
            .setAlertId(st.alertId)
            .setState(state)
            .setFirstSeenMillis(st.incidentStart)
            .setSummary(summary)
            .build();
    count(state);
    out.accept(a);
  }

  private static String core(Rule r, Eval ev) {
    String w = AlertText.duration(ev.end - ev.start);
    switch (r.type()) {
      case THRESHOLD:
        return "logged " + AlertText.number(ev.value) + " matching entries in " + w
            + " (threshold " + AlertText.number(ev.threshold) + ")";
      case RATIO:
        return AlertText.percent(ev.value) + " of " + AlertText.number(ev.extra)
            + " matching entries hit the numerator in " + w + " (threshold "
            + AlertText.percent(ev.threshold) + ")";
      case LATENCY:
        return "p" + AlertText.number(r.percentile()) + " latency " + AlertText.number(ev.value)
            + "s over " + AlertText.number(ev.extra) + " requests in " + w + " (threshold "
            + AlertText.number(ev.threshold) + "s)";
      case SPIKE:
        return (ev.down ? "dropped to " : "spiked to ") + AlertText.number(ev.value)
            + " matching entries in " + w + " vs a baseline of " + AlertText.number(ev.extra)
            + " per " + w + " (factor " + AlertText.number(r.factor()) + ")";
      default:
        throw new IllegalStateException(r.type().toString());
    }
  }

  /** RESOLVED for an open incident whose rule was removed or changed shape. */
  private void emitRetired(Rule r, KeyState st, String reason, Consumer<Alert> out) {
    List<String> values = GroupKeys.values(st.key, r.groupBy().size());
    String label = AlertText.groupLabel(groupMap(r, values), r.groupBy());
    long end = Math.max(st.lastEvaluated, st.lastNotified);
    Alert.Builder a;
    if (r.type() == RuleType.ABSENCE) {
      a = base(r, st, values, (end - st.lastSeen) / 1000.0, r.expectWithin().getMillis() / 1000.0,
          st.lastSeen, end, st.lastSamples);
    } else {
      Eval ev = evaluate(r, st, end);
      a = base(r, st, values, ev.value, ev.threshold, ev.start, ev.end, ev.agg.samples);
    }
    count(AlertState.RESOLVED);
    out.accept(
        a.setAlertId(st.alertId)
            .setState(AlertState.RESOLVED)
            .setFirstSeenMillis(st.incidentStart)
            .setSummary(AlertText.line(r.name(), label, "resolved: " + reason))
            .build());
  }

  private void emitAbsence(
      Rule r, KeyState st, long t, AlertState state, List<Observation> obs, Consumer<Alert> out) {
    List<String> values = GroupKeys.values(st.key, r.groupBy().size());
    String label = AlertText.groupLabel(groupMap(r, values), r.groupBy());
    long gap = t - st.lastSeen;
    String text =
        state == AlertState.FIRING
            ? "no matching entry for " + AlertText.duration(gap) + " since "
                + Alert.rfc3339(st.lastSeen) + " (expected within "
                + AlertText.duration(r.expectWithin()) + ")"
            : "resolved: matching entries again after a gap of " + AlertText.duration(gap);
    double seconds = gap / 1000.0;
    Alert a =
        base(r, st, values, seconds, r.expectWithin().getMillis() / 1000.0, st.lastSeen, t, obs)
            .setAlertId(st.alertId)
            .setState(state)
            .setFirstSeenMillis(st.incidentStart)
            .setSummary(AlertText.line(r.name(), label, text))
            .build();
    count(state);
    out.accept(a);
  }

  private void emitNewTemplate(
      Rule r, KeyState st, BucketAgg b, String id, BucketAgg.TemplateStat ts, Consumer<Alert> out) {
    List<String> values = GroupKeys.values(st.key, r.groupBy().size());
    String label = AlertText.groupLabel(groupMap(r, values), r.groupBy());
    long p = r.period().getMillis();
    String template = redactor.apply(ts.template);
    String text =
        "new template \"" + AlertText.truncate(template, AlertText.MAX_TEMPLATE_CHARS) + "\" seen "
            + ts.count + (ts.count == 1 ? " time" : " times") + " in " + AlertText.duration(p);
    Alert a =
        base(r, st, values, ts.count, 1, b.endMillis - p, b.endMillis, ts.samples)
            .setAlertId(GroupKeys.stableId(r.name(), st.key, id))
            .setState(AlertState.FIRING)
            .setFirstSeenMillis(ts.firstMillis())
            .setSummary(AlertText.line(r.name(), label, text))
            .setTemplateId(id)
            .setTemplate(template)
            .build();
    count(AlertState.FIRING);
    out.accept(a);
  }

  private void count(AlertState s) {
    if (s == AlertState.FIRING) {
      firing.inc();
    } else {
      resolved.inc();
    }
  }
}
