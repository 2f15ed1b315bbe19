package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.services.bigquery.model.TableRow;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.parse.ParseLogEntries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The job's noisy-log rows for every log-family fixture ({@code families/expected.tsv}: audit, VPC
 * flow, DNS, load balancer and Cloud Armor, Cloud Run and App Engine requests... real entries,
 * sources in {@code families/README.md}) written to BigQuery (Beam's fake services, the Storage
 * Write API conversion with {@code schemas/noisy_logs.json}): BigQuery takes every row, and the
 * rows carry the structural and request templates the families get.
 */
@RunWith(JUnit4.class)
public class FamilyRowsBigQueryIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.standardMinutes(2);

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void everyFamilyFixtureIsANoisyLogRowBigQueryTakes() throws Exception {
    Path resources = RepoRoot.get().resolve("pipeline/src/test/resources");
    List<String> lines = new ArrayList<>();
    Set<String> templates = new TreeSet<>();
    for (String row :
        Files.readString(resources.resolve("families/expected.tsv"), StandardCharsets.UTF_8)
            .split("\n")) {
      if (row.startsWith("#") || row.isBlank()) {
        continue;
      }
      String[] cols = row.split("\t");
      Path fixture =
          cols[0].startsWith("/")
              ? resources.resolve(cols[0].substring(1))
              : resources.resolve("families").resolve(cols[0]);
      // One entry a line, as a Cloud Logging export is.
      lines.add(JSON.readTree(fixture.toFile()).toString());
      templates.add(cols[3]);
    }
    Path input = tmp.newFile("families.jsonl").toPath();
    Files.write(input, lines, StandardCharsets.UTF_8);

    FakeJobTables tables = new FakeJobTables("logalerts_families");
    LogAlertsOptions o =
        tables.backfill(
            tmp.getRoot().toString(),
            input.toString(),
            RepoRoot.get().resolve("samples/rules.yaml").toString());
    Pipeline pipeline = Pipeline.create(o);
    LogAlertsPipeline.build(pipeline, o, tables.sinks(o));
    PipelineResult result = pipeline.run();
    assertThat(result.waitUntilFinish(WAIT)).isEqualTo(PipelineResult.State.DONE);

    Map<String, Long> counters = PipelineCounters.all(result);
    List<TableRow> dead = tables.rows("deadletter");
    assertWithMessage("dead letters %s; counters %s", dead, counters)
        .that(PipelineCounters.get(result, "bigquery_rows_rejected"))
        .isEqualTo(0);
    assertWithMessage("dead letters").that(dead).isEmpty();
    assertThat(PipelineCounters.get(result, ParseLogEntries.ENTRIES_PARSED))
        .isEqualTo(lines.size());
    long entries = 0;
    Set<String> written = new TreeSet<>();
    for (TableRow r : tables.rows("noisy_logs")) {
      entries += Long.parseLong(FakeJobTables.field(r, "count"));
      written.add(FakeJobTables.field(r, "template"));
    }
    assertThat(entries).isEqualTo(lines.size());
    // expected.tsv has the miner's templates; the job's rows are also redacted, which turns the
    // cert-manager line's "key"="<*>" into "key"="[REDACTED:key]".
    Set<String> redacted = new TreeSet<>();
    templates.forEach(
        t -> redacted.add(t.replace("\"key\"=\"<*>\"", "\"key\"=\"[REDACTED:key]\"")));
    assertThat(written).containsExactlyElementsIn(redacted);
  }
}
