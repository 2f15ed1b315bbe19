package dev.logalerts.rules;

import dev.logalerts.yaml.YamlNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rule's or silence's unknown keys that are near misses of a key it lacks ({@code filtr:} for
 * {@code filter:}). When that key turns out to be required, the typo and the missing key are one
 * mistake, so they are reported as one error at the typo, which is where the fix goes.
 */
final class MisspeltKeys {
  /** What holds the keys, as the message names it: "rule", "silence". */
  private final String noun;

  /** Appended to the message of a typo whose meant key is not required. */
  private final String suffix;

  /** The key meant, to the entry that misspells it. */
  private final Map<String, YamlNode.Entry> byMeant = new LinkedHashMap<>();

  /** The key meant, to its "required ..." message, for the meant keys found missing. */
  private final Map<String, String> missing = new HashMap<>();

  MisspeltKeys(String noun, String suffix) {
    this.noun = noun;
    this.suffix = suffix;
  }

  /** Whether {@code e} is a collected typo (reported by {@link #report}, not by the caller). */
  boolean holds(YamlNode.Entry e) {
    return byMeant.containsValue(e);
  }

  /** Collects an unknown key of {@code node}; false when it is no near miss of a key it lacks. */
  boolean add(YamlNode node, YamlNode.Entry unknown, Iterable<String> known) {
    String meant = KeyHints.guess(unknown.key, known);
    if (meant == null || node.entries.containsKey(meant) || byMeant.containsKey(meant)) {
      return false;
    }
    byMeant.put(meant, unknown);
    return true;
  }

  /**
   * Takes the "required" report of {@code key} when a collected typo means it; returns false
   * otherwise (the caller reports the key as missing).
   */
  boolean absorbMissing(String key, String message) {
    if (!byMeant.containsKey(key)) {
      return false;
    }
    missing.putIfAbsent(key, message);
    return true;
  }

  /** Reports every collected typo, each with its meant key's "required" message, if any. */
  void report(RulesFileErrors errors, String label) {
    for (Map.Entry<String, YamlNode.Entry> t : byMeant.entrySet()) {
      String meant = t.getKey();
      YamlNode.Entry e = t.getValue();
      String required = missing.get(meant);
      errors.add(
          e.line,
          e.column,
          label + ": key '" + e.key + "'",
          "unknown key; did you mean '"
              + meant
              + "'?"
              + (required == null
                  ? suffix
                  : " The " + noun + " has no '" + meant + "', which is " + required));
    }
  }
}
