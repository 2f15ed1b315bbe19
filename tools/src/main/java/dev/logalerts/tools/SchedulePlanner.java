package dev.logalerts.tools;

import static dev.logalerts.tools.LogGenerator.BILLING_PERIOD;
import static dev.logalerts.tools.LogGenerator.HOUR;
import static dev.logalerts.tools.LogGenerator.MINUTE;
import static dev.logalerts.tools.LogGenerator.NANOS;

import java.util.ArrayList;
import java.util.List;

/**
 * The generator's schedule: the batch jobs' log lines (Airflow DAG runs, the hourly billing and
 * export jobs), the warm-up errors and the planted incidents' entries, each placed in the slot
 * nearest its time. The rest of the slots get background traffic.
 */
final class SchedulePlanner {
  private final LogGenerator gen;
  private final Slots slots;
  private final LogSources src;
  private final Rng r;

  SchedulePlanner(LogGenerator gen, Slots slots, LogSources src, Rng r) {
    this.gen = gen;
    this.slots = slots;
    this.src = src;
    this.r = r;
  }

  /** Scheduled batch logs and incident entries take the slots nearest their times. */
  void plan() {
    long end = gen.config.startNanos + gen.config.durationNanos;
    // Airflow hourly_sync: two tasks every hour.
    long firstHour = gen.config.startNanos - Math.floorMod(gen.config.startNanos, HOUR);
    for (long run = firstHour; run < end; run += HOUR) {
      long t = run + 2 * MINUTE;
      t = task("hourly_sync", "extract_users", run, t, 1, "SUCCESS");
      task("hourly_sync", "load_users", run, t + 10 * NANOS, 1, "SUCCESS");
    }
    // Airflow nightly_export at 02:00: export_orders and export_customers.
    long failing =
        gen.on(LogGenerator.Incident.BATCH_FAIL) ? gen.nightlyExportRun() : Long.MIN_VALUE;
    List<Long> runs = gen.nightlyExportRuns();
    if (gen.on(LogGenerator.Incident.BATCH_FAIL) && !runs.contains(failing)) {
      runs.add(failing);
    }
    for (long run : runs) {
      long t0 = run + 3 * MINUTE;
      task("nightly_export", "export_customers", run, t0, 1, "SUCCESS");
      if (run == failing) {
        long t = task("nightly_export", "export_orders", run, t0, 1, "UP_FOR_RETRY");
        long failed = task("nightly_export", "export_orders", run, t + 5 * MINUTE, 2, "FAILED");
        gen.planted.put(LogGenerator.Incident.BATCH_FAIL, failed < end ? 1 : 0);
      } else {
        task("nightly_export", "export_orders", run, t0, 1, "SUCCESS");
      }
    }
    // The billing job: started at :05, completed a few minutes later (until batch-late).
    long lastCompletion =
        gen.on(LogGenerator.Incident.BATCH_LATE) ? gen.lastBillingCompletionRun() : Long.MAX_VALUE;
    for (long run = gen.firstBillingRun(); run < end; run += BILLING_PERIOD) {
      String runId = "billing-" + LogSources.fmt(run, "yyyyMMdd-HHmm");
      slots.claim(run, src.batch.billingStarted(runId));
      if (run <= lastCompletion) {
        slots.claim(
            run + r.betweenLong(3 * MINUTE, 15 * MINUTE), src.batch.billingCompleted(runId));
        slots.claim(run + r.betweenLong(MINUTE, 10 * MINUTE), src.batch.exportCompleted(run));
      }
    }
    // Warm-up: every background ERROR template shows once in the first 40 minutes, as a service
    // that has been running for a while would, so only planted incidents bring new templates.
    long w0 = gen.config.startNanos + 10 * MINUTE;
    List<Draft> warm = new ArrayList<>();
    for (int v = 0; v < 4; v++) {
      warm.add(src.gkeStderr(w0, v));
      warm.add(src.stackTrace(w0, v));
    }
    warm.add(src.platform.syslog(w0, true));
    warm.add(src.platform.audit(w0, true));
    for (int k = 0; k < warm.size(); k++) {
      slots.claim(w0 + 30 * MINUTE * k / warm.size(), warm.get(k));
    }
    LogGenerator.IncidentWindow w;
    if ((w = gen.window(LogGenerator.Incident.ERROR_BURST)) != null) {
      gen.planted.put(
          LogGenerator.Incident.ERROR_BURST,
          slots.spread(w.startNanos, w.endNanos, 20, src::paymentTimeout));
    }
    if ((w = gen.window(LogGenerator.Incident.FIVE_XX_BURST)) != null) {
      long minutes = (w.endNanos - w.startNanos) / MINUTE;
      int natural = (int) (slots.countIn(w.startNanos, w.endNanos) * 0.25 * 0.65);
      long startNanos = w.startNanos;
      slots.spread(
          w.startNanos,
          w.endNanos,
          (int) Math.max(0, 26 * minutes - natural),
          () -> src.http.lbRequest(startNanos, LogSources.WEB_BACKEND, 0.3));
    }
    if ((w = gen.window(LogGenerator.Incident.SLOW)) != null) {
      long minutes = (w.endNanos - w.startNanos) / MINUTE;
      int natural = (int) (slots.countIn(w.startNanos, w.endNanos) * 0.13 * 0.75);
      long startNanos = w.startNanos;
      slots.spread(
          w.startNanos,
          w.endNanos,
          (int) Math.max(0, 6 * minutes - natural),
          () -> src.http.runRequest(startNanos, LogSources.SLOW_RUN_SERVICE, true));
    }
    if ((w = gen.window(LogGenerator.Incident.NEW_ERROR)) != null) {
      int n = slots.spread(w.startNanos, w.startNanos + 15 * MINUTE, 12, src::newError);
      for (long t = w.startNanos + 35 * MINUTE; t < end; t += 20 * MINUTE) {
        n += slots.claim(t, src.newError()) ? 1 : 0;
      }
      gen.planted.put(LogGenerator.Incident.NEW_ERROR, n);
    }
  }

  /** Plans one Airflow task attempt starting at {@code t}; returns when it ended. */
  private long task(String dag, String task, long run, long t, int tryNumber, String outcome) {
    long end = t + r.betweenLong(40 * NANOS, 4 * MINUTE);
    Draft[] lines = src.batch.airflowTask(dag, task, run, t, end, tryNumber, outcome);
    slots.claim(t, lines[0]);
    for (int k = 1; k < lines.length; k++) {
      slots.claim(end + (k - 1) * 150_000_000L, lines[k]);
    }
    return end;
  }
}
