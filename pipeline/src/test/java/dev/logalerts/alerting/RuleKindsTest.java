package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.SpikeDirection;
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

/** ratio, latency, absence, spike and new-template rules with exact expected alerts. */
@RunWith(JUnit4.class)
public class RuleKindsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static void schemaValid(List<Alert> alerts) {
    for (Alert a : alerts) {
      try {
        assertThat(AlertJsonTest.validate(a)).isEmpty();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  private static LogEvent tail() {
    return entry("tail", at(90, 0), "idle", Severity.INFO, "heartbeat");
  }

  // ------------------------------------------------------------------ ratio

  static dev.logalerts.rules.Rule errorRatio() {
    return rule("error-ratio", RuleType.RATIO, HTTP, "service")
        .setNumerator(HTTP_5XX)
        .setThreshold(0.1)
        .setMinCount(10)
        .build();
  }

  /** n requests at 10:00, the first `errors` of them 5xx. */
  private static List<LogEvent> requests(
      String service, int n, int errors, int minute, double latency) {
    List<LogEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          request(
              service + "-" + minute + "-" + i,
              at(minute, 1 + i),
              service,
              i < errors ? 503 : 200,
              latency));
    }
    return out;
  }

  @Test
  public void ratioFiresAboveThresholdWithEnoughRequestsAndResolves() {
    List<LogEvent> in = new ArrayList<>(requests("checkout", 20, 3, 0, 0.1)); // 15% of 20: fires
    in.addAll(requests("cart", 20, 1, 0, 0.1)); // 5%: below threshold
    in.addAll(requests("search", 9, 9, 0, 0.1)); // 100% but below minCount 10
    in.addAll(requests("payments", 20, 2, 0, 0.1)); // exactly 10%: fires (>=)
    in.add(tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(errorRatio())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING error-ratio {service=checkout} value=0.15 09:56-10:01",
                      "FIRING error-ratio {service=payments} value=0.1 09:56-10:01",
                      "RESOLVED error-ratio {service=checkout} value=0 10:01-10:06",
                      "RESOLVED error-ratio {service=payments} value=0 10:01-10:06")
                  .inOrder();
              Alert f = all.get(0);
              assertThat(f.summary())
                  .isEqualTo(
                      "error-ratio: checkout 15% of 20 matching entries hit the numerator in 5m"
                          + " (threshold 10%): 3 of 20");
              assertThat(f.samples().get(0).message()).isEqualTo("GET /api/cart 503");
              assertThat(f.samples().get(2).insertId()).isEqualTo("checkout-0-2");
              assertThat(f.samples().get(3).message()).isEqualTo("GET /api/cart 200");
              assertThat(all.get(2).alertId()).isEqualTo(f.alertId());
              schemaValid(all);
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** A RESOLVED because traffic fell below minCount says so: its own ratio is still 100%. */
  @Test
  public void ratioResolvedForTooFewRequestsSaysSo() {
    List<LogEvent> in = new ArrayList<>(requests("checkout", 20, 20, 0, 0.1));
    in.addAll(requests("checkout", 5, 5, 3, 0.1)); // still failing, but 5 < minCount 10
    in.add(tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(errorRatio())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING error-ratio {service=checkout} value=1 09:56-10:01",
                      "RESOLVED error-ratio {service=checkout} value=1 10:01-10:06")
                  .inOrder();
              assertThat(all.get(0).summary()).doesNotContain("minCount");
              assertThat(all.get(1).summary())
                  .isEqualTo(
                      "error-ratio: checkout resolved: 100% of 5 matching entries hit the"
                          + " numerator in 5m (threshold 10%): 5 of 5; fewer than minCount (10)"
                          + " matching entries");
              return null;
            });
    p.run().waitUntilFinish();
  }

  // ------------------------------------------------------------------ latency

  @Test
  public void latencyPercentileFromSketch() {
    dev.logalerts.rules.Rule r =
        rule("slow-requests", RuleType.LATENCY, HTTP, "service")
            .setPercentile(95)
            .setThreshold(1.5)
            .setMinCount(5)
            .build();
    List<LogEvent> in = new ArrayList<>(requests("checkout", 18, 0, 0, 0.1));
    in.addAll(requests("checkout", 2, 0, 1, 3.0)); // p95 of 20 = 3s: fires at 10:02
    in.addAll(requests("cart", 19, 0, 0, 0.1));
    in.addAll(requests("cart", 1, 0, 1, 3.0)); // p95 of 20 = 0.1s: quiet
    in.addAll(requests("search", 4, 0, 0, 9.0)); // below minCount 5
    in.add(tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(r)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING slow-requests {service=checkout} value=3 09:57-10:02",
                      "RESOLVED slow-requests {service=checkout} value=3 10:01-10:06")
                  .inOrder();
              // How many requests were slow, counted exactly, not only the percentile.
              assertThat(all.get(0).summary())
                  .isEqualTo(
                      "slow-requests: checkout p95 latency 3s over 20 requests in 5m"
                          + " (threshold 1.5s): 2 at or above it");
              return null;
            });
    p.run().waitUntilFinish();
  }

  // ------------------------------------------------------------------ absence

  static dev.logalerts.rules.Rule heartbeat() {
    return rule("batch-heartbeat", RuleType.ABSENCE, ALL, "service")
        .setExpectWithin(Duration.standardMinutes(10))
        .setForgetAfter(Duration.standardHours(1))
        .build();
  }

  private static List<LogEvent> heartbeats() {
    List<LogEvent> in = new ArrayList<>();
    in.add(entry("a1", at(0, 0), "job-a", Severity.INFO, "job a alive"));
    in.add(entry("a2", at(5, 0), "job-a", Severity.INFO, "job a alive"));
    in.add(entry("a3", at(30, 0), "job-a", Severity.INFO, "job a alive"));
    in.add(entry("a4", at(38, 0), "job-a", Severity.INFO, "job a alive"));
    in.add(entry("b1", at(0, 0), "job-b", Severity.INFO, "job b alive"));
    in.add(entry("c1", at(35, 0), "job-c", Severity.INFO, "job c alive"));
    return in;
  }

  @Test
  public void absenceInBatchFiresOnGapsButNotAtEndOfInput() {
    PCollection<Alert> alerts = p.apply(batch(heartbeats())).apply(evaluate(rules(heartbeat())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING batch-heartbeat {service=job-b} value=600 10:00-10:10",
                      "FIRING batch-heartbeat {service=job-a} value=600 10:05-10:15",
                      "RESOLVED batch-heartbeat {service=job-a} value=1500 10:05-10:30")
                  .inOrder();
              Alert fa = all.get(1);
              assertThat(all.get(2).alertId()).isEqualTo(fa.alertId());
              assertThat(fa.summary())
                  .isEqualTo(
                      "batch-heartbeat: job-a no matching entry for 10m since 2026-11-20T10:05:00Z"
                          + " (expected within 10m)");
              assertThat(all.get(2).summary())
                  .isEqualTo(
                      "batch-heartbeat: job-a resolved: matching entries again after a gap of 25m");
              assertThat(fa.threshold()).isEqualTo(600.0);
              assertThat(fa.samples().get(0).insertId()).isEqualTo("a2");
              schemaValid(all);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void absenceInStreamingUsesTheWatermark() {
    List<LogEvent> in = new ArrayList<>(heartbeats());
    in.sort(java.util.Comparator.comparingLong(LogEvent::timestampNanos));
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), in, 0)).apply(evaluate(rules(heartbeat())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              // Same as batch up to the newest entry; then the stream's end is real silence:
              // everyone fires, re-notifies after suppressFor (30m), and is forgotten after 1h,
              // its open incident closed by a RESOLVED that says so.
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING batch-heartbeat {service=job-b} value=600 10:00-10:10",
                      "FIRING batch-heartbeat {service=job-a} value=600 10:05-10:15",
                      "RESOLVED batch-heartbeat {service=job-a} value=1500 10:05-10:30",
                      "FIRING batch-heartbeat {service=job-b} value=2400 10:00-10:40",
                      "FIRING batch-heartbeat {service=job-c} value=600 10:35-10:45",
                      "FIRING batch-heartbeat {service=job-a} value=600 10:38-10:48",
                      "RESOLVED batch-heartbeat {service=job-b} value=3600 10:00-11:00",
                      "FIRING batch-heartbeat {service=job-c} value=2400 10:35-11:15",
                      "FIRING batch-heartbeat {service=job-a} value=2400 10:38-11:18",
                      "RESOLVED batch-heartbeat {service=job-c} value=3600 10:35-11:35",
                      "RESOLVED batch-heartbeat {service=job-a} value=3600 10:38-11:38")
                  .inOrder();
              Alert forgotten = all.get(6);
              assertThat(forgotten.summary())
                  .isEqualTo(
                      "batch-heartbeat: job-b resolved: no matching entry for 1h since"
                          + " 2026-11-20T10:00:00Z: the group is forgotten (forgetAfter 1h), not"
                          + " back");
              assertThat(forgotten.alertId()).isEqualTo(all.get(3).alertId());
              assertThat(java.util.Objects.requireNonNull(forgotten.incident()).notifications())
                  .isEqualTo(2);
              return null;
            });
    p.run().waitUntilFinish();
  }

  // ------------------------------------------------------------------ spike

  @Test
  public void spikeUpAndDownNeedHistory() {
    dev.logalerts.rules.Rule r =
        rule("traffic-spike", RuleType.SPIKE, HTTP, "service")
            .setWindow(Duration.standardMinutes(1))
            .setBaseline(Duration.standardMinutes(5))
            .setFactor(3)
            .setMinCount(10)
            .setDirection(SpikeDirection.BOTH)
            .setFlapCount(0) // four changes within the hour: this test is about spikes, not flaps
            .build();
    List<LogEvent> in = new ArrayList<>();
    for (int m = 0; m <= 20; m++) {
      int n = m == 10 ? 40 : m == 15 ? 1 : 10;
      in.addAll(requests("api", n, 0, m, 0.1));
    }
    in.addAll(requests("newbie", 40, 0, 5, 0.1)); // a burst without history: quiet
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(r)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING traffic-spike {service=api} value=40 10:10-10:11",
                      "RESOLVED traffic-spike {service=api} value=10 10:11-10:12",
                      "FIRING traffic-spike {service=api} value=1 10:15-10:16",
                      "RESOLVED traffic-spike {service=api} value=10 10:16-10:17")
                  .inOrder();
              assertThat(all.get(0).threshold()).isEqualTo(30.0);
              assertThat(all.get(0).summary())
                  .isEqualTo(
                      "traffic-spike: api spiked to 40 matching entries in 1m vs a baseline of 10"
                          + " per 1m (factor 3)");
              assertThat(all.get(2).summary())
                  .isEqualTo(
                      "traffic-spike: api dropped to 1 matching entry in 1m vs a baseline of 16"
                          + " per 1m (factor 3)");
              assertThat(all.get(2).alertId()).isNotEqualTo(all.get(0).alertId());
              assertThat(all.get(3).alertId()).isEqualTo(all.get(2).alertId());
              // Each RESOLVED is told in its incident's direction, with that side's threshold.
              assertThat(all.get(1).summary()).contains("resolved: spiked to 10 ");
              assertThat(all.get(1).threshold()).isGreaterThan(10.0);
              assertThat(all.get(3).summary()).contains("resolved: dropped to 10 ");
              assertThat(all.get(3).threshold()).isLessThan(10.0);
              schemaValid(all);
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** Requests per service, a 1-minute window against 5 minutes before, 3x either way. */
  private static dev.logalerts.rules.Rule trafficBothWays() {
    return rule("traffic", RuleType.SPIKE, HTTP, "service")
        .setWindow(Duration.standardMinutes(1))
        .setBaseline(Duration.standardMinutes(5))
        .setFactor(3)
        .setMinCount(5)
        .setDirection(SpikeDirection.BOTH)
        .setFlapCount(0)
        .build();
  }

  /**
   * A surge that outlasts the baseline (a sale; Slack's return-to-work surge of 2021-01-04,
   * https://theincidentchallenge.com/famous-production-incidents/slack-2021-outage) resolves once
   * the baseline holds it, and a partial outage once the baseline has sunk to it; but while the
   * baseline still holds that traffic, the usual traffic after it is its end: not a drop from the
   * surge's level, not a spike over the outage's. Before, each end paged a second incident the
   * other way (shop: a drop to 10 against 40 at 10:25, db: a spike to 30 over 6 at 10:25).
   */
  @Test
  public void spikeBothDoesNotReportTheEndOfAnIncidentAsTheOtherDirection() {
    dev.logalerts.rules.Rule r = trafficBothWays();
    List<LogEvent> in = new ArrayList<>();
    for (int m = 0; m <= 40; m++) {
      boolean during = m >= 10 && m < 25;
      in.addAll(requests("shop", during ? 40 : 10, 0, m, 0.1)); // 4x from 10:10 to 10:25
      in.addAll(requests("db", during ? 6 : 30, 0, m, 0.1)); // 1/5 from 10:10 to 10:25
    }
    in.addAll(requests("cart", 10, 0, 0, 0.1)); // after a spike that settled, a drop is a drop
    for (int m = 1; m <= 40; m++) {
      in.addAll(requests("cart", m == 5 ? 40 : m == 15 ? 1 : 10, 0, m, 0.1));
    }
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(r)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING traffic {service=cart} value=40 10:05-10:06",
                      "RESOLVED traffic {service=cart} value=10 10:06-10:07",
                      "FIRING traffic {service=cart} value=1 10:15-10:16",
                      "RESOLVED traffic {service=cart} value=10 10:16-10:17",
                      "FIRING traffic {service=db} value=6 10:10-10:11",
                      "RESOLVED traffic {service=db} value=6 10:13-10:14",
                      "FIRING traffic {service=shop} value=40 10:10-10:11",
                      "RESOLVED traffic {service=shop} value=40 10:11-10:12");
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * A service goes silent for longer than the baseline and comes back at its former rate, as the
   * resources of europe-west2-a did after 1h24m unreachable on 2020-12-09
   * (http://status.cloud.google.com/incidents/qRpmq9arsrCV7xWdfftF): a rule watching both
   * directions reports the drop; the return, measured against the baseline the outage emptied, is
   * the end of that drop and not a spike.
   */
  @Test
  public void spikeBothDoesNotReportTrafficComingBackAsASpike() {
    dev.logalerts.rules.Rule r = trafficBothWays();
    List<LogEvent> in = new ArrayList<>();
    for (int m = 0; m <= 30; m++) {
      if (m < 8 || m > 15) { // silent from 10:08 to 10:16
        in.addAll(requests("api", 10, 0, m, 0.1));
      }
    }
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(r)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING traffic {service=api} value=0 10:08-10:09",
                      "RESOLVED traffic {service=api} value=0 10:11-10:12")
                  .inOrder();
              assertThat(all.get(1).summary()).contains("baseline below minCount (5)");
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * Without minCount a drop to zero ends when the baseline has emptied, while the service is still
   * down: its RESOLVED says so rather than only "dropped to 0 vs a baseline of 0".
   */
  @Test
  public void spikeDownWithoutMinCountSaysTheBaselineEmptied() {
    dev.logalerts.rules.Rule r =
        rule("traffic", RuleType.SPIKE, HTTP, "service")
            .setWindow(Duration.standardMinutes(1))
            .setBaseline(Duration.standardMinutes(5))
            .setFactor(3)
            .setDirection(SpikeDirection.DOWN)
            .build();
    List<LogEvent> in = new ArrayList<>();
    for (int m = 0; m < 8; m++) { // silent from 10:08
      in.addAll(requests("api", 10, 0, m, 0.1));
    }
    in.add(tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(r)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING traffic {service=api} value=0 10:08-10:09",
                      "RESOLVED traffic {service=api} value=0 10:13-10:14")
                  .inOrder();
              assertThat(all.get(1).summary())
                  .endsWith(
                      "resolved: dropped to 0 matching entries in 1m vs a baseline of 0 per 1m"
                          + " (factor 3); baseline empty");
              return null;
            });
    p.run().waitUntilFinish();
  }

  // ------------------------------------------------------------------ new-template

  static dev.logalerts.rules.Rule newErrors() {
    return rule("new-errors", RuleType.NEW_TEMPLATE, ERRORS, "service")
        .setLearnFor(Duration.standardMinutes(30))
        .build();
  }

  static List<LogEvent> templateEntries() {
    List<LogEvent> in = new ArrayList<>();
    in.add(entry("e1", at(0, 0), "checkout", Severity.ERROR, "payment failed for order 1"));
    in.add(entry("e2", at(10, 0), "checkout", Severity.ERROR, "timeout calling db after 30 ms"));
    in.add(entry("e3", at(40, 0), "checkout", Severity.ERROR, "payment failed for order 2"));
    in.add(
        entry(
            "e4",
            at(45, 0),
            "checkout",
            Severity.ERROR,
            "NullPointerException in handler 7 secret=hunter"));
    in.add(
        entry(
            "e5",
            at(45, 30),
            "checkout",
            Severity.ERROR,
            "NullPointerException in handler 8 secret=hunter"));
    in.add(
        entry(
            "e6",
            at(50, 0),
            "checkout",
            Severity.ERROR,
            "NullPointerException in handler 9 secret=hunter"));
    in.add(entry("e7", at(55, 0), "checkout", Severity.ERROR, "disk full on node 3"));
    in.add(
        entry(
            "e8",
            at(45, 0),
            "cart",
            Severity.ERROR,
            "NullPointerException in handler 9 secret=hunter"));
    return in;
  }

  private static void assertNewTemplates(Iterable<Alert> it) {
    List<Alert> all = sorted(it);
    assertThat(brief(all))
        .containsExactly(
            "FIRING new-errors {service=checkout} value=2 10:45-10:46",
            "FIRING new-errors {service=checkout} value=1 10:55-10:56")
        .inOrder();
    Alert npe = all.get(0);
    assertThat(npe.template())
        .isEqualTo("NullPointerException in handler <*> secret=[REDACTED:secret]");
    assertThat(npe.templateId())
        .isEqualTo(MINER.apply("NullPointerException in handler 7 secret=hunter").templateId());
    assertThat(npe.alertId())
        .isEqualTo(GroupKeys.stableId("new-errors", "new-errors\u001echeckout", npe.templateId()));
    assertThat(npe.firstSeenMillis()).isEqualTo(at(45, 0));
    assertThat(npe.samples()).hasSize(2);
    assertThat(npe.samples().get(0).message())
        .isEqualTo("NullPointerException in handler 7 secret=[REDACTED:secret]");
    assertThat(npe.summary())
        .isEqualTo(
            "new-errors: checkout new template \"NullPointerException in handler <*>"
                + " secret=[REDACTED:secret]\" seen 2 times in 1m");
    assertThat(all.get(1).template()).isEqualTo("disk full on node <*>");
    schemaValid(all);
  }

  @Test
  public void newTemplateFiresOncePerTemplateAfterLearning() {
    PCollection<Alert> alerts =
        p.apply(batch(templateEntries())).apply(evaluate(rules(newErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertNewTemplates(it);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void newTemplateStreamingOutOfOrderGivesTheSameAlerts() {
    List<LogEvent> in = new ArrayList<>(templateEntries());
    java.util.Collections.reverse(in.subList(3, 7)); // e7..e4 arrive newest first
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), in, 12)).apply(evaluate(rules(newErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertNewTemplates(it);
              return null;
            });
    p.run().waitUntilFinish();
  }
}
