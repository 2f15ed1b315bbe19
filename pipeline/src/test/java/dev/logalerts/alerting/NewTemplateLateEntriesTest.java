package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;
import static dev.logalerts.alerting.LifecycleStateTest.bucket;

import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import java.util.List;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A new-template rule in a streaming job, where entries arrive behind the watermark (within
 * allowedLateness) and the known templates of a group are capped: what is decided by the entry's
 * own time, and what the cap does.
 */
@RunWith(JUnit4.class)
public class NewTemplateLateEntriesTest {
  private static final String KEY = "new-errors\u001echeckout";

  private static Rule newErrors() {
    return rule("new-errors", RuleType.NEW_TEMPLATE, ERRORS, "service")
        .setLearnFor(Duration.standardMinutes(30))
        .build();
  }

  /** The group learns 10:00-10:30 and is evaluated up to 10:55 before the late entries come. */
  private static Harness learnedAndEvaluated(Harness h) {
    h.bucket(KEY, bucket(at(1, 0), 2, "payment failed for order 1"));
    h.bucket(KEY, bucket(at(50, 0), 1, "payment failed for order 7"));
    h.advanceTo(at(55, 0));
    assertThat(h.alerts).isEmpty();
    return h;
  }

  /**
   * A template first seen in a late entry (10:45:30, read after 10:55) fires once, with the window
   * and first-seen time of the entry, not of its arrival; a second late pane of it does not.
   */
  @Test
  public void aNewTemplateInALateEntryFiresOnceAtItsOwnTime() {
    Harness h = learnedAndEvaluated(Harness.of(newErrors(), Duration.standardMinutes(60)));
    h.bucket(KEY, bucket(at(46, 0), 2, "NullPointerException in handler 7"));
    h.bucket(KEY, bucket(at(47, 0), 1, "NullPointerException in handler 8"));
    h.advanceTo(Long.MAX_VALUE - 1);
    assertThat(h.alerts).hasSize(1);
    Alert a = h.alerts.get(0);
    assertThat(a.state()).isEqualTo(AlertState.FIRING);
    assertThat(a.windowEndMillis()).isEqualTo(at(46, 0));
    assertThat(a.firstSeenMillis()).isEqualTo(at(45, 30));
    assertThat(a.value()).isEqualTo(2.0);
    assertThat(a.template()).isEqualTo("NullPointerException in handler <*>");
  }

  /**
   * An entry of the learning span (10:10:30) that arrives late teaches its template as an on-time
   * one would: neither it nor the same template afterwards is reported.
   */
  @Test
  public void aLateEntryOfTheLearningSpanIsLearned() {
    Harness h = learnedAndEvaluated(Harness.of(newErrors(), Duration.standardMinutes(60)));
    h.bucket(KEY, bucket(at(11, 0), 1, "disk full on node 3"));
    h.bucket(KEY, bucket(at(56, 0), 4, "disk full on node 4"));
    h.advanceTo(Long.MAX_VALUE - 1);
    assertThat(h.alerts).isEmpty();
  }

  /**
   * At maxKnownTemplatesPerGroup (here 2) a group's set is full: a template it has never seen is
   * not reported (counted in known_templates_overflow), and the templates it knows stay known.
   */
  @Test
  public void aGroupAtTheCapReportsNoFurtherTemplates() {
    Rule r = newErrors();
    Harness h =
        new Harness(
            new LifecycleFn(
                RuleSet.of(List.of(r), "fixed"),
                null,
                "",
                Duration.standardMinutes(60).getMillis(),
                2,
                null,
                REDACTOR,
                MINER,
                null),
            List.of(r));
    h.bucket(KEY, bucket(at(1, 0), 1, "payment failed for order 1"));
    h.bucket(KEY, bucket(at(2, 0), 1, "timeout calling db after 30 ms"));
    h.bucket(KEY, bucket(at(40, 0), 1, "NullPointerException in handler 7"));
    h.bucket(KEY, bucket(at(41, 0), 1, "payment failed for order 2"));
    h.advanceTo(at(45, 0));
    assertThat(h.known.get(KEY).value).hasSize(2);
    h.advanceTo(Long.MAX_VALUE - 1);
    assertThat(h.alerts).isEmpty();
  }

  /**
   * A Python traceback that stderr splits one line per entry (Vertex AI training, Cloud Run): each
   * frame and code line is a template never seen, and the crash was one alert per line. The new
   * templates of a bucket that holds a traceback's lines are one alert, named by the error, not by
   * the traceback's header; two new errors at once, no trace among them, are still two alerts.
   */
  @Test
  public void aTracebackWrittenLineByLineIsOneAlert() {
    Harness h = learnedAndEvaluated(Harness.of(newErrors(), Duration.standardMinutes(60)));
    h.bucket(
        KEY,
        LifecycleStateTest.bucketOf(
            at(56, 0),
            "Traceback (most recent call last):",
            "  File \"/opt/conda/lib/python3.10/site-packages/transformers/trainer.py\", line"
                + " 1539, in train",
            "    return inner_training_loop(",
            "  File \"/opt/conda/lib/python3.10/site-packages/torch/nn/modules/module.py\", line"
                + " 1501, in _call_impl",
            "    return forward_call(*args, **kwargs)",
            "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB"));
    h.advanceTo(at(58, 0));
    assertThat(h.alerts).hasSize(1);
    Alert a = h.alerts.get(0);
    assertThat(a.template()).startsWith("torch.cuda.OutOfMemoryError: CUDA out of memory.");
    assertThat(a.value()).isEqualTo(6.0);
    assertThat(a.summary()).contains("6 new templates seen 6 times in 1m, first \"torch.cuda");
    assertThat(a.summary()).contains("then \"Traceback (most recent call last):\"");
    assertThat(a.samples()).hasSize(5);

    // Every line is known now: the same crash again sends nothing; two new errors send two.
    h.bucket(
        KEY,
        LifecycleStateTest.bucketOf(
            at(59, 0),
            "Traceback (most recent call last):",
            "    return forward_call(*args, **kwargs)"));
    h.bucket(
        KEY,
        LifecycleStateTest.bucketOf(
            at(60, 0), "disk quota exceeded on /data", "checkpoint upload refused by gs://b"));
    h.advanceTo(Long.MAX_VALUE - 1);
    assertThat(h.alerts).hasSize(3);
    assertThat(h.alerts.get(1).summary()).contains("new template \"");
    assertThat(h.alerts.get(2).summary()).contains("new template \"");
  }
}
