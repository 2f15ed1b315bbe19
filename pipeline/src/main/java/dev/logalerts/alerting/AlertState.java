package dev.logalerts.alerting;

/** Lifecycle state carried by an {@link Alert}. */
public enum AlertState {
  /** The condition holds (first notification of an incident, or a re-notification). */
  FIRING,
  /** The condition stopped holding; carries the same alertId as the incident's FIRING. */
  RESOLVED
}
