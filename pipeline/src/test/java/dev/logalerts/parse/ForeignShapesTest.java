package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.InvalidEntryException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Other exports of LogEntries than the entries themselves are refused saying what they are, not
 * parsed into empty entries or refused for a missing timestamp.
 */
@RunWith(JUnit4.class)
public class ForeignShapesTest {
  private static final String ENTRY =
      "{\"insertId\":\"a1\",\"timestamp\":\"2026-12-05T01:00:00Z\",\"severity\":\"ERROR\","
          + "\"logName\":\"projects/p/logs/stdout\",\"textPayload\":\"payment declined\"}";

  private final LogEntryParser parser = new LogEntryParser();
  private final LogEntryParser fieldsOfRules =
      new LogEntryParser().withPayloadPaths(java.util.List.<java.util.List<String>>of());

  private InvalidEntryException invalid(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> parser.parse(bytes));
    InvalidEntryException same =
        assertThrows(InvalidEntryException.class, () -> fieldsOfRules.parse(bytes));
    assertThat(same.getMessage()).isEqualTo(e.getMessage());
    return e;
  }

  @Test
  public void aPulledPubsubMessageIsNotAnEntry() {
    String data = Base64.getEncoder().encodeToString(ENTRY.getBytes(StandardCharsets.UTF_8));
    // gcloud pubsub subscriptions pull --format=json, one element
    InvalidEntryException e =
        invalid(
            "{\"ackId\":\"RVNEUAYWLF\",\"message\":{\"attributes\":{\"logging.googleapis.com/timestamp\":"
                + "\"2026-12-05T01:00:00Z\"},\"data\":\""
                + data
                + "\",\"messageId\":\"1\",\"publishTime\":\"2026-12-05T01:00:01Z\"}}");
    assertThat(e.reason()).isEqualTo(Reason.NOT_A_LOG_ENTRY);
    assertThat(e.getMessage()).startsWith("a Pub/Sub message (its 'ackId'), not a LogEntry:");
    assertThat(e.getMessage()).contains("@base64d");
    // the message alone, with a publish time that is not the entry's
    assertThat(
            invalid(
                    "{\"data\":\""
                        + data
                        + "\",\"messageId\":\"1\",\"publishTime\":\"2026-12-05T01:00:01Z\"}")
                .reason())
        .isEqualTo(Reason.NOT_A_LOG_ENTRY);
  }

  @Test
  public void protobufFieldNamesAreNotReadAsAnEmptyEntry() {
    // A LogEntry printed with its protobuf names: a valid timestamp, so it used to parse with
    // no payload, log name or insertId, and no rule could see it.
    InvalidEntryException e =
        invalid(
            "{\"insert_id\":\"a1\",\"log_name\":\"projects/p/logs/stdout\",\"timestamp\":"
                + "\"2026-12-05T01:00:00Z\",\"severity\":\"ERROR\",\"json_payload\":{\"message\":"
                + "\"payment declined\"},\"resource\":{\"type\":\"global\"}}");
    assertThat(e.reason()).isEqualTo(Reason.NOT_A_LOG_ENTRY);
    assertThat(e.getMessage())
        .startsWith("'insert_id' is a LogEntry field's protobuf name, not its JSON name");
    assertThat(e.code()).isEqualTo("not_a_log_entry");
  }

  @Test
  public void ownOutputRowsAreNotEntries() {
    // A dead letter has a valid timestamp (when it was written): it was parsed as an empty entry
    // of that time.
    InvalidEntryException e =
        invalid(
            "{\"timestamp\":\"2026-12-05T15:30:34.801Z\",\"payloadString\":\"{}\",\"payloadBytes\":"
                + "\"e30=\",\"attributes\":[],\"errorMessage\":\"[missing_timestamp] x\","
                + "\"stacktrace\":\"\"}");
    assertThat(e.reason()).isEqualTo(Reason.NOT_A_LOG_ENTRY);
    assertThat(e.getMessage())
        .startsWith("a dead-letter row (its 'payloadString'), not a LogEntry");
    assertThat(invalid("{\"alertId\":\"a\",\"rule\":\"r\",\"severity\":\"warning\"}").getMessage())
        .startsWith("an alert written by this tool (its 'alertId')");
    assertThat(invalid("{\"row_id\":\"r\",\"severity\":\"ERROR\"}").getMessage())
        .startsWith("a noisy-log row written by this tool (its 'row_id')");
  }

  @Test
  public void aBigQueryRowsTimestampIsNamed() {
    InvalidEntryException e =
        invalid(
            "{\"logName\":\"projects/p/logs/cloudaudit.googleapis.com%2Factivity\",\"timestamp\":"
                + "\"2026-12-05 01:00:00.123456 UTC\",\"protopayload_auditlog\":{}}");
    assertThat(e.reason()).isEqualTo(Reason.INVALID_TIMESTAMP);
    assertThat(e.getMessage())
        .isEqualTo(
            "timestamp: '2026-12-05 01:00:00.123456 UTC' is not an RFC 3339 timestamp (BigQuery's"
                + " text form of a TIMESTAMP: a row exported from a BigQuery table, not a LogEntry"
                + " as Cloud Logging exports it)");
  }

  @Test
  public void anEntryWithAStrayKeyOfThatKindIsStillAnEntry() throws Exception {
    // A real entry's own fields win: an extra key is ignored as any unknown key is.
    LogEvent e =
        parser.parse(
            ENTRY
                .replace("}", ",\"subscription\":\"s\",\"json_payload\":{}}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(e.insertId()).isEqualTo("a1");
    assertThat(e.message()).isEqualTo("payment declined");
  }
}
