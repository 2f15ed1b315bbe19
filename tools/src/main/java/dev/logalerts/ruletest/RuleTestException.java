package dev.logalerts.ruletest;

import java.util.List;

/** A rule-test file (or the rules file it names) that cannot be run: every problem, one a line. */
public final class RuleTestException extends RuntimeException {
  private final List<String> errors;

  public RuleTestException(List<String> errors) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
  }

  /** One {@code FILE:LINE:COL: message} per problem. */
  public List<String> errors() {
    return errors;
  }
}
