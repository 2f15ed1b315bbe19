package dev.logalerts.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.alerting.Alert;
import dev.logalerts.io.BigQueryJsonSink;
import dev.logalerts.io.DeadLetterRows;
import dev.logalerts.io.DeadLetterSink;
import dev.logalerts.io.LocalJsonSink;
import dev.logalerts.io.PubsubAlertSink;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.templates.NoisyLogRow;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesAndMessageIdAndOrderingKeyCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The job's outputs, chosen by options: newline-delimited JSON under {@code outputDirectory} (the
 * local run), and/or the cloud destinations that are set — alerts to the Pub/Sub {@code alertTopic}
 * and the BigQuery {@code alertTable}, rows to {@code noisyLogTable}, dead letters to {@code
 * deadLetterTable}. Each line of a local file is exactly what the cloud sink receives. Rows
 * BigQuery rejects come back as dead letters and join the dead-letter output.
 */
final class Sinks {
  private final LogAlertsOptions options;
  private final @Nullable BigQueryServices testServices;

  private Sinks(LogAlertsOptions options, @Nullable BigQueryServices testServices) {
    this.options = options;
    this.testServices = testServices;
  }

  static Sinks from(LogAlertsOptions options) {
    return new Sinks(options, null);
  }

  /** Tests: the BigQuery tables are written through these services (Beam's fakes). */
  static Sinks from(LogAlertsOptions options, @Nullable BigQueryServices testServices) {
    return new Sinks(options, testServices);
  }

  private BigQueryJsonSink tested(BigQueryJsonSink sink) {
    return testServices == null
        ? sink
        : new BigQueryJsonSink(sink.storageWrite().withTestServices(testServices));
  }

  private boolean local() {
    return options.getOutputDirectory() != null;
  }

  /** Whether noisy-log rows have a destination (else the job does not compute them). */
  boolean hasNoisyLogSink() {
    return local() || options.getNoisyLogTable() != null;
  }

  /** Alerts → local files / Pub/Sub topic / BigQuery; returns the rows BigQuery rejected. */
  PTransform<PCollection<Alert>, PCollection<DeadLetter>> alerts() {
    return new PTransform<PCollection<Alert>, PCollection<DeadLetter>>() {
      @Override
      public PCollection<DeadLetter> expand(PCollection<Alert> evaluated) {
        // Streaming: each incident's messages in sequence order (a late incident's may cross).
        PCollection<Alert> all =
            evaluated.isBounded() == PCollection.IsBounded.BOUNDED
                ? evaluated
                : evaluated.apply("AlertsInSequence", new AlertsInSequence());
        // Silenced alerts go to the alert table (and alerts_silenced/) only, never to the topic.
        PCollection<Alert> alerts = all.apply("PublishedAlerts", Filter.by(Sinks::published));
        if (local()) {
          // A bounded run writes them in the order they were sent; streaming as they fire.
          PCollection<String> lines =
              alerts.isBounded() == PCollection.IsBounded.BOUNDED
                  ? alerts.apply("AlertsInSendOrder", new AlertsInSendOrder())
                  : alerts.apply("AlertsToJson", toJson(Alert::toJson));
          lines.apply(
              "WriteAlertFiles",
              LocalJsonSink.lines(options.getOutputDirectory(), LocalJsonSink.ALERT_FILES));
          PCollection<Alert> silenced =
              all.apply("SilencedAlerts", Filter.by((Alert a) -> !published(a)));
          PCollection<String> silencedLines =
              silenced.isBounded() == PCollection.IsBounded.BOUNDED
                  ? silenced.apply("SilencedInSendOrder", new AlertsInSendOrder())
                  : silenced.apply("SilencedToJson", toJson(Alert::toJson));
          silencedLines.apply(
              "WriteSilencedAlertFiles",
              LocalJsonSink.lines(
                  options.getOutputDirectory(), LocalJsonSink.SILENCED_ALERT_FILES));
        }
        if (options.getAlertTopic() != null) {
          alerts
              .apply(
                  "AlertsToMessages",
                  MapElements.into(TypeDescriptor.of(PubsubMessage.class))
                      .via(
                          (Alert a) ->
                              PubsubAlertSink.message(a.toJson(), a.attributes(), a.alertId())))
              .setCoder(PubsubMessageWithAttributesAndMessageIdAndOrderingKeyCoder.of())
              .apply("PublishAlerts", new PubsubAlertSink(options.getAlertTopic()));
        }
        if (options.getAlertTable() != null) {
          return all.apply("AlertsToRows", toJson(Sinks::alertRow))
              .apply(
                  "WriteAlertTable",
                  tested(BigQueryJsonSink.alerts(options.getAlertTable(), options)));
        }
        return noRejects(all, "NoAlertTable");
      }
    };
  }

  /** Noisy-log rows → local files / BigQuery; returns the rows BigQuery rejected. */
  PTransform<PCollection<NoisyLogRow>, PCollection<DeadLetter>> noisyLogs() {
    return new PTransform<PCollection<NoisyLogRow>, PCollection<DeadLetter>>() {
      @Override
      public PCollection<DeadLetter> expand(PCollection<NoisyLogRow> rows) {
        if (local()) {
          rows.apply(
              "WriteNoisyLogFiles",
              LocalJsonSink.of(
                  options.getOutputDirectory(),
                  LocalJsonSink.NOISY_LOG_FILES,
                  NoisyLogRow::toJson));
        }
        if (options.getNoisyLogTable() != null) {
          return rows.apply("NoisyLogsToJson", toJson(NoisyLogRow::toJson))
              .apply(
                  "WriteNoisyLogTable",
                  tested(BigQueryJsonSink.noisyLogs(options.getNoisyLogTable(), options)));
        }
        return noRejects(rows, "NoNoisyLogTable");
      }
    };
  }

  /** Every dead letter of the job → local files / the BigQuery dead-letter table. */
  @SafeVarargs
  final void writeDeadLetters(PCollection<DeadLetter> first, PCollection<DeadLetter>... more) {
    if (!local() && options.getDeadLetterTable() == null) {
      return; // no destination chosen for dead letters (counted all the same)
    }
    // Dead letters come from steps with different windowing (parse: none; BigQuery rejects:
    // the sinks' triggers); bring them into one global window firing per element first.
    PCollectionList<DeadLetter> all = PCollectionList.of(rewindow(first, 0));
    for (int i = 0; i < more.length; i++) {
      all = all.and(rewindow(more[i], i + 1));
    }
    PCollection<DeadLetter> deadLetters =
        all.apply("CollectDeadLetters", Flatten.pCollections()).setCoder(DeadLetter.Coder.of());
    if (local()) {
      deadLetters.apply(
          "WriteDeadLetters",
          LocalJsonSink.of(
              options.getOutputDirectory(),
              LocalJsonSink.DEAD_LETTER_FILES,
              DeadLetterRows::toJson));
    }
    if (options.getDeadLetterTable() != null) {
      DeadLetterSink sink = DeadLetterSink.of(options.getDeadLetterTable(), options);
      if (testServices != null) {
        sink = new DeadLetterSink(sink.storageWrite().withTestServices(testServices));
      }
      deadLetters.apply("WriteDeadLetterTable", sink);
    }
  }

  private static PCollection<DeadLetter> rewindow(PCollection<DeadLetter> input, int index) {
    return input.apply(
        "DeadLetterWindow" + index,
        Window.<DeadLetter>into(new GlobalWindows())
            .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
            .withAllowedLateness(Duration.ZERO)
            .discardingFiredPanes());
  }

  /**
   * An alert-history row: the alert message plus {@code publishTime}, when the job wrote it (the
   * table's REQUIRED column: the message itself carries only event times). {@code group} is a
   * STRING column holding the group as JSON object text (an object there would be stored as its
   * Java {@code toString()}).
   */
  static String alertRow(Alert alert) {
    ObjectNode row = alert.toJsonNode();
    row.put("group", row.get("group").toString());
    row.put("publishTime", Alert.rfc3339(System.currentTimeMillis()));
    return row.toString();
  }

  /** Not held back by a silence: goes to the topic and the local alerts/ files. */
  static boolean published(Alert a) {
    return a.silencedBy() == null;
  }

  private static <T> MapElements<T, String> toJson(SerializableFunction<T, String> fn) {
    return MapElements.into(TypeDescriptors.strings()).via(fn);
  }

  private static PCollection<DeadLetter> noRejects(PCollection<?> input, String name) {
    return input.getPipeline().apply(name, Create.empty(DeadLetter.Coder.of()));
  }
}
