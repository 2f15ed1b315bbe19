package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.io.RulesSideInput;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.Timestamps;
import dev.logalerts.testing.FakePubsubServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.joda.time.Duration;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The whole streaming job as deployed ({@link LogAlertsPipeline#build}), on the DirectRunner:
 * LogEntry messages pulled from a subscription through PubsubIO's real client ({@link
 * FakePubsubServer}), alerts published to the alert topic and written with the Storage Write API to
 * the alert, noisy-log and dead-letter tables (Beam's fake BigQuery services). The rules file is
 * edited while the job runs: the first version's threshold (100) cannot fire, the edited one (3)
 * fires on the entries already counted, without a redeploy.
 *
 * <p>Kept short (under a minute when the machine is idle): the rules are re-read every {@value
 * #RULES_REFRESH_SECONDS} seconds (the hidden test-only option {@code rulesRefreshSeconds}), the
 * rule is evaluated every 10 seconds, noisy-log windows are one minute, and a trickle of INFO
 * entries keeps PubsubIO's watermark moving. Each wait fails after {@value #WAIT_MILLIS} ms
 * ({@value #NOISY_ROWS_WAIT_MILLIS} for the noisy-log rows, which follow the watermark), naming
 * what it waited for.
 */
@RunWith(JUnit4.class)
public class StreamingJobEndToEndIT {
  private static final String SUBSCRIPTION = "projects/test-project/subscriptions/logs";
  private static final String TOPIC = "projects/test-project/topics/alerts";
  // Per wait; everything but the noisy-log rows usually comes within seconds.
  private static final long WAIT_MILLIS = 120_000;
  private static final long NOISY_ROWS_WAIT_MILLIS = 240_000;
  private static final int RULES_REFRESH_SECONDS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakePubsubServer pubsub;
  private FakeJobTables tables;

  @Before
  public void setUp() throws Exception {
    pubsub = FakePubsubServer.start();
    tables = new FakeJobTables("logalerts_streaming");
  }

  @After
  public void tearDown() {
    pubsub.close();
  }

  static String rules(int threshold) {
    return "rules:\n"
        + "  - name: checkout-errors\n"
        + "    type: threshold\n"
        + "    filter: 'severity>=ERROR'\n"
        + "    groupBy: [service]\n"
        + "    window: 10m\n"
        + "    period: 10s\n"
        + "    threshold: "
        + threshold
        + "\n"
        + "    severity: critical\n";
  }

  static String entry(String id, long millis) {
    return "{\"insertId\":\""
        + id
        + "\",\"textPayload\":\"payment failed for order "
        + id
        + "\",\"severity\":\"ERROR\",\"timestamp\":\""
        + Timestamps.formatMillis(millis)
        + "\",\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":\"checkout\","
        + "\"project_id\":\"shop-prod\"}},\"logName\":\"projects/shop-prod/logs/run.googleapis.com%2Fstderr\"}";
  }

  private synchronized void publish(String json, long millis) {
    pubsub.enqueue(
        SUBSCRIPTION,
        json.getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(millis)));
  }

  private LogAlertsOptions options(Path rulesFile) {
    LogAlertsOptions o = PipelineOptionsFactory.create().as(LogAlertsOptions.class);
    o.setRunner(DirectRunner.class);
    o.as(StreamingOptions.class).setStreaming(true);
    o.as(DirectOptions.class).setBlockOnRun(false);
    o.as(PubsubOptions.class).setPubsubRootUrl(pubsub.rootUrl());
    o.as(PubsubOptions.class).setCredentialFactoryClass(NoopCredentialFactory.class);
    o.as(PubsubOptions.class).setProject(FakeJobTables.PROJECT);
    o.setTempLocation(tmp.getRoot().toString());
    o.setInputSubscription(SUBSCRIPTION);
    o.setAlertTopic(TOPIC);
    tables.routeTo(o);
    o.setRulesPath(rulesFile.toString());
    o.setRulesRefreshSeconds(RULES_REFRESH_SECONDS);
    o.setNoisyLogWindowMinutes(1);
    return o;
  }

  /**
   * Polls until {@code condition}; fails with the job's error if it stopped (waiting on the result
   * is what surfaces it) or, on timeout, with its counters (what did flow).
   */
  private static void waitFor(PipelineResult result, String what, BooleanSupplier condition) {
    waitFor(result, what, condition, WAIT_MILLIS);
  }

  private static void waitFor(
      PipelineResult result, String what, BooleanSupplier condition, long waitMillis) {
    long start = System.currentTimeMillis();
    long deadline = start + waitMillis;
    while (!condition.getAsBoolean()) {
      PipelineResult.State state = result.waitUntilFinish(Duration.millis(250));
      if (state != null && state.isTerminal()) {
        throw new AssertionError("the job ended (" + state + ") before " + what);
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "timed out after "
                + waitMillis / 1000
                + " s waiting for "
                + what
                + "; counters: "
                + PipelineCounters.all(result));
      }
    }
    System.out.printf("waited %d ms for %s%n", System.currentTimeMillis() - start, what);
  }

  private List<TableRow> rows(String table) {
    return tables.rows(table);
  }

  @Test
  public void editedRulesFireWithoutRedeployAndEveryOutputLands() throws Exception {
    Path rulesFile = tmp.newFile("rules.yaml").toPath();
    Files.writeString(rulesFile, rules(100));
    LogAlertsOptions options = options(rulesFile);
    Pipeline pipeline = Pipeline.create(options);
    LogAlertsPipeline.build(pipeline, options, tables.sinks(options));

    long now = System.currentTimeMillis();
    for (int i = 0; i < 3; i++) {
      publish(entry("e" + i, now - 20_000 + i * 1000), now - 20_000 + i * 1000);
    }
    publish("{\"insertId\": oops", now);

    PipelineResult result = pipeline.run();
    // Pub/Sub's watermark follows the publish times of recently pulled messages: a steady trickle
    // of INFO entries keeps it moving, as traffic does in production.
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger ticks = new AtomicInteger();
    ticker.scheduleAtFixedRate(
        () -> {
          long t = System.currentTimeMillis();
          publish(tick("t" + ticks.incrementAndGet(), t), t);
        },
        0,
        250,
        TimeUnit.MILLISECONDS);
    try {
      // The first version is in use once the entries matched (MatchRules waits for the rules).
      waitFor(result, "3 matches", () -> PipelineCounters.get(result, "rule_matches") >= 3);
      Files.writeString(rulesFile, rules(3));
      waitFor(
          result,
          "the reload of the edited rules",
          () -> PipelineCounters.get(result, RulesSideInput.RELOADED_COUNTER) >= 1);
      waitFor(result, "an alert on the topic", () -> !pubsub.published(TOPIC).isEmpty());

      FakePubsubServer.Message message = pubsub.published(TOPIC).get(0);
      JsonNode alert = JSON.readTree(message.text());
      assertThat(alert.get("rule").asText()).isEqualTo("checkout-errors");
      assertThat(alert.get("state").asText()).isEqualTo("FIRING");
      assertThat(alert.get("threshold").asDouble()).isEqualTo(3.0);
      assertThat(alert.get("value").asDouble()).isEqualTo(3.0);
      assertThat(alert.get("group").get("service").asText()).isEqualTo("checkout");
      assertThat(message.attributes())
          .containsAtLeast(
              "rule",
              "checkout-errors",
              "severity",
              "critical",
              "state",
              "FIRING",
              "alertId",
              alert.get("alertId").asText(),
              "sequence",
              "1");
      // One incident's messages are ordered on the alertId (subscriptions with message ordering).
      assertThat(alert.get("sequence").asLong()).isEqualTo(1);
      assertThat(message.orderingKey()).isEqualTo(alert.get("alertId").asText());

      waitFor(result, "the alert row", () -> !rows("alerts").isEmpty());
      assertThat(FakeJobTables.field(rows("alerts").get(0), "alertId"))
          .isEqualTo(alert.get("alertId").asText());
      assertThat(JSON.readTree(FakeJobTables.field(rows("alerts").get(0), "group")))
          .isEqualTo(alert.get("group"));
      waitFor(result, "the dead letter row", () -> !rows("deadletter").isEmpty());
      assertThat(FakeJobTables.field(rows("deadletter").get(0), "errorMessage"))
          .startsWith("[invalid_json]");
      // Noisy-log rows wait for PubsubIO's watermark to pass a one-minute window. Its reader
      // estimates the watermark as the oldest timestamp read in the last minute, so the rows of a
      // window come one to two minutes after its first entry (75 s measured), more when loaded.
      waitFor(
          result,
          "noisy-log rows for the 3 errors",
          () -> errorsAccounted() >= 3,
          NOISY_ROWS_WAIT_MILLIS);
      assertThat(errorsAccounted()).isEqualTo(3);
      assertThat(PipelineCounters.get(result, "bigquery_rows_rejected")).isEqualTo(0);
      assertThat(PipelineCounters.get(result, RulesSideInput.RELOAD_FAILED_COUNTER)).isEqualTo(0);
    } finally {
      ticker.shutdownNow();
      result.cancel();
    }
  }

  static String tick(String id, long millis) {
    return entry(id, millis)
        .replace("\"ERROR\"", "\"INFO\"")
        .replace("payment failed", "heartbeat");
  }

  /** Entries of severity ERROR in the noisy-log rows (the rest are the INFO trickle). */
  private long errorsAccounted() {
    return rows("noisy_logs").stream()
        .filter(r -> "ERROR".equals(FakeJobTables.field(r, "severity")))
        .mapToLong(r -> Long.parseLong(FakeJobTables.field(r, "count")))
        .sum();
  }
}
