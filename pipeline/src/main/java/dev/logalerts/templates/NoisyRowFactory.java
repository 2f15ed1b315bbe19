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
 * ToRowFn} and {@link TooLateToRowFn} turn a shard's merged volumes into one row per key.
 */
final class NoisyRowFactory implements Serializable {
  private static final long THIRTY_DAYS_MILLIS = Duration.standardDays(30).getMillis();
  private static final double GIB = 1024.0 * 1024.0 * 1024.0;

  private final long windowMillis;
  private final double pricePerGib;
  private final Redactor redactor = new Redactor();

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
    double cost = v.bytes() / GIB * pricePerGib * ((double) THIRTY_DAYS_MILLIS / windowMillis);
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
            SuggestedExclusion.build(key, template, v.messageField(), v.rawSampleMessage()))
        .setEstMonthlyCostUsd(Math.round(cost * 1e6) / 1e6)
        .setPaneTiming(timing)
        .setPaneIndex(paneIndex)
        .setAlertRules(java.util.List.copyOf(v.alertRules()))
        .build();
  }

  /** One row per key of a shard's merged volumes, in the pane's event-time window. */
  static final class ToRowFn
      extends DoFn<KV<Integer, Map<NoisyKey, NoisyVolumeFn.Volume>>, NoisyLogRow> {
    private final NoisyRowFactory rows;
    private final Counter written = PipelineCounters.counter(NoisyLogs.ROWS_COUNTER);

    ToRowFn(NoisyRowFactory rows) {
      this.rows = rows;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Map<NoisyKey, NoisyVolumeFn.Volume>> shard,
        IntervalWindow w,
        PaneInfo pane,
        OutputReceiver<NoisyLogRow> out) {
      long start = w.start().getMillis();
      String timing = timing(pane);
      for (Map.Entry<NoisyKey, NoisyVolumeFn.Volume> e : shard.getValue().entrySet()) {
        written.inc();
        out.output(rows.row(e.getKey(), e.getValue(), start, timing, pane.getIndex(), start));
      }
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
  }

  /**
   * TOO_LATE rows: the key carries the entries' event-time window start; the pane's window is their
   * arrival.
   */
  static final class TooLateToRowFn
      extends DoFn<KV<Integer, Map<KV<Long, NoisyKey>, NoisyVolumeFn.Volume>>, NoisyLogRow> {
    private final NoisyRowFactory rows;
    private final Counter written = PipelineCounters.counter(NoisyLogs.ROWS_COUNTER);

    TooLateToRowFn(NoisyRowFactory rows) {
      this.rows = rows;
    }

    @ProcessElement
    public void process(
        @Element KV<Integer, Map<KV<Long, NoisyKey>, NoisyVolumeFn.Volume>> shard,
        IntervalWindow arrivalWindow,
        PaneInfo pane,
        OutputReceiver<NoisyLogRow> out) {
      long arrival = arrivalWindow.start().getMillis();
      for (Map.Entry<KV<Long, NoisyKey>, NoisyVolumeFn.Volume> e : shard.getValue().entrySet()) {
        written.inc();
        KV<Long, NoisyKey> key = e.getKey();
        out.output(
            rows.row(
                key.getValue(), e.getValue(), key.getKey(), "TOO_LATE", pane.getIndex(), arrival));
      }
    }
  }
}
