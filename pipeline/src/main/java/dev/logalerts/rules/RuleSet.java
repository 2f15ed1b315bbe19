package dev.logalerts.rules;

import com.google.auto.value.AutoValue;
import com.google.auto.value.extension.memoized.Memoized;
import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A validated rules file: its rules in file order, its silences, and a version tag (content hash).
 */
@AutoValue
public abstract class RuleSet implements Serializable {
  public abstract List<Rule> rules();

  /** The file's {@code silences:}, in file order (empty when it has none). */
  public abstract List<Silence> silences();

  /** Hash of the file's content; changes when the file changes. */
  public abstract String version();

  /**
   * What the loader saw in the file as a whole that a valid file may still not mean (a default no
   * rule takes), for {@link RuleNotes}.
   */
  public abstract List<String> fileNotes();

  /** The rule of that name, or null when the set has none. */
  public @Nullable Rule rule(String name) {
    return byName().get(name);
  }

  @Memoized
  Map<String, Rule> byName() {
    Map<String, Rule> m = new HashMap<>();
    for (Rule r : rules()) {
      m.put(r.name(), r);
    }
    return m;
  }

  public static RuleSet of(List<Rule> rules, String version) {
    return of(rules, List.of(), version);
  }

  public static RuleSet of(List<Rule> rules, List<Silence> silences, String version) {
    return of(rules, silences, version, List.of());
  }

  static RuleSet of(
      List<Rule> rules, List<Silence> silences, String version, List<String> fileNotes) {
    return new AutoValue_RuleSet(
        List.copyOf(rules), List.copyOf(silences), version, List.copyOf(fileNotes));
  }

  public static RuleSet empty() {
    return of(List.of(), "empty");
  }
}
