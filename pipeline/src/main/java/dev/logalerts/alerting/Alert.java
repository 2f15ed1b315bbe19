package dev.logalerts.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.value.AutoValue;
import dev.logalerts.model.Timestamps;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One alert notification: the contract published to Pub/Sub (as {@link #toJson()} with {@link
 * #attributes()}) and written to the alert table. The JSON Schema is {@code
 * schemas/alert.schema.json}; the BigQuery schema is {@code schemas/alerts.json}.
 *
 * <p>Times are epoch milliseconds here and RFC 3339 (UTC) in JSON. {@link #group()} is sorted by
 * key so that the JSON text (and therefore {@link AlertCoder}) is deterministic.
 */
@AutoValue
@DefaultCoder(AlertCoder.class)
public abstract class Alert implements Serializable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Stable id of one incident of one (rule, group); the RESOLVED carries the FIRING's id. */
  public abstract String alertId();

  public abstract String rule();

  /**
   * Rule kind as the rules file spells it: threshold, ratio, latency, absence, spike, new-template,
   * deadline.
   */
  public abstract String type();

  public abstract AlertState state();

  /** critical | error | warning | info. */
  public abstract String severity();

  /** groupBy key → value; empty when the rule is ungrouped. */
  public abstract SortedMap<String, String> group();

  /**
   * Count (threshold, spike, new-template), fraction (ratio), seconds (latency, absence gap,
   * deadline: since the group's last entry).
   */
  public abstract double value();

  public abstract double threshold();

  public abstract long windowStartMillis();

  public abstract long windowEndMillis();

  /**
   * 1, 2, 3... per alertId, in the order the lifecycle sent them (FIRING, re-notifications,
   * RESOLVED): messages are published with the alertId as ordering key, and a consumer drops a
   * message whose sequence is not newer than the last one it saw for that alertId.
   */
  public abstract long sequence();

  /** When the incident started: end of the first window in which the condition held. */
  public abstract long firstSeenMillis();

  public abstract String summary();

  public abstract String description();

  public abstract String runbook();

  public abstract List<AlertSample> samples();

  public abstract String logsExplorerUrl();

  /** new-template only: the new template's id; null for other kinds. */
  public abstract @Nullable String templateId();

  /** new-template only: the new template text; null for other kinds. */
  public abstract @Nullable String template();

  /** RESOLVED and FLAPPING: what the incident amounted to; null on other messages. */
  public abstract @Nullable IncidentSummary incident();

  /**
   * The name of the silence that kept this alert from being published (it is only written to the
   * alerts table, locally to {@code alerts_silenced/}); null for a published alert.
   */
  public abstract @Nullable String silencedBy();

  public static Builder builder() {
    return new AutoValue_Alert.Builder()
        .setSequence(1)
        .setGroup(new TreeMap<>())
        .setDescription("")
        .setRunbook("")
        .setSamples(List.of())
        .setLogsExplorerUrl("");
  }

  public abstract Builder toBuilder();

  /** Builder. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setAlertId(String v);

    public abstract Builder setRule(String v);

    public abstract Builder setType(String v);

    public abstract Builder setState(AlertState v);

    public abstract Builder setSeverity(String v);

    abstract Builder setGroup(SortedMap<String, String> v);

    public final Builder setGroupMap(Map<String, String> v) {
      return setGroup(new TreeMap<>(v));
    }

    public abstract Builder setValue(double v);

    public abstract Builder setThreshold(double v);

    public abstract Builder setWindowStartMillis(long v);

    public abstract Builder setWindowEndMillis(long v);

    public abstract Builder setFirstSeenMillis(long v);

    public abstract Builder setSequence(long v);

    public abstract Builder setSummary(String v);

    public abstract Builder setDescription(String v);

    public abstract Builder setRunbook(String v);

    public abstract Builder setSamples(List<AlertSample> v);

    public abstract Builder setLogsExplorerUrl(String v);

    public abstract Builder setTemplateId(@Nullable String v);

    public abstract Builder setTemplate(@Nullable String v);

    public abstract Builder setIncident(@Nullable IncidentSummary v);

    abstract AlertState state();

    public abstract Builder setSilencedBy(@Nullable String v);

    abstract List<AlertSample> samples();

    abstract Alert autoBuild();

    public final Alert build() {
      setSamples(List.copyOf(samples()));
      return autoBuild();
    }
  }

  /**
   * Pub/Sub attributes, so that subscribers can filter: rule, severity, state, alertId, sequence,
   * and one {@code group_KEY} per group key ({@code group_service}, {@code
   * group_resource_labels_service_name}), so that a team can subscribe to its own service. The key
   * keeps letters, digits, '-' and '_' and turns every other character into '_' (quotes dropped): a
   * filter names such a key without quoting ({@code attributes.group_service = "shop/checkout"}).
   */
  public final Map<String, String> attributes() {
    Map<String, String> a = new TreeMap<>();
    a.put("rule", rule());
    a.put("severity", severity());
    a.put("state", state().name());
    a.put("alertId", alertId());
    a.put("sequence", Long.toString(sequence()));
    group().forEach((key, value) -> a.putIfAbsent(groupAttribute(key), value));
    return java.util.Collections.unmodifiableMap(a);
  }

  /**
   * The attribute name of a group key: {@code labels."k8s-pod/app"} → {@code
   * group_labels_k8s-pod_app}.
   */
  static String groupAttribute(String groupKey) {
    StringBuilder b = new StringBuilder("group_");
    for (int i = 0; i < groupKey.length(); i++) {
      char c = groupKey.charAt(i);
      if (c == '"') {
        continue;
      }
      boolean plain =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      b.append(plain ? c : '_');
    }
    return b.toString();
  }

  /** RFC 3339 UTC text of an epoch-millisecond instant. */
  public static String rfc3339(long millis) {
    return Timestamps.format(millis * 1_000_000L);
  }

  /** The JSON tree of the message (camelCase keys, fixed order). */
  public final ObjectNode toJsonNode() {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("alertId", alertId());
    o.put("rule", rule());
    o.put("type", type());
    o.put("state", state().name());
    o.put("sequence", sequence());
    o.put("severity", severity());
    ObjectNode g = o.putObject("group");
    group().forEach(g::put);
    o.put("value", value());
    o.put("threshold", threshold());
    o.put("windowStart", rfc3339(windowStartMillis()));
    o.put("windowEnd", rfc3339(windowEndMillis()));
    o.put("firstSeen", rfc3339(firstSeenMillis()));
    o.put("summary", summary());
    o.put("description", description());
    o.put("runbook", runbook());
    ArrayNode s = o.putArray("samples");
    for (AlertSample sample : samples()) {
      ObjectNode so = s.addObject();
      so.put("insertId", sample.insertId());
      so.put("timestamp", sample.timestamp());
      so.put("message", sample.message());
      so.put("templateId", sample.templateId());
    }
    o.put("logsExplorerUrl", logsExplorerUrl());
    if (templateId() != null) {
      o.put("templateId", templateId());
    }
    if (template() != null) {
      o.put("template", template());
    }
    IncidentSummary incident = incident();
    if (incident != null) {
      incident.writeTo(o.putObject("incident"));
    }
    if (silencedBy() != null) {
      o.put("silencedBy", silencedBy());
    }
    return o;
  }

  /** The Pub/Sub message body. */
  public final String toJson() {
    try {
      return MAPPER.writeValueAsString(toJsonNode());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses {@link #toJson()} output back (used by the coder and by consumers' tests). */
  public static Alert fromJson(String json) {
    JsonNode o;
    try {
      o = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an alert message: " + e.getOriginalMessage(), e);
    }
    TreeMap<String, String> group = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.path("group").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      group.put(e.getKey(), e.getValue().asText());
    }
    List<AlertSample> samples = new ArrayList<>();
    for (JsonNode s : o.path("samples")) {
      samples.add(
          AlertSample.of(
              s.path("insertId").asText(),
              s.path("timestamp").asText(),
              s.path("message").asText(),
              s.path("templateId").asText()));
    }
    return builder()
        .setAlertId(o.path("alertId").asText())
        .setRule(o.path("rule").asText())
        .setType(o.path("type").asText())
        .setState(AlertState.valueOf(o.path("state").asText()))
        .setSeverity(o.path("severity").asText())
        .setGroup(group)
        .setValue(o.path("value").asDouble())
        .setThreshold(o.path("threshold").asDouble())
        .setWindowStartMillis(millis(o.path("windowStart").asText()))
        .setWindowEndMillis(millis(o.path("windowEnd").asText()))
        .setFirstSeenMillis(millis(o.path("firstSeen").asText()))
        .setSequence(o.path("sequence").asLong(1))
        .setSummary(o.path("summary").asText())
        .setDescription(o.path("description").asText())
        .setRunbook(o.path("runbook").asText())
        .setSamples(samples)
        .setLogsExplorerUrl(o.path("logsExplorerUrl").asText())
        .setTemplateId(o.hasNonNull("templateId") ? o.get("templateId").asText() : null)
        .setTemplate(o.hasNonNull("template") ? o.get("template").asText() : null)
        .setIncident(o.hasNonNull("incident") ? IncidentSummary.fromJson(o.get("incident")) : null)
        .setSilencedBy(o.hasNonNull("silencedBy") ? o.get("silencedBy").asText() : null)
        .build();
  }

  static long millis(String rfc3339) {
    return Math.floorDiv(Timestamps.parse(rfc3339), 1_000_000L);
  }
}
