package dev.logalerts.alerting;

import dev.logalerts.rules.RuleType;
import java.util.List;

/**
 * The registry of rule kinds: one line per kind. Adding a kind: its {@link RuleType} constant, its
 * class (a {@link RuleKind}), one line here, and its keys in docs/rules-file.md.
 */
public final class RuleKinds {
  private RuleKinds() {}

  private static final List<RuleKind> ALL =
      List.of(
          new ThresholdKind(),
          new RatioKind(),
          new LatencyKind(),
          new AbsenceKind(),
          new SpikeKind(),
          new NewTemplateKind(),
          new DeadlineKind());

  private static final RuleKind[] BY_TYPE = index(ALL);

  private static RuleKind[] index(List<RuleKind> kinds) {
    RuleKind[] byType = new RuleKind[RuleType.values().length];
    for (RuleKind k : kinds) {
      int i = k.type().ordinal();
      if (byType[i] != null) {
        throw new IllegalStateException("rule type " + k.type() + " registered twice");
      }
      byType[i] = k;
    }
    for (RuleType t : RuleType.values()) {
      if (byType[t.ordinal()] == null) {
        throw new IllegalStateException("rule type " + t + " has no kind in RuleKinds");
      }
    }
    return byType;
  }

  /** The kind of rules of that type. */
  public static RuleKind of(RuleType type) {
    return BY_TYPE[type.ordinal()];
  }

  /** Every kind, in registration order. */
  public static List<RuleKind> all() {
    return ALL;
  }
}
