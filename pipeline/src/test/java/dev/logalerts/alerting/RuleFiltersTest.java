package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link RuleFilters#match} names exactly the rules whose filter matches, in file order: with up to
 * 64 rules (bits and the names cache, including cache slots overwritten by other sets) and with
 * more.
 */
@RunWith(JUnit4.class)
public class RuleFiltersTest {
  /** Rule k matches entries whose message number has bit (k mod 12) set. */
  private static RuleSet ruleSet(int count) {
    List<Rule> rules = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      int bit = k % 12;
      CompiledFilter f =
          filter("bit " + bit, e -> (Integer.parseInt(e.message()) & (1 << bit)) != 0);
      rules.add(rule(String.format("r%03d", k), RuleType.THRESHOLD, f).setThreshold(1).build());
    }
    return RuleSet.of(rules, "v-" + count);
  }

  private static List<String> expected(RuleSet set, LogEvent e) {
    List<String> names = new ArrayList<>();
    for (Rule r : set.rules()) {
      if (r.filter().test(e)) {
        names.add(r.name());
      }
    }
    return names;
  }

  @Test
  public void namesExactlyTheMatchingRulesWithFewAndManyRules() {
    for (int count : new int[] {0, 1, 12, 64, 70}) {
      RuleSet set = ruleSet(count);
      RuleFilters filters = RuleFilters.of(set);
      Random rnd = new Random(count);
      // 4,096 distinct match sets with 12 bits: far more than the cache holds, each seen often.
      for (int i = 0; i < 20_000; i++) {
        LogEvent e = entry("e" + i, at(0, 0), "s", Severity.INFO, "" + rnd.nextInt(4096));
        MatchedEvent m = filters.match(e);
        assertThat(m.event()).isSameInstanceAs(e);
        assertThat(m.rulesVersion()).isEqualTo("v-" + count);
        assertThat(m.ruleNames()).containsExactlyElementsIn(expected(set, e)).inOrder();
      }
    }
  }

  @Test
  public void entriesMatchingTheSameRulesShareOneNamesListAlsoWithManyRules() {
    for (int count : new int[] {12, 70, 500}) {
      RuleFilters filters = RuleFilters.of(ruleSet(count));
      LogEvent a = entry("a", at(0, 0), "s", Severity.INFO, "" + 0b101);
      LogEvent b = entry("b", at(0, 1), "s", Severity.ERROR, "" + 0b101);
      List<String> first = filters.match(a).ruleNames();
      assertThat(first).isNotEmpty();
      // MatchRulesFn looks the names up once per list instance: the same set, the same list.
      assertThat(filters.match(b).ruleNames()).isSameInstanceAs(first);
      assertThat(filters.match(entry("c", at(0, 2), "s", Severity.INFO, "0")).ruleNames())
          .isEmpty();
    }
  }
}
