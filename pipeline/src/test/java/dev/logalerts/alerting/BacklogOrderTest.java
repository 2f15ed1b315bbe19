package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.SpikeDirection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
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
 * The kinds other than threshold when a streaming job reads a backlog behind its watermark: every
 * bucket comes as a late pane, in whatever order the shuffle hands them over. Each scenario runs as
 * an on-time run would (the watermark following the data) and as a backlog (the watermark first
 * past the whole range, then the panes), through the simulated runner of {@link
 * LifecycleStateTest.Harness}, and compares what is told.
 */
@RunWith(JUnit4.class)
public class BacklogOrderTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  static final long MIN = 60_000L;

  /** One entry of a bucket: numerator hit, latency (NaN: none) and message. */
  record Entry(boolean bad, double latency, String message) {}

  static BucketAgg bucket(long end, List<Entry> entries, double latencyThreshold) {
    BucketAgg b = new BucketAgg();
    int i = 0;
    for (Entry e : entries) {
      dev.logalerts.model.MessageTemplate t = MINER.apply(e.message());
      long ts = end - 50_000 + i * 100L;
      b.add(
          new Observation(
              ts * 1_000_000L,
              "id" + end + "-" + i,
              e.message(),
              "p",
              "k8s_container",
              "stdout",
              latencyThreshold > 0 ? e.latency() >= latencyThreshold : e.bad(),
              latencyThreshold > 0 ? e.latency() : Double.NaN,
              latencyThreshold > 0 ? latencyThreshold : Double.NaN,
              t.templateId(),
              t.template(),
              MIN));
      i++;
    }
    b.endMillis = end;
    b.periodMillis = MIN;
    return b;
  }

  interface Scenario {
    BucketAgg at(int minute);
  }

  static List<String> told(Harness h) {
    return told(h.alerts);
  }

  /** Each alert as "STATE hh:mm v=value" (its window's end). */
  static List<String> told(List<Alert> alerts) {
    return alerts.stream()
        .map(
            a ->
                a.state()
                    + " "
                    + Alert.rfc3339(a.windowEndMillis()).substring(11, 16)
                    + " v="
                    + AlertText.number(a.value()))
        .collect(Collectors.toList());
  }

  static Harness inOrder(Rule r, String key, int from, int to, Scenario s) {
    Harness h = Harness.of(r, Duration.standardMinutes(60));
    for (int m = from; m <= to; m++) {
      BucketAgg b = s.at(m);
      if (b.count > 0) {
        h.bucket(key, b);
      }
      h.advanceTo(T0 + m * MIN);
    }
    h.advanceTo(T0 + (to + 15) * MIN);
    h.advanceTo(T0 + (to + 75) * MIN); // time goes on without this group's entries
    return h;
  }

  static Harness backlog(Rule r, String key, int from, int to, Scenario s, long seed) {
    return backlog(r, key, from, to, s, seed, Duration.ZERO);
  }

  /**
   * The panes of minutes {@code from..to} as a backlog behind a watermark 15 minutes past them, in
   * the order {@code seed} shuffles them to; now and then a bundle ends and due timers fire. With a
   * {@code settle} time, the panes are marked late (as Beam marks them) and that time passes after
   * the last. Then time goes on without this group's entries.
   */
  static Harness backlog(
      Rule r, String key, int from, int to, Scenario s, long seed, Duration settle) {
    Harness h = Harness.of(r, Duration.standardMinutes(60)).settlingFor(settle);
    long w = T0 + (to + 15) * MIN;
    h.advanceTo(w);
    List<Integer> minutes = new ArrayList<>();
    for (int m = from; m <= to; m++) {
      minutes.add(m);
    }
    Random rnd = new Random(seed);
    Collections.shuffle(minutes, rnd);
    for (int m : minutes) {
      BucketAgg b = s.at(m);
      if (b.count > 0) {
        b.late = settle.isLongerThan(Duration.ZERO);
        h.bucket(key, b);
      }
      if (rnd.nextInt(3) == 0) {
        h.advanceTo(w); // a bundle ends: due timers fire
      }
    }
    h.settle();
    h.advanceTo(w);
    h.advanceTo(T0 + (to + 75) * MIN); // time goes on without this group's entries
    return h;
  }

  /**
   * The panes of minutes {@code from..to} read by a job started on a subscription's backlog a
   * quarter of an hour after its newest entry: ahead of a watermark that has not started, so every
   * bucket comes as an early pane, in the order {@code seed} shuffles them to; the settle time
   * passes after the last, then the watermark moves through them and on.
   */
  static Harness earlyBacklog(
      Rule r, String key, int from, int to, Scenario s, long seed, Duration settle) {
    Harness h = Harness.of(r, Duration.standardMinutes(60)).settlingFor(settle);
    h.clockAt(T0 + (to + 15) * MIN);
    List<Integer> minutes = new ArrayList<>();
    for (int m = from; m <= to; m++) {
      minutes.add(m);
    }
    Collections.shuffle(minutes, new Random(seed));
    for (int m : minutes) {
      BucketAgg b = s.at(m);
      if (b.count > 0) {
        h.earlyPane(key, b);
      }
    }
    h.settle();
    for (int m = from; m <= to + 75; m++) {
      h.advanceTo(T0 + m * MIN);
    }
    return h;
  }

  static void explore(String name, Rule r, String key, int from, int to, Scenario s) {
    System.out.println("=== " + name);
    System.out.println("in order: " + told(inOrder(r, key, from, to, s)));
    for (int seed = 0; seed < 20; seed++) {
      System.out.println("seed " + seed + ": " + told(backlog(r, key, from, to, s, seed)));
    }
  }

  static List<Entry> requests(int n, int bad, double slowShare, int m) {
    List<Entry> out = new ArrayList<>();
    int slow = (int) Math.round(n * slowShare);
    for (int i = 0; i < n; i++) {
      double lat = i < slow ? 3.0 + (i % 5) * 0.2 : 0.1 + ((i * 7 + m) % 10) * 0.03;
      out.add(new Entry(i < bad, lat, "GET /api/cart " + (i < bad ? 503 : 200)));
    }
    return out;
  }

  /** Traffic-drop: a third or less of the last hour's mean per 10 minutes, at least 30. */
  static Rule drop() {
    return rule("drop", RuleType.SPIKE, ALL, "service")
        .setWindow(Duration.standardMinutes(10))
        .setBaseline(Duration.standardHours(1))
        .setDirection(SpikeDirection.DOWN)
        .setFactor(3)
        .setMinCount(30)
        .setResolveAfter(2)
        .build();
  }

  /**
   * A service answers 4 requests a minute, none in 11:11–11:30. Its entries of 10:41–11:10 come
   * late, newest first (an agent that buffered them), after the job has evaluated up to 11:40:
   * until they come, the drop windows' baseline holds too few requests to judge (under minCount).
   * Each late pane re-checks the windows whose span holds it, baseline included, so once the
   * baseline is there the drop fires, as it does on time (11:17), at the first window that holds
   * with the panes come so far; were only the windows holding the pane in their own 10 minutes
   * re-checked, it would be missed.
   */
  @Test
  public void aDropWhoseBaselineComesLateFires() {
    Rule r = drop();
    String key = "drop\u001eweb";
    Scenario s = m -> bucket(T0 + m * MIN, requests(m > 70 && m <= 90 ? 0 : 4, 0, 0, m), 0);
    assertThat(told(inOrder(r, key, 1, 100, s)))
        .containsExactly("FIRING 11:17 v=12", "RESOLVED 11:34 v=16")
        .inOrder();
    Harness h = Harness.of(r, Duration.standardMinutes(60));
    for (int m = 1; m <= 100; m++) {
      if (m <= 40 || m > 90) {
        h.bucket(key, s.at(m));
        h.advanceTo(T0 + m * MIN);
      }
    }
    h.advanceTo(T0 + 100 * MIN);
    assertThat(h.alerts).isEmpty();
    for (int m = 70; m > 40; m--) {
      h.bucket(key, s.at(m));
    }
    h.advanceTo(T0 + 175 * MIN);
    List<String> told = told(h);
    assertThat(told).hasSize(2);
    assertThat(told.get(0)).isAnyOf("FIRING 11:17 v=12", "FIRING 11:18 v=8");
    assertThat(told.get(1)).startsWith("RESOLVED");
  }

  /**
   * The same late baseline in 20 shuffled orders: the drop is told once in every order (one FIRING,
   * one RESOLVED), for a window in the silence or ending at its start (judged on the panes come so
   * far, the window ending 11:10 can hold too).
   */
  @Test
  public void aDropIsToldOnceWhateverOrderItsLateBaselineComesIn() {
    Rule r = drop();
    String key = "drop\u001eweb";
    Scenario s = m -> bucket(T0 + m * MIN, requests(m > 70 && m <= 90 ? 0 : 4, 0, 0, m), 0);
    List<Integer> late = new ArrayList<>();
    for (int m = 41; m <= 70; m++) {
      late.add(m);
    }
    for (int seed = 0; seed < 20; seed++) {
      Collections.shuffle(late, new Random(seed));
      Harness h = Harness.of(r, Duration.standardMinutes(60));
      for (int m = 1; m <= 100; m++) {
        if (m <= 40 || m > 90) {
          h.bucket(key, s.at(m));
          h.advanceTo(T0 + m * MIN);
        }
      }
      h.advanceTo(T0 + 100 * MIN);
      for (int m : late) {
        h.bucket(key, s.at(m));
      }
      h.advanceTo(T0 + 175 * MIN);
      List<String> told = told(h);
      assertWithMessage("order %s: %s", late, told).that(told).hasSize(2);
      assertWithMessage("order %s: %s", late, told).that(told.get(0)).startsWith("FIRING 11:");
      long end = h.alerts.get(0).windowEndMillis();
      assertWithMessage("order %s: %s", late, told).that(end).isAtLeast(T0 + 70 * MIN);
      assertWithMessage("order %s: %s", late, told).that(end).isAtMost(T0 + 90 * MIN);
      assertWithMessage("order %s: %s", late, told).that(told.get(1)).startsWith("RESOLVED");
    }
  }

  /**
   * A traffic drop (5 requests a minute, a twentieth of it in 11:12–11:31) read as a backlog, its
   * panes in 20 shuffled orders: one incident in every order (FIRING, a re-notification, RESOLVED
   * under one alertId), first told for a window in the drop. Its RESOLVED comes where evaluation
   * had got to when it fired, not where the traffic came back (README, "Known limits").
   */
  @Test
  public void aBacklogTellsATrafficDropAsOneIncidentInWhateverOrder() {
    Rule r = drop();
    String key = "drop\u001erun";
    Scenario s = m -> bucket(T0 + m * MIN, requests(m >= 72 && m <= 91 ? (m % 2) : 5, 0, 0, m), 0);
    for (int seed = 0; seed < 20; seed++) {
      Harness h = backlog(r, key, 1, 110, s, seed);
      List<String> told = told(h);
      assertWithMessage("seed %s: %s", seed, told)
          .that(h.alerts.stream().map(Alert::alertId).distinct().count())
          .isEqualTo(1);
      assertWithMessage("seed %s: %s", seed, told).that(told.get(0)).startsWith("FIRING 11:");
      long end = h.alerts.get(0).windowEndMillis();
      assertWithMessage("seed %s: %s", seed, told).that(end).isAtLeast(T0 + 70 * MIN);
      assertWithMessage("seed %s: %s", seed, told).that(end).isAtMost(T0 + 91 * MIN);
      assertWithMessage("seed %s: %s", seed, told)
          .that(h.alerts.get(h.alerts.size() - 1).state())
          .isEqualTo(AlertState.RESOLVED);
      assertWithMessage("seed %s: %s", seed, told)
          .that(h.alerts.stream().filter(a -> a.state() == AlertState.FLAPPING).count())
          .isEqualTo(0);
    }
  }

  /**
   * The traffic drop's backlog again: its FIRING comes from a late pane while evaluation stands
   * about 35 minutes past the window that fired, where the drop still holds (the data has ended).
   * The next evaluation, a moment later, must not page again (before: "FIRING 12:06 v=0", a
   * re-notification in every order): re-notifications count from when the FIRING was sent.
   */
  @Test
  public void aDropFiredByALatePaneIsNotReNotifiedAtTheNextEvaluation() {
    Rule r = drop();
    String key = "drop\u001erun";
    Scenario s = m -> bucket(T0 + m * MIN, requests(m >= 72 && m <= 91 ? (m % 2) : 5, 0, 0, m), 0);
    for (int seed = 0; seed < 20; seed++) {
      List<String> told = told(backlog(r, key, 1, 110, s, seed));
      assertWithMessage("seed %s: %s", seed, told).that(told).hasSize(2);
      assertWithMessage("seed %s: %s", seed, told).that(told.get(0)).startsWith("FIRING");
      assertWithMessage("seed %s: %s", seed, told).that(told.get(1)).startsWith("RESOLVED");
    }
  }

  /** 5xx ratio of 5% or more over at least 20 requests in 5 minutes. */
  static Rule ratio() {
    return rule("ratio", RuleType.RATIO, HTTP, "service")
        .setNumerator(HTTP_5XX)
        .setThreshold(0.05)
        .setMinCount(20)
        .setResolveAfter(2)
        .build();
  }

  /**
   * A service answers 10 requests a minute, 2 of them 503 in 10:18–10:22: on time, one incident
   * (10:19 to 10:27). Read as a backlog whose panes come 10:22–10:30 first, then 10:21 back to
   * 10:01: judged on the panes come so far, the incident fires at 10:23 and resolves at 10:27; then
   * the pane of 10:17 makes the window ending 10:18 hold (2 of the 20 requests come so far), a
   * whole window before the incident's first, so sharing none of its entries. Every window from it
   * to the incident's first holds now, as they would in a run of the same entries in order, where
   * they are one incident: not another FIRING (nor a FLAPPING) for it.
   */
  @Test
  public void aRatioIncidentJudgedOnPartOfABacklogIsToldOnce() {
    Rule r = ratio();
    String key = "ratio\u001erun";
    Scenario s = m -> bucket(T0 + m * MIN, requests(10, m >= 18 && m <= 22 ? 2 : 0, 0, m), 0);
    assertThat(told(inOrder(r, key, 1, 30, s)))
        .containsExactly("FIRING 10:19 v=0.08", "RESOLVED 10:27 v=0")
        .inOrder();
    Harness h = Harness.of(r, Duration.standardMinutes(60));
    long watermark = T0 + 45 * MIN;
    h.advanceTo(watermark);
    for (int m = 22; m <= 30; m++) {
      h.bucket(key, s.at(m));
    }
    for (int m = 21; m >= 1; m--) {
      h.bucket(key, s.at(m));
      h.advanceTo(watermark);
    }
    h.advanceTo(T0 + 105 * MIN);
    assertThat(told(h)).containsExactly("FIRING 10:23 v=0.1", "RESOLVED 10:27 v=0").inOrder();
  }

  /**
   * The late baseline of {@link #aDropWhoseBaselineComesLateFires} through the whole transform in
   * streaming: 4 requests a minute in 10:00–10:40 and 11:30–11:36 on time (none in 11:10–11:30),
   * then the entries of 11:09 back to 10:40, a minute at a time, behind the watermark (within the
   * hour of lateness). The drop fires, for a window in the silence.
   */
  @Test
  public void streamingDropWithALateBaselineFires() {
    Rule r = drop().toBuilder().setFilter(HTTP).build();
    TestStream.Builder<LogEvent> in = TestStream.create(LogEventCoder.of());
    for (int m = 0; m < 96; m++) {
      if (m < 40 || m >= 90) {
        in = minuteOfRequests(in, m).advanceWatermarkTo(new Instant(at(m, 59)));
      }
    }
    for (int m = 69; m >= 40; m--) {
      in = minuteOfRequests(in, m);
    }
    PCollection<Alert> alerts = p.apply(in.advanceWatermarkToInfinity()).apply(evaluate(rules(r)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<String> firing = new ArrayList<>();
              for (Alert a : it) {
                if (a.state() == AlertState.FIRING) {
                  firing.add(Alert.rfc3339(a.windowEndMillis()).substring(11, 16));
                }
              }
              assertThat(firing).hasSize(1);
              assertThat(firing.get(0)).isAtLeast("11:11");
              assertThat(firing.get(0)).isAtMost("11:30");
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** Adds the 4 requests of minute {@code m} after 10:00 (at :10, :25, :40, :55). */
  private static TestStream.Builder<LogEvent> minuteOfRequests(
      TestStream.Builder<LogEvent> b, int m) {
    List<TimestampedValue<LogEvent>> rest = new ArrayList<>();
    for (int i = 1; i < 4; i++) {
      LogEvent e = request("r" + m + "-" + i, at(m, 10 + 15 * i), "web", 200, 0.1);
      rest.add(TimestampedValue.of(e, e.eventTime()));
    }
    LogEvent first = request("r" + m + "-0", at(m, 10), "web", 200, 0.1);
    @SuppressWarnings("unchecked")
    TimestampedValue<LogEvent>[] more = rest.toArray(new TimestampedValue[0]);
    return b.addElements(TimestampedValue.of(first, first.eventTime()), more);
  }
}
