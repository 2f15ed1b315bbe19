package dev.logalerts.filter;

import dev.logalerts.model.LogEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Which of a set of folded literals occur in an entry's text values, in one pass over the text (an
 * Aho-Corasick automaton over {@link Text#fold folded} characters, so it finds exactly what {@link
 * Text#containsFolded} finds, value by value). ASCII transitions are a dense table; other
 * characters follow the failure links. Not thread-safe: {@link #scan} keeps its result in the
 * instance.
 *
 * <p>Hand-written rather than a library's: the automaton must fold case exactly like the filters do
 * (Aho-Corasick libraries lower-case per character, which misses {@code ſ}/{@code s} or the Kelvin
 * sign) and must not allocate per entry.
 */
final class LiteralScanner implements Predicate<String> {
  private static final int ASCII = 128;

  private final int count;
  private final boolean numbers;

  /** ASCII transitions, {@code state * 128 + char}: the automaton's full goto-with-failure. */
  private final int[] next;

  /** Non-ASCII trie edges per state (null when none): chars and their target states. */
  private final char[][] wideChars;

  private final int[][] wideTargets;
  private final int[] fail;

  /** Literal ids recognised on entering a state (own and by failure links), or null. */
  private final int[][] out;

  private final long[] found;
  private int missing;

  LiteralScanner(List<String> folded) {
    count = folded.size();
    boolean anyNumber = false;
    List<Map<Character, Integer>> children = new ArrayList<>();
    List<List<Integer>> outputs = new ArrayList<>();
    children.add(new HashMap<>());
    outputs.add(new ArrayList<>());
    for (int id = 0; id < count; id++) {
      String lit = folded.get(id);
      anyNumber |= EntryText.mayBeInNumber(lit);
      int s = 0;
      for (int i = 0; i < lit.length(); i++) {
        Integer t = children.get(s).get(lit.charAt(i));
        if (t == null) {
          t = children.size();
          children.get(s).put(lit.charAt(i), t);
          children.add(new HashMap<>());
          outputs.add(new ArrayList<>());
        }
        s = t;
      }
      outputs.get(s).add(id);
    }
    numbers = anyNumber;
    int states = children.size();
    next = new int[states * ASCII];
    fail = new int[states];
    wideChars = new char[states][];
    wideTargets = new int[states][];
    out = new int[states][];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    queue.add(0);
    while (!queue.isEmpty()) {
      int s = queue.poll();
      if (s != 0) {
        outputs.get(s).addAll(outputs.get(fail[s]));
      }
      List<Integer> o = outputs.get(s);
      out[s] = o.isEmpty() ? null : o.stream().mapToInt(Integer::intValue).distinct().toArray();
      List<Character> wide = new ArrayList<>();
      for (Map.Entry<Character, Integer> edge : children.get(s).entrySet()) {
        char c = edge.getKey();
        int t = edge.getValue();
        // Failure of t: the longest proper suffix of t's text that is a trie state. Shallower
        // states are complete, so the transition from fail[s] answers it.
        fail[t] = s == 0 ? 0 : step(fail[s], c);
        queue.add(t);
        if (c >= ASCII) {
          wide.add(c);
        }
      }
      if (!wide.isEmpty()) {
        wideChars[s] = new char[wide.size()];
        wideTargets[s] = new int[wide.size()];
        for (int i = 0; i < wide.size(); i++) {
          wideChars[s][i] = wide.get(i);
          wideTargets[s][i] = children.get(s).get(wide.get(i));
        }
      }
      for (int c = 0; c < ASCII; c++) {
        Integer t = children.get(s).get((char) c);
        next[s * ASCII + c] = t != null ? t : (s == 0 ? 0 : next[fail[s] * ASCII + c]);
      }
    }
    found = new long[(count + 63) >>> 6];
  }

  /** Number of literals. */
  int size() {
    return count;
  }

  /** Looks at every text value of {@code e}; {@link #found} then answers per literal. */
  void scan(LogEvent e) {
    Arrays.fill(found, 0L);
    missing = count;
    EntryText.any(e, this, numbers);
  }

  /** True when literal {@code id} occurred in the last scanned entry. */
  boolean found(int id) {
    return (found[id >>> 6] & (1L << id)) != 0;
  }

  /** Scans one value; true (stop) once every literal was found. */
  @Override
  public boolean test(String v) {
    int s = 0;
    for (int i = 0, n = v.length(); i < n; i++) {
      char c = v.charAt(i);
      if (c < ASCII) {
        s = next[s * ASCII + (c >= 'A' && c <= 'Z' ? c + 32 : c)];
      } else {
        s = step(s, Text.fold(c));
      }
      int[] o = out[s];
      if (o != null) {
        for (int id : o) {
          long bit = 1L << id;
          if ((found[id >>> 6] & bit) == 0) {
            found[id >>> 6] |= bit;
            missing--;
          }
        }
        if (missing == 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** The transition from {@code s} on folded character {@code c}. */
  private int step(int s, char c) {
    if (c < ASCII) {
      return next[s * ASCII + c];
    }
    while (true) {
      char[] cs = wideChars[s];
      if (cs != null) {
        for (int i = 0; i < cs.length; i++) {
          if (cs[i] == c) {
            return wideTargets[s][i];
          }
        }
      }
      if (s == 0) {
        return 0;
      }
      s = fail[s];
    }
  }
}
