package dev.logalerts.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.notifier.Templates.Escape;

/**
 * A PagerDuty Events API v2 alert event. {@code dedup_key} is the alertId, so every message of one
 * incident lands on one PagerDuty alert and repeats are idempotent. RESOLVED sends {@code resolve};
 * FIRING, and FLAPPING (shown as a warning), send {@code trigger}: a trigger with the open alert's
 * dedup_key only adds to it, and a flapping condition that had resolved should be looked at.
 *
 * <p>Trigger payload: {@code summary} (the {@code pagerduty-summary} template or the receiver's
 * {@code text:}, at most 1024 chars), {@code source} (the group, or {@code log-alerts/RULE}),
 * {@code severity} (critical, error, warning or info), {@code timestamp}, {@code component}, {@code
 * group}, {@code class}, {@code custom_details}; plus {@code client}, {@code client_url} and {@code
 * links} (Logs Explorer, runbook).
 */
final class PagerDutyEvent {
  static final int SUMMARY_MAX = 1024;
  static final int SAMPLE_MAX = 1000;

  private PagerDutyEvent() {}

  static ObjectNode build(AlertMessage alert, String routingKey, String textTemplate) {
    ObjectNode e = AlertMessage.MAPPER.createObjectNode();
    e.put("routing_key", routingKey);
    boolean resolve = "RESOLVED".equals(alert.state());
    e.put("event_action", resolve ? "resolve" : "trigger");
    e.put("dedup_key", alert.alertId());
    if (resolve) {
      return e;
    }
    String template = textTemplate != null ? textTemplate : Templates.builtIn("pagerduty-summary");
    String summary = Templates.render("pagerduty-summary", template, alert, Escape.NONE);
    ObjectNode p = e.putObject("payload");
    p.put("summary", Style.truncate(summary.isBlank() ? alert.summary() : summary, SUMMARY_MAX));
    p.put(
        "source",
        Style.truncate(
            alert.group().isEmpty() ? "log-alerts/" + alert.rule() : Style.groupText(alert), 255));
    p.put("severity", alert.displaySeverity());
    String ts = alert.text("windowEnd");
    if (!ts.isEmpty()) {
      p.put("timestamp", ts);
    }
    String service = alert.group().get("service");
    if (service != null) {
      p.put("component", service);
    }
    p.put("group", alert.rule());
    if (!alert.text("type").isEmpty()) {
      p.put("class", alert.text("type"));
    }
    ObjectNode d = p.putObject("custom_details");
    for (String f :
        new String[] {
          "state",
          "rule",
          "description",
          "windowStart",
          "windowEnd",
          "firstSeen",
          "runbook",
          "template"
        }) {
      if (!alert.text(f).isEmpty()) {
        d.put(f, alert.text(f));
      }
    }
    d.put("severity", alert.severity());
    d.put("value", Templates.number(alert, "value"));
    d.put("threshold", Templates.number(alert, "threshold"));
    if (alert.sequence() != null) {
      d.put("sequence", alert.sequence());
    }
    ObjectNode g = d.putObject("group");
    alert.group().forEach(g::put);
    JsonNode incident = alert.tree().get("incident");
    if (incident != null && incident.isObject()) {
      d.set("incident", incident.deepCopy()); // RESOLVED, FLAPPING: what the incident amounted to
    }
    ArrayNode samples = d.putArray("samples");
    for (JsonNode s : alert.tree().path("samples")) {
      samples.add(Style.sampleLine(s, SAMPLE_MAX));
    }
    e.put("client", "log-alerts");
    String logs = alert.text("logsExplorerUrl");
    ArrayNode links = e.putArray("links");
    if (logs.startsWith("http")) {
      e.put("client_url", logs);
      links.addObject().put("href", logs).put("text", "Logs Explorer");
    }
    if (alert.text("runbook").startsWith("http")) {
      links.addObject().put("href", alert.text("runbook")).put("text", "Runbook");
    }
    return e;
  }
}
