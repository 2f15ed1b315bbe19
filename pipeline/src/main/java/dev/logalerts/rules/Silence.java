package dev.logalerts.rules;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One entry of the rules file's {@code silences:} list: while it is active, alerts of its rules
 * (all rules when {@link #rules()} is empty) whose group contains {@link #group()} are not
 * published. Active either in a recurring window ({@link #schedule()} gives each window's start,
 * {@link #durationMillis()} its length) or once, in {@code [fromMillis, untilMillis)}.
 *
 * @param rules rule names; empty: every rule
 * @param group groupBy key (as the rule spells it) → value the alert's group must have
 * @param schedule start of each window; null for a from/until silence
 */
public record Silence(
    String name,
    List<String> rules,
    SortedMap<String, String> group,
    @Nullable CronSchedule schedule,
    long durationMillis,
    long fromMillis,
    long untilMillis)
    implements Serializable {

  /** {@link #activeUntil}: the silence is not active at that time. */
  public static final long INACTIVE = Long.MIN_VALUE;

  /** Whether the silence covers alerts of this rule and group (at any time). */
  public boolean covers(String rule, Map<String, String> alertGroup) {
    if (!rules.isEmpty() && !rules.contains(rule)) {
      return false;
    }
    for (Map.Entry<String, String> e : group.entrySet()) {
      if (!e.getValue().equals(alertGroup.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * When the window holding {@code t} (epoch ms) ends (exclusive), or {@link #INACTIVE} when {@code
   * t} is in no window. Windows of a schedule may overlap; the latest start at or before {@code t}
   * ends last.
   */
  public long activeUntil(long t) {
    if (schedule == null) {
      return t >= fromMillis && t < untilMillis ? untilMillis : INACTIVE;
    }
    long start = schedule.lastAtOrBefore(t);
    if (start == Long.MIN_VALUE) {
      return INACTIVE;
    }
    long end = start + durationMillis;
    return t < end ? end : INACTIVE;
  }
}
