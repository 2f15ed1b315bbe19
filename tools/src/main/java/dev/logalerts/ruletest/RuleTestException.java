package dev.logalerts.ruletest;

import java.util.List;

/** A rule-test file (or the rules file it names) that cannot be run: every problem, one a line. */
public final class RuleTestException extends RuntimeException {
  private final List<String> errors;
  private final boolean wholeFile;

  public RuleTestException(List<String> errors) {
    this(errors, false);
  }

  private RuleTestException(List<String> errors, boolean wholeFile) {
    super(String.join("\n", errors));
    this.errors = List.copyOf(errors);
    this.wholeFile = wholeFile;
  }

  /** The file as a whole is not a rule-test file (another kind of file): one line says it. */
  static RuleTestException wholeFile(String problem) {
    return new RuleTestException(List.of(problem), true);
  }

  /** Whether the problem is the file's kind, not a line in it. */
  public boolean isWholeFile() {
    return wholeFile;
  }

  /** One {@code FILE:LINE:COL: message} per problem. */
  public List<String> errors() {
    return errors;
  }
}
