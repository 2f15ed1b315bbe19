package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A bounded run (backfill, replay, local run) over logs of a writer whose clock runs ahead: a host
 * in Europe/Madrid whose local times are read as UTC, two hours ahead of when Cloud Logging
 * received them, as Fluent Bit reads a time without a zone
 * (https://github.com/ricsanfre/pi-cluster/issues/5,
 * https://github.com/fluent/fluent-bit/issues/2792). Time must not end two hours ahead for every
 * group: the others are not absent meanwhile.
 */
@RunWith(JUnit4.class)
public class ClockAheadTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final long SECOND = 1000;
  private static final long AHEAD = 2 * 3600 * SECOND;

  private static dev.logalerts.rules.Rule silent() {
    return rule("silent", RuleType.ABSENCE, ALL, "service")
        .setExpectWithin(Duration.standardMinutes(10))
        .setForgetAfter(Duration.standardDays(1))
        .build();
  }

  /** An entry written at {@code real} and received a second later, stamped {@code skew} ahead. */
  private static LogEvent logged(String id, long real, long skew, String service, Severity sev) {
    LogEvent e = entry(id, real + skew, service, sev, "GET /api 200 " + id);
    return e.toBuilder().setReceiveTimestampNanos((real + SECOND) * 1_000_000L).build();
  }

  /** Every 30 s for {@code minutes}: orders on time, gateway two hours ahead. */
  private static List<LogEvent> traffic(int ordersMinutes, int gatewayMinutes) {
    List<LogEvent> in = new ArrayList<>();
    for (int i = 0; i < ordersMinutes * 2; i++) {
      in.add(logged("o" + i, at(0, 0) + i * 30 * SECOND, 0, "orders", Severity.INFO));
    }
    for (int i = 0; i < gatewayMinutes * 2; i++) {
      in.add(logged("g" + i, at(0, 0) + i * 30 * SECOND, AHEAD, "gateway", Severity.INFO));
    }
    return in;
  }

  @Test
  public void aHostAheadDoesNotEndTimeForTheOthersAndItsOwnBurstStillFires() {
    List<LogEvent> in = traffic(60, 60);
    for (int i = 0; i < 6; i++) {
      in.add(logged("e" + i, at(30, 5 + i * 5), AHEAD, "gateway", Severity.ERROR));
    }
    PCollection<Alert> alerts =
        p.apply(batch(in)).apply(evaluate(rules(silent(), ThresholdRuleTest.repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              // Orders' last entry is at 10:59:30: it used to be reported absent from 11:10 to
              // 12:40, four times, for the gateway's entries stamped up to 12:59:30.
              assertThat(brief(it))
                  .containsExactly(
                      "FIRING repeated-errors {service=gateway} value=6 12:26-12:31",
                      "RESOLVED repeated-errors {service=gateway} value=0 12:31-12:36")
                  .inOrder();
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // The gateway's 126 entries, said in a local run's summary; orders' are on time.
    assertThat(PipelineCounters.get(result, EvaluateRules.AHEAD_OF_RECEIPT_COUNTER)).isEqualTo(126);
  }

  @Test
  public void aGroupThatStopsIsStillAbsentUntilTheLastReceipt() {
    // Orders stops at 10:40; the gateway's entries show that time reached 11:00.
    PCollection<Alert> alerts = p.apply(batch(traffic(40, 60))).apply(evaluate(rules(silent())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(it))
                  .containsExactly("FIRING silent {service=orders} value=630 10:39-10:50");
              return null;
            });
    p.run().waitUntilFinish();
  }
}
