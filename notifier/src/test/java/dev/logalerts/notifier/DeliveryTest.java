package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.notifier.CaptureServer.Reply;
import dev.logalerts.notifier.Delivery.Outcome;
import dev.logalerts.notifier.Delivery.Result;
import dev.logalerts.notifier.NotifierConfig.DeliverySettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Retries: 429/5xx with bounded backoff honouring Retry-After; other 4xx are permanent. */
@RunWith(JUnit4.class)
public class DeliveryTest {
  private final CaptureServer server = new CaptureServer();
  private final List<Duration> waits = new ArrayList<>();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final Delivery delivery =
      new Delivery(
          HttpClient.newHttpClient(),
          new DeliverySettings(
              4, Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5)),
          waits::add,
          new Redactor(Set.of("s3cr3t-token")),
          new Log(new PrintStream(logs, true), new Redactor(Set.of("s3cr3t-token"))));

  public DeliveryTest() throws Exception {}

  @After
  public void close() {
    server.close();
  }

  private Result send(String path) {
    return delivery.send(
        new OutboundRequest("r", server.url(path), "masked", Map.of("X-A", "1"), "{\"a\":1}"));
  }

  @Test
  public void retryAfterIsHonouredOn429() {
    server.script(
        "/h",
        new Reply(429, "2", "slow down"),
        new Reply(503, null, ""),
        new Reply(200, null, "ok"));
    Result r = send("/h");
    assertThat(r.outcome()).isEqualTo(Outcome.SENT);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(200)).inOrder();
    assertThat(server.requests("/h")).hasSize(3);
    assertThat(server.requests("/h").get(0).header("X-A")).isEqualTo("1");
    assertThat(server.requests("/h").get(0).header("Content-Type")).startsWith("application/json");
  }

  @Test
  public void retryAfterAsHttpDate() {
    String at =
        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
            java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(3));
    Duration d = Delivery.retryAfter(at);
    assertThat(d.toMillis()).isIn(com.google.common.collect.Range.closed(1000L, 3000L));
    assertThat(Delivery.retryAfter("soon")).isNull();
  }

  @Test
  public void serverErrorsAreRetriedWithBoundedExponentialBackoff() {
    Reply e = new Reply(500, null, "boom");
    server.script("/h", e, e, e, e, e);
    Result r = send("/h");
    assertThat(r.outcome()).isEqualTo(Outcome.RETRYABLE);
    assertThat(r.attempts()).isEqualTo(4);
    assertThat(r.status()).isEqualTo(500);
    assertThat(waits)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400))
        .inOrder();
    assertThat(server.requests("/h")).hasSize(4);
  }

  @Test
  public void aRetryAfterBeyondMaxBackoffEndsTheAttempts() {
    server.script("/h", new Reply(429, "3600", ""));
    Result r = send("/h");
    assertThat(r.outcome()).isEqualTo(Outcome.RETRYABLE);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(waits).isEmpty();
    assertThat(r.detail()).contains("Retry-After 3600s");
  }

  @Test
  public void otherClientErrorsArePermanentAndSecretsAreMasked() {
    server.script("/h", new Reply(400, null, "invalid_payload for token s3cr3t-token"));
    Result r = send("/h");
    assertThat(r.outcome()).isEqualTo(Outcome.PERMANENT);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.detail()).isEqualTo("HTTP 400: invalid_payload for token ***");
    assertThat(server.requests("/h")).hasSize(1);
  }

  @Test
  public void networkErrorsAreRetried() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r =
        delivery.send(
            new OutboundRequest("r", "http://127.0.0.1:" + port + "/x", "m", Map.of(), "{}"));
    assertThat(r.outcome()).isEqualTo(Outcome.RETRYABLE);
    assertThat(r.status()).isEqualTo(0);
    assertThat(r.attempts()).isEqualTo(4);
  }

  @Test
  public void nothingListeningIsNamedByItsAddressNotTheJdksClassName() throws Exception {
    // Was "network error: ConnectException", which said neither what nor where.
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Result r =
        delivery.send(
            new OutboundRequest(
                "am",
                "http://127.0.0.1:" + port + "/api/v2/alerts?token=s3cr3t-token",
                "masked",
                Map.of(),
                "[]"));
    assertThat(r.outcome()).isEqualTo(Outcome.RETRYABLE);
    assertThat(r.attempts()).isEqualTo(4);
    assertThat(r.detail())
        .isEqualTo(
            "network error: cannot connect to 127.0.0.1:" + port + " (refused or unreachable)");
  }
}
