package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import java.io.Serializable;
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
 * Deadline rules over time: groups not listed in expectedGroups, a late entry that was on time, and
 * re-notification at most every renotifyEvery (through LifecycleFn with a simulated streaming
 * watermark, and the whole transform in batch).
 */
@RunWith(JUnit4.class)
public class DeadlineLifecycleTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  private static final long MIN = 60_000L;

  static Rule deadline(String extra) {
    return RulesLoader.parse(
            "rules:\n"
                + "  - name: export-done\n"
                + "    type: deadline\n"
                + "    filter: 'textPayload:\"export succeeded\"'\n"
                + "    groupBy: service\n"
                + extra,
            "inline")
        .rule("export-done")
        .toBuilder()
        .setFilter(ALL)
        .build();
  }

  /** One entry at {@code ts}, in its 1-minute bucket. */
  static BucketAgg bucketAt(long ts) {
    BucketAgg b = new BucketAgg();
    b.add(
        new Observation(
            ts * 1_000_000L,
            "id" + ts,
            "export succeeded",
            "p",
            "k8s_container",
            "stdout",
            false,
            Double.NaN,
            Double.NaN,
            "",
            "",
            MIN));
    b.endMillis = Math.floorDiv(ts, MIN) * MIN + MIN;
    b.periodMillis = MIN;
    return b;
  }

  /** A check of the alerts a batch run made; serializable for PAssert. */
  interface AlertsCheck extends Serializable {
    void accept(Iterable<Alert> alerts);
  }

  /**
   * Runs {@code r} in batch over {@code in}, its filter matching the export's runs, and applies
   * {@code check} to the alerts.
   */
  private void checkBatch(Rule r, List<LogEvent> in, AlertsCheck check) {
    PCollection<Alert> alerts =
        p.apply(batch(in))
            .apply(
                evaluate(
                    rules(
                        r.toBuilder()
                            .setFilter(
                                filter("export", e -> e.message().contains("export succeeded")))
                            .build())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              check.accept(it);
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** "STATE yyyy-MM-ddTHH:mm" of each alert (its window end), in time order. */
  static List<String> dated(Iterable<Alert> alerts) {
    return sorted(alerts).stream()
        .map(a -> a.state() + " " + Alert.rfc3339(a.windowEndMillis()).substring(0, 16))
        .collect(Collectors.toList());
  }

  static Harness harness(Rule r) {
    return Harness.of(r, Duration.standardMinutes(60));
  }

  static List<String> brief(Harness h) {
    return h.alerts.stream()
        .map(a -> a.state() + " " + Alert.rfc3339(a.windowEndMillis()).substring(11, 16))
        .collect(Collectors.toList());
  }

  /**
   * Hourly deadline. The group's entry for the 12:00 deadline was logged at 11:59:30 but reaches
   * the job late (within the allowed lateness), after the 12:00 deadline was checked: the FIRING at
   * 12:00 is unavoidable, but the entry shows the deadline was met, so the incident must not stay
   * open (as an absence rule's late entry resolves its incident).
   */
  @Test
  public void lateEntryBeforeTheDeadlineResolvesTheIncident() {
    Rule r = deadline("    schedule: '0 * * * *'\n");
    String key = "export-done\u001eexport";
    Harness h = harness(r);
    h.bucket(key, bucketAt(T0 + 10 * MIN)); // 10:10: on time for 11:00
    h.advanceTo(T0 + 2 * 60 * MIN + 30_000); // watermark 12:00:30
    assertThat(brief(h)).containsExactly("FIRING 12:00");
    h.bucket(key, bucketAt(T0 + 2 * 60 * MIN - 30_000)); // 11:59:30, late
    h.advanceTo(T0 + 2 * 60 * MIN + 59 * MIN); // 12:59, before the next deadline
    assertThat(brief(h)).contains("RESOLVED 12:00");
  }

  /**
   * A deadline rule without expectedGroups (batch, the whole transform): "every other group from
   * its first matching entry". The export job reports at 10:10 (on time for 11:00), then not before
   * 13:30: FIRING at 12:00, re-notified at 13:00, RESOLVED at 13:30; that run was 13:00's, and none
   * follows by 14:00: FIRING again.
   */
  @Test
  public void groupSeenOnceIsTrackedWithoutExpectedGroups() {
    Rule r = deadline("    schedule: '0 * * * *'\n");
    List<LogEvent> in = new ArrayList<>();
    in.add(entry("e1", T0 + 10 * MIN, "export", Severity.INFO, "export succeeded"));
    in.add(entry("e2", T0 + 210 * MIN, "export", Severity.INFO, "export succeeded"));
    in.add(entry("tail", T0 + 240 * MIN, "web", Severity.INFO, "GET /")); // time runs to 14:00
    checkBatch(
        r,
        in,
        it -> {
          List<String> got = new ArrayList<>();
          for (Alert a : sorted(it)) {
            got.add(a.state() + " " + Alert.rfc3339(a.windowEndMillis()).substring(11, 16));
          }
          assertThat(got)
              .containsExactly("FIRING 12:00", "FIRING 13:00", "RESOLVED 13:30", "FIRING 14:00")
              .inOrder();
        });
  }

  /**
   * A weekly job without expectedGroups (Fridays 10:00; T0 is a Friday): its run at 10:10 serves
   * the next Friday's deadline, and then it stops. Forgetting the group 7 days after its last run
   * would drop it an hour before the deadline it misses, and a weekly job that stops would never be
   * reported: the miss fires, and the run the day after resolves it.
   */
  @Test
  public void weeklyJobThatStopsIsReportedBeforeItsGroupIsForgotten() {
    long day = 24 * 60 * MIN;
    Rule r = deadline("    schedule: '0 10 * * 5'\n");
    List<LogEvent> in = new ArrayList<>();
    in.add(entry("e1", T0 + 10 * MIN, "export", Severity.INFO, "export succeeded"));
    in.add(entry("e2", T0 + 15 * day, "export", Severity.INFO, "export succeeded"));
    for (int d = 1; d <= 16; d++) {
      in.add(entry("web" + d, T0 + d * day, "web", Severity.INFO, "GET /"));
    }
    checkBatch(
        r,
        in,
        it -> {
          List<String> got = dated(it);
          assertThat(got)
              .containsExactly("FIRING 2026-12-04T10:00", "RESOLVED 2026-12-05T10:00")
              .inOrder();
        });
  }

  /**
   * A daily job without expectedGroups runs once (Friday 05:50) and never again: FIRING at
   * Saturday's 06:00, re-notified each day, and when the group is forgotten (7 days after its last
   * run) its incident is closed with a RESOLVED that says so, as an absence rule's is; before, the
   * page stayed open for good.
   */
  @Test
  public void aForgottenGroupClosesItsOpenIncident() {
    long day = 24 * 60 * MIN;
    Rule r = deadline("    schedule: '0 6 * * *'\n");
    List<LogEvent> in = new ArrayList<>();
    in.add(entry("e1", T0 - 4 * 60 * MIN - 10 * MIN, "export", Severity.INFO, "export succeeded"));
    for (int d = 1; d <= 10; d++) {
      in.add(entry("web" + d, T0 + d * day, "web", Severity.INFO, "GET /"));
    }
    checkBatch(
        r,
        in,
        it -> {
          List<Alert> all = sorted(it);
          assertThat(dated(all))
              .containsExactly(
                  "FIRING 2026-11-21T06:00",
                  "FIRING 2026-11-22T06:00",
                  "FIRING 2026-11-23T06:00",
                  "FIRING 2026-11-24T06:00",
                  "FIRING 2026-11-25T06:00",
                  "FIRING 2026-11-26T06:00",
                  "RESOLVED 2026-11-27T05:50")
              .inOrder();
          Alert last = all.get(all.size() - 1);
          assertThat(last.summary()).contains("the group is forgotten");
          assertThat(last.alertId()).isEqualTo(all.get(0).alertId());
        });
  }

  /**
   * The weekly job of {@link #weeklyJobThatStopsIsReportedBeforeItsGroupIsForgotten} never comes
   * back: FIRING at the deadline it missed, re-notified at the next one, then forgotten with a
   * RESOLVED that says so.
   */
  @Test
  public void weeklyJobThatNeverComesBackIsForgottenAfterItsNextDeadline() {
    long day = 24 * 60 * MIN;
    Rule r = deadline("    schedule: '0 10 * * 5'\n");
    List<LogEvent> in = new ArrayList<>();
    in.add(entry("e1", T0 + 10 * MIN, "export", Severity.INFO, "export succeeded"));
    for (int d = 1; d <= 30; d++) {
      in.add(entry("web" + d, T0 + d * day, "web", Severity.INFO, "GET /"));
    }
    checkBatch(
        r,
        in,
        it -> {
          List<String> got = dated(it);
          assertThat(got)
              .containsExactly(
                  "FIRING 2026-12-04T10:00", "FIRING 2026-12-11T10:00", "RESOLVED 2026-12-11T10:00")
              .inOrder();
        });
  }

  /**
   * One run serves one deadline: with the default lookback (since the previous deadline), the late
   * run at 12:30 that resolved the missed 12:00 is not also 13:00's, so 13:00 fires; and the run at
   * 13:20 that resolved that is not 14:00's. With an explicit lookback, any run inside it counts.
   */
  @Test
  public void aLateRunThatResolvedADeadlineDoesNotServeTheNext() {
    List<LogEvent> in = new ArrayList<>();
    in.add(entry("e0", T0 + 10 * MIN, "export", Severity.INFO, "export succeeded"));
    in.add(entry("e1", T0 + 150 * MIN, "export", Severity.INFO, "export succeeded"));
    in.add(entry("e2", T0 + 200 * MIN, "export", Severity.INFO, "export succeeded"));
    in.add(entry("tail", T0 + 245 * MIN, "web", Severity.INFO, "GET /"));
    dev.logalerts.filter.CompiledFilter export =
        filter("export", e -> e.message().contains("export succeeded"));
    Rule byDefault = deadline("    schedule: '0 * * * *'\n").toBuilder().setFilter(export).build();
    Rule withLookback =
        deadline("    schedule: '0 * * * *'\n    lookback: 1h\n").toBuilder()
            .setName("export-lookback")
            .setFilter(export)
            .build();
    PCollection<Alert> alerts =
        p.apply(batch(in)).apply(evaluate(RuleSet.of(List.of(byDefault, withLookback), "t")));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<String> got = new ArrayList<>();
              for (Alert a : sorted(it)) {
                got.add(
                    a.rule()
                        + " "
                        + a.state()
                        + " "
                        + Alert.rfc3339(a.windowEndMillis()).substring(11, 16));
              }
              assertThat(got)
                  .containsExactly(
                      "export-done FIRING 12:00",
                      "export-done RESOLVED 12:30",
                      "export-done FIRING 13:00",
                      "export-done RESOLVED 13:20",
                      "export-done FIRING 14:00",
                      "export-lookback FIRING 12:00",
                      "export-lookback RESOLVED 12:30");
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * A deadline every 10 minutes: a missing group is re-published at most every renotifyEvery (1h
   * here; the others are counted as suppressed in the incident), and at most every suppressFor
   * (30m) without it.
   */
  @Test
  public void missedDeadlinesAreRepublishedAtMostEveryRenotifyInterval() {
    String key = "export-done\u001eexport";
    Harness h = harness(deadline("    schedule: '*/10 * * * *'\n    renotifyEvery: 1h\n"));
    h.bucket(key, bucketAt(T0 + 5 * MIN)); // 10:05: on time for 10:10
    h.advanceTo(T0 + 85 * MIN); // 11:25
    assertThat(brief(h)).containsExactly("FIRING 10:20", "FIRING 11:20").inOrder();
    h.bucket(key, bucketAt(T0 + 86 * MIN)); // back at 11:26
    h.advanceTo(T0 + 89 * MIN); // 11:29: that run was 11:20's, 11:30 needs its own
    Alert resolved = h.alerts.get(h.alerts.size() - 1);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.sequence()).isEqualTo(3);
    assertThat(resolved.incident().suppressed()).isEqualTo(5); // 10:30 … 11:10

    Harness byDefault = harness(deadline("    schedule: '*/10 * * * *'\n"));
    byDefault.bucket(key, bucketAt(T0 + 5 * MIN));
    byDefault.advanceTo(T0 + 85 * MIN);
    assertThat(brief(byDefault))
        .containsExactly("FIRING 10:20", "FIRING 10:50", "FIRING 11:20")
        .inOrder();
  }
}
