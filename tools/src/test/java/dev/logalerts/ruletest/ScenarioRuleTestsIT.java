package dev.logalerts.ruletest;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.rules.Rule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The incident scenarios of {@code samples/scenarios/} (error bursts, 5xx ratios at low and high
 * traffic, latency regressions, batch jobs that fail, miss or overrun their deadline, traffic drops
 * and spikes, new templates, flapping, out-of-order and redelivered entries, long incidents, many
 * services at once; slow burns, p99-only regressions, stalled DAGs, deadlines across a clock
 * change, per-tenant groups, window boundaries, silences) pass, and they pin the numbers an on-call
 * reads, not only which alert came.
 */
@RunWith(JUnit4.class)
public class ScenarioRuleTestsIT {
  private static final Path DIR =
      Path.of("..").toAbsolutePath().normalize().resolve("samples/scenarios");

  /** The scenario files of samples/scenarios, in name order. */
  public static List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".test.yaml")).sorted().toList();
    }
  }

  @Test
  public void everyScenarioPasses() throws Exception {
    List<String> args = new ArrayList<>();
    long tests = 0;
    for (Path f : files()) {
      args.add(f.toString());
      tests += RuleTestRunner.prepare(f).spec().tests().size();
    }
    assertThat(tests).isAtLeast(25);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        RuleTestsCli.run(
            args.toArray(String[]::new),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertWithMessage(text).that(code).isEqualTo(0);
    assertThat(text).endsWith(tests + " passed, 0 failed\n");
  }

  @Test
  public void everyRuleFiresSomewhereAndTheNumbersAreChecked() throws Exception {
    for (Path f : files()) {
      RuleTestRunner.Prepared p = RuleTestRunner.prepare(f);
      for (RuleTestSpec.Case t : p.spec().tests()) {
        boolean firing = t.expect().stream().anyMatch(e -> e.state().equals("FIRING"));
        if (firing) {
          assertWithMessage("%s: '%s' checks an alert's value or incident", f, t.name())
              .that(t.expect().stream().anyMatch(e -> !e.numbers().isEmpty()))
              .isTrue();
        }
      }
    }
    // Each rules file's rules must fire somewhere among the scenarios that use that file.
    Map<Path, List<RuleTestRunner.Prepared>> byRules = new TreeMap<>();
    for (Path f : files()) {
      RuleTestRunner.Prepared p = RuleTestRunner.prepare(f);
      byRules
          .computeIfAbsent(
              p.spec().rulesFile().toAbsolutePath().normalize(), k -> new ArrayList<>())
          .add(p);
    }
    assertThat(byRules.size()).isAtLeast(2);
    for (Map.Entry<Path, List<RuleTestRunner.Prepared>> e : byRules.entrySet()) {
      for (Rule r : e.getValue().get(0).rules().rules()) {
        boolean covered =
            e.getValue().stream()
                .flatMap(p -> p.spec().tests().stream())
                .flatMap(t -> t.expect().stream())
                .anyMatch(x -> x.rule().equals(r.name()) && x.state().equals("FIRING"));
        assertWithMessage("rule %s of %s has a scenario expecting FIRING", r.name(), e.getKey())
            .that(covered)
            .isTrue();
      }
    }
  }
}
