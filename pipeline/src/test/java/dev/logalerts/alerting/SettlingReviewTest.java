package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.*;
import static dev.logalerts.alerting.BacklogOrderTest.MIN;
import static dev.logalerts.alerting.BacklogOrderTest.told;

import dev.logalerts.alerting.BacklogOrderTest.Scenario;
import dev.logalerts.alerting.FakeDoFnContexts.FakeTimer;
import dev.logalerts.alerting.LifecycleStateTest.Cell;
import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Settling late panes ({@link LifecycleFn#settleFor}) meeting the other things that happen to a key
 * meanwhile: an early pane of a monotone kind, which fires at once while the late buckets merged
 * before it still wait for their re-check.
 */
@RunWith(JUnit4.class)
public class SettlingReviewTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Duration SETTLE = Duration.standardSeconds(5);
  private static final Duration LATENESS = Duration.standardMinutes(60);

  private static Rule errors() {
    return rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(10).build();
  }

  /**
   * A group logging one error a minute; ten more errors of 10:05 come late (an agent's buffer,
   * after evaluation passed 10:30), and, before they have settled, an early pane of 10:31 with ten
   * errors. The late errors' window fires (at 10:05, as when late panes are judged at once); the
   * early pane does not take their place, leaving them never re-checked.
   */
  @Test
  public void anEarlyFiringDuringTheHoldDoesNotHideTheLateWindows() {
    for (Duration settle : new Duration[] {Duration.ZERO, SETTLE}) {
      String key = "errors\u001erun";
      Harness h = Harness.of(errors(), LATENESS).settlingFor(settle);
      for (int m = 1; m <= 30; m++) {
        h.bucket(key, LifecycleStateTest.bucket(T0 + m * MIN, 1, "error: timeout " + m));
        h.advanceTo(T0 + m * MIN);
      }
      assertThat(h.alerts).isEmpty();
      h.latePane(key, LifecycleStateTest.bucket(T0 + 5 * MIN, 10, "error: timeout 5"));
      BucketAgg early = LifecycleStateTest.bucket(T0 + 31 * MIN, 10, "error: timeout 31");
      early.early = true;
      h.bucket(key, early);
      h.settle();
      h.advanceTo(T0 + 31 * MIN);
      h.advanceTo(T0 + 60 * MIN);
      assertWithMessage("settle %s: %s", settle, told(h))
          .that(told(h).get(0))
          .isEqualTo("FIRING 10:05 v=15");
    }
  }

  /**
   * A backlog read in event-time order over two and a half minutes, a minute of entries per settle
   * step, through LifecycleFn's own methods: the key keeps settling, and evaluates on once a
   * minute. Its settle timers hold the stage's output watermark (and with it the event-time timers
   * of the silences downstream, for every key) no further back than where it has evaluated to, not
   * at its first late pane for as long as panes keep coming.
   */
  @Test
  public void aKeyWhosePanesKeepComingMovesItsWatermarkHoldOn() {
    Rule r = BacklogOrderTest.ratio();
    String key = "ratio\u001erun";
    Scenario s =
        m ->
            BacklogOrderTest.bucket(
                T0 + m * MIN, BacklogOrderTest.requests(10, m >= 18 && m <= 22 ? 2 : 0, 0, m), 0);
    LifecycleFn fn = Harness.lifecycleFn(r, LATENESS).settleFor(SETTLE.getMillis());
    FakeDoFnContexts.Key k = new FakeDoFnContexts.Key();
    FakeTimer settle = k.settle;
    List<Alert> out = new ArrayList<>();
    for (int m = 1; m <= 30; m++) {
      BucketAgg b = s.at(m);
      b.late = true;
      k.process(fn, KV.of(key, b), new Instant(T0 + m * MIN - 1), out);
      assertThat(settle.armed()).isTrue();
      Instant hold = settle.hold;
      settle.clear(); // it fires
      k.onSettle(fn, hold, out);
    }
    KeyState st = k.state.read();
    assertThat(st.settling).isTrue();
    assertThat(st.lastEvaluated).isAtLeast(T0 + 20 * MIN);
    assertWithMessage("settle timer's hold").that(settle.hold.getMillis()).isAtLeast(T0 + 20 * MIN);
    assertWithMessage("settleAtEnd's hold").that(k.atEnd.hold.getMillis()).isAtLeast(T0 + 20 * MIN);
  }

  /**
   * Through the whole transform in streaming: the ratio incident's entries read half an hour late
   * in event-time order, a minute of entries per settle time, so that the key keeps settling and
   * evaluates on in steps (moving its timers' hold, which the runner checks). Told as in order.
   */
  @Test
  public void streamingBacklogReadOverMinutesIsToldAsInOrder() {
    TestStream.Builder<LogEvent> in =
        TestStream.create(LogEventCoder.of()).advanceWatermarkTo(new Instant(at(45, 0)));
    for (int m = 0; m < 30; m++) {
      in = SettledBacklogTest.minuteOfRatioRequests(in, m).advanceProcessingTime(SETTLE);
    }
    SettledBacklogTest.toldAsInOrder(p, in);
  }

  /**
   * A service's requests stop at minute 10 (its key is idle, its timer set to its clean-up, past
   * the clock); an agent's delayed batch of its failed requests of minutes 3..7 comes late, and the
   * job is drained before the settle time passes: the watermark jumps, the clean-up timer fires
   * ahead of the clock. The late incident is told (and closed as drained), as when the late pane is
   * judged at once; it was dropped with the key's state.
   */
  @Test
  public void aDrainWhileLatePanesSettleStillJudgesThem() {
    Rule r = BacklogOrderTest.ratio();
    String key = "ratio\u001erun";
    long base = System.currentTimeMillis() / MIN * MIN - 40 * MIN;
    List<List<String>> told = new ArrayList<>();
    for (Duration settleTime : new Duration[] {Duration.ZERO, SETTLE}) {
      Harness h = Harness.of(r, LATENESS).settlingFor(settleTime);
      for (int m = 1; m <= 10; m++) {
        h.bucket(
            key,
            BacklogOrderTest.bucket(base + m * MIN, BacklogOrderTest.requests(10, 0, 0, m), 0));
        h.advanceTo(base + m * MIN);
      }
      h.advanceTo(base + 25 * MIN);
      FakeDoFnContexts.Key k =
          new FakeDoFnContexts.Key(new Cell<>(), h.known.get(key), new Cell<>(), h.older.get(key));
      Cell<KeyState> state = k.state;
      FakeTimer wake = k.wake;
      state.write(h.live.get(key));
      assertThat(state.read().wakeAt).isGreaterThan(System.currentTimeMillis() + 2 * MIN);
      wake.set(new Instant(state.read().wakeAt)); // the clean-up timer the harness armed
      for (int m = 3; m <= 7; m++) {
        BucketAgg b =
            BacklogOrderTest.bucket(
                base + m * MIN, BacklogOrderTest.requests(2, 2, 0, m).subList(0, 2), 0);
        b.late = true;
        k.process(fn(h), KV.of(key, b), new Instant(base + m * MIN - 1), h.alerts);
      }
      // Drained: the watermark jumps to the end of time, every timer fires in order.
      while (state.read() != null && wake.armed()) {
        Instant fire = wake.target;
        wake.clear();
        k.onWake(fn(h), fire, h.alerts);
      }
      told.add(told(h));
    }
    assertThat(told.get(0)).hasSize(2);
    assertThat(told.get(0).get(0)).startsWith("FIRING");
    assertThat(told.get(0).get(1)).startsWith("RESOLVED");
    assertWithMessage("settled").that(told.get(1)).isEqualTo(told.get(0));
  }

  /**
   * One of a service's sources stays 20 minutes behind (an agent that buffers), the others are on
   * time; the on-time requests fail in 10:40..10:44. Each late pane of the lagging source keeps the
   * key settling; once a minute it evaluates on as far as its timer asked, so the incident is told
   * within a minute or so of when it is without settling, not when the lagging source reaches it 20
   * minutes later (as when a stepping key evaluated only up to the lagging source's newest pane).
   */
  @Test
  public void anOnTimeIncidentIsToldOnTimeBesideALaggingSource() {
    Rule r = BacklogOrderTest.ratio();
    String key = "ratio\u001erun";
    for (Duration settleTime : new Duration[] {Duration.ZERO, SETTLE}) {
      Harness h = Harness.of(r, LATENESS).settlingFor(settleTime);
      long toldAt = -1;
      for (long wm = T0; wm <= T0 + 70 * MIN; wm += SETTLE.getMillis()) {
        if (wm % MIN == 0 && wm > T0) {
          int m = (int) ((wm - T0) / MIN);
          int bad = m >= 40 && m <= 44 ? 2 : 0;
          h.bucket(key, BacklogOrderTest.bucket(wm, BacklogOrderTest.requests(10, bad, 0, m), 0));
        }
        h.advanceTo(wm);
        long lagging = (wm - 20 * MIN) / MIN * MIN + MIN;
        if (lagging > T0) {
          int m = (int) ((lagging - T0) / MIN);
          h.latePane(
              key, BacklogOrderTest.bucket(lagging, BacklogOrderTest.requests(1, 0, 0, m), 0));
        }
        h.settleStep();
        if (toldAt < 0 && !h.alerts.isEmpty()) {
          toldAt = wm;
        }
      }
      System.out.printf(
          "settle %s: first alert %s, told at watermark %s%n",
          settleTime,
          told(h).isEmpty() ? "none" : told(h).get(0),
          toldAt < 0 ? "never" : Alert.rfc3339(toldAt).substring(11, 19));
      assertWithMessage("settle %s", settleTime).that(toldAt).isAtMost(T0 + 45 * MIN);
    }
  }

  private static LifecycleFn fn(Harness h) {
    return h.fn;
  }
}
