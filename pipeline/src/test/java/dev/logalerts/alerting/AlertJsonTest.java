package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.sdk.testing.CoderProperties;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The alert message contract: JSON round trip, deterministic coder, and every produced message
 * valid against {@code schemas/alert.schema.json} (checked by hand — required keys, types, enums,
 * patterns, no extra keys — since no schema validator library is available offline), and the
 * BigQuery schema {@code schemas/alerts.json} naming every message field.
 */
@RunWith(JUnit4.class)
public class AlertJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public static Alert sample() {
    return Alert.builder()
        .setAlertId(GroupKeys.stableId("repeated-errors", "k", "1"))
        .setRule("repeated-errors")
        .setType("threshold")
        .setState(AlertState.FIRING)
        .setSeverity("error")
        .setGroupMap(Map.of("service", "checkout", "namespace", "shop"))
        .setValue(7)
        .setThreshold(5)
        .setWindowStartMillis(AlertTestSupport.at(-4, 0))
        .setWindowEndMillis(AlertTestSupport.at(1, 0))
        .setFirstSeenMillis(AlertTestSupport.at(1, 0))
        .setSummary("repeated-errors: shop/checkout logged 7 matching entries in 5m (threshold 5)")
        .setDescription("d")
        .setRunbook("https://wiki.example.com/r")
        .setSamples(
            List.of(
                AlertSample.of("id1", "2026-11-20T10:00:05Z", "failed secret=[REDACTED]", "abc")))
        .setLogsExplorerUrl("https://console.cloud.google.com/logs/query;query=x")
        .build();
  }

  @Test
  public void jsonRoundTripAndCoder() throws Exception {
    Alert a = sample();
    String json = a.toJson();
    assertThat(json)
        .startsWith(
            "{\"alertId\":\""
                + a.alertId()
                + "\",\"rule\":\"repeated-errors\",\"type\":\"threshold\","
                + "\"state\":\"FIRING\",\"sequence\":1,\"severity\":\"error\","
                + "\"group\":{\"namespace\":\"shop\",\"service\":\"checkout\"},\"value\":7.0,"
                + "\"threshold\":5.0,\"windowStart\":\"2026-11-20T09:56:00Z\","
                + "\"windowEnd\":\"2026-11-20T10:01:00Z\",\"firstSeen\":\"2026-11-20T10:01:00Z\"");
    assertThat(Alert.fromJson(json)).isEqualTo(a);
    Alert nt =
        a.toBuilder().setType("new-template").setTemplateId("t1").setTemplate("x <*>").build();
    assertThat(Alert.fromJson(nt.toJson())).isEqualTo(nt);
    CoderProperties.coderDecodeEncodeEqual(AlertCoder.of(), a);
    assertThat(
            org.apache.beam.sdk.coders.CoderRegistry.createDefault()
                .getCoder(org.apache.beam.sdk.values.TypeDescriptor.of(a.getClass())))
        .isEqualTo(AlertCoder.of());
    CoderProperties.coderDeterministic(AlertCoder.of(), a, Alert.fromJson(json));
    assertThat(validate(a)).isEmpty();
    assertThat(validate(nt)).isEmpty();
  }

  @Test
  public void attributesCarryTheGroupUnderNamesAFilterCanUseUnquoted() {
    Alert a =
        sample().toBuilder()
            .setSequence(3)
            .setGroupMap(
                Map.of(
                    "service", "shop/checkout",
                    "resource.labels.service_name", "pricing-api",
                    "labels.\"k8s-pod/app\"", "cart"))
            .build();
    assertThat(a.attributes())
        .containsExactly(
            "rule", "repeated-errors",
            "severity", "error",
            "state", "FIRING",
            "alertId", a.alertId(),
            "sequence", "3",
            "group_service", "shop/checkout",
            "group_resource_labels_service_name", "pricing-api",
            "group_labels_k8s-pod_app", "cart");
    // Pub/Sub's filter syntax takes letters, digits, '-' and '_' in an unquoted attribute name.
    for (String key : a.attributes().keySet()) {
      assertThat(key).matches("[A-Za-z0-9_-]+");
    }
  }

  @Test
  public void validatorRejectsBrokenMessages() throws Exception {
    ObjectNode o = sample().toJsonNode();
    o.remove("alertId");
    o.put("state", "PENDING");
    o.put("extra", 1);
    assertThat(validate(o))
        .containsExactly("missing alertId", "state: PENDING not in enum", "unexpected key extra");
  }

  @Test
  public void bigQuerySchemaHasEveryMessageField() throws Exception {
    JsonNode bq = MAPPER.readTree(new File(schemaDir(), "alerts.json"));
    Set<String> names = new HashSet<>();
    for (JsonNode f : bq) {
      names.add(f.get("name").asText());
    }
    JsonNode schema = MAPPER.readTree(new File(schemaDir(), "alert.schema.json"));
    for (Iterator<String> it = schema.get("properties").fieldNames(); it.hasNext(); ) {
      assertThat(names).contains(it.next());
    }
    assertThat(names).contains("publishTime");
  }

  static File schemaDir() {
    File f = new File("schemas");
    return f.isDirectory() ? f : new File("../schemas");
  }

  /** Hand-written check of an alert against alert.schema.json; returns the violations. */
  static List<String> validate(Alert a) throws Exception {
    return validate(a.toJsonNode());
  }

  static List<String> validate(JsonNode msg) throws Exception {
    JsonNode schema = MAPPER.readTree(new File(schemaDir(), "alert.schema.json"));
    return validate(msg, schema, "");
  }

  private static List<String> validate(JsonNode msg, JsonNode schema, String at) {
    List<String> errors = new ArrayList<>();
    for (JsonNode req : schema.path("required")) {
      if (!msg.has(req.asText())) {
        errors.add("missing " + at + req.asText());
      }
    }
    JsonNode props = schema.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = msg.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = props.get(e.getKey());
      String name = at + e.getKey();
      if (p == null) {
        errors.add("unexpected key " + name);
        continue;
      }
      JsonNode v = e.getValue();
      if (p.has("enum")) {
        boolean ok = false;
        for (JsonNode en : p.get("enum")) {
          ok |= en.asText().equals(v.asText()) && v.isTextual();
        }
        if (!ok) {
          errors.add(name + ": " + v.asText() + " not in enum");
        }
      }
      String type = p.path("type").asText("");
      switch (type) {
        case "string":
          if (!v.isTextual()) {
            errors.add(name + ": not a string");
          } else if (p.has("pattern")
              && !Pattern.compile(p.get("pattern").asText()).matcher(v.asText()).find()) {
            errors.add(name + ": does not match " + p.get("pattern").asText());
          } else if ("date-time".equals(p.path("format").asText())) {
            try {
              dev.logalerts.model.Timestamps.parse(v.asText());
            } catch (IllegalArgumentException ex) {
              errors.add(name + ": not RFC 3339");
            }
          }
          break;
        case "number":
          if (!v.isNumber()) {
            errors.add(name + ": not a number");
          }
          break;
        case "object":
          if (!v.isObject()) {
            errors.add(name + ": not an object");
          } else if (p.has("additionalProperties") && p.get("additionalProperties").isObject()) {
            for (JsonNode x : v) {
              if (!x.isTextual()) {
                errors.add(name + ": values must be strings");
              }
            }
          }
          break;
        case "array":
          if (!v.isArray()) {
            errors.add(name + ": not an array");
          } else {
            if (p.has("maxItems") && v.size() > p.get("maxItems").asInt()) {
              errors.add(name + ": too many items");
            }
            for (JsonNode item : v) {
              errors.addAll(validate(item, p.get("items"), name + "[]."));
            }
          }
          break;
        default:
          break;
      }
    }
    return errors;
  }
}
