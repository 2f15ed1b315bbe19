package dev.logalerts.alerting;

import dev.logalerts.model.PipelineCounters;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import java.io.Serializable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.ValueState;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The rule versions a {@link LifecycleFn} knows, by fingerprint: the launch rules, which every
 * worker has, and the other versions its keys were built under, read from a key's {@code rule} cell
 * once and remembered, so that timers (which cannot read the rules side input) rarely read it; and
 * whether a key carries on under its rule's newest version or is retired ({@link
 * #underNewestRule}).
 */
final class RuleVersions implements Serializable {
  private static final int CACHE_SIZE = 256;

  private final RuleSet launchRules;

  private transient @Nullable Map<String, Rule> launch;

  private transient @Nullable Map<String, Rule> seen;

  private final Counter keysRetired = PipelineCounters.counter("alert_keys_retired");
  private final Counter keysUpdated = PipelineCounters.counter("alert_keys_rule_updated");

  RuleVersions(RuleSet launchRules) {
    this.launchRules = launchRules;
  }

  /**
   * The key's state under the newest version of its rule ({@code newest}, null when the rule was
   * removed): the same state when it can carry on, null when the key is retired (an open incident
   * is resolved first).
   */
  @Nullable KeyState underNewestRule(
      KindContext cx,
      KeyState st,
      @Nullable Rule newest,
      ValueState<Rule> ruleCell,
      Consumer<Alert> out) {
    if (newest != null && newest.fingerprint().equals(st.ruleFingerprint)) {
      return st;
    }
    Rule previous = ruleOf(st, ruleCell);
    if (newest != null && previous.sameShapeAs(newest)) {
      st.ruleFingerprint = newest.fingerprint();
      if (!isLaunchVersion(newest)) {
        ruleCell.write(newest);
      }
      keysUpdated.inc();
      return st;
    }
    if (st.firing || st.flap.holding()) {
      cx.alerts.emitRetired(
          RuleKinds.of(previous.type()),
          cx,
          previous,
          st,
          newest == null
              ? "the rule was removed from the rules file"
              : "the rule's type, period or groupBy changed; it restarts from its next bucket",
          out);
    }
    keysRetired.inc();
    return null;
  }

  /**
   * Whether {@code r} is a rule version of the launch rules, which every worker knows: only other
   * versions are written to the key's {@code rule} cell (a state write per new key otherwise).
   */
  boolean isLaunchVersion(Rule r) {
    return launchVersions().containsKey(r.fingerprint());
  }

  /** The rule version the key's state was built under: launch rules, seen versions, its cell. */
  Rule ruleOf(KeyState st, ValueState<Rule> ruleCell) {
    Rule r = launchVersions().get(st.ruleFingerprint);
    if (r != null) {
      return r;
    }
    Map<String, Rule> cache = seen;
    if (cache == null) {
      cache =
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Rule> eldest) {
              return size() > CACHE_SIZE;
            }
          };
      seen = cache;
    }
    r = cache.get(st.ruleFingerprint);
    if (r == null) {
      r = ruleCell.read();
      if (r == null || !r.fingerprint().equals(st.ruleFingerprint)) {
        throw new IllegalStateException("no rule stored for key " + st.key);
      }
      cache.put(r.fingerprint(), r);
    }
    return r;
  }

  private Map<String, Rule> launchVersions() {
    Map<String, Rule> m = launch;
    if (m == null) {
      m = new HashMap<>();
      for (Rule r : launchRules.rules()) {
        m.put(r.fingerprint(), r);
      }
      launch = m;
    }
    return m;
  }
}
