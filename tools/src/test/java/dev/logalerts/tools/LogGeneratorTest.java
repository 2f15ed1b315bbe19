package dev.logalerts.tools;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.Durations;
import dev.logalerts.model.Timestamps;
import dev.logalerts.tools.LogGenerator.Incident;
import dev.logalerts.tools.LogGenerator.IncidentWindow;
import dev.logalerts.tools.LogGenerator.Line;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class LogGeneratorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static List<Line> lines;
  private static List<JsonNode> entries;
  private static LogGenerator generator;

  private static LogGenerator.Config config() {
    // About the samples' density (30 entries a minute): incidents need that many slots.
    return new LogGenerator.Config()
        .entries(8000)
        .seed(7)
        .duration(Duration.ofHours(4))
        .allIncidents();
  }

  @BeforeClass
  public static void generate() throws Exception {
    generator = new LogGenerator(config());
    lines = generator.lines();
    entries = new ArrayList<>();
    for (Line l : lines) {
      entries.add(JSON.readTree(l.json));
    }
  }

  @Test
  public void sameSeedSameBytes_otherSeedOtherBytes() throws Exception {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    StringWriter truthA = new StringWriter();
    StringWriter truthB = new StringWriter();
    new LogGenerator(config().entries(2000)).write(a, truthA);
    new LogGenerator(config().entries(2000)).write(b, truthB);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
    assertThat(truthA.toString()).isEqualTo(truthB.toString());

    ByteArrayOutputStream c = new ByteArrayOutputStream();
    new LogGenerator(config().entries(2000).seed(8)).write(c, null);
    assertThat(c.toByteArray()).isNotEqualTo(a.toByteArray());
  }

  @Test
  public void everyLineIsALogEntryWithTheRequiredFields() {
    assertThat(entries).hasSize(8000);
    Set<String> ids = new HashSet<>();
    Set<String> resourceTypes = new HashSet<>();
    Set<Integer> fractionDigits = new HashSet<>();
    for (JsonNode e : entries) {
      String where = e.toString();
      assertWithMessage(where).that(e.path("insertId").isTextual()).isTrue();
      assertWithMessage("duplicate insertId").that(ids.add(e.get("insertId").asText())).isTrue();
      assertWithMessage(where)
          .that(e.path("logName").asText())
          .startsWith("projects/acme-shop-prod/logs/");
      assertWithMessage(where).that(e.path("resource").path("type").isTextual()).isTrue();
      assertWithMessage(where).that(e.path("resource").path("labels").isObject()).isTrue();
      resourceTypes.add(e.get("resource").get("type").asText());

      String ts = e.path("timestamp").asText();
      long t = Timestamps.parse(ts);
      long received = Timestamps.parse(e.path("receiveTimestamp").asText());
      assertWithMessage(where).that(received).isGreaterThan(t);
      int dot = ts.indexOf('.');
      fractionDigits.add(dot < 0 ? 0 : ts.length() - dot - 2);

      int payloads =
          (e.has("textPayload") ? 1 : 0)
              + (e.has("jsonPayload") ? 1 : 0)
              + (e.has("protoPayload") ? 1 : 0);
      // Request logs (load balancer aside) carry no payload at all, everything else exactly one.
      assertWithMessage(where)
          .that(payloads)
          .isEqualTo(
              e.has("httpRequest")
                      && e.get("resource").get("type").asText().equals("cloud_run_revision")
                  ? 0
                  : 1);
      JsonNode http = e.get("httpRequest");
      // A request log (Cloud Scheduler's attempt logs carry only the target's status).
      if (http != null && http.has("requestMethod")) {
        assertWithMessage(where).that(http.get("status").isInt()).isTrue();
        assertWithMessage(where).that(http.get("requestSize").isTextual()).isTrue();
        assertWithMessage(where).that(http.get("responseSize").isTextual()).isTrue();
        assertWithMessage(where)
            .that(Durations.parse(http.get("latency").asText()))
            .isGreaterThan(0L);
      }
      if (e.has("protoPayload")) {
        assertThat(e.get("logName").asText()).contains("cloudaudit.googleapis.com%2F");
        // A Google account, a Kubernetes identity, or none where a policy hides the caller.
        String who = e.at("/protoPayload/authenticationInfo/principalEmail").asText();
        assertWithMessage(where)
            .that(
                who.contains("@")
                    || who.startsWith("system:")
                    || who.isEmpty() && e.get("logName").asText().endsWith("%2Fpolicy"))
            .isTrue();
      }
    }
    assertThat(resourceTypes)
        .containsAtLeast(
            "k8s_container",
            "http_load_balancer",
            "cloud_run_revision",
            "cloud_run_job",
            "cloud_composer_environment",
            "dataflow_step",
            "gce_instance",
            "cloud_function",
            "gcs_bucket",
            "gce_subnetwork",
            "dns_query",
            "k8s_node",
            "k8s_pod",
            "cloud_scheduler_job",
            "cloud_tasks_queue",
            "build");
    assertThat(fractionDigits).containsExactly(0, 3, 6, 9);
  }

  @Test
  public void truthNamesTheTemplateOfEveryEntry() throws Exception {
    StringWriter truth = new StringWriter();
    new LogGenerator(config()).write(new ByteArrayOutputStream(), truth);
    String[] rows = truth.toString().split("\n");
    assertThat(rows).hasLength(8000);
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < rows.length; i++) {
      JsonNode row = JSON.readTree(rows[i]);
      assertThat(row.get("insertId").asText()).isEqualTo(lines.get(i).insertId);
      keys.add(row.get("templateKey").asText());
    }
    assertThat(keys.size()).isAtLeast(40);
  }

  @Test
  public void timestampsMostlyIncreaseWithAFewOutOfOrder() {
    int backwards = 0;
    long prev = Long.MIN_VALUE;
    for (JsonNode e : entries) {
      long t = Timestamps.parse(e.get("timestamp").asText());
      if (t < prev) {
        backwards++;
      }
      prev = Math.max(prev, t);
    }
    assertThat(backwards).isGreaterThan(0);
    assertThat(backwards).isLessThan(entries.size() / 50);
  }

  @Test
  public void batchLateIsPlannedOnlyWhenARunFallsAfterTheLastCompletion() {
    // Ten minutes hold one hourly billing run, which completes: nothing is late in them.
    LogGenerator short10m =
        new LogGenerator(config().entries(200).duration(Duration.ofMinutes(10)));
    assertThat(short10m.window(Incident.BATCH_LATE)).isNull();
    for (int hours = 3; hours <= 5; hours++) {
      IncidentWindow w =
          new LogGenerator(config().duration(Duration.ofHours(hours))).window(Incident.BATCH_LATE);
      assertThat(w).isNotNull();
      assertThat(w.startNanos).isLessThan(w.endNanos);
    }
  }

  @Test
  public void errorBurstPlantsTwentyPaymentTimeoutsInThreeMinutes() {
    IncidentWindow w = window(Incident.ERROR_BURST);
    int inWindow = 0;
    for (JsonNode e : entries) {
      if (e.path("textPayload").asText().startsWith("payment provider timeout after 30s order=")
          && inside(e, w)) {
        assertThat(e.get("severity").asText()).isEqualTo("ERROR");
        assertThat(e.at("/resource/labels/container_name").asText()).isEqualTo("checkout");
        inWindow++;
      }
    }
    assertThat(inWindow).isAtLeast(20);
    assertThat(w.endNanos - w.startNanos).isEqualTo(Duration.ofMinutes(3).toNanos());
  }

  @Test
  public void fiveXxBurstMakesThirtyPercentOfTheBackendsRequests503() {
    IncidentWindow w = window(Incident.FIVE_XX_BURST);
    int total = 0;
    int errors = 0;
    for (JsonNode e : entries) {
      if (inside(e, w)
          && e.at("/resource/labels/backend_service_name")
              .asText()
              .equals(LogSources.WEB_BACKEND)) {
        total++;
        errors += e.at("/httpRequest/status").asInt() == 503 ? 1 : 0;
      }
    }
    assertThat(total).isAtLeast(80); // >= ~20 a minute: enough for the 5xx count rule
    assertThat((double) errors / total).isWithin(0.1).of(0.3);
  }

  @Test
  public void slowIncidentRaisesTheP95OfTheCloudRunService() {
    IncidentWindow w = window(Incident.SLOW);
    List<Long> during = new ArrayList<>();
    List<Long> before = new ArrayList<>();
    for (JsonNode e : entries) {
      if (e.at("/resource/labels/service_name").asText().equals(LogSources.SLOW_RUN_SERVICE)
          && e.has("httpRequest")) {
        long latency = Durations.parse(e.at("/httpRequest/latency").asText());
        (inside(e, w) ? during : before).add(latency);
      }
    }
    assertThat(p95(during))
        .isIn(com.google.common.collect.Range.closed(2_000_000_000L, 4_000_000_000L));
    assertThat(p95(before)).isLessThan(1_000_000_000L);
  }

  @Test
  public void batchFailMarksExportOrdersFailed() {
    long failed =
        entries.stream()
            .filter(
                e ->
                    e.path("textPayload")
                        .asText()
                        .startsWith(
                            "Marking task as FAILED. dag_id=nightly_export, task_id=export_orders"))
            .count();
    assertThat(failed).isEqualTo(1);
    JsonNode fail =
        entries.stream()
            .filter(e -> e.path("textPayload").asText().startsWith("Marking task as FAILED"))
            .findFirst()
            .get();
    assertThat(fail.at("/labels/workflow").asText()).isEqualTo("nightly_export");
    assertThat(fail.at("/labels/task-id").asText()).isEqualTo("export_orders");
    assertThat(fail.get("logName").asText()).endsWith("/logs/airflow-worker");
  }

  @Test
  public void batchLateStopsTheCompletionLinesButNotTheStarts() {
    IncidentWindow w = window(Incident.BATCH_LATE);
    int completedBefore = 0;
    int startedAfter = 0;
    for (JsonNode e : entries) {
      String text = e.path("textPayload").asText();
      long t = Timestamps.parse(e.get("timestamp").asText());
      if (text.startsWith("Export completed") || text.startsWith("Job nightly_billing completed")) {
        assertWithMessage(text).that(t).isLessThan(w.startNanos);
        completedBefore++;
      }
      if (text.startsWith("Job nightly_billing started") && t >= w.startNanos) {
        startedAfter++;
      }
    }
    assertThat(completedBefore).isAtLeast(4);
    assertThat(startedAfter).isAtLeast(1);
  }

  @Test
  public void newErrorTemplateAppearsOnlyLate() {
    IncidentWindow w = window(Incident.NEW_ERROR);
    int count = 0;
    for (JsonNode e : entries) {
      if (e.path("textPayload").asText().startsWith("Failed to deserialize event")) {
        assertThat(Timestamps.parse(e.get("timestamp").asText())).isAtLeast(w.startNanos);
        count++;
      }
    }
    assertThat(count).isAtLeast(12);
  }

  @Test
  public void withoutIncidentsNothingIsPlanted() {
    List<Line> quiet = new LogGenerator(config().incidents(EnumSet.noneOf(Incident.class))).lines();
    for (Line l : quiet) {
      String s = new String(l.json, StandardCharsets.UTF_8);
      assertThat(s).doesNotContain("Marking task as FAILED");
      assertThat(s).doesNotContain("Failed to deserialize event");
    }
  }

  @Test
  public void plantsSecretsForTheRedactionTests() {
    String all =
        String.join(
            "\n",
            lines.stream()
                .map(l -> new String(l.json, StandardCharsets.UTF_8))
                .toArray(String[]::new));
    assertThat(all).contains("password=");
    assertThat(all).contains("Authorization: Bearer eyJ");
    assertThat(all).contains("api_key=sk_live_");
  }

  @Test
  public void cliParsesOptionsAndRejectsUnknownOnes() {
    String[] truth = new String[1];
    LogGenerator.Config c =
        GeneratorArgs.parse(
            new String[] {
              "--entries",
              "10",
              "--seed=3",
              "--incidents",
              "slow,5xx-burst",
              "--truth",
              "/tmp/t.jsonl",
              "--duration",
              "2h"
            },
            truth);
    assertThat(c.entries).isEqualTo(10);
    assertThat(c.seed).isEqualTo(3);
    assertThat(c.incidents).containsExactly(Incident.SLOW, Incident.FIVE_XX_BURST);
    assertThat(c.durationNanos).isEqualTo(Duration.ofHours(2).toNanos());
    assertThat(truth[0]).isEqualTo("/tmp/t.jsonl");
    for (String[] bad :
        Arrays.asList(
            new String[] {"--seed", "1"},
            new String[] {"--entries", "5", "--incidents", "meteor"},
            new String[] {"--entries", "5", "--colour", "red"},
            new String[] {"--entries", "abc"},
            new String[] {"--entries", "5", "--duration", "5 minutes"},
            new String[] {"--entries", "5", "--start", "yesterday"})) {
      try {
        GeneratorArgs.parse(bad, truth);
        throw new AssertionError("accepted " + Arrays.toString(bad));
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotEmpty();
        if (Arrays.asList("--duration", "--start").contains(bad[bad.length - 2])) {
          // A bad value names its option and the value, not just "For input string".
          assertThat(expected.getMessage()).contains(bad[bad.length - 2]);
          assertThat(expected.getMessage()).contains("'" + bad[bad.length - 1] + "'");
        }
      }
    }
    // Before: "--bogus needs a value" and "stray needs a value".
    Map<List<String>, String> named =
        Map.of(
            List.of("--entries", "5", "--bogus"), "unknown option --bogus",
            List.of("--entrie", "5"), "unknown option --entrie (did you mean --entries?)",
            List.of("--entries", "5", "--truth="), "--truth needs a value: --truth=FILE",
            List.of("--entries", "5", "stray"),
                "unexpected argument 'stray' (options are --name VALUE or --name=VALUE)");
    for (Map.Entry<List<String>, String> m : named.entrySet()) {
      IllegalArgumentException e =
          org.junit.Assert.assertThrows(
              IllegalArgumentException.class,
              () -> GeneratorArgs.parse(m.getKey().toArray(new String[0]), truth));
      assertThat(e).hasMessageThat().isEqualTo(m.getValue());
    }
    // Each number out of range or no number at all names the option, the range and the value,
    // as estimate-cost says it (was "bad value for --entries: 'abc' (expected ...)" and
    // "--entries must be between 1 and 2^31, got 0", each with the usage line).
    Map<List<String>, String> values =
        Map.of(
            List.of("--entries", "abc"),
                "--entries must be a whole number from 1 to 2147483639, got 'abc'",
            List.of("--entries=0"),
                "--entries must be a whole number from 1 to 2147483639, got '0'",
            List.of("--entries=-5"),
                "--entries must be a whole number from 1 to 2147483639, got '-5'",
            List.of("--entries=5", "--seed=x"), "--seed must be a whole number, got 'x'",
            List.of("--entries=5", "--duration=5m"),
                "--duration must be a duration of at least 10m, like 30m, 6h, 2d or PT6H, got"
                    + " '5m'");
    for (Map.Entry<List<String>, String> m : values.entrySet()) {
      GeneratorArgs.BadValue e =
          org.junit.Assert.assertThrows(
              GeneratorArgs.BadValue.class,
              () -> GeneratorArgs.parse(m.getKey().toArray(new String[0]), truth));
      assertThat(e).hasMessageThat().isEqualTo(m.getValue());
    }
  }

  @Test
  public void aShortRangeSaysWhatItHoldsOfEachIncident() throws Exception {
    // README's streaming example (2,000 entries over 10 minutes) printed "batch-fail 00:02 ..
    // 00:22" and "12 in the first 15 min" for a range that held no failed task and 2 new errors.
    LogGenerator.Config c =
        new LogGenerator.Config()
            .entries(2000)
            .duration(Duration.ofMinutes(10))
            .start(java.time.Instant.parse("2026-12-06T22:00:00Z"))
            .allIncidents();
    LogGenerator gen = new LogGenerator(c);
    java.io.ByteArrayOutputStream json = new java.io.ByteArrayOutputStream();
    gen.write(json, null);
    String lines = json.toString(java.nio.charset.StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
    GeneratorArgs.describe(gen, new java.io.PrintStream(said, true, "UTF-8"));
    String text = said.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(lines).doesNotContain("Marking task as FAILED");
    assertThat(text).contains("incident batch-fail: not in this range");
    long newErrors = lines.lines().filter(l -> l.contains("warehouse_zone")).count();
    assertThat(text).contains("[" + newErrors + " entries in this range]");
    assertThat(newErrors).isLessThan(12);
    // No window is said to reach past the range's end (22:10).
    assertThat(text).doesNotContainMatch("\\.\\. 2026-12-06T22:(1[1-9]|[2-5][0-9])");
    // A day holds every incident whole: the failed task is there and said to be.
    LogGenerator day = new LogGenerator(config());
    java.io.ByteArrayOutputStream dayJson = new java.io.ByteArrayOutputStream();
    day.write(dayJson, null);
    java.io.ByteArrayOutputStream daySaid = new java.io.ByteArrayOutputStream();
    GeneratorArgs.describe(day, new java.io.PrintStream(daySaid, true, "UTF-8"));
    assertThat(dayJson.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("Marking task as FAILED");
    assertThat(daySaid.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("incident batch-fail 2026-");
  }

  private static IncidentWindow window(Incident i) {
    return generator.incidentWindows().stream().filter(w -> w.incident == i).findFirst().get();
  }

  private static boolean inside(JsonNode e, IncidentWindow w) {
    return w.contains(Timestamps.parse(e.get("timestamp").asText()));
  }

  private static long p95(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get((int) Math.floor(0.95 * (sorted.size() - 1)));
  }
}
