package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.AlertSeverity;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** threshold rules: fire, stay quiet just below, suppress, resolve, isolate groups. */
@RunWith(JUnit4.class)
public class ThresholdRuleTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static dev.logalerts.rules.Rule repeatedErrors() {
    return rule("repeated-errors", RuleType.THRESHOLD, ERRORS, "service")
        .setThreshold(5)
        .setSeverity(AlertSeverity.ERROR)
        .setDescription("{group.service} logged {value} errors (limit {threshold})")
        .setRunbook("https://wiki.example.com/runbooks/checkout")
        .build();
  }

  private static List<LogEvent> burst(String service, int n, int minute) {
    List<LogEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(error(service + "-" + minute + "-" + i, at(minute, 5 + i * 5), service));
    }
    return out;
  }

  /** A later entry no rule matches: in a bounded run time runs until the newest entry. */
  static LogEvent tail() {
    return entry("tail", at(60, 0), "idle", dev.logalerts.model.Severity.INFO, "heartbeat");
  }

  @Test
  public void firesWithFullAlertThenResolves() {
    List<LogEvent> in = new ArrayList<>(burst("checkout", 7, 0));
    in.add(entry("info-1", at(0, 30), "checkout", dev.logalerts.model.Severity.INFO, "ok"));
    in.add(tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING repeated-errors {service=checkout} value=7 09:56-10:01",
                      "RESOLVED repeated-errors {service=checkout} value=0 10:01-10:06")
                  .inOrder();
              Alert f = all.get(0);
              Alert r = all.get(1);
              assertThat(f.alertId()).hasLength(32);
              assertThat(r.alertId()).isEqualTo(f.alertId());
              assertThat(f.type()).isEqualTo("threshold");
              assertThat(f.severity()).isEqualTo("error");
              assertThat(f.threshold()).isEqualTo(5.0);
              assertThat(f.firstSeenMillis()).isEqualTo(at(1, 0));
              assertThat(r.firstSeenMillis()).isEqualTo(at(1, 0));
              assertThat(f.summary())
                  .isEqualTo(
                      "repeated-errors: checkout logged 7 matching entries in 5m (threshold 5)");
              assertThat(r.summary())
                  .isEqualTo(
                      "repeated-errors: checkout resolved: logged 0 matching entries in 5m"
                          + " (threshold 5)");
              assertThat(f.description()).isEqualTo("checkout logged 7 errors (limit 5)");
              assertThat(f.runbook()).isEqualTo("https://wiki.example.com/runbooks/checkout");
              assertThat(f.samples()).hasSize(5);
              assertThat(f.samples().get(0).insertId()).isEqualTo("checkout-0-0");
              assertThat(f.samples().get(0).timestamp()).isEqualTo("2026-11-20T10:00:05Z");
              assertThat(f.samples().get(4).insertId()).isEqualTo("checkout-0-4");
              assertThat(f.samples().get(0).templateId()).isNotEmpty();
              assertThat(f.logsExplorerUrl())
                  .isEqualTo(
                      "https://console.cloud.google.com/logs/query;query="
                          + "%28severity%3E%3DERROR%29%20AND%20timestamp%3E%3D%222026-11-20T09%3A56%3A00Z%22"
                          + "%20AND%20timestamp%3C%222026-11-20T10%3A01%3A00Z%22"
                          + ";timeRange=2026-11-20T09%3A56%3A00Z%2F2026-11-20T10%3A01%3A00Z"
                          + "?project=demo-project");
              assertThat(f.attributes())
                  .containsExactly(
                      "rule",
                      "repeated-errors",
                      "severity",
                      "error",
                      "state",
                      "FIRING",
                      "alertId",
                      f.alertId(),
                      "sequence",
                      "1",
                      "group_service",
                      "checkout");
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void justBelowThresholdDoesNotFire() {
    List<LogEvent> in = new ArrayList<>(burst("checkout", 4, 0));
    in.addAll(burst("cart", 4, 3));
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(repeatedErrors())));
    PAssert.that(alerts).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void countsAcrossBucketsOfTheSlidingWindow() {
    // 3 errors at 10:00 and 2 at 10:04 are 5 within the 5m window ending 10:05.
    List<LogEvent> in = new ArrayList<>(burst("checkout", 3, 0));
    in.addAll(burst("checkout", 2, 4));
    in.add(tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(it))
                  .containsExactly(
                      "FIRING repeated-errors {service=checkout} value=5 10:00-10:05",
                      "RESOLVED repeated-errors {service=checkout} value=2 10:01-10:06")
                  .inOrder();
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void suppressesRepeatsAndRenotifiesAfterSuppressFor() {
    // 5 errors every minute for 40 minutes: one FIRING at 10:01, a re-notification 30m later.
    List<LogEvent> in = new ArrayList<>();
    for (int m = 0; m < 40; m++) {
      in.addAll(burst("checkout", 5, m));
    }
    in.add(tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING repeated-errors {service=checkout} value=5 09:56-10:01",
                      "FIRING repeated-errors {service=checkout} value=25 10:26-10:31",
                      "RESOLVED repeated-errors {service=checkout} value=0 10:40-10:45")
                  .inOrder();
              assertThat(all.get(1).alertId()).isEqualTo(all.get(0).alertId());
              assertThat(all.get(2).alertId()).isEqualTo(all.get(0).alertId());
              assertThat(all.get(1).firstSeenMillis()).isEqualTo(at(1, 0));
              // One incident's messages are numbered in the order sent.
              assertThat(all.stream().map(Alert::sequence).toList())
                  .containsExactly(1L, 2L, 3L)
                  .inOrder();
              assertThat(all.get(1).attributes()).containsEntry("sequence", "2");
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void resolveAfterNeedsConsecutiveWindowsBelow() {
    dev.logalerts.rules.Rule r =
        repeatedErrors().toBuilder()
            .setWindow(Duration.standardMinutes(1))
            .setResolveAfter(3)
            .build();
    // fires at 10:01; 10:02 below; 10:03 holds again (same incident); then 3 below → RESOLVED
    // 10:06.
    List<LogEvent> in = new ArrayList<>(burst("checkout", 5, 0));
    in.addAll(burst("checkout", 5, 2));
    in.add(tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(r)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING repeated-errors {service=checkout} value=5 10:00-10:01",
                      "RESOLVED repeated-errors {service=checkout} value=0 10:05-10:06")
                  .inOrder();
              assertThat(all.get(1).alertId()).isEqualTo(all.get(0).alertId());
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void groupsAreIsolated() {
    List<LogEvent> in = new ArrayList<>(burst("checkout", 5, 0));
    in.addAll(burst("cart", 4, 0));
    in.addAll(burst("search", 6, 10));
    in.add(tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING repeated-errors {service=checkout} value=5 09:56-10:01",
                      "RESOLVED repeated-errors {service=checkout} value=0 10:01-10:06",
                      "FIRING repeated-errors {service=search} value=6 10:06-10:11",
                      "RESOLVED repeated-errors {service=search} value=0 10:11-10:16")
                  .inOrder();
              assertThat(all.get(0).alertId()).isNotEqualTo(all.get(2).alertId());
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void boundedRunEndsAtTheNewestEntry() {
    // Without later entries, a bounded run's time ends at 10:00:25: the incident stays open.
    PCollection<Alert> alerts =
        p.apply(batch(burst("checkout", 5, 0))).apply(evaluate(rules(repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(it))
                  .containsExactly("FIRING repeated-errors {service=checkout} value=5 09:56-10:01");
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void streamingFiresOnceWithLateDataWithinLateness() {
    // 5 on time at 10:00 → FIRING at 10:01. Then 2 late entries for 10:00 arrive after the
    // watermark passed 10:03: counted (RESOLVED value reflects them), but no second FIRING.
    List<LogEvent> in = new ArrayList<>(burst("checkout", 5, 0));
    in.add(error("later", at(3, 10), "other-service"));
    in.add(error("late-1", at(0, 50), "checkout"));
    in.add(error("late-2", at(0, 55), "checkout"));
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), in, 0)).apply(evaluate(rules(repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING repeated-errors {service=checkout} value=5 09:56-10:01",
                      "RESOLVED repeated-errors {service=checkout} value=0 10:01-10:06")
                  .inOrder();
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void lateDataCompletesAWindowAndFiresOnce() {
    // 4 on time, 1 late for the same bucket: the late pane completes the window → one FIRING.
    List<LogEvent> in = new ArrayList<>(burst("checkout", 4, 0));
    in.add(error("later", at(2, 10), "other-service"));
    in.add(error("late-1", at(0, 55), "checkout"));
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), in, 0)).apply(evaluate(rules(repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING repeated-errors {service=checkout} value=5 09:56-10:01",
                      "RESOLVED repeated-errors {service=checkout} value=0 10:01-10:06")
                  .inOrder();
              return null;
            });
    p.run().waitUntilFinish();
  }
}
