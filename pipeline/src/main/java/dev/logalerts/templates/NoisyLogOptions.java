package dev.logalerts.templates;

import dev.logalerts.model.EventTimeOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Options of the noisy-log volume account ({@link NoisyLogs}). Its allowed lateness is the shared
 * {@link EventTimeOptions#getAllowedLatenessMinutes()}: within it, late entries become LATE delta
 * rows; after it, TOO_LATE rows of the same window — never dropped.
 */
public interface NoisyLogOptions extends EventTimeOptions {
  @Description(
      "Length of the noisy-log event-time windows in minutes: one noisy_logs row per"
          + " (window, project, service, resource type, log, severity, template) and pane.")
  @Default.Integer(60)
  Integer getNoisyLogWindowMinutes();

  void setNoisyLogWindowMinutes(Integer value);

  @Description(
      "Ingestion price in USD per GiB used for est_monthly_cost_usd. Default: Cloud Logging's"
          + " list price, 0.50 (the free 50 GiB per project and month are not subtracted).")
  @Default.Double(0.50)
  Double getIngestionPricePerGib();

  void setIngestionPricePerGib(Double value);

  @Description(
      "Streaming: emit EARLY delta rows this many minutes (processing time) after the first"
          + " entry of a window pane, before the window closes; 0 = only at the watermark.")
  @Default.Integer(0)
  Integer getNoisyLogEarlyFiringMinutes();

  void setNoisyLogEarlyFiringMinutes(Integer value);

  @Description(
      "Hot-key fanout of the noisy-log merge groups (0 or 1: off, the default). Entries are"
          + " already combined per bundle before the shuffle, so a group reaches it once per"
          + " bundle; a fanout adds a second shuffle and only helps a group merged from very many"
          + " bundles.")
  @Default.Integer(0)
  Integer getNoisyLogHotKeyFanout();

  void setNoisyLogHotKeyFanout(Integer value);

  /** Default of {@link #getNoisyLogShards()}. */
  int DEFAULT_SHARDS = 64;

  @Description(
      "Groups the per-template merge of each noisy-log window is spread over (default 64). Each"
          + " template's volume is merged within its group, so a window closes with this many"
          + " groups whatever the number of templates; raise it when a window holds hundreds of"
          + " thousands of templates.")
  @Default.Integer(DEFAULT_SHARDS)
  Integer getNoisyLogShards();

  void setNoisyLogShards(Integer value);
}
