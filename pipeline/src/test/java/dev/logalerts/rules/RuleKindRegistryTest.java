package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import dev.logalerts.alerting.RuleKind;
import dev.logalerts.alerting.RuleKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The registry of rule kinds ({@link RuleKinds}): every type has exactly one kind, the loader's key
 * table comes from the kinds, and each kind validates its own keys.
 */
@RunWith(JUnit4.class)
public class RuleKindRegistryTest {
  /** A valid rule of each type, as " - name: x\n" + this. */
  private static final Map<RuleType, String> MINIMAL =
      Map.of(
          RuleType.THRESHOLD, "    type: threshold\n    filter: ''\n    threshold: 5\n",
          RuleType.RATIO,
              "    type: ratio\n    filter: ''\n    numerator: 'severity>=ERROR'\n"
                  + "    threshold: 0.5\n",
          RuleType.LATENCY, "    type: latency\n    filter: ''\n    threshold: 1s\n",
          RuleType.ABSENCE, "    type: absence\n    filter: ''\n    expectWithin: 1h\n",
          RuleType.SPIKE, "    type: spike\n    filter: ''\n",
          RuleType.NEW_TEMPLATE, "    type: new-template\n    filter: ''\n",
          RuleType.DEADLINE, "    type: deadline\n    filter: ''\n    schedule: '0 6 * * 1-5'\n");

  @Test
  public void everyTypeIsRegisteredExactlyOnce() {
    List<RuleType> registered = new ArrayList<>();
    for (RuleKind k : RuleKinds.all()) {
      registered.add(k.type());
    }
    assertThat(registered).containsNoDuplicates();
    assertThat(registered).containsExactlyElementsIn(EnumSet.allOf(RuleType.class));
    for (RuleType t : RuleType.values()) {
      assertThat(RuleKinds.of(t).type()).isEqualTo(t);
    }
    assertThat(MINIMAL.keySet()).containsExactlyElementsIn(EnumSet.allOf(RuleType.class));
  }

  @Test
  public void keyTableComesFromTheKinds() {
    Map<String, Set<RuleType>> keys = RulesLoader.KEYS;
    for (String common : RuleKeys.COMMON) {
      assertThat(keys.get(common)).containsExactlyElementsIn(EnumSet.allOf(RuleType.class));
    }
    for (RuleKind k : RuleKinds.all()) {
      for (String w : RuleKeys.WINDOWED) {
        assertThat(keys.get(w).contains(k.type())).isEqualTo(k.windowed());
      }
      for (String n : NotifyKeys.ALL) {
        assertThat(keys.get(n).contains(k.type())).isEqualTo(k.incidents());
      }
      for (String n : RuleKeys.INCIDENT) {
        assertThat(keys.get(n).contains(k.type())).isEqualTo(k.incidents());
      }
      for (String n : RuleKeys.WINDOWED_INCIDENT) {
        assertThat(keys.get(n).contains(k.type())).isEqualTo(k.windowed() && k.incidents());
      }
      for (RuleKey key : k.keys()) {
        assertThat(keys.get(key.name())).contains(k.type());
      }
    }
    // Every kind key is accepted by exactly the kinds that declare it.
    for (Map.Entry<String, Set<RuleType>> e : keys.entrySet()) {
      if (RuleKeys.COMMON.contains(e.getKey())
          || RuleKeys.WINDOWED.contains(e.getKey())
          || RuleKeys.INCIDENT.contains(e.getKey())
          || RuleKeys.WINDOWED_INCIDENT.contains(e.getKey())
          || NotifyKeys.ALL.contains(e.getKey())) {
        continue;
      }
      Set<RuleType> declaring =
          RuleKinds.all().stream()
              .filter(k -> k.keys().stream().anyMatch(x -> x.name().equals(e.getKey())))
              .map(RuleKind::type)
              .collect(Collectors.toCollection(() -> EnumSet.noneOf(RuleType.class)));
      assertThat(e.getValue()).isEqualTo(declaring);
    }
  }

  @Test
  public void minimalRuleOfEveryKindIsValid() {
    for (RuleType t : RuleType.values()) {
      RuleSet set = RulesLoader.parse("rules:\n  - name: x\n" + MINIMAL.get(t), "k.yaml");
      assertThat(set.rules().get(0).type()).isEqualTo(t);
    }
  }

  @Test
  public void eachKindValidatesItsOwnKeys() {
    for (RuleKind k : RuleKinds.all()) {
      for (RuleKey key : k.keys()) {
        String yaml =
            "rules:\n  - name: x\n"
                + MINIMAL.get(k.type()).replaceAll("(?m)^    " + key.name() + ":.*\n", "")
                + "    "
                + key.name()
                + ": [1, 2]\n";
        RulesValidationException e =
            assertThrows(RulesValidationException.class, () -> RulesLoader.parse(yaml, "k.yaml"));
        assertThat(e.errors()).hasSize(1);
        assertThat(e.errors().get(0)).startsWith("k.yaml:");
        assertThat(e.errors().get(0)).contains("rule 'x': key '" + key.name() + "': ");
      }
    }
  }

  @Test
  public void aKindRejectsTheKeysOfOtherKinds() {
    for (RuleKind k : RuleKinds.all()) {
      for (RuleKind other : RuleKinds.all()) {
        for (RuleKey key : other.keys()) {
          if (RulesLoader.KEYS.get(key.name()).contains(k.type())) {
            continue;
          }
          String yaml =
              "rules:\n  - name: x\n" + MINIMAL.get(k.type()) + "    " + key.name() + ": 1\n";
          RulesValidationException e =
              assertThrows(RulesValidationException.class, () -> RulesLoader.parse(yaml, "k.yaml"));
          assertThat(e.errors().get(0))
              .contains(
                  "rule 'x': key '" + key.name() + "': " + key.name() + " is only valid for type");
          assertThat(e.errors().get(0)).contains(", not " + k.type().key());
        }
      }
    }
  }

  /** Only the kinds name a rule type: nothing else switches on it. */
  @Test
  public void noSwitchOnTheRuleTypeOutsideTheKinds() throws IOException {
    Path main = Paths.get("src/main/java/dev/logalerts");
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith("Kind.java") || name.equals("RuleType.java")) {
          continue;
        }
        String src = Files.readString(f);
        for (RuleType t : RuleType.values()) {
          if (src.contains("RuleType." + t.name()) || src.contains("case " + t.name() + ":")) {
            offenders.add(name + ": " + t);
          }
        }
      }
    }
    assertThat(offenders).isEmpty();
  }
}
