package dev.logalerts.alerting;

import dev.logalerts.model.PipelineCounters;
import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;

/**
 * What the lifecycle DoFn gives the kinds: its settings, the counters kinds update and the alert
 * construction. One per {@link LifecycleFn}; serializable with it.
 */
final class KindContext implements Serializable {
  private static final long serialVersionUID = 1L;

  final AlertFactory alerts;

  /** How long an idle key keeps its state for late buckets (streaming). */
  final long allowedLatenessMillis;

  /** new-template: most known templates per group. */
  final int maxKnownTemplates;

  final Counter lateDropped = PipelineCounters.counter("late_buckets_outside_span");
  final Counter knownOverflow = PipelineCounters.counter("known_templates_overflow");

  KindContext(AlertFactory alerts, long allowedLatenessMillis, int maxKnownTemplates) {
    this.alerts = alerts;
    this.allowedLatenessMillis = allowedLatenessMillis;
    this.maxKnownTemplates = maxKnownTemplates;
  }
}
