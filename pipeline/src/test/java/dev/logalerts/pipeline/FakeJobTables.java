package dev.logalerts.pipeline;

import com.google.api.services.bigquery.model.TableRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.gcp.testing.FakeBigQueryServices;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;
import org.apache.beam.sdk.io.gcp.testing.FakeJobService;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The job's three BigQuery tables (alerts, noisy_logs, deadletter) in Beam's fake services, for
 * whole-job tests. Each test class takes its own dataset: Beam remembers created tables per JVM, so
 * a table name reused after the fake is reset would be written without being created.
 */
final class FakeJobTables {
  static final String PROJECT = "test-project";

  private final String dataset;
  private final FakeDatasetService datasets;

  FakeJobTables(String dataset) throws Exception {
    this.dataset = dataset;
    FakeDatasetService.setUp();
    datasets = new FakeDatasetService();
    datasets.createDataset(PROJECT, dataset, "", "", null);
  }

  /**
   * A backfill's options (the DirectRunner, as scripts/run-local.sh runs it: without the
   * per-element checks, which the unit tests keep and which would double the run time) reading
   * {@code inputPattern} with the rules at {@code rulesPath}, its tables in this dataset.
   */
  LogAlertsOptions backfill(String tempLocation, String inputPattern, String rulesPath) {
    LogAlertsOptions o = PipelineOptionsFactory.create().as(LogAlertsOptions.class);
    o.setRunner(DirectRunner.class);
    o.as(DirectOptions.class).setEnforceImmutability(false);
    o.as(DirectOptions.class).setEnforceEncodability(false);
    o.as(GcpOptions.class).setProject(PROJECT);
    o.as(GcpOptions.class).setCredentialFactoryClass(NoopCredentialFactory.class);
    o.setTempLocation(tempLocation);
    o.setInputFilePattern(inputPattern);
    o.setRulesPath(rulesPath);
    routeTo(o);
    return o;
  }

  /** Points the job's three table options at this dataset. */
  void routeTo(LogAlertsOptions o) {
    o.setAlertTable(PROJECT + ":" + dataset + ".alerts");
    o.setNoisyLogTable(PROJECT + ":" + dataset + ".noisy_logs");
    o.setDeadLetterTable(PROJECT + ":" + dataset + ".deadletter");
  }

  /** The job's sinks, writing BigQuery through the fake services. */
  Sinks sinks(LogAlertsOptions o) {
    return Sinks.from(
        o,
        new FakeBigQueryServices()
            .withDatasetService(datasets)
            .withJobService(new FakeJobService()));
  }

  /** The rows of a table so far; none while it does not exist yet. */
  List<TableRow> rows(String table) {
    try {
      // The fake hands out its live list, which a running job appends to under this lock: a test
      // polling it while a streaming job writes reads a copy (else
      // ConcurrentModificationException).
      synchronized (FakeDatasetService.class) {
        return new ArrayList<>(datasets.getAllRows(PROJECT, dataset, table));
      }
    } catch (Exception e) {
      return List.of();
    }
  }

  /** A column of a row as the fake stores it (it lowercases column names). */
  static String field(TableRow r, String name) {
    Object v = r.containsKey(name) ? r.get(name) : r.get(name.toLowerCase(Locale.ROOT));
    return String.valueOf(v);
  }
}
