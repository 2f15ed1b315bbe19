package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.ERRORS;
import static dev.logalerts.alerting.AlertTestSupport.HTTP_5XX;
import static dev.logalerts.alerting.AlertTestSupport.at;
import static dev.logalerts.alerting.AlertTestSupport.error;
import static dev.logalerts.alerting.AlertTestSupport.evaluate;
import static dev.logalerts.alerting.AlertTestSupport.request;
import static dev.logalerts.alerting.AlertTestSupport.rule;
import static dev.logalerts.alerting.AlertTestSupport.rules;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
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
 * Streaming: a threshold rule fires from a partial bucket (an early pane, sent {@code earlyFiring}
 * of processing time after the bucket's first entry) while the watermark is still behind the
 * bucket, exactly once per incident; the watermark passing later neither repeats nor resolves it.
 * Whether an alert came from an early pane shows in its timestamp: an alert sent while processing a
 * bucket carries the bucket's timestamp (before its end), one sent by the boundary's timer carries
 * the boundary or later.
 */
@RunWith(JUnit4.class)
public class EarlyFiringTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  /** A live stream: processing time is the time of its entries (a backlog's fire later). */
  private static final KeyTimers.WallClock LIVE = () -> at(3, 0);

  /** "STATE windowEnd early|on-time value" per alert. */
  static final class Describe extends DoFn<Alert, String> {
    @ProcessElement
    public void process(@Element Alert a, @Timestamp Instant ts, OutputReceiver<String> out) {
      String when = ts.getMillis() < a.windowEndMillis() ? "early" : "on-time";
      out.output(
          a.state()
              + " "
              + Alert.rfc3339(a.windowEndMillis())
              + " "
              + when
              + " value="
              + AlertText.number(a.value())
              + " seq="
              + a.sequence()
              + (a.incident() == null
                  ? ""
                  : " entries="
                      + a.incident().matchingEntries()
                      + " peak="
                      + AlertText.number(a.incident().peakValue())
                      + " notifications="
                      + a.incident().notifications()
                      + " suppressed="
                      + a.incident().suppressed()));
    }
  }

  /**
   * Five errors in the bucket 10:02–10:03, then processing time passes while the watermark stays at
   * 10:02; only then does the watermark move on (to 10:20), and the errors stop.
   */
  private PCollection<String> run(RuleSet rules, List<LogEvent> entries, Duration earlyFiring) {
    TestStream.Builder<LogEvent> b =
        TestStream.create(LogEventCoder.of()).advanceWatermarkTo(new Instant(at(2, 0)));
    for (LogEvent e : entries) {
      b = b.addElements(TimestampedValue.of(e, e.eventTime()));
    }
    TestStream<LogEvent> stream =
        // Twice: the combine's hot-key fanout has a second stage, which fires on the next advance.
        b.advanceProcessingTime(Duration.standardSeconds(5))
            .advanceProcessingTime(Duration.standardSeconds(5))
            .advanceWatermarkTo(new Instant(at(20, 0)))
            .advanceWatermarkToInfinity();
    return p.apply(stream)
        .apply(evaluate(rules).withEarlyFiring(earlyFiring).withClock(LIVE))
        .apply(ParDo.of(new Describe()))
        .setCoder(StringUtf8Coder.of());
  }

  private static List<LogEvent> errors(int n) {
    List<LogEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(error("e" + i, at(2, 10 + i), "checkout"));
    }
    return out;
  }

  private static RuleSet thresholdRule() {
    return rules(
        rule("repeated-errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(5).build());
  }

  @Test
  public void thresholdFiresFromThePartialBucketOnceAndResolvesOnTime() {
    PAssert.that(run(thresholdRule(), errors(5), Duration.standardSeconds(1)))
        .containsInAnyOrder(
            "FIRING 2026-11-20T10:03:00Z early value=5 seq=1",
            // The window 10:03–10:08 no longer holds the errors.
            "RESOLVED 2026-11-20T10:08:00Z on-time value=0 seq=2 entries=5 peak=5 notifications=1"
                + " suppressed=4");
    p.run().waitUntilFinish();
  }

  /**
   * Two more errors of the same bucket arrive after the early FIRING: the incident summary counts
   * all seven, as a batch run would, and the boundary's evaluation is not a suppressed one.
   */
  @Test
  public void entriesAfterTheEarlyFiringCountInTheIncident() {
    List<LogEvent> more = new ArrayList<>();
    more.add(error("late1", at(2, 40), "checkout"));
    more.add(error("late2", at(2, 41), "checkout"));
    TestStream.Builder<LogEvent> b =
        TestStream.create(LogEventCoder.of()).advanceWatermarkTo(new Instant(at(2, 0)));
    for (LogEvent e : errors(5)) {
      b = b.addElements(TimestampedValue.of(e, e.eventTime()));
    }
    b =
        b.advanceProcessingTime(Duration.standardSeconds(5))
            .advanceProcessingTime(Duration.standardSeconds(5));
    for (LogEvent e : more) {
      b = b.addElements(TimestampedValue.of(e, e.eventTime()));
    }
    TestStream<LogEvent> stream =
        b.advanceProcessingTime(Duration.standardSeconds(5))
            .advanceProcessingTime(Duration.standardSeconds(5))
            .advanceWatermarkTo(new Instant(at(20, 0)))
            .advanceWatermarkToInfinity();
    PCollection<String> out =
        p.apply(stream)
            .apply(
                evaluate(thresholdRule())
                    .withEarlyFiring(Duration.standardSeconds(1))
                    .withClock(LIVE))
            .apply(ParDo.of(new Describe()))
            .setCoder(StringUtf8Coder.of());
    PAssert.that(out)
        .containsInAnyOrder(
            "FIRING 2026-11-20T10:03:00Z early value=5 seq=1",
            "RESOLVED 2026-11-20T10:08:00Z on-time value=0 seq=2 entries=7 peak=7 notifications=1"
                + " suppressed=4");
    p.run().waitUntilFinish();
  }

  @Test
  public void withoutEarlyFiringTheThresholdWaitsForTheWatermark() {
    PAssert.that(run(thresholdRule(), errors(5), Duration.ZERO))
        .containsInAnyOrder(
            "FIRING 2026-11-20T10:03:00Z on-time value=5 seq=1",
            "RESOLVED 2026-11-20T10:08:00Z on-time value=0 seq=2 entries=5 peak=5 notifications=1"
                + " suppressed=4");
    p.run().waitUntilFinish();
  }

  @Test
  public void belowTheThresholdNothingFiresEarlyOrLate() {
    PAssert.that(run(thresholdRule(), errors(4), Duration.standardSeconds(1))).empty();
    p.run().waitUntilFinish();
  }

  /** A ratio can fall again as entries arrive: it is evaluated when the watermark passes. */
  @Test
  public void ratioWaitsForTheWatermark() {
    RuleSet ratio =
        rules(
            rule("non-5xx", RuleType.RATIO, AlertTestSupport.HTTP, "service")
                .setNumerator(HTTP_5XX)
                .setThreshold(0.5)
                .build());
    List<LogEvent> entries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      entries.add(request("r" + i, at(2, 10 + i), "checkout", 503, 0.1));
    }
    PAssert.that(run(ratio, entries, Duration.standardSeconds(1)))
        .satisfies(
            out -> {
              List<String> firing = new ArrayList<>();
              out.forEach(a -> firing.add(a));
              assertWithMessage("ratio alerts").that(firing).isNotEmpty();
              for (String a : firing) {
                assertWithMessage("ratio alert sent by the boundary's timer")
                    .that(a)
                    .contains(" on-time ");
              }
              return null;
            });
    p.run().waitUntilFinish();
  }
}
