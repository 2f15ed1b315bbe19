package dev.logalerts.local;

import dev.logalerts.pipeline.LogAlertsOptions;
import dev.logalerts.pipeline.LogAlertsPipeline;
import dev.logalerts.pipeline.LaunchException;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.nio.file.Paths;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * Entry point of {@code scripts/run-local.sh}: runs the job in batch on the DirectRunner, waits for
 * it, then prints the summary and writes {@code report.html} next to the outputs.
 */
public final class LocalRun {
  /** Held so the level sticks: java.util.logging keeps loggers weakly. */
  private static final Logger BEAM_LOGGER = Logger.getLogger("org.apache.beam");

  private LocalRun() {}

  public static void main(String[] args) throws Exception {
    // The DirectRunner logs every file it writes at INFO; the summary is what a person reads.
    BEAM_LOGGER.setLevel(Level.WARNING);
    LogAlertsOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(LogAlertsOptions.class);
    if (options.getOutputDirectory() == null || options.getInputFilePattern() == null) {
      System.err.println("error: --inputFilePattern and --outputDirectory are required");
      System.exit(2);
    }
    Path out = Paths.get(options.getOutputDirectory());
    long start = System.nanoTime();
    PipelineResult result;
    try {
      result = LogAlertsPipeline.run(options);
    } catch (LaunchException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(1);
      return;
    }
    result.waitUntilFinish();
    ReportWriter.write(out);
    double seconds = (System.nanoTime() - start) / 1e9;
    RunSummary summary = RunSummary.of(result, out);
    System.out.print(summary.render());
    System.out.printf(java.util.Locale.ROOT, "Finished in %.1f s%n", seconds);
  }
}
