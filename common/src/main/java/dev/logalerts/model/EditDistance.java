package dev.logalerts.model;

/**
 * How far apart two names are, for "did you mean" hints on the command line, in rules files and in
 * filters: the optimal-string-alignment distance (insertions, deletions, substitutions and adjacent
 * transpositions, so "vaule" is one edit from "value"). Case-sensitive; callers lower-case both
 * sides when case does not matter.
 */
public final class EditDistance {
  private EditDistance() {}

  public static int between(String a, String b) {
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

  /**
   * The candidate nearest to {@code word} (both compared in lower case; the first of equals), when
   * it is a near miss: at most a third as many edits as the word has characters after its leading
   * dashes, 1 to 3. Null otherwise. The one rule of every "did you mean" hint.
   */
  public static String nearMiss(String word, Iterable<String> candidates) {
    String w = word.toLowerCase(java.util.Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = between(w, c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int dashes = 0;
    while (dashes < word.length() && word.charAt(dashes) == '-') {
      dashes++;
    }
    int allowed = Math.max(1, Math.min(3, (word.length() - dashes) / 3));
    return bestDistance <= allowed ? best : null;
  }
}
