package dev.logalerts.rules;

import dev.logalerts.yaml.YamlNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A key a rule kind accepts beyond the common ones ({@link RuleKeys#COMMON}), with the check of its
 * value alone that the {@code defaults:} block runs (null: only checked where it is used, e.g.
 * {@code threshold}, whose meaning depends on the rule's type).
 */
public final class RuleKey {
  private final String name;
  private final @Nullable ValueParser<?> aloneCheck;

  private RuleKey(String name, @Nullable ValueParser<?> aloneCheck) {
    this.name = name;
    this.aloneCheck = aloneCheck;
  }

  public static RuleKey of(String name, @Nullable ValueParser<?> aloneCheck) {
    return new RuleKey(name, aloneCheck);
  }

  public String name() {
    return name;
  }

  /** Checks the value without the rule's context; null when fine (or not checkable alone). */
  @Nullable String checkAlone(YamlNode v) {
    if (aloneCheck == null) {
      return null;
    }
    try {
      aloneCheck.parse(v);
      return null;
    } catch (BadValue e) {
      return e.getMessage();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
