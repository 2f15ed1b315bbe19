package dev.logalerts.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

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
    String best = null;
    int bestDist = Integer.MAX_VALUE;
    String w = word.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDist) {
        bestDist = d;
        best = c;
      }
    }
    int allowed = Math.max(1, Math.min(3, word.length() / 3));
    return best != null && bestDist <= allowed ? "; did you mean '" + best + "'?" : "";
  }

  /** Optimal-string-alignment distance: edits plus adjacent transpositions ("vaule"). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
