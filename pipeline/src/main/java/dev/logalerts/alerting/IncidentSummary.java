package dev.logalerts.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.auto.value.AutoValue;
import java.io.Serializable;

/**
 * What an incident amounted to, carried by its RESOLVED and FLAPPING messages ({@link
 * Alert#incident()}); kept by {@link Incident} in the group's state.
 */
@AutoValue
public abstract class IncidentSummary implements Serializable {
  /** Start of the incident: the end of the first window in which the condition held. */
  public abstract long firstSeenMillis();

  /** End of the last window in which the condition held. */
  public abstract long lastSeenMillis();

  /** From firstSeen to the message's windowEnd (when it resolved, or started flapping). */
  public abstract long durationSeconds();

  /**
   * Matching entries of the group from the start of the first window that held to this message:
   * each entry counted once, however many sliding windows it was in (absence, deadline: 0: their
   * incident is the entries that did not come).
   */
  public abstract long matchingEntries();

  /**
   * The most extreme value of the evaluations that held: the highest (a spike that fired {@code
   * down}: the lowest).
   */
  public abstract double peakValue();

  /** FIRING messages published for the incident: the first and the re-notifications. */
  public abstract long notifications();

  /**
   * Evaluations during the incident in which the condition held but nothing was published (within
   * renotifyEvery of the last FIRING, or held while flapping).
   */
  public abstract long suppressed();

  public static IncidentSummary of(
      long firstSeenMillis,
      long lastSeenMillis,
      long durationSeconds,
      long matchingEntries,
      double peakValue,
      long notifications,
      long suppressed) {
    return new AutoValue_IncidentSummary(
        firstSeenMillis,
        lastSeenMillis,
        durationSeconds,
        matchingEntries,
        peakValue,
        notifications,
        suppressed);
  }

  /** Writes the {@code incident} object of the alert JSON. */
  void writeTo(ObjectNode o) {
    o.put("firstSeen", Alert.rfc3339(firstSeenMillis()));
    o.put("lastSeen", Alert.rfc3339(lastSeenMillis()));
    o.put("durationSeconds", durationSeconds());
    o.put("matchingEntries", matchingEntries());
    o.put("peakValue", peakValue());
    o.put("notifications", notifications());
    o.put("suppressed", suppressed());
  }

  /** Reads what {@link #writeTo} wrote. */
  static IncidentSummary fromJson(JsonNode o) {
    return of(
        Alert.millis(o.path("firstSeen").asText()),
        Alert.millis(o.path("lastSeen").asText()),
        o.path("durationSeconds").asLong(),
        o.path("matchingEntries").asLong(),
        o.path("peakValue").asDouble(),
        o.path("notifications").asLong(),
        o.path("suppressed").asLong());
  }
}
