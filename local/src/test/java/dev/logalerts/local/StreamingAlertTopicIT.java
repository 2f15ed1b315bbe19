package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.model.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The alert topic refusing publishes for a while, as Pub/Sub does when it is unavailable (503
 * UNAVAILABLE) or throttles a publisher (429 RESOURCE_EXHAUSTED; both retryable per
 * https://cloud.google.com/pubsub/docs/reference/error-codes), while the subscription still
 * answers.
 */
@RunWith(JUnit4.class)
public class StreamingAlertTopicIT extends AgainstFakePubsub {
  private static final String SUBSCRIPTION = LocalStreamingJob.SUBSCRIPTION;
  private static final String TOPIC = LocalStreamingJob.TOPIC;
  private static final int THRESHOLD = 3;
  private static final long SETTLE_MILLIS = 45_000;

  @Test
  public void publishesRefusedForAWhileAreSaidAndTheAlertArrivesOnceWhenTheyPass()
      throws Exception {
    job = LocalStreamingJob.startWithEnv(tmp, pubsub, checkoutErrorsRules(THRESHOLD), Map.of());
    pubsub.failPublishes(-1, 503);
    long now = System.currentTimeMillis();
    for (int i = 1; i <= THRESHOLD; i++) {
      pubsub.enqueue(
          SUBSCRIPTION,
          StreamingScriptIT.entry("c-" + i, "checkout", "payment failed", now)
              .getBytes(StandardCharsets.UTF_8),
          Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(now)));
    }
    // Beam's client repeats a refused publish for about two minutes without a word.
    job.awaitStderr("warning: Pub/Sub has not taken alerts for ", SETTLE_MILLIS);
    assertThat(pubsub.publishAttempts()).isGreaterThan(0);
    assertThat(pubsub.published(TOPIC)).isEmpty();

    pubsub.failPublishes(0, 503);
    job.awaitStderr("Pub/Sub takes alerts again after ", SETTLE_MILLIS);
    List<PublishedAlerts.Published> alerts = PublishedAlerts.read(pubsub, TOPIC);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).state()).isEqualTo("FIRING");
    assertThat(alerts.get(0).alert().path("value").asDouble()).isEqualTo((double) THRESHOLD);
    String stderr = job.stderr();
    System.out.println("alert topic refusing publishes; stderr:\n" + stderr);
    assertWithMessage("stderr:\n%s", stderr).that(job.isAlive()).isTrue();
    assertThat(stderr.lines().filter(l -> l.startsWith("warning: Pub/Sub has not taken")).count())
        .isEqualTo(1);
    assertThat(stderr).doesNotContain("error:");
    assertThat(stderr).doesNotContain("Exception");
  }
}
