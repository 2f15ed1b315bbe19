package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;

import com.google.api.services.bigquery.model.TableRow;
import dev.logalerts.model.PipelineCounters;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The whole job as a backfill into BigQuery (Beam's fake services): the bundled samples through
 * {@link LogAlertsPipeline#build} with the three tables as destinations. Every row the job makes
 * must be accepted by the tables created from {@code schemas/*.json}: a row BigQuery rejects
 * would land in the dead-letter table and count {@code bigquery_rows_rejected}, so both are
 * checked along with the rows themselves.
 */
@RunWith(JUnit4.class)
public class BigQueryJobIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void samplesBackfillLandsInEveryTable() throws Exception {
    FakeJobTables tables = new FakeJobTables("logalerts_backfill");
    Path root = RepoRoot.get();

    LogAlertsOptions o = PipelineOptionsFactory.create().as(LogAlertsOptions.class);
    o.setRunner(DirectRunner.class);
    o.as(GcpOptions.class).setProject(FakeJobTables.PROJECT);
    o.as(GcpOptions.class).setCredentialFactoryClass(NoopCredentialFactory.class);
    o.setTempLocation(tmp.getRoot().toString());
    o.setInputFilePattern(root.resolve("samples/logs").toString() + "/*.jsonl");
    o.setRulesPath(root.resolve("samples/rules.yaml").toString());
    tables.routeTo(o);
    Pipeline pipeline = Pipeline.create(o);
    LogAlertsPipeline.build(pipeline, o, tables.sinks(o));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    assertThat(PipelineCounters.get(result, "bigquery_rows_rejected")).isEqualTo(0);

    List<TableRow> alerts = tables.rows("alerts");
    // The samples' planted incidents (samples/README.md): 10 FIRING, 6 RESOLVED.
    assertThat(alerts.stream().filter(r -> "FIRING".equals(r.get("state"))).count()).isEqualTo(10);
    assertThat(alerts.stream().filter(r -> "RESOLVED".equals(r.get("state"))).count()).isEqualTo(6);
    for (TableRow r : alerts) {
      assertThat(FakeJobTables.field(r, "publishTime")).isNotEqualTo("null");
      assertThat(FakeJobTables.field(r, "alertId")).matches("[0-9a-f]{32}");
    }

    List<TableRow> noisy = tables.rows("noisy_logs");
    long entries = noisy.stream().mapToLong(r -> Long.parseLong(String.valueOf(r.get("count")))).sum();
    assertThat(entries).isEqualTo(11_000);

    List<TableRow> dead = tables.rows("deadletter");
    assertThat(dead).hasSize(10);
    assertThat(
            dead.stream()
                .map(r -> FakeJobTables.field(r, "errorMessage").replaceAll("\\].*", "]"))
                .collect(Collectors.toSet()))
        .containsExactly(
            "[wrong_type]", "[invalid_json]", "[invalid_timestamp]", "[invalid_utf8]",
            "[missing_timestamp]", "[not_an_object]", "[too_deep]");
  }

}
