package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Detection latency in streaming: the watermark follows the entries in 5-second steps (as a
 * Pub/Sub source with a small lag would); the FIRING is emitted when the watermark passes the end
 * of the 1-minute bucket that holds the 5th error, so latency = bucket end − triggering entry.
 */
@RunWith(JUnit4.class)
public class DetectionLatencyTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** Event-time instant at which each alert was emitted, relative to T0, in seconds. */
  static final class EmittedAt extends DoFn<Alert, KV<String, Long>> {
    @ProcessElement
    public void process(@Element Alert a, @Timestamp Instant ts, OutputReceiver<KV<String, Long>> out) {
      out.output(KV.of(a.state() + "@" + Alert.rfc3339(a.windowEndMillis()), (ts.getMillis() - T0) / 1000));
    }
  }

  private PCollection<KV<String, Long>> run(long... errorSeconds) {
    dev.logalerts.rules.Rule r =
        rule("repeated-errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(5).build();
    TestStream.Builder<LogEvent> b = TestStream.create(LogEventCoder.of());
    List<Long> pending = new ArrayList<>();
    for (long s : errorSeconds) {
      pending.add(s);
    }
    for (long now = 0; now <= 600; now += 5) {
      while (!pending.isEmpty() && pending.get(0) <= now) {
        long s = pending.remove(0);
        LogEvent e = error("e" + s, T0 + s * 1000, "checkout");
        b = b.addElements(TimestampedValue.of(e, e.eventTime()));
      }
      b = b.advanceWatermarkTo(new Instant(T0 + now * 1000));
    }
    return p.apply(b.advanceWatermarkToInfinity())
        .apply(evaluate(rules(r)))
        .apply(ParDo.of(new EmittedAt()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
  }

  @Test
  public void firingWithinOnePeriodOfTheTriggeringEntry() {
    // 5th error at 10:02:05 → FIRING emitted at 10:03:00: 55 s of event time, ≤ period (60 s).
    PCollection<KV<String, Long>> emitted = run(10, 40, 70, 100, 125);
    PAssert.that(emitted)
        .containsInAnyOrder(
            KV.of("FIRING@2026-11-20T10:03:00Z", 180L),
            KV.of("RESOLVED@2026-11-20T10:06:00Z", 360L));
    p.run().waitUntilFinish();
    long latencySeconds = 180 - 125;
    assertThat(latencySeconds).isAtMost(Duration.standardMinutes(1).getStandardSeconds());
    System.out.println("detection latency (event time) = " + latencySeconds + " s");
  }
}
