package dev.logalerts.pipeline;

import dev.logalerts.io.DeadLetterRows;
import dev.logalerts.io.FileLogSource;
import dev.logalerts.io.LocalJsonSink;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.RawEntry;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.ParseLogEntries;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * The log-alerts job:
 *
 * <pre>
 *   ReadEntries ─► ParseLogEntries ─┬─► EvaluateRules ─► WriteAlerts
 *                    │ dead letters  └─► AccountNoisyLogs ─► WriteNoisyLogs
 *                    └────────────────────────────────────► WriteDeadLetters
 * </pre>
 *
 * <p>The same transforms run in batch (files, backfill, the local run) and streaming (Pub/Sub);
 * only sources and sinks differ, chosen by options. Step names are part of Dataflow's update
 * compatibility: do not rename them.
 */
public final class LogAlertsPipeline {
  private LogAlertsPipeline() {}

  public static void main(String[] args) {
    LogAlertsOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(LogAlertsOptions.class);
    run(options);
  }

  /** Builds and runs the pipeline; returns without waiting. */
  public static PipelineResult run(LogAlertsOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options);
    return pipeline.run();
  }

  /** Adds every step of the job to {@code pipeline}. */
  static void build(Pipeline pipeline, LogAlertsOptions options) {
    PCollection<RawEntry> raw =
        pipeline.apply(
            "ReadEntries",
            new FileLogSource(options.getInputFilePattern(), options.getMaxEntryBytes()));

    PCollectionTuple parsed =
        raw.apply(
            "ParseLogEntries",
            ParseLogEntries.using(
                new LogEntryParser(options.getMaxEntryBytes(), LogEntryParser.DEFAULT_MAX_DEPTH)));
    PCollection<LogEvent> events = parsed.get(ParseLogEntries.PARSED);
    PCollection<DeadLetter> deadLetters = parsed.get(ParseLogEntries.DEAD_LETTER);

    deadLetters
        .apply("DeadLettersToJson",
            MapElements.into(TypeDescriptors.strings()).via(DeadLetterRows::toJson))
        .apply("WriteDeadLetters", new LocalJsonSink(options.getOutputDirectory(), "deadletter"));
  }
}
