package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.PipelineCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Latency rules on an application's own response-time field, through the batch job from the rules
 * file to the alerts: a GKE service logging {@code jsonPayload.latency_ms} (numbers in ms), one
 * logging Go durations ({@code "1.5s"}). The job parses only the payload fields its rules read, so
 * this also checks that a rule's {@code field} is one of them.
 */
@RunWith(JUnit4.class)
public class LatencyFieldJobTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String RULES =
      "rules:\n"
          + "  - name: slow-orders\n"
          + "    type: latency\n"
          + "    filter: 'resource.type=\"k8s_container\" AND jsonPayload.path:*'\n"
          + "    groupBy: [service]\n"
          + "    field: jsonPayload.latency_ms\n"
          + "    unit: ms\n"
          + "    threshold: 1s\n"
          + "    minCount: 5\n"
          + "  - name: slow-go\n"
          + "    type: latency\n"
          + "    filter: 'jsonPayload.duration:*'\n"
          + "    field: jsonPayload.duration\n"
          + "    unit: s\n"
          + "    threshold: 1s\n";

  private static String entry(String id, int second, String container, String payload) {
    return "{\"insertId\":\""
        + id
        + "\",\"timestamp\":\"2026-11-20T10:00:"
        + String.format("%02d", second)
        + "Z\",\"severity\":\"INFO\",\"logName\":\"projects/p/logs/stdout\","
        + "\"resource\":{\"type\":\"k8s_container\",\"labels\":{\"project_id\":\"p\","
        + "\"namespace_name\":\"shop\",\"container_name\":\""
        + container
        + "\",\"pod_name\":\""
        + container
        + "-7d9f8b6c5-x2x7q\"}},\"jsonPayload\":"
        + payload
        + "}";
  }

  @Test
  public void aRulesOwnFieldIsReadInItsUnitAndUnreadableValuesAreCounted() throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // orders: p95 of 20 is the 19th smallest, 3000 ms: fires. cart: all fast.
      int ms = i < 18 ? 100 : 3000;
      lines.add(
          entry(
              "o" + i,
              i,
              "orders",
              "{\"message\":\"request done\",\"path\":\"/api/orders\",\"latency_ms\":" + ms + "}"));
      lines.add(
          entry(
              "c" + i,
              i,
              "cart",
              "{\"message\":\"request done\",\"path\":\"/api/cart\",\"latency_ms\":\"100\"}"));
      lines.add(entry("g" + i, i, "search", "{\"msg\":\"served\",\"duration\":\"1.5s\"}"));
    }
    // A value that is no number or duration: not a response time, counted.
    lines.add(entry("bad1", 30, "cart", "{\"path\":\"/api/cart\",\"latency_ms\":\"fast\"}"));
    lines.add(entry("bad2", 31, "cart", "{\"path\":\"/api/cart\",\"latency_ms\":\"12 parsecs\"}"));
    // Without the field: not a request of this rule.
    lines.add(entry("none", 32, "cart", "{\"path\":\"/api/cart\"}"));

    Path dir = tmp.newFolder().toPath();
    Files.writeString(dir.resolve("rules.yaml"), RULES);
    Files.write(dir.resolve("logs.jsonl"), lines);
    LogAlertsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--runner=DirectRunner",
                "--inputFilePattern=" + dir.resolve("logs.jsonl"),
                "--outputDirectory=" + dir.resolve("out"),
                "--rulesPath=" + dir.resolve("rules.yaml"))
            .as(LogAlertsOptions.class);
    PipelineResult result = LogAlertsPipeline.run(options);
    assertThat(result.waitUntilFinish(Duration.standardMinutes(2)))
        .isEqualTo(PipelineResult.State.DONE);

    List<String> firing = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : SilencedAlertSinksTest.lines(dir.resolve("out").resolve("alerts"))) {
      JsonNode a = json.readTree(line);
      if (a.path("state").asText().equals("FIRING")) {
        firing.add(a.path("summary").asText());
      }
    }
    firing.sort(null);
    assertThat(firing)
        .containsExactly(
            "slow-go: p95 latency 1.5s over 20 requests in 5m (threshold 1s): 20 at or above it",
            "slow-orders: shop/orders p95 latency 3s over 20 requests in 5m (threshold 1s): 2 at"
                + " or above it")
        .inOrder();
    Map<String, Long> counters = PipelineCounters.all(result);
    assertThat(counters.get("latency_unreadable_slow-orders")).isEqualTo(2L);
    assertThat(counters.getOrDefault("latency_unreadable_slow-go", 0L)).isEqualTo(0L);
  }
}
