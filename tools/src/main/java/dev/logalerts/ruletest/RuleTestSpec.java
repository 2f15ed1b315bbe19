package dev.logalerts.ruletest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One rule-test file, read and checked: the rules file under test, time zero, and the tests. Every
 * part remembers where it was written so that a failure can point at it. The rules file and start
 * are null only in a file read with problems ({@link RuleTestReader#read}); a prepared file has
 * both.
 */
public record RuleTestSpec(
    Path file, @Nullable Path rulesFile, @Nullable Instant start, List<Case> tests) {

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
   * group contains {@code group}, when {@code atMillis} is set, whose window ends within one rule
   * period of {@code start + atMillis}, and whose numbers ({@code value}, {@code
   * incident.matchingEntries}, ...) are those of {@code numbers}.
   */
  public record Expectation(
      String rule,
      String state,
      SortedMap<String, String> group,
      @Nullable Long atMillis,
      int count,
      SortedMap<String, ExpectedNumber> numbers,
      int line,
      int column) {}

  /**
   * A number as the test wrote it: an alert's number matches when it rounds to it at the precision
   * written ({@code 0.0566} matches 0.05660377, {@code 12} only 12).
   */
  public record ExpectedNumber(double value, double tolerance, String text) {
    public boolean matches(double actual) {
      return Math.abs(actual - value) <= tolerance;
    }
  }
}
