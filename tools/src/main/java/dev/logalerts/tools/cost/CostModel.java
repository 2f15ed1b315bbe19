package dev.logalerts.tools.cost;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * The monthly cost of running the job on Dataflow (streaming, Streaming Engine) for a log volume,
 * next to what ingesting the same volume costs in Cloud Logging and Datadog. Pure arithmetic over
 * {@link Param}s; docs/cost.md writes out every formula.
 *
 * <p>Units: the volume is decimal GB a day (10^9 bytes, as users and Datadog count); Google bills
 * Pub/Sub, BigQuery, Cloud Logging and Streaming Engine per binary GiB/TiB (2^30, 2^40 bytes). A
 * month is {@code hours-per-month} hours (730, Google's calculator's month).
 */
public final class CostModel {
  static final double GIB = 1L << 30;
  static final double TIB = 1L << 40;

  private final Map<Param, Double> values;

  private CostModel(Map<Param, Double> values) {
    this.values = values;
  }

  /** Every parameter at its default. */
  public static CostModel defaults() {
    return new CostModel(new EnumMap<>(Param.class));
  }

  /** A copy with one parameter overridden. */
  public CostModel with(Param p, double v) {
    EnumMap<Param, Double> copy = new EnumMap<>(Param.class);
    copy.putAll(values);
    copy.put(p, v);
    return new CostModel(copy);
  }

  public double get(Param p) {
    Double v = values.get(p);
    return v == null ? p.defaultValue() : v;
  }

  /** Whether the parameter was overridden (a measured default replaced by the user's figure). */
  public boolean overridden(Param p) {
    return values.containsKey(p);
  }

  /** One billed item: what is counted, how much, and what it costs a month. */
  public record Line(String service, String item, double quantity, String unit, double usd) {}

  /** The estimate: the job's lines, the comparisons, and the figures behind them. */
  public record Estimate(
      double gbPerDay,
      double entriesPerSecond,
      double entriesPerMonth,
      double vcpusNeeded,
      int workers,
      double streamingEngineBytesPerEntry,
      List<Line> job,
      double jobUsd,
      List<Line> comparisons) {

    /** The comparison line of this service (e.g. "Cloud Logging"), summed. */
    public double comparisonUsd(String service) {
      return comparisons.stream()
          .filter(l -> l.service().equals(service))
          .mapToDouble(Line::usd)
          .sum();
    }

    /** The job's lines of this service (e.g. "Dataflow"), summed. */
    public double jobUsd(String service) {
      return job.stream().filter(l -> l.service().equals(service)).mapToDouble(Line::usd).sum();
    }
  }

  /**
   * The estimate for this volume.
   *
   * @throws IllegalArgumentException when a parameter is out of range (named in the message)
   */
  public Estimate estimate(double gbPerDay) {
    check(gbPerDay);
    double hours = get(Param.HOURS_PER_MONTH);
    double days = hours / 24;
    double entryBytes = get(Param.ENTRY_BYTES);
    double entriesPerSecond = gbPerDay * 1e9 / entryBytes / 86_400;
    double entriesPerMonth = entriesPerSecond * 3600 * hours;
    double extraRules = get(Param.RULES) - get(Param.MEASURED_RULES);

    List<Line> job = new ArrayList<>();

    // Workers: CPU per entry (plus one filter per rule beyond the measured ones) at the
    // autoscaler's utilization, in whole workers, at least min-workers.
    double cpuSecondsPerEntry =
        Math.max(
            0,
            get(Param.CPU_US_PER_ENTRY) * 1e-6 + extraRules * get(Param.FILTER_NS_PER_RULE) * 1e-9);
    double vcpusNeeded = entriesPerSecond * cpuSecondsPerEntry / get(Param.UTILIZATION);
    int workers = workers(vcpusNeeded);
    double vcpuHours = workers * get(Param.VCPUS_PER_WORKER) * hours;
    double memoryGbHours = workers * get(Param.MEMORY_GB_PER_WORKER) * hours;
    job.add(
        new Line(
            "Dataflow",
            "worker vCPU",
            vcpuHours,
            "vCPU-hours",
            vcpuHours * get(Param.PRICE_VCPU_HOUR)));
    job.add(
        new Line(
            "Dataflow",
            "worker memory",
            memoryGbHours,
            "GB-hours",
            memoryGbHours * get(Param.PRICE_MEMORY_GB_HOUR)));

    // BigQuery rows (they also pass Streaming Engine on their way to the sink).
    double noisyBytesPerMonth = get(Param.NOISY_ROWS_PER_HOUR) * hours * get(Param.NOISY_ROW_BYTES);
    double alertBytesPerMonth = get(Param.ALERTS_PER_HOUR) * hours * get(Param.ALERT_ROW_BYTES);
    double deadLetterBytesPerMonth =
        entriesPerMonth
            / 1e6
            * get(Param.DEAD_LETTERS_PER_MILLION)
            * get(Param.DEAD_LETTER_ROW_BYTES);
    double rowBytesPerMonth = noisyBytesPerMonth + alertBytesPerMonth + deadLetterBytesPerMonth;

    // Streaming Engine, billed per byte processed: what the source delivers, what each shuffle
    // and stateful step receives, and what goes to the sinks.
    double seBytes = streamingEngineBytes(entriesPerMonth, hours, extraRules) + rowBytesPerMonth;
    double seGib = seBytes / GIB;
    if (get(Param.SECU_PER_HOUR) > 0) {
      double secuHours = get(Param.SECU_PER_HOUR) * hours;
      job.add(
          new Line(
              "Dataflow",
              "Streaming Engine (resource-based, SECU)",
              secuHours,
              "SECU-hours",
              secuHours * get(Param.PRICE_SECU_HOUR)));
    } else {
      job.add(
          new Line(
              "Dataflow",
              "Streaming Engine data processed",
              seGib,
              "GiB",
              seGib * get(Param.PRICE_STREAMING_ENGINE_GIB)));
    }

    // Pub/Sub: the log sink publishes every entry and the job's subscription delivers it once;
    // the alert topic carries one message per alert (published, delivered to one subscriber).
    // The free tier is per billing account, so it is taken off the sum.
    double messageBytes = entryBytes + get(Param.PUBSUB_OVERHEAD_BYTES);
    double logGib = 2 * entriesPerMonth * messageBytes / GIB;
    double alertGib =
        2
            * get(Param.ALERTS_PER_HOUR)
            * hours
            * (get(Param.ALERT_MESSAGE_BYTES) + get(Param.PUBSUB_OVERHEAD_BYTES))
            / GIB;
    double pubsubPerGib = get(Param.PRICE_PUBSUB_TIB) * GIB / TIB;
    double freeGib = get(Param.PUBSUB_FREE_GIB);
    double logBilled = Math.max(0, logGib - freeGib);
    double alertBilled = Math.max(0, alertGib - Math.max(0, freeGib - logGib));
    job.add(
        new Line(
            "Pub/Sub", "log sink publish + delivery", logGib, "GiB", logBilled * pubsubPerGib));
    job.add(new Line("Pub/Sub", "alert topic", alertGib, "GiB", alertBilled * pubsubPerGib));

    // BigQuery: Storage Write API ingestion, then storage kept for bq-retention-days.
    double writeGib = rowBytesPerMonth / GIB;
    job.add(
        new Line(
            "BigQuery",
            "Storage Write API",
            writeGib,
            "GiB",
            Math.max(0, writeGib - get(Param.BQ_WRITE_FREE_GIB)) * get(Param.PRICE_BQ_WRITE_GIB)));
    double storedGib = rowBytesPerMonth / days * get(Param.BQ_RETENTION_DAYS) / GIB;
    job.add(
        new Line(
            "BigQuery",
            "storage (active logical)",
            storedGib,
            "GiB",
            Math.max(0, storedGib - get(Param.BQ_STORAGE_FREE_GIB))
                * get(Param.PRICE_BQ_STORAGE_GIB_MONTH)));

    double jobUsd = job.stream().mapToDouble(Line::usd).sum();

    List<Line> comparisons = new ArrayList<>();
    double volumeGib = gbPerDay * 1e9 * days / GIB;
    comparisons.add(
        new Line(
            "Cloud Logging",
            "ingestion (incl. 30 days storage)",
            volumeGib,
            "GiB",
            Math.max(0, volumeGib - get(Param.LOGGING_FREE_GIB)) * get(Param.PRICE_LOGGING_GIB)));
    double volumeGb = gbPerDay * days;
    comparisons.add(
        new Line(
            "Datadog", "ingestion", volumeGb, "GB", volumeGb * get(Param.PRICE_DATADOG_INGEST_GB)));
    comparisons.add(
        new Line(
            "Datadog",
            "indexing (15-day retention)",
            entriesPerMonth / 1e6,
            "M events",
            entriesPerMonth / 1e6 * get(Param.PRICE_DATADOG_INDEX_MILLION)));

    return new Estimate(
        gbPerDay,
        entriesPerSecond,
        entriesPerMonth,
        vcpusNeeded,
        workers,
        seBytes / entriesPerMonth,
        Collections.unmodifiableList(job),
        jobUsd,
        Collections.unmodifiableList(comparisons));
  }

  /**
   * Bytes through Streaming Engine a month, without the sink rows: per entry, the message read and
   * what the entry causes to be shuffled (deduplication, its noisy-log key, its rule observations);
   * per hour, the keyed aggregates (one per key, window and pane), which grow with distinct keys
   * rather than with entries. With combiner lifting the per-entry elements of the two combines
   * become accumulators, about as many again as the keyed aggregates.
   */
  double streamingEngineBytes(double entriesPerMonth, double hours, double extraRules) {
    boolean lifted = get(Param.COMBINER_LIFTING) != 0;
    double rules = Math.max(0, get(Param.MEASURED_RULES) + extraRules);
    double perEntry = get(Param.ENTRY_BYTES) + get(Param.DEDUP_SHUFFLE_BYTES);
    if (!lifted) {
      perEntry += get(Param.NOISY_SHUFFLE_BYTES) + rules * get(Param.RULE_SHUFFLE_BYTES);
    }
    if (get(Param.EARLY_PANES) != 0) {
      perEntry +=
          rules
              * get(Param.OBSERVATIONS_PER_ENTRY_RULE)
              * get(Param.EARLY_PANE_BYTES_PER_OBSERVATION);
    }
    double keyedPerHour =
        get(Param.NOISY_KEYED_BYTES_PER_HOUR) + rules * get(Param.RULE_KEYED_BYTES_PER_HOUR);
    return perEntry * entriesPerMonth + keyedPerHour * hours * (lifted ? 2 : 1);
  }

  private int workers(double vcpusNeeded) {
    double perWorker = get(Param.VCPUS_PER_WORKER);
    double n = Math.ceil(vcpusNeeded / perWorker - 1e-9);
    return (int) Math.max(get(Param.MIN_WORKERS), n);
  }

  private void check(double gbPerDay) {
    if (!acceptsGbPerDay(gbPerDay)) {
      throw new IllegalArgumentException(
          "--gb-per-day must be " + GB_PER_DAY_RANGE + ", got " + number(gbPerDay));
    }
    for (Param p : Param.values()) {
      if (!accepts(p, get(p))) {
        throw new IllegalArgumentException(
            "--" + p.flag() + " must be " + range(p) + ", got " + number(get(p)));
      }
    }
  }

  /** Most GB a day an estimate is made for (a petabyte): past it the figures overflow. */
  static final double MAX_GB_PER_DAY = 1_000_000;

  /** What {@code --gb-per-day} accepts, in its error. */
  static final String GB_PER_DAY_RANGE = "a number above 0 and at most " + number(MAX_GB_PER_DAY);

  static boolean acceptsGbPerDay(double v) {
    return v > 0 && v <= MAX_GB_PER_DAY;
  }

  /** What a parameter accepts: its words in an error and its test, side by side. */
  private enum Range {
    POSITIVE("a number above 0", v -> v > 0),
    FRACTION("a fraction above 0 and at most 1", v -> v > 0 && v <= 1),
    SWITCH("0 or 1", v -> v == 0 || v == 1),
    WHOLE("a whole number of 0 or more", v -> v == Math.rint(v)),
    NON_NEGATIVE("a number of 0 or more", v -> true);

    final String words;
    final DoublePredicate test;

    Range(String words, DoublePredicate test) {
      this.words = words;
      this.test = test;
    }

    static Range of(Param p) {
      switch (p) {
        case ENTRY_BYTES:
        case VCPUS_PER_WORKER:
        case HOURS_PER_MONTH:
          return POSITIVE;
        case UTILIZATION:
          return FRACTION;
        case COMBINER_LIFTING:
        case EARLY_PANES:
          return SWITCH;
        case RULES:
        case MEASURED_RULES:
        case MIN_WORKERS:
          return WHOLE;
        default:
          return NON_NEGATIVE;
      }
    }
  }

  /** What a parameter accepts, in its error: the same words for every way it is given. */
  static String range(Param p) {
    return Range.of(p).words;
  }

  static boolean accepts(Param p, double v) {
    return Double.isFinite(v) && v >= 0 && Range.of(p).test.test(v);
  }

  private static String number(double v) {
    return Double.isFinite(v)
        ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString()
        : String.valueOf(v);
  }
}
