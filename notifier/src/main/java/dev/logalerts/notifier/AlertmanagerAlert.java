package dev.logalerts.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.notifier.NotifierConfig.AlertLifetimes;
import dev.logalerts.notifier.Templates.Escape;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An alert in Alertmanager's API v2 form (the body of {@code POST /api/v2/alerts}: a list of one),
 * so that a team running Alertmanager gets what this notifier leaves to it: many groups firing at
 * once folded into one notification ({@code group_by}, {@code group_wait}), inhibition, its own
 * silences and receivers.
 *
 * <p>Labels (what Alertmanager groups, routes and dedupes on): {@code alertname} (the rule), {@code
 * severity}, {@code alert_id} (one Alertmanager alert per incident, and per template for
 * new-template rules), {@code rule_type}, and one label per {@code groupBy} key, named as a
 * Prometheus label may be ({@code resource.labels.namespace_name} → {@code
 * resource_labels_namespace_name}; a name taken by the labels above gets a {@code group_} prefix).
 * Annotations: summary (or the receiver's {@code text:}), description, runbook and Logs Explorer
 * links, value, threshold, window, state, samples, and for RESOLVED/FLAPPING the incident.
 *
 * <p>Alertmanager resolves an alert by itself once its {@code endsAt} passes, and the pipeline
 * sends a FIRING once per {@code renotifyEvery}, not on every evaluation as Prometheus does; so a
 * FIRING or FLAPPING is sent with {@code endsAt} {@link AlertLifetimes#resolveTimeout()} ahead, an
 * alert without a lifecycle (new-template) {@link AlertLifetimes#eventTimeout()} ahead, and a
 * RESOLVED with the time it resolved (never later than now, never before it started).
 */
final class AlertmanagerAlert {
  static final int SAMPLE_MAX = 1000;

  private AlertmanagerAlert() {}

  static ArrayNode build(
      AlertMessage alert, AlertLifetimes lifetimes, Instant now, String textTemplate) {
    ArrayNode body = AlertMessage.MAPPER.createArrayNode();
    ObjectNode a = body.addObject();
    ObjectNode labels = a.putObject("labels");
    labels(alert).forEach(labels::put);
    ObjectNode annotations = a.putObject("annotations");
    String summary =
        textTemplate == null
            ? alert.summary()
            : Templates.render("alertmanager-summary", textTemplate, alert, Escape.NONE);
    annotations.put("summary", summary.isBlank() ? alert.summary() : summary);
    put(annotations, "description", alert.text("description"));
    put(annotations, "runbook_url", alert.text("runbook"));
    put(annotations, "logs_url", alert.text("logsExplorerUrl"));
    put(annotations, "state", alert.state());
    put(annotations, "value", Templates.number(alert, "value"));
    put(annotations, "threshold", Templates.number(alert, "threshold"));
    put(annotations, "window_start", alert.text("windowStart"));
    put(annotations, "window_end", alert.text("windowEnd"));
    put(annotations, "first_seen", alert.text("firstSeen"));
    put(annotations, "template", alert.text("template"));
    put(annotations, "template_id", alert.text("templateId"));
    if (alert.sequence() != null) {
      annotations.put("sequence", alert.sequence().toString());
    }
    put(annotations, "samples", samples(alert));
    JsonNode incident = alert.tree().get("incident");
    if (incident != null && incident.isObject()) {
      annotations.put("incident", incident.toString());
    }
    Instant startsAt = firstInstant(alert, now, "firstSeen", "windowEnd");
    a.put("startsAt", startsAt.toString());
    a.put("endsAt", endsAt(alert, lifetimes, now, startsAt).toString());
    String logs = alert.text("logsExplorerUrl");
    if (logs.startsWith("https://") || logs.startsWith("http://")) {
      a.put("generatorURL", logs);
    }
    return body;
  }

  /**
   * When Alertmanager should consider the alert over: a RESOLVED at the end of the window it
   * resolved in, else ahead of now by the receiver's lifetime for its kind.
   */
  static Instant endsAt(AlertMessage alert, AlertLifetimes lifetimes, Instant now, Instant start) {
    if ("RESOLVED".equals(alert.state())) {
      Instant resolved = firstInstant(alert, now, "windowEnd");
      if (resolved.isAfter(now)) {
        resolved = now; // a later endsAt would keep it firing until then
      }
      return resolved.isBefore(start) ? start : resolved;
    }
    Instant from = now.isBefore(start) ? start : now;
    boolean event = "new-template".equals(alert.text("type"));
    return from.plus(event ? lifetimes.eventTimeout() : lifetimes.resolveTimeout());
  }

  /** The alert's labels, in a stable order: the fixed ones, then the group's keys. */
  static Map<String, String> labels(AlertMessage alert) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("alertname", alert.rule());
    labels.put("severity", alert.severity());
    labels.put("alert_id", alert.alertId());
    if (!alert.text("type").isEmpty()) {
      labels.put("rule_type", alert.text("type"));
    }
    for (Map.Entry<String, String> g : alert.group().entrySet()) {
      String name = labelName(g.getKey());
      if (labels.containsKey(name)) {
        name = "group_" + name;
      }
      for (int n = 2; labels.containsKey(name); n++) {
        name = labelName(g.getKey()) + "_" + n;
      }
      labels.put(name, g.getValue());
    }
    return labels;
  }

  /**
   * A group key as a Prometheus label name ({@code [a-zA-Z_][a-zA-Z0-9_]*}, what Alertmanager
   * accepts): quotes dropped, every other character outside the set turned into {@code _}.
   */
  static String labelName(String key) {
    StringBuilder sb = new StringBuilder(key.length() + 1);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '"') {
        continue;
      }
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      sb.append(ok || (c >= '0' && c <= '9') ? c : '_');
    }
    if (sb.length() == 0 || (sb.charAt(0) >= '0' && sb.charAt(0) <= '9')) {
      sb.insert(0, '_');
    }
    return sb.toString();
  }

  private static String samples(AlertMessage alert) {
    StringJoiner lines = new StringJoiner("\n");
    for (JsonNode s : alert.tree().path("samples")) {
      lines.add(Style.sampleLine(s, SAMPLE_MAX));
    }
    return lines.toString();
  }

  /** The first of {@code fields} that holds an RFC 3339 time, else {@code fallback}. */
  private static Instant firstInstant(AlertMessage alert, Instant fallback, String... fields) {
    for (String f : fields) {
      String text = alert.text(f);
      if (!text.isEmpty()) {
        try {
          return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
          // an unreadable time is no time: try the next field
        }
      }
    }
    return fallback;
  }

  private static void put(ObjectNode o, String key, String value) {
    if (!value.isEmpty()) {
      o.put(key, value);
    }
  }
}
