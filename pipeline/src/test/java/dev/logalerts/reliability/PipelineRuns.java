package dev.logalerts.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.pipeline.LogAlertsOptions;
import dev.logalerts.pipeline.LogAlertsPipeline;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;

/** Runs the real batch job on the DirectRunner and reads its local outputs back. */
final class PipelineRuns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.standardMinutes(2);

  private PipelineRuns() {}

  /**
   * Runs {@code LogAlertsPipeline} over {@code input} with the given extra arguments and returns
   * the "logalerts" counters. Unknown options are an error.
   */
  static Map<String, Long> run(Path input, Path outputDirectory, String... extraArgs) {
    List<String> args = new ArrayList<>();
    args.add("--runner=DirectRunner");
    args.add("--inputFilePattern=" + input);
    args.add("--outputDirectory=" + outputDirectory);
    // One worker thread per core is plenty for the shared test machine.
    args.add("--targetParallelism=2");
    args.addAll(List.of(extraArgs));
    LogAlertsOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(LogAlertsOptions.class);
    PipelineResult result = LogAlertsPipeline.run(options);
    return PipelineCounters.all(finish(result, "the batch job over " + input));
  }

  /** Waits for a batch job; fails naming {@code what} unless it is DONE within 2 minutes. */
  static PipelineResult finish(PipelineResult result, String what) {
    PipelineResult.State state = result.waitUntilFinish(WAIT);
    if (state == null || !state.isTerminal()) {
      try {
        result.cancel();
      } catch (IOException e) {
        // the job is abandoned either way; the timeout is what matters
      }
      throw new AssertionError(
          "timed out after " + WAIT.getStandardSeconds() + " s waiting for " + what);
    }
    if (state != PipelineResult.State.DONE) {
      throw new AssertionError(what + " ended in state " + state);
    }
    return result;
  }

  /** Every JSON row under {@code dir} (all part files). */
  static List<JsonNode> rows(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (Path f : files(dir)) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank()) {
            out.add(JSON.readTree(line));
          }
        }
      }
    }
    return out;
  }

  /** Regular files under {@code dir}, recursively; empty if it does not exist. */
  static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().collect(java.util.stream.Collectors.toList());
    }
  }

  /** The value of attribute {@code key} of a dead-letter row, or null. */
  static String attribute(JsonNode deadLetter, String key) {
    for (JsonNode a : deadLetter.path("attributes")) {
      if (key.equals(a.path("key").asText())) {
        return a.path("value").asText();
      }
    }
    return null;
  }
}
