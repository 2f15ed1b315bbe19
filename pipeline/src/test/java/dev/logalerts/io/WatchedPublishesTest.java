package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import com.google.api.client.http.HttpHeaders;
import com.google.api.client.http.HttpResponseException;
import dev.logalerts.testing.FakePubsubServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubClient;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubJsonClient;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A local run's alert publishes while the topic refuses them: 429 RESOURCE_EXHAUSTED and 503
 * UNAVAILABLE are Pub/Sub's retryable refusals, 403 PERMISSION_DENIED and 404 NOT_FOUND are not
 * (https://cloud.google.com/pubsub/docs/reference/error-codes).
 */
@RunWith(JUnit4.class)
public class WatchedPublishesTest {
  private static final String TOPIC = "projects/test-project/topics/alerts";

  @Test
  public void refusedPublishesAreRepeatedUntilTakenAndSaidOnce() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Integer> refusals = List.of(503, 429);
    String said =
        StandardError.of(
            () ->
                assertThat(
                        WatchedPublishes.untilTaken(
                            () -> {
                              int n = calls.getAndIncrement();
                              if (n < refusals.size()) {
                                throw status(refusals.get(n));
                              }
                              return 1;
                            },
                            outage(60_000)))
                    .isEqualTo(1));
    assertThat(calls.get()).isEqualTo(3);
    String[] lines = said.split("\n");
    assertThat(lines).hasLength(2);
    assertThat(lines[0])
        .isEqualTo(
            "warning: Pub/Sub does not take alerts (HttpResponseException: 503 status 503, POST"
                + " http://localhost/v1/projects/test-project/topics/alerts:publish); retrying"
                + " until it does. Alerts wait meanwhile, and are published once it does.");
    assertThat(lines[1])
        .matches("Pub/Sub takes alerts again after [0-9] s \\(2 failed calls\\)\\.");
  }

  @Test
  public void aTopicDeletedOrForbiddenStillFailsThePublishAtOnce() throws Exception {
    for (int code : new int[] {403, 404}) {
      AtomicInteger calls = new AtomicInteger();
      String said =
          StandardError.of(
              () -> {
                IOException e =
                    assertThrows(
                        IOException.class,
                        () ->
                            WatchedPublishes.untilTaken(
                                () -> {
                                  calls.incrementAndGet();
                                  throw status(code);
                                },
                                outage(60_000)));
                assertThat(e.getMessage()).startsWith(code + " ");
              });
      assertThat(calls.get()).isEqualTo(1);
      assertThat(said).isEmpty();
    }
  }

  /**
   * Through Beam's JSON client against the fake endpoint: throttled twice, the client repeats the
   * call itself, which takes over a second; the wait is said, and the alert is published once.
   */
  @Test
  public void aThrottledTopicIsSaidWhileTheClientRepeatsAndTheAlertIsPublishedOnce()
      throws Exception {
    try (FakePubsubServer pubsub = FakePubsubServer.start()) {
      pubsub.failPublishes(2, 429);
      PubsubOptions options = PipelineOptionsFactory.create().as(PubsubOptions.class);
      options.setPubsubRootUrl(pubsub.rootUrl());
      String said =
          StandardError.of(
              () -> {
                try (PubsubClient client =
                    new WatchedPublishes(PubsubJsonClient.FACTORY, 500)
                        .newClient(null, null, options)) {
                  int published =
                      client.publish(
                          PubsubClient.topicPathFromPath(TOPIC),
                          List.of(
                              PubsubClient.OutgoingMessage.of(
                                  com.google.pubsub.v1.PubsubMessage.newBuilder()
                                      .setData(com.google.protobuf.ByteString.copyFromUtf8("{}"))
                                      .putAllAttributes(Map.of("state", "FIRING"))
                                      .build(),
                                  0L,
                                  null,
                                  null)));
                  assertThat(published).isEqualTo(1);
                }
              });
      assertThat(pubsub.publishAttempts()).isEqualTo(3);
      assertThat(pubsub.published(TOPIC)).hasSize(1);
      String[] lines = said.split("\n");
      assertThat(lines).hasLength(2);
      assertThat(lines[0]).startsWith("warning: Pub/Sub has not taken alerts for 0 s (");
      assertThat(lines[1]).matches("Pub/Sub takes alerts again after [0-9] s\\.");
    }
  }

  private static PubsubOutage outage(long stallMillis) {
    return new PubsubOutage(PubsubOutage.Side.ALERT_PUBLISHES, stallMillis);
  }

  private static IOException status(int code) {
    return new HttpResponseException.Builder(code, "status " + code, new HttpHeaders())
        .setMessage(code + " status " + code + "\nPOST http://localhost/v1/" + TOPIC + ":publish")
        .build();
  }
}
