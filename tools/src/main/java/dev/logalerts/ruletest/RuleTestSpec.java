package dev.logalerts.ruletest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One rule-test file, read and checked: the rules file under test, time zero, and the tests. Every
 * part remembers where it was written so that a failure can point at it.
 */
public record RuleTestSpec(Path file, Path rulesFile, Instant start, List<Case> tests) {

  /** One test: entries in, the alerts expected out. */
  public record Case(
      String name,
      int line,
      List<Input> inputs,
      List<Expectation> expect,
      boolean failOnUnexpected) {}

  /** Entries fed to a test: generated copies of one entry, or a file of recorded entries. */
  public sealed interface Input permits EntryInput, FileInput {}

  /**
   * {@code count} copies of one LogEntry (its JSON form), the first at {@code start + atMillis},
   * then one every {@code everyMillis}.
   */
  public record EntryInput(
      ObjectNode entry, long atMillis, long everyMillis, int count, int line, int column)
      implements Input {}

  /** Recorded LogEntry JSON lines (times as recorded). */
  public record FileInput(Path path, int line) implements Input {}

  /**
   * Alerts the test expects: exactly {@code count} alerts of {@code rule} in {@code state} whose
   * group contains {@code group} and, when {@code atMillis} is set, whose window ends within one
   * rule period of {@code start + atMillis}.
   */
  public record Expectation(
      String rule,
      String state,
      SortedMap<String, String> group,
      @Nullable Long atMillis,
      int count,
      int line,
      int column) {}
}
