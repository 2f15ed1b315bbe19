package dev.logalerts.templates;

import dev.logalerts.model.Hashes;
import dev.logalerts.model.PipelineCounters;
import java.io.Serializable;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;

/**
 * Builds noisy-log rows: redaction, sample cut, exclusion, cost and row id, once per row; {@link
 * ToRowsFn} turns a shard's merged volumes into one row per key.
 */
final class NoisyRowFactory implements Serializable {
  private static final long THIRTY_DAYS_MILLIS = Duration.standardDays(30).getMillis();
  private static final double GIB = 1024.0 * 1024.0 * 1024.0;

  private final long windowMillis;
  private final double pricePerGib;
  private final Redactor redactor = new Redactor();

  /**
   * The logs Cloud Logging routes to the {@code _Required} bucket: stored free, and no exclusion
   * applies to them (https://cloud.google.com/logging/docs/routing/overview#required-bucket), so
   * they cost nothing and have no exclusion to suggest.
   */
  static final java.util.Set<String> REQUIRED_BUCKET_LOGS =
      java.util.Set.of(
          "cloudaudit.googleapis.com/activity",
          "cloudaudit.googleapis.com/system_event",
          "cloudaudit.googleapis.com/access_transparency",
          "externalaudit.googleapis.com/activity",
          "externalaudit.googleapis.com/system_event",
          "externalaudit.googleapis.com/access_transparency");

  NoisyRowFactory(long windowMillis, double pricePerGib) {
    this.windowMillis = windowMillis;
    this.pricePerGib = pricePerGib;
  }

  NoisyLogRow row(
      NoisyKey key,
      NoisyVolumeFn.Volume v,
      long windowStart,
      String timing,
      long paneIndex,
      long arrivalWindowStart) {
    String template = redactor.redact(v.template());
    String sample = redactor.redact(v.rawSampleMessage());
    if (sample.length() > NoisyLogs.MAX_SAMPLE_CHARS) {
      sample = sample.substring(0, NoisyLogs.MAX_SAMPLE_CHARS);
    }
    String rowId =
        Hashes.sha256Hex(
            32,
            windowStart
                + "\u001f"
                + key.projectId()
                + "\u001f"
                + key.service()
                + "\u001f"
                + key.resourceType()
                + "\u001f"
                + key.logId()
                + "\u001f"
                + key.severity()
                + "\u001f"
                + key.templateId()
                + "\u001f"
                + timing
                + "\u001f"
                + paneIndex
                + "\u001f"
                + arrivalWindowStart);
    boolean required = REQUIRED_BUCKET_LOGS.contains(key.logId());
    double cost =
        required ? 0 : v.bytes() / GIB * pricePerGib * ((double) THIRTY_DAYS_MILLIS / windowMillis);
    return NoisyLogRow.builder()
        .setRowId(rowId)
        .setWindowStartMillis(windowStart)
        .setWindowEndMillis(windowStart + windowMillis)
        .setProjectId(key.projectId())
        .setService(key.service())
        .setResourceType(key.resourceType())
        .setLogId(key.logId())
        .setSeverity(key.severity().name())
        .setTemplateId(key.templateId())
        .setTemplate(template)
        .setCount(v.count())
        .setBytes(v.bytes())
        .setSampleMessage(sample)
        .setSampleInsertIds(java.util.List.copyOf(v.sampleIds()))
        .setFirstSeenNanos(v.firstNanos())
        .setLastSeenNanos(v.lastNanos())
        .setSuggestedExclusion(
            required
                ? SuggestedExclusion.NONE
                : SuggestedExclusion.build(key, template, v.messageField(), v.rawSampleMessage()))
        .setEstMonthlyCostUsd(Math.round(cost * 1e6) / 1e6)
        .setPaneTiming(timing)
        .setPaneIndex(paneIndex)
        .setAlertRules(java.util.List.copyOf(v.alertRules()))
        .build();
  }

  /** How a shard's key becomes a row: the on-time account's and the too-late account's keys. */
  interface RowOfKey<K> extends Serializable {
    NoisyLogRow row(
        NoisyRowFactory rows, K key, NoisyVolumeFn.Volume v, IntervalWindow w, PaneInfo pane);
  }

  /** On time: the key is the noisy-log key, the pane's window its event-time window. */
  static NoisyLogRow onTime(
      NoisyRowFactory rows, NoisyKey key, NoisyVolumeFn.Volume v, IntervalWindow w, PaneInfo pane) {
    long start = w.start().getMillis();
    return rows.row(key, v, start, timing(pane), pane.getIndex(), start);
  }

  /**
   * TOO_LATE: the key carries the entries' event-time window start; the pane's is their arrival.
   */
  static NoisyLogRow tooLate(
      NoisyRowFactory rows,
      KV<Long, NoisyKey> key,
      NoisyVolumeFn.Volume v,
      IntervalWindow arrival,
      PaneInfo pane) {
    return rows.row(
        key.getValue(), v, key.getKey(), "TOO_LATE", pane.getIndex(), arrival.start().getMillis());
  }

  private static String timing(PaneInfo pane) {
    switch (pane.getTiming()) {
      case EARLY:
        return "EARLY";
      case LATE:
        return "LATE";
      default:
        return "ON_TIME"; // ON_TIME, and UNKNOWN (batch without triggers)
    }
  }

  /** One row per key of a shard's merged volumes. */
  static final class ToRowsFn<K>
      extends DoFn<KV<Integer, Map<K, NoisyVolumeFn.Volume>>, NoisyLogRow> {
    private final NoisyRowFactory rows;
    private final RowOfKey<K> rowOfKey;
    private final Counter written = PipelineCounters.counter(NoisyLogs.ROWS_COUNTER);

    ToRowsFn(NoisyRowFactory rows, RowOfKey<K> rowOfKey) {
      this.rows = rows;
      this.rowOfKey = rowOfKey;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Map<K, NoisyVolumeFn.Volume>> shard,
        IntervalWindow w,
        PaneInfo pane,
        OutputReceiver<NoisyLogRow> out) {
      for (Map.Entry<K, NoisyVolumeFn.Volume> e : shard.getValue().entrySet()) {
        written.inc();
        out.output(rowOfKey.row(rows, e.getKey(), e.getValue(), w, pane));
      }
    }
  }
}
