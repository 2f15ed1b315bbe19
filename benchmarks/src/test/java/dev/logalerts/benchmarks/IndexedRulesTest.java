package dev.logalerts.benchmarks;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.alerting.RuleFilters;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The rule index changes no answer: for the benchmark's rule sets (20 and 500 rules), the sample
 * rules file and the test rules files, {@link RuleFilters#match} names exactly the rules whose
 * filter matches, in file order, on every generator entry of the benchmark and on the sample logs.
 */
@RunWith(JUnit4.class)
public class IndexedRulesTest {
  private static final Path ROOT = Path.of("..");
  private static final int SAMPLE_LINES = 4_000;

  private static List<LogEvent> entries;

  @BeforeClass
  public static void loadEntries() throws Exception {
    entries = new ArrayList<>(List.of(new BenchData().events));
    LogEntryParser parser = new LogEntryParser();
    try (BufferedReader r =
        Files.newBufferedReader(
            ROOT.resolve("samples/logs/shop-prod.jsonl"), StandardCharsets.UTF_8)) {
      String line;
      for (int i = 0; i < SAMPLE_LINES && (line = r.readLine()) != null; i++) {
        try {
          entries.add(parser.parse(line.getBytes(StandardCharsets.UTF_8)));
        } catch (InvalidEntryException e) {
          // the sample holds a few deliberately bad lines; the dead-letter tests cover them
        }
      }
    }
  }

  @Test
  public void benchmarkRuleSetsMatchAsBruteForce() {
    assertThat(ManyRules.filters(500)).hasLength(500);
    assertThat(ManyRules.dense(500)).hasLength(500);
    for (String[] texts :
        List.of(ManyRules.filters(20), ManyRules.filters(500), ManyRules.dense(500))) {
      int n = texts.length;
      CompiledFilter[] filters = new CompiledFilter[n];
      String[] names = new String[n];
      for (int i = 0; i < n; i++) {
        filters[i] = Filter.compile(texts[i]);
        names[i] = "rule-" + i;
      }
      check(n + " bench rules", RuleFilters.of("v", filters, names), filters, names);
    }
  }

  @Test
  public void sampleAndTestRulesFilesMatchAsBruteForce() {
    for (String file :
        List.of(
            "samples/rules.yaml",
            "pipeline/src/test/resources/rules/good/all-keys.yaml",
            "pipeline/src/test/resources/reliability/leak-rules.yaml")) {
      RuleSet set = RulesLoader.load(ROOT.resolve(file).toString());
      List<Rule> rules = set.rules();
      CompiledFilter[] filters = new CompiledFilter[rules.size()];
      String[] names = new String[rules.size()];
      for (int i = 0; i < rules.size(); i++) {
        filters[i] = rules.get(i).filter();
        names[i] = rules.get(i).name();
      }
      check(file, RuleFilters.of(set), filters, names);
    }
  }

  private static void check(
      String what, RuleFilters index, CompiledFilter[] filters, String[] names) {
    long matched = 0;
    for (LogEvent e : entries) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < filters.length; i++) {
        if (filters[i].test(e)) {
          expected.add(names[i]);
        }
      }
      assertWithMessage("%s on %s (%s)", what, e.insertId(), index.indexSummary())
          .that(index.match(e).ruleNames())
          .containsExactlyElementsIn(expected)
          .inOrder();
      matched += expected.size();
    }
    assertWithMessage("%s matches some entries", what).that(matched).isGreaterThan(100L);
  }
}
