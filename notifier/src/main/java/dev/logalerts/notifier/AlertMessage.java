package dev.logalerts.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert as published by the pipeline (contract: {@code schemas/alert.schema.json}), read
 * leniently: the notifier needs only {@code alertId}, {@code rule}, {@code state}, {@code severity}
 * and {@code summary}; every other field is optional here so that a newer pipeline (new fields, a
 * new state such as FLAPPING, the optional per-alertId {@code sequence}) never breaks delivery. The
 * original text is kept: the webhook receiver posts it byte for byte.
 */
public final class AlertMessage {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final String json;
  private final ObjectNode tree;

  private AlertMessage(String json, ObjectNode tree) {
    this.json = json;
    this.tree = tree;
  }

  /**
   * Parses one alert message body.
   *
   * @throws IllegalArgumentException when it is not a JSON object with the fields the notifier
   *     needs; such a message can never be delivered and goes to the dead-letter topic
   */
  public static AlertMessage parse(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    for (String field : new String[] {"alertId", "rule", "state", "severity", "summary"}) {
      if (!node.path(field).isTextual() || node.path(field).asText().isEmpty()) {
        throw new IllegalArgumentException("missing or empty string field '" + field + "'");
      }
    }
    JsonNode seq = node.get("sequence");
    if (seq != null && !seq.isNull() && !seq.canConvertToLong()) {
      throw new IllegalArgumentException("'sequence' must be an integer");
    }
    return new AlertMessage(json, (ObjectNode) node);
  }

  /** The message body exactly as received. */
  public String json() {
    return json;
  }

  public ObjectNode tree() {
    return tree;
  }

  public String alertId() {
    return tree.path("alertId").asText();
  }

  public String rule() {
    return tree.path("rule").asText();
  }

  /** FIRING, RESOLVED, or any newer state (FLAPPING) as published. */
  public String state() {
    return tree.path("state").asText();
  }

  public String severity() {
    return tree.path("severity").asText();
  }

  /**
   * The severity notifications are formatted with: FLAPPING is shown as a warning-level notice
   * whatever the rule's severity (it says "unstable", not "down"); unknown values read as warning.
   */
  public String displaySeverity() {
    if ("FLAPPING".equals(state())) {
      return "warning";
    }
    return ConfigLoader.SEVERITIES.contains(severity()) ? severity() : "warning";
  }

  public String summary() {
    return tree.path("summary").asText();
  }

  public String text(String field) {
    JsonNode n = tree.get(field);
    return n == null || n.isNull() ? "" : n.asText();
  }

  /** The per-alertId sequence number (1, 2, 3...), or null when the pipeline does not send it. */
  public Long sequence() {
    JsonNode seq = tree.get("sequence");
    return seq == null || seq.isNull() ? null : seq.asLong();
  }

  /** groupBy key to value, sorted by key; empty for an ungrouped rule. */
  public Map<String, String> group() {
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.path("group").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** The routing attributes: rule, severity, state and group.KEY for each group key. */
  public Map<String, String> routingKeys() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("rule", rule());
    out.put("severity", severity());
    out.put("state", state());
    group().forEach((k, v) -> out.put("group." + k, v));
    return out;
  }
}
