package dev.logalerts.local;

import dev.logalerts.parse.ParseLogEntries;
import java.util.Locale;
import java.util.Map;

/**
 * The line a local streaming run prints when it is stopped (Ctrl-C, SIGTERM). The run stopped
 * without a word, and what that costs was nowhere to be seen: its windows and incidents live in the
 * DirectRunner's memory, so the entries it had acknowledged and not yet decided about are not
 * counted by any later run, while the messages it read and had not yet acknowledged come again.
 */
final class StopLine {
  private StopLine() {}

  /**
   * @param counters the job's counters when it was stopped
   * @param unacknowledged messages read and not yet acknowledged
   * @param elapsedMillis how long the job ran
   */
  static String of(Map<String, Long> counters, long unacknowledged, long elapsedMillis) {
    long entries = counters.getOrDefault(ParseLogEntries.ENTRIES_READ, 0L);
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "stopped after %.0f s: %,d %s read",
                elapsedMillis / 1000.0,
                entries,
                entries == 1 ? "entry" : "entries"));
    if (unacknowledged == 0) {
      sb.append(", all acknowledged");
    } else {
      sb.append(
          String.format(
              Locale.ROOT,
              "; %,d %s read but not yet acknowledged: Pub/Sub delivers %s again to the next run"
                  + " once %s ack deadline passes",
              unacknowledged,
              unacknowledged == 1 ? "message" : "messages",
              unacknowledged == 1 ? "it" : "them",
              unacknowledged == 1 ? "its" : "their"));
    }
    sb.append(
        "; windows and incidents still open end with this run, and no later run counts the"
            + " acknowledged entries they held.");
    return sb.toString();
  }
}
