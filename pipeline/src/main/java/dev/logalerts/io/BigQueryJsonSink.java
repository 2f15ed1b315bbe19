package dev.logalerts.io;

import com.google.api.services.bigquery.model.TableRow;
import dev.logalerts.io.StorageWrite.Delivery;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.PipelineCounters;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Writes rows given as JSON objects (the {@code toJson()} of alerts and noisy-log rows) to one
 * BigQuery table with the Storage Write API, and returns every row that did not get in as a {@link
 * DeadLetter}: JSON that is not an object, and rows BigQuery rejected (consumed from {@link
 * WriteResult#getFailedStorageApiInserts()}, which silently drops them when nobody reads it,
 * github.com/apache/beam/issues/26853). The caller sends those to the dead-letter table.
 */
public class BigQueryJsonSink extends PTransform<PCollection<String>, PCollection<DeadLetter>> {
  private static final TupleTag<TableRow> ROWS = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> INVALID = new TupleTag<>() {};

  private final StorageWrite write;

  public BigQueryJsonSink(StorageWrite write) {
    this.write = write;
  }

  /**
   * Alert history, exactly-once. At-least-once would be cheaper, and rows carry an alertId a
   * careful analyst could dedupe on, but "how many alerts fired last week" is a COUNT(*) and alert
   * volume is tiny, so the committed-stream cost is negligible and nobody must remember to dedupe.
   */
  public static BigQueryJsonSink alerts(String table, CloudSinkOptions options) {
    return new BigQueryJsonSink(
        StorageWrite.of(table, TableLayout.alerts(), Delivery.EXACTLY_ONCE, options));
  }

  /**
   * Noisy-log volume, exactly-once: each row is an aggregate (count per template per window) that
   * analysts SUM; a row repeated by a retried bundle would double a volume, and unlike alerts there
   * is no id that says two rows are one.
   */
  public static BigQueryJsonSink noisyLogs(String table, CloudSinkOptions options) {
    return new BigQueryJsonSink(
        StorageWrite.of(table, TableLayout.noisyLogs(), Delivery.EXACTLY_ONCE, options));
  }

  public StorageWrite storageWrite() {
    return write;
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<String> input) {
    PCollectionTuple parsed =
        input.apply(
            "JsonToTableRow",
            ParDo.of(new ToTableRowFn(write.table()))
                .withOutputTags(ROWS, TupleTagList.of(INVALID)));
    WriteResult result =
        write.write("WriteToBigQuery", parsed.get(ROWS).setCoder(TableRowJsonCoder.of()));
    PCollection<DeadLetter> rejected =
        result
            .getFailedStorageApiInserts()
            .apply("RejectedToDeadLetter", ParDo.of(new RejectedFn(write.table())));
    return PCollectionList.of(parsed.get(INVALID).setCoder(DeadLetter.Coder.of()))
        .and(rejected.setCoder(DeadLetter.Coder.of()))
        .apply("Failures", Flatten.pCollections());
  }

  static class ToTableRowFn extends DoFn<String, TableRow> {
    private final String table;
    private final Counter invalid = PipelineCounters.counter("bigquery_rows_invalid_json");

    ToTableRowFn(String table) {
      this.table = table;
    }

    @ProcessElement
    public void process(
        @Element String json, @Timestamp org.joda.time.Instant ts, MultiOutputReceiver out) {
      TableRow row;
      try {
        row = BigQueryHelpers.fromJsonString(json, TableRow.class);
      } catch (RuntimeException e) {
        row = null;
      }
      if (row == null) {
        invalid.inc();
        out.get(INVALID)
            .output(
                DeadLetter.of(
                    System.currentTimeMillis(),
                    json.getBytes(StandardCharsets.UTF_8),
                    Map.of("table", table),
                    "bigquery: row for " + table + " is not a JSON object",
                    ""));
        return;
      }
      out.get(ROWS).output(row);
    }
  }

  /** A row BigQuery refused becomes a dead letter carrying BigQuery's reason. */
  static class RejectedFn extends DoFn<BigQueryStorageApiInsertError, DeadLetter> {
    private final String table;
    private final Counter rejected = PipelineCounters.counter("bigquery_rows_rejected");

    RejectedFn(String table) {
      this.table = table;
    }

    @ProcessElement
    public void process(
        @Element BigQueryStorageApiInsertError error, OutputReceiver<DeadLetter> out) {
      rejected.inc();
      String row = BigQueryHelpers.toJsonString(error.getRow());
      out.output(
          DeadLetter.of(
              System.currentTimeMillis(),
              row.getBytes(StandardCharsets.UTF_8),
              Map.of("table", table),
              "bigquery: rejected by " + table + ": " + error.getErrorMessage(),
              ""));
    }
  }
}
