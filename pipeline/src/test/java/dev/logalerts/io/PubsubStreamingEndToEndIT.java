package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import dev.logalerts.model.Timestamps;
import dev.logalerts.testing.FakePubsubServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Streaming through PubsubIO's real JSON client against {@link FakePubsubServer}: LogEntry messages
 * are pulled from a subscription by {@link PubsubLogSource} and published to a topic by {@link
 * PubsubAlertSink} on the DirectRunner in streaming mode. Shows event time taken from the timestamp
 * attribute, messages without or with a broken attribute passing (counted, at publish time), and a
 * publish that fails twice with 503 being retried.
 */
@RunWith(JUnit4.class)
public class PubsubStreamingEndToEndIT {
  private static final String SUBSCRIPTION = "projects/test-project/subscriptions/logs";
  private static final String TOPIC = "projects/test-project/topics/alerts";
  // Per wait; each takes a few seconds.
  private static final long WAIT_MILLIS = 60_000;

  private FakePubsubServer server;

  @Before
  public void startServer() throws Exception {
    server = FakePubsubServer.start();
  }

  @After
  public void stopServer() {
    server.close();
  }

  /** Republishes each entry with its element timestamp, so the test sees the event time. */
  static class EchoFn extends DoFn<RawEntry, PubsubMessage> {
    @ProcessElement
    public void process(
        @Element RawEntry e, @Timestamp Instant ts, OutputReceiver<PubsubMessage> out) {
      Map<String, String> attrs = new HashMap<>(e.attributes());
      attrs.put("eventTime", Timestamps.formatMillis(ts.getMillis()));
      out.output(PubsubAlertSink.message(new String(e.payload(), StandardCharsets.UTF_8), attrs));
    }
  }

  private PipelineResult runPipeline() {
    PubsubOptions options = PipelineOptionsFactory.create().as(PubsubOptions.class);
    options.setRunner(DirectRunner.class);
    options.setStreaming(true);
    options.setPubsubRootUrl(server.rootUrl());
    options.setCredentialFactoryClass(NoopCredentialFactory.class);
    options.setProject("test-project");
    options.as(DirectOptions.class).setBlockOnRun(false);
    Pipeline p = Pipeline.create(options);
    p.apply("ReadLogs", new PubsubLogSource(SUBSCRIPTION, Duration.standardHours(1)))
        .apply("Echo", ParDo.of(new EchoFn()))
        .setCoder(PubsubMessageWithAttributesCoder.of())
        .apply("PublishAlerts", new PubsubAlertSink(TOPIC));
    return p.run();
  }

  /**
   * Polls until {@code condition}; fails naming {@code what} if the job stopped first (waiting on
   * the result surfaces its error) or after {@value #WAIT_MILLIS} ms.
   */
  private static void waitFor(PipelineResult result, String what, BooleanSupplier condition) {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!condition.getAsBoolean()) {
      PipelineResult.State state = result.waitUntilFinish(Duration.millis(200));
      if (state != null && state.isTerminal()) {
        throw new AssertionError("the job ended (" + state + ") before " + what);
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "timed out after " + WAIT_MILLIS / 1000 + " s waiting for " + what);
      }
    }
  }

  @Test
  public void entriesFlowFromSubscriptionToTopicWithEventTime() throws Exception {
    String good = "{\"insertId\":\"a\",\"timestamp\":\"2026-11-20T00:00:02.095084795Z\"}";
    String noAttr = "{\"insertId\":\"b\",\"timestamp\":\"2026-11-20T00:00:03Z\"}";
    String badAttr = "{\"insertId\":\"c\",\"timestamp\":\"2026-11-20T00:00:04Z\"}";
    server.enqueue(
        SUBSCRIPTION,
        good.getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, "2026-11-20T00:00:02.095084795Z"));
    // A replayed dead letter may carry a file reader's verdict: it is not the source's to give.
    server.enqueue(
        SUBSCRIPTION,
        noAttr.getBytes(StandardCharsets.UTF_8),
        Map.of(RawEntry.READ_ERROR_ATTRIBUTE, "invalid YAML at line 3, column 1: ..."));
    server.enqueue(
        SUBSCRIPTION,
        badAttr.getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, "yesterday at noon"));

    PipelineResult result = runPipeline();
    try {
      waitFor(result, "3 messages on the topic", () -> server.published(TOPIC).size() >= 3);
      List<FakePubsubServer.Message> out = server.published(TOPIC);
      Map<String, FakePubsubServer.Message> byText =
          out.stream().collect(Collectors.toMap(FakePubsubServer.Message::text, m -> m));
      assertThat(byText.keySet()).containsExactly(good, noAttr, badAttr);

      // Event time from the attribute (millisecond precision, as Beam timestamps are).
      assertThat(byText.get(good).attributes())
          .containsEntry("eventTime", "2026-11-20T00:00:02.095Z");
      // No usable attribute: the message keeps its publish time, nothing is lost.
      for (String text : List.of(noAttr, badAttr)) {
        Map<String, String> attrs = byText.get(text).attributes();
        assertThat(attrs.get("eventTime"))
            .isEqualTo(
                Timestamps.formatMillis(
                    Timestamps.parse(attrs.get(PubsubLogSource.PUBLISH_TIME_ATTRIBUTE))
                        / 1_000_000L));
        assertThat(attrs).containsKey(PubsubLogSource.MESSAGE_ID_ATTRIBUTE);
        assertThat(attrs).doesNotContainKey(RawEntry.READ_ERROR_ATTRIBUTE);
      }
      assertThat(byText.get(badAttr).attributes())
          .containsEntry(PubsubLogSource.TIMESTAMP_ATTRIBUTE, "yesterday at noon");
      assertThat(PipelineCounters.get(result, "pubsub_messages_read")).isEqualTo(3);
      assertThat(PipelineCounters.get(result, "timestamp_attribute_missing")).isEqualTo(1);
      assertThat(PipelineCounters.get(result, "timestamp_attribute_invalid")).isEqualTo(1);
      assertThat(PipelineCounters.get(result, "alerts_to_pubsub")).isEqualTo(3);
    } finally {
      result.cancel();
    }
  }

  @Test
  public void transientPublishFailuresAreRetried() throws Exception {
    server.failPublishes(2, 503);
    server.enqueue(
        SUBSCRIPTION,
        "{\"insertId\":\"x\"}".getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, "2026-11-20T00:00:00Z"));
    PipelineResult result = runPipeline();
    try {
      waitFor(result, "the retried message on the topic", () -> !server.published(TOPIC).isEmpty());
      assertThat(server.published(TOPIC)).hasSize(1);
      assertThat(server.published(TOPIC).get(0).text()).isEqualTo("{\"insertId\":\"x\"}");
      assertThat(server.publishAttempts()).isAtLeast(3);
    } finally {
      result.cancel();
    }
  }

  @Test
  public void persistentPublishFailureFailsThePipelineVisibly() throws Exception {
    server.failPublishes(-1, 403);
    server.enqueue(
        SUBSCRIPTION,
        "{\"insertId\":\"y\"}".getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, "2026-11-20T00:00:00Z"));
    PipelineResult result = runPipeline();
    PipelineResult.State state;
    try {
      state = result.waitUntilFinish(Duration.standardSeconds(60));
    } catch (RuntimeException e) {
      // The DirectRunner surfaces the bundle failure as an exception from waitUntilFinish.
      assertThat(String.valueOf(e) + e.getCause()).contains("403");
      state = PipelineResult.State.FAILED;
    } finally {
      result.cancel();
    }
    assertWithMessage("job state 60 s after its publishes were refused (null: still running)")
        .that(state)
        .isEqualTo(PipelineResult.State.FAILED);
    assertThat(server.published(TOPIC)).isEmpty();
  }
}
