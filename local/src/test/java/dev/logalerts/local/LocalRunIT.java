package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.pipeline.LogAlertsOptions;
import dev.logalerts.pipeline.LogAlertsPipeline;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The whole batch job on the DirectRunner over a file of good and bad lines: every line read is
 * accounted for as parsed or dead-lettered, and dead-letter rows carry the exact input and a
 * specific reason.
 */
@RunWith(JUnit4.class)
public class LocalRunIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final ObjectMapper JSON = new ObjectMapper();

  static String goodEntry(int i) {
    return "{\"insertId\":\"id-"
        + i
        + "\",\"timestamp\":\"2026-11-20T10:00:"
        + String.format("%02d", i % 60)
        + ".123Z\",\"severity\":\"ERROR\",\"textPayload\":\"payment failed for order "
        + (1000 + i)
        + "\",\"resource\":{\"type\":\"k8s_container\",\"labels\":{\"project_id\":\"shop\","
        + "\"namespace_name\":\"shop\",\"container_name\":\"checkout\"}},"
        + "\"logName\":\"projects/shop/logs/stderr\"}";
  }

  /** Runs the job in batch on the DirectRunner with {@code args} and asserts it finished. */
  static PipelineResult runBatch(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--runner=DirectRunner";
    System.arraycopy(args, 0, all, 1, args.length);
    LogAlertsOptions options = PipelineOptionsFactory.fromArgs(all).as(LogAlertsOptions.class);
    PipelineResult result = LogAlertsPipeline.run(options);
    assertWithMessage("state of the batch job 2 minutes after it started (null: still running)")
        .that(result.waitUntilFinish(Duration.standardMinutes(2)))
        .isEqualTo(PipelineResult.State.DONE);
    return result;
  }

  static List<JsonNode> rows(Path dir) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            out.add(JSON.readTree(line));
          }
        }
      }
    }
    return out;
  }

  @Test
  public void accountsForEveryLineAndDeadLettersBadOnesWithReasons() throws Exception {
    File input = tmp.newFile("logs.jsonl");
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    int good = 50;
    for (int i = 0; i < good; i++) {
      lines.write((goodEntry(i) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    byte[] invalidUtf8 = "{\"textPayload\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    lines.write("this is not json\n".getBytes(StandardCharsets.UTF_8));
    lines.write(
        "{\"timestamp\":\"2026-11-20T10:00:00Z\",\"httpRequest\":\"GET /\"}\n"
            .getBytes(StandardCharsets.UTF_8));
    lines.write("{\"textPayload\":\"no time at all\"}\n".getBytes(StandardCharsets.UTF_8));
    lines.write(invalidUtf8);
    lines.write('\n');
    lines.write(
        ("[" + "[".repeat(5000) + "]".repeat(5000) + "]\n").getBytes(StandardCharsets.UTF_8));
    int bad = 5;
    Files.write(input.toPath(), lines.toByteArray());

    Path out = tmp.newFolder("out").toPath();
    PipelineResult result =
        runBatch("--inputFilePattern=" + input.getPath(), "--outputDirectory=" + out);

    Map<String, Long> counters = RunSummary.counters(result);
    assertThat(counters.get("entries_read")).isEqualTo((long) good + bad);
    assertThat(counters.get("entries_parsed")).isEqualTo((long) good);
    assertThat(counters.get("entries_deadlettered")).isEqualTo((long) bad);

    List<JsonNode> dead = rows(out.resolve("deadletter"));
    assertThat(dead).hasSize(bad);
    List<String> errors = new ArrayList<>();
    for (JsonNode row : dead) {
      errors.add(row.get("errorMessage").asText());
      assertThat(row.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
      assertThat(row.get("attributes").isArray()).isTrue();
      byte[] payload = Base64.getDecoder().decode(row.get("payloadBytes").asText());
      if (row.get("errorMessage").asText().startsWith("[invalid_utf8]")) {
        assertThat(payload).isEqualTo(invalidUtf8);
      }
    }
    assertThat(errors).hasSize(bad);
    assertThat(String.join("\n", errors)).contains("[invalid_json]");
    assertThat(String.join("\n", errors)).contains("[wrong_type] httpRequest");
    assertThat(String.join("\n", errors)).contains("[missing_timestamp]");
    assertThat(String.join("\n", errors)).contains("[invalid_utf8]");
    assertThat(Files.isDirectory(out.resolve("alerts"))).isTrue();
    assertThat(Files.isDirectory(out.resolve("noisy_logs"))).isTrue();
  }
}
