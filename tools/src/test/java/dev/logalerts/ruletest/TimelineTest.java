package dev.logalerts.ruletest;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.alerting.Evaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The printed timeline of a rule's evaluations. */
@RunWith(JUnit4.class)
public class TimelineTest {
  @Test
  public void groupsLeftOutSayHowToSeeOne() {
    // Was "(8 more groups not shown)", without saying how to show them.
    List<Evaluation> evaluations = new ArrayList<>();
    for (int i = 0; i < Timeline.MAX_GROUPS + 3; i++) {
      TreeMap<String, String> group = new TreeMap<>();
      group.put("service", "svc-" + i);
      evaluations.add(
          new Evaluation(
              "errors", group, 0L, 60_000L, 3, 5, false, null, false, "3 matching entries"));
    }
    List<String> lines = Timeline.render(evaluations, "errors", Map.of(), Timeline.MAX_LINES);
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo(
            "(3 more groups not shown; explain-rule.sh shows one with its group, e.g."
                + " --group=service=svc-5)");
  }
}
