package dev.logalerts.rules;

import dev.logalerts.model.EditDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    return hint(guess(word, candidates));
  }

  /** " ; did you mean 'x'?" for a value already found to be meant, else "". */
  static String hint(@Nullable String meant) {
    return meant != null ? "; did you mean '" + meant + "'?" : "";
  }

  /**
   * Keys of a Prometheus alerting rule and of an ElastAlert rule, which users port rules from, with
   * what this file says instead: " (…)" to append to the unknown-key error, or "".
   */
  private static final Map<String, String> FOREIGN_KEYS =
      Map.ofEntries(
          Map.entry("alert", "a Prometheus rule's alert name: use name"),
          Map.entry(
              "num_events",
              "an ElastAlert frequency rule's count: use type threshold with threshold"),
          Map.entry("timeframe", "an ElastAlert rule's span: use window (5m, 1h)"),
          Map.entry(
              "realert",
              "ElastAlert's quiet time after an alert: use suppressFor (or renotifyEvery)"),
          Map.entry("query_key", "ElastAlert's per-value alerting: use groupBy"),
          Map.entry(
              "for",
              "a Prometheus rule's pending period has no key here: window and threshold say how"
                  + " much must happen, resolveAfter how long it must stop"),
          Map.entry(
              "labels",
              "an alert carries its rule name, severity and group; set severity, and groupBy for"
                  + " the group"),
          Map.entry(
              "annotations",
              "use description (with {value}, {threshold}, {group.KEY}) and runbook"),
          Map.entry("expr", "use type and filter (a Cloud Logging filter)"),
          Map.entry("summary", "use description"));

  /** What to use instead of a Prometheus or ElastAlert rule's key, as " (…)", or "". */
  static String foreign(String key) {
    String instead = FOREIGN_KEYS.get(key);
    return instead == null ? "" : " (" + instead + ")";
  }

  /** The near miss {@link #hint} names, or null. */
  static @Nullable String guess(String word, Iterable<String> candidates) {
    return EditDistance.nearMiss(word, candidates);
  }
}
