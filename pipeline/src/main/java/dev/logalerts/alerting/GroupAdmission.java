package dev.logalerts.alerting;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Caps the distinct groups of each rule that one worker (DoFn instance) lets through. Groups are
 * kept in access order; when a rule is at its cap, a new group replaces the least recently seen one
 * only if that one has been idle for {@link #IDLE_EVICT_MILLIS} (so churn over days is fine),
 * otherwise it is folded into the overflow group {@code (other)}. Idle is measured in event time,
 * against the newest entry the worker has seen: the groups' state is cleared in event time, and a
 * backlog or a replay of hours, read in minutes, must churn as the live stream did (by the clock,
 * every pod of those hours was "active" at once, and pods past the cap were reported as {@code
 * (other)}). The cap is per worker, so the exact set of admitted groups can differ between runs
 * when the cap is exceeded: a rule in that state is misconfigured (grouped by a near-unique field)
 * and the {@code groups_overflow_<rule>} counter says so.
 */
final class GroupAdmission {
  static final long IDLE_EVICT_MILLIS = 10 * 60_000L;

  private final int maxGroups;
  private final Map<String, LinkedHashMap<String, Long>> byRule = new HashMap<>();
  private long newestMillis = Long.MIN_VALUE;

  GroupAdmission(int maxGroups) {
    this.maxGroups = maxGroups;
  }

  /**
   * True when the group may be tracked; false when it must go to {@code (other)}. {@code
   * eventMillis} is the entry's event time.
   */
  boolean admit(String rule, String key, long eventMillis) {
    newestMillis = Math.max(newestMillis, eventMillis);
    LinkedHashMap<String, Long> groups =
        byRule.computeIfAbsent(rule, r -> new LinkedHashMap<>(64, 0.75f, true));
    Long seen = groups.get(key); // access-ordered: moves the key to the end
    if (seen != null) {
      if (eventMillis - seen > 1000) {
        groups.put(key, eventMillis);
      }
      return true;
    }
    if (groups.size() >= maxGroups) {
      Iterator<Map.Entry<String, Long>> it = groups.entrySet().iterator();
      Map.Entry<String, Long> eldest = it.next();
      if (newestMillis - eldest.getValue() < IDLE_EVICT_MILLIS) {
        return false;
      }
      it.remove();
    }
    groups.put(key, eventMillis);
    return true;
  }
}
