package dev.logalerts.alerting;

import dev.logalerts.rules.BadValue;
import dev.logalerts.rules.CronSchedule;
import dev.logalerts.rules.HumanDurations;
import dev.logalerts.rules.ResourceLabels;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleFields;
import dev.logalerts.rules.RuleKey;
import dev.logalerts.rules.RuleKeys;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RuleValues;
import dev.logalerts.yaml.YamlNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.beam.sdk.state.ValueState;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@code deadline}: by each time of a cron {@code schedule} (in {@code timeZone}), every group must
 * have sent a matching entry within {@code lookback} before it (default: since the previous
 * deadline). FIRING at a deadline a group missed; RESOLVED when its entry arrives; a group still
 * missing at the next deadline is re-notified. {@code expectedGroups} are tracked from the start
 * even if they never send anything ({@link MatchRulesFn} seeds their keys); other groups from their
 * first entry, and are forgotten {@link #FORGET_AFTER_MILLIS} after their last one.
 *
 * <p>Like absence, an event loop over buckets (applied at their end), deadlines and forgetting, in
 * time order; a deadline is checked at the first bucket boundary at or after it, once every bucket
 * before it has been applied. A deadline is checked only when tracking (from the key's first
 * bucket: a seed or the group's first entry) began before a run for it may have come, and, in a
 * bounded run, at or before the newest entry of the input.
 */
final class DeadlineKind extends RuleKind {
  private static final long NONE = KeyState.NONE;
  static final String SCHEDULE = "schedule";
  static final String TIME_ZONE = "timeZone";
  static final String LOOKBACK = "lookback";
  static final String EXPECTED_GROUPS = "expectedGroups";

  /** How long a silent group is kept, as the RESOLVED of a forgotten group's incident says. */
  private static final String KEPT =
      "not in expectedGroups: kept 7 days after its last entry, longer for a sparser schedule";

  /** Groups not in expectedGroups are forgotten this long after their last entry. */
  static final long FORGET_AFTER_MILLIS = Duration.standardDays(7).getMillis();

  /**
   * An expected group's key is cleared when no bucket (an entry or a seed) came for this long:
   * seeds come on every UTC day of event time that has entries (less than 2 days apart), so this
   * only happens when the whole input stops (or the watermark jumps to the end of time on drain).
   */
  static final long EXPECTED_KEEP_MILLIS = Duration.standardDays(2).getMillis();

  private static final Map<String, CronSchedule> SCHEDULES = new ConcurrentHashMap<>();
  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("EEE HH:mm", Locale.ROOT);

  @Override
  public RuleType type() {
    return RuleType.DEADLINE;
  }

  @Override
  String valueText(double v) {
    return AlertText.seconds(v);
  }

  @Override
  public List<RuleKey> keys() {
    return List.of(
        RuleKey.of(SCHEDULE, v -> CronSchedule.parse(RuleValues.scalarText(v), "UTC")),
        RuleKey.of(TIME_ZONE, v -> CronSchedule.zoneId(RuleValues.scalarText(v))),
        RuleKey.of(LOOKBACK, RuleValues::duration),
        RuleKey.of(EXPECTED_GROUPS, null));
  }

  @Override
  public boolean windowed() {
    return false;
  }

  @Override
  public @Nullable String note(Rule r) {
    String perRun = ResourceLabels.perRunGroup(r);
    if (perRun != null) {
      return perRun
          + ", so every run is a group that misses each later deadline (it never runs again): a"
          + " FIRING per finished run until it is forgotten; leave groupBy out, or group by what"
          + " every run shares";
    }
    long lookback = explicitLookback(r);
    long gap = shortestGap(schedule(r));
    if (lookback > gap) {
      // One run then serves several deadlines: a skipped run is not missed.
      return "lookback "
          + HumanDurations.format(Duration.millis(lookback))
          + " is longer than the "
          + HumanDurations.format(Duration.millis(gap))
          + " between deadlines, so one run counts for several of them and a run that is"
          + " skipped is not paged; a lookback at most the interval checks each run";
    }
    return null;
  }

  /** The shortest time between two of the schedule's next deadlines (a weekday job's: a day). */
  private static long shortestGap(CronSchedule s) {
    long gap = Long.MAX_VALUE;
    long d = s.nextAfter(System.currentTimeMillis());
    for (int i = 0; i < 16 && d != Long.MAX_VALUE; i++) {
      long next = s.nextAfter(d);
      if (next != Long.MAX_VALUE) {
        gap = Math.min(gap, next - d);
      }
      d = next;
    }
    return gap;
  }

  @Override
  public String whyNot(String key) {
    if (key.equals("for")) {
      // A Prometheus rule's pending period: here, the schedule and its lookback.
      return " (when a run must have happened is schedule, how far back it may be lookback)";
    }
    if (key.equals(RuleKeys.WINDOW) || key.equals(RuleKeys.PERIOD)) {
      return " (deadline rules use schedule and lookback)";
    }
    if (key.equals(RuleKeys.RESOLVE_AFTER)) {
      return " (a deadline alert resolves when a matching entry arrives)";
    }
    return "";
  }

  @Override
  public void validate(RuleFields f, Rule.Builder b, Duration window) {
    Map<String, String> settings = new TreeMap<>();
    String zone = f.optional(TIME_ZONE, "UTC", v -> zone(v));
    CronSchedule schedule =
        f.required(
            SCHEDULE,
            "required for type deadline (a cron expression of the deadlines, e.g. '0 6 * * 1-5')",
            v -> CronSchedule.parse(RuleValues.scalarText(v), zone == null ? "UTC" : zone));
    if (schedule != null) {
      settings.put(SCHEDULE, schedule.expression());
    }
    settings.put(TIME_ZONE, zone == null ? "UTC" : zone);
    Duration lookback = f.optional(LOOKBACK, null, RuleValues::duration);
    if (lookback != null) {
      settings.put(LOOKBACK, Long.toString(lookback.getMillis()));
    }
    RuleFields.Field eg = f.field(EXPECTED_GROUPS);
    if (eg != null) {
      List<String> groupBy = groupByOf(f);
      try {
        settings.put(
            EXPECTED_GROUPS, ExpectedGroups.encode(ExpectedGroups.parse(eg.node, groupBy)));
      } catch (BadValue e) {
        f.report(eg, e.getMessage());
      }
    }
    b.setKindSettings(settings);
  }

  private static String zone(YamlNode v) throws BadValue {
    String z = RuleValues.scalarText(v);
    CronSchedule.zoneId(z);
    return z;
  }

  private static List<String> groupByOf(RuleFields f) {
    RuleFields.Field gb = f.field(RuleKeys.GROUP_BY);
    if (gb == null) {
      return List.of();
    }
    try {
      return RuleValues.parseGroupBy(gb.node);
    } catch (BadValue e) {
      return List.of(); // reported with groupBy
    }
  }

  @Override
  List<List<String>> expectedGroups(Rule r) {
    return ExpectedGroups.decode(r.kindSettings().get(EXPECTED_GROUPS));
  }

  static CronSchedule schedule(Rule r) {
    String expr = r.kindSettings().get(SCHEDULE);
    String zone = r.kindSettings().getOrDefault(TIME_ZONE, "UTC");
    return SCHEDULES.computeIfAbsent(
        expr + "\u0000" + zone,
        k -> {
          try {
            return CronSchedule.parse(expr, zone);
          } catch (BadValue e) {
            throw new IllegalStateException("rule " + r.name() + ": " + e.getMessage(), e);
          }
        });
  }

  /** The span before deadline {@code d} in which an entry must arrive. */
  static long lookbackStart(Rule r, long d) {
    long lookback = explicitLookback(r);
    if (lookback >= 0) {
      return d - lookback;
    }
    long prev = schedule(r).lastBefore(d);
    return prev == Long.MIN_VALUE ? Long.MIN_VALUE : prev;
  }

  /** The rule's {@code lookback} in ms; -1 when it has none (since the previous deadline). */
  private static long explicitLookback(Rule r) {
    String lb = r.kindSettings().get(LOOKBACK);
    return lb == null ? -1 : Long.parseLong(lb);
  }

  private boolean expected(Rule r, KeyState st) {
    List<List<String>> groups = expectedGroups(r);
    return !groups.isEmpty() && groups.contains(AlertFactory.values(r, st));
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
      long d = nextDeadline(r, st);
      long dl = d == NONE ? NONE : ceilBoundary(d, r.period().getMillis());
      long fg = Math.min(forgetGroupAt(r, st), expectedUntil(r, st));
      long ev = Math.min(nb, Math.min(dl, fg));
      if (ev == NONE) {
        return endOfTime(r, st, t);
      }
      if (ev > t) {
        st.nextEval = ev;
        return true;
      }
      if (ev == nb) {
        BucketAgg b = st.buckets.pollFirstEntry().getValue();
        apply(cx, r, st, b, out);
        st.lastEvaluated = Math.max(st.lastEvaluated, b.endMillis);
        if (expected(r, st)) {
          st.cleanupAt = b.endMillis + EXPECTED_KEEP_MILLIS; // kept alive by the seeds
        }
      } else if (ev == dl) {
        check(cx, r, st, d, out);
        st.lastNotified = d;
        st.lastEvaluated = Math.max(st.lastEvaluated, ev);
      } else {
        // Silent for a week (expected groups: no seed for 2 days): forgotten. A group no longer
        // tracked closes its open incident first, as absence does; an expected group is cleared
        // only when the whole input stopped, and stays open.
        if (st.firing && fg != expectedUntil(r, st)) {
          cx.alerts.emitForgotten(this, cx, r, st, fg, KEPT, out);
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
  }

  @Override
  Alert.Builder retired(KindContext cx, Rule r, KeyState st, List<String> values, long end) {
    long missed = lastMissed(st);
    long start = windowStart(r, st, missed);
    return cx.alerts.base(
        r,
        st,
        values,
        missingSeconds(st, missed),
        (missed - start) / 1000.0,
        start,
        end,
        st.lastSamples);
  }

  /**
   * The latest deadline the firing group missed: every deadline checked since the incident began
   * was missed (one met would have resolved it).
   */
  private static long lastMissed(KeyState st) {
    return Math.max(st.incidentStart, st.lastNotified);
  }

  /** The next deadline to check (after the last one checked and the start of tracking), or NONE. */
  private static long nextDeadline(Rule r, KeyState st) {
    if (st.firstSeen == Long.MAX_VALUE) {
      return NONE;
    }
    long d = schedule(r).nextAfter(Math.max(st.lastNotified, st.firstSeen));
    return d == Long.MAX_VALUE || d > st.inputEnd ? NONE : d;
  }

  private long forgetGroupAt(Rule r, KeyState st) {
    if (expected(r, st)) {
      return NONE;
    }
    long f;
    if (st.lastSeen != Long.MIN_VALUE) {
      f = Math.max(st.lastSeen + FORGET_AFTER_MILLIS, keptForSparseSchedule(r, st.lastSeen));
    } else if (st.buckets.isEmpty()) {
      // A group never seen that is no longer expected (the rules changed): forgotten at once.
      f = st.firstSeen;
    } else {
      // Its first buckets are not applied yet (a new group's first entry is in one of them).
      return NONE;
    }
    return f <= st.inputEnd ? f : NONE;
  }

  /**
   * A schedule sparser than {@link #FORGET_AFTER_MILLIS} (weekly, monthly) would forget a group
   * before the deadline its missing run is due for: a job that stops would never be reported. Such
   * a group is kept until the deadline after the first one it can miss has been checked (so the
   * miss is reported, and a run before that next deadline resolves it); Long.MIN_VALUE when the
   * schedule has no such deadline.
   */
  private static long keptForSparseSchedule(Rule r, long lastSeen) {
    CronSchedule s = schedule(r);
    long lookback = explicitLookback(r);
    // The last entry serves the deadlines up to lastSeen + lookback (default: the next deadline).
    long served = lookback >= 0 ? lastSeen + lookback : s.nextAfter(lastSeen);
    long missed = served == Long.MAX_VALUE ? Long.MAX_VALUE : s.nextAfter(served);
    long after = missed == Long.MAX_VALUE ? Long.MAX_VALUE : s.nextAfter(missed);
    return after == Long.MAX_VALUE ? Long.MIN_VALUE : ceilBoundary(after, r.period().getMillis());
  }

  /** Expected groups: when the key is cleared for want of buckets (see EXPECTED_KEEP_MILLIS). */
  private long expectedUntil(Rule r, KeyState st) {
    if (st.cleanupAt == NONE || !expected(r, st)) {
      return NONE;
    }
    return st.cleanupAt <= st.inputEnd ? st.cleanupAt : NONE;
  }

  private static long ceilBoundary(long t, long p) {
    return Math.floorDiv(t + p - 1, p) * p;
  }

  /**
   * The alert's windowStart for missed deadline {@code d}: its lookback start, not before tracking
   * began (the alert's threshold is the span from it to the deadline, in seconds).
   */
  private static long windowStart(Rule r, KeyState st, long d) {
    return Math.max(lookbackStart(r, d), st.firstSeen);
  }

  /** Seconds without a matching entry at {@code d}: since the last one, or since tracking began. */
  private static double missingSeconds(KeyState st, long d) {
    long since = st.lastSeen == Long.MIN_VALUE ? st.firstSeen : st.lastSeen;
    return (d - since) / 1000.0;
  }

  /**
   * The earliest time a run serving deadline {@code d} may come: its lookback start, or, without a
   * lookback, halfway from the previous deadline (a run before that is the previous deadline's late
   * run, as {@link #lateRunOf} reads it).
   */
  private static long runExpectedFrom(Rule r, long d) {
    long start = lookbackStart(r, d);
    if (explicitLookback(r) >= 0 || start == Long.MIN_VALUE) {
      return start;
    }
    return start + (d - start) / 2;
  }

  private void check(KindContext cx, Rule r, KeyState st, long d, Consumer<Alert> out) {
    long start = lookbackStart(r, d);
    // Since the previous deadline (the default lookback), one run serves one deadline: the late
    // run that resolved the previous one is not also this one's.
    boolean fresh = r.kindSettings().containsKey(LOOKBACK) || st.lastSeen > st.resolvedUpTo;
    if (st.lastSeen != Long.MIN_VALUE && st.lastSeen >= start && fresh) {
      // On time. Replays show it: explain-rule's timeline of a deadline rule is its deadlines.
      trace(
          cx,
          r,
          st,
          start,
          d,
          "on time: matching entry at "
              + Alert.rfc3339(st.lastSeen)
              + " for the deadline "
              + Alert.rfc3339(d));
      return;
    }
    if (st.firstSeen > runExpectedFrom(r, d)) {
      // Tracking began after this deadline's run may have come (a fresh launch between a run and
      // its deadline): a miss is not known, so not reported; the next deadline is watched whole.
      trace(
          cx,
          r,
          st,
          start,
          d,
          "not checked: tracking began at "
              + Alert.rfc3339(st.firstSeen)
              + ", after a run for the deadline "
              + Alert.rfc3339(d)
              + " may have come (from "
              + Alert.rfc3339(runExpectedFrom(r, d))
              + ")");
      return;
    }
    AlertFactory.Step step = AlertFactory.Step.RENOTIFY;
    if (!st.firing) {
      st.firing = true;
      st.incidentStart = d;
      st.alertId = GroupKeys.stableId(r.name(), st.key, Long.toString(d));
      step = AlertFactory.Step.START;
    }
    st.incident.observe(d, missingSeconds(st, d), true, false, 0);
    if (step == AlertFactory.Step.RENOTIFY
        && d - st.lastFiringSent < r.renotifyInterval().getMillis()) {
      st.incident.suppressed++;
      return; // still missing, re-published at the first deadline renotifyEvery after the last
    }
    st.lastFiringSent = d;
    CronSchedule s = schedule(r);
    String text =
        (st.lastSeen == Long.MIN_VALUE
                ? "no matching entry since tracking began at " + Alert.rfc3339(st.firstSeen)
                : "no matching entry for "
                    + AlertText.duration(d - st.lastSeen)
                    + " since "
                    + Alert.rfc3339(st.lastSeen))
            + " by the deadline "
            + Alert.rfc3339(d)
            + " ("
            + localTime(s, d)
            + "'"
            + s.expression()
            + "' "
            + s.zone()
            + (r.kindSettings().containsKey(LOOKBACK)
                ? ", lookback " + HumanDurations.format(Duration.millis(d - start))
                : "")
            + ")";
    emit(
        cx, r, st, d, windowStart(r, st, d), d, AlertState.FIRING, step, text, st.lastSamples, out);
  }

  /** The deadline as the schedule's zone reads it, for on-call there: {@code Tue 06:00 local, }. */
  private static String localTime(CronSchedule s, long d) {
    if (s.zone().equals("UTC")) {
      return "";
    }
    return LOCAL_TIME.format(Instant.ofEpochMilli(d).atZone(ZoneId.of(s.zone()))) + " local, ";
  }

  /** A deadline checked without an alert, for explain-rule's timeline. */
  private static void trace(KindContext cx, Rule r, KeyState st, long start, long d, String why) {
    if (cx.tracer == null) {
      return;
    }
    double silent =
        st.lastSeen == Long.MIN_VALUE ? missingSeconds(st, d) : (d - st.lastSeen) / 1000.0;
    cx.trace(
        new Evaluation(
            r.name(),
            AlertFactory.groupMap(r, AlertFactory.values(r, st)),
            start,
            d,
            silent,
            (d - start) / 1000.0,
            false,
            null,
            false,
            why));
  }

  /**
   * Whether a run at {@code t} that resolved missed deadline {@code missed} was that deadline's
   * late run, so that the next deadline needs one of its own: nearer the missed deadline than the
   * next one, or halfway. A run nearer the next deadline is that deadline's, the missed one having
   * been skipped (a weekday job that missed Friday and runs on time on Monday): were it Friday's,
   * each on-time run would resolve the day before and leave its own deadline missed, a FIRING every
   * day.
   */
  private static boolean lateRunOf(Rule r, long missed, long t) {
    long next = schedule(r).nextAfter(Math.max(t, missed));
    return next == Long.MAX_VALUE || t - missed <= next - t;
  }

  private void apply(KindContext cx, Rule r, KeyState st, BucketAgg b, Consumer<Alert> out) {
    if (b.count == 0) {
      return; // a seed
    }
    // An entry at or after the missed deadline, or (a late bucket) one that was on time for the
    // latest deadline checked after all.
    if (st.firing
        && (b.maxTsMillis >= st.incidentStart
            || b.maxTsMillis >= lookbackStart(r, st.lastNotified))) {
      long at = Math.max(b.minTsMillis, st.incidentStart);
      boolean lateRun = lateRunOf(r, lastMissed(st), b.maxTsMillis);
      emit(
          cx,
          r,
          st,
          lastMissed(st),
          st.incidentStart,
          at,
          AlertState.RESOLVED,
          AlertFactory.Step.RESOLVE,
          "resolved: matching entry at "
              + Alert.rfc3339(at)
              + ", after the missed deadline "
              + Alert.rfc3339(lastMissed(st))
              + (lateRun
                  ? ""
                  : " (on time for the deadline "
                      + Alert.rfc3339(schedule(r).nextAfter(b.maxTsMillis))
                      + ")"),
          b.samples,
          out);
      st.firing = false;
      st.alertId = "";
      if (lateRun) {
        st.resolvedUpTo = b.maxTsMillis;
      }
    }
    if (b.maxTsMillis >= st.lastSeen) {
      st.lastSeen = b.maxTsMillis;
      st.lastSamples.clear();
      st.lastSamples.addAll(b.samples);
    }
  }

  /**
   * Publishes an alert about missed deadline {@code deadline}: its value is the time without an
   * entry up to it, its threshold that deadline's lookback.
   */
  private static void emit(
      KindContext cx,
      Rule r,
      KeyState st,
      long deadline,
      long start,
      long end,
      AlertState state,
      AlertFactory.Step step,
      String text,
      List<Observation> obs,
      Consumer<Alert> out) {
    List<String> values = AlertFactory.values(r, st);
    Alert.Builder b =
        cx.alerts
            .base(
                r,
                st,
                values,
                missingSeconds(st, deadline),
                (deadline - windowStart(r, st, deadline)) / 1000.0,
                start,
                end,
                obs)
            .setState(state)
            .setSummary(AlertText.line(r.name(), AlertFactory.label(r, values), text));
    // Flap detection, alertId, sequence and the incident summary, as for every kind.
    cx.alerts.publish(r, st, b, step, end, out);
  }
}
