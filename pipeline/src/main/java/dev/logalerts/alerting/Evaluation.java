package dev.logalerts.alerting;

import java.io.Serializable;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One evaluation of one (rule, group), recorded only in replays (rule tests, {@code explain-rule}):
 * the window, the value against the threshold, whether the condition held and the state change it
 * caused. Sliding kinds record every evaluation; absence and new-template record the events that
 * changed state. The deployed job never produces these.
 *
 * @param change the alert this evaluation sent (FIRING, a re-notification, RESOLVED), or null
 * @param detail the kind's own words for the value (e.g. "12 matching entries in 5m")
 */
public record Evaluation(
    String rule,
    SortedMap<String, String> group,
    long windowStartMillis,
    long windowEndMillis,
    double value,
    double threshold,
    boolean conditionMet,
    @Nullable AlertState change,
    boolean renotification,
    String detail)
    implements Serializable {}
