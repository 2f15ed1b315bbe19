package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Incident scenario in streaming: a node's log agent buffers during a network partition and
 * delivers part of an error burst minutes late, after the watermark passed their windows but within
 * the allowed lateness. One FIRING, and the RESOLVED's incident counts every error of the burst.
 */
@RunWith(JUnit4.class)
public class ScenarioLateEntriesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void lateHalfOfABurstCountsInTheIncidentAndFiresOnce() {
    List<LogEvent> in = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      in.add(error("on-time-" + i, at(0, 5 + i * 5), "checkout"));
    }
    // The watermark moves to 10:04 with another service's entries...
    in.add(error("other", at(4, 10), "cart"));
    // ...then the buffered half of the burst (10:00:35 to 10:00:55) arrives.
    for (int i = 0; i < 5; i++) {
      in.add(error("late-" + i, at(0, 35 + i * 5), "checkout"));
    }
    PCollection<Alert> alerts =
        p.apply(stream(LogEventCoder.of(), in, 0))
            .apply(evaluate(rules(ThresholdRuleTest.repeatedErrors())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> checkout =
                  sorted(it).stream()
                      .filter(a -> "checkout".equals(a.group().get("service")))
                      .toList();
              assertThat(brief(checkout))
                  .containsExactly(
                      "FIRING repeated-errors {service=checkout} value=6 09:56-10:01",
                      "RESOLVED repeated-errors {service=checkout} value=0 10:01-10:06")
                  .inOrder();
              IncidentSummary incident = checkout.get(1).incident();
              assertThat(incident).isNotNull();
              assertThat(incident.matchingEntries()).isEqualTo(11L);
              assertThat(incident.peakValue()).isEqualTo(11.0);
              assertThat(incident.notifications()).isEqualTo(1L);
              return null;
            });
    p.run().waitUntilFinish();
  }
}
