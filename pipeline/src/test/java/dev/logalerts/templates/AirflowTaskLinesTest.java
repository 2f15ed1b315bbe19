package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Airflow's task log lines (Cloud Composer's {@code airflow-worker} log) as users pasted them in
 * Airflow's issues: the lines every task of every DAG writes are one template each, whatever the
 * DAG's and task's names (masked like the run ids beside them; Composer's {@code workflow} and
 * {@code task-id} labels keep them), and the task's own lines keep their text.
 */
@RunWith(JUnit4.class)
public class AirflowTaskLinesTest {
  private final TextLineKeys keys = new TextLineKeys();
  private static final LogEntryParser PARSER = new LogEntryParser();

  // A DAG id with digits and dots: https://github.com/apache/airflow/issues/34339
  private static final String SUCCESS =
      "[2023-09-13, 12:26:31 BST] {taskinstance.py:1398} INFO - Marking task as SUCCESS."
          + " dag_id=STOXX600_Index_1.ANC_110.AEE_110.QTR1.Realtime,"
          + " task_id=Shared-Data.split-adjustments-combined, execution_date=20230913T090500,"
          + " start_date=20230913T112612, end_date=20230913T112631";

  // Plain-word ids, which stayed in the template: https://github.com/apache/airflow/issues/27614
  private static final String FAILED =
      "[2022-11-09, 09:59:40 UTC] {taskinstance.py:1401} INFO - Immediate failure requested."
          + " Marking task as FAILED. dag_id=test_bowrna, task_id=failure_case,"
          + " execution_date=20221109T095932, start_date=20221109T095940,"
          + " end_date=20221109T095940";

  // Two tasks of one DAG, one log call: https://github.com/apache/airflow/issues/21190 and
  // https://github.com/apache/airflow/issues/21375
  private static final String UNIFIED_NOT_IN_RETRY =
      "[2022-01-27, 03:09:36 UTC] {taskinstance.py:1045} DEBUG - <TaskInstance:"
          + " move_dag.deduplicate_unified_delta_bkg_offer scheduled__2022-01-26T03:00:00+00:00"
          + " [None]> dependency 'Not In Retry Period' PASSED: True, The task instance was not"
          + " marked for retrying.";
  private static final String WORK_NOT_IN_RETRY =
      "[2022-01-27, 03:09:36 UTC] {taskinstance.py:1045} DEBUG - <TaskInstance:"
          + " move_dag.deduplicate_work_delta_bkg_offer scheduled__2022-01-26T03:00:00+00:00"
          + " [None]> dependency 'Not In Retry Period' PASSED: True, The task instance was not"
          + " marked for retrying.";

  @Test
  public void markingTaskMasksDagAndTaskIds() throws Exception {
    String tail = ", execution_date=<*>, start_date=<*>, end_date=<*>";
    assertThat(keys.template(SUCCESS))
        .isEqualTo(
            "[<*>] {taskinstance.py:<*>} INFO - Marking task as SUCCESS."
                + " dag_id=<*>, task_id=<*>"
                + tail);
    assertThat(keys.template(FAILED))
        .isEqualTo(
            "[<*>] {taskinstance.py:<*>} INFO - Immediate failure requested. Marking task as"
                + " FAILED. dag_id=<*>, task_id=<*>"
                + tail);
    // Each row's exclusion takes its own line, not the other outcome's.
    KV<NoisyKey, NoisyEntry> success = keys.row(keys.entry(SUCCESS));
    KV<NoisyKey, NoisyEntry> failed = keys.row(keys.entry(FAILED));
    assertThat(Filter.compile(TextLineKeys.exclusion(success)).test(keys.entry(FAILED))).isFalse();
    assertThat(Filter.compile(TextLineKeys.exclusion(failed)).test(keys.entry(SUCCESS))).isFalse();
  }

  @Test
  public void taskInstancesOfOneDagAreOneRow() throws Exception {
    KV<NoisyKey, NoisyEntry> unified = keys.row(keys.entry(UNIFIED_NOT_IN_RETRY));
    assertThat(unified.getValue().template())
        .isEqualTo(
            "[<*>] {taskinstance.py:<*>} DEBUG - <TaskInstance: <*> [None]> dependency 'Not In"
                + " Retry Period' PASSED: True, The task instance was not marked for retrying.");
    assertThat(keys.row(keys.entry(WORK_NOT_IN_RETRY)).getKey()).isEqualTo(unified.getKey());
    // https://github.com/apache/airflow/pull/28875
    assertThat(
            keys.template(
                "[2023-01-12, 06:08:10 UTC] {taskinstance.py:1120} INFO - Dependencies all met for"
                    + " dep_context=requeueable deps ti=<TaskInstance:"
                    + " example_time_delta_sensor_async.wait"
                    + " manual__2023-01-12T06:07:28.079404+00:00 [queued]>"))
        .isEqualTo(
            "[<*>] {taskinstance.py:<*>} INFO - Dependencies all met for"
                + " dep_context=requeueable deps ti=<TaskInstance: <*> [queued]>");
  }

  /** A task run's start: https://github.com/apache/airflow/issues/14813 */
  @Test
  public void taskRunStartLinesMaskTheTaskName() throws Exception {
    assertThat(
            keys.template(
                "[2021-03-15 20:18:12,844] {taskinstance.py:1063} INFO - Executing"
                    + " <Task(PythonOperator): sub> on 2021-03-15T20:13:45.710628+00:00"))
        .isEqualTo(
            "[<*>] {taskinstance.py:<*>} INFO - Executing <Task(PythonOperator): <*>> on <*>");
    assertThat(
            keys.template(
                "[2021-03-15 20:18:12,854] {standard_task_runner.py:77} INFO - Job 20: Subtask"
                    + " sub"))
        .isEqualTo("[<*>] {standard_task_runner.py:<*>} INFO - Job <*>: Subtask <*>");
    assertThat(
            keys.template(
                "[2021-03-15 20:18:12,898] {logging_mixin.py:103} INFO - Running <TaskInstance:"
                    + " sub_processing.sub 2021-03-15T20:13:45.710628+00:00 [running]> on host"
                    + " 5af90102472a"))
        .isEqualTo(
            "[<*>] {logging_mixin.py:<*>} INFO - Running <TaskInstance: <*> [running]> on host"
                + " <*>");
  }

  /**
   * The scheduler's zombie report (Cloud Composer's {@code airflow-scheduler} log; the line of
   * KHI's {@code TestAirflowSchedulerParser}, https://github.com/GoogleCloudPlatform/khi) holds the
   * task in a Python dict's repr, {@code 'DAG Id': 'Workload'}: every DAG's zombie is one row, as
   * JSON's {@code "dag_id": "Workload"} is.
   */
  @Test
  public void zombieReportsOfEveryDagAreOneRow() throws Exception {
    String line = read("/families/khi/composer-scheduler-zombie.json");
    LogEvent workload = PARSER.parse(line.getBytes(StandardCharsets.UTF_8));
    LogEvent other =
        PARSER.parse(
            line.replace("'Workload'", "'nightly'")
                .replace("'Aggregate'", "'export'")
                .getBytes(StandardCharsets.UTF_8));
    KV<NoisyKey, NoisyEntry> row = keys.row(workload);
    assertThat(row.getValue().template())
        .contains("{'DAG Id': '<*>', 'Task Id': '<*>', 'Run Id': '<*>'");
    assertThat(keys.row(other).getKey()).isEqualTo(row.getKey());
    assertThat(Filter.compile(TextLineKeys.exclusion(row)).test(other)).isTrue();
    assertThat(keys.template("Skipping job {'dag_id': 'Workload', 'kind': 'backfill'}"))
        .isEqualTo("Skipping job {'dag_id': '<*>', 'kind': 'backfill'}");
  }

  /**
   * Airflow's DAG file processing stats (Cloud Composer's {@code dag-processor-manager} log; rows
   * of KHI's {@code TestDagProcessor}): one line per DAG file of values only, with or without the
   * pid and run time. They were the {@code <*>} of every line of values, without an exclusion; now
   * the DAG folder's row, whose exclusion leaves the log's other lines.
   */
  @Test
  public void dagFileStatsRowsAreTheirFoldersRow() throws Exception {
    String json = read("/families/khi/composer-dag-processor-stats.json");
    LogEvent row = PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    String idle = "/home/airflow/gcs/dags/airflow_monitoring.py 2.58s 1 0";
    LogEvent other =
        PARSER.parse(
            json.replace(row.message(), idle.replace("airflow_monitoring", "etl"))
                .getBytes(StandardCharsets.UTF_8));
    LogEvent heading =
        PARSER.parse(
            json.replace(row.message(), "DAG File Processing Stats")
                .getBytes(StandardCharsets.UTF_8));
    KV<NoisyKey, NoisyEntry> kv = keys.row(row);
    assertThat(kv.getValue().template()).isEqualTo("/home/airflow/gcs/dags/<*>");
    assertThat(keys.row(other).getKey()).isEqualTo(kv.getKey());
    String exclusion = TextLineKeys.exclusion(kv);
    assertThat(Filter.compile(exclusion).test(row)).isTrue();
    assertThat(Filter.compile(exclusion).test(other)).isTrue();
    assertThat(Filter.compile(exclusion).test(heading)).isFalse();
  }

  private static String read(String resource) throws java.io.IOException {
    try (java.io.InputStream in = AirflowTaskLinesTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The task's own words stay: a state, a signal, an operator's class. */
  @Test
  public void taskWordsStay() throws Exception {
    // https://github.com/WordPress/openverse-catalog/issues/1090
    assertThat(
            keys.template(
                "[2023-04-02, 02:06:29 UTC] {taskinstance.py:1479} ERROR - Received SIGTERM."
                    + " Terminating subprocesses."))
        .isEqualTo(
            "[<*>] {taskinstance.py:<*>} ERROR - Received SIGTERM. Terminating subprocesses.");
    assertThat(keys.template("Subtask failed with exit code 1")).startsWith("Subtask failed");
  }

  /**
   * In Composer's task log the DAG is the service (its {@code workflow} label), so one DAG's tasks
   * are one row and another DAG's are another.
   */
  @Test
  public void composerTaskLinesAreOneRowPerDag() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    LogEvent load = composer(parser, "daily_sales_rollup", "load_orders", SUCCESS);
    LogEvent export = composer(parser, "daily_sales_rollup", "export_orders", SUCCESS);
    LogEvent other = composer(parser, "hourly_sync", "pull", SUCCESS);
    assertThat(load.service()).isEqualTo("batch-env/daily_sales_rollup");
    assertThat(load.severity()).isEqualTo(Severity.INFO);
    KV<NoisyKey, NoisyEntry> row = keys.row(load);
    assertThat(keys.row(export).getKey()).isEqualTo(row.getKey());
    assertThat(keys.row(other).getKey()).isNotEqualTo(row.getKey());
    assertThat(Filter.compile(TextLineKeys.exclusion(row)).test(export)).isTrue();
    assertThat(Filter.compile(TextLineKeys.exclusion(row)).test(other)).isFalse();
  }

  private static LogEvent composer(LogEntryParser parser, String dag, String task, String line)
      throws Exception {
    String json =
        "{\"textPayload\":"
            + SuggestedExclusion.quote(line)
            + ",\"insertId\":\"1w2e3r4t5y6u7i\",\"resource\":{\"type\":\"cloud_composer_environment\","
            + "\"labels\":{\"project_id\":\"shop-prod\",\"location\":\"europe-west1\","
            + "\"environment_name\":\"batch-env\"}},\"timestamp\":\"2026-11-20T00:05:12.451Z\","
            + "\"severity\":\"INFO\",\"labels\":{\"workflow\":\""
            + dag
            + "\",\"task-id\":\""
            + task
            + "\",\"try-number\":\"1\",\"worker_id\":\"airflow-worker-7d9kq\"},"
            + "\"logName\":\"projects/shop-prod/logs/airflow-worker\"}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * One log call with the keys Airflow adds for some tasks and releases: KHI's airflow-worker
   * parser tests (https://github.com/GoogleCloudPlatform/khi, Apache License 2.0,
   * pkg/source/apache-airflow/airflow-worker/parser_test.go) give the task's closing line before
   * Airflow 2.9 (no {@code run_id}), after it, and of a mapped task ({@code map_index=2}), and a
   * mapped task instance beside a plain one. Each key set was a row, and the shorter set's
   * exclusion took the longer sets' lines; now they are one row, whose exclusion takes them all.
   */
  @Test
  public void optionalTaskKeysAreOneRow() throws Exception {
    String[] marking = {
      "Marking task as SUCCESS. dag_id=airflow_monitoring, task_id=echo,"
          + " execution_date=20240423T072000, start_date=20240423T073002,"
          + " end_date=20240423T073007",
      "Marking task as SUCCESS. dag_id=airflow_monitoring, task_id=echo,"
          + " run_id=scheduled__2025-04-14T01:30:00+00:00, execution_date=20250414T013000,"
          + " start_date=20250414T014000, end_date=20250414T014001",
      "Marking task as SUCCESS. dag_id=airflow_monitoring, task_id=echo,"
          + " run_id=scheduled__2025-04-14T01:30:00+00:00, map_index=2,"
          + " execution_date=20250414T013000, start_date=20250414T014000,"
          + " end_date=20250414T014001"
    };
    String[] running = {
      "Running <TaskInstance: taskgroup_example.this_is_group.task_1"
          + " manual__2024-05-09T08:28:49.778920+00:00 [running]> on host airflow-worker-8vrrm",
      "Running <TaskInstance: example.query3 scheduled__2024-04-22T05:30:00+00:00 map_index=2"
          + " [running]> on host airflow-worker-dpvl7"
    };
    for (String[] call : new String[][] {marking, running}) {
      KV<NoisyKey, NoisyEntry> first = keys.row(keys.entry(call[0]));
      for (String line : call) {
        KV<NoisyKey, NoisyEntry> row = keys.row(keys.entry(line));
        assertThat(row.getKey()).isEqualTo(first.getKey());
        for (String other : call) {
          assertThat(Filter.compile(TextLineKeys.exclusion(row)).test(keys.entry(other))).isTrue();
        }
      }
    }
    assertThat(keys.template(marking[2]))
        .isEqualTo(
            "Marking task as SUCCESS. dag_id=<*>, task_id=<*>, execution_date=<*>,"
                + " start_date=<*>, end_date=<*>");
    assertThat(keys.template(running[1]))
        .isEqualTo("Running <TaskInstance: <*> [running]> on host <*>");
    // Another state is another row still.
    assertThat(Filter.compile(keys.exclusion(marking[2])).test(keys.entry(FAILED))).isFalse();
  }
}
