package dev.logalerts.model;

import org.joda.time.Duration;

/** The allowed timestamp skew of the steps that move elements back in time, to their event time. */
public final class TimestampSkew {
  private TimestampSkew() {}

  /**
   * Any earlier timestamp is allowed. Not {@code Duration.millis(Long.MAX_VALUE)}, the usual idiom:
   * Beam checks every output against the input's timestamp minus the skew, which overflows for that
   * value, so each output threw and caught an {@code ArithmeticException} with a formatted message
   * (3% of the CPU samples of a local read-and-parse run). Half of it is still about 250 times the
   * whole range of Beam timestamps, so every valid timestamp passes the check.
   */
  public static final Duration UNLIMITED = Duration.millis(Long.MAX_VALUE / 2);
}
