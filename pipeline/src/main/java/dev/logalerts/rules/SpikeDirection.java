package dev.logalerts.rules;

/** Which way a spike rule looks: more than {@code factor} times the baseline, less, or both. */
public enum SpikeDirection {
  UP,
  DOWN,
  BOTH
}
