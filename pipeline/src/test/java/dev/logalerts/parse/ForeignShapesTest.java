package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.InvalidEntryException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
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

  /**
   * A bucket's Pub/Sub notification on the log topic (payload format JSON_API_V1: the object's
   * metadata, https://cloud.google.com/storage/docs/pubsub-notifications). The object is the one of
   * a real notification pasted in
   * https://gist.github.com/apavamontri/f7fd941884b6c16f2a6dec9830da47be (its data decoded; the
   * mediaLink's end completed). It has no timestamp, so it used to be refused as {@code
   * [missing_timestamp] entry has neither timestamp nor receiveTimestamp}.
   */
  @Test
  public void aCloudStorageNotificationIsNamed() {
    InvalidEntryException e =
        invalid(
            "{\"kind\": \"storage#object\", \"id\":"
                + " \"jeb-stg-raw-upload/20180110_actions.tsv-1515680692.gz/1515680694839665\","
                + " \"selfLink\": \"https://www.googleapis.com/storage/v1/b/jeb-stg-raw-upload/o/"
                + "20180110_actions.tsv-1515680692.gz\", \"name\":"
                + " \"20180110_actions.tsv-1515680692.gz\", \"bucket\": \"jeb-stg-raw-upload\","
                + " \"generation\": \"1515680694839665\", \"metageneration\": \"1\","
                + " \"contentType\": \"text/tab-separated-values\", \"timeCreated\":"
                + " \"2018-01-11T14:24:54.801Z\", \"updated\": \"2018-01-11T14:24:54.801Z\","
                + " \"storageClass\": \"REGIONAL\", \"timeStorageClassUpdated\":"
                + " \"2018-01-11T14:24:54.801Z\", \"size\": \"22099\", \"md5Hash\":"
                + " \"SpzEoMbyOiygmmVTH7li/A==\", \"mediaLink\":"
                + " \"https://www.googleapis.com/download/storage/v1/b/jeb-stg-raw-upload/o/"
                + "20180110_actions.tsv-1515680692.gz?generation=1515680694839665&alt=media\"}");
    assertThat(e.reason()).isEqualTo(Reason.NOT_A_LOG_ENTRY);
    assertThat(e.getMessage())
        .startsWith("a Cloud Storage notification (its 'selfLink': an object's metadata)");
  }

  /**
   * A CloudEvent in JSON on the log topic: the example of the CloudEvents JSON event format
   * (https://github.com/cloudevents/spec/blob/main/cloudevents/formats/json-format.md). It has
   * {@code time}, not {@code timestamp}: refused as {@code missing_timestamp} before.
   */
  @Test
  public void aCloudEventIsNamed() {
    InvalidEntryException e =
        invalid(
            "{\"specversion\" : \"1.0\", \"type\" : \"com.example.someevent\", \"source\" :"
                + " \"/mycontext\", \"id\" : \"A234-1234-1234\", \"time\" :"
                + " \"2018-04-05T17:31:00Z\", \"comexampleextension1\" : \"value\","
                + " \"comexampleothervalue\" : 5, \"datacontenttype\" : \"application/json\","
                + " \"data\" : {\"appinfoA\" : \"abc\", \"appinfoB\" : 123, \"appinfoC\" :"
                + " true}}");
    assertThat(e.reason()).isEqualTo(Reason.NOT_A_LOG_ENTRY);
    assertThat(e.getMessage()).startsWith("a CloudEvent (its 'specversion'), not a LogEntry:");
  }

  /** Several entries sent as one message are said to be that, not only "an array". */
  @Test
  public void entriesBatchedInAnArrayAreSaidToBeThat() {
    InvalidEntryException e = invalid("[" + ENTRY + "," + ENTRY.replace("a1", "a2") + "]");
    assertThat(e.reason()).isEqualTo(Reason.NOT_AN_OBJECT);
    assertThat(e.getMessage())
        .isEqualTo(
            "expected a JSON object, got an array of objects: several entries in one message or"
                + " line? Each must hold one LogEntry, as a Logging sink publishes them; publish"
                + " (or write) the entries one by one");
    // Arrays of anything else, nested or broken, are said as before.
    assertThat(invalid("[[[1]]]").getMessage()).isEqualTo("expected a JSON object, got an array");
    assertThat(invalid("[1, 2]").getMessage()).isEqualTo("expected a JSON object, got an array");
    assertThat(invalid("[x").getMessage()).isEqualTo("expected a JSON object, got an array");
  }

  /**
   * Records that other log collectors keep GCP entries in, and an application's own JSON line. A
   * Filebeat or Elastic Agent event holds the entry as text in its {@code message} ("The pub/sub
   * input writes the Stackdriver LogEntry object into the message field",
   * https://github.com/elastic/beats/blob/main/x-pack/filebeat/module/gcp/audit/config/pipeline.js),
   * beside its own {@code @timestamp}; elastic/integrations' pipeline tests wrap each entry as
   * {@code {"events":[{"json":{...}}]}}
   * (https://github.com/elastic/integrations/blob/main/packages/gcp/data_stream/firewall/_dev/test/pipeline/test-firewall-event.json);
   * an application prints {@code severity}, {@code message} and {@code timestamp}, which Google's
   * agents lift into a LogEntry (https://cloud.google.com/logging/docs/structured-logging). The
   * application's line used to be parsed as an entry without message, service or log ("(no
   * message)", and error rules fired on it), the others were refused as {@code missing_timestamp}
   * though the entry inside had one.
   */
  @Test
  public void recordsOfOtherCollectorsAreSaidWithHowToUnwrapThem() {
    InvalidEntryException line =
        invalid(
            "{\"timestamp\":\"2026-12-05T01:00:00Z\",\"severity\":\"ERROR\","
                + "\"message\":\"payment declined\"}");
    assertThat(line.reason()).isEqualTo(Reason.NOT_A_LOG_ENTRY);
    assertThat(line.getMessage())
        .startsWith(
            "a log line of an application or a log collector (its 'message'), not a LogEntry:");
    String quoted = ENTRY.replace("\\", "\\\\").replace("\"", "\\\"");
    InvalidEntryException beat = invalid("{\"message\":\"" + quoted + "\"}");
    assertThat(beat.reason()).isEqualTo(Reason.NOT_A_LOG_ENTRY);
    assertThat(beat.getMessage()).contains("jq -c '.message | fromjson'");
    InvalidEntryException elastic =
        invalid(
            "{\"@timestamp\":\"2026-12-05T01:00:00.000Z\",\"message\":\""
                + quoted
                + "\",\"event\":{\"original\":\""
                + quoted
                + "\"}}");
    assertThat(elastic.getMessage())
        .startsWith("a log line of an application or a log collector (its '@timestamp')");
    assertThat(elastic.getMessage()).contains("jq -c '.message | fromjson'");
    // Its 'event' object first is still the Elastic document, not a Splunk event.
    assertThat(
            invalid(
                    "{\"event\":{\"original\":\""
                        + quoted
                        + "\"},\"@timestamp\":\"2026-12-05T01:00:00.000Z\",\"message\":\""
                        + quoted
                        + "\"}")
                .getMessage())
        .isEqualTo(elastic.getMessage());
    // Docker's json-file line and Fluentd's record keep the text in 'log'.
    assertThat(
            invalid(
                    "{\"log\":\"payment declined\\n\",\"stream\":\"stderr\","
                        + "\"time\":\"2026-12-05T01:00:00.000000000Z\"}")
                .getMessage())
        .contains("jq -c '.log | fromjson'");
    // Google's Pub/Sub to Splunk template posts the entry as an HTTP Event Collector event's text
    // (https://github.com/GoogleCloudPlatform/DataflowTemplates/pull/230, its request body).
    InvalidEntryException splunk = invalid("{\"time\":1764896400000,\"event\":\"" + quoted + "\"}");
    assertThat(splunk.getMessage())
        .startsWith("a Splunk HTTP Event Collector event (its 'event'), not a LogEntry:");
    InvalidEntryException wrapped = invalid("{\"json\":" + ENTRY + "}");
    assertThat(wrapped.reason()).isEqualTo(Reason.NOT_A_LOG_ENTRY);
    assertThat(wrapped.getMessage())
        .isEqualTo(
            "an object wrapping a record in its 'json', not a LogEntry: when that record is the"
                + " LogEntry, unwrap it first, e.g. jq -c '.json'");
    assertThat(invalid("{\"events\":[{\"json\":" + ENTRY + "}]}").getMessage())
        .contains("jq -c '.events[] | (.json // .)'");
  }

  /**
   * A Pub/Sub push request (https://cloud.google.com/pubsub/docs/push) has its {@code message}
   * before its {@code subscription}: it is still said to be a Pub/Sub message.
   */
  @Test
  public void aPushedPubsubMessageIsStillNamedByItsSubscription() throws Exception {
    String data = Base64.getEncoder().encodeToString(ENTRY.getBytes(StandardCharsets.UTF_8));
    InvalidEntryException e =
        invalid(
            "{\"message\":{\"attributes\":{\"logging.googleapis.com/timestamp\":"
                + "\"2026-12-05T01:00:00Z\"},\"data\":\""
                + data
                + "\",\"messageId\":\"2070443601311540\",\"publishTime\":"
                + "\"2026-12-05T01:00:01Z\"},\"subscription\":\"projects/p/subscriptions/s\"}");
    assertThat(e.getMessage())
        .startsWith("a Pub/Sub message (its 'subscription'), not a LogEntry:");
    // An entry with such a key beside its own fields is still an entry.
    LogEvent entry =
        parser.parse(
            ENTRY.replace("}", ",\"message\":\"stray\"}").getBytes(StandardCharsets.UTF_8));
    assertThat(entry.message()).isEqualTo("payment declined");
  }

  /**
   * Pub/Sub messages as other vendors keep them, with the data already decoded: Splunk's Add-on for
   * Google Cloud Platform (sourcetype google:gcp:pubsub:message, searched as {@code
   * data.protoPayload...} by the "GCP Detect gcploit framework" detection of
   * https://github.com/splunk/security_content), Datadog's ({@code @data.protoPayload...} in its
   * gcploit detection rule) and Sumo Logic's, which keeps the push request ({@code
   * message.data.protoPayload...}). The way out named must work on them too: {@code @base64d} on an
   * object fails.
   */
  @Test
  public void pubsubMessagesWithTheirDataDecodedAreSaidSo() {
    InvalidEntryException splunk =
        invalid(
            "{\"attributes\":{\"logging.googleapis.com/timestamp\":\"2026-12-05T01:00:00Z\"},"
                + "\"data\":"
                + ENTRY
                + ",\"publish_time\":\"1764896401.123\"}");
    assertThat(splunk.reason()).isEqualTo(Reason.NOT_A_LOG_ENTRY);
    assertThat(splunk.getMessage()).startsWith("a Pub/Sub message (its 'publish_time')");
    assertThat(splunk.getMessage())
        .contains(
            "jq -c '(.message // .).data | if type == \"string\" then @base64d | fromjson else ."
                + " end'");
    InvalidEntryException sumo =
        invalid(
            "{\"message\":{\"attributes\":{},\"data\":"
                + ENTRY
                + ",\"messageId\":\"1\",\"publishTime\":\"2026-12-05T01:00:01Z\"},"
                + "\"subscription\":\"projects/p/subscriptions/sumo\"}");
    assertThat(sumo.getMessage())
        .isEqualTo(splunk.getMessage().replace("publish_time", "subscription"));
  }

  /**
   * A message with attributes only (Pub/Sub allows no data when there are attributes,
   * https://cloud.google.com/pubsub/docs/reference/rest/v1/PubsubMessage): its attributes are
   * named; a Cloud Storage notification of payload format NONE carries these
   * (https://cloud.google.com/storage/docs/pubsub-notifications).
   */
  @Test
  public void anAttributesOnlyMessageIsSaidWithItsAttributes() {
    Map<String, String> storage = new TreeMap<>();
    storage.put("notificationConfig", "projects/_/buckets/shop-uploads/notificationConfigs/1");
    storage.put("eventType", "OBJECT_FINALIZE");
    storage.put("payloadFormat", "NONE");
    storage.put("bucketId", "shop-uploads");
    storage.put("objectId", "invoices/2026-12-05.csv");
    storage.put("objectGeneration", "1764900000000000");
    storage.put("eventTime", "2026-12-05T01:00:00.000000Z");
    storage.put("logalerts/messageId", "17");
    storage.put("logalerts/publishTime", "2026-12-05T01:00:00.100Z");
    assertThat(ForeignShapes.attributesOnly(storage))
        .isEqualTo(
            ": a message with attributes only (bucketId, eventTime, eventType,"
                + " notificationConfig, objectGeneration, objectId, …), a Cloud Storage"
                + " notification without payload (payload format NONE)");
    assertThat(ForeignShapes.attributesOnly(Map.of("origin", "cron", "logalerts/messageId", "18")))
        .isEqualTo(": a message with attributes only (origin), no LogEntry in its data");
    // A sink's own attribute, or a file's line, say nothing more.
    assertThat(
            ForeignShapes.attributesOnly(
                Map.of(
                    "logging.googleapis.com/timestamp",
                    "2026-12-05T01:00:00Z",
                    "logalerts/messageId",
                    "19")))
        .isEmpty();
    assertThat(ForeignShapes.attributesOnly(Map.of("source", "f.json", "line", "3"))).isEmpty();
  }
}
