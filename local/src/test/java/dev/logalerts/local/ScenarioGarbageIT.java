package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The scenario of {@code samples/scenarios/fixtures/garbage.jsonl}: an error burst in checkout with
 * seven bad lines mixed in (a stack-trace line, truncated JSON, no timestamp, an unparsable
 * timestamp, a wrong type, a JSON array, invalid UTF-8). The rule tests refuse such lines, so the
 * whole batch job runs here: every bad line is dead-lettered and counted, and the alerts are those
 * of the good lines alone.
 */
@RunWith(JUnit4.class)
public class ScenarioGarbageIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final Path SCENARIOS =
      Path.of("..").toAbsolutePath().normalize().resolve("samples/scenarios");

  @Test
  public void badLinesAreDeadLetteredAndDoNotChangeTheAlerts() throws Exception {
    Path out = tmp.newFolder("out").toPath();
    PipelineResult result =
        LocalRunIT.runBatch(
            "--inputFilePattern=" + SCENARIOS.resolve("fixtures/garbage.jsonl"),
            "--rulesPath=" + SCENARIOS.resolve("rules.yaml"),
            "--outputDirectory=" + out);

    Map<String, Long> counters = RunSummary.counters(result);
    assertThat(counters.get("entries_read")).isEqualTo(77L);
    assertThat(counters.get("entries_parsed")).isEqualTo(70L);
    assertThat(counters.get("entries_deadlettered")).isEqualTo(7L);
    assertThat(LocalRunIT.rows(out.resolve("deadletter"))).hasSize(7);

    // 30 errors from 14:10:00 every 6s: the 10th completes the window ending 14:11; the last
    // window with 10 ends 14:17, two quiet evaluations later (14:19) it resolves.
    List<JsonNode> alerts = LocalRunIT.rows(out.resolve("alerts"));
    assertThat(alerts).hasSize(2);
    JsonNode firing =
        alerts.get(0).get("state").asText().equals("FIRING") ? alerts.get(0) : alerts.get(1);
    JsonNode resolved = firing == alerts.get(0) ? alerts.get(1) : alerts.get(0);
    assertThat(firing.get("rule").asText()).isEqualTo("app-errors");
    assertThat(firing.get("group").get("service").asText()).isEqualTo("shop/checkout");
    assertThat(firing.get("value").asDouble()).isEqualTo(10.0);
    assertThat(firing.get("windowEnd").asText()).isEqualTo("2026-03-02T14:11:00Z");
    assertThat(resolved.get("state").asText()).isEqualTo("RESOLVED");
    assertThat(resolved.get("windowEnd").asText()).isEqualTo("2026-03-02T14:19:00Z");
    assertThat(resolved.get("incident").get("matchingEntries").asLong()).isEqualTo(30L);
  }
}
