package dev.logalerts.rules;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;

/** A validated rules file: its rules in file order, and a version tag (content hash). */
@AutoValue
public abstract class RuleSet implements Serializable {
  public abstract List<Rule> rules();

  /** Hash of the file's content; changes when the file changes. */
  public abstract String version();

  public static RuleSet of(List<Rule> rules, String version) {
    return new AutoValue_RuleSet(List.copyOf(rules), version);
  }

  public static RuleSet empty() {
    return of(List.of(), "empty");
  }
}
