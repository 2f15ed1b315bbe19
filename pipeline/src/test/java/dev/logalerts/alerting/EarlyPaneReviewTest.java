package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.*;
import static dev.logalerts.alerting.BacklogOrderTest.MIN;
import static dev.logalerts.alerting.BacklogOrderTest.told;

import dev.logalerts.alerting.BacklogOrderTest.Scenario;
import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A review of how a streaming threshold rule judges a backlog's early panes ({@link
 * BacklogPanes#defersEarly}, {@link SlidingKind#earlySettled}), through LifecycleFn's own methods
 * ({@link Runner}: its timers fire as a runner fires them): where the panes come in another order
 * than the clock tells, a lagging stream, a drain, an evaluation delay.
 */
@RunWith(JUnit4.class)
public class EarlyPaneReviewTest {
  @org.junit.Rule
  public final transient org.apache.beam.sdk.testing.TestPipeline p =
      org.apache.beam.sdk.testing.TestPipeline.create();

  static final Duration SETTLE = Duration.standardSeconds(5);
  static final Duration LATENESS = Duration.standardMinutes(60);

  static Rule errors(int threshold) {
    return rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(threshold).build();
  }

  static BucketAgg errorsAt(long end, int n) {
    return LifecycleStateTest.bucket(end, n, "error: backend answered 503");
  }

  /**
   * A job started on a subscription holding the last half hour of a service's errors, a minute
   * after the newest (a restart during an outage: 12 errors a minute from 10:25, 25 in the minute
   * to 10:30): the shuffle hands over the panes of 10:30 and 10:29 first, then the others. The
   * newest two are of the last two minutes, so nothing told them from live panes; fired at once,
   * the incident started at 10:30 on 25 errors, while the same entries in order fire at 10:26 (27).
   * While the watermark has not been seen near the clock they wait a settle step too.
   */
  @Test
  public void aBacklogsNewestPanesComingFirstFireAtTheWindowInOrder() {
    Rule r = errors(20);
    String key = "errors\u001eweb";
    Scenario s = m -> errorsAt(T0 + m * MIN, m < 25 ? 1 : m < 30 ? 12 : 25);
    List<String> inOrder = told(BacklogOrderTest.inOrder(r, key, 1, 30, s));
    assertThat(inOrder).containsExactly("FIRING 10:26 v=27", "RESOLVED 10:35 v=0").inOrder();
    for (int seed = 0; seed < 5; seed++) {
      Runner run = new Runner(r, key, SETTLE, Duration.ZERO);
      long now = T0 + 31 * MIN;
      run.clockTo(now);
      List<Integer> minutes = new ArrayList<>();
      for (int m = 1; m <= 28; m++) {
        minutes.add(m);
      }
      Collections.shuffle(minutes, new Random(seed));
      minutes.add(0, 29);
      minutes.add(0, 30);
      for (int m : minutes) {
        run.early(s.at(m));
      }
      for (int step = 1; step <= 3; step++) {
        run.clockTo(now + step * SETTLE.getMillis());
      }
      for (int m = 1; m <= 100; m++) {
        run.advanceTo(T0 + m * MIN);
      }
      assertWithMessage("seed %s", seed).that(toldOf(run.alerts)).isEqualTo(inOrder);
    }
  }

  /**
   * A live stream, its watermark a few seconds behind the clock: a group silent until 10:20 logs 25
   * errors in the minute to 10:21 (a new key). Its threshold fires from the early pane at once, not
   * a settle step later.
   */
  @Test
  public void aLiveBurstOfANewGroupFiresAtOnce() {
    Rule r = errors(20);
    Runner run = new Runner(r, "errors\u001eweb", SETTLE, Duration.ZERO);
    Runner other = run.sameFn("errors\u001edb");
    for (int m = 1; m <= 20; m++) { // another group logs steadily: its wakes fire on time
      other.clockTo(T0 + m * MIN - 30_000);
      other.early(errorsAt(T0 + m * MIN, 1));
      other.clockTo(T0 + m * MIN + 5_000);
      other.advanceTo(T0 + m * MIN + 2_000);
    }
    run.clockTo(T0 + 20 * MIN + 40_000);
    run.early(errorsAt(T0 + 21 * MIN, 25));
    assertThat(toldOf(run.alerts)).containsExactly("FIRING 10:21 v=25");
  }

  /**
   * The same burst, where this DoFn instance has fired no wake yet but was handed an on-time pane
   * of the minute before (another group's): that tells the watermark near the clock too.
   */
  @Test
  public void anOnTimePaneTellsTheWatermarkToo() {
    Runner run = new Runner(errors(20), "errors\u001eweb", SETTLE, Duration.ZERO);
    run.clockTo(T0 + 20 * MIN + 40_000);
    run.sameFn("errors\u001edb").pane(errorsAt(T0 + 20 * MIN, 1));
    run.early(errorsAt(T0 + 21 * MIN, 25));
    assertThat(toldOf(run.alerts)).containsExactly("FIRING 10:21 v=25");
  }

  /**
   * A stream whose watermark and entries lag the clock alike (a job running behind its input) by
   * {@code lag}: from {@code phase} after 10:00 a group logs an error a minute ({@code busy}: a
   * second), and ten a minute in 10:18–10:22 ({@code busy}: two a second), a pane a second while
   * errors come; the settle time passes every 5 seconds. Returns the processing time of its first
   * alert (its alerts in {@code told}).
   */
  static long lagging(
      Duration settle, boolean busy, long lagMillis, long phaseMillis, List<String> told) {
    Runner run = new Runner(errors(busy ? 400 : 20), "errors\u001eweb", settle, Duration.ZERO);
    long firstAt = -1;
    long start = T0 + lagMillis;
    for (long now = start; now <= start + 40 * MIN; now += 1000) {
      run.clockTo(now);
      long e = now - lagMillis;
      int minute = (int) ((e - T0) / MIN);
      boolean burst = minute >= 18 && minute < 23;
      long sec = (e - T0) / 1000;
      if (e >= T0 + phaseMillis && (busy || (burst ? sec % 6 == 0 : sec % 60 == 0))) {
        run.early(errorsAt(T0 + (minute + 1) * MIN, busy && burst ? 2 : 1));
      }
      run.advanceTo(e - 1000);
      if (firstAt < 0 && !run.alerts.isEmpty()) {
        firstAt = now;
      }
    }
    run.advanceTo(Long.MAX_VALUE / 2);
    told.addAll(toldOf(run.alerts));
    return firstAt;
  }

  /**
   * How much later a lagging stream's threshold alert comes with its panes set aside than judged at
   * once, over the phases of the settle steps against the entries (a second apart): the same
   * window, a minute and a settle step later at most (printed).
   */
  @Test
  public void aLaggingStreamsThresholdComesAMinuteLaterAtMost() {
    for (boolean busy : new boolean[] {false, true}) {
      for (long lag : new long[] {MIN, 3 * MIN, 15 * MIN}) {
        long worst = 0;
        long sum = 0;
        int n = 0;
        for (long phase = 0; phase < 60_000; phase += 2000) {
          List<String> atOnce = new ArrayList<>();
          List<String> settled = new ArrayList<>();
          long a = lagging(Duration.ZERO, busy, lag, phase, atOnce);
          long b = lagging(SETTLE, busy, lag, phase, settled);
          assertWithMessage("lag %s phase %s", lag, phase)
              .that(settled.get(0).substring(0, 12))
              .isEqualTo(atOnce.get(0).substring(0, 12));
          worst = Math.max(worst, b - a);
          sum += b - a;
          n++;
        }
        System.out.printf(
            "%s, lag %d min: the FIRING came %.1f s later on average, %d s at worst%n",
            busy ? "a pane a second" : "a pane a minute, 6 s in the burst",
            lag / MIN,
            sum / 1000.0 / n,
            worst / 1000);
        assertThat(worst).isAtMost(KeyTimers.STEPPING_MILLIS + SETTLE.getMillis());
      }
    }
  }

  /**
   * A backlog's old panes set aside (errors of 40 to 30 minutes ago, 8 a minute in three of them),
   * and the job drained before they settle: the wake of an old boundary is held, the end of time
   * judges them (the FIRING at the window in order), and the key evaluates on and is cleared.
   */
  @Test
  public void aDrainWhilePanesAreSetAsideJudgesThem() {
    long base = System.currentTimeMillis() / MIN * MIN - 40 * MIN;
    Runner run = new Runner(errors(20), "errors\u001eweb", SETTLE, Duration.ZERO);
    run.clockTo(System.currentTimeMillis());
    for (int m = 10; m >= 1; m--) {
      run.early(errorsAt(base + m * MIN, m >= 4 && m <= 6 ? 8 : 1));
    }
    assertThat(run.state.read().earlyFrom).isEqualTo(base + MIN);
    run.advanceTo(Long.MAX_VALUE / 2);
    assertThat(run.alerts).hasSize(2);
    assertThat(run.alerts.get(0).state()).isEqualTo(AlertState.FIRING);
    assertThat(run.alerts.get(0).windowEndMillis()).isEqualTo(base + 6 * MIN);
    assertThat(run.alerts.get(1).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(run.state.read()).isNull();
  }

  /** A shuffled backlog read ahead of the watermark, with and without an evaluation delay. */
  @Test
  public void anEvaluationDelayDoesNotMoveTheWindow() {
    for (Duration delay : new Duration[] {Duration.ZERO, Duration.standardMinutes(4)}) {
      Runner run = new Runner(errors(20), "errors\u001eweb", SETTLE, delay);
      run.clockTo(T0 + 45 * MIN);
      List<Integer> minutes = new ArrayList<>();
      for (int m = 1; m <= 30; m++) {
        minutes.add(m);
      }
      Collections.shuffle(minutes, new Random(3));
      for (int m : minutes) {
        run.early(errorsAt(T0 + m * MIN, m >= 18 && m <= 22 ? 8 : 1));
      }
      run.clockTo(T0 + 45 * MIN + 5000);
      run.clockTo(T0 + 45 * MIN + 10000);
      for (int m = 1; m <= 100; m++) {
        run.advanceTo(T0 + m * MIN);
      }
      assertWithMessage("delay %s", delay)
          .that(toldOf(run.alerts))
          .containsExactly("FIRING 10:20 v=26", "RESOLVED 10:25 v=19")
          .inOrder();
    }
  }

  /**
   * Two incidents in a backlog read ahead of the watermark, in 10 shuffled orders, through the
   * DoFn's own timers: the first fires when the panes have settled, the second when the watermark
   * reaches it after the first's RESOLVED (then it flaps); told as the same entries in order.
   */
  @Test
  public void twoIncidentsInABacklogAreToldAsInOrder() {
    Rule r = errors(20);
    String key = "errors\u001eweb";
    Scenario s = m -> errorsAt(T0 + m * MIN, (m >= 5 && m <= 9) || (m >= 20 && m <= 24) ? 8 : 1);
    List<String> inOrder = told(BacklogOrderTest.inOrder(r, key, 1, 30, s));
    assertThat(inOrder.subList(0, 3))
        .containsExactly("FIRING 10:07 v=26", "RESOLVED 10:12 v=19", "FIRING 10:22 v=26")
        .inOrder();
    for (int seed = 0; seed < 10; seed++) {
      Runner run = new Runner(r, key, SETTLE, Duration.ZERO);
      run.clockTo(T0 + 45 * MIN);
      List<Integer> minutes = new ArrayList<>();
      for (int m = 1; m <= 30; m++) {
        minutes.add(m);
      }
      Collections.shuffle(minutes, new Random(seed));
      for (int m : minutes) {
        run.early(s.at(m));
      }
      run.clockTo(T0 + 45 * MIN + 5000);
      run.clockTo(T0 + 45 * MIN + 10000);
      for (int m = 1; m <= 100; m++) {
        run.advanceTo(T0 + m * MIN);
      }
      assertWithMessage("seed %s", seed).that(toldOf(run.alerts)).isEqualTo(inOrder);
    }
  }

  /**
   * {@link #aBacklogsNewestPanesComingFirstFireAtTheWindowInOrder} through the whole transform in
   * streaming: the entries of 10:28–10:30 are published first, the rest two seconds later in
   * shuffled order, all ahead of a watermark at 10:00, the clock at 10:31. Before: FIRING 10:30 on
   * 25 errors (10:25–10:30), the pane of 10:30 alone.
   */
  @Test
  public void streamingBacklogsNewestEntriesFirstFireAtTheWindowInOrder() {
    List<Integer> minutes = new ArrayList<>();
    for (int m = 0; m < 28; m++) {
      minutes.add(m);
    }
    Collections.shuffle(minutes, new Random(5));
    minutes.add(0, 28);
    minutes.add(0, 29);
    org.apache.beam.sdk.testing.TestStream.Builder<dev.logalerts.model.LogEvent> in =
        org.apache.beam.sdk.testing.TestStream.create(dev.logalerts.model.LogEventCoder.of())
            .advanceWatermarkTo(new org.joda.time.Instant(at(0, 0)));
    for (int i = 0; i < minutes.size(); i++) {
      int m = minutes.get(i);
      for (int e = 0; e < (m < 24 ? 1 : m < 29 ? 12 : 25); e++) {
        dev.logalerts.model.LogEvent ev = error("e" + m + "-" + e, at(m, 5 + e), "web");
        in = in.addElements(org.apache.beam.sdk.values.TimestampedValue.of(ev, ev.eventTime()));
      }
      if (i == 1) { // the newest two minutes' panes go out first
        in =
            in.advanceProcessingTime(Duration.standardSeconds(1))
                .advanceProcessingTime(Duration.standardSeconds(1));
      }
    }
    // The older panes go out a second or two later, within the settle time; then it passes.
    in =
        in.advanceProcessingTime(Duration.standardSeconds(1))
            .advanceProcessingTime(Duration.standardSeconds(1));
    org.apache.beam.sdk.values.PCollection<Alert> alerts =
        startedAt1031(p, in, errors(20).toBuilder().setFilter(ERRORS).build());
    org.apache.beam.sdk.testing.PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(sorted(it)).get(0))
                  .isEqualTo("FIRING errors {service=web} value=27 10:21-10:26");
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * The alerts of rule {@code r} for a stream read by a job started at 10:31: its settle steps pass
   * after {@code in}, then its watermark runs on to 11:40 and to the end of time.
   */
  static org.apache.beam.sdk.values.PCollection<Alert> startedAt1031(
      org.apache.beam.sdk.testing.TestPipeline p,
      org.apache.beam.sdk.testing.TestStream.Builder<dev.logalerts.model.LogEvent> in,
      Rule r) {
    for (int i = 0; i < 4; i++) {
      in = in.advanceProcessingTime(SETTLE.plus(Duration.standardSeconds(1)));
    }
    return p.apply(
            in.advanceWatermarkTo(new org.joda.time.Instant(at(100, 0)))
                .advanceWatermarkToInfinity())
        .apply(evaluate(rules(r)).withSettle(SETTLE).withClock(() -> at(31, 0)));
  }

  /**
   * One key driven through LifecycleFn's own methods, as a runner would: panes at the timestamp
   * Beam gives them (their bucket's end less a millisecond), the wake timer firing as the watermark
   * passes it, the settle timer {@code settle} of processing time after it is armed.
   */
  /** Each runner's processing time, by its DoFn (the clock a DoFn holds must be serializable). */
  static final java.util.Map<LifecycleFn, long[]> CLOCKS =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  static final class Runner {
    final LifecycleFn fn;
    final String key;
    final long settleMillis;
    final FakeDoFnContexts.Key k = new FakeDoFnContexts.Key();
    final LifecycleStateTest.Cell<KeyState> state = k.state;
    final FakeDoFnContexts.FakeTimer wake = k.wake;
    final FakeDoFnContexts.FakeTimer settle = k.settle;
    final FakeDoFnContexts.FakeTimer atEnd = k.atEnd;
    final List<Alert> alerts = new ArrayList<>();
    long watermark = Long.MIN_VALUE;
    long settleDue = -1;

    Runner(Rule r, String key, Duration settle, Duration delay) {
      this(fn(r, settle, delay, new long[] {0}), key, settle.getMillis());
    }

    private Runner(LifecycleFn fn, String key, long settleMillis) {
      this.fn = fn;
      this.key = key;
      this.settleMillis = settleMillis;
    }

    private static LifecycleFn fn(Rule r, Duration settle, Duration delay, long[] now) {
      LifecycleFn fn =
          Harness.lifecycleFn(r, LATENESS)
              .settleFor(settle.getMillis())
              .delayEvaluationBy(delay.getMillis());
      CLOCKS.put(fn, now);
      return fn.withClock(() -> CLOCKS.get(fn)[0]);
    }

    /** Another key of the same DoFn instance (and clock). */
    Runner sameFn(String otherKey) {
      return new Runner(fn, otherKey, settleMillis);
    }

    void pane(BucketAgg b) {
      k.process(
          fn,
          org.apache.beam.sdk.values.KV.of(key, b),
          new org.joda.time.Instant(b.endMillis - 1),
          alerts);
      armed();
    }

    void early(BucketAgg b) {
      b.early = true;
      pane(b);
    }

    private void armed() {
      if (settle.armed() && settleDue < 0) {
        settleDue = CLOCKS.get(fn)[0] + settleMillis;
      }
    }

    /** The watermark moves to {@code w}: due wake timers fire (settleAtEnd at the end of time). */
    void advanceTo(long w) {
      watermark = Math.max(watermark, w);
      boolean fired = true;
      while (fired) {
        fired = false;
        while (wake.armed() && wake.target.getMillis() <= watermark) {
          fired = true;
          org.joda.time.Instant fire = wake.target;
          wake.clear();
          k.onWake(fn, fire, alerts);
        }
        if (atEnd.armed() && watermark >= atEnd.target.getMillis()) {
          fired = true;
          org.joda.time.Instant hold = atEnd.hold;
          atEnd.clear();
          settleDue = -1;
          k.onSettleAtEnd(fn, atEnd.target == null ? hold : atEnd.target, hold, alerts);
        }
      }
    }

    /** Processing time moves to {@code t}: the settle timer fires if due. */
    void clockTo(long t) {
      CLOCKS.get(fn)[0] = t;
      if (settleDue >= 0 && t >= settleDue && settle.armed()) {
        org.joda.time.Instant hold = settle.hold;
        settle.clear();
        settleDue = -1;
        k.onSettle(fn, hold, alerts);
        armed();
      }
    }
  }

  static List<String> toldOf(List<Alert> alerts) {
    Harness h = Harness.of(errors(1), LATENESS);
    h.alerts.addAll(alerts);
    return told(h);
  }
}
