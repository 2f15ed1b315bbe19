package dev.logalerts.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Records that look like LogEntries but are another export of them, told by their top-level keys: a
 * Pub/Sub message (a Pub/Sub sink's or a subscription's, the entry base64 in its {@code data}), a
 * LogEntry written with its protobuf field names ({@code json_payload}, {@code insert_id}: proto
 * JSON with original names), a BigQuery log sink's row ({@code protopayload_auditlog}) or one of
 * this tool's own output rows (a dead letter, whose {@code timestamp} is when it was written), or a
 * message that other publishers put on the log topic: a Cloud Storage notification, a CloudEvent.
 * Unknown keys are otherwise ignored, so such a record with a usable timestamp would be parsed as
 * an entry with no payload, log name or insertId: no rule would see what it holds, and nothing
 * would say so. {@link ParsedEntry#build} refuses it as {@code not_a_log_entry} instead, saying
 * what it is. BigQuery's text form of a TIMESTAMP ({@code 2026-12-05 01:00:00 UTC}, how a table
 * exported to JSON writes it) is named in the {@code invalid_timestamp} message.
 */
final class ForeignShapes {
  private ForeignShapes() {}

  /** Top-level keys of a Pub/Sub message or of a pulled or pushed one. */
  private static final Set<String> PUBSUB =
      Set.of(
          "ackId",
          "ack_id",
          "messageId",
          "message_id",
          "publishTime",
          "publish_time",
          "deliveryAttempt",
          "subscription");

  /** The LogEntry's protobuf names that differ from its JSON names, and BigQuery's audit column. */
  private static final Set<String> PROTO_NAMES =
      Set.of(
          "insert_id",
          "log_name",
          "text_payload",
          "json_payload",
          "proto_payload",
          "http_request",
          "receive_timestamp",
          "source_location",
          "span_id",
          "trace_sampled",
          "protopayload_auditlog");

  /** Top-level keys of this tool's own output rows: dead letters, alerts, noisy-log rows. */
  private static final Set<String> OWN_ROWS =
      Set.of("payloadString", "payloadBytes", "errorMessage", "alertId", "row_id", "template_id");

  /**
   * Top-level keys of a Cloud Storage object resource, the data of a bucket's Pub/Sub notification
   * (payload format JSON_API_V1, https://cloud.google.com/storage/docs/pubsub-notifications).
   */
  private static final Set<String> STORAGE_OBJECT =
      Set.of("selfLink", "mediaLink", "metageneration");

  /**
   * Top-level keys of a record that an application or a log collector wrote instead of a LogEntry:
   * an application's own JSON line ({@code message}, {@code msg}; Docker's and Fluentd's {@code
   * log}), an Elastic or Logstash document ({@code @timestamp}), a Splunk HTTP Event Collector
   * event ({@code event}), a wrapper around a record ({@code json}; {@code events}, a list of
   * them), as other collectors' test data and exports hold GCP entries. With a {@code timestamp} of
   * its own such a record was parsed as an entry with no payload (template "(no message)", no
   * service, error rules fired on it); without one it was refused for a missing timestamp while the
   * entry inside had one.
   */
  private static final Set<String> COLLECTED =
      Set.of("message", "msg", "log", "@timestamp", "event", "json", "events");

  /** Every CloudEvent in JSON has it (https://github.com/cloudevents/spec, JSON event format). */
  private static final String CLOUD_EVENT = "specversion";

  private static final Pattern BIGQUERY_TIMESTAMP =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? UTC");

  /** Whether a top-level key the LogEntry does not have marks another kind of record. */
  static boolean marksForeign(String key) {
    return PUBSUB.contains(key)
        || PROTO_NAMES.contains(key)
        || OWN_ROWS.contains(key)
        || STORAGE_OBJECT.contains(key)
        || key.equals(CLOUD_EVENT)
        || COLLECTED.contains(key);
  }

  /**
   * Whether the foreign key {@code key} names the record better than {@code seen}, found before it:
   * a Pub/Sub push request's {@code message} (an object) comes before its {@code subscription}, an
   * Elastic document's {@code event} object may come before its {@code @timestamp}.
   */
  static boolean outranks(String key, String seen) {
    return rank(key) > rank(seen);
  }

  private static int rank(String key) {
    return key.equals("event") ? 0 : COLLECTED.contains(key) ? 1 : 2;
  }

  /**
   * Why a record with the top-level key {@code key} (one that {@link #marksForeign}) is refused.
   */
  static String why(String key) {
    if (PUBSUB.contains(key)) {
      return "a Pub/Sub message (its '"
          + key
          + "'), not a LogEntry: the entry is the message's data, base64-encoded (or already"
          + " decoded, as Splunk's, Datadog's and Sumo Logic's Google Cloud inputs keep it); take"
          + " it out first, e.g. jq -c '(.message // .).data | if type == \"string\" then"
          + " @base64d | fromjson else . end' (after '.[] |' for an array)";
    }
    if (STORAGE_OBJECT.contains(key)) {
      return "a Cloud Storage notification (its '"
          + key
          + "': an object's metadata), not a LogEntry: a bucket notifies this topic of its"
          + " changes; give the notification a topic of its own (gcloud storage buckets"
          + " notifications list gs://BUCKET)";
    }
    if (key.equals(CLOUD_EVENT)) {
      return "a CloudEvent (its 'specversion'), not a LogEntry: an event publisher writes to this"
          + " topic; the job reads the messages of a Logging sink, one LogEntry each (an audit log"
          + " event's 'data' is not read as an entry)";
    }
    if (key.startsWith("payload") || key.equals("errorMessage")) {
      // A dead letter's timestamp is when it was written: read as an entry, it was one then.
      return "a dead-letter row (its '"
          + key
          + "'), not a LogEntry: the entry it holds is its payloadString; to replay dead letters,"
          + " give their entries, e.g. jq -r '.payloadString' deadletter/*.json > replay.jsonl";
    }
    if (OWN_ROWS.contains(key)) {
      return (key.equals("alertId") ? "an alert" : "a noisy-log row")
          + " written by this tool (its '"
          + key
          + "'), not a LogEntry: is an output directory inside the input pattern?";
    }
    if (COLLECTED.contains(key)) {
      return collected(key);
    }
    if (key.equals("protopayload_auditlog")) {
      return "a row of a BigQuery log sink's table (its 'protopayload_auditlog'), not a LogEntry:"
          + " read the entries from Cloud Logging (gcloud logging read --format=json) or a Cloud"
          + " Storage sink's files";
    }
    return "'"
        + key
        + "' is a LogEntry field's protobuf name, not its JSON name (e.g. jsonPayload, insertId,"
        + " httpRequest): entries are read in the JSON form Cloud Logging exports (gcloud logging"
        + " read --format=json, a Cloud Storage sink); with protobuf names their fields would be"
        + " lost";
  }

  private static String collected(String key) {
    if (key.equals("json")) {
      return "an object wrapping a record in its 'json', not a LogEntry: when that record is the"
          + " LogEntry, unwrap it first, e.g. jq -c '.json'";
    }
    if (key.equals("events")) {
      return "a list of records in its 'events', not a LogEntry: give the entries one a line,"
          + " e.g. jq -c '.events[] | (.json // .)'";
    }
    if (key.equals("event")) {
      // Google's Pub/Sub to Splunk template sends the entry's JSON as the event's text.
      return "a Splunk HTTP Event Collector event (its 'event'), not a LogEntry: when its 'event'"
          + " is the LogEntry (as JSON text or an object), unwrap it first, e.g. jq -c '.event |"
          + " (fromjson? // .)'";
    }
    String text = key.equals("@timestamp") ? "message" : key;
    return "a log line of an application or a log collector (its '"
        + key
        + "'), not a LogEntry: the job reads Cloud Logging's entries (a log sink's export, gcloud"
        + " logging read --format=json); when its '"
        + text
        + "' is a LogEntry's JSON as text (a collector that read an exported file), unwrap it"
        + " first, e.g. jq -c '."
        + text
        + " | fromjson'";
  }

  /** Set by the Pub/Sub source on every message (PubsubLogSource.MESSAGE_ID_ATTRIBUTE). */
  private static final String MESSAGE_ID = "logalerts/messageId";

  /** Attribute names shown for a message that has nothing but attributes. */
  private static final int ATTRIBUTES_SHOWN = 6;

  /**
   * What an empty message's {@code attributes} tell of it (after ": "), or "" when it has none but
   * those of a Logging sink and of this job's source: a notification that carries everything in its
   * attributes, such as a Cloud Storage notification with payload format NONE.
   */
  static String attributesOnly(Map<String, String> attributes) {
    if (!attributes.containsKey(MESSAGE_ID)) {
      return ""; // a line of a file: its attributes are where it was read
    }
    List<String> names = new ArrayList<>();
    for (String name : attributes.keySet()) {
      if (!name.startsWith("logalerts/") && !name.startsWith("logging.googleapis.com/")) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      return "";
    }
    Collections.sort(names);
    String shown =
        String.join(", ", names.subList(0, Math.min(names.size(), ATTRIBUTES_SHOWN)))
            + (names.size() > ATTRIBUTES_SHOWN ? ", …" : "");
    String what =
        attributes.containsKey("bucketId") && attributes.containsKey("eventType")
            ? "a Cloud Storage notification without payload (payload format NONE)"
            : "no LogEntry in its data";
    return ": a message with attributes only (" + shown + "), " + what;
  }

  /** A note on a timestamp text that is not RFC 3339 but a known other form, else null. */
  static @Nullable String timestampNote(CharSequence text) {
    return BIGQUERY_TIMESTAMP.matcher(text).matches()
        ? "BigQuery's text form of a TIMESTAMP: a row exported from a BigQuery table, not a"
            + " LogEntry as Cloud Logging exports it"
        : null;
  }
}
