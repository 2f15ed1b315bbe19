package dev.logalerts.tools.cost;

/**
 * Every number of the cost model: each has a command-line flag ({@code --flag=value} overrides it),
 * a default, and where the default comes from. docs/cost.md lists the same with the rerun command
 * of each measurement and the page and date of each price.
 */
public enum Param {
  // ---- measured on this job (docs/cost.md, "Measured inputs") --------------------------------
  /** Mean LogEntry JSON size: the generator's production-like mix (docs/performance.md). */
  ENTRY_BYTES("entry-bytes", 849, "bytes", Kind.MEASURED),
  /** End-to-end job CPU per entry on the DirectRunner (run-local.sh, 1M entries). */
  CPU_US_PER_ENTRY("cpu-us-per-entry", 39.5, "CPU µs", Kind.MEASURED),
  /** Per-entry code alone (CpuTimeReport full path): the floor, shown as a second estimate. */
  CODE_CPU_US_PER_ENTRY("code-cpu-us-per-entry", 5.239, "CPU µs", Kind.MEASURED),
  /**
   * One compiled rule filter on one entry (CpuTimeReport): the cost of each rule beyond those
   * measured.
   */
  FILTER_NS_PER_RULE("filter-ns-per-rule", 38, "CPU ns", Kind.MEASURED),
  /** Rules of samples/rules.yaml, the rules file of the CPU and shuffle measurements. */
  MEASURED_RULES("measured-rules", 8, "rules", Kind.MEASURED),
  /** Streaming only: DeduplicateEntries shuffles every entry with an insertId, keyed. */
  DEDUP_SHUFFLE_BYTES("dedup-shuffle-bytes", 463.1, "bytes/entry", Kind.MEASURED),
  /**
   * Noisy-log account: every entry, keyed by template, as a partial volume of one entry (bundles of
   * one entry) into the volume merge.
   */
  NOISY_SHUFFLE_BYTES("noisy-shuffle-bytes", 320.8, "bytes/entry", Kind.MEASURED),
  /** Rules: each observation (entry matched a rule) as a partial bucket of one, per rule. */
  RULE_SHUFFLE_BYTES("rule-shuffle-bytes", 18.36, "bytes/entry/rule", Kind.MEASURED),
  /**
   * Noisy-log accumulators (one per key, window and fanout shard) into the combine's second stage:
   * grows with distinct keys (services x templates x ...), not with entries.
   */
  NOISY_KEYED_BYTES_PER_HOUR("noisy-keyed-bytes-per-hour", 524_815, "bytes/h", Kind.MEASURED),
  /** Rule bucket aggregates into the combine's second stage and the lifecycle, per rule. */
  RULE_KEYED_BYTES_PER_HOUR("rule-keyed-bytes-per-hour", 487_183, "bytes/h/rule", Kind.MEASURED),
  /**
   * Streaming only, upper bound: an early pane for every observation, each one aggregate into the
   * second stage and one into the lifecycle (mean measured sizes).
   */
  EARLY_PANE_BYTES_PER_OBSERVATION(
      "early-pane-bytes-per-observation", 3964.2, "bytes/observation", Kind.MEASURED),
  /** Observations per entry and rule (rules' share of matching entries). */
  OBSERVATIONS_PER_ENTRY_RULE(
      "observations-per-entry-rule", 0.1098, "per entry/rule", Kind.MEASURED),
  /** Noisy-log rows per hour of input (one per key and window; grows with distinct templates). */
  NOISY_ROWS_PER_HOUR("noisy-rows-per-hour", 1166, "rows/h", Kind.MEASURED),
  NOISY_ROW_BYTES("noisy-row-bytes", 835, "bytes/row", Kind.MEASURED),
  ALERTS_PER_HOUR("alerts-per-hour", 24, "alerts/h", Kind.MEASURED),
  ALERT_ROW_BYTES("alert-row-bytes", 2220, "bytes/row", Kind.MEASURED),
  ALERT_MESSAGE_BYTES("alert-message-bytes", 2220, "bytes/message", Kind.MEASURED),
  DEAD_LETTERS_PER_MILLION("dead-letters-per-million", 908, "rows per 1M entries", Kind.MEASURED),
  DEAD_LETTER_ROW_BYTES("dead-letter-row-bytes", 1995, "bytes/row", Kind.MEASURED),

  // ---- how the job is deployed (choices and assumptions, not prices) ------------------------
  /** The rules the job runs; per-rule CPU and shuffle scale from measured-rules. */
  RULES("rules", 8, "rules", Kind.DEPLOYMENT),
  /** n1-standard-2, the machine type Streaming Engine recommends. */
  VCPUS_PER_WORKER("vcpus-per-worker", 2, "vCPU", Kind.DEPLOYMENT),
  MEMORY_GB_PER_WORKER("memory-gb-per-worker", 7.5, "GB", Kind.DEPLOYMENT),
  MIN_WORKERS("min-workers", 1, "workers", Kind.DEPLOYMENT),
  /** Average worker CPU use the autoscaler settles at (Dataflow docs: 75% after scaling down). */
  UTILIZATION("utilization", 0.75, "fraction", Kind.DEPLOYMENT),
  /** 1 to model Dataflow combining before the shuffle (it does not in streaming: docs/cost.md). */
  COMBINER_LIFTING("combiner-lifting", 0, "0|1", Kind.DEPLOYMENT),
  /** 1 for the upper bound of streaming early panes (an early pane per observation). */
  EARLY_PANES("early-panes", 0, "0|1", Kind.DEPLOYMENT),
  /** How long BigQuery keeps rows (the tables have no expiration by default). */
  BQ_RETENTION_DAYS("bq-retention-days", 90, "days", Kind.DEPLOYMENT),
  /** Pub/Sub bytes billed per message beyond the data: attributes, 20-byte timestamp, id. */
  PUBSUB_OVERHEAD_BYTES("pubsub-overhead-bytes", 100, "bytes/message", Kind.DEPLOYMENT),
  /** Streaming Engine Compute Units per hour seen on a running job; 0 = not modeled. */
  SECU_PER_HOUR("secu-per-hour", 0, "SECU", Kind.DEPLOYMENT),
  HOURS_PER_MONTH("hours-per-month", 730, "hours", Kind.DEPLOYMENT),

  // ---- list prices, USD (docs/cost.md: page, date read) --------------------------------------
  PRICE_VCPU_HOUR("price-vcpu-hour", 0.069, "USD per streaming vCPU-hour", Kind.PRICE),
  PRICE_MEMORY_GB_HOUR("price-memory-gb-hour", 0.003557, "USD per GB-hour", Kind.PRICE),
  PRICE_STREAMING_ENGINE_GIB(
      "price-streaming-engine-gib", 0.018, "USD per GiB processed", Kind.PRICE),
  PRICE_SECU_HOUR("price-secu-hour", 0.089, "USD per SECU-hour", Kind.PRICE),
  PRICE_PUBSUB_TIB("price-pubsub-tib", 40, "USD per TiB", Kind.PRICE),
  PUBSUB_FREE_GIB("pubsub-free-gib", 10, "GiB/month", Kind.PRICE),
  PRICE_BQ_WRITE_GIB("price-bq-write-gib", 0.025, "USD per GiB", Kind.PRICE),
  BQ_WRITE_FREE_GIB("bq-write-free-gib", 2048, "GiB/month", Kind.PRICE),
  PRICE_BQ_STORAGE_GIB_MONTH("price-bq-storage-gib-month", 0.02, "USD per GiB-month", Kind.PRICE),
  BQ_STORAGE_FREE_GIB("bq-storage-free-gib", 10, "GiB", Kind.PRICE),
  PRICE_LOGGING_GIB("price-logging-gib", 0.50, "USD per GiB", Kind.PRICE),
  LOGGING_FREE_GIB("logging-free-gib", 50, "GiB/month per project", Kind.PRICE),
  PRICE_DATADOG_INGEST_GB("price-datadog-ingest-gb", 0.10, "USD per GB", Kind.PRICE),
  PRICE_DATADOG_INDEX_MILLION(
      "price-datadog-index-million", 1.70, "USD per 1M events (15-day retention)", Kind.PRICE);

  /** Where a default comes from. */
  public enum Kind {
    MEASURED,
    DEPLOYMENT,
    PRICE
  }

  private final String flag;
  private final double defaultValue;
  private final String unit;
  private final Kind kind;

  Param(String flag, double defaultValue, String unit, Kind kind) {
    this.flag = flag;
    this.defaultValue = defaultValue;
    this.unit = unit;
    this.kind = kind;
  }

  /** The command-line flag without the leading dashes, e.g. {@code entry-bytes}. */
  public String flag() {
    return flag;
  }

  public double defaultValue() {
    return defaultValue;
  }

  public String unit() {
    return unit;
  }

  public Kind kind() {
    return kind;
  }

  /** The parameter of this flag (without dashes), or null. */
  public static Param byFlag(String flag) {
    for (Param p : values()) {
      if (p.flag.equals(flag)) {
        return p;
      }
    }
    return null;
  }
}
