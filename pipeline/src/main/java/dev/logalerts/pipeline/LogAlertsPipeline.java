package dev.logalerts.pipeline;

import dev.logalerts.io.DeadLetterRows;
import dev.logalerts.io.FileLogSource;
import dev.logalerts.io.LocalJsonSink;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.RawEntry;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.ParseLogEntries;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.templates.NoisyLogRow;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.rules.RulesLoader;
import dev.logalerts.rules.RulesValidationException;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
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

  /**
   * Validates the rules, builds and runs the pipeline; returns without waiting.
   *
   * @throws LaunchException when the rules file is missing or invalid (nothing is started)
   */
  public static PipelineResult run(LogAlertsOptions options) {
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options, loadRules(options));
    return pipeline.run();
  }

  /** Reads and validates the rules file at launch, before any step is built. */
  static RuleSet loadRules(LogAlertsOptions options) {
    String path = options.getRulesPath();
    if (path == null || path.isEmpty()) {
      return RuleSet.empty();
    }
    FileSystems.setDefaultPipelineOptions(options);
    try {
      return RulesLoader.load(path);
    } catch (RulesValidationException e) {
      throw new LaunchException(e.getMessage(), e);
    }
  }

  /** Adds every step of the job to {@code pipeline}. */
  static void build(Pipeline pipeline, LogAlertsOptions options, RuleSet rules) {
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

    PCollection<NoisyLogRow> noisyLogs =
        events.apply("AccountNoisyLogs", NoisyLogs.from(options));
    noisyLogs
        .apply("NoisyLogsToJson",
            MapElements.into(TypeDescriptors.strings()).via(NoisyLogRow::toJson))
        .apply("WriteNoisyLogs", new LocalJsonSink(options.getOutputDirectory(), "noisy_logs"));

    deadLetters
        .apply("DeadLettersToJson",
            MapElements.into(TypeDescriptors.strings()).via(DeadLetterRows::toJson))
        .apply("WriteDeadLetters", new LocalJsonSink(options.getOutputDirectory(), "deadletter"));
  }
}
