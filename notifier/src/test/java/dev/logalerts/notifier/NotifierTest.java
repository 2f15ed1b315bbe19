package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logalerts.notifier.CaptureServer.Reply;
import dev.logalerts.notifier.Notifier.Ack;
import dev.logalerts.notifier.Notifier.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * One message end to end against a capture server: routing to several receivers, permanent failure
 * to the dead-letter topic (Pub/Sub REST publish) and ACK, retryable failure to RETRY with only the
 * failed receiver retried on redelivery, stale sequences, duplicates, secrets in logs.
 */
@RunWith(JUnit4.class)
public class NotifierTest {
  static final String ID = "4c894c6342a7dc0afbcf8461e3aba21a";
  static final String PD_KEY = "pd-routing-key-SECRET";
  static final String HOOK = "hook-hmac-SECRET";

  private final CaptureServer server = new CaptureServer();
  private final ByteArrayOutputStream logs = new ByteArrayOutputStream();
  private final NotifierConfig config;
  private final Notifier notifier;

  public NotifierTest() throws Exception {
    config =
        ConfigLoader.parse(
            "n.yaml",
            String.join(
                "\n",
                "receivers:",
                "  - {name: oncall, pagerduty: {routingKey: \"${PD}\", url: \""
                    + server.url("/pd")
                    + "\"}}",
                "  - {name: slack, slack: {webhookUrl: \"${SLACK}\"}}",
                "  - {name: audit, webhook: {url: \""
                    + server.url("/hook")
                    + "\", hmacSecret: \"${HOOK}\"}}",
                "routes:",
                "  - {match: {severity: [critical, error]}, receivers: [oncall, slack], continue:"
                    + " true}",
                "  - {match: {}, receivers: [audit]}",
                "delivery: {maxAttempts: 2, initialBackoff: 1ms, maxBackoff: 1s}",
                ""),
            Map.of("PD", PD_KEY, "SLACK", server.url("/slack/T1/B2/slack-SECRET"), "HOOK", HOOK)
                ::get);
    Redactor redactor = new Redactor(config.secrets());
    Log log = new Log(new PrintStream(logs, true), redactor);
    DeadLetters dlq =
        new DeadLetters.PubSub(
            server.url(""), "projects/demo/topics/alerts-dlq", () -> "test-token");
    Delivery delivery =
        new Delivery(HttpClient.newHttpClient(), config.delivery(), d -> {}, redactor, log);
    notifier = new Notifier(config, delivery, dlq, log);
  }

  @After
  public void close() {
    server.close();
  }

  @Test
  public void routesToEveryMatchingReceiver() throws Exception {
    Report r = notifier.handle(TestAlerts.json(ID, "FIRING", "error"), Map.of());
    assertThat(r.ack()).isEqualTo(Ack.ACK);
    assertThat(server.requests("/pd")).hasSize(1);
    assertThat(server.requests("/slack/T1/B2/slack-SECRET")).hasSize(1);
    assertThat(server.requests("/hook")).hasSize(1);
    PayloadsTest.checkPagerDuty(AlertMessage.MAPPER.readTree(server.requests("/pd").get(0).body()));
    PayloadsTest.checkSlack(AlertMessage.MAPPER.readTree(server.requests("/slack").get(0).body()));
    CaptureServer.Captured hook = server.requests("/hook").get(0);
    assertThat(hook.body()).isEqualTo(TestAlerts.json(ID, "FIRING", "error"));
    assertThat(hook.header("X-Log-Alerts-Signature"))
        .isEqualTo(Payloads.signature(HOOK, hook.body()));
  }

  @Test
  public void permanentFailureGoesToTheDeadLetterTopicAndIsAcknowledged() throws Exception {
    server.script(
        "/pd",
        new Reply(400, null, "{\"status\":\"invalid event\",\"routing_key\":\"" + PD_KEY + "\"}"));
    String alert = TestAlerts.json(ID, "FIRING", "critical");
    Report r = notifier.handle(alert, Map.of());
    assertThat(r.ack()).isEqualTo(Ack.ACK);
    var publishes = server.requests("/v1/projects/demo/topics/alerts-dlq:publish");
    assertThat(publishes).hasSize(1);
    assertThat(publishes.get(0).header("Authorization")).isEqualTo("Bearer test-token");
    JsonNode msg = AlertMessage.MAPPER.readTree(publishes.get(0).body()).path("messages").path(0);
    assertThat(
            new String(
                Base64.getDecoder().decode(msg.path("data").asText()), StandardCharsets.UTF_8))
        .isEqualTo(alert);
    assertThat(msg.path("attributes").path("receiver").asText()).isEqualTo("oncall");
    assertThat(msg.path("attributes").path("status").asText()).isEqualTo("400");
    assertThat(msg.path("attributes").path("alertId").asText()).isEqualTo(ID);
    assertThat(msg.toString()).doesNotContain(PD_KEY);
    assertThat(notifier.counters()).containsEntry("permanent.oncall", 1L);
    // Redelivery of the same message sends nothing again, to nobody.
    assertThat(notifier.handle(alert, Map.of()).ack()).isEqualTo(Ack.ACK);
    assertThat(server.requests("/pd")).hasSize(1);
    assertThat(server.requests("/slack")).hasSize(1);
    assertThat(server.requests("/v1/")).hasSize(1);
  }

  @Test
  public void aFailedDeadLetterPublishAsksForRedelivery() {
    server.script("/pd", new Reply(404, null, "no such integration"));
    server.script("/v1/projects/demo/topics/alerts-dlq:publish", new Reply(403, null, "denied"));
    assertThat(notifier.handle(TestAlerts.json(ID, "FIRING", "critical"), Map.of()).ack())
        .isEqualTo(Ack.RETRY);
  }

  @Test
  public void retryableFailureRetriesOnlyTheFailedReceiverOnRedelivery() {
    Reply busy = new Reply(503, null, "");
    server.script("/pd", busy, busy);
    String alert = TestAlerts.json(ID, "FIRING", "critical");
    assertThat(notifier.handle(alert, Map.of()).ack()).isEqualTo(Ack.RETRY);
    assertThat(server.requests("/pd")).hasSize(2);
    assertThat(server.requests("/slack")).hasSize(1);
    assertThat(notifier.handle(alert, Map.of()).ack()).isEqualTo(Ack.ACK);
    assertThat(server.requests("/pd")).hasSize(3);
    assertThat(server.requests("/slack")).hasSize(1);
    assertThat(server.requests("/v1/")).isEmpty();
  }

  @Test
  public void staleSequencesAreDroppedAndDuplicatesSentOnce() {
    String s1 = TestAlerts.withSequence(ID, "FIRING", 1);
    String s2 = TestAlerts.withSequence(ID, "FIRING", 2);
    String s3 = TestAlerts.withSequence(ID, "RESOLVED", 3);
    assertThat(notifier.handle(s1, Map.of()).dropped()).isNull();
    assertThat(notifier.handle(s3, Map.of()).dropped()).isNull();
    Report late = notifier.handle(s2, Map.of());
    assertThat(late.dropped()).isEqualTo("stale: sequence 2 is not newer than 3");
    assertThat(late.ack()).isEqualTo(Ack.ACK);
    Report dup = notifier.handle(s3, Map.of());
    assertThat(dup.attempts()).hasSize(3);
    assertThat(dup.attempts().stream().allMatch(a -> "duplicate".equals(a.skipped()))).isTrue();
    assertThat(server.requests("/pd")).hasSize(2);
    assertThat(server.requests("/hook")).hasSize(2);
    // Without a sequence, only exact duplicates are suppressed.
    String plain = TestAlerts.json("b".repeat(32), "FIRING", "info");
    notifier.handle(plain, Map.of());
    notifier.handle(plain, Map.of());
    assertThat(server.requests("/hook")).hasSize(3);
    // The same alert re-serialized (other key order, whitespace) is still a duplicate.
    var reordered = AlertMessage.MAPPER.createObjectNode();
    var fields = new java.util.ArrayList<java.util.Map.Entry<String, JsonNode>>();
    AlertMessage.parse(plain).tree().fields().forEachRemaining(fields::add);
    java.util.Collections.reverse(fields);
    fields.forEach(e -> reordered.set(e.getKey(), e.getValue()));
    notifier.handle(reordered.toPrettyString(), Map.of());
    assertThat(server.requests("/hook")).hasSize(3);
    assertThat(notifier.counters()).containsEntry("stale", 1L);
    assertThat(notifier.counters()).containsEntry("duplicate", 5L);
  }

  @Test
  public void malformedMessagesAreDeadLettered() {
    Report r = notifier.handle("{not json", Map.of());
    assertThat(r.ack()).isEqualTo(Ack.ACK);
    assertThat(server.requests("/v1/projects/demo/topics/alerts-dlq:publish")).hasSize(1);
    assertThat(notifier.handle("{\"alertId\":\"x\"}", Map.of()).dropped()).contains("missing");
  }

  @Test
  public void aReplayedDeadLetterGoesToItsReceiverOnly() {
    Report r =
        notifier.handle(TestAlerts.json(ID, "FIRING", "critical"), Map.of("receiver", "slack"));
    assertThat(r.attempts()).hasSize(1);
    assertThat(server.requests("/pd")).isEmpty();
    assertThat(server.requests("/slack")).hasSize(1);
  }

  @Test
  public void aDeadLetterReplayedOnceTheReceiverIsFixedIsSent() throws Exception {
    // Slack refuses the post (an archived channel), then the channel is restored and the dead
    // letter republished with its receiver attribute, as docs/notifier.md says to.
    server.script("/slack/T1/B2/slack-SECRET", new Reply(404, null, "channel_is_archived"));
    String alert = TestAlerts.json(ID, "FIRING", "critical");
    assertThat(notifier.handle(alert, Map.of()).ack()).isEqualTo(Ack.ACK);
    var publishes = server.requests("/v1/projects/demo/topics/alerts-dlq:publish");
    assertThat(publishes).hasSize(1);
    JsonNode letter =
        AlertMessage.MAPPER.readTree(publishes.get(0).body()).path("messages").path(0);
    String replayed =
        new String(
            Base64.getDecoder().decode(letter.path("data").asText()), StandardCharsets.UTF_8);
    String receiver = letter.path("attributes").path("receiver").asText();
    assertThat(receiver).isEqualTo("slack");

    Report replay = notifier.handle(replayed, Map.of("receiver", receiver));
    assertThat(replay.ack()).isEqualTo(Ack.ACK);
    assertThat(replay.attempts()).hasSize(1);
    assertThat(replay.attempts().get(0).skipped()).isNull();
    assertThat(replay.attempts().get(0).result().outcome()).isEqualTo(Delivery.Outcome.SENT);
    assertThat(server.requests("/slack")).hasSize(2);
    assertThat(server.requests("/pd")).hasSize(1);
    // The replay redelivered by Pub/Sub is a duplicate now.
    assertThat(notifier.handle(replayed, Map.of("receiver", receiver)).attempts().get(0).skipped())
        .isEqualTo("duplicate");
    assertThat(server.requests("/slack")).hasSize(2);
  }

  @Test
  public void aTemplateThatFailsToRenderIsDeadLetteredOnce() throws Exception {
    // The loader rejects invalid templates; a config built directly shows the runtime guard.
    NotifierConfig c =
        new NotifierConfig(
            java.util.List.of(
                new NotifierConfig.Receiver(
                    "s", NotifierConfig.Kind.SLACK, server.url("/s"), null, "{{#unclosed}}")),
            java.util.List.of(new NotifierConfig.Route(Map.of(), java.util.List.of("s"), false)),
            NotifierConfig.DeliverySettings.DEFAULT,
            java.util.Set.of());
    Log log = new Log(new PrintStream(logs, true), new Redactor(c.secrets()));
    DeadLetters.File dlq = new DeadLetters.File(java.nio.file.Files.createTempFile("dl", ".jsonl"));
    Notifier n =
        new Notifier(c, new Delivery(c.delivery(), new Redactor(c.secrets()), log), dlq, log);
    String alert = TestAlerts.json(ID, "FIRING", "error");
    Report r = n.handle(alert, Map.of());
    assertThat(r.ack()).isEqualTo(Ack.ACK);
    assertThat(r.attempts()).hasSize(1);
    assertThat(r.attempts().get(0).request()).isNull();
    assertThat(r.attempts().get(0).receiver()).isEqualTo("s");
    assertThat(r.attempts().get(0).result().outcome()).isEqualTo(Delivery.Outcome.PERMANENT);
    n.handle(alert, Map.of());
    assertThat(n.counters()).containsEntry("permanent.s", 1L);
    assertThat(server.requests("/s")).isEmpty();
  }

  @Test
  public void secretsNeverReachTheLogs() {
    server.script("/pd", new Reply(401, null, "bad key " + PD_KEY));
    server.script(
        "/slack/T1/B2/slack-SECRET", new Reply(500, null, "oops"), new Reply(500, null, "oops"));
    server.script("/hook", new Reply(410, null, "gone " + HOOK));
    notifier.handle(TestAlerts.json(ID, "FIRING", "critical"), Map.of());
    String log = logs.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("permanent failure delivering alert " + ID + " to oncall");
    assertThat(log).contains("will retry");
    assertThat(log).doesNotContain("SECRET");
  }
}
