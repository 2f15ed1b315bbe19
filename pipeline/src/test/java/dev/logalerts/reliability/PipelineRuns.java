package dev.logalerts.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.pipeline.LogAlertsOptions;
import dev.logalerts.pipeline.LogAlertsPipeline;
import dev.logalerts.model.PipelineCounters;
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

/** Runs the real batch job on the DirectRunner and reads its local outputs back. */
final class PipelineRuns {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PipelineRuns() {}

  /**
   * Runs {@code LogAlertsPipeline} over {@code input} with the given extra arguments and returns
   * the "logalerts" counters. Unknown options are tolerated so that a test can pass options of
   * stages the pipeline on this branch does not have yet (e.g. {@code --rulesPath}).
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
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0]))
            .withoutStrictParsing()
            .as(LogAlertsOptions.class);
    PipelineResult result = LogAlertsPipeline.run(options);
    PipelineResult.State state = result.waitUntilFinish();
    if (state != PipelineResult.State.DONE) {
      throw new AssertionError("pipeline ended in state " + state);
    }
    return PipelineCounters.all(result);
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
