package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.Severity;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A streaming job drained while it runs: Dataflow moves the watermark to the end of time, and every
 * key's timers fire at once, about time that has not come. The stream here is the last hour up to
 * the clock, then the end of time, as a drain gives it.
 */
@RunWith(JUnit4.class)
public class DrainTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  /**
   * An incident still going on at the drain ends with one RESOLVED saying the job was drained (its
   * alertId, dated no later than the drain, within the clock tolerance), not with a RESOLVED
   * claiming the errors stopped half an hour from now; a heartbeat that logged until the drain does
   * not fire for the silence after it.
   */
  @Test
  public void aDrainClosesOpenIncidentsSayingSoAndDecidesNothingAboutTimeToCome() {
    long now = System.currentTimeMillis() / 60_000L * 60_000L;
    List<LogEvent> entries = new ArrayList<>();
    for (long t = now - 60 * 60_000L; t <= now; t += 60_000L) {
      entries.add(error("err-" + t, t, "pay")); // an incident going on when the job is drained
      entries.add(entry("hb-" + t, t + 30_000L - 60_000L, "batch", Severity.INFO, "alive"));
    }
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), entries, 1))
            .apply(
                evaluate(
                    rules(
                        rule("errors", dev.logalerts.rules.RuleType.THRESHOLD, ERRORS, "service")
                            .setThreshold(5)
                            .setWindow(Duration.standardMinutes(30))
                            .setPeriod(Duration.standardMinutes(5))
                            .setSuppressFor(Duration.standardHours(2))
                            .build(),
                        rule(
                                "heartbeat",
                                dev.logalerts.rules.RuleType.ABSENCE,
                                filter("service=batch", e -> e.service().equals("batch")),
                                "service")
                            .setExpectWithin(Duration.standardMinutes(10))
                            .build())));

    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> sorted = sorted(it);
              assertThat(sorted.stream().map(a -> a.state() + " " + a.rule()).toList())
                  .containsExactly("FIRING errors", "RESOLVED errors")
                  .inOrder();
              Alert resolved = sorted.get(1);
              assertThat(resolved.summary())
                  .isEqualTo(
                      "errors: pay resolved: the job was drained while the incident was open, so"
                          + " its end was not seen; if it goes on, the next job fires it again"
                          + " under a new alertId");
              assertThat(resolved.alertId()).isEqualTo(sorted.get(0).alertId());
              // Dated at the last boundary evaluated before the drain, which the job reaches up to
              // its clock tolerance ahead of the clock (here the minute's boundary may be ahead).
              assertThat(resolved.windowEndMillis())
                  .isAtMost(System.currentTimeMillis() + LifecycleFn.AHEAD_OF_THE_CLOCK_MILLIS);
              return null;
            });
    p.run().waitUntilFinish();
  }
}
