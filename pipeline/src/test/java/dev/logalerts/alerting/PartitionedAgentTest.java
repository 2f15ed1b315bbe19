package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.Severity;
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

/**
 * Streaming: an absence rule and a log agent that buffers through a network partition and then
 * delivers late and out of order, within the allowed lateness
 * (https://github.com/fluent/fluent-bit/issues/4757: "Entries that were not sent due to netcat
 * being down appear several seconds after the newer entries, causing out-of-order sequence").
 */
@RunWith(JUnit4.class)
public class PartitionedAgentTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static dev.logalerts.rules.Rule silent() {
    return rule("silent", RuleType.ABSENCE, ALL, "service")
        .setExpectWithin(Duration.standardMinutes(10))
        .setForgetAfter(Duration.standardDays(1))
        .build();
  }

  /**
   * Checkout's node loses its network from 10:20 to 10:45; its agent buffers and then delivers the
   * 25 minutes of entries at once, newest first (Fluent Bit retries chunks in no set order), while
   * cart's entries keep the watermark moving. The job cannot tell a silence from a delivery that
   * has not come: the absence fires at 10:30, once. The late entries end it with one RESOLVED of
   * the same incident, stamped within the silence (before the FIRING's own windowEnd), and nothing
   * fires again. Which late bucket the RESOLVED is measured from depends on the order they arrive
   * in (docs/reliability.md, "Late data").
   */
  @Test
  public void aPartitionedAgentsLateEntriesEndTheAbsenceOnce() {
    List<LogEvent> in = new ArrayList<>();
    List<LogEvent> buffered = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      long t = at(0, 0) + i * 30_000L;
      in.add(entry("cart-" + i, t, "cart", Severity.INFO, "GET /cart 200"));
      LogEvent c = entry("co-" + i, t, "checkout", Severity.INFO, "GET /checkout 200");
      if (i >= 40 && i < 90) {
        buffered.add(0, c);
      } else {
        in.add(c);
      }
      if (i == 90) {
        in.addAll(buffered); // delivered at 10:45, after the watermark passed 10:30
      }
    }
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), in, 0)).apply(evaluate(rules(silent())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              // Up to 11:00, the input's end (the TestStream's end then closes every window).
              List<Alert> checkout =
                  sorted(it).stream().filter(a -> a.windowEndMillis() <= at(60, 0)).toList();
              assertThat(checkout).hasSize(2);
              Alert resolved = checkout.get(0);
              Alert firing = checkout.get(1);
              assertThat(brief(List.of(firing)))
                  .containsExactly("FIRING silent {service=checkout} value=630 10:19-10:30");
              assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
              assertThat(resolved.alertId()).isEqualTo(firing.alertId());
              assertThat(resolved.sequence()).isEqualTo(firing.sequence() + 1);
              assertThat(resolved.windowEndMillis()).isAtLeast(at(20, 0));
              assertThat(resolved.windowEndMillis()).isLessThan(at(45, 0));
              assertThat(resolved.incident().notifications()).isEqualTo(1L);
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * The opposite clock: from 10:20 checkout's entries are stamped four hours behind (a restart that
   * wrote New York's local time, UTC-4 in summer, as UTC; Fluent Bit reads a time without a zone as
   * UTC: https://github.com/fluent/fluent-bit/issues/326, "6 hours behind what they should be"). In
   * a stream they are later than the allowed lateness (60 min) on arrival, so no alert window
   * counts them: checkout, still logging, is absent to the job, and its errors fire nothing.
   */
  @Test
  public void aHostWhoseClockFallsHoursBehindIsAbsentThoughItLogs() {
    List<LogEvent> in = new ArrayList<>();
    long behind = 4 * 3600_000L;
    for (int i = 0; i < 120; i++) {
      long t = at(0, 0) + i * 30_000L;
      in.add(entry("cart-" + i, t, "cart", Severity.INFO, "GET /cart 200"));
      long stamped = i < 40 ? t : t - behind;
      Severity sev = i >= 60 && i < 70 ? Severity.ERROR : Severity.INFO;
      in.add(entry("co-" + i, stamped, "checkout", sev, "GET /checkout " + i));
    }
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), in, 0))
            .apply(evaluate(rules(silent(), ThresholdRuleTest.repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> upToTheEnd =
                  sorted(it).stream().filter(a -> a.windowEndMillis() <= at(60, 0)).toList();
              assertThat(brief(upToTheEnd))
                  .containsExactly(
                      "FIRING silent {service=checkout} value=630 10:19-10:30",
                      "FIRING silent {service=checkout} value=2430 10:19-11:00")
                  .inOrder();
              return null;
            });
    p.run().waitUntilFinish();
  }
}
