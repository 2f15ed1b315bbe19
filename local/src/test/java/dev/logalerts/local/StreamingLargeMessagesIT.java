package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.model.Timestamps;
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
 * Large messages on the log topic. Cloud Logging takes entries of up to 256 KB
 * (https://cloud.google.com/logging/quotas), Pub/Sub messages of up to 10 MB
 * (https://cloud.google.com/pubsub/quotas), and Beam's reader asks for up to 1,000 messages per
 * pull. The fake endpoint hands out everything waiting in one pull: here about 10 MB of entries
 * near Cloud Logging's limit, with a message of another producer above the job's {@code
 * maxEntryBytes} (1 MiB) among them, read by a job whose heap is 256 MB.
 */
@RunWith(JUnit4.class)
public class StreamingLargeMessagesIT extends AgainstFakePubsub {
  private static final String SUBSCRIPTION = LocalStreamingJob.SUBSCRIPTION;
  private static final String TOPIC = LocalStreamingJob.TOPIC;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Entries just under Cloud Logging's 256 KB each: about 10 MB in all. */
  private static final int LARGE = 40;

  private static final int ENTRY_BYTES = 255 * 1024;
  private static final int ERRORS = 3;
  private static final long SETTLE_MILLIS = 40_000;

  @Test
  public void entriesNearTheLimitInOnePullAreParsedAndTheOversizedOneIsDeadLettered()
      throws Exception {
    job =
        LocalStreamingJob.startWithEnv(
            tmp,
            pubsub,
            checkoutErrorsRules(ERRORS),
            Map.of(
                "JAVA_OPTS",
                "-Xmx256m",
                "LOGALERTS_PROGRESS_QUIET_MS",
                "0",
                "LOGALERTS_PROGRESS_INTERVAL_MS",
                "500"));
    long now = System.currentTimeMillis();
    Map<String, String> attributes =
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(now));
    List<String> ids = new ArrayList<>();
    String shell = StreamingScriptIT.entry("big-0", "batch", "", now).replace("ERROR", "INFO");
    for (int i = 0; i < LARGE; i++) {
      // A stack dump of a batch job: one long text payload.
      String text = ("at com.example.batch.Step" + i + ".run(Step.java:42) ").repeat(8_000);
      ids.add(pubsub.enqueue(SUBSCRIPTION, bytes(fit(shell, i, text)), attributes));
      if (i % 13 == 0 && i < 13 * ERRORS) {
        String id = "checkout-" + (i / 13 + 1);
        ids.add(
            pubsub.enqueue(
                SUBSCRIPTION,
                bytes(StreamingScriptIT.entry(id, "checkout", "payment failed " + id, now)),
                attributes));
      }
    }
    // Another producer's 2 MB message: Pub/Sub takes it, the job's limit does not.
    String huge = fit(shell, 99, "x".repeat(2 * 1024 * 1024));
    ids.add(pubsub.enqueue(SUBSCRIPTION, bytes(huge), attributes));

    long start = System.currentTimeMillis();
    PublishedAlerts.Published firing = null;
    FiringWait:
    while (System.currentTimeMillis() - start < SETTLE_MILLIS) {
      for (PublishedAlerts.Published p : PublishedAlerts.read(pubsub, TOPIC)) {
        if (p.state().equals("FIRING")) {
          firing = p;
          break FiringWait;
        }
      }
      assertWithMessage("stderr:\n%s", job.stderr()).that(job.isAlive()).isTrue();
      Thread.sleep(200);
    }
    assertWithMessage("no FIRING in %s ms; stderr:\n%s", SETTLE_MILLIS, job.stderr())
        .that(firing)
        .isNotNull();
    assertThat(firing.alert().path("value").asDouble()).isEqualTo((double) ERRORS);
    List<JsonNode> deadLetters = awaitRows(job.out.resolve("deadletter"), 1);
    System.out.println(
        "large messages: FIRING and the dead letter "
            + (System.currentTimeMillis() - start)
            + " ms after publishing; stderr:\n"
            + job.stderr());

    assertThat(deadLetters).hasSize(1);
    assertThat(deadLetters.get(0).path("errorMessage").asText())
        .isEqualTo(
            "[too_large] entry is "
                + huge.length()
                + " bytes, more than the limit of 1048576 bytes");
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    while (pubsub.acknowledged(SUBSCRIPTION) < ids.size()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
    }
    assertThat(pubsub.acknowledged(SUBSCRIPTION)).isEqualTo(ids.size());
    assertThat(pubsub.unackedMessageIds(SUBSCRIPTION)).isEmpty();
    // Each counted once. (A message may be handed out twice: a reader the runner resumes from a
    // checkpoint nacks what it had pulled and not yet given out, and Pub/Sub hands that out again.)
    job.awaitStderr("progress: " + ids.size() + " entries read (1 dead-lettered)", SETTLE_MILLIS);
    Thread.sleep(1_000);
    long mostRead =
        job.stderr()
            .lines()
            .filter(l -> l.startsWith("progress: "))
            .mapToLong(
                l ->
                    Long.parseLong(
                        l.replaceAll("^progress: ([\\d,]+) entries.*", "$1").replace(",", "")))
            .max()
            .orElse(0);
    assertThat(mostRead).isEqualTo(ids.size());
    assertWithMessage("stderr:\n%s", job.stderr()).that(job.isAlive()).isTrue();
    assertThat(job.stderr()).doesNotContain("OutOfMemoryError");
    assertThat(job.stderr()).doesNotContain("Exception");
  }

  /** The entry {@code i} of {@code shell} with {@code text}, cut to ENTRY_BYTES at most. */
  private static String fit(String shell, int i, String text) {
    String head = shell.replace("big-0", "big-" + i);
    int room = ENTRY_BYTES - head.length();
    String cut =
        text.length() > room && text.length() < 1024 * 1024 ? text.substring(0, room) : text;
    return head.replace("\"textPayload\":\"\"", "\"textPayload\":\"" + cut + "\"");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<JsonNode> awaitRows(Path dir, int n) throws Exception {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    while (true) {
      List<JsonNode> rows = new ArrayList<>();
      if (Files.isDirectory(dir)) {
        try (Stream<Path> walk = Files.walk(dir)) {
          for (Path f :
              walk.filter(Files::isRegularFile)
                  .filter(p -> !dir.relativize(p).toString().startsWith("."))
                  .toList()) {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
              if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
              }
            }
          }
        }
      }
      if (rows.size() >= n || System.currentTimeMillis() > deadline) {
        return rows;
      }
      Thread.sleep(200);
    }
  }
}
