package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.logalerts.io.PubsubLogSource.EventTime;
import dev.logalerts.io.PubsubLogSource.TimeSource;
import dev.logalerts.model.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Plain functions of the io package: event time, dead-letter rows, attribute limits, layouts. */
@RunWith(JUnit4.class)
public class IoUnitTest {
  private static final Instant PUBLISHED = Instant.parse("2026-11-20T00:00:05Z");

  @Test
  public void eventTimeFromAttributeOrPublishTime() {
    EventTime ok = PubsubLogSource.eventTime("2026-11-20T00:00:02.095084795Z", PUBLISHED);
    assertThat(ok.source()).isEqualTo(TimeSource.ATTRIBUTE);
    assertThat(ok.time()).isEqualTo(Instant.parse("2026-11-20T00:00:02.095Z"));
    assertThat(PubsubLogSource.eventTime("2026-11-20T01:00:02+01:00", PUBLISHED).time())
        .isEqualTo(Instant.parse("2026-11-20T00:00:02Z"));

    EventTime missing = PubsubLogSource.eventTime(null, PUBLISHED);
    assertThat(missing.source()).isEqualTo(TimeSource.MISSING);
    assertThat(missing.time()).isEqualTo(PUBLISHED);
    assertThat(PubsubLogSource.eventTime("", PUBLISHED).source()).isEqualTo(TimeSource.MISSING);

    for (String bad : List.of("yesterday", "2026-13-01T00:00:00Z", "1600000000000", "2026-11-20")) {
      EventTime e = PubsubLogSource.eventTime(bad, PUBLISHED);
      assertThat(e.source()).isEqualTo(TimeSource.INVALID);
      assertThat(e.time()).isEqualTo(PUBLISHED);
    }
    // More than a day ahead of publishing: a broken clock, not an event time.
    assertThat(PubsubLogSource.eventTime("2026-11-21T00:00:06Z", PUBLISHED).source())
        .isEqualTo(TimeSource.INVALID);
    assertThat(PubsubLogSource.eventTime("2026-11-21T00:00:04Z", PUBLISHED).source())
        .isEqualTo(TimeSource.ATTRIBUTE);
  }

  @Test
  public void deadLetterRowAndJsonCarryTheSameFields() throws Exception {
    byte[] payload = {'{', 'x', (byte) 0xff, 0};
    DeadLetter d =
        DeadLetter.of(
            1_763_596_800_123L,
            payload,
            Map.of("source", "f.json", "line", "7"),
            "parse: invalid_utf8",
            "");
    TableRow row = DeadLetterRows.toTableRow(d);
    assertThat(row.get("timestamp")).isEqualTo("2025-11-20T00:00:00.123Z");
    assertThat(Base64.getDecoder().decode((String) row.get("payloadBytes"))).isEqualTo(payload);
    assertThat(row.get("payloadString")).isEqualTo(d.payloadString());
    assertThat(row.get("errorMessage")).isEqualTo("parse: invalid_utf8");
    assertThat(row.get("attributes").toString()).contains("line");

    JsonNode json = new ObjectMapper().readTree(DeadLetterRows.toJson(d));
    assertThat(json.get("timestamp").asText()).isEqualTo("2025-11-20T00:00:00.123Z");
    assertThat(Base64.getDecoder().decode(json.get("payloadBytes").asText())).isEqualTo(payload);
    assertThat(json.get("payloadString").asText()).isEqualTo(d.payloadString());
    assertThat(json.get("attributes").get(0).get("key").asText()).isEqualTo("line");
    assertThat(json.get("attributes").get(0).get("value").asText()).isEqualTo("7");
    assertThat(json.get("stacktrace").asText()).isEmpty();
  }

  @Test
  public void hugeDeadLetterPayloadIsCutAndMarked() {
    byte[] payload = new byte[DeadLetterRows.MAX_PAYLOAD_BYTES + 10];
    java.util.Arrays.fill(payload, (byte) 'a');
    TableRow row = DeadLetterRows.toTableRow(DeadLetter.of(0L, payload, Map.of(), "too_large", ""));
    assertThat(Base64.getDecoder().decode((String) row.get("payloadBytes")))
        .hasLength(DeadLetterRows.MAX_PAYLOAD_BYTES);
    assertThat(((String) row.get("payloadString")).length())
        .isEqualTo(DeadLetterRows.MAX_PAYLOAD_BYTES);
    assertThat(row.get("attributes").toString())
        .contains(Integer.toString(DeadLetterRows.MAX_PAYLOAD_BYTES + 10));
  }

  @Test
  public void alertAttributesFitPubsubLimits() {
    String longRule = "r".repeat(1500);
    String emoji = "\uD83D\uDD25".repeat(300); // 4 bytes each
    var m =
        PubsubAlertSink.message(
            "{}",
            Map.of(
                "rule",
                longRule,
                "severity",
                "critical",
                "state",
                "FIRING",
                "alertId",
                "a1",
                "note",
                emoji));
    assertThat(m.getAttribute("rule")).hasLength(1024);
    assertThat(m.getAttribute("note").getBytes(StandardCharsets.UTF_8).length).isAtMost(1024);
    assertThat(m.getAttribute("note").codePoints().allMatch(c -> c == 0x1F525)).isTrue();
    assertThat(m.getAttribute("severity")).isEqualTo("critical");
    assertThat(new String(m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  public void deadLetterLayoutMatchesTheDataflowTemplatesSchema() {
    TableLayout layout = TableLayout.deadLetters();
    assertThat(layout.partitionField()).isEqualTo("timestamp");
    assertThat(layout.clusteringFields()).isEmpty();
    var fields = layout.schema().getFields();
    assertThat(
            fields.stream().map(f -> f.getName() + ":" + f.getType() + ":" + f.getMode()).toList())
        .containsExactly(
            "timestamp:TIMESTAMP:REQUIRED",
            "payloadString:STRING:REQUIRED",
            "payloadBytes:BYTES:REQUIRED",
            "attributes:RECORD:REPEATED",
            "errorMessage:STRING:NULLABLE",
            "stacktrace:STRING:NULLABLE")
        .inOrder();
    assertThat(fields.get(3).getFields().stream().map(f -> f.getName()).toList())
        .containsExactly("key", "value")
        .inOrder();
  }
}
