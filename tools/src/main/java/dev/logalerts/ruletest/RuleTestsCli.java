package dev.logalerts.ruletest;

import dev.logalerts.pipeline.LocalOptionsRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code scripts/test-rules.sh FILE... [--junit=FILE]}: runs rule-test files (see {@code
 * docs/rule-tests.md}) and prints {@code PASS name} or {@code FAIL name} with the difference per
 * test, then {@code N passed, N failed}. Exit 0 when every test passes, 1 when one fails, 2 when a
 * test file or its rules file is invalid (nothing runs then) or the command line is wrong.
 */
public final class RuleTestsCli {
  /** Held so the level sticks: java.util.logging keeps loggers weakly. */
  private static final Logger BEAM_LOGGER = Logger.getLogger("org.apache.beam");

  /** The job's own INFO lines (e.g. MatchRuleFilters' "Rules version ...") are not test output. */
  private static final Logger OWN_LOGGER = Logger.getLogger("dev.logalerts");

  static final String USAGE =
      "usage: scripts/test-rules.sh [--junit=FILE] [--verbose] TEST_FILE...";

  private RuleTestsCli() {}

  public static void main(String[] args) {
    LocalOptionsRegistry.install(); // a second and a half less start-up for a local tool
    BEAM_LOGGER.setLevel(Level.WARNING);
    OWN_LOGGER.setLevel(Level.WARNING);
    System.exit(run(args, System.out, System.err));
  }

  /** The whole command; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    List<Path> files = new ArrayList<>();
    Path junit = null;
    boolean verbose = false;
    for (String a : args) {
      if (a.equals("-h") || a.equals("--help")) {
        out.println(USAGE);
        return 0;
      } else if (a.startsWith("--junit=") && a.length() > "--junit=".length()) {
        junit = Path.of(a.substring("--junit=".length()));
      } else if (a.equals("--verbose") || a.equals("-v")) {
        verbose = true;
      } else if (a.equals("--junit=") || a.equals("--junit")) {
        err.println("error: --junit needs a file name: --junit=FILE (" + USAGE + ")");
        return 2;
      } else if (a.startsWith("-")) {
        err.println(
            "error: " + ExplainRuleCli.optionProblem(a, List.of("--junit", "--verbose", "--help")));
        return 2;
      } else {
        files.add(Path.of(a));
      }
    }
    if (files.isEmpty()) {
      err.println("error: no test file given (" + USAGE + ")");
      return 2;
    }
    if (junit != null && Files.isDirectory(junit)) {
      // Checked before the tests run, not after: the report path is a file.
      err.println(
          "error: --junit="
              + junit
              + " is a directory; give a file, e.g. --junit="
              + junit.resolve("rule-tests.xml"));
      return 2;
    }
    String unwritable = junit == null ? null : unwritable(junit);
    if (unwritable != null) {
      // Checked before the tests run too: a report that cannot be written would fail the run last.
      err.println("error: --junit=" + junit + ": " + unwritable);
      return 2;
    }
    List<RuleTestRunner.Prepared> prepared = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    boolean wholeFile = false;
    for (Path f : files) {
      if (f.toString().isEmpty()) {
        errors.add("a test file name is empty (an unset variable?)");
      } else if (Files.isDirectory(f)) {
        errors.add(f + ": is a directory; give test files, e.g. " + f.resolve("*.test.yaml"));
      } else if (!Files.isRegularFile(f)) {
        errors.add(f + ": test file not found");
      }
      if (!Files.isRegularFile(f)) {
        continue;
      }
      try {
        prepared.add(RuleTestRunner.prepare(f));
      } catch (RuleTestException e) {
        errors.addAll(inFileOrder(f, e.errors()));
        wholeFile |= e.isWholeFile();
      }
    }
    if (errors.size() == 1 && wholeFile) {
      err.println("error: " + errors.get(0));
      return 2;
    }
    if (!errors.isEmpty()) {
      errors.forEach(err::println);
      err.println("error: " + errors.size() + " problem(s) in the test files; no test was run");
      return 2;
    }
    int passed = 0;
    int failed = 0;
    List<JUnitXml.Suite> suites = new ArrayList<>();
    for (RuleTestRunner.Prepared p : prepared) {
      List<RuleTestRunner.Outcome> outcomes = new ArrayList<>();
      for (RuleTestRunner.Outcome o : RuleTestRunner.run(p)) {
        outcomes.add(o);
        if (o.verdict().passed()) {
          passed++;
          out.println("PASS " + o.test().name());
        } else {
          failed++;
          out.println("FAIL " + o.test().name());
          failureText(o).forEach(l -> out.println("  " + l));
        }
        if (verbose) {
          out.println("  alerts (" + o.alerts().size() + ", " + o.millis() + " ms):");
          o.alerts().forEach(a -> out.println("    " + Verdict.line(a)));
        }
      }
      suites.add(new JUnitXml.Suite(p.spec().file(), outcomes));
    }
    if (junit != null) {
      try {
        JUnitXml.write(junit, suites);
      } catch (IOException e) {
        err.println("error: cannot write " + junit + ": " + e.getMessage());
        return 2;
      }
    }
    out.println(passed + " passed, " + failed + " failed");
    return failed == 0 ? 0 : 1;
  }

  /**
   * Why the report cannot be written at {@code target}, or null: its folders are made (as the
   * report's writing makes them) and the file opened for writing, then removed if it was not there.
   */
  static @Nullable String unwritable(Path target) {
    Path abs = target.toAbsolutePath();
    Path existing = abs.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      return existing + " is a file, not a folder";
    }
    try {
      Path parent = abs.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      boolean existed = Files.exists(abs);
      try (OutputStream o =
          Files.newOutputStream(abs, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        // opened: it can be written
      }
      if (!existed) {
        Files.delete(abs);
      }
      return null;
    } catch (AccessDeniedException e) {
      return "no permission to write " + e.getFile();
    } catch (IOException e) {
      return "cannot be written"
          + (existing == null ? "" : " (no file can be made in " + existing + ")");
    }
  }

  /** What a failing test prints: the difference, then each involved rule's timeline. */
  static List<String> failureText(RuleTestRunner.Outcome o) {
    List<String> lines = new ArrayList<>(o.verdict().diff());
    for (Verdict.Focus f : o.verdict().explain()) {
      lines.addAll(Timeline.render(o.evaluations(), f.rule(), f.group()));
    }
    return lines;
  }

  /**
   * A test file's errors by their line and column in it (the reader finds them key by key, then
   * rule by rule), as validate-rules lists a rules file's; errors without that position first.
   */
  static List<String> inFileOrder(Path file, List<String> errors) {
    Pattern at =
        Pattern.compile(Pattern.quote(file.toString()) + ":(\\d+):(\\d+): .*", Pattern.DOTALL);
    List<String> sorted = new ArrayList<>(errors);
    sorted.sort(
        Comparator.comparingLong(
            (String e) -> {
              Matcher m = at.matcher(e);
              return m.matches()
                  ? Long.parseLong(m.group(1)) * 100_000 + Long.parseLong(m.group(2))
                  : -1;
            }));
    return sorted;
  }
}
