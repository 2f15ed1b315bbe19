package dev.logalerts.alerting;

/** Lifecycle state carried by an {@link Alert}. */
public enum AlertState {
  /** The condition holds (first notification of an incident, or a re-notification). */
  FIRING,
  /** The condition stopped holding; carries the same alertId as the incident's FIRING. */
  RESOLVED,
  /**
   * The group changed state {@code flapCount} times within {@code flapWindow}: one message, then
   * FIRING / RESOLVED are held until the group has kept one state for {@code flapWindow}, and that
   * state is published once. Carries the alertId of the incident it interrupts.
   */
  FLAPPING
}
