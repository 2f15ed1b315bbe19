package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.AlertCoder;
import dev.logalerts.alerting.AlertJsonTest;
import dev.logalerts.alerting.AlertState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Each incident's messages leave in sequence order, whatever order they came in. */
@RunWith(JUnit4.class)
public class AlertsInSequenceTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** What reached the step after, in the order it did (one key: one worker, in order). */
  private static final List<String> SEEN = Collections.synchronizedList(new ArrayList<>());

  @Before
  public void clear() {
    SEEN.clear();
  }

  static final class Record extends DoFn<Alert, Void> {
    @ProcessElement
    public void process(@Element Alert a) {
      SEEN.add(a.alertId().substring(0, 4) + " " + a.state() + " " + a.sequence());
    }
  }

  private static Alert alert(String id, AlertState state, long sequence) {
    return AlertJsonTest.sample().toBuilder()
        .setAlertId(id)
        .setState(state)
        .setSequence(sequence)
        .build();
  }

  @Test
  public void aResolvedThatComesFirstWaitsForItsFiring() {
    Instant t = new Instant(1_700_000_000_000L);
    TestStream<Alert> in =
        TestStream.create(AlertCoder.of())
            .addElements(
                org.apache.beam.sdk.values.TimestampedValue.of(
                    alert("aaaa-late", AlertState.RESOLVED, 2), t),
                org.apache.beam.sdk.values.TimestampedValue.of(
                    alert("bbbb-on-time", AlertState.FIRING, 1), t))
            .advanceProcessingTime(Duration.standardSeconds(5))
            .addElements(
                org.apache.beam.sdk.values.TimestampedValue.of(
                    alert("aaaa-late", AlertState.FIRING, 1), t))
            .advanceProcessingTime(Duration.standardSeconds(5))
            // A message whose predecessor never comes is sent after the longest wait.
            .addElements(
                org.apache.beam.sdk.values.TimestampedValue.of(
                    alert("cccc-gap", AlertState.RESOLVED, 3), t))
            .advanceProcessingTime(AlertsInSequence.MAX_WAIT.plus(Duration.standardSeconds(1)))
            .advanceWatermarkToInfinity();
    p.apply(in).apply(new AlertsInSequence()).apply(ParDo.of(new Record()));
    p.run().waitUntilFinish();

    List<String> aaaa = new ArrayList<>();
    for (String s : SEEN) {
      if (s.startsWith("aaaa")) {
        aaaa.add(s);
      }
    }
    assertThat(aaaa).containsExactly("aaaa FIRING 1", "aaaa RESOLVED 2").inOrder();
    assertThat(SEEN).contains("bbbb FIRING 1");
    assertThat(SEEN).contains("cccc RESOLVED 3");
    assertThat(SEEN).hasSize(4);
  }
}
