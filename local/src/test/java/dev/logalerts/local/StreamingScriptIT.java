package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.model.Timestamps;
import dev.logalerts.testing.FakePubsubServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code scripts/run-local.sh --subscription=...} against an in-test Pub/Sub endpoint ({@link
 * FakePubsubServer}): the streaming job runs on the DirectRunner with no BigQuery, and while it
 * runs alerts land on the alert topic and in {@code DIR/alerts/}. The process is then stopped.
 *
 * <p>It also measures detection latency as README's "Detection latency" states it: for each of
 * {@value #INCIDENTS} services, errors below the threshold, then the crossing error; the latency is
 * the time from the server handing out the crossing entry (pull) to it receiving the FIRING
 * (publish). A threshold rule fires from a partial bucket, without waiting for the watermark
 * (Beam's Pub/Sub watermark holds back about a minute), so the bound asserted here is far below
 * that minute, yet loose enough for a build sharing two cores; the figures are printed.
 */
@RunWith(JUnit4.class)
public class StreamingScriptIT extends AgainstFakePubsub {
  private static final String SUBSCRIPTION = LocalStreamingJob.SUBSCRIPTION;
  private static final int INCIDENTS = 3;
  private static final int THRESHOLD = 3;

  /**
   * Most time for windows to close in a lull: PubsubIO's minute without messages, the window, and a
   * loaded machine.
   */
  private static final long QUIET_WAIT_MILLIS = 240_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Most time from pulling a crossing entry to its FIRING on the topic, on a loaded machine. */
  private static final long MAX_LATENCY_MILLIS = 30_000;

  static String entry(String id, String service, String text, long millis) {
    return "{\"insertId\":\""
        + id
        + "\",\"textPayload\":\""
        + text
        + "\",\"severity\":\"ERROR\",\"timestamp\":\""
        + Timestamps.formatMillis(millis)
        + "\",\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":\""
        + service
        + "\",\"project_id\":\"shop-prod\"}},"
        + "\"logName\":\"projects/shop-prod/logs/run.googleapis.com%2Fstderr\"}";
  }

  /** Publishes one error of {@code service}, timestamped now; returns its message id. */
  private String publishError(String id, String service) {
    long now = System.currentTimeMillis();
    return pubsub.enqueue(
        SUBSCRIPTION,
        entry(id, service, "payment failed for order " + id, now).getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(now)));
  }

  @Test
  public void firesWithinSecondsOfTheCrossingEntryWhileStreaming() throws Exception {
    job = LocalStreamingJob.start(tmp, pubsub, "1m", THRESHOLD);
    Path out = job.out;

    List<Long> latencies = new ArrayList<>();
    for (int i = 1; i <= INCIDENTS; i++) {
      String service = "checkout-" + i;
      for (int n = 1; n < THRESHOLD; n++) {
        publishError(service + "-" + n, service);
      }
      Thread.sleep(1500); // the crossing entry comes on its own, after the others were processed
      String crossing = publishError(service + "-" + THRESHOLD, service);
      FakePubsubServer.Message firing = job.awaitFiring(service, 2 * MAX_LATENCY_MILLIS);
      Long pulled = pubsub.firstPulledMillis(crossing);
      assertThat(pulled).isNotNull();
      latencies.add(firing.receivedMillis() - pulled);
      assertThat(firing.attributes()).containsEntry("state", "FIRING");
      assertThat(firing.text()).contains("checkout-errors");
    }
    System.out.println(
        "detection latency (crossing entry pulled -> FIRING published), ms: " + latencies);
    for (long latency : latencies) {
      assertThat(latency).isAtMost(MAX_LATENCY_MILLIS);
    }
    assertThat(job.isAlive()).isTrue();
    long deadline = System.currentTimeMillis() + MAX_LATENCY_MILLIS;
    while (!alertWritten(out.resolve("alerts"))) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("no FIRING alert in " + out.resolve("alerts"));
      }
      Thread.sleep(200);
    }
    String stderr = job.stderr();
    assertThat(stderr).contains("Streaming from " + SUBSCRIPTION);
    assertThat(stderr).doesNotContain("WARNING");
  }

  @Test
  public void resolvesAndWritesVolumeRowsWhileTheSubscriptionIsQuiet() throws Exception {
    // A lull after an incident: nothing is published after the errors, yet the windows close (the
    // watermark follows the clock a minute after the last message), so the alert resolves and the
    // minute's volume rows are written — and every message read was acknowledged.
    job = LocalStreamingJob.start(tmp, pubsub, "1m", THRESHOLD, "--noisyLogWindowMinutes=1");
    for (int n = 1; n <= THRESHOLD; n++) {
      publishError("checkout-" + n, "checkout");
    }
    for (int n = 1; n <= 40; n++) {
      long now = System.currentTimeMillis();
      pubsub.enqueue(
          SUBSCRIPTION,
          entry("info-" + n, "catalog", "served page " + n, now)
              .replace("\"ERROR\"", "\"INFO\"")
              .getBytes(StandardCharsets.UTF_8),
          Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(now)));
    }
    long quietSince = System.currentTimeMillis();
    job.awaitFiring("checkout", 2 * MAX_LATENCY_MILLIS);
    FakePubsubServer.Message resolved = job.awaitAlert("checkout", "RESOLVED", QUIET_WAIT_MILLIS);
    System.out.printf(
        "RESOLVED %d s after the last message%n", (resolved.receivedMillis() - quietSince) / 1000);
    assertThat(pubsub.unackedMessageIds(SUBSCRIPTION)).isEmpty();
    assertThat(pubsub.acknowledged(SUBSCRIPTION)).isEqualTo(THRESHOLD + 40);

    Path rows = job.out.resolve("noisy_logs");
    long deadline = System.currentTimeMillis() + QUIET_WAIT_MILLIS;
    while (countedEntries(rows) < THRESHOLD + 40) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "volume rows count " + countedEntries(rows) + " entries of " + (THRESHOLD + 40));
      }
      Thread.sleep(500);
    }
    assertThat(countedEntries(rows)).isEqualTo(THRESHOLD + 40);
  }

  /** The sum of {@code count} over the noisy-log rows written under {@code dir} so far. */
  static long countedEntries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    long sum = 0;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (dir.relativize(p).toString().startsWith(".")) {
          continue;
        }
        for (String line : Files.readAllLines(p)) {
          if (!line.isBlank()) {
            sum += JSON.readTree(line).path("count").asLong();
          }
        }
      }
    }
    return sum;
  }

  static boolean alertWritten(Path dir) throws IOException {
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
