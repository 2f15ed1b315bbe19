package dev.logalerts.local;

import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.logalerts.testing.FakePubsubServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The alerts a streaming job published, read as a consumer reads them: each message's data is
 * checked against {@code schemas/alert.schema.json}, and its attributes (what subscribers filter on
 * without parsing: rule, severity, state, alertId, sequence) against its data.
 */
final class PublishedAlerts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema schema;

  private PublishedAlerts() {}

  /** The message and its parsed data. */
  record Published(FakePubsubServer.Message message, JsonNode alert) {
    String rule() {
      return alert.path("rule").asText();
    }

    String state() {
      return alert.path("state").asText();
    }

    String group(String key) {
      return alert.path("group").path(key).asText();
    }

    long millis(String field) {
      return java.time.Instant.parse(alert.path(field).asText()).toEpochMilli();
    }
  }

  /** Every alert on {@code topic} so far, each checked as above (an assertion fails otherwise). */
  static List<Published> read(FakePubsubServer pubsub, String topic) throws IOException {
    List<Published> out = new ArrayList<>();
    for (FakePubsubServer.Message m : pubsub.published(topic)) {
      JsonNode alert = JSON.readTree(m.data());
      Set<ValidationMessage> errors = schema().validate(alert);
      assertWithMessage("alert %s against schemas/alert.schema.json", m.text())
          .that(errors)
          .isEmpty();
      for (String key : List.of("rule", "severity", "state", "alertId", "sequence")) {
        assertWithMessage("attribute %s of %s (attributes %s)", key, m.text(), m.attributes())
            .that(m.attributes().get(key))
            .isEqualTo(alert.path(key).asText());
      }
      if (alert.path("group").has("service")) {
        assertWithMessage("attribute group_service of %s", m.text())
            .that(m.attributes().get("group_service"))
            .isEqualTo(alert.path("group").path("service").asText());
      }
      assertWithMessage("ordering key of %s", m.text())
          .that(m.orderingKey())
          .isEqualTo(alert.path("alertId").asText());
      out.add(new Published(m, alert));
    }
    return out;
  }

  /** The alerts of {@link #read} that match. */
  static List<Published> matching(FakePubsubServer pubsub, String topic, Predicate<Published> which)
      throws IOException {
    return read(pubsub, topic).stream().filter(which).toList();
  }

  private static synchronized JsonSchema schema() throws IOException {
    if (schema == null) {
      Path file = ScriptRunner.repoRoot().resolve("schemas/alert.schema.json");
      schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
              .getSchema(JSON.readTree(Files.readString(file)));
    }
    return schema;
  }
}
