package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link Rule#fingerprint()} is how a running job tells a reloaded rule's new version from the one
 * its state was built under: it must be the same for the same rule text (across loads, JVMs) and
 * differ when anything the rule does changes.
 */
@RunWith(JUnit4.class)
public class RuleFingerprintTest {
  private static final String YAML =
      "rules:\n"
          + "  - name: checkout-errors\n"
          + "    type: threshold\n"
          + "    filter: 'severity>=ERROR AND resource.labels.service_name=\"checkout\"'\n"
          + "    groupBy: [service]\n"
          + "    window: 5m\n"
          + "    threshold: 5\n"
          + "  - name: slow\n"
          + "    type: latency\n"
          + "    filter: 'httpRequest.status>0'\n"
          + "    threshold: 1.5s\n";

  static Rule base() {
    return RulesLoader.parse(YAML, "rules.yaml").rules().get(0);
  }

  @Test
  public void sameTextSameFingerprint() {
    Rule a = base();
    Rule b = base(); // a second load: other filter instances
    assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    assertThat(a.fingerprint()).matches("[0-9a-f]{16}");
    assertThat(RulesLoader.parse(YAML, "rules.yaml").rules().get(1).fingerprint())
        .isNotEqualTo(a.fingerprint());
    // Editing another rule of the file leaves this rule's fingerprint alone.
    Rule edited =
        RulesLoader.parse(YAML.replace("threshold: 1.5s", "threshold: 2s"), "rules.yaml")
            .rules()
            .get(0);
    assertThat(edited.fingerprint()).isEqualTo(a.fingerprint());
  }

  @Test
  public void everyPropertyChangesTheFingerprint() {
    Rule other = RulesLoader.parse(YAML, "rules.yaml").rules().get(1);
    List<UnaryOperator<Rule.Builder>> edits =
        List.of(
            b -> b.setName("renamed"),
            b -> b.setType(RuleType.RATIO),
            b -> b.setFilter(other.filter()),
            b -> b.setGroupBy(List.of("severity")),
            b -> b.setWindow(Duration.standardMinutes(10)),
            b -> b.setPeriod(Duration.standardMinutes(5)),
            b -> b.setThreshold(6),
            b -> b.setSeverity(AlertSeverity.CRITICAL),
            b -> b.setSuppressFor(Duration.standardMinutes(5)),
            b -> b.setResolveAfter(3),
            b -> b.setDescription("other text"),
            b -> b.setRunbook("https://runbooks/x"),
            b -> b.setNumerator(other.filter()),
            b -> b.setMinCount(10),
            b -> b.setPercentile(99),
            b -> b.setExpectWithin(Duration.standardMinutes(3)),
            b -> b.setForgetAfter(Duration.standardDays(1)),
            b -> b.setFactor(5),
            b -> b.setDirection(SpikeDirection.BOTH),
            b -> b.setBaseline(Duration.standardHours(2)),
            b -> b.setLearnFor(Duration.standardHours(3)),
            b -> b.setKindSettings(Map.of("schedule", "0 2 * * *")),
            b -> b.setFlapCount(0),
            b -> b.setFlapWindow(Duration.standardMinutes(20)),
            b -> b.setRenotifyEvery(Duration.standardHours(4)));
    Rule base = base();
    Set<String> seen = new HashSet<>();
    seen.add(base.fingerprint());
    for (int i = 0; i < edits.size(); i++) {
      Rule edited = edits.get(i).apply(base.toBuilder()).build();
      assertWithMessage("edit %s", i).that(seen.add(edited.fingerprint())).isTrue();
    }
    // A property added to Rule must be added to fingerprint() and to the edits above.
    List<String> properties = new ArrayList<>();
    for (Method m : Rule.class.getDeclaredMethods()) {
      if (Modifier.isAbstract(m.getModifiers())
          && m.getParameterCount() == 0
          && !m.getName().equals("toBuilder")
          && !m.getName().equals("hashCode")
          && !m.getName().equals("groupByPaths")) { // derived from groupBy
        properties.add(m.getName());
      }
    }
    assertWithMessage("Rule properties %s", properties).that(properties).hasSize(edits.size());
  }

  @Test
  public void shapeIsKindPeriodAndGroupBy() {
    Rule base = base();
    assertThat(base.sameShapeAs(base.toBuilder().setThreshold(2).build())).isTrue();
    assertThat(base.sameShapeAs(base.toBuilder().setWindow(Duration.standardHours(1)).build()))
        .isTrue();
    assertThat(base.sameShapeAs(base.toBuilder().setType(RuleType.SPIKE).build())).isFalse();
    assertThat(base.sameShapeAs(base.toBuilder().setPeriod(Duration.standardMinutes(2)).build()))
        .isFalse();
    assertThat(base.sameShapeAs(base.toBuilder().setGroupBy(List.of()).build())).isFalse();
  }
}
