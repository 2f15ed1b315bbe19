package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.notifier.NotifierConfig.AlertLifetimes;
import dev.logalerts.notifier.NotifierConfig.Kind;
import dev.logalerts.notifier.NotifierConfig.Receiver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The Alertmanager receiver's request: API v2 body, labels Alertmanager accepts and groups on, and
 * the {@code endsAt} that keeps an incident active between the pipeline's notifications and ends it
 * at its RESOLVED.
 */
@RunWith(JUnit4.class)
public class AlertmanagerAlertTest {
  static final String ID = "4c894c6342a7dc0afbcf8461e3aba21a";
  static final Instant NOW = Instant.parse("2026-11-20T02:00:00Z");
  private static final String LABEL_NAME = "[a-zA-Z_][a-zA-Z0-9_]*";

  private final Payloads payloads =
      new Payloads(new Redactor(Set.of("am-token")), Clock.fixed(NOW, ZoneOffset.UTC));

  private static Receiver receiver(String token, String text) {
    return new Receiver(
        "am",
        Kind.ALERTMANAGER,
        "http://alertmanager:9093/api/v2/alerts",
        token,
        text,
        AlertLifetimes.DEFAULT);
  }

  private JsonNode alertOf(String json) throws Exception {
    OutboundRequest r = payloads.build(receiver(null, null), AlertMessage.parse(json));
    JsonNode body = AlertMessage.MAPPER.readTree(r.body());
    assertThat(body.isArray()).isTrue();
    assertThat(body.size()).isEqualTo(1);
    JsonNode a = body.get(0);
    a.path("labels").fieldNames().forEachRemaining(n -> assertThat(n).matches(LABEL_NAME));
    a.path("annotations").fieldNames().forEachRemaining(n -> assertThat(n).matches(LABEL_NAME));
    return a;
  }

  @Test
  public void aFiringIsActiveUntilTheResolveTimeoutWithTheIncidentsLabels() throws Exception {
    JsonNode a = alertOf(TestAlerts.json(ID, "FIRING", "error"));
    assertThat(a.path("labels").toString())
        .isEqualTo(
            "{\"alertname\":\"repeated-errors\",\"severity\":\"error\",\"alert_id\":\""
                + ID
                + "\",\"rule_type\":\"threshold\",\"service\":\"shop/checkout\"}");
    JsonNode n = a.path("annotations");
    assertThat(n.path("summary").asText())
        .isEqualTo(
            "repeated-errors: shop/checkout logged 15 matching entries in 5m (threshold 10)");
    assertThat(n.path("runbook_url").asText())
        .isEqualTo("https://runbooks.example.com/log-alerts/repeated-errors");
    assertThat(n.path("value").asText()).isEqualTo("15");
    assertThat(n.path("threshold").asText()).isEqualTo("10");
    assertThat(n.path("state").asText()).isEqualTo("FIRING");
    assertThat(n.path("samples").asText())
        .isEqualTo(
            "2026-11-20T01:46:50.496659165Z DataAccessResourceFailureException: <db> & pool"
                + " exhausted");
    assertThat(a.path("startsAt").asText()).isEqualTo("2026-11-20T01:50:00Z");
    assertThat(a.path("endsAt").asText()).isEqualTo("2026-11-21T02:00:00Z"); // now + 24h
    assertThat(a.path("generatorURL").asText()).startsWith("https://console.cloud.google.com/");
  }

  @Test
  public void aResolvedEndsWhenItsWindowEndedButNeverInTheFutureNorBeforeItStarted()
      throws Exception {
    ObjectNode resolved = TestAlerts.tree(ID, "RESOLVED", "error");
    resolved.put("windowEnd", "2026-11-20T01:58:00Z");
    assertThat(alertOf(resolved.toString()).path("endsAt").asText())
        .isEqualTo("2026-11-20T01:58:00Z");
    resolved.put("windowEnd", "2026-11-20T02:05:00Z"); // a writer's clock ahead of ours
    assertThat(alertOf(resolved.toString()).path("endsAt").asText())
        .isEqualTo(NOW.toString()); // a later endsAt would keep it firing
    resolved.put("firstSeen", "2026-11-20T01:59:00Z").put("windowEnd", "2026-11-20T01:40:00Z");
    JsonNode a = alertOf(resolved.toString());
    assertThat(a.path("endsAt").asText()).isEqualTo(a.path("startsAt").asText());
    assertThat(
            AlertMessage.MAPPER
                .readTree(
                    alertOf(TestAlerts.withIncident(ID, "RESOLVED"))
                        .path("annotations")
                        .path("incident")
                        .asText())
                .path("matchingEntries")
                .asInt())
        .isEqualTo(63);
  }

  @Test
  public void aFlappingStaysActiveAndANewTemplateOnlyForTheEventTimeout() throws Exception {
    JsonNode flapping = alertOf(TestAlerts.withIncident(ID, "FLAPPING"));
    assertThat(flapping.path("endsAt").asText()).isEqualTo("2026-11-21T02:00:00Z");
    assertThat(flapping.path("annotations").path("state").asText()).isEqualTo("FLAPPING");
    ObjectNode t = TestAlerts.tree(ID, "FIRING", "warning").put("type", "new-template");
    t.put("template", "payment <*> declined").put("templateId", "9f2c");
    JsonNode a = alertOf(t.toString());
    assertThat(a.path("endsAt").asText()).isEqualTo("2026-11-20T03:00:00Z"); // now + 1h
    assertThat(a.path("annotations").path("template").asText()).isEqualTo("payment <*> declined");
    AlertLifetimes short_ = new AlertLifetimes(Duration.ofHours(2), Duration.ofMinutes(10));
    assertThat(
            AlertmanagerAlert.endsAt(AlertMessage.parse(t.toString()), short_, NOW, NOW).toString())
        .isEqualTo("2026-11-20T02:10:00Z");
    // A firstSeen ahead of now (a writer's clock) still gives endsAt after startsAt.
    ObjectNode ahead =
        TestAlerts.tree(ID, "FIRING", "error").put("firstSeen", "2026-11-20T03:00:00Z");
    assertThat(alertOf(ahead.toString()).path("endsAt").asText()).isEqualTo("2026-11-21T03:00:00Z");
  }

  @Test
  public void groupKeysBecomeLabelNamesAlertmanagerAccepts() throws Exception {
    ObjectNode o = TestAlerts.tree(ID, "FIRING", "critical");
    ObjectNode g = o.putObject("group");
    g.put("resource.labels.namespace_name", "shop");
    g.put("labels.\"k8s-pod/app\"", "payments-api");
    g.put("severity", "ERROR"); // grouped by the entries' severity: not the alert's
    g.put("2xx", "a");
    g.put("jsonPayload.user-id", "u1");
    g.put("jsonPayload.user_id", "u2"); // the same label name once the '-' is turned
    JsonNode labels = alertOf(o.toString()).path("labels");
    assertThat(labels.path("resource_labels_namespace_name").asText()).isEqualTo("shop");
    assertThat(labels.path("labels_k8s_pod_app").asText()).isEqualTo("payments-api");
    assertThat(labels.path("severity").asText()).isEqualTo("critical");
    assertThat(labels.path("group_severity").asText()).isEqualTo("ERROR");
    assertThat(labels.path("_2xx").asText()).isEqualTo("a");
    assertThat(labels.path("jsonPayload_user_id").asText()).isEqualTo("u1");
    assertThat(labels.path("group_jsonPayload_user_id").asText()).isEqualTo("u2");
    assertThat(labels.size()).isEqualTo(4 + 6);
  }

  @Test
  public void theBearerTokenGoesInAHeaderAndTheTextReplacesTheSummary() throws Exception {
    OutboundRequest r =
        payloads.build(
            receiver("am-token", "{{emoji}} {{rule}} on {{groupText}}"),
            AlertMessage.parse(TestAlerts.json(ID, "FIRING", "error")));
    assertThat(r.headers()).containsExactly("Authorization", "Bearer am-token");
    assertThat(r.maskedUrl()).isEqualTo("http://alertmanager:9093/api/v2/alerts");
    JsonNode a = AlertMessage.MAPPER.readTree(r.body()).get(0);
    assertThat(a.path("annotations").path("summary").asText())
        .endsWith("repeated-errors on service=shop/checkout");
    assertThat(
            payloads
                .build(
                    receiver(null, null),
                    AlertMessage.parse(TestAlerts.json(ID, "FIRING", "error")))
                .headers())
        .isEmpty();
  }
}
