package dev.logalerts.rules;

import dev.logalerts.model.EditDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Hints in rules-file errors: the list of types, "did you mean" for near misses. */
final class KeyHints {
  private KeyHints() {}

  static String typeKeys() {
    return String.join(", ", typeKeysList());
  }

  static List<String> typeKeysList() {
    List<String> keys = new ArrayList<>();
    for (RuleType t : RuleType.values()) {
      keys.add(t.key());
    }
    return keys;
  }

  static String onlyValidFor(Set<RuleType> types) {
    List<String> names = types.stream().map(RuleType::key).collect(Collectors.toList());
    return names.size() == 1
        ? "only valid for type " + names.get(0)
        : "only valid for types " + String.join(", ", names);
  }

  /** " ; did you mean 'x'?" for a near miss (case-insensitive edit distance), else "". */
  static String hint(String word, Iterable<String> candidates) {
    String best = guess(word, candidates);
    return best != null ? "; did you mean '" + best + "'?" : "";
  }

  /** The near miss {@link #hint} names, or null. */
  static @Nullable String guess(String word, Iterable<String> candidates) {
    return EditDistance.nearMiss(word, candidates);
  }
}
