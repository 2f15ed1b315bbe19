package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.AlertJsonTest;
import dev.logalerts.alerting.AlertState;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The local run's alert file lists each incident's messages in the order they were sent. */
@RunWith(JUnit4.class)
public class AlertsInSendOrderTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static Alert alert(String id, long windowEnd, long sequence, AlertState state) {
    return AlertJsonTest.sample().toBuilder()
        .setAlertId(id)
        .setWindowEndMillis(windowEnd)
        .setSequence(sequence)
        .setState(state)
        .build();
  }

  @Test
  public void incidentsReadInSendOrder() {
    Alert aFiring = alert("a", 60_000, 1, AlertState.FIRING);
    Alert bFiring = alert("b", 60_000, 1, AlertState.FIRING);
    Alert aRenotify = alert("a", 120_000, 2, AlertState.FIRING);
    Alert aResolved = alert("a", 180_000, 3, AlertState.RESOLVED);
    PCollection<String> out =
        p.apply(Create.of(List.of(aResolved, bFiring, aRenotify, aFiring)))
            .apply(new AlertsInSendOrder());
    PAssert.thatSingleton(out)
        .isEqualTo(
            String.join(
                "\n", aFiring.toJson(), bFiring.toJson(), aRenotify.toJson(), aResolved.toJson()));
    p.run().waitUntilFinish();
  }

  @Test
  public void noAlertsNoElement() {
    PCollection<String> out =
        p.apply(Create.empty(org.apache.beam.sdk.coders.SerializableCoder.of(Alert.class)))
            .apply(new AlertsInSendOrder());
    PAssert.that(out).empty();
    p.run().waitUntilFinish();
  }

  @Test
  public void sequenceBreaksTiesWithinAnIncident() {
    assertThat(
            AlertsInSendOrder.lines(
                List.of(
                    alert("a", 60_000, 2, AlertState.RESOLVED),
                    alert("a", 60_000, 1, AlertState.FIRING))))
        .startsWith(alert("a", 60_000, 1, AlertState.FIRING).toJson());
  }
}
