package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.model.Timestamps;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * An alerts-only streaming job ({@code --alertTopic}, no {@code --output}, no dead-letter table),
 * as the README's "Try streaming locally" allows, fed good entries and two messages a publisher got
 * wrong: an entry base64-encoded before publishing (so its data is base64 text: public threads such
 * as https://github.com/googleapis/google-cloud-python/issues/6127) and a gzip-compressed entry.
 * Such a job keeps its dead letters nowhere, and a streaming run prints no summary, so the bad
 * messages used to leave no trace the user could see (they are acknowledged like good ones): the
 * launch line now says bad input is only counted, and the progress line counts it.
 */
@RunWith(JUnit4.class)
public class StreamingAlertsOnlyIT extends AgainstFakePubsub {
  private static final String SUBSCRIPTION = LocalStreamingJob.SUBSCRIPTION;
  private static final String TOPIC = LocalStreamingJob.TOPIC;
  private static final int THRESHOLD = 3;

  /** For the FIRING and the progress line's count, on a machine shared with other builds. */
  private static final long SETTLE_MILLIS = 45_000;

  private static final String RULES = checkoutErrorsRules(THRESHOLD);

  @Test
  public void badMessagesOfAnAlertsOnlyJobAreCountedWhereTheUserSeesThem() throws Exception {
    job =
        LocalStreamingJob.startAlertsOnly(
            tmp,
            pubsub,
            RULES,
            Map.of("LOGALERTS_PROGRESS_QUIET_MS", "0", "LOGALERTS_PROGRESS_INTERVAL_MS", "500"));
    assertThat(job.stderr())
        .contains("; bad input only counted (keep it with --output or --deadLetterTable)");

    long now = System.currentTimeMillis();
    String nowText = Timestamps.formatMillis(now);
    Map<String, String> sink = Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, nowText);
    for (int i = 1; i <= THRESHOLD; i++) {
      pubsub.enqueue(SUBSCRIPTION, bytes(error("checkout-" + i, now + i)), sink);
    }
    // More errors of the same service, each published wrong: had any been read as an entry, the
    // FIRING's value would be above the threshold.
    pubsub.enqueue(SUBSCRIPTION, Base64.getEncoder().encode(bytes(error("base64-1", now))), sink);
    pubsub.enqueue(SUBSCRIPTION, gzip(bytes(error("gzip-1", now))), sink);
    // An entry published by hand without any attribute, as the README's curl loop does (Pub/Sub's
    // JSON then has no "attributes" at all): read like the others (INFO: no rule counts it).
    pubsub.enqueue(
        SUBSCRIPTION, bytes(error("by-hand-1", now).replace("\"ERROR\"", "\"INFO\"")), Map.of());
    // And one of 9 MB (Pub/Sub's limit is 10 MB; Cloud Logging's for an entry, 256 KB).
    String big = StreamingScriptIT.entry("big-1", "checkout", "x".repeat(9_000_000), now);
    pubsub.enqueue(SUBSCRIPTION, bytes(big), sink);

    job.awaitFiring("checkout", SETTLE_MILLIS);
    job.awaitStderr(THRESHOLD + 4 + " entries read (3 dead-lettered)", SETTLE_MILLIS);

    List<PublishedAlerts.Published> alerts = PublishedAlerts.read(pubsub, TOPIC);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).state()).isEqualTo("FIRING");
    assertThat(alerts.get(0).alert().path("value").asDouble()).isEqualTo((double) THRESHOLD);
    String stderr = job.stderr();
    assertWithMessage("stderr:\n%s", stderr).that(job.isAlive()).isTrue();
    assertThat(stderr).doesNotContain("Exception");
    assertThat(stderr).contains(THRESHOLD + 4 + " entries read (3 dead-lettered)");
  }

  private static String error(String id, long millis) {
    return StreamingScriptIT.entry(id, "checkout", "payment failed for order " + id, millis);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }
}
