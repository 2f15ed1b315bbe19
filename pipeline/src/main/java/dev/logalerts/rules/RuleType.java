package dev.logalerts.rules;

import java.util.Locale;

/** The rule kinds; {@link #key()} is how the rules file spells them. */
public enum RuleType {
  THRESHOLD,
  RATIO,
  LATENCY,
  ABSENCE,
  SPIKE,
  NEW_TEMPLATE,
  DEADLINE;

  /** The rules-file spelling: {@code threshold}, ..., {@code new-template}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses the rules-file spelling, or returns null. */
  public static RuleType fromKey(String key) {
    for (RuleType t : values()) {
      if (t.key().equals(key)) {
        return t;
      }
    }
    return null;
  }
}
