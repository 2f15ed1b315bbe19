package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;

import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.json.webtoken.JsonWebSignature;
import com.google.auth.oauth2.TokenVerifier;
import dev.logalerts.notifier.CaptureServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The push endpoint: OIDC tokens are verified (signature, audience, issuer, expiry, service account
 * email), the Pub/Sub envelope is unwrapped, and the answer is 204 (acknowledge) except for
 * retryable failures (503).
 */
@RunWith(JUnit4.class)
public class NotifierServerTest {
  static final String AUDIENCE = "https://notifier-abc-ew.a.run.app/push";
  static final String PUSHER = "logalerts-push@demo.iam.gserviceaccount.com";

  private final CaptureServer receivers = new CaptureServer();
  private final KeyPair keys;
  private final NotifierServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  public NotifierServerTest() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
    NotifierConfig config =
        ConfigLoader.parse(
            "n.yaml",
            String.join(
                "\n",
                "receivers: [{name: audit, webhook: {url: \"" + receivers.url("/hook") + "\"}}]",
                "routes: [{match: {}, receivers: [audit]}]",
                "delivery: {maxAttempts: 1}",
                ""),
            k -> null);
    Log log = new Log(new PrintStream(new ByteArrayOutputStream()), new Redactor(config.secrets()));
    Notifier notifier =
        new Notifier(
            config,
            new Delivery(config.delivery(), new Redactor(config.secrets()), log),
            null,
            log);
    TokenVerifier verifier =
        TokenVerifier.newBuilder().setAudience(AUDIENCE).setPublicKey(keys.getPublic()).build();
    server = new NotifierServer(0, notifier, PushAuth.oidc(verifier, PUSHER), log);
    server.start();
  }

  @After
  public void close() {
    server.stop();
    receivers.close();
  }

  private String token(String audience, String email, long expiresInSeconds) throws Exception {
    JsonWebSignature.Header header =
        new JsonWebSignature.Header().setAlgorithm("RS256").setKeyId("k1");
    long now = System.currentTimeMillis() / 1000;
    JsonWebSignature.Payload payload =
        new JsonWebSignature.Payload()
            .setIssuer("https://accounts.google.com")
            .setAudience(audience)
            .setIssuedAtTimeSeconds(now)
            .setExpirationTimeSeconds(now + expiresInSeconds)
            .setSubject("1234");
    payload.set("email", email);
    payload.set("email_verified", true);
    return JsonWebSignature.signUsingRsaSha256(
        keys.getPrivate(), GsonFactory.getDefaultInstance(), header, payload);
  }

  private int push(String token, String alertJson) throws Exception {
    String envelope =
        "{\"message\":{\"data\":\""
            + Base64.getEncoder().encodeToString(alertJson.getBytes(StandardCharsets.UTF_8))
            + "\",\"attributes\":{\"state\":\"FIRING\"},\"messageId\":\"1\"},"
            + "\"subscription\":\"projects/demo/subscriptions/notifier\"}";
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/push"))
            .POST(HttpRequest.BodyPublishers.ofString(envelope));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  public void verifiedPushIsDeliveredAndAcknowledged() throws Exception {
    String alert = TestAlerts.json("a".repeat(32), "FIRING", "error");
    assertThat(push(token(AUDIENCE, PUSHER, 600), alert)).isEqualTo(204);
    assertThat(receivers.requests("/hook")).hasSize(1);
    assertThat(receivers.requests("/hook").get(0).body()).isEqualTo(alert);
  }

  @Test
  public void badTokensAreRefused() throws Exception {
    String alert = TestAlerts.json("a".repeat(32), "FIRING", "error");
    assertThat(push(null, alert)).isEqualTo(401);
    assertThat(push(token("https://elsewhere.example/push", PUSHER, 600), alert)).isEqualTo(401);
    assertThat(push(token(AUDIENCE, "someone@demo.iam.gserviceaccount.com", 600), alert))
        .isEqualTo(401);
    assertThat(push(token(AUDIENCE, PUSHER, -600), alert)).isEqualTo(401);
    assertThat(push("not.a.jwt", alert)).isEqualTo(401);
    assertThat(receivers.requests()).isEmpty();
  }

  @Test
  public void retryableFailuresAnswer503SoPubSubRedelivers() throws Exception {
    receivers.script("/hook", new Reply(503, null, ""));
    String alert = TestAlerts.json("a".repeat(32), "FIRING", "error");
    assertThat(push(token(AUDIENCE, PUSHER, 600), alert)).isEqualTo(503);
    assertThat(push(token(AUDIENCE, PUSHER, 600), alert)).isEqualTo(204);
    assertThat(push(token(AUDIENCE, PUSHER, 600), alert)).isEqualTo(204);
    assertThat(receivers.requests("/hook")).hasSize(2);
  }

  @Test
  public void healthAndStats() throws Exception {
    var r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    push(token(AUDIENCE, PUSHER, 600), TestAlerts.json("a".repeat(32), "FIRING", "error"));
    var s =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/stats"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(AlertMessage.MAPPER.readTree(s.body()).path("sent").asLong()).isEqualTo(1);
  }
}
