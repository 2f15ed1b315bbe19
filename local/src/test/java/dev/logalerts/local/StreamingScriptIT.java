package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.model.Timestamps;
import dev.logalerts.testing.FakePubsubServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code scripts/run-local.sh --subscription=...} against an in-test Pub/Sub endpoint ({@link
 * FakePubsubServer}): the streaming job runs on the DirectRunner with no BigQuery, and while it
 * runs an alert lands in {@code DIR/alerts/} and on the alert topic. The process is then stopped.
 */
@RunWith(JUnit4.class)
public class StreamingScriptIT {
  private static final String SUBSCRIPTION = "projects/test-project/subscriptions/logs";
  private static final String TOPIC = "projects/test-project/topics/alerts";

  /** For the job to start (JVM, rules, pipeline construction) on a loaded machine. */
  private static final long LAUNCH_MILLIS = 90_000;

  /**
   * For the alert once the job runs: Pub/Sub's watermark is the oldest event time pulled in the
   * last minute, so the errors' bucket closes about a minute after they were pulled.
   */
  private static final long WAIT_MILLIS = 120_000;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private FakePubsubServer pubsub;
  private ScheduledExecutorService ticker;
  private Process process;

  @Before
  public void setUp() throws IOException {
    pubsub = FakePubsubServer.start();
    ticker = Executors.newSingleThreadScheduledExecutor();
  }

  @After
  public void tearDown() throws InterruptedException {
    ticker.shutdownNow();
    if (process != null) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    pubsub.close();
  }

  static String entry(String id, String severity, String text, long millis) {
    return "{\"insertId\":\""
        + id
        + "\",\"textPayload\":\""
        + text
        + "\",\"severity\":\""
        + severity
        + "\",\"timestamp\":\""
        + Timestamps.formatMillis(millis)
        + "\",\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":"
        + "\"checkout\",\"project_id\":\"shop-prod\"}},"
        + "\"logName\":\"projects/shop-prod/logs/run.googleapis.com%2Fstderr\"}";
  }

  private synchronized void publish(String json, long millis) {
    pubsub.enqueue(
        SUBSCRIPTION,
        json.getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(millis)));
  }

  @Test
  public void streamsFromPubsubAndWritesAlertsWhileRunning() throws Exception {
    Path rules = tmp.newFile("rules.yaml").toPath();
    Files.writeString(
        rules,
        "rules:\n"
            + "  - name: checkout-errors\n"
            + "    type: threshold\n"
            + "    filter: 'severity>=ERROR'\n"
            + "    groupBy: [service]\n"
            + "    window: 1m\n"
            + "    period: 10s\n"
            + "    threshold: 3\n"
            + "    severity: critical\n");
    Path out = tmp.newFolder("out").toPath();
    Path logs = tmp.newFolder("logs").toPath();

    long now = System.currentTimeMillis();
    for (int i = 0; i < 3; i++) {
      long t = now - 20_000 + i * 1000;
      publish(entry("e" + i, "ERROR", "payment failed for order " + i, t), t);
    }
    // Pub/Sub's watermark follows the publish times of pulled messages: a trickle keeps it moving.
    AtomicInteger ticks = new AtomicInteger();
    ticker.scheduleAtFixedRate(
        () -> {
          long t = System.currentTimeMillis();
          publish(entry("t" + ticks.incrementAndGet(), "INFO", "heartbeat", t), t);
        },
        0,
        250,
        TimeUnit.MILLISECONDS);

    process =
        ScriptRunner.builder(
                logs,
                Map.of(),
                "scripts/run-local.sh",
                "--subscription=" + SUBSCRIPTION,
                "--pubsubRootUrl=" + pubsub.rootUrl(),
                "--alertTopic=" + TOPIC,
                "--rules=" + rules,
                "--output=" + out,
                "--tempLocation=" + tmp.newFolder("temp"))
            .start();
    process.getOutputStream().close();

    long launchDeadline = System.currentTimeMillis() + LAUNCH_MILLIS;
    while (!Files.readString(logs.resolve("stderr.txt")).contains("Streaming from")) {
      if (!process.isAlive() || System.currentTimeMillis() > launchDeadline) {
        throw new AssertionError(
            "waited "
                + LAUNCH_MILLIS / 1000
                + " s for run-local.sh to start streaming (its 'Streaming from' line); "
                + (process.isAlive() ? "still running" : "exited " + process.exitValue())
                + "; stderr:\n"
                + Files.readString(logs.resolve("stderr.txt")));
      }
      Thread.sleep(200);
    }
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!alertWritten(out.resolve("alerts")) || pubsub.published(TOPIC).isEmpty()) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "run-local.sh exited ("
                + process.exitValue()
                + ") before an alert was written; stderr:\n"
                + Files.readString(logs.resolve("stderr.txt")));
      }
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "waited "
                + WAIT_MILLIS / 1000
                + " s for a FIRING alert in "
                + out.resolve("alerts")
                + " and on "
                + TOPIC
                + " (alert file: "
                + alertWritten(out.resolve("alerts"))
                + ", topic got "
                + pubsub.published(TOPIC).size()
                + ", noisy-log rows: "
                + lines(out.resolve("noisy_logs"))
                + ", entries acknowledged: "
                + pubsub.acknowledged(SUBSCRIPTION)
                + "); stderr:\n"
                + Files.readString(logs.resolve("stderr.txt")));
      }
      Thread.sleep(500);
    }
    assertThat(process.isAlive()).isTrue();
    assertThat(pubsub.published(TOPIC).get(0).text()).contains("checkout-errors");
    String stderr = Files.readString(logs.resolve("stderr.txt"));
    assertThat(stderr).contains("Streaming from " + SUBSCRIPTION);
    assertThat(stderr).doesNotContain("WARNING");
  }

  /** Rows written under {@code dir}: noisy-log rows appear only once the watermark passes. */
  private static long lines(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !dir.relativize(p).toString().startsWith("."))
          .mapToLong(
              p -> {
                try {
                  return Files.readAllLines(p).size();
                } catch (IOException e) {
                  return 0;
                }
              })
          .sum();
    }
  }

  private static boolean alertWritten(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> !dir.relativize(p).toString().startsWith("."))
          .anyMatch(
              p -> {
                try {
                  return Files.readString(p).contains("\"FIRING\"");
                } catch (IOException e) {
                  return false;
                }
              });
    }
  }
}
