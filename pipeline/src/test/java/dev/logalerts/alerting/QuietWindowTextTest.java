package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RulesLoader;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The RESOLVED of a ratio or latency rule after the group's traffic stopped says there was none,
 * rather than "0% of 0" or "latency 0s over 0 requests", which read as an all-clear.
 */
@RunWith(JUnit4.class)
public class QuietWindowTextTest {
  private static final String RULES =
      "rules:\n"
          + "  - name: errors-ratio\n"
          + "    type: ratio\n"
          + "    filter: 'httpRequest.status>0'\n"
          + "    numerator: 'httpRequest.status>=500'\n"
          + "    window: 5m\n"
          + "    threshold: 10%\n"
          + "    minCount: 20\n"
          + "  - name: slow\n"
          + "    type: latency\n"
          + "    filter: 'httpRequest.status>0'\n"
          + "    percentile: 95\n"
          + "    window: 5m\n"
          + "    threshold: 1s\n";

  private static String core(String rule, RuleType type, long count, double value) {
    Rule r = RulesLoader.parse(RULES, "inline").rule(rule);
    Eval ev = new Eval();
    ev.start = 0;
    ev.end = 300_000;
    ev.threshold = r.threshold();
    ev.agg = new BucketAgg();
    ev.agg.count = count;
    ev.extra = count;
    ev.value = value;
    return ((SlidingKind) RuleKinds.of(type)).core(r, ev);
  }

  @Test
  public void aWindowWithoutTrafficSaysSo() {
    assertThat(core("errors-ratio", RuleType.RATIO, 0, 0))
        .isEqualTo("no matching entries in 5m (threshold 10%)");
    assertThat(core("slow", RuleType.LATENCY, 0, 0))
        .isEqualTo("no requests measured in 5m (threshold 1s)");
  }

  @Test
  public void aWindowWithSomeTrafficKeepsItsCounts() {
    assertThat(core("errors-ratio", RuleType.RATIO, 4, 0.25))
        .isEqualTo(
            "25% of 4 matching entries hit the numerator in 5m (threshold 10%): 0 of 4;"
                + " fewer than minCount (20) matching entries");
  }
}
