package dev.logalerts.io;

import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of the cloud I/O on Dataflow: redelivery dedupe (rules refresh is RulesOptions'). The
 * Storage Write API settings are Beam's own {@link BigQueryOptions} ({@code
 * numStorageWriteApiStreams}, {@code storageWriteApiTriggeringFrequencySec}), named as in
 * DataflowTemplates; whether a table is written exactly-once or at-least-once is decided per table
 * in {@link BigQueryJsonSink}, not by an option, because it is a correctness property of the table.
 */
public interface CloudSinkOptions extends BigQueryOptions {
  /** Used when {@code storageWriteApiTriggeringFrequencySec} is not set. */
  int DEFAULT_TRIGGERING_FREQUENCY_SEC = 5;

  @Description(
      "Minutes within which a redelivered entry (same insertId and timestamp) is counted once.")
  @Default.Integer(10)
  int getDedupeHorizonMinutes();

  void setDedupeHorizonMinutes(int value);

  /** {@code storageWriteApiTriggeringFrequencySec}, or the default of 5 seconds. */
  static int triggeringFrequencySec(BigQueryOptions options) {
    Integer sec = options.getStorageWriteApiTriggeringFrequencySec();
    return sec == null || sec <= 0 ? DEFAULT_TRIGGERING_FREQUENCY_SEC : sec;
  }
}
