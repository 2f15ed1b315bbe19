package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.*;
import static dev.logalerts.alerting.BacklogOrderTest.MIN;
import static dev.logalerts.alerting.BacklogOrderTest.bucket;
import static dev.logalerts.alerting.BacklogOrderTest.inOrder;
import static dev.logalerts.alerting.BacklogOrderTest.requests;
import static dev.logalerts.alerting.BacklogOrderTest.told;

import dev.logalerts.alerting.BacklogOrderTest.Entry;
import dev.logalerts.alerting.BacklogOrderTest.Scenario;
import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A streaming job's late panes settle before they are judged: a (rule, group) that receives one
 * waits a few seconds for the rest (its evaluation held, the windows its late buckets change not
 * yet re-checked). A backlog whose panes all come within that time, in whatever order the shuffle
 * hands them over, is then told exactly as the same entries read in order, for every kind whose
 * judgement more entries can undo (ratio, percentile, drop, absence, new-template); without the
 * settling each of these scenarios is told otherwise in some orders ({@link BacklogOrderTest}).
 */
@RunWith(JUnit4.class)
public class SettledBacklogTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  static final Duration SETTLE = Duration.standardSeconds(5);
  private static final Duration LATENESS = Duration.standardMinutes(60);

  static void toldAsInOrder(Rule r, String key, int from, int to, Scenario s, String... inOrder) {
    assertThat(told(inOrder(r, key, from, to, s))).containsExactlyElementsIn(inOrder).inOrder();
    for (int seed = 0; seed < 20; seed++) {
      assertWithMessage("seed %s", seed)
          .that(told(BacklogOrderTest.backlog(r, key, from, to, s, seed, SETTLE)))
          .containsExactlyElementsIn(inOrder)
          .inOrder();
    }
  }

  /** A service answers 10 requests a minute, 2 of them 503 in 10:18–10:22. */
  static final Scenario RATIO_INCIDENT =
      m -> bucket(T0 + m * MIN, requests(10, m >= 18 && m <= 22 ? 2 : 0, 0, m), 0);

  /** p95 over 1 s with at least 20 requests, resolved after two evaluations below. */
  static Rule p95() {
    return rule("p95", RuleType.LATENCY, HTTP, "service")
        .setPercentile(95)
        .setThreshold(1.0)
        .setMinCount(20)
        .setResolveAfter(2)
        .build();
  }

  /** A service answers 10 requests a minute, a fifth of them slow in 10:18–10:22. */
  static final Scenario SLOW_INCIDENT =
      m -> bucket(T0 + m * MIN, requests(10, 0, m >= 18 && m <= 22 ? 0.2 : 0, m), 1.0);

  /** A service answers 5 requests a minute, one or none in 11:12–11:31. */
  static final Scenario TRAFFIC_DROP =
      m -> bucket(T0 + m * MIN, requests(m >= 72 && m <= 91 ? (m % 2) : 5, 0, 0, m), 0);

  /** Absence: no entry within 10 minutes; a silence is paged once an hour. */
  static Rule heartbeat() {
    return rule("heartbeat", RuleType.ABSENCE, ALL, "service")
        .setExpectWithin(Duration.standardMinutes(10))
        .setForgetAfter(Duration.standardDays(1))
        .setSuppressFor(Duration.standardHours(1))
        .build();
  }

  /** A job logs every minute but in 10:31–10:55. */
  static final Scenario SILENCE =
      m ->
          m > 30 && m <= 55
              ? new BucketAgg()
              : bucket(T0 + m * MIN, List.of(new Entry(false, Double.NaN, "beat")), 0);

  /** New-template, learning for 30 minutes. */
  static Rule newErrors() {
    return rule("new-errors", RuleType.NEW_TEMPLATE, ALL, "service")
        .setLearnFor(Duration.standardMinutes(30))
        .build();
  }

  /**
   * A request line every minute, a retry at 10:05 (while templates are learned) and at 10:45 with a
   * new error.
   */
  static final Scenario NEW_ERROR =
      m -> {
        List<Entry> e = new ArrayList<>();
        e.add(new Entry(false, Double.NaN, "GET /api/cart 200"));
        if (m == 5 || m == 45) {
          e.add(new Entry(false, Double.NaN, "Retrying call to payments-gateway after 250 ms"));
        }
        if (m == 45) {
          e.add(new Entry(true, Double.NaN, "Connection refused by db-primary:5432"));
        }
        return bucket(T0 + m * MIN, e, 0);
      };

  @Test
  public void aRatioIncidentInABacklogIsToldAsInOrder() {
    Scenario s = RATIO_INCIDENT;
    toldAsInOrder(
        BacklogOrderTest.ratio(),
        "ratio\u001erun",
        1,
        30,
        s,
        "FIRING 10:19 v=0.08",
        "RESOLVED 10:27 v=0");
  }

  @Test
  public void aPercentileIncidentInABacklogIsToldAsInOrder() {
    Rule p95 = p95();
    Scenario s = SLOW_INCIDENT;
    List<String> inOrder = told(inOrder(p95, "p95\u001erun", 1, 30, s));
    assertThat(inOrder).hasSize(2);
    toldAsInOrder(p95, "p95\u001erun", 1, 30, s, inOrder.toArray(new String[0]));
  }

  @Test
  public void aTrafficDropInABacklogIsToldAsInOrder() {
    Scenario s = TRAFFIC_DROP;
    Rule drop = BacklogOrderTest.drop();
    List<String> inOrder = told(inOrder(drop, "drop\u001erun", 1, 110, s));
    assertThat(inOrder.get(0)).startsWith("FIRING 11:");
    toldAsInOrder(drop, "drop\u001erun", 1, 110, s, inOrder.toArray(new String[0]));
  }

  /**
   * A job that logs every minute, stops for 25 minutes, comes back and stops for good: told as in
   * order, with no absence for the minutes whose panes have not come yet.
   */
  @Test
  public void anAbsenceInABacklogIsToldAsInOrderAndNoneForEntriesStillToCome() {
    Rule absence = heartbeat();
    Scenario s = SILENCE;
    List<String> inOrder = told(inOrder(absence, "heartbeat\u001ejob", 1, 70, s));
    // The silence, then the end of the entries: the job has stopped for good.
    assertThat(inOrder)
        .containsExactly(
            "FIRING 10:40 v=650",
            "RESOLVED 10:55 v=1560",
            "FIRING 11:20 v=650",
            "FIRING 12:20 v=4250")
        .inOrder();
    toldAsInOrder(absence, "heartbeat\u001ejob", 1, 70, s, inOrder.toArray(new String[0]));
  }

  /**
   * A service logs a request line every minute and retries a call at 10:05, while its templates are
   * learned, and again at 10:45, with a new error: only the new error is told, as in order (a
   * backlog's first pane to come no longer starts the learning, nor is a template learned from it).
   */
  @Test
  public void aNewTemplateInABacklogIsToldAsInOrder() {
    Rule fresh = newErrors();
    Scenario s = NEW_ERROR;
    List<String> inOrder = told(inOrder(fresh, "new-errors\u001eweb", 1, 50, s));
    assertThat(inOrder).hasSize(1);
    toldAsInOrder(fresh, "new-errors\u001eweb", 1, 50, s, inOrder.toArray(new String[0]));
  }

  /**
   * A job started on a subscription's backlog reads it ahead of its watermark (which follows
   * publish times and has not started yet), so a threshold rule's buckets come as early panes, in
   * whatever order: set aside until they have settled, the incident fires at the window the same
   * entries give in order, not at the first window that holds among the panes come so far. Panes of
   * the last minutes still fire at once ({@link EarlyFiringTest}).
   */
  @Test
  public void aThresholdIncidentInABacklogReadAheadOfTheWatermarkIsToldAsInOrder() {
    Rule r = rule("lb-5xx", RuleType.THRESHOLD, ERRORS, "backend").setThreshold(20).build();
    String key = "lb-5xx\u001eweb";
    Scenario s =
        m -> {
          List<Entry> e = new ArrayList<>();
          int n = m >= 18 && m <= 22 ? 8 : m % 3 == 0 ? 2 : 1;
          for (int i = 0; i < n; i++) {
            e.add(new Entry(true, Double.NaN, "backend answered 503"));
          }
          return bucket(T0 + m * MIN, e, 0);
        };
    List<String> inOrder = told(inOrder(r, key, 1, 30, s));
    assertThat(inOrder).containsExactly("FIRING 10:19 v=20", "RESOLVED 10:26 v=13").inOrder();
    int differently = 0;
    for (int seed = 0; seed < 20; seed++) {
      assertWithMessage("seed %s", seed)
          .that(told(BacklogOrderTest.earlyBacklog(r, key, 1, 30, s, seed, SETTLE)))
          .containsExactlyElementsIn(inOrder)
          .inOrder();
      // Judged as each pane comes, the same backlog is told otherwise in some orders.
      List<String> atOnce =
          told(BacklogOrderTest.earlyBacklog(r, key, 1, 30, s, seed, Duration.ZERO));
      differently += atOnce.equals(inOrder) ? 0 : 1;
    }
    assertThat(differently).isGreaterThan(0);
  }

  /**
   * A backlog read in event-time order over half a minute, five minutes of entries per settle step
   * (README's curl loop publishes about so): the key keeps settling while its panes come, and
   * evaluates once they have stopped coming; told as in order.
   */
  @Test
  public void aBacklogTricklingInOverHalfAMinuteIsToldAsInOrder() {
    Rule r = BacklogOrderTest.ratio();
    String key = "ratio\u001erun";
    Scenario s = m -> bucket(T0 + m * MIN, requests(10, m >= 18 && m <= 22 ? 2 : 0, 0, m), 0);
    Harness h = Harness.of(r, LATENESS).settlingFor(SETTLE);
    h.advanceTo(T0 + 45 * MIN);
    for (int m = 1; m <= 30; m++) {
      h.latePane(key, s.at(m));
      h.advanceTo(T0 + 45 * MIN);
      if (m % 5 == 0) {
        h.settleStep();
        assertThat(h.live.get(key).lastEvaluated).isEqualTo(Long.MIN_VALUE); // not yet
      }
    }
    h.settle();
    h.advanceTo(T0 + 105 * MIN);
    assertThat(told(h)).containsExactly("FIRING 10:19 v=0.08", "RESOLVED 10:27 v=0").inOrder();
  }

  /**
   * A backlog read over minutes, a minute of entries per settle step, is judged once a minute on
   * the panes come so far: after twelve steps with late panes the key evaluates up to the bucket
   * before the newest, and settles on.
   */
  @Test
  public void aBacklogReadOverMinutesIsJudgedOnceAMinute() {
    Rule r = BacklogOrderTest.ratio();
    String key = "ratio\u001erun";
    Scenario s = m -> bucket(T0 + m * MIN, requests(10, 0, 0, m), 0);
    Harness h = Harness.of(r, LATENESS).settlingFor(SETTLE);
    h.advanceTo(T0 + 45 * MIN);
    for (int m = 1; m <= 12; m++) {
      h.latePane(key, s.at(m));
      h.advanceTo(T0 + 45 * MIN);
      h.settleStep();
      assertThat(h.live.get(key).lastEvaluated).isEqualTo(m < 12 ? Long.MIN_VALUE : T0 + 11 * MIN);
      assertThat(h.live.get(key).settling).isTrue();
    }
  }

  /**
   * A group logging steadily whose failed requests of 10:18–10:22 come late (an agent's buffer),
   * after evaluation has passed 10:30, in any order: merged first, then the windows they change are
   * re-checked once, so the incident starts at the window it starts at in order (10:19), not at
   * whichever a partial merge made hold first. Its RESOLVED comes where evaluation stands
   * (resolution is forward-only).
   */
  @Test
  public void lateFailuresOfASteadyGroupFireAtTheWindowInOrder() {
    Rule r = BacklogOrderTest.ratio();
    String key = "ratio\u001erun";
    Scenario good = m -> bucket(T0 + m * MIN, requests(m >= 18 && m <= 22 ? 8 : 10, 0, 0, m), 0);
    Scenario bad = m -> bucket(T0 + m * MIN, requests(2, 2, 0, m).subList(0, 2), 0);
    List<Integer> late = new ArrayList<>(List.of(18, 19, 20, 21, 22));
    for (int seed = 0; seed < 20; seed++) {
      Collections.shuffle(late, new Random(seed));
      Harness h = Harness.of(r, LATENESS).settlingFor(SETTLE);
      for (int m = 1; m <= 30; m++) {
        h.bucket(key, good.at(m));
        h.advanceTo(T0 + m * MIN);
      }
      assertThat(h.alerts).isEmpty();
      for (int m : late) {
        h.latePane(key, bad.at(m));
        h.advanceTo(T0 + 31 * MIN);
      }
      h.settle();
      h.advanceTo(T0 + 100 * MIN);
      List<String> told = told(h);
      assertWithMessage("order %s", late).that(told).hasSize(2);
      assertWithMessage("order %s", late).that(told.get(0)).isEqualTo("FIRING 10:19 v=0.08");
      assertWithMessage("order %s", late).that(told.get(1)).startsWith("RESOLVED");
    }
  }

  /**
   * Through the whole transform in streaming: the ratio incident's entries (10 requests a minute, 2
   * of them 503 in 10:17–10:21) published half an hour late, all at once, their minutes in shuffled
   * order, behind a watermark past them all; processing time moves on by the settle time. Told as
   * the same entries in order: FIRING at 10:19, RESOLVED at 10:27.
   */
  @Test
  public void streamingBacklogIsToldAsTheSameEntriesInOrder() {
    toldAsInOrder(p, shuffledMinutes(new Instant(at(45, 0)), 7, SettledBacklogTest::ratioRequests));
  }

  /**
   * A job started on a subscription that holds the last half hour of a load balancer's 5xx logs:
   * read at once, their minutes in shuffled order, ahead of a watermark that has not moved (it
   * follows publish times), a quarter of an hour after the newest; so every bucket comes as an
   * early pane, and the threshold rule fires at the window the same entries give in order.
   */
  @Test
  public void streamingBacklogReadAheadOfTheWatermarkFiresTheThresholdAsInOrder() {
    TestStream.Builder<LogEvent> in =
        shuffledMinutes(
            new Instant(at(0, 0)),
            3,
            m -> {
              List<LogEvent> errors = new ArrayList<>();
              for (int i = 0; i < (m >= 18 && m <= 22 ? 8 : m % 3 == 0 ? 2 : 1); i++) {
                errors.add(error("e" + m + "-" + i, at(m, 5 + 5 * i), "web"));
              }
              return errors;
            });
    for (int i = 0; i < 3; i++) {
      in = in.advanceProcessingTime(SETTLE.plus(Duration.standardSeconds(1)));
    }
    Rule r = rule("lb-5xx", RuleType.THRESHOLD, ERRORS, "service").setThreshold(20).build();
    PCollection<Alert> alerts =
        p.apply(in.advanceWatermarkTo(new Instant(at(100, 0))).advanceWatermarkToInfinity())
            .apply(evaluate(rules(r)).withSettle(SETTLE).withClock(() -> at(45, 0)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(sorted(it)))
                  .containsExactly(
                      "FIRING lb-5xx {service=web} value=20 10:15-10:20",
                      "RESOLVED lb-5xx {service=web} value=13 10:22-10:27")
                  .inOrder();
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * The entries of the 30 minutes after 10:00, published at once in the order {@code seed} shuffles
   * the minutes to, the watermark at {@code watermark}; processing time moves on a second every ten
   * minutes of entries.
   */
  static TestStream.Builder<LogEvent> shuffledMinutes(
      Instant watermark, long seed, IntFunction<List<LogEvent>> minute) {
    List<Integer> minutes = new ArrayList<>();
    for (int m = 0; m < 30; m++) {
      minutes.add(m);
    }
    Collections.shuffle(minutes, new Random(seed));
    TestStream.Builder<LogEvent> in =
        TestStream.create(LogEventCoder.of()).advanceWatermarkTo(watermark);
    int n = 0;
    for (int m : minutes) {
      in = addAll(in, minute.apply(m));
      if (++n % 10 == 0) {
        in = in.advanceProcessingTime(Duration.standardSeconds(1));
      }
    }
    return in;
  }

  /** Adds the 10 requests of minute {@code m} after 10:00, 2 of them 503 in 10:17–10:21. */
  static TestStream.Builder<LogEvent> minuteOfRatioRequests(
      TestStream.Builder<LogEvent> in, int m) {
    return addAll(in, ratioRequests(m));
  }

  private static List<LogEvent> ratioRequests(int m) {
    List<LogEvent> requests = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int status = m >= 17 && m <= 21 && i < 2 ? 503 : 200;
      requests.add(request("r" + m + "-" + i, at(m, 5 + 5 * i), "run", status, 0.1));
    }
    return requests;
  }

  private static TestStream.Builder<LogEvent> addAll(
      TestStream.Builder<LogEvent> in, List<LogEvent> events) {
    List<TimestampedValue<LogEvent>> entries = new ArrayList<>();
    for (LogEvent e : events) {
      entries.add(TimestampedValue.of(e, e.eventTime()));
    }
    @SuppressWarnings("unchecked")
    TimestampedValue<LogEvent>[] more =
        entries.subList(1, entries.size()).toArray(new TimestampedValue[0]);
    return in.addElements(entries.get(0), more);
  }

  /**
   * The settle time passes, the watermark goes on; the ratio incident of {@link
   * #minuteOfRatioRequests} is told as in order: FIRING at 10:19, RESOLVED at 10:27.
   */
  static void toldAsInOrder(TestPipeline p, TestStream.Builder<LogEvent> in) {
    in = in.advanceProcessingTime(SETTLE.plus(Duration.standardSeconds(1)));
    PCollection<Alert> alerts =
        p.apply(in.advanceWatermarkTo(new Instant(at(100, 0))).advanceWatermarkToInfinity())
            .apply(evaluate(rules(BacklogOrderTest.ratio())).withSettle(SETTLE));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(sorted(it)))
                  .containsExactly(
                      "FIRING ratio {service=run} value=0.08 10:14-10:19",
                      "RESOLVED ratio {service=run} value=0 10:22-10:27")
                  .inOrder();
              return null;
            });
    p.run().waitUntilFinish();
  }
}
