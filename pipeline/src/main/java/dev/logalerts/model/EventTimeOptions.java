package dev.logalerts.model;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Event-time settings shared by every windowed stage (alerts and the noisy-log account), defined
 * once so that both stages agree on what "late" means.
 */
public interface EventTimeOptions extends PipelineOptions {
  @Description(
      "How long (event time, minutes) after the end of a window late entries still update it:"
          + " alert buckets are re-evaluated (never re-notified) and noisy_logs gets LATE delta"
          + " rows. Entries later than that are still counted: TOO_LATE noisy_logs rows and the"
          + " late counters.")
  @Default.Integer(60)
  Integer getAllowedLatenessMinutes();

  void setAllowedLatenessMinutes(Integer value);
}
