package dev.logalerts.alerting;

import static dev.logalerts.alerting.AlertTestSupport.ALL;
import static dev.logalerts.alerting.AlertTestSupport.at;
import static dev.logalerts.alerting.AlertTestSupport.error;
import static dev.logalerts.alerting.AlertTestSupport.evaluate;
import static dev.logalerts.alerting.AlertTestSupport.rule;
import static dev.logalerts.alerting.AlertTestSupport.rules;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Streaming, a key that goes on logging while the watermark lags behind its entries (a backlog read
 * faster than the watermark moves, or a slow watermark): each bucket arrives as an early pane ahead
 * of the watermark. The key's timer must still fire as the watermark passes its boundaries, so an
 * absence that began and ended during the lag is reported when the watermark passes it, not only
 * when the stream ends (which a streaming job may never do).
 */
@RunWith(JUnit4.class)
public class BusyKeyTimerTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final int LAG_MINUTES = 20;

  private static final int MINUTES = 180;

  /**
   * "STATE minute" per alert sent while the stream still ran (the minute from 10:00 of the time it
   * was sent at); what the end of the stream sends (the deadline after the last entry and its
   * re-notifications) is left out.
   */
  static final class SentWhileLive extends DoFn<Alert, String> {
    @ProcessElement
    public void process(@Element Alert a, @Timestamp Instant ts, OutputReceiver<String> out) {
      long minute = (ts.getMillis() - at(0, 0)) / 60_000;
      if (minute < MINUTES - LAG_MINUTES) {
        out.output(a.state() + " " + minute);
      }
    }
  }

  /**
   * One entry a minute for three hours, none from 10:30 to 10:75 (a 45-minute silence); the
   * watermark trails the newest entry by 20 minutes throughout, and processing time moves on after
   * each entry, so every bucket is first seen as an early pane.
   */
  @Test
  public void aKeyThatGoesOnLoggingIsEvaluatedAsTheWatermarkPassesItsDeadline() {
    TestStream.Builder<LogEvent> b =
        TestStream.create(LogEventCoder.of()).advanceWatermarkTo(new Instant(at(0, 0)));
    for (int m = 0; m < MINUTES; m++) {
      if (m < 30 || m >= 75) {
        LogEvent e = error("e" + m, at(m, 10), "inventory");
        b = b.addElements(TimestampedValue.of(e, e.eventTime()));
      }
      b =
          b.advanceProcessingTime(Duration.standardSeconds(5))
              .advanceProcessingTime(Duration.standardSeconds(5));
      if (m >= LAG_MINUTES) {
        b = b.advanceWatermarkTo(new Instant(at(m - LAG_MINUTES, 0)));
      }
    }
    RuleSet rules =
        rules(
            rule("service-silent", RuleType.ABSENCE, ALL, "service")
                .setExpectWithin(Duration.standardMinutes(30))
                .setForgetAfter(Duration.standardDays(7))
                .build());
    PCollection<String> sent =
        p.apply(b.advanceWatermarkToInfinity())
            // A live stream: every pane is of the last minutes on the clock, none a backlog's.
            .apply(
                evaluate(rules)
                    .withEarlyFiring(Duration.standardSeconds(1))
                    .withClock(() -> at(0, 0)))
            .apply(ParDo.of(new SentWhileLive()))
            .setCoder(StringUtf8Coder.of());
    // The deadline 10:29:10 + 30m, at its boundary 10:60; the silence's end, at its bucket's end.
    // (Before, the key's timer followed each early pane ahead of the watermark: nothing was sent
    // while the stream ran, and the silence only when it ended, at minute 179.)
    PAssert.that(sent).containsInAnyOrder("FIRING 60", "RESOLVED 76");
    p.run().waitUntilFinish();
  }
}
