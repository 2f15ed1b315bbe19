package dev.logalerts.alerting;

import dev.logalerts.rules.RuleSet;
import java.util.concurrent.ConcurrentHashMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The newest rules this worker (JVM) has read from the reloadable rules side input, per {@link
 * EvaluateRules} instance. Timers cannot read side inputs, so {@link LifecycleFn} asks here when a
 * timer fires: that is how a removed rule stops (instead of, say, an absence rule firing for every
 * group it no longer matches) and how an edited threshold applies to a key that receives no new
 * data. Every matched entry refreshes it ({@link MatchRulesFn}), so a worker that processes data
 * knows the newest rules; a worker that has read none yet keeps each key's own rule version.
 */
final class LiveRules {
  private static final ConcurrentHashMap<String, RuleSet> NEWEST = new ConcurrentHashMap<>();

  private LiveRules() {}

  static void offer(String evaluationId, RuleSet rules) {
    RuleSet known = NEWEST.get(evaluationId);
    if (known == null || !known.version().equals(rules.version())) {
      NEWEST.put(evaluationId, rules);
    }
  }

  static @Nullable RuleSet newest(String evaluationId) {
    return NEWEST.get(evaluationId);
  }
}
