package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Flap detection, hold and release, incident summaries and renotifyEvery: exact messages (state,
 * alertId, sequence, window end, incident) of a bounded run and of a TestStream run, which must
 * agree.
 */
@RunWith(JUnit4.class)
public class FlappingTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Map<String, List<Alert>> RESULTS = new ConcurrentHashMap<>();

  /** Tumbling 1m windows, 3 errors fire; flapping at 4 changes within 10m. */
  static RuleSet flapRules() {
    return rules(
        rule("flaps", RuleType.THRESHOLD, ERRORS, "service")
            .setWindow(Duration.standardMinutes(1))
            .setPeriod(Duration.standardMinutes(1))
            .setThreshold(3)
            .setFlapCount(4)
            .setFlapWindow(Duration.standardMinutes(10))
            .build());
  }

  /** 3 errors of {@code service} in each of the given minutes. */
  static void burst(List<LogEvent> out, String service, int... minutes) {
    for (int m : minutes) {
      for (int i = 0; i < 3; i++) {
        out.add(error(service + "-" + m + "-" + i, at(m, 10 + i * 10), service));
      }
    }
  }

  static List<Integer> range(int from, int toExclusive) {
    List<Integer> l = new ArrayList<>();
    for (int m = from; m < toExclusive; m++) {
      l.add(m);
    }
    return l;
  }

  static LogEvent tail(int minute) {
    return entry("tail", at(minute, 0), "idle", Severity.INFO, "the end");
  }

  /** Runs the entries in batch and streaming; asserts both agree and returns them. */
  private List<Alert> runBoth(String name, RuleSet rules, List<LogEvent> in) {
    capture(name + "/batch", p.apply("Bounded", batch(in)).apply("EvalBounded", evaluate(rules)));
    capture(
        name + "/streaming",
        p.apply("Streaming", stream(LogEventCoder.of(), in, 1))
            .apply("EvalStreaming", evaluate(rules)));
    p.run().waitUntilFinish();
    List<Alert> batch = RESULTS.get(name + "/batch");
    assertThat(RESULTS.get(name + "/streaming")).containsExactlyElementsIn(batch).inOrder();
    return batch;
  }

  private static void capture(String name, PCollection<Alert> alerts) {
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> l = new ArrayList<>();
              it.forEach(l::add);
              l.sort(
                  Comparator.comparing((Alert a) -> a.group().toString())
                      .thenComparingLong(Alert::windowEndMillis)
                      .thenComparingLong(Alert::sequence));
              RESULTS.put(name, l);
              return null;
            });
  }

  /**
   * "service STATE id#sequence @windowEnd [incident]"; alertIds as letters in order of appearance.
   */
  static List<String> messages(List<Alert> alerts) {
    Map<String, String> ids = new HashMap<>();
    List<String> out = new ArrayList<>();
    for (Alert a : alerts) {
      String id = ids.computeIfAbsent(a.alertId(), x -> String.valueOf((char) ('A' + ids.size())));
      String s =
          a.group().get("service")
              + " "
              + a.state()
              + " "
              + id
              + "#"
              + a.sequence()
              + " @"
              + hhmm(a.windowEndMillis());
      IncidentSummary i = a.incident();
      if (i != null) {
        s +=
            " [first="
                + hhmm(i.firstSeenMillis())
                + " last="
                + hhmm(i.lastSeenMillis())
                + " "
                + i.durationSeconds()
                + "s entries="
                + i.matchingEntries()
                + " peak="
                + AlertText.number(i.peakValue())
                + " notified="
                + i.notifications()
                + " suppressed="
                + i.suppressed()
                + "]";
      }
      out.add(s);
    }
    return out;
  }

  static String hhmm(long millis) {
    return Alert.rfc3339(millis).substring(11, 16);
  }

  @Test
  public void flappingServiceSendsOneFlappingThenItsSettledState() throws Exception {
    List<LogEvent> in = new ArrayList<>();
    // Fires at 10:01, resolves 10:02, fires 10:03, resolves 10:04 (4th change: FLAPPING), fires
    // 10:05 and resolves 10:06 while held; quiet for 10m after: RESOLVED at 10:16.
    burst(in, "checkout", 0, 2, 4);
    in.add(tail(40));
    List<Alert> alerts = runBoth("flap", flapRules(), in);
    assertThat(messages(alerts))
        .containsExactly(
            "checkout FIRING A#1 @10:01",
            "checkout RESOLVED A#2 @10:02 [first=10:01 last=10:01 60s entries=3 peak=3 notified=1"
                + " suppressed=0]",
            "checkout FIRING B#1 @10:03",
            "checkout FLAPPING B#2 @10:04 [first=10:03 last=10:03 60s entries=3 peak=3 notified=1"
                + " suppressed=0]",
            "checkout RESOLVED B#3 @10:16 [first=10:03 last=10:05 780s entries=6 peak=3"
                + " notified=1 suppressed=1]")
        .inOrder();
    Alert flapping = alerts.get(3);
    assertThat(flapping.summary()).contains("flapping: changed state 4 times within 10m");
    assertThat(flapping.firstSeenMillis()).isEqualTo(at(3, 0));
    assertThat(alerts.get(4).summary()).contains("resolved: no change for 10m after flapping");
    for (Alert a : alerts) {
      assertThat(AlertJsonTest.validate(a)).isEmpty();
    }
  }

  @Test
  public void aBoundedInputThatEndsBeforeTheReleaseLeavesTheGroupFlapping() {
    // As above, but the newest entry is at 10:15 (ends before the release at 10:16) in one run
    // and at 10:16 in the other: a release after the input's end is not published.
    List<LogEvent> early = new ArrayList<>();
    burst(early, "checkout", 0, 2, 4);
    early.add(tail(15));
    List<LogEvent> onTime = new ArrayList<>();
    burst(onTime, "checkout", 0, 2, 4);
    onTime.add(tail(16));
    capture("early", p.apply("Early", batch(early)).apply("EvalEarly", evaluate(flapRules())));
    capture("onTime", p.apply("OnTime", batch(onTime)).apply("EvalOnTime", evaluate(flapRules())));
    p.run().waitUntilFinish();
    List<String> flapped =
        List.of(
            "checkout FIRING A#1 @10:01",
            "checkout RESOLVED A#2 @10:02 [first=10:01 last=10:01 60s entries=3 peak=3 notified=1"
                + " suppressed=0]",
            "checkout FIRING B#1 @10:03",
            "checkout FLAPPING B#2 @10:04 [first=10:03 last=10:03 60s entries=3 peak=3 notified=1"
                + " suppressed=0]");
    assertThat(messages(RESULTS.get("early"))).containsExactlyElementsIn(flapped).inOrder();
    List<String> released = new ArrayList<>(flapped);
    released.add(
        "checkout RESOLVED B#3 @10:16 [first=10:03 last=10:05 780s entries=6 peak=3"
            + " notified=1 suppressed=1]");
    assertThat(messages(RESULTS.get("onTime"))).containsExactlyElementsIn(released).inOrder();
  }

  @Test
  public void heldFiringIsReleasedOnceAfterFlapWindowThenRenotifiesAndResolves() {
    List<LogEvent> in = new ArrayList<>();
    // Flaps as above, then fires from 10:07 (held) to 10:25: released as FIRING at 10:17 (10m
    // after its last change), resolved at 10:26; re-notification 30m after 10:17 never comes.
    List<Integer> minutes = new ArrayList<>(List.of(0, 2, 4));
    minutes.addAll(range(6, 25));
    burst(in, "cart", minutes.stream().mapToInt(Integer::intValue).toArray());
    in.add(tail(40));
    List<Alert> alerts = runBoth("release", flapRules(), in);
    assertThat(messages(alerts))
        .containsExactly(
            "cart FIRING A#1 @10:01",
            "cart RESOLVED A#2 @10:02 [first=10:01 last=10:01 60s entries=3 peak=3 notified=1"
                + " suppressed=0]",
            "cart FIRING B#1 @10:03",
            "cart FLAPPING B#2 @10:04 [first=10:03 last=10:03 60s entries=3 peak=3 notified=1"
                + " suppressed=0]",
            "cart FIRING B#3 @10:17",
            // 3 + 3 (10:05) + 19 x 3 (10:07..10:25); held: 10:05, 10:07 and 10:08..10:17;
            // within suppressFor of the release: 10:18..10:25.
            "cart RESOLVED B#4 @10:26 [first=10:03 last=10:25 1380s entries=63 peak=3"
                + " notified=2 suppressed=20]")
        .inOrder();
    assertThat(alerts.get(4).summary()).contains("still firing after flapping: no change for 10m");
    assertThat(alerts.get(4).value()).isEqualTo(3.0);
  }

  @Test
  public void renotifyEveryRepublishesAStillFiringIncidentWithTheNextSequence() {
    RuleSet rules =
        rules(
            rule("steady", RuleType.THRESHOLD, ERRORS, "service")
                .setWindow(Duration.standardMinutes(1))
                .setPeriod(Duration.standardMinutes(1))
                .setThreshold(3)
                .setSuppressFor(Duration.standardMinutes(5))
                .setRenotifyEvery(Duration.standardMinutes(10))
                .build());
    List<LogEvent> in = new ArrayList<>();
    burst(in, "search", range(0, 24).stream().mapToInt(Integer::intValue).toArray());
    in.add(tail(40));
    List<Alert> alerts = runBoth("renotify", rules, in);
    assertThat(messages(alerts))
        .containsExactly(
            "search FIRING A#1 @10:01",
            "search FIRING A#2 @10:11",
            "search FIRING A#3 @10:21",
            // 24 minutes of 3 errors; 10:02..10:10, 10:12..10:20, 10:22..10:24 sent nothing.
            "search RESOLVED A#4 @10:25 [first=10:01 last=10:24 1440s entries=72 peak=3"
                + " notified=3 suppressed=21]")
        .inOrder();
    assertThat(alerts.get(1).firstSeenMillis()).isEqualTo(at(1, 0));
    assertThat(alerts.get(1).incident()).isNull();
  }
}
