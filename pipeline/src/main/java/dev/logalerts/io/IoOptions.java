package dev.logalerts.io;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Where entries come from and where results go. Exactly one input (files or subscription); local
 * JSON output when {@code outputDirectory} is set, cloud sinks for each table/topic that is set.
 */
public interface IoOptions extends PipelineOptions {
  @Description(
      "Batch input: newline-delimited LogEntry JSON files (a Cloud Logging Cloud Storage sink"
          + " export) or entries as gcloud logging read prints them (YAML, or a JSON array with"
          + " --format=json), gzip or not, e.g. gs://bucket/logs/**.json or samples/*.jsonl.")
  String getInputFilePattern();

  void setInputFilePattern(String value);

  @Description(
      "Streaming input: Pub/Sub subscription fed by a Cloud Logging sink,"
          + " projects/PROJECT/subscriptions/SUBSCRIPTION.")
  String getInputSubscription();

  void setInputSubscription(String value);

  @Description(
      "Local output directory: alerts/, noisy_logs/ and deadletter/ as newline-delimited JSON."
          + " Used by the local run; leave unset on Dataflow.")
  String getOutputDirectory();

  void setOutputDirectory(String value);

  @Description("Pub/Sub topic that receives alert messages, projects/PROJECT/topics/TOPIC.")
  String getAlertTopic();

  void setAlertTopic(String value);

  @Description("BigQuery table for alert history, PROJECT:DATASET.TABLE.")
  String getAlertTable();

  void setAlertTable(String value);

  @Description("BigQuery table for windowed noisy-log volume rows, PROJECT:DATASET.TABLE.")
  String getNoisyLogTable();

  void setNoisyLogTable(String value);

  @Description("BigQuery dead-letter table (DataflowTemplates schema), PROJECT:DATASET.TABLE.")
  String getDeadLetterTable();

  void setDeadLetterTable(String value);

  @Description(
      "Largest accepted LogEntry, in bytes (Cloud Logging's own limit is 256 KB). Larger input is"
          + " dead-lettered as too_large, and file lines are cut at this size while reading so that"
          + " a huge line cannot exhaust memory.")
  @Default.Integer(1024 * 1024)
  Integer getMaxEntryBytes();

  void setMaxEntryBytes(Integer value);

  @Description(
      "Most payload leaves (scalar values of jsonPayload, protoPayload, sourceLocation, split) kept"
          + " per entry, the first in document order: bounds memory. Leaves at or below the fields"
          + " the rules read are kept beyond it (up to 50000 per entry). Entries that lose leaves"
          + " are counted in payloads_truncated. 0 to 50000.")
  @Default.Integer(2000)
  Integer getMaxPayloadLeaves();

  void setMaxPayloadLeaves(Integer value);
}
