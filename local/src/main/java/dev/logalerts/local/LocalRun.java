package dev.logalerts.local;

import dev.logalerts.io.HttpErrors;
import dev.logalerts.io.LocalJsonSink;
import dev.logalerts.io.QuietSubscriptions;
import dev.logalerts.io.RulesSideInput;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.pipeline.CommandLine;
import dev.logalerts.pipeline.LaunchChecks;
import dev.logalerts.pipeline.LaunchException;
import dev.logalerts.pipeline.LocalOptionsRegistry;
import dev.logalerts.pipeline.LogAlertsOptions;
import dev.logalerts.pipeline.LogAlertsPipeline;
import dev.logalerts.rules.RuleNotes;
import dev.logalerts.rules.RulesLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.Pipeline.PipelineExecutionException;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.StreamingOptions;

/**
 * Entry point of {@code scripts/run-local.sh}. With {@code --inputFilePattern}: runs the job in
 * batch on the DirectRunner, waits for it, then prints the summary and writes {@code report.html}
 * next to the outputs. With {@code --inputSubscription}: runs the streaming job on the DirectRunner
 * until interrupted (Ctrl-C), writing to the destinations given.
 *
 * <p>Exit codes: 0 done; 1 the job could not start (input matches no file, rules file unreadable or
 * invalid, no credentials for {@code gs://}, BigQuery dataset unreachable); 2 a usage mistake
 * (unknown option, bad value); 3 the job failed while running. Each mistake is one {@code error:}
 * line on stderr; {@code --verbose} adds stack traces and the runner's log.
 */
public final class LocalRun {
  /** Exit code of a job that failed while running. */
  public static final int EXIT_JOB_FAILED = 3;

  /** Held so the levels stick: java.util.logging keeps loggers weakly. */
  private static final Logger ROOT_LOGGER = Logger.getLogger("");

  private static final Logger BEAM_LOGGER = Logger.getLogger("org.apache.beam");

  /** A streaming run's rules reloads: for the person who edits the file while the job runs. */
  private static final Logger RULES_LOGGER = Logger.getLogger(RulesSideInput.class.getName());

  private LocalRun() {}

  public static void main(String[] args) throws Exception {
    List<String> list = new ArrayList<>(Arrays.asList(args));
    boolean verbose = CommandLine.takeFlag(list, "--verbose");
    if (!verbose) {
      quietLogs();
    }
    LocalOptionsRegistry.install();
    OutOfMemory.endTheRunOnIt();
    int code;
    try {
      code = run(list.toArray(new String[0]));
    } catch (OutOfMemoryError e) {
      OutOfMemory.end();
      return;
    } catch (LaunchException e) {
      System.err.println("error: " + e.getMessage());
      if (verbose) {
        e.printStackTrace();
      }
      code =
          e instanceof CommandLine.UsageException
              ? CommandLine.EXIT_USAGE
              : CommandLine.EXIT_FAILED;
    } catch (RuntimeException e) {
      if (OutOfMemory.causedByIt(e)) {
        OutOfMemory.end();
      }
      // One line, also for an HTTP error (a publish to a deleted alert topic), whose message spans
      // the status, the request and the JSON error body. The DirectRunner wraps a step's failure in
      // a PipelineExecutionException and rethrows what is not user code as it is (a Pub/Sub call
      // that failed for good, say).
      Throwable cause =
          e instanceof PipelineExecutionException && e.getCause() != null ? e.getCause() : e;
      System.err.println("error: the job failed: " + HttpErrors.oneLine(cause));
      if (verbose) {
        e.printStackTrace();
      } else {
        System.err.println("(run again with --verbose for the stack trace)");
      }
      code = EXIT_JOB_FAILED;
    }
    System.exit(code);
  }

  /**
   * Runner warnings (temporary files, credentials, metrics) are not for the person reading the
   * summary; {@code --verbose} keeps them.
   */
  static void quietLogs() {
    ROOT_LOGGER.setLevel(Level.SEVERE);
    for (Handler h : ROOT_LOGGER.getHandlers()) {
      h.setLevel(Level.SEVERE);
    }
    BEAM_LOGGER.setLevel(Level.SEVERE);
    // A rules file edited while the job runs: whether the job took it, or why not, as one line
    // like the run's other warnings (it was the logger's two-line SEVERE record, and a good
    // version was not said at all).
    RULES_LOGGER.setLevel(Level.INFO);
    RULES_LOGGER.setUseParentHandlers(false);
    RULES_LOGGER.addHandler(new RulesReloadLines());
  }

  /** One line on stderr per record, {@code warning:} first for a failure. */
  static final class RulesReloadLines extends Handler {
    private final SimpleFormatter text = new SimpleFormatter();

    @Override
    public void publish(LogRecord r) {
      boolean failure = r.getLevel().intValue() >= Level.WARNING.intValue();
      System.err.println((failure ? "warning: " : "") + text.formatMessage(r));
    }

    @Override
    public void flush() {
      System.err.flush();
    }

    @Override
    public void close() {}
  }

  static int run(String[] args) throws IOException {
    LogAlertsOptions options = CommandLine.parse(args);
    options.as(DirectOptions.class).setBlockOnRun(false);
    boolean streaming = options.getInputSubscription() != null;
    if (streaming) {
      return runStreaming(options);
    }
    if (options.getOutputDirectory() == null || options.getInputFilePattern() == null) {
      throw new CommandLine.UsageException(
          "--inputFilePattern (or --inputSubscription) and --outputDirectory are required");
    }
    Path out = Paths.get(options.getOutputDirectory());
    long start = System.nanoTime();
    FileSystems.setDefaultPipelineOptions(options);
    Pipeline pipeline = LogAlertsPipeline.prepare(options);
    printRuleNotes(options);
    ReadAtOnce.note(options.getInputFilePattern(), Runtime.getRuntime().maxMemory())
        .ifPresent(System.err::println);
    clearPreviousRun(out);
    PipelineResult result = pipeline.run();
    PipelineResult.State state;
    try (Progress progress =
        Progress.start(result, System.err, knownInputBytes(options.getInputFilePattern()))) {
      state = result.waitUntilFinish();
    }
    if (state != PipelineResult.State.DONE) {
      // The DirectRunner can end a run whose worker thread died (e.g. out of memory) without
      // throwing: the outputs are then partial, and a summary of them would look like a result.
      System.err.println(
          "error: the job stopped in state "
              + state
              + "; the outputs in "
              + out
              + " are incomplete (a worker thread died: out of memory? raise -Xmx in JAVA_OPTS)");
      return EXIT_JOB_FAILED;
    }
    LocalJsonSink.compact(out, LocalJsonSink.OUTPUT_FILES);
    ReportWriter.write(out);
    double seconds = (System.nanoTime() - start) / 1e9;
    RunSummary summary = RunSummary.of(result, out);
    System.out.print(summary.render());
    System.out.printf(Locale.ROOT, "Finished in %.1f s%n", seconds);
    return 0;
  }

  /**
   * What validate-rules notes about the rules file (a lower-case 'and', a group per entry, …): the
   * job's launch log has it, which a local run keeps quiet, so it is said here, once per run.
   */
  static void printRuleNotes(LogAlertsOptions options) {
    String path = options.getRulesPath();
    if (path == null || path.isEmpty()) {
      return;
    }
    if ("1".equals(System.getenv("LOGALERTS_DEMO_RULES"))) {
      // run-local.sh on your own logs without --rules: its alerts are the demo shop's.
      System.err.println(
          "note: no --rules given: evaluating the bundled demo rules (samples/rules.yaml); give"
              + " yours with --rules=FILE");
    }
    for (String note : RuleNotes.of(RulesLoader.load(path))) {
      System.err.println("note: " + note);
    }
  }

  /**
   * Removes what a previous run wrote to {@code out} (its rows and report), once this run is known
   * to start: a mistake that stops it at launch leaves the previous results as they were.
   */
  static void clearPreviousRun(Path out) throws IOException {
    LocalJsonSink.clearOutputs(out, LocalJsonSink.OUTPUT_FILES);
    Files.deleteIfExists(out.resolve(ReportWriter.FILE_NAME));
  }

  /** The input's size when every file is uncompressed (progress percentage), else -1. */
  static long knownInputBytes(String pattern) {
    return LaunchChecks.inputBytes(pattern);
  }

  private static int runStreaming(LogAlertsOptions options) throws IOException {
    options.as(StreamingOptions.class).setStreaming(true);
    // Before anything starts: a missing subscription or topic, or an emulator that is not
    // running, is a launch mistake (exit 1, one line), not a failure of the running job.
    LogAlertsPipeline.checkOptions(options);
    LaunchChecks.checkPubsub(options, LaunchChecks.PUBSUB_DEADLINE_SECONDS);
    Pipeline pipeline = LogAlertsPipeline.prepare(options);
    printRuleNotes(options);
    if (options.getOutputDirectory() != null) {
      clearPreviousRun(Paths.get(options.getOutputDirectory()));
    }
    long start = System.currentTimeMillis();
    PipelineResult result = pipeline.run();
    StringBuilder to = new StringBuilder();
    if (options.getOutputDirectory() != null) {
      to.append(' ')
          .append(options.getOutputDirectory())
          .append("/{alerts,alerts_silenced,noisy_logs,deadletter}/");
    }
    if (options.getAlertTopic() != null) {
      to.append(" alerts→").append(options.getAlertTopic());
    }
    for (String table :
        new String[] {
          options.getAlertTable(), options.getNoisyLogTable(), options.getDeadLetterTable()
        }) {
      if (table != null) {
        to.append(' ').append(table);
      }
    }
    if (options.getOutputDirectory() == null && options.getDeadLetterTable() == null) {
      // Bad messages are acknowledged like good ones: say that they are only counted.
      to.append("; bad input only counted (keep it with --output or --deadLetterTable)");
    }
    System.err.println(
        "Streaming from "
            + options.getInputSubscription()
            + endpoint(options)
            + " on the DirectRunner; writing to"
            + to
            + ". Ctrl-C to stop.");
    try (Progress progress = Progress.start(result, System.err, -1)) {
      AtomicBoolean ended = new AtomicBoolean();
      Thread stop = new Thread(() -> stopped(result, progress, start, ended), "cancel-on-exit");
      Runtime.getRuntime().addShutdownHook(stop);
      try {
        result.waitUntilFinish();
      } finally {
        // Failed (the error is said by main) or done: not stopped by a signal.
        ended.set(true);
      }
    }
    return 0;
  }

  /**
   * Stopped by a signal (Ctrl-C, kill) while running: says what was read and what that leaves, then
   * cancels the job. A job that failed has said why already.
   */
  private static void stopped(
      PipelineResult result, Progress progress, long start, AtomicBoolean ended) {
    try {
      if (ended.get() || result.getState().isTerminal()) {
        return;
      }
      Map<String, Long> counters = PipelineCounters.all(result);
      progress.close();
      System.err.println(
          StopLine.of(
              counters, QuietSubscriptions.unacknowledged(), System.currentTimeMillis() - start));
      System.err.flush();
    } catch (RuntimeException e) {
      // exiting anyway
    }
    cancel(result);
  }

  /**
   * " at URL" when the job reads from another Pub/Sub than Google's (an emulator, from
   * --pubsubRootUrl or PUBSUB_EMULATOR_HOST): which one it took is not otherwise shown.
   */
  static String endpoint(LogAlertsOptions options) {
    String root = options.as(PubsubOptions.class).getPubsubRootUrl();
    return root == null || root.matches("https://pubsub\\.googleapis\\.com/?") ? "" : " at " + root;
  }

  private static void cancel(PipelineResult result) {
    try {
      if (!result.getState().isTerminal()) {
        result.cancel();
      }
    } catch (IOException | RuntimeException e) {
      // exiting anyway
    }
  }
}
