package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.LogSources.PROJECT;
import static dev.logalerts.tools.LogSources.REGION;
import static dev.logalerts.tools.LogSources.fmt;
import static dev.logalerts.tools.ShopData.BILLING;

import java.util.Locale;

/**
 * Logs of the shop's batch work: Cloud Composer (Airflow) task attempts and scheduler chatter, and
 * the hourly Cloud Run export and billing jobs whose lines the batch rules watch. Part of {@link
 * LogSources}; draws from the same {@link Rng}.
 */
final class BatchSources {
  private final LogSources src;
  private final Rng r;

  BatchSources(LogSources src, Rng r) {
    this.src = src;
    this.r = r;
  }

  // ---------------------------------------------------------------- Cloud Composer (Airflow)

  static final String COMPOSER_ENV = "composer-prod";

  private Draft airflow(
      String dag, String task, long runNanos, int tryNumber, String logId, String key) {
    Draft d = new Draft();
    d.templateKey = key;
    d.insertId = r.alnum(15);
    d.resourceType = "cloud_composer_environment";
    d.resourceLabels =
        strings("environment_name", COMPOSER_ENV, "location", REGION, "project_id", PROJECT);
    d.labels =
        dag == null
            ? strings("process", "scheduler_job_runner.py:" + r.between(800, 990))
            : strings(
                "execution-date",
                fmt(runNanos, "yyyy-MM-dd'T'HH:mm:ss'+00:00'"),
                "task-id",
                task,
                "try-number",
                Integer.toString(tryNumber),
                "worker_id",
                "airflow-worker-" + r.pick(new String[] {"5b8c7", "7f2d9", "x2lq4"}),
                "workflow",
                dag);
    d.logName = "projects/" + PROJECT + "/logs/" + logId;
    d.severity = "INFO";
    d.timestampDigits = 3;
    return d;
  }

  /** The lines one Airflow task attempt writes; {@code outcome} SUCCESS, UP_FOR_RETRY or FAILED. */
  Draft[] airflowTask(
      String dag,
      String task,
      long runNanos,
      long startNanos,
      long endNanos,
      int tryNumber,
      String outcome) {
    String ts = "scheduled__" + fmt(runNanos, "yyyy-MM-dd'T'HH:mm:ss'+00:00'");
    String runId = fmt(runNanos, "yyyyMMdd'T'HHmmss");
    Draft running =
        airflow(dag, task, runNanos, tryNumber, "airflow-worker", "airflow.task.running");
    running.textPayload =
        "Running <TaskInstance: "
            + dag
            + "."
            + task
            + " "
            + ts
            + " [running]> on host airflow-worker-"
            + r.alnum(5);
    String marking =
        "Marking task as "
            + outcome
            + ". dag_id="
            + dag
            + ", task_id="
            + task
            + ", execution_date="
            + runId
            + ", start_date="
            + fmt(startNanos, "yyyyMMdd'T'HHmmss")
            + ", end_date="
            + fmt(endNanos, "yyyyMMdd'T'HHmmss");
    Draft mark =
        airflow(
            dag,
            task,
            runNanos,
            tryNumber,
            "airflow-worker",
            "airflow.task.marking_" + outcome.toLowerCase(Locale.ROOT));
    mark.textPayload = marking;
    Draft exit =
        airflow(
            dag,
            task,
            runNanos,
            tryNumber,
            "airflow-worker",
            outcome.equals("SUCCESS") ? "airflow.task.exit_0" : "airflow.task.exit_1");
    exit.textPayload = "Task exited with return code " + (outcome.equals("SUCCESS") ? 0 : 1);
    if (outcome.equals("SUCCESS")) {
      return new Draft[] {running, mark, exit};
    }
    // Airflow logs "Marking task as ..." and the exit code at INFO; only the traceback is ERROR.
    Draft error =
        airflow(dag, task, runNanos, tryNumber, "airflow-worker", "airflow.task.error_bq");
    error.severity = "ERROR";
    error.textPayload =
        "Task failed with exception\n"
            + "Traceback (most recent call last):\n"
            + "  File"
            + " \"/opt/python3.11/lib/python3.11/site-packages/airflow/models/taskinstance.py\","
            + " line 465, in _execute_task\n"
            + "    result = _execute_callable(context=context, **execute_callable_kwargs)\n"
            + "google.api_core.exceptions.Forbidden: 403 Access Denied: Table "
            + PROJECT
            + ":exports.orders_"
            + runId.substring(0, 8)
            + ": Permission bigquery.tables.getData"
            + " denied on table";
    return new Draft[] {running, error, mark, exit};
  }

  /** Airflow scheduler chatter (no task labels). */
  Draft airflowScheduler(long t) {
    Draft d = airflow(null, null, 0, 0, "airflow-scheduler", "airflow.scheduler.heartbeat");
    if (r.chance(0.5)) {
      d.textPayload =
          "Sending Stats to StatsD: dag_processing.total_parse_time "
              + r.between(1, 9)
              + "."
              + r.digits(3);
      d.templateKey = "airflow.scheduler.parse_time";
    } else {
      d.textPayload =
          "Heartbeat recovered after " + r.between(5, 60) + "." + r.digits(2) + " seconds";
    }
    return d;
  }

  // ---------------------------------------------------------------- batch jobs

  /** The hourly Cloud Run job's completion line (the batch-job-late absence rule's filter). */
  Draft exportCompleted(long runNanos) {
    Draft d = new Draft();
    d.templateKey = "batch.export.completed";
    d.insertId = r.alnum(12);
    d.resourceType = "cloud_run_job";
    d.resourceLabels =
        strings("job_name", "hourly-export", "location", REGION, "project_id", PROJECT);
    String execution = "hourly-export-" + r.alnum(5);
    d.labels =
        strings(
            "instanceId",
            "0087244a80" + r.hex(40),
            "run.googleapis.com/execution_name",
            execution,
            "run.googleapis.com/task_attempt",
            "0",
            "run.googleapis.com/task_index",
            "0");
    d.logName = "projects/" + PROJECT + "/logs/run.googleapis.com%2Fstdout";
    d.severity = "INFO";
    d.timestampDigits = 6;
    d.textPayload =
        "Export completed: "
            + r.between(2000, 40000)
            + " orders written to"
            + " gs://acme-shop-exports/orders/"
            + fmt(runNanos, "yyyy/MM/dd/HH")
            + "/ in "
            + r.between(40, 600)
            + "s";
    return d;
  }

  /** The nightly billing job's start line (written even when the job hangs). */
  Draft billingStarted(String runId) {
    return src.k8sText(
        BILLING, false, "batch.billing.started", "Job nightly_billing started run_id=" + runId);
  }

  /** The completion line the absence rule watches for (batch-late stops it). */
  Draft billingCompleted(String runId) {
    return src.k8sText(
        BILLING,
        false,
        "batch.billing.completed",
        "Job nightly_billing completed run_id="
            + runId
            + " in "
            + r.between(180, 900)
            + "s, "
            + r.between(1000, 9000)
            + " invoices written");
  }
}
