package dev.logalerts.pipeline;

import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.EvaluateRules;
import dev.logalerts.filter.TextsInEntryBytes;
import dev.logalerts.io.DeduplicateEntries;
import dev.logalerts.io.FileLogSource;
import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.io.QuietSubscriptions;
import dev.logalerts.io.RulesSideInput;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.RawEntry;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.ParseLogEntries;
import dev.logalerts.rules.PayloadPaths;
import dev.logalerts.rules.RuleNotes;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import dev.logalerts.rules.RulesValidationException;
import dev.logalerts.templates.NoisyKey;
import dev.logalerts.templates.NoisyLogRow;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.templates.NoisyVolumeFn.Volume;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log-alerts job, as a diagram:
 *
 * <pre>
 *                                                    RulesFile (streaming) ─┐ side input
 *   ReadEntries ─► ParseLogEntries ─► DeduplicateEntries ─► MatchRuleFilters ─┬─► EvaluateRules ───► WriteAlerts
 *   (files|Pub/Sub)     │ dead letters   (streaming)                         └─► AccountNoisyLogs ─► WriteNoisyLogs
 *                       └─────────────────────────────────────────────────────────────────────────► WriteDeadLetters
 * </pre>
 *
 * <p>MatchRuleFilters tests each rule's filter once per entry and passes the entry on with the
 * names of the rules it matched (and the rules version); EvaluateRules turns those matches into
 * alerts, AccountNoisyLogs writes the names on the entry's noisy-log row, so no filter runs twice.
 *
 * <p>The same transforms run in batch (files: backfill and the local run) and streaming (Pub/Sub);
 * only the source and the sinks differ, chosen by options ({@link Sinks}). One exception: a batch
 * job with noisy-log rows parses and tests each entry inside EvaluateRules' first step, which also
 * folds it into its noisy-log volume ({@code buildBatch}), because the DirectRunner, which runs
 * most batch jobs, does not fuse steps; the alerts, rows and dead letters are the same. The rules
 * file is read and validated at launch, before anything is built, so a bad file is refused with
 * every error named; a streaming job then re-reads it every {@code rulesRefreshMinutes} (RulesFile,
 * a side input of MatchRuleFilters and EvaluateRules), keeping the last valid version. Step names
 * are part of Dataflow's update compatibility: do not rename them ({@code StepNamesTest} keeps the
 * stateful ones).
 */
public final class LogAlertsPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(LogAlertsPipeline.class);

  private LogAlertsPipeline() {}

  /**
   * Launches the job. A mistake (unknown option, bad value, bad rules file, unreachable input or
   * dataset) ends in one {@code error:} line on stderr and exit code {@link CommandLine#EXIT_USAGE}
   * (options) or {@link CommandLine#EXIT_FAILED}; {@code --verbose} adds the stack trace.
   */
  public static void main(String[] args) {
    List<String> list = new ArrayList<>(Arrays.asList(args));
    boolean verbose = CommandLine.takeFlag(list, "--verbose");
    for (String arg : list) {
      if (arg.equals("--help") || arg.startsWith("--help=")) {
        System.exit(CommandLine.printHelp(arg, System.out, System.err));
      }
    }
    try {
      run(CommandLine.parse(list.toArray(new String[0])));
    } catch (LaunchException e) {
      System.err.println("error: " + e.getMessage());
      if (verbose) {
        e.printStackTrace();
      }
      boolean usage = e instanceof CommandLine.UsageException;
      System.exit(usage ? CommandLine.EXIT_USAGE : CommandLine.EXIT_FAILED);
    } catch (RuntimeException e) {
      // The runner's own refusals: on Dataflow a missing temp location, no credentials, a job of
      // that name already running, an incompatible update. One line; --verbose for the trace.
      System.err.println("error: " + CommandLine.firstLine(e));
      if (verbose) {
        e.printStackTrace();
      }
      System.exit(CommandLine.EXIT_FAILED);
    }
  }

  /**
   * Validates the options and the rules, builds and runs the pipeline; returns without waiting.
   *
   * @throws LaunchException when the options or the rules file are invalid (nothing is started)
   */
  public static PipelineResult run(LogAlertsOptions options) {
    return prepare(options).run();
  }

  /**
   * The job checked (options, rules file, launch checks) and built, not yet running: a local run
   * clears its previous run's outputs only once the job is known to start.
   */
  public static Pipeline prepare(LogAlertsOptions options) {
    checkOptions(options);
    LaunchChecks.check(options);
    Pipeline pipeline = Pipeline.create(options);
    build(pipeline, options);
    if (options.getRunner().getSimpleName().equals("DirectRunner")) {
      // A local streaming run: windows close and messages are acknowledged during lulls.
      QuietSubscriptions.apply(pipeline);
    }
    return pipeline;
  }

  /** Adds every step of the job to {@code pipeline}. */
  public static void build(Pipeline pipeline, LogAlertsOptions options) {
    build(pipeline, options, Sinks.from(options));
  }

  /** Tests: the whole job with its sinks given (BigQuery through Beam's fake services). */
  static void build(Pipeline pipeline, LogAlertsOptions options, Sinks sinks) {
    checkOptions(options);
    RuleSet rules = loadRules(options);

    EvaluateRules evaluateRules =
        EvaluateRules.of(rules, options).withMaxGroupsPerRule(options.getMaxGroupsPerRule());
    ParseLogEntries parse = ParseLogEntries.using(parser(options, rules));
    if (reloadsRules(options)) {
      // Streaming: the rules file is re-read while the job runs; a bad version is ignored. Each
      // entry is parsed for the version the parse step holds.
      PCollectionView<RuleSet> rulesView =
          pipeline.apply(
              "RulesFile",
              RulesSideInput.refreshing(
                  rules, options.getRulesPath(), rulesRefresh(options), RulesLoader::load));
      evaluateRules = evaluateRules.withRulesView(rulesView);
      parse = parse.forRulesOf(rulesView, parsers(options));
    }
    PCollection<RawEntry> entries = pipeline.apply("ReadEntries", readEntries(options));
    if (!isStreaming(options) && sinks.hasNoisyLogSink()) {
      buildBatch(pipeline, options, sinks, entries, rules, evaluateRules);
      return;
    }
    PCollectionTuple parsed = entries.apply("ParseLogEntries", parse);
    PCollection<DeadLetter> badEntries = parsed.get(ParseLogEntries.DEAD_LETTER);
    PCollection<LogEvent> events = parsed.get(ParseLogEntries.PARSED);
    if (isStreaming(options)) {
      // Pub/Sub delivers at least once. A batch run counts what it reads (README Known limits).
      events = events.apply("DeduplicateEntries", DeduplicateEntries.fromOptions(options));
    }
    PCollection<MatchedEvent> matched =
        events.apply("MatchRuleFilters", evaluateRules.matchFilters());
    PCollection<Alert> alerts = matched.apply("EvaluateRules", evaluateRules.onMatched());
    PCollection<DeadLetter> rejectedAlerts = alerts.apply("WriteAlerts", sinks.alerts());
    if (!sinks.hasNoisyLogSink()) {
      // No destination for noisy-log rows (e.g. an alerts-only job): skip the accounting.
      sinks.writeDeadLetters(badEntries, rejectedAlerts);
      return;
    }
    PCollection<NoisyLogRow> noisyLogs = matched.apply("AccountNoisyLogs", NoisyLogs.from(options));
    PCollection<DeadLetter> rejectedRows = noisyLogs.apply("WriteNoisyLogs", sinks.noisyLogs());
    sinks.writeDeadLetters(badEntries, rejectedAlerts, rejectedRows);
  }

  /**
   * A batch job with noisy-log rows: the same steps, but each entry is parsed, its filters tested,
   * its rule observations and noisy-log volume folded in one step ({@link
   * EvaluateRules#withAccount}), because the DirectRunner, which runs most batch jobs, does not
   * fuse steps: every step cost each entry a hand-over and held its output bundle in memory. The
   * alerts, rows and dead letters are the same.
   *
   * <pre>
   *   ReadEntries ─► EvaluateRules (MatchRules: parse, test, fold) ─┬─► … alerts ──► WriteAlerts
   *                                                                 ├─► AccountNoisyLogs ─► WriteNoisyLogs
   *                                                                 └─► dead letters ─► WriteDeadLetters
   * </pre>
   */
  private static void buildBatch(
      Pipeline pipeline,
      LogAlertsOptions options,
      Sinks sinks,
      PCollection<RawEntry> entries,
      RuleSet rules,
      EvaluateRules evaluateRules) {
    NoisyLogs account = NoisyLogs.from(options);
    PCollectionTuple evaluated =
        entries.apply(
            "EvaluateRules",
            evaluateRules.withAccount(
                ParseLogEntries.using(parser(options, rules)).parsing(),
                ParseLogEntries.DEAD_LETTER,
                account.entryFolder(pipeline),
                VOLUMES,
                account.partialsCoder(pipeline)));
    PCollection<DeadLetter> rejectedAlerts =
        evaluated.get(EvaluateRules.ALERTS).apply("WriteAlerts", sinks.alerts());
    PCollection<DeadLetter> rejectedRows =
        evaluated
            .get(VOLUMES)
            .apply("AccountNoisyLogs", account.fromPartials())
            .apply("WriteNoisyLogs", sinks.noisyLogs());
    sinks.writeDeadLetters(
        evaluated.get(ParseLogEntries.DEAD_LETTER), rejectedAlerts, rejectedRows);
  }

  private static final TupleTag<KV<NoisyKey, Volume>> VOLUMES =
      new TupleTag<KV<NoisyKey, Volume>>("noisyLogVolumes") {};

  /** Streaming with a rules file and a refresh period: the rules are reloaded at runtime. */
  static boolean reloadsRules(LogAlertsOptions options) {
    String path = options.getRulesPath();
    return isStreaming(options)
        && path != null
        && !path.isEmpty()
        && rulesRefresh(options).isLongerThan(Duration.ZERO);
  }

  /** {@code rulesRefreshMinutes}, or the hidden test-only {@code rulesRefreshSeconds} when set. */
  static Duration rulesRefresh(LogAlertsOptions options) {
    Integer seconds = options.getRulesRefreshSeconds();
    if (seconds != null && seconds > 0) {
      return Duration.standardSeconds(seconds);
    }
    Integer minutes = options.getRulesRefreshMinutes();
    return minutes == null ? Duration.ZERO : Duration.standardMinutes(minutes);
  }

  static boolean isStreaming(LogAlertsOptions options) {
    return options.getInputSubscription() != null
        || options.as(StreamingOptions.class).isStreaming();
  }

  private static PTransform<PBegin, PCollection<RawEntry>> readEntries(LogAlertsOptions options) {
    if (options.getInputSubscription() != null) {
      return new PubsubLogSource(
          options.getInputSubscription(),
          Duration.standardMinutes(options.getAllowedLatenessMinutes()));
    }
    FileLogSource files =
        new FileLogSource(options.getInputFilePattern(), options.getMaxEntryBytes());
    return DirectRunner.class.equals(options.getRunner())
        ? files.withoutInitialSplits(LaunchChecks.inputFiles(options.getInputFilePattern()))
        : files;
  }

  /**
   * The job's parser: its limits from the options. It keeps of the payload only the fields the
   * rules read and those the templates are made of, and skips the others unread ({@link
   * LogEntryParser#withPayloadPaths}): what rules, templates and alerts see is the same, the parse
   * of structured entries much cheaper. When a rule looks for a text in every value (a bare word,
   * {@code SEARCH} without a field), it keeps every leaf within {@code maxPayloadLeaves} (and those
   * the rules read whatever that limit) of the entries whose bytes may hold such a text. A
   * streaming job that reloads its rules parses each entry for the version its parse step holds
   * ({@link #parsers}); this is the launch version's parser.
   */
  public static LogEntryParser parser(LogAlertsOptions options, RuleSet rules) {
    String note = PayloadPaths.everyFieldNote(rules);
    if (note != null) {
      LOG.info("Parsing: {}.", note);
    }
    return parsers(options).apply(rules);
  }

  /**
   * The parser for each rules version: only the fields it reads (its events {@link
   * LogEntryParser#stampedFor stamped} with the version when the job reloads its rules, so that a
   * step holding another version tests only the rules whose fields were kept). When some rule
   * searches every value, every field of the entries whose bytes may hold a text searched for
   * ({@link TextsInEntryBytes}), or of every entry when a text cannot be looked for in the bytes.
   */
  static SerializableFunction<RuleSet, LogEntryParser> parsers(LogAlertsOptions options) {
    int maxEntryBytes = options.getMaxEntryBytes();
    int maxPayloadLeaves = options.getMaxPayloadLeaves();
    boolean stamped = reloadsRules(options);
    return rules -> {
      LogEntryParser base =
          new LogEntryParser(maxEntryBytes, LogEntryParser.DEFAULT_MAX_DEPTH, maxPayloadLeaves);
      List<List<String>> paths = PayloadPaths.of(rules);
      LogEntryParser narrow = base.withPayloadPaths(paths);
      if (stamped) {
        PayloadPaths.remember(rules);
        narrow = narrow.stampedFor(rules.version());
      }
      Set<String> searched = PayloadPaths.textsSearchedEverywhere(rules);
      if (searched.isEmpty()) {
        return narrow;
      }
      LogEntryParser every = base.alwaysKeeping(paths);
      TextsInEntryBytes check = TextsInEntryBytes.of(searched);
      return check == null ? every : narrow.widenedWhen(check, every);
    };
  }

  /**
   * The parser a batch job with the default limits builds for these rules (rule tests, tools,
   * benchmarks: what the job would read of each entry).
   */
  public static LogEntryParser batchParser(RuleSet rules) {
    return parser(
        PipelineOptionsFactory.fromArgs("--inputFilePattern=entries.jsonl")
            .as(LogAlertsOptions.class),
        rules);
  }

  /** Exactly one input, and at least one destination. */
  public static void checkOptions(LogAlertsOptions options) {
    boolean files = options.getInputFilePattern() != null;
    boolean pubsub = options.getInputSubscription() != null;
    if (files == pubsub) {
      throw new LaunchException(
          "set exactly one input: --inputFilePattern (batch) or --inputSubscription (streaming)");
    }
    // Any subset of the destinations is a valid job (an alerts-only job needs no BigQuery), but
    // a job with none would compute everything and keep nothing.
    if (options.getOutputDirectory() == null
        && options.getAlertTopic() == null
        && options.getAlertTable() == null
        && options.getNoisyLogTable() == null
        && options.getDeadLetterTable() == null) {
      throw new LaunchException(
          "no destination: set --outputDirectory, --alertTopic, --alertTable, --noisyLogTable"
              + " and/or --deadLetterTable");
    }
    if (pubsub) {
      pubsubPath(
          "inputSubscription",
          options.getInputSubscription(),
          v -> PubsubIO.readMessages().fromSubscription(v),
          "projects/PROJECT/subscriptions/NAME");
    }
    if (options.getAlertTopic() != null) {
      pubsubPath(
          "alertTopic",
          options.getAlertTopic(),
          v -> PubsubIO.writeMessages().to(v),
          "projects/PROJECT/topics/NAME");
    }
    // A value out of range would fail the job at run time or silently do nothing useful.
    inRange("maxEntryBytes", options.getMaxEntryBytes(), 1024, Integer.MAX_VALUE);
    inRange(
        "maxPayloadLeaves", options.getMaxPayloadLeaves(), 0, LogEntryParser.MAX_RULE_PATH_LEAVES);
    inRange("allowedLatenessMinutes", options.getAllowedLatenessMinutes(), 0, Integer.MAX_VALUE);
    inRange("noisyLogShards", options.getNoisyLogShards(), 1, Integer.MAX_VALUE);
    inRange("noisyLogWindowMinutes", options.getNoisyLogWindowMinutes(), 1, Integer.MAX_VALUE);
    inRange(
        "noisyLogEarlyFiringMinutes",
        options.getNoisyLogEarlyFiringMinutes(),
        0,
        Integer.MAX_VALUE);
    inRange("noisyLogHotKeyFanout", options.getNoisyLogHotKeyFanout(), 0, Integer.MAX_VALUE);
    inRange("maxGroupsPerRule", options.getMaxGroupsPerRule(), 1, Integer.MAX_VALUE);
    inRange(
        "maxKnownTemplatesPerGroup", options.getMaxKnownTemplatesPerGroup(), 1, Integer.MAX_VALUE);
    inRange("rulesRefreshMinutes", options.getRulesRefreshMinutes(), 0, Integer.MAX_VALUE);
    inRange("alertEarlyFiringSeconds", options.getAlertEarlyFiringSeconds(), 0, Integer.MAX_VALUE);
    inRange("alertSettleSeconds", options.getAlertSettleSeconds(), 0, 3600);
    inRange("alertEvaluationDelaySeconds", options.getAlertEvaluationDelaySeconds(), 0, 86_400);
    inRange("alertHotKeyFanout", options.getAlertHotKeyFanout(), 0, Integer.MAX_VALUE);
    inRange("dedupeHorizonMinutes", options.getDedupeHorizonMinutes(), 0, Integer.MAX_VALUE);
    inRange("maxPartialsPerBundle", options.getMaxPartialsPerBundle(), 0, Integer.MAX_VALUE);
    Double price = options.getIngestionPricePerGib();
    if (price == null || !(price >= 0) || price.isInfinite()) {
      throw new CommandLine.UsageException(
          "bad value for --ingestionPricePerGib: "
              + price
              + " (expected a price of 0 or more, USD)");
    }
  }

  /** A Pub/Sub path as PubsubIO reads it ({@code read}), or a usage error naming the option. */
  private static void pubsubPath(
      String option, String value, java.util.function.Consumer<String> read, String expected) {
    try {
      read.accept(value);
    } catch (IllegalArgumentException e) {
      String why = String.valueOf(e.getMessage());
      if (expected.contains("/topics/")) {
        // PubsubIO says "Pubsub subscription" of a topic's bad project too.
        why = why.replace("Pubsub subscription", "Pub/Sub topic");
      }
      throw new CommandLine.UsageException(
          "bad value for --" + option + ": " + why + " (expected " + expected + ")");
    }
  }

  private static void inRange(String option, @Nullable Integer value, int min, int max) {
    if (value == null || value < min || value > max) {
      throw new CommandLine.UsageException(
          "bad value for --"
              + option
              + ": "
              + value
              + " (expected "
              + (max < Integer.MAX_VALUE
                  ? min + " to " + max
                  : min == 0 ? "0 or more" : "at least " + min)
              + ")");
    }
  }

  /** Reads and validates the rules file at launch, before any step is built. */
  static RuleSet loadRules(LogAlertsOptions options) {
    String path = options.getRulesPath();
    if (path == null || path.isEmpty()) {
      return RuleSet.empty();
    }
    FileSystems.setDefaultPipelineOptions(options);
    try {
      RuleSet rules = RulesLoader.load(path);
      RuleNotes.of(rules).forEach(note -> LOG.warn("Rules file {}: {}.", path, note));
      return rules;
    } catch (RulesValidationException e) {
      // A file that cannot be read at all is one line; a file with mistakes lists each of them.
      boolean unreadable =
          e.errors().size() == 1 && e.errors().get(0).startsWith("rules file ")
              || e.errors().size() == 1 && e.errors().get(0).startsWith("cannot read ");
      throw new LaunchException(unreadable ? e.errors().get(0) : e.getMessage(), e);
    }
  }
}
