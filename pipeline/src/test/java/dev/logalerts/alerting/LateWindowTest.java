package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A late bucket re-checks the windows it belongs to that were already evaluated; those windows must
 * be summed over all of their buckets, not only over the ones still kept for the window at the
 * evaluation frontier.
 */
@RunWith(JUnit4.class)
public class LateWindowTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  private static final long MIN = 60_000L;

  static BucketAgg bucket(long endMillis, int count, int numerator) {
    BucketAgg b = new BucketAgg();
    for (int i = 0; i < count; i++) {
      long ts = endMillis - 30_000 + i;
      b.add(
          new Observation(
              ts * 1_000_000L,
              "id" + endMillis + "-" + i,
              "GET /api/cart",
              "p",
              "k8s_container",
              "stdout",
              i < numerator,
              Double.NaN,
              Double.NaN,
              "",
              "",
              MIN));
    }
    b.endMillis = endMillis;
    b.periodMillis = MIN;
    return b;
  }

  /** {@code count} errors in the 10-second bucket ending at {@code endMillis}. */
  static BucketAgg tenSeconds(long endMillis, int count) {
    BucketAgg b = bucket(endMillis, 0, 0);
    for (int i = 0; i < count; i++) {
      b.add(
          new Observation(
              (endMillis - 9_000 + i * 1000L) * 1_000_000L,
              "id" + endMillis + "-" + i,
              "payment failed",
              "p",
              "k8s_container",
              "stdout",
              false,
              Double.NaN,
              Double.NaN,
              "",
              "",
              10_000L));
    }
    b.periodMillis = 10_000L;
    return b;
  }

  /** 5 errors in a minute, evaluated every 10 seconds. */
  private static Rule burstRule() {
    return rule("burst", RuleType.THRESHOLD, ERRORS, "service")
        .setWindow(Duration.standardMinutes(1))
        .setPeriod(Duration.standardSeconds(10))
        .setThreshold(5)
        .build();
  }

  /**
   * A new service's burst read minutes late, newest first, in two panes: 3 errors in 10:00:40–50,
   * evaluated up to where its windows run empty, then 3 in 10:00:30–40. The second pane's bucket
   * lies a whole window before the frontier, but nothing the windows need was cleared: the window
   * (9:59:50, 10:00:50] holds 6 and fires, as it does when all six come on time.
   */
  @Test
  public void aNewGroupsLateBurstInTwoPanesFires() {
    String key = "burst\u001elate";
    Harness h = harness(burstRule());
    h.bucket(key, tenSeconds(T0 + 50_000, 3));
    h.advanceTo(T0 + 5 * MIN);
    assertThat(h.alerts).isEmpty();
    h.bucket(key, tenSeconds(T0 + 40_000, 3)); // the second pane
    h.advanceTo(Long.MAX_VALUE - 1);
    assertThat(firing(h)).containsExactly("2026-11-20T10:00:50Z value=6.0");
  }

  /**
   * A late burst in three panes: 5 errors fire, the windows after them (without the sixth, still on
   * its way) resolve, then the sixth arrives. It completes a window of that same incident: no
   * second FIRING (nor FLAPPING) for one burst.
   */
  @Test
  public void theLastPaneOfAResolvedLateBurstDoesNotFireItAgain() {
    String key = "burst\u001elate";
    Harness h = harness(burstRule());
    h.bucket(key, tenSeconds(T0 + 50_000, 5));
    h.advanceTo(T0 + 5 * MIN);
    assertThat(firing(h)).containsExactly("2026-11-20T10:00:50Z value=5.0");
    assertThat(h.alerts.get(h.alerts.size() - 1).state()).isEqualTo(AlertState.RESOLVED);
    h.bucket(key, tenSeconds(T0 + 40_000, 1)); // the sixth, late after the RESOLVED
    h.advanceTo(Long.MAX_VALUE - 1);
    assertThat(firing(h)).containsExactly("2026-11-20T10:00:50Z value=5.0");
    assertThat(h.alerts.stream().filter(a -> a.state() == AlertState.FLAPPING).count())
        .isEqualTo(0);
  }

  /**
   * A backlog read minutes late (the job was down, or the sink's backlog drains), its panes out of
   * order by a bucket, as the shuffle delivers them: threshold 6 in 5m; 3 errors in bucket 10:06
   * and 2 in 10:11, evaluated as far as their windows reach (the watermark is far ahead), then 3 in
   * 10:10. The window (10:05, 10:10] holds 6 and fires, as it does in a batch run of the same
   * entries: the walk past the newest bucket must not clear the 10:06 bucket that window needs.
   */
  @Test
  public void aBacklogsPaneOfAnEarlierBucketFindsItsWindowsBuckets() {
    Rule r = rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(6).build();
    String key = "errors\u001echeckout";
    Harness h = harness(r);
    h.bucket(key, bucket(T0 + 6 * MIN, 3, 0));
    h.bucket(key, bucket(T0 + 11 * MIN, 2, 0));
    h.advanceTo(T0 + 30 * MIN);
    assertThat(h.alerts).isEmpty();
    h.bucket(key, bucket(T0 + 10 * MIN, 3, 0)); // the earlier bucket's pane, after the later one's
    h.advanceTo(Long.MAX_VALUE - 1);
    assertThat(firing(h)).containsExactly("2026-11-20T10:10:00Z value=6.0");
  }

  /**
   * A group logging one error a minute, 10:01–10:40, threshold 7 in 5 minutes: no window holds.
   * After 10:40 was evaluated, an agent's buffered pane brings 2 more errors of 10:19–10:20, twenty
   * minutes late and well within the hour of lateness. The windows that hold it need the buckets
   * from 10:16 on, which the walk moved past long ago: they are taken back from where the key keeps
   * them, and the window (10:15, 10:20] holds 7 and fires, as it does when the pane comes on time.
   */
  @Test
  public void aPaneTwentyMinutesLateFindsTheBucketsItsWindowsNeed() {
    Rule r = rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(7).build();
    String key = "errors\u001echeckout";
    Harness onTime = harness(r);
    Harness late = harness(r);
    for (int m = 1; m <= 40; m++) {
      onTime.bucket(key, bucket(T0 + m * MIN, m == 20 ? 3 : 1, 0));
      late.bucket(key, bucket(T0 + m * MIN, 1, 0));
    }
    onTime.advanceTo(T0 + 40 * MIN);
    late.advanceTo(T0 + 40 * MIN);
    assertThat(late.alerts).isEmpty();
    assertThat(late.live.get(key).buckets.firstKey()).isGreaterThan(T0 + 20 * MIN);
    late.bucket(key, bucket(T0 + 20 * MIN, 2, 0));
    late.advanceTo(Long.MAX_VALUE - 1);
    onTime.advanceTo(Long.MAX_VALUE - 1);
    assertThat(firing(onTime)).containsExactly("2026-11-20T10:20:00Z value=7.0");
    assertThat(firing(late)).containsExactly("2026-11-20T10:20:00Z value=7.0");
  }

  /**
   * Past the allowed lateness nothing can still arrive for a bucket (Beam drops such entries before
   * the buckets are combined), so what the key keeps for late panes stays bounded: after three
   * hours of an error a minute, no more than twice the lateness's worth of buckets are kept beside
   * the state, and the state itself holds a few windows' worth.
   */
  @Test
  public void bucketsKeptForLatePanesStayWithinTheLateness() {
    Rule r = rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(7).build();
    String key = "errors\u001echeckout";
    Harness h = Harness.of(r, Duration.standardMinutes(30));
    int most = 0;
    for (int m = 1; m <= 180; m++) {
      h.bucket(key, bucket(T0 + m * MIN, 1, 0));
      most = Math.max(most, h.older.get(key).items.size());
    }
    h.advanceTo(T0 + 180 * MIN);
    assertThat(most).isAtMost(2 * 31 + 1);
    assertThat(most).isAtLeast(30);
    assertThat(h.live.get(key).buckets.size()).isAtMost(10);
    assertThat(h.older.get(key).items.stream().mapToLong(b -> b.endMillis).min().getAsLong())
        .isAtLeast(T0 + (180 - 2 * 31 - 6) * MIN);
  }

  /**
   * A backlog's panes come in any order. The same 30 minutes of one service (an error a minute,
   * then 4 a minute in 10:10–10:13; threshold 10 in 5 minutes), delivered bucket by bucket in 20
   * shuffled orders while the watermark is at 10:45, tell one incident in every order (one FIRING,
   * one RESOLVED), as a batch run of the same entries does. Its FIRING is the first window that
   * holds with the panes come so far (batch: 10:11), and a window that holds once more of them have
   * come, before the incident's start, is that same incident, not another to page for.
   */
  @Test
  public void aBacklogFiresInWhateverOrderItsPanesCome() {
    Rule r = rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(10).build();
    String key = "errors\u001echeckout";
    List<Integer> minutes = new ArrayList<>();
    for (int m = 1; m <= 30; m++) {
      minutes.add(m);
    }
    for (int seed = 0; seed < 20; seed++) {
      java.util.Collections.shuffle(minutes, new java.util.Random(seed));
      Harness h = harness(r);
      h.advanceTo(T0 + 45 * MIN);
      boolean first = true;
      for (int m : minutes) {
        h.bucket(key, bucket(T0 + m * MIN, m >= 10 && m <= 13 ? 4 : 1, 0));
        if (first) {
          h.advanceTo(T0 + 45 * MIN); // the walk runs ahead of the backlog
          first = false;
        }
      }
      h.advanceTo(Long.MAX_VALUE - 1);
      List<String> told =
          h.alerts.stream()
              .map(a -> a.state() + " " + Alert.rfc3339(a.windowEndMillis()))
              .collect(Collectors.toList());
      assertWithMessage("order %s: %s", minutes, told).that(told).hasSize(2);
      assertWithMessage("order %s: %s", minutes, told)
          .that(told.get(0))
          .isIn(
              List.of(
                  "FIRING 2026-11-20T10:11:00Z",
                  "FIRING 2026-11-20T10:12:00Z",
                  "FIRING 2026-11-20T10:13:00Z",
                  "FIRING 2026-11-20T10:14:00Z",
                  "FIRING 2026-11-20T10:15:00Z"));
      assertWithMessage("order %s: %s", minutes, told).that(told.get(1)).startsWith("RESOLVED");
    }
  }

  static Harness harness(Rule r) {
    return Harness.of(r, Duration.standardMinutes(60));
  }

  private static List<String> firing(Harness h) {
    return h.alerts.stream()
        .filter(a -> a.state() == AlertState.FIRING)
        .map(a -> Alert.rfc3339(a.windowEndMillis()) + " value=" + a.value())
        .collect(Collectors.toList());
  }

  /**
   * Ratio 50%, minCount 2, window 5m. Buckets 10:01..10:05 and 10:07..10:10 hold 10 good requests
   * each; 10:06 none. A late pane for 10:06 brings 2 errors after 10:10 was evaluated. Every window
   * that includes 10:06 holds at least 40 good requests: no window reaches 50%.
   */
  @Test
  public void lateBucketDoesNotFireRatioOnATruncatedWindow() {
    Rule r =
        rule("err-ratio", RuleType.RATIO, HTTP, "service")
            .setNumerator(HTTP_5XX)
            .setThreshold(0.5)
            .setMinCount(2)
            .build();
    String key = "err-ratio\u001echeckout";
    Harness h = harness(r);
    for (int m = 1; m <= 10; m++) {
      if (m != 6) {
        h.bucket(key, bucket(T0 + m * MIN, 10, 0));
      }
    }
    h.advanceTo(T0 + 10 * MIN);
    assertThat(h.alerts).isEmpty();
    h.bucket(key, bucket(T0 + 6 * MIN, 2, 2)); // late pane for 10:06
    h.advanceTo(Long.MAX_VALUE - 1);
    assertThat(firing(h)).isEmpty();
  }

  /**
   * Threshold 5 in 5m: one error in each of 10:02..10:05, the fifth (10:05:30, bucket 10:06)
   * arrives late, after 10:09 was evaluated. The window (10:01, 10:06] holds 5: it must fire, as it
   * does when the same bucket comes on time.
   */
  @Test
  public void lateBucketCompletingAnEarlierWindowFiresThreshold() {
    Rule r = rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(5).build();
    String key = "errors\u001echeckout";

    Harness onTime = harness(r);
    for (int m = 2; m <= 6; m++) {
      onTime.bucket(key, bucket(T0 + m * MIN, 1, 0));
    }
    onTime.advanceTo(Long.MAX_VALUE - 1);
    assertThat(firing(onTime)).containsExactly("2026-11-20T10:06:00Z value=5.0");

    Harness late = harness(r);
    for (int m = 2; m <= 5; m++) {
      late.bucket(key, bucket(T0 + m * MIN, 1, 0));
    }
    late.advanceTo(T0 + 9 * MIN);
    assertThat(late.alerts).isEmpty();
    late.bucket(key, bucket(T0 + 6 * MIN, 1, 0)); // late pane for 10:06
    late.advanceTo(Long.MAX_VALUE - 1);
    assertThat(firing(late)).containsExactly("2026-11-20T10:06:00Z value=5.0");
  }

  /**
   * The same through the whole transform in streaming: errors at 10:01:10, 10:02:10, 10:03:10,
   * 10:04:10 on time, the fifth (10:05:30) arrives after the watermark passed 10:09:40, within the
   * allowed lateness (60m). The window (10:01, 10:06] holds 5 entries: it must fire, as in batch.
   */
  @Test
  public void streamingLateEntryCompletingAnEarlierWindowFires() {
    Rule r = rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(5).build();
    List<LogEvent> in = new ArrayList<>();
    for (int m = 1; m <= 4; m++) {
      in.add(error("e" + m, at(m, 10), "checkout"));
    }
    in.add(error("other", at(9, 40), "other-service"));
    in.add(error("late", at(5, 30), "checkout"));
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), in, 0)).apply(evaluate(rules(r)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(it))
                  .contains("FIRING errors {service=checkout} value=5 10:01-10:06");
              return null;
            });
    p.run().waitUntilFinish();
  }
}
