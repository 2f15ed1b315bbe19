package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.parse.ParseLogEntries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The whole job as a backfill into BigQuery (Beam's fake services): the bundled samples through
 * {@link LogAlertsPipeline#build} with the three tables as destinations, checked against what
 * {@code samples/README.md} documents. Each planted incident fires its rule, with its group, in the
 * incident's window, and no rule fires outside them; a RESOLVED follows its FIRING. Every entry is
 * accounted for: the noisy-log rows sum to the parsed entries and their bytes, the broken lines are
 * dead letters with their reasons, and BigQuery rejected no row (a rejected row would land in the
 * dead-letter table and count {@code bigquery_rows_rejected}).
 */
@RunWith(JUnit4.class)
public class BigQueryJobIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.standardMinutes(2);

  /** A FIRING that samples/README.md's table of planted incidents documents. */
  private static final class Planted {
    final String incident;
    final String rule;
    final Map<String, String> group;
    final Instant from;
    final Instant to;

    Planted(String incident, String rule, Map<String, String> group, String from, String to) {
      this.incident = incident;
      this.rule = rule;
      this.group = new TreeMap<>(group);
      this.from = Instant.parse("2026-11-20T" + from + ":00Z");
      this.to = Instant.parse("2026-11-20T" + to + ":00Z");
    }

    /** Same rule and group, and the alert's window overlaps the incident's. */
    boolean explains(Fired f) {
      return rule.equals(f.rule)
          && group.equals(f.group)
          && f.windowStart.isBefore(to)
          && f.windowEnd.isAfter(from);
    }

    @Override
    public String toString() {
      return incident + ": " + rule + " " + group + " in [" + from + ", " + to + ")";
    }
  }

  /** samples/README.md, "Planted incidents"; "from HH:MM" runs to the end of the file (06:00). */
  private static final List<Planted> PLANTED =
      List.of(
          new Planted(
              "error-burst",
              "repeated-errors",
              Map.of("service", "shop/checkout"),
              "01:48",
              "01:51"),
          new Planted(
              "batch-fail",
              "composer-task-failed",
              Map.of(
                  "resource.labels.environment_name", "composer-prod",
                  "labels.workflow", "nightly_export"),
              "02:00",
              "02:20"),
          new Planted("batch-fail", "new-error-template", Map.of(), "02:00", "02:20"),
          new Planted(
              "5xx-burst",
              "lb-backend-5xx",
              Map.of("resource.labels.backend_service_name", "shop-web-backend"),
              "02:42",
              "02:47"),
          new Planted("slow", "p95-latency", Map.of("service", "pricing-api"), "03:18", "03:28"),
          new Planted(
              "slow",
              "cloud-run-5xx-ratio",
              Map.of("resource.labels.service_name", "pricing-api"),
              "03:18",
              "03:28"),
          new Planted("slow", "new-error-template", Map.of(), "03:18", "03:28"),
          new Planted(
              "batch-late",
              "batch-job-late",
              Map.of("resource.labels.job_name", "hourly-export"),
              "04:05",
              "06:00"),
          new Planted(
              "traffic-drop",
              "traffic-drop",
              Map.of("service", "shop-web-backend"),
              "04:12",
              "04:32"),
          new Planted("new-error", "new-error-template", Map.of(), "05:06", "06:00"));

  /** One row of the alerts table. */
  private static final class Fired {
    final String alertId;
    final String rule;
    final String state;
    final Map<String, String> group;
    final Instant windowStart;
    final Instant windowEnd;

    Fired(TableRow r) throws Exception {
      alertId = FakeJobTables.field(r, "alertId");
      rule = FakeJobTables.field(r, "rule");
      state = FakeJobTables.field(r, "state");
      group = group(r.get("group"));
      windowStart = instant(FakeJobTables.field(r, "windowStart"));
      windowEnd = instant(FakeJobTables.field(r, "windowEnd"));
    }

    @Override
    public String toString() {
      return state + " " + rule + " " + group + " [" + windowStart + ", " + windowEnd + ")";
    }
  }

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void samplesBackfillFiresThePlantedIncidentsAndAccountsForEveryEntry() throws Exception {
    FakeJobTables tables = new FakeJobTables("logalerts_backfill");
    Path root = RepoRoot.get();
    Path logs = root.resolve("samples/logs");

    LogAlertsOptions o =
        tables.backfill(
            tmp.getRoot().toString(),
            logs + "/*.jsonl",
            root.resolve("samples/rules.yaml").toString());
    Pipeline pipeline = Pipeline.create(o);
    LogAlertsPipeline.build(pipeline, o, tables.sinks(o));
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.waitUntilFinish(WAIT);
    if (state != PipelineResult.State.DONE) {
      result.cancel();
      throw new AssertionError(
          "waited " + WAIT.getStandardSeconds() + " s for the backfill to finish; state " + state);
    }

    // Accounting: BigQuery took every row; every line is parsed or a dead letter.
    Map<String, Long> counters = PipelineCounters.all(result);
    assertWithMessage("counters %s", counters)
        .that(PipelineCounters.get(result, "bigquery_rows_rejected"))
        .isEqualTo(0);
    long read = PipelineCounters.get(result, ParseLogEntries.ENTRIES_READ);
    long parsed = PipelineCounters.get(result, ParseLogEntries.ENTRIES_PARSED);
    long deadLettered = PipelineCounters.get(result, ParseLogEntries.ENTRIES_DEADLETTERED);
    // samples/README.md: 11,000 entries and 10 broken lines.
    assertThat(parsed).isEqualTo(11_000);
    assertThat(deadLettered).isEqualTo(10);
    assertThat(read).isEqualTo(parsed + deadLettered);

    // The noisy-log rows are deltas: their counts and bytes sum to the parsed entries.
    List<TableRow> noisy = tables.rows("noisy_logs");
    long entries = 0;
    long bytes = 0;
    for (TableRow r : noisy) {
      long count = Long.parseLong(FakeJobTables.field(r, "count"));
      assertWithMessage("count of %s", r).that(count).isGreaterThan(0L);
      entries += count;
      bytes += Long.parseLong(FakeJobTables.field(r, "bytes"));
    }
    assertThat(entries).isEqualTo(parsed);
    assertWithMessage("bytes of the good lines (shop-prod.jsonl without its newlines)")
        .that(bytes)
        .isEqualTo(Files.size(logs.resolve("shop-prod.jsonl")) - parsed);

    List<TableRow> dead = tables.rows("deadletter");
    assertThat(dead).hasSize((int) deadLettered);
    assertThat(
            dead.stream()
                .map(r -> FakeJobTables.field(r, "errorMessage").replaceAll("\\].*", "]"))
                .collect(Collectors.toSet()))
        .containsExactly(
            "[wrong_type]",
            "[invalid_json]",
            "[invalid_timestamp]",
            "[invalid_utf8]",
            "[missing_timestamp]",
            "[not_an_object]",
            "[too_deep]");

    // Alerts: each planted incident fires its rule with its group in its window; nothing else
    // fires; every RESOLVED closes an earlier FIRING of the same alertId.
    List<Fired> alerts = new ArrayList<>();
    for (TableRow r : tables.rows("alerts")) {
      assertWithMessage("publishTime of %s", r)
          .that(FakeJobTables.field(r, "publishTime"))
          .isNotEqualTo("null");
      assertWithMessage("alertId of %s", r)
          .that(FakeJobTables.field(r, "alertId"))
          .matches("[0-9a-f]{32}");
      alerts.add(new Fired(r));
    }
    List<Fired> firings =
        alerts.stream().filter(a -> a.state.equals("FIRING")).collect(Collectors.toList());
    for (Planted p : PLANTED) {
      assertWithMessage("a FIRING for planted incident %s among %s", p, firings)
          .that(firings.stream().anyMatch(p::explains))
          .isTrue();
    }
    for (Fired f : firings) {
      assertWithMessage("FIRING outside every planted incident (samples/README.md)")
          .that(PLANTED.stream().anyMatch(p -> p.explains(f)) ? null : f)
          .isNull();
    }
    Map<String, Fired> firingById = new TreeMap<>();
    for (Fired f : firings) {
      assertWithMessage("alertId of two FIRINGs: %s", f)
          .that(firingById.put(f.alertId, f))
          .isNull();
    }
    for (Fired a : alerts) {
      if (a.state.equals("RESOLVED")) {
        Fired f = firingById.get(a.alertId);
        assertWithMessage("the FIRING that %s resolves", a).that(f).isNotNull();
        assertWithMessage("%s ends after %s", a, f).that(a.windowEnd).isGreaterThan(f.windowEnd);
        assertThat(a.rule).isEqualTo(f.rule);
        assertThat(a.group).isEqualTo(f.group);
      } else {
        assertThat(a.state).isEqualTo("FIRING");
      }
    }

    // Alerts join their volume (schemas/queries/alert_templates.sql): every sample's template id
    // is a noisy-log row's, for request logs (load balancer, Cloud Run) as for mined messages.
    Set<String> templateIds =
        noisy.stream().map(r -> FakeJobTables.field(r, "template_id")).collect(Collectors.toSet());
    Map<String, Integer> joinedByRule = new TreeMap<>();
    for (TableRow r : tables.rows("alerts")) {
      Object samples = r.get("samples");
      for (Object sample : samples instanceof List ? (List<?>) samples : List.of()) {
        Map<?, ?> fields = (Map<?, ?>) sample;
        String id =
            String.valueOf(
                fields.get(fields.containsKey("templateId") ? "templateId" : "templateid"));
        assertWithMessage(
                "sample template of %s %s among the noisy-log rows' ids", r.get("rule"), sample)
            .that(templateIds)
            .contains(id);
        joinedByRule.merge(FakeJobTables.field(r, "rule"), 1, Integer::sum);
      }
    }
    assertThat(joinedByRule.keySet())
        .containsAtLeast("lb-backend-5xx", "p95-latency", "cloud-run-5xx-ratio", "repeated-errors");
  }

  /** The group column: JSON object text (schemas/alerts.json). */
  private static Map<String, String> group(Object value) throws Exception {
    Map<String, String> out = new TreeMap<>();
    JSON.readTree(String.valueOf(value))
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** A TIMESTAMP column as the fake stores it ("2026-11-20 T01:45:00", UTC) or RFC 3339. */
  private static Instant instant(String value) {
    String s = value.replace(" T", "T").replace(' ', 'T');
    if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
      return Instant.parse(s);
    }
    return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
  }
}
