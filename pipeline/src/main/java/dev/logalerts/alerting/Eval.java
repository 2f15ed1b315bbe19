package dev.logalerts.alerting;

/** The result of evaluating one window of a sliding kind. */
final class Eval {
  boolean cond;
  double value;
  double threshold;
  long start;
  long end;
  BucketAgg agg;

  /** ratio: denominator; latency: requests with latency; spike: baseline mean per window. */
  double extra;

  /** spike: the baseline's own mean per window, when {@link #extra} is an incident's reference. */
  double baseline;

  boolean down;
}
