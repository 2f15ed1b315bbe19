package dev.logalerts.tools;

import dev.logalerts.model.Timestamps;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Generates realistic, deterministic Cloud Logging exports: newline-delimited LogEntry JSON in the
 * REST v2 form a Cloud Storage or Pub/Sub sink writes, from the sources in {@link LogSources} (GKE,
 * load balancer, Cloud Run, audit, Composer, Dataflow, GCE, Cloud Functions) and the GCP log
 * families in {@link FamilySources} (VPC flows, DNS, journald, GKE events, Kubernetes audit,
 * Scheduler, Tasks, Build…). The same configuration always produces the same bytes.
 *
 * <p>Event time: entries are spread over {@code duration} from {@code start} with a diurnal rate
 * (peak 15:00 UTC, trough 03:00 UTC, 3:1) and uniform jitter; about 0.3% are written out of order
 * (timestamp up to 90 s earlier than their neighbours), and {@code receiveTimestamp} lags by a
 * log-normal delay (median 0.8 s). Scheduled batch logs (Airflow DAGs, the billing job) are placed
 * at their schedule. Planted {@link Incident incidents} sit at fixed fractions of the duration;
 * {@link #incidentWindows()} reports where.
 *
 * <p>Usage: {@code scripts/generate-logs.sh --entries N [--seed S] [--start RFC3339] [--duration
 * 24h] [--incidents all|none|a,b] [--truth FILE] > file.jsonl}. The truth file has one line per
 * entry, {@code {"insertId":…,"templateKey":…}}, naming the template that produced the entry's
 * message (for request logs without message text, the request route).
 */
public final class LogGenerator {

  /** Planted incidents; the CLI names are the lower-case forms shown. */
  public enum Incident {
    ERROR_BURST("error-burst"),
    FIVE_XX_BURST("5xx-burst"),
    SLOW("slow"),
    BATCH_FAIL("batch-fail"),
    BATCH_LATE("batch-late"),
    TRAFFIC_DROP("traffic-drop"),
    NEW_ERROR("new-error");

    private final String cliName;

    Incident(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }

    public static Incident fromCliName(String name) {
      for (Incident i : values()) {
        if (i.cliName.equals(name.trim())) {
          return i;
        }
      }
      throw new IllegalArgumentException(
          "unknown incident '"
              + name
              + "'; known: "
              + Arrays.toString(Arrays.stream(values()).map(Incident::cliName).toArray()));
    }
  }

  /** Where an incident was planted, in event time. */
  public static final class IncidentWindow {
    public final Incident incident;
    public final long startNanos;
    public final long endNanos;
    public final String what;

    IncidentWindow(Incident incident, long startNanos, long endNanos, String what) {
      this.incident = incident;
      this.startNanos = startNanos;
      this.endNanos = endNanos;
      this.what = what;
    }

    boolean contains(long t) {
      return t >= startNanos && t < endNanos;
    }

    @Override
    public String toString() {
      return toString(endNanos);
    }

    /** As the range ending at {@code end} holds it. */
    String toString(long end) {
      return incident.cliName()
          + " "
          + Timestamps.format(startNanos, 0)
          + " .. "
          + Timestamps.format(Math.min(endNanos, end), 0)
          + ": "
          + what;
    }
  }

  /** Most entries one run writes: as many as one array holds. */
  static final long MAX_ENTRIES = Integer.MAX_VALUE - 8;

  /** Shortest span: the incidents need room. */
  static final java.time.Duration MIN_DURATION = java.time.Duration.ofMinutes(10);

  /** Generator settings; defaults: seed 42, start 2026-11-20T00:00:00Z, 24 h, no incidents. */
  public static final class Config {
    long entries = 10_000;
    long seed = 42;
    long startNanos = Instant.parse("2026-11-20T00:00:00Z").getEpochSecond() * NANOS;
    long durationNanos = 24 * HOUR;
    Set<Incident> incidents = EnumSet.noneOf(Incident.class);

    /**
     * Off: only the shop's own sources (tests compare the two to show the families change no more).
     */
    boolean families = true;

    public Config entries(long n) {
      if (n < 1 || n > MAX_ENTRIES) {
        throw new IllegalArgumentException(
            "--entries must be a whole number from 1 to " + MAX_ENTRIES + ", got " + n);
      }
      this.entries = n;
      return this;
    }

    public Config seed(long s) {
      this.seed = s;
      return this;
    }

    public Config start(Instant start) {
      this.startNanos = start.getEpochSecond() * NANOS + start.getNano();
      return this;
    }

    public Config duration(java.time.Duration d) {
      if (d.compareTo(MIN_DURATION) < 0) {
        throw new IllegalArgumentException("--duration must be at least 10m, got " + d);
      }
      this.durationNanos = d.toNanos();
      return this;
    }

    public Config incidents(Set<Incident> set) {
      this.incidents = set.isEmpty() ? EnumSet.noneOf(Incident.class) : EnumSet.copyOf(set);
      return this;
    }

    public Config allIncidents() {
      this.incidents = EnumSet.allOf(Incident.class);
      return this;
    }
  }

  /** One generated entry: the JSON line (no newline), its insertId and template key. */
  public static final class Line {
    public final byte[] json;
    public final String insertId;
    public final String templateKey;

    Line(byte[] json, String insertId, String templateKey) {
      this.json = json;
      this.insertId = insertId;
      this.templateKey = templateKey;
    }
  }

  static final long NANOS = 1_000_000_000L;
  static final long MINUTE = 60 * NANOS;
  static final long HOUR = 60 * MINUTE;

  /** How often the billing job runs ("nightly" by name; hourly catch-up runs in practice). */
  static final long BILLING_PERIOD = HOUR;

  final Config config;
  private final List<IncidentWindow> windows = new ArrayList<>();

  /**
   * Entries of an incident whose count the range may cut short, as the schedule placed them
   * (error-burst, new-error; batch-fail: 1 when its task's failure falls in the range, else 0).
   */
  final Map<Incident, Integer> planted = new EnumMap<>(Incident.class);

  public LogGenerator(Config config) {
    this.config = config;
    planIncidentWindows();
  }

  /** The windows of the configured incidents, in event time. */
  public List<IncidentWindow> incidentWindows() {
    return Collections.unmodifiableList(windows);
  }

  /** Generates all entries in memory (benchmarks, tests). */
  public List<Line> lines() {
    List<Line> out = new ArrayList<>((int) config.entries);
    generate(out::add);
    return out;
  }

  /** Writes the entries as newline-delimited JSON, and the truth lines if {@code truth} != null. */
  public void write(OutputStream out, Writer truth) throws IOException {
    try {
      generate(
          line -> {
            try {
              out.write(line.json);
              out.write('\n');
              if (truth != null) {
                truth.write(
                    "{\"insertId\":\""
                        + line.insertId
                        + "\",\"templateKey\":\""
                        + line.templateKey
                        + "\"}\n");
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  // ------------------------------------------------------------------------------ incidents

  boolean on(Incident i) {
    return config.incidents.contains(i);
  }

  private long at(double fraction) {
    long t = config.startNanos + (long) (config.durationNanos * fraction);
    return t - Math.floorMod(t, MINUTE); // incidents start on a minute boundary
  }

  IncidentWindow window(Incident i) {
    for (IncidentWindow w : windows) {
      if (w.incident == i) {
        return w;
      }
    }
    return null;
  }

  private void planIncidentWindows() {
    long s = config.startNanos;
    if (on(Incident.ERROR_BURST)) {
      long a = at(0.30);
      windows.add(
          new IncidentWindow(
              Incident.ERROR_BURST,
              a,
              a + 3 * MINUTE,
              "shop/checkout logs 20 x ERROR \"payment provider timeout after 30s order=<id>\""
                  + " (stderr)"));
    }
    if (on(Incident.BATCH_FAIL)) {
      long run = nightlyExportRun();
      windows.add(
          new IncidentWindow(
              Incident.BATCH_FAIL,
              run,
              run + 20 * MINUTE,
              "Composer DAG nightly_export task export_orders fails: try 1 UP_FOR_RETRY, try 2"
                  + " \"Marking task as FAILED. dag_id=nightly_export, task_id=export_orders\""));
    }
    if (on(Incident.FIVE_XX_BURST)) {
      long a = at(0.45);
      windows.add(
          new IncidentWindow(
              Incident.FIVE_XX_BURST,
              a,
              a + 5 * MINUTE,
              "http_load_balancer backend "
                  + LogSources.WEB_BACKEND
                  + " answers ~30% 503 (at least 26 requests/min)"));
    }
    if (on(Incident.SLOW)) {
      long a = at(0.55);
      windows.add(
          new IncidentWindow(
              Incident.SLOW,
              a,
              a + 10 * MINUTE,
              "Cloud Run service "
                  + LogSources.SLOW_RUN_SERVICE
                  + ": 25% of requests take 2-4 s, 12% time out with 504 after 4 s, the rest are 4x"
                  + " slower (p95 2-4 s, 5xx ratio ~12%, at least 6 requests/min)"));
    }
    long lateFrom = lastBillingCompletionRun() + BILLING_PERIOD;
    if (on(Incident.BATCH_LATE) && lateFrom < s + config.durationNanos) {
      // Only when a billing run falls after the last completed one: in a shorter range nothing is
      // late, and a window that starts after the range ends would be reported as an incident.
      windows.add(
          new IncidentWindow(
              Incident.BATCH_LATE,
              lateFrom,
              s + config.durationNanos,
              "the hourly completion lines stop: Cloud Run job hourly-export \"Export completed:"
                  + " ...\" and batch/nightly-billing \"Job nightly_billing completed ...\" (the"
                  + " \"started\" lines continue)"));
    }
    if (on(Incident.TRAFFIC_DROP)) {
      long a = at(0.70);
      windows.add(
          new IncidentWindow(
              Incident.TRAFFIC_DROP,
              a,
              a + 20 * MINUTE,
              "requests to load balancer backend " + LogSources.WEB_BACKEND + " drop by 85%"));
    }
    if (on(Incident.NEW_ERROR)) {
      long a = at(0.85);
      windows.add(
          new IncidentWindow(
              Incident.NEW_ERROR,
              a,
              s + config.durationNanos,
              "new ERROR template on shop/inventory \"Failed to deserialize event from topic"
                  + " inventory-updates: unknown field \\\"warehouse_zone\\\" ...\": 12 in the"
                  + " first 15 min, then one every 20 min"));
    }
  }

  /** The nightly_export run the batch-fail incident breaks: the last 02:00 run in range. */
  long nightlyExportRun() {
    List<Long> runs = nightlyExportRuns();
    return runs.isEmpty() ? at(0.2) : runs.get(runs.size() - 1);
  }

  List<Long> nightlyExportRuns() {
    List<Long> runs = new ArrayList<>();
    long day = config.startNanos - Math.floorMod(config.startNanos, 24 * HOUR);
    for (long t = day + 2 * HOUR;
        t < config.startNanos + config.durationNanos - 30 * MINUTE;
        t += 24 * HOUR) {
      if (t >= config.startNanos) {
        runs.add(t);
      }
    }
    return runs;
  }

  /** Billing runs start at :05 past each hour; with batch-late the completions stop at 60%. */
  long lastBillingCompletionRun() {
    long cutoff = config.startNanos + (long) (config.durationNanos * 0.6);
    long last = firstBillingRun();
    for (long t = last; t <= cutoff; t += BILLING_PERIOD) {
      last = t;
    }
    return last;
  }

  long firstBillingRun() {
    long hour = config.startNanos - Math.floorMod(config.startNanos, HOUR);
    long t = hour + 5 * MINUTE;
    return t < config.startNanos ? t + HOUR : t;
  }

  // ------------------------------------------------------------------------------ generation

  private void generate(Consumer<Line> sink) {
    int n = (int) config.entries;
    Slots slots = new Slots(timeline(n, new Rng(config.seed * 31 + 1)));
    Rng planRng = new Rng(config.seed * 31 + 2);
    new SchedulePlanner(this, slots, new LogSources(planRng), planRng).plan();

    Rng r = new Rng(config.seed * 31 + 3);
    LogSources src = new LogSources(r);
    FamilySources families = config.families ? new FamilySources(config) : null;
    IncidentWindow fiveXx = window(Incident.FIVE_XX_BURST);
    IncidentWindow slow = window(Incident.SLOW);
    IncidentWindow drop = window(Incident.TRAFFIC_DROP);
    for (int i = 0; i < n; i++) {
      long t = slots.times[i];
      Draft d = slots.overrides[i];
      if (d == null) {
        d = base(src, r, t, fiveXx, slow, drop);
        if (families != null && d.httpRequest == null) {
          // The shop's entry is drawn first either way, so its sources' draws stay the same.
          Draft family = families.replace(t);
          d = family == null ? d : family;
        }
        if (r.chance(0.003)) {
          // Out of order: written after entries with later timestamps (a slow agent's buffer).
          t = Math.max(config.startNanos, t - r.betweenLong(NANOS, 90 * NANOS));
        }
      }
      d.timestampNanos = truncate(t, d.timestampDigits);
      double delay =
          d.resourceType.equals("gcs_bucket") || d.protoPayload != null
              ? r.logNormal(3.0, 0.7)
              : r.logNormal(0.8, 0.6);
      d.receiveTimestampNanos = d.timestampNanos + 20_000_000L + (long) (delay * 1e9);
      sink.accept(new Line(d.toJson(), d.insertId, d.templateKey));
    }
  }

  private Draft base(
      LogSources src,
      Rng r,
      long t,
      IncidentWindow fiveXx,
      IncidentWindow slow,
      IncidentWindow drop) {
    double u = r.nextDouble() * 100;
    if (u < 25) {
      String backend = r.chance(0.65) ? LogSources.WEB_BACKEND : LogSources.API_BACKEND;
      boolean web = backend.equals(LogSources.WEB_BACKEND);
      if (!(web && drop != null && drop.contains(t) && r.chance(0.85))) {
        double p503 = web && fiveXx != null && fiveXx.contains(t) ? 0.3 : 0.0005;
        return src.http.lbRequest(t, backend, p503);
      }
      u = 25 + r.nextDouble() * 75; // the dropped request's slot goes to the other sources
    }
    if (u < 38) {
      String service = r.chance(0.75) ? LogSources.SLOW_RUN_SERVICE : LogSources.RUN_IMAGE_SERVICE;
      boolean isSlow =
          slow != null && slow.contains(t) && service.equals(LogSources.SLOW_RUN_SERVICE);
      return src.http.runRequest(t, service, isSlow);
    }
    if (u < 60) {
      return src.gkeText(t);
    }
    if (u < 72) {
      return src.gkeJson(t);
    }
    if (u < 73) {
      return src.gkeStderr(t, -1);
    }
    if (u < 73.8) {
      return src.stackTrace(t, -1);
    }
    if (u < 76.5) {
      return src.http.runApp(t);
    }
    if (u < 82) {
      return src.platform.audit(t, false);
    }
    if (u < 84) {
      return src.batch.airflowScheduler(t);
    }
    if (u < 89) {
      return src.platform.dataflow(t);
    }
    if (u < 95) {
      return src.platform.syslog(t, r.chance(0.01));
    }
    return src.platform.function(t);
  }

  /**
   * Slot times: slot i sits where the cumulative diurnal rate reaches (i + jitter) / n of its
   * total, so the spacing follows the rate and the slots stay sorted.
   */
  private long[] timeline(int n, Rng r) {
    long start = config.startNanos;
    long span = config.durationNanos;
    int steps = (int) Math.min(1_000_000, Math.max(1000, span / NANOS));
    double step = (double) span / steps;
    double[] cum = new double[steps + 1];
    for (int k = 1; k <= steps; k++) {
      double mid = start + (k - 0.5) * step;
      cum[k] = cum[k - 1] + rate(mid) * step;
    }
    double total = cum[steps];
    long[] slots = new long[n];
    for (int i = 0; i < n; i++) {
      double y = total * (i + r.nextDouble()) / n;
      int k = Arrays.binarySearch(cum, y);
      if (k < 0) {
        k = -k - 2;
      }
      k = Math.min(Math.max(k, 0), steps - 1);
      double frac = (y - cum[k]) / (cum[k + 1] - cum[k]);
      slots[i] = start + (long) ((k + frac) * step);
    }
    return slots;
  }

  /** Relative entry rate by time of day: peak 15:00 UTC, trough 03:00 UTC, ratio 3:1. */
  private static double rate(double epochNanos) {
    double hourOfDay = (epochNanos / HOUR) % 24;
    return 1.0 + 0.5 * StrictMath.cos(2 * StrictMath.PI * (hourOfDay - 15) / 24);
  }

  // ------------------------------------------------------------------------------ planning

  // ------------------------------------------------------------------------------ formatting

  private static long truncate(long nanos, int digits) {
    long unit = 1;
    for (int k = digits; k < 9; k++) {
      unit *= 10;
    }
    return nanos - Math.floorMod(nanos, unit);
  }

  // ------------------------------------------------------------------------------ CLI

  public static void main(String[] args) throws IOException {
    String[] truthPath = new String[1];
    Config config;
    String usage =
        "usage: generate-logs.sh --entries N [--seed S] [--start RFC3339]"
            + " [--duration 24h] [--incidents all|none|"
            + String.join(
                ",", Arrays.stream(Incident.values()).map(Incident::cliName).toArray(String[]::new))
            + "] [--truth FILE] > file.jsonl";
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.println(usage);
      return;
    }
    try {
      config = GeneratorArgs.parse(args, truthPath);
    } catch (RuntimeException e) {
      System.err.println(
          "error: "
              + e.getMessage()
              + (e instanceof GeneratorArgs.BadValue ? "" : " (" + usage + ")"));
      System.exit(2);
      return;
    }
    LogGenerator gen = new LogGenerator(config);
    OutputStream out =
        new BufferedOutputStream(new FileOutputStream(java.io.FileDescriptor.out), 1 << 16);
    Writer truth = null;
    if (truthPath[0] != null) {
      try {
        truth =
            new BufferedWriter(
                new OutputStreamWriter(new FileOutputStream(truthPath[0]), StandardCharsets.UTF_8),
                1 << 16);
      } catch (IOException e) {
        System.err.println("error: --truth: cannot write " + e.getMessage());
        System.exit(2);
        return;
      }
    }
    try {
      gen.write(out, truth);
    } finally {
      out.flush();
      if (truth != null) {
        truth.close();
      }
    }
    GeneratorArgs.describe(gen, System.err);
  }
}
