package dev.logalerts.io;

import com.google.api.services.bigquery.model.TableRow;
import dev.logalerts.io.StorageWrite.Delivery;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.templates.Redactor;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes dead letters to the {@code deadLetterTable} (DataflowTemplates schema).
 *
 * <p>At-least-once ({@code STORAGE_API_AT_LEAST_ONCE}): a dead letter is one bad input kept for
 * inspection and replay, not a figure anyone sums — the authoritative counts are the {@code
 * deadletter_*} counters — and during an incident (a deploy that logs garbage) this is the busiest
 * table, where the default stream is cheapest and shows rows immediately. A rare duplicate from a
 * retried bundle is recognisable by identical payload and attributes.
 *
 * <p>A row this table itself rejects cannot go anywhere else without looping, so it is logged
 * (error message and the start of the payload, redacted: the log is not the table) and counted in
 * {@value #UNWRITABLE_COUNTER}, which an operator should alert on.
 */
public class DeadLetterSink extends PTransform<PCollection<DeadLetter>, PDone> {
  public static final String UNWRITABLE_COUNTER = "deadletter_unwritable";

  private final StorageWrite write;

  public DeadLetterSink(StorageWrite write) {
    this.write = write;
  }

  public static DeadLetterSink of(String table, CloudSinkOptions options) {
    return new DeadLetterSink(
        StorageWrite.of(table, TableLayout.deadLetters(), Delivery.AT_LEAST_ONCE, options));
  }

  public StorageWrite storageWrite() {
    return write;
  }

  @Override
  public PDone expand(PCollection<DeadLetter> input) {
    PCollection<TableRow> rows =
        input
            .apply(
                "ToDeadLetterRow",
                MapElements.into(TypeDescriptor.of(TableRow.class)).via(DeadLetterRows::toTableRow))
            .setCoder(TableRowJsonCoder.of());
    WriteResult result = write.write("WriteDeadLetters", rows);
    result.getFailedStorageApiInserts().apply("LogUnwritable", ParDo.of(new LogUnwritableFn()));
    return PDone.in(input.getPipeline());
  }

  static class LogUnwritableFn extends DoFn<BigQueryStorageApiInsertError, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSink.class);
    private final Counter unwritable = PipelineCounters.counter(UNWRITABLE_COUNTER);

    /**
     * The worker log is Cloud Logging, not the dead-letter table: what it quotes of the raw input
     * is redacted, whole and then cut (a cut first could leave a token too short to be recognised).
     */
    private final Redactor redactor = new Redactor();

    @ProcessElement
    public void process(@Element BigQueryStorageApiInsertError error) {
      unwritable.inc();
      Object payload = error.getRow().get("payloadString");
      String start = payload == null ? "" : redactor.redact(payload.toString());
      LOG.error(
          "Dead-letter table rejected a row ({}); payload starts: {}",
          redactor.redact(String.valueOf(error.getErrorMessage())),
          start.substring(0, Math.min(200, start.length())));
    }
  }
}
