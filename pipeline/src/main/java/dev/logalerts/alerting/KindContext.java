package dev.logalerts.alerting;

import dev.logalerts.model.PipelineCounters;
import java.io.Serializable;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.checkerframework.checker.nullness.qual.Nullable;

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

  /** Late buckets that complete a window of an incident already resolved: not sent again. */
  final Counter lateInResolved = PipelineCounters.counter("late_buckets_in_resolved_incident");

  final Counter knownOverflow = PipelineCounters.counter("known_templates_overflow");

  /**
   * Replays only (rule tests, explain-rule): an incident still open when a bounded input ends keeps
   * being evaluated, as if time went on without entries, until it resolves or its window has run
   * empty. The job itself stops at the newest entry.
   */
  final boolean drainAfterInput;

  /**
   * Replays only: receives every evaluation while the lifecycle DoFn processes an element or a
   * timer (set and cleared by the DoFn around each call); null in the job.
   */
  transient @Nullable Consumer<Evaluation> tracer;

  /**
   * The key's buckets past its windows, kept for late panes ({@link OlderBuckets}); set by the DoFn
   * around each call, null where kinds run without it.
   */
  transient @Nullable OlderBuckets older;

  KindContext(
      AlertFactory alerts,
      long allowedLatenessMillis,
      int maxKnownTemplates,
      boolean drainAfterInput) {
    this.alerts = alerts;
    this.allowedLatenessMillis = allowedLatenessMillis;
    this.maxKnownTemplates = maxKnownTemplates;
    this.drainAfterInput = drainAfterInput;
  }

  /** Records an evaluation when tracing. */
  void trace(Evaluation e) {
    if (tracer != null) {
      tracer.accept(e);
    }
  }

  /**
   * Replays: kinds that do not record their own evaluations (absence, new-template) are traced by
   * the alerts they send.
   */
  Consumer<Alert> tracedAlerts(RuleKind kind, Consumer<Alert> out) {
    if (tracer == null || kind instanceof SlidingKind) {
      return out;
    }
    return a -> {
      trace(
          new Evaluation(
              a.rule(),
              a.group(),
              a.windowStartMillis(),
              a.windowEndMillis(),
              a.value(),
              a.threshold(),
              a.state() == AlertState.FIRING,
              a.state(),
              // A new-template alert's firstSeen is the template's first entry, before the
              // bucket it fires at: it is never a re-notification.
              kind.incidents()
                  && a.state() == AlertState.FIRING
                  && a.firstSeenMillis() < a.windowEndMillis(),
              a.summary()));
      out.accept(a);
    };
  }
}
