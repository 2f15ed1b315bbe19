package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logalerts.notifier.NotifierConfig.Kind;
import dev.logalerts.notifier.NotifierConfig.Receiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Each receiver's payload against its documented format and limits: Slack Block Kit (50 blocks,
 * header 150, section text 3000, fields 10 x 2000, button URL 3000), Google Chat cardsV2 (message
 * 32,000 bytes, 100 widgets), PagerDuty Events API v2 (actions, severities, summary 1024, dedup_key
 * 255), and the signed webhook.
 */
@RunWith(JUnit4.class)
public class PayloadsTest {
  static final String ID = "4c894c6342a7dc0afbcf8461e3aba21a";
  private final Payloads payloads = new Payloads(new Redactor(Set.of("routingkey1", "hooksecret")));

  static Receiver receiver(Kind kind, String secret, String text) {
    return new Receiver("r", kind, "https://x.example/hook", secret, text);
  }

  private JsonNode body(Kind kind, String alertJson, String text) throws Exception {
    OutboundRequest r =
        payloads.build(receiver(kind, "routingkey1", text), AlertMessage.parse(alertJson));
    return AlertMessage.MAPPER.readTree(r.body());
  }

  /** Checks a Slack message against Block Kit's limits; returns it. */
  static JsonNode checkSlack(JsonNode m) {
    assertThat(m.path("text").asText()).isNotEmpty();
    assertThat(m.path("text").asText().length()).isAtMost(40_000);
    JsonNode blocks = m.path("blocks");
    // Total text in blocks: Slack answers msg_blocks_too_long from about 13,000 chars.
    assertThat(blocks.toString().length()).isAtMost(13_000);
    assertThat(blocks.size()).isAtLeast(1);
    assertThat(blocks.size() + m.path("attachments").path(0).path("blocks").size()).isAtMost(50);
    for (JsonNode b : blocks) {
      String type = b.path("type").asText();
      assertThat(type).isAnyOf("header", "section", "actions", "context", "divider");
      if (type.equals("header")) {
        assertThat(b.path("text").path("type").asText()).isEqualTo("plain_text");
        assertThat(b.path("text").path("text").asText().length()).isAtMost(150);
      }
      if (type.equals("section")) {
        if (b.has("text")) {
          assertThat(b.path("text").path("type").asText()).isAnyOf("mrkdwn", "plain_text");
          assertThat(b.path("text").path("text").asText().length())
              .isIn(com.google.common.collect.Range.closed(1, 3000));
        } else {
          assertThat(b.path("fields").size()).isIn(com.google.common.collect.Range.closed(1, 10));
        }
        for (JsonNode f : b.path("fields")) {
          assertThat(f.path("text").asText().length()).isAtMost(2000);
        }
      }
      if (type.equals("actions")) {
        assertThat(b.path("elements").size()).isIn(com.google.common.collect.Range.closed(1, 25));
        for (JsonNode e : b.path("elements")) {
          assertThat(e.path("type").asText()).isEqualTo("button");
          assertThat(e.path("text").path("text").asText().length()).isAtMost(75);
          assertThat(e.path("url").asText().length()).isAtMost(3000);
        }
      }
    }
    assertThat(m.path("attachments").path(0).path("color").asText()).matches("#[0-9A-F]{6}");
    return m;
  }

  /** Checks a Google Chat cardsV2 message; returns its card. */
  static JsonNode checkChat(JsonNode m) throws Exception {
    assertThat(AlertMessage.MAPPER.writeValueAsString(m).getBytes(StandardCharsets.UTF_8).length)
        .isAtMost(32_000);
    assertThat(m.path("cardsV2").size()).isEqualTo(1);
    JsonNode card = m.path("cardsV2").path(0);
    assertThat(card.path("cardId").asText()).isNotEmpty();
    assertThat(card.path("card").path("header").path("title").asText()).isNotEmpty();
    int widgets = 0;
    for (JsonNode s : card.path("card").path("sections")) {
      for (JsonNode w : s.path("widgets")) {
        widgets++;
        assertThat(w.has("textParagraph") || w.has("decoratedText") || w.has("buttonList"))
            .isTrue();
        for (JsonNode b : w.path("buttonList").path("buttons")) {
          assertThat(b.path("onClick").path("openLink").path("url").asText())
              .startsWith("https://");
        }
      }
    }
    assertThat(widgets).isAtMost(100);
    return card.path("card");
  }

  /** Checks a PagerDuty Events API v2 event; returns it. */
  static JsonNode checkPagerDuty(JsonNode e) {
    assertThat(e.path("routing_key").asText()).isNotEmpty();
    assertThat(e.path("event_action").asText()).isAnyOf("trigger", "resolve", "acknowledge");
    assertThat(e.path("dedup_key").asText().length())
        .isIn(com.google.common.collect.Range.closed(1, 255));
    if (e.path("event_action").asText().equals("trigger")) {
      JsonNode p = e.path("payload");
      assertThat(p.path("summary").asText().length())
          .isIn(com.google.common.collect.Range.closed(1, 1024));
      assertThat(p.path("source").asText()).isNotEmpty();
      assertThat(p.path("severity").asText()).isAnyOf("critical", "error", "warning", "info");
      for (JsonNode l : e.path("links")) {
        assertThat(l.path("href").asText()).startsWith("https://");
      }
    }
    return e;
  }

  @Test
  public void slackBlockKit() throws Exception {
    JsonNode m = checkSlack(body(Kind.SLACK, TestAlerts.json(ID, "FIRING", "error"), null));
    assertThat(m.path("blocks").path(0).path("text").path("text").asText())
        .isEqualTo("🔴 FIRING · repeated-errors");
    String all = m.toString();
    assertThat(all).contains("15 (threshold 10)");
    assertThat(all).contains("service=shop/checkout");
    // Slack mrkdwn escaping of sample text.
    assertThat(all).contains("&lt;db&gt; &amp; pool exhausted");
    assertThat(all).contains("\"url\":\"https://console.cloud.google.com/logs/query;");
    assertThat(m.path("attachments").path(0).path("color").asText()).isEqualTo("#E01E5A");
  }

  /**
   * A sample that holds a code fence (a Markdown error report, a heredoc in a build step) stays
   * inside the samples' code block: the block is closed once, by the message itself.
   */
  @Test
  public void aSamplesCodeFenceDoesNotCloseTheSlackCodeBlock() throws Exception {
    com.fasterxml.jackson.databind.node.ObjectNode alert = TestAlerts.tree(ID, "FIRING", "error");
    ((com.fasterxml.jackson.databind.node.ObjectNode) alert.path("samples").path(0))
        .put("message", "render failed: ```yaml\nkey: *value\n``` is not valid");
    JsonNode m = checkSlack(body(Kind.SLACK, alert.toString(), null));
    String samples = "";
    for (JsonNode b : m.path("blocks")) {
      if (b.path("block_id").asText().equals("samples")) {
        samples = b.path("text").path("text").asText();
      }
    }
    assertThat(samples).startsWith("*Samples* (redacted)\n```");
    assertThat(samples).endsWith("```");
    assertThat(samples.split("```", -1)).hasLength(3); // one opening fence, one closing
    assertThat(samples).contains("render failed: `\u200b`\u200b`yaml");
  }

  @Test
  public void slackStaysWithinLimitsForHugeAlerts() throws Exception {
    JsonNode m = checkSlack(body(Kind.SLACK, TestAlerts.huge(ID), null));
    // The Logs Explorer URL is over 3000 chars: no button, the message is still valid.
    assertThat(m.toString()).doesNotContain("\"action_id\":\"logs\"");
    JsonNode resolved =
        checkSlack(body(Kind.SLACK, TestAlerts.json(ID, "RESOLVED", "critical"), null));
    assertThat(resolved.path("attachments").path(0).path("color").asText()).isEqualTo("#2EB67D");
  }

  @Test
  public void googleChatCardsV2() throws Exception {
    JsonNode card =
        checkChat(body(Kind.GOOGLE_CHAT, TestAlerts.json(ID, "FIRING", "critical"), null));
    assertThat(card.path("header").path("title").asText()).isEqualTo("🚨 FIRING · repeated-errors");
    assertThat(card.toString()).contains("&lt;db&gt; &amp; pool exhausted");
    assertThat(card.toString()).contains("Logs Explorer");
    checkChat(body(Kind.GOOGLE_CHAT, TestAlerts.huge(ID), null));
  }

  @Test
  public void pagerDutyTriggerResolveAndFlapping() throws Exception {
    JsonNode t =
        checkPagerDuty(body(Kind.PAGERDUTY, TestAlerts.json(ID, "FIRING", "critical"), null));
    assertThat(t.path("event_action").asText()).isEqualTo("trigger");
    assertThat(t.path("dedup_key").asText()).isEqualTo(ID);
    assertThat(t.path("routing_key").asText()).isEqualTo("routingkey1");
    assertThat(t.path("payload").path("severity").asText()).isEqualTo("critical");
    assertThat(t.path("payload").path("timestamp").asText()).isEqualTo("2026-11-20T01:50:00Z");
    assertThat(t.path("links").path(0).path("text").asText()).isEqualTo("Logs Explorer");

    JsonNode r =
        checkPagerDuty(body(Kind.PAGERDUTY, TestAlerts.json(ID, "RESOLVED", "critical"), null));
    assertThat(r.path("event_action").asText()).isEqualTo("resolve");
    assertThat(r.path("dedup_key").asText()).isEqualTo(ID);

    JsonNode f =
        checkPagerDuty(body(Kind.PAGERDUTY, TestAlerts.json(ID, "FLAPPING", "critical"), null));
    assertThat(f.path("event_action").asText()).isEqualTo("trigger");
    assertThat(f.path("payload").path("severity").asText()).isEqualTo("warning");

    JsonNode h = checkPagerDuty(body(Kind.PAGERDUTY, TestAlerts.huge(ID), null));
    assertThat(h.path("payload").path("summary").asText()).hasLength(1024);
  }

  static final String INCIDENT =
      "lasted 23m (first seen 2026-11-20T10:03:00Z, last held 2026-11-20T10:25:00Z) · 63 matching"
          + " entries · peak 3 · 2 notifications sent · 20 evaluations suppressed";

  @Test
  public void resolvedAndFlappingShowTheIncidentSummary() throws Exception {
    for (String state : new String[] {"RESOLVED", "FLAPPING"}) {
      String json = TestAlerts.withIncident(ID, state);
      JsonNode slack = checkSlack(body(Kind.SLACK, json, null));
      assertThat(slack.path("blocks").toString()).contains("*Incident*\\n" + INCIDENT);
      JsonNode chat = checkChat(body(Kind.GOOGLE_CHAT, json, null));
      List<String> facts = new ArrayList<>();
      chat.path("sections")
          .forEach(
              s ->
                  s.path("widgets")
                      .forEach(
                          w -> {
                            if (w.path("decoratedText")
                                .path("topLabel")
                                .asText()
                                .equals("Incident")) {
                              facts.add(w.path("decoratedText").path("text").asText());
                            }
                          }));
      assertThat(facts).containsExactly(INCIDENT);
      JsonNode text = body(Kind.SLACK, json, "{{#incident}}Incident: {{incident}}{{/incident}}");
      assertThat(text.path("text").asText()).isEqualTo("Incident: " + INCIDENT);
    }
    // PagerDuty: a FLAPPING trigger carries the summary as structured details.
    JsonNode f =
        checkPagerDuty(body(Kind.PAGERDUTY, TestAlerts.withIncident(ID, "FLAPPING"), null));
    JsonNode details = f.path("payload").path("custom_details").path("incident");
    assertThat(details.path("matchingEntries").asLong()).isEqualTo(63);
    assertThat(details.path("durationSeconds").asLong()).isEqualTo(1380);
    // A FIRING has no incident summary: no field, and the template section stays empty.
    String firing = TestAlerts.json(ID, "FIRING", "error");
    assertThat(body(Kind.SLACK, firing, null).toString()).doesNotContain("Incident");
    assertThat(
            body(Kind.SLACK, firing, "x{{#incident}}Incident: {{incident}}{{/incident}}")
                .path("text")
                .asText())
        .isEqualTo("x");
  }

  @Test
  public void webhookPostsTheAlertAsPublishedWithAVerifiableSignature() throws Exception {
    String json = TestAlerts.json(ID, "FIRING", "error");
    OutboundRequest r =
        payloads.build(receiver(Kind.WEBHOOK, "hooksecret", null), AlertMessage.parse(json));
    assertThat(r.body()).isEqualTo(json);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            "hooksecret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        "sha256="
            + java.util.HexFormat.of()
                .formatHex(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.headers()).containsExactly(Payloads.SIGNATURE_HEADER, expected);
    OutboundRequest unsigned =
        payloads.build(receiver(Kind.WEBHOOK, null, null), AlertMessage.parse(json));
    assertThat(unsigned.headers()).isEmpty();
  }

  @Test
  public void templatesOverrideTheTextAndEscapeValuesPerTarget() throws Exception {
    String tpl =
        "{{#firing}}FIRE{{/firing}}{{#resolved}}OK{{/resolved}} {{rule}} {{groupText}}"
            + " {{value}}/{{threshold}}{{#samples}} [{{message}}]{{/samples}}";
    String json = TestAlerts.json(ID, "FIRING", "error");
    JsonNode slack = body(Kind.SLACK, json, tpl);
    assertThat(slack.path("text").asText())
        .isEqualTo(
            "FIRE repeated-errors service=shop/checkout 15/10 [DataAccessResourceFailureException:"
                + " &lt;db&gt; &amp; pool exhausted]");
    JsonNode pd = body(Kind.PAGERDUTY, json, tpl);
    assertThat(pd.path("payload").path("summary").asText())
        .isEqualTo(
            "FIRE repeated-errors service=shop/checkout 15/10 [DataAccessResourceFailureException:"
                + " <db> & pool exhausted]");
    JsonNode chat = body(Kind.GOOGLE_CHAT, json, "<b>{{summary}}</b> {{sequence}}");
    assertThat(chat.toString()).contains("<b>repeated-errors: shop/checkout logged 15");
  }

  @Test
  public void minimalAndNewerAlertsStillMakeValidPayloads() throws Exception {
    // Only the fields the notifier needs, plus an unknown field, severity and state.
    String minimal =
        "{\"alertId\":\""
            + ID
            + "\",\"rule\":\"r\",\"state\":\"SNOOZED\","
            + "\"severity\":\"debug\",\"summary\":\"s\",\"newField\":{\"x\":1}}";
    checkSlack(body(Kind.SLACK, minimal, null));
    checkChat(body(Kind.GOOGLE_CHAT, minimal, null));
    JsonNode pd = checkPagerDuty(body(Kind.PAGERDUTY, minimal, null));
    assertThat(pd.path("payload").path("severity").asText()).isEqualTo("warning");
    assertThat(pd.path("payload").path("source").asText()).isEqualTo("log-alerts/r");
    assertThat(pd.has("links")).isTrue();
  }

  @Test
  public void credentialUrlsAreMaskedForPrinting() {
    Redactor r = new Redactor(Set.of("routingkey1"));
    assertThat(r.maskUrl("https://hooks.slack.com/services/T1/B2/XYZ", true))
        .isEqualTo("https://hooks.slack.com/services/***/***/***");
    assertThat(r.maskUrl("https://chat.googleapis.com/v1/spaces/S/messages?key=k&token=t", true))
        .isEqualTo("https://chat.googleapis.com/v1/***/***/***?key=***&token=***");
    assertThat(r.maskUrl("http://127.0.0.1:8080/pd/routingkey1", false))
        .isEqualTo("http://127.0.0.1:8080/pd/***");
  }
}
