package dev.logalerts.alerting;

import dev.logalerts.rules.HumanDurations;
import dev.logalerts.rules.ResourceLabels;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleFields;
import dev.logalerts.rules.RuleKey;
import dev.logalerts.rules.RuleKeys;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RuleValues;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.state.ValueState;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@code absence}: a group seen before has had no matching entry for {@code expectWithin}
 * (forgotten after {@code forgetAfter}). Each bucket is applied at its end; there is no window. A
 * rule without groupBy has one group, tracked from the job's first entry ({@link MatchRulesFn}
 * seeds it), so a heartbeat that never arrives fires too, as ElastAlert's flatline without
 * query_key and a Datadog monitor's no-data alert do: else a heartbeat broken at deploy time, or a
 * filter that matches nothing, would never be reported.
 *
 * <p>A small event loop over three kinds of event, taken in time order: a bucket ends (entries
 * seen: maybe RESOLVED), the deadline boundary passes (the first bucket boundary at or after
 * lastSeen + expectWithin: FIRING, or a re-notification every renotifyEvery), or the group is
 * forgotten (forgetAfter after lastSeen). Deadlines are checked at bucket boundaries so that every
 * bucket that could hold an entry before the deadline has been applied, in batch and in streaming
 * alike. A group forgotten while its incident is open gets a RESOLVED saying so. In a bounded run
 * nothing past the newest entry's time happens.
 */
final class AbsenceKind extends RuleKind {
  private static final long NONE = KeyState.NONE;
  static final String EXPECT_WITHIN = "expectWithin";
  static final String FORGET_AFTER = "forgetAfter";

  @Override
  public RuleType type() {
    return RuleType.ABSENCE;
  }

  @Override
  String valueText(double v) {
    return AlertText.seconds(v);
  }

  @Override
  public List<RuleKey> keys() {
    return List.of(
        RuleKey.of(EXPECT_WITHIN, RuleValues::duration),
        RuleKey.of(FORGET_AFTER, RuleValues::duration));
  }

  @Override
  public boolean windowed() {
    return false;
  }

  @Override
  List<List<String>> expectedGroups(Rule r) {
    return r.groupBy().isEmpty() ? List.of(List.of()) : List.of();
  }

  /**
   * Since when the group has had no matching entry: its last entry, or for the one group of a rule
   * without groupBy that never had one, the start of its tracking; MIN_VALUE when neither.
   */
  private static long quietSince(Rule r, KeyState st) {
    if (st.lastSeen != Long.MIN_VALUE) {
      return st.lastSeen;
    }
    return r.groupBy().isEmpty() && st.firstSeen != Long.MAX_VALUE ? st.firstSeen : Long.MIN_VALUE;
  }

  @Override
  public @Nullable String note(Rule r) {
    String perRun = ResourceLabels.perRunGroup(r);
    return perRun == null
        ? null
        : perRun
            + ", so a run that ends is a group gone silent: each finished run is paged absent"
            + " expectWithin after its last entry; leave groupBy out, or group by what every run"
            + " shares";
  }

  @Override
  public String whyNot(String key) {
    if (key.equals("for")) {
      // A Prometheus rule's pending period: here, the silence that fires.
      return " (how long without a matching entry is expectWithin: for: 90m is expectWithin: 90m)";
    }
    if (key.equals(RuleKeys.WINDOW) || key.equals(RuleKeys.PERIOD)) {
      return " (absence rules use expectWithin)";
    }
    if (key.equals(RuleKeys.RESOLVE_AFTER)) {
      return " (an absence alert resolves when a matching entry arrives)";
    }
    return "";
  }

  @Override
  public void validate(RuleFields f, Rule.Builder b, Duration window) {
    RuleFields.Field ew = f.field(EXPECT_WITHIN);
    Duration expect =
        f.required(
            EXPECT_WITHIN,
            "required for type absence (how long without a matching entry before firing,"
                + " e.g. 75m)",
            RuleValues::duration);
    if (expect != null) {
      b.setExpectWithin(expect);
    }
    RuleFields.Field fa = f.field(FORGET_AFTER);
    Duration forget = Duration.standardDays(7);
    if (fa != null) {
      forget = f.optional(FORGET_AFTER, null, RuleValues::duration);
      if (forget == null) {
        return; // reported
      }
    }
    if (expect != null && !forget.isLongerThan(expect)) {
      String msg =
          "forgetAfter "
              + HumanDurations.format(forget)
              + " must be longer than expectWithin "
              + HumanDurations.format(expect);
      if (fa != null) {
        f.report(fa, msg);
      } else {
        f.report(ew, msg + " (forgetAfter defaults to 7d)");
      }
      return;
    }
    b.setForgetAfter(forget);
  }

  @Override
  void onBucket(KindContext cx, Rule r, KeyState st, BucketAgg b, Consumer<Alert> out) {}

  @Override
  boolean step(
      KindContext cx,
      Rule r,
      KeyState st,
      long t,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    while (true) {
      long nb = st.buckets.isEmpty() ? NONE : st.buckets.firstKey();
      long dl = due(r, st);
      long fg = forgetAt(r, st);
      long ev = Math.min(nb, Math.min(dl, fg));
      if (ev == NONE) {
        return endOfTime(r, st, t); // bounded run: nothing can happen before time ends
      }
      if (ev > t) {
        st.nextEval = ev;
        return true;
      }
      if (ev == nb) {
        BucketAgg b = st.buckets.pollFirstEntry().getValue();
        apply(cx, r, st, b, out);
        st.lastEvaluated = Math.max(st.lastEvaluated, b.endMillis);
      } else if (ev == dl) {
        AlertFactory.Step step = AlertFactory.Step.RENOTIFY;
        if (!st.firing) {
          st.firing = true;
          st.incidentStart = ev;
          st.alertId = GroupKeys.stableId(r.name(), st.key, Long.toString(ev));
          step = AlertFactory.Step.START;
        }
        st.lastNotified = ev;
        st.incident.observe(ev, (ev - quietSince(r, st)) / 1000.0, true, false, 0);
        emit(cx, r, st, ev, AlertState.FIRING, step, st.lastSamples, out);
        st.lastEvaluated = Math.max(st.lastEvaluated, ev);
      } else {
        // Never came back within forgetAfter: forgotten. An open incident is closed first, as a
        // removed rule's is (and as Cloud Monitoring's autoClose closes the incidents of a policy
        // without data).
        if (st.firing || st.flap.holding()) {
          cx.alerts.emitForgotten(
              this, cx, r, st, fg, "forgetAfter " + AlertText.duration(r.forgetAfter()), out);
        }
        return false;
      }
    }
  }

  @Override
  void late(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    apply(cx, r, st, b, out);
    st.nextEval = Math.min(st.nextEval, Math.min(due(r, st), forgetAt(r, st)));
  }

  @Override
  Alert.Builder retired(KindContext cx, Rule r, KeyState st, List<String> values, long end) {
    long since = quietSince(r, st);
    return cx.alerts.base(
        r,
        st,
        values,
        (end - since) / 1000.0,
        r.expectWithin().getMillis() / 1000.0,
        since,
        end,
        st.lastSamples);
  }

  /** Next FIRING / re-notification time of the group, or NONE. */
  private static long due(Rule r, KeyState st) {
    long since = quietSince(r, st);
    if (since == Long.MIN_VALUE) {
      return NONE;
    }
    long p = r.period().getMillis();
    if (st.firing) {
      long renotify = st.lastNotified + Math.max(p, r.renotifyInterval().getMillis());
      return renotify <= st.inputEnd ? renotify : NONE;
    }
    long deadline = since + r.expectWithin().getMillis();
    return deadline <= st.inputEnd ? ceilBoundary(deadline, p) : NONE;
  }

  private static long ceilBoundary(long t, long p) {
    return Math.floorDiv(t + p - 1, p) * p;
  }

  private void apply(KindContext cx, Rule r, KeyState st, BucketAgg b, Consumer<Alert> out) {
    if (b.count == 0) {
      return;
    }
    if (st.firing && b.maxTsMillis > st.lastSeen) {
      long back = Math.max(b.minTsMillis, quietSince(r, st));
      emit(cx, r, st, back, AlertState.RESOLVED, AlertFactory.Step.RESOLVE, b.samples, out);
      st.firing = false;
      st.alertId = "";
    }
    if (b.maxTsMillis >= st.lastSeen) {
      st.lastSeen = b.maxTsMillis;
      st.lastSamples.clear();
      st.lastSamples.addAll(b.samples);
    }
  }

  private static void emit(
      KindContext cx,
      Rule r,
      KeyState st,
      long t,
      AlertState state,
      AlertFactory.Step step,
      List<Observation> obs,
      Consumer<Alert> out) {
    List<String> values = AlertFactory.values(r, st);
    long since = quietSince(r, st);
    long gap = t - since;
    String text =
        state == AlertState.FIRING
            ? "no matching entry for "
                + AlertText.duration(gap)
                + (st.lastSeen == Long.MIN_VALUE ? " since tracking began at " : " since ")
                + Alert.rfc3339(since)
                + " (expected within "
                + AlertText.duration(r.expectWithin())
                + ")"
            : "resolved: matching entries again after a gap of " + AlertText.duration(gap);
    double seconds = gap / 1000.0;
    Alert.Builder b =
        cx.alerts
            .base(r, st, values, seconds, r.expectWithin().getMillis() / 1000.0, since, t, obs)
            .setState(state)
            .setSummary(AlertText.line(r.name(), AlertFactory.label(r, values), text));
    cx.alerts.publish(r, st, b, step, t, out);
  }
}
