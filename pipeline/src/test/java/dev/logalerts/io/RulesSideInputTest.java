package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.rules.RuleSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.coders.InstantCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Keep-last-good rules refresh: an invalid update keeps the old rules, a change replaces them. */
@RunWith(JUnit4.class)
public class RulesSideInputTest {
  private static final RuleSet INITIAL = RuleSet.of(List.of(), "v0");
  private static final RuleSet V1 = RuleSet.of(List.of(), "v1");
  private static final RuleSet V2 = RuleSet.of(List.of(), "v2");

  @Rule public final transient TestPipeline p = TestPipeline.fromOptions(streaming());

  private static StreamingOptions streaming() {
    StreamingOptions o = PipelineOptionsFactory.create().as(StreamingOptions.class);
    o.setStreaming(true);
    return o;
  }

  @Test
  public void selectKeepsTheLastGoodRules() {
    // First attempt fails: the rules validated at launch are published.
    assertThat(RulesSideInput.select(null, null, INITIAL)).isEqualTo(INITIAL);
    // First attempt succeeds: its rules.
    assertThat(RulesSideInput.select(null, V1, INITIAL)).isEqualTo(V1);
    // Same version again: nothing new to publish.
    assertThat(RulesSideInput.select("v1", V1, INITIAL)).isNull();
    // Invalid update: nothing published, the side input keeps v1.
    assertThat(RulesSideInput.select("v1", null, INITIAL)).isNull();
    // A valid change: published.
    assertThat(RulesSideInput.select("v1", V2, INITIAL)).isEqualTo(V2);
  }

  /** Loader scripted per call: v1, invalid, v1 again, v2. State is static: the DoFn is a copy. */
  static final AtomicInteger CALLS = new AtomicInteger();

  static RuleSet scripted(String path) throws Exception {
    switch (CALLS.getAndIncrement()) {
      case 0:
        return V1;
      case 1:
        throw new IllegalArgumentException("rules.yaml line 3: unknown rule type 'thresold'");
      case 2:
        return V1;
      default:
        return V2;
    }
  }

  @Test
  public void reloadPublishesOnlyValidChanges() {
    CALLS.set(0);
    TestStream<Instant> ticks =
        TestStream.create(InstantCoder.of())
            .addElements(new Instant(0))
            .advanceProcessingTime(Duration.standardMinutes(5))
            .addElements(new Instant(1))
            .advanceProcessingTime(Duration.standardMinutes(5))
            .addElements(new Instant(2))
            .advanceProcessingTime(Duration.standardMinutes(5))
            .addElements(new Instant(3))
            .advanceWatermarkToInfinity();
    PCollection<String> versions =
        p.apply(ticks)
            .apply(
                "Reload",
                new RulesSideInput.Reload(
                    INITIAL, "gs://b/rules.yaml", RulesSideInputTest::scripted))
            .apply(MapElements.into(TypeDescriptors.strings()).via(RuleSet::version));
    PAssert.that(versions).containsInAnyOrder("v1", "v2");
    p.run().waitUntilFinish();
    assertThat(CALLS.get()).isEqualTo(4);
  }

  /** Loader scripted per call: v1, the same invalid file twice, v1 again, v2. */
  static RuleSet scriptedInvalidTwice(String path) throws Exception {
    switch (CALLS.getAndIncrement()) {
      case 0:
      case 3:
        return V1;
      case 1:
      case 2:
        throw new IllegalArgumentException("rules.yaml line 3: unknown rule type 'thresold'");
      default:
        return V2;
    }
  }

  /**
   * Whoever pushed a rules file learns from the log whether the job took it: a failure once (the
   * same error logged at every refresh buried the rest of the log), then which version is in effect
   * once the file is valid again, and after a change (logged before, without its rules count).
   */
  @Test
  public void aFailedReloadIsSaidOnceAndTheVersionInEffectOnceTheFileIsValid() {
    CALLS.set(0);
    List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(RulesSideInput.class.getName());
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            said.add(r.getLevel() + " " + r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try {
      TestStream.Builder<Instant> ticks = TestStream.create(InstantCoder.of());
      for (int i = 0; i < 5; i++) {
        ticks =
            ticks.addElements(new Instant(i)).advanceProcessingTime(Duration.standardMinutes(5));
      }
      p.apply(ticks.advanceWatermarkToInfinity())
          .apply(
              "Reload",
              new RulesSideInput.Reload(
                  INITIAL, "gs://b/rules.yaml", RulesSideInputTest::scriptedInvalidTwice));
      p.run().waitUntilFinish();
    } finally {
      log.removeHandler(capture);
    }
    assertThat(said)
        .containsExactly(
            "SEVERE Rules reload from gs://b/rules.yaml failed; keeping rules version v1 until the"
                + " file is valid (said again only if the error changes): rules.yaml line 3:"
                + " unknown rule type 'thresold'",
            "INFO Rules file gs://b/rules.yaml is valid again: version v1 stays in effect",
            "INFO Rules updated from gs://b/rules.yaml: version v2 in effect (0 rules)")
        .inOrder();
  }
}
