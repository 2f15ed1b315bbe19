package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.LogEvent;
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
 * An absence rule without groupBy is a heartbeat check: ElastAlert's flatline without query_key and
 * a Datadog monitor's no-data alert fire when the heartbeat never came at all. Its one group is
 * tracked from the first entry of the input, so a heartbeat that never arrives fires; a rule with
 * groupBy still tracks only the groups it has seen.
 */
@RunWith(JUnit4.class)
public class UngroupedAbsenceTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final CompiledFilter HEARTBEAT =
      filter("textPayload:\"heartbeat\"", e -> e.message().contains("heartbeat"));

  private static dev.logalerts.rules.Rule heartbeat(String name, String... groupBy) {
    return rule(name, RuleType.ABSENCE, HEARTBEAT, groupBy)
        .setExpectWithin(Duration.standardMinutes(10))
        .setForgetAfter(Duration.standardHours(1))
        .build();
  }

  @Test
  public void aHeartbeatThatNeverCameFiresAndResolvesWhenItComes() {
    List<LogEvent> in = new ArrayList<>();
    for (int m = 0; m < 25; m++) {
      in.add(entry("w" + m, at(m, 0), "web", Severity.INFO, "GET / 200"));
    }
    in.add(entry("h1", at(25, 0), "cron", Severity.INFO, "heartbeat ok"));
    in.add(entry("w25", at(30, 0), "web", Severity.INFO, "GET / 200"));
    PCollection<Alert> alerts =
        p.apply(batch(in))
            .apply(evaluate(rules(heartbeat("heartbeat"), heartbeat("per-service", "service"))));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(brief(all))
                  .containsExactly(
                      "FIRING heartbeat {} value=600 10:00-10:10",
                      "RESOLVED heartbeat {} value=1500 10:00-10:25")
                  .inOrder();
              assertThat(all.get(0).summary())
                  .isEqualTo(
                      "heartbeat: no matching entry for 10m since tracking began at"
                          + " 2026-11-20T10:00:00Z (expected within 10m)");
              assertThat(all.get(1).alertId()).isEqualTo(all.get(0).alertId());
              return null;
            });
    p.run().waitUntilFinish();
  }
}
