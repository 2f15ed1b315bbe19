package dev.logalerts.templates;

import dev.logalerts.model.Hashes;
import java.io.Serializable;
import org.joda.time.Duration;

/** Builds noisy-log rows: redaction, sample cut, exclusion, cost and row id, once per row. */
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
}
