package dev.logalerts.io;

import com.google.api.services.bigquery.model.TableRow;
import java.io.Serializable;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.Method;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * How one table is written with the BigQuery Storage Write API: its layout, its delivery semantics,
 * and the stream settings from the options. Tables are created if missing (never truncated); rows
 * BigQuery rejects come back in {@link WriteResult#getFailedStorageApiInserts()}.
 */
public final class StorageWrite implements Serializable {
  /** Delivery semantics of a table; see the factories of {@link BigQueryJsonSink}. */
  public enum Delivery {
    /** {@code STORAGE_WRITE_API}: committed streams, no duplicates even when bundles retry. */
    EXACTLY_ONCE,
    /**
     * {@code STORAGE_API_AT_LEAST_ONCE}: default stream, cheaper and immediate; a retry may repeat
     * a row.
     */
    AT_LEAST_ONCE
  }

  private final String table;
  private final TableLayout layout;
  private final Delivery delivery;
  private final int triggeringFrequencySec;
  private final int numStreams;
  private final @Nullable BigQueryServices testServices;

  private StorageWrite(
      String table,
      TableLayout layout,
      Delivery delivery,
      int triggeringFrequencySec,
      int numStreams,
      @Nullable BigQueryServices testServices) {
    this.table = table;
    this.layout = layout;
    this.delivery = delivery;
    this.triggeringFrequencySec = triggeringFrequencySec;
    this.numStreams = numStreams;
    this.testServices = testServices;
  }

  /**
   * Exactly-once streams when {@code numStreams} is not set and auto-sharding is unavailable:
   * Dataflow auto-shards the Storage Write API only on Streaming Engine.
   */
  static final int STREAMS_WITHOUT_STREAMING_ENGINE = 3;

  /** {@code table} is {@code PROJECT:DATASET.TABLE}. */
  public static StorageWrite of(
      String table, TableLayout layout, Delivery delivery, CloudSinkOptions options) {
    Integer configured = options.getNumStorageWriteApiStreams();
    int streams = configured == null ? 0 : configured;
    boolean streamingEngine =
        Boolean.TRUE.equals(options.isEnableStreamingEngine())
            || ExperimentalOptions.hasExperiment(options, "enable_streaming_engine")
            || ExperimentalOptions.hasExperiment(options, "enable_windmill_service");
    if (streams <= 0 && !streamingEngine) {
      streams = STREAMS_WITHOUT_STREAMING_ENGINE; // 0 means auto-sharding
    }
    return new StorageWrite(
        table, layout, delivery, CloudSinkOptions.triggeringFrequencySec(options), streams, null);
  }

  /** Tests: write through fake BigQuery services (and skip the dataset check at construction). */
  public StorageWrite withTestServices(BigQueryServices services) {
    return new StorageWrite(table, layout, delivery, triggeringFrequencySec, numStreams, services);
  }

  public String table() {
    return table;
  }

  public TableLayout layout() {
    return layout;
  }

  public Delivery delivery() {
    return delivery;
  }

  /** Applies the configured write to {@code rows}. */
  WriteResult write(String name, PCollection<TableRow> rows) {
    BigQueryIO.Write<TableRow> write =
        BigQueryIO.writeTableRows()
            .to(table)
            .withSchema(layout.schema())
            .withCreateDisposition(CreateDisposition.CREATE_IF_NEEDED)
            .withWriteDisposition(WriteDisposition.WRITE_APPEND)
            .withMethod(
                delivery == Delivery.EXACTLY_ONCE
                    ? Method.STORAGE_WRITE_API
                    : Method.STORAGE_API_AT_LEAST_ONCE);
    if (layout.timePartitioning() != null) {
      write = write.withTimePartitioning(layout.timePartitioning());
    }
    if (layout.clustering() != null) {
      write = write.withClustering(layout.clustering());
    }
    boolean streaming = rows.isBounded() == PCollection.IsBounded.UNBOUNDED;
    if (streaming && delivery == Delivery.EXACTLY_ONCE) {
      // Exactly-once streams commit every triggering period; numStorageWriteApiStreams or, by
      // default on Streaming Engine, auto-sharding decides the parallelism.
      write = write.withTriggeringFrequency(Duration.standardSeconds(triggeringFrequencySec));
      write =
          numStreams > 0
              ? write.withNumStorageWriteApiStreams(numStreams)
              : write.withAutoSharding();
    }
    if (testServices != null) {
      write = write.withTestServices(testServices).withoutValidation();
    }
    return rows.apply(name, write);
  }
}
