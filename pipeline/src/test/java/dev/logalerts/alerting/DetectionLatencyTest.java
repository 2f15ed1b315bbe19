package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.ERRORS;
import static dev.logalerts.alerting.AlertTestSupport.T0;
import static dev.logalerts.alerting.AlertTestSupport.error;
import static dev.logalerts.alerting.AlertTestSupport.evaluate;
import static dev.logalerts.alerting.AlertTestSupport.rule;
import static dev.logalerts.alerting.AlertTestSupport.rules;

import com.google.common.collect.Range;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Detection latency in streaming, measured on the pipeline's output. The watermark follows the
 * entries in 5-second steps (as a Pub/Sub source with a small lag would). A FIRING comes from an
 * event-time timer, so its element timestamp is the watermark at which it was emitted; latency is
 * that timestamp minus the event time of the entry that crossed the threshold. It must be more than
 * zero and at most one period (1 minute), whether the crossing entry is early or late in its
 * bucket, and the alert's windowEnd must be the end of the bucket holding that entry.
 */
@RunWith(JUnit4.class)
public class DetectionLatencyTest {
  private static final int THRESHOLD = 5;
  private static final Duration PERIOD = Duration.standardMinutes(1);

  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** service → "STATE windowEnd", with the emission time (the alert's timestamp) as millis. */
  static final class Emitted extends DoFn<Alert, KV<String, Long>> {
    @ProcessElement
    public void process(
        @Element Alert a, @Timestamp Instant ts, OutputReceiver<KV<String, Long>> out) {
      out.output(
          KV.of(
              a.group().get("service") + " " + a.state() + " " + a.windowEndMillis(),
              ts.getMillis()));
    }
  }

  /** Errors of each service at the given seconds after T0, the watermark 5 s behind the newest. */
  private PCollection<KV<String, Long>> run(Map<String, long[]> errorSeconds) {
    dev.logalerts.rules.Rule r =
        rule("repeated-errors", RuleType.THRESHOLD, ERRORS, "service")
            .setThreshold(THRESHOLD)
            .setPeriod(PERIOD)
            .build();
    List<LogEvent> entries = new ArrayList<>();
    errorSeconds.forEach(
        (service, seconds) -> {
          for (long s : seconds) {
            entries.add(error(service + s, T0 + s * 1000, service));
          }
        });
    entries.sort(Comparator.comparingLong(LogEvent::timestampNanos));
    TestStream.Builder<LogEvent> b = TestStream.create(LogEventCoder.of());
    int next = 0;
    for (long now = 0; now <= 900; now += 5) {
      long wall = T0 + now * 1000;
      while (next < entries.size() && entries.get(next).eventTime().getMillis() <= wall) {
        LogEvent e = entries.get(next++);
        b = b.addElements(TimestampedValue.of(e, e.eventTime()));
      }
      b = b.advanceWatermarkTo(new Instant(T0 + (now - 5) * 1000));
    }
    return p.apply(b.advanceWatermarkToInfinity())
        .apply(evaluate(rules(r)))
        .apply(ParDo.of(new Emitted()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
  }

  @Test
  public void firingWithinOnePeriodOfTheCrossingEntry() {
    Map<String, long[]> errors = new TreeMap<>();
    // The 5th error opens its bucket (10:02:00.000): the longest wait, a whole period.
    errors.put("early", new long[] {10, 40, 70, 100, 120});
    // The 5th error closes its bucket (10:04:58): the alert follows two seconds later.
    errors.put("late", new long[] {200, 230, 260, 280, 298});
    // Never 5 errors within the 5-minute window: no alert at all.
    errors.put("quiet", new long[] {0, 100, 200, 300, 400, 500, 600});
    PCollection<KV<String, Long>> emitted = run(errors);

    PAssert.that(emitted)
        .satisfies(
            out -> {
              Map<String, Long> firings = new TreeMap<>();
              for (KV<String, Long> kv : out) {
                String[] f = kv.getKey().split(" ");
                if (f[1].equals("FIRING")) {
                  assertWithMessage("one FIRING per incident: %s", out)
                      .that(firings.put(f[0] + " " + f[2], kv.getValue()))
                      .isNull();
                }
              }
              assertWithMessage("FIRING alerts (service windowEnd -> emitted at)")
                  .that(firings.keySet())
                  .containsExactly(
                      "early " + bucketEnd(crossing(errors.get("early"))),
                      "late " + bucketEnd(crossing(errors.get("late"))));
              for (Map.Entry<String, Long> e : firings.entrySet()) {
                String service = e.getKey().split(" ")[0];
                long latency = e.getValue() - crossing(errors.get(service));
                assertWithMessage("detection latency of %s (ms)", service)
                    .that(latency)
                    .isIn(Range.openClosed(0L, PERIOD.getMillis()));
              }
              assertWithMessage("latency of an entry that opens its bucket is a whole period")
                  .that(
                      firings.get("early " + bucketEnd(crossing(errors.get("early"))))
                          - crossing(errors.get("early")))
                  .isEqualTo(PERIOD.getMillis());
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** Event time (millis) of the entry that brings the count to the threshold. */
  private static long crossing(long[] seconds) {
    return T0 + seconds[THRESHOLD - 1] * 1000;
  }

  /** End of the period bucket holding {@code millis}. */
  private static long bucketEnd(long millis) {
    return (millis / PERIOD.getMillis() + 1) * PERIOD.getMillis();
  }
}
