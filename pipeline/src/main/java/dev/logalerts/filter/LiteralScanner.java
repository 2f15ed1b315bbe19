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
 * Text#containsFolded} finds, value by value). ASCII transitions are a dense table over the
 * characters the literals hold; other characters follow the failure links. A value in ASCII is
 * first read by skipping (Wu-Manber over pairs of characters), which reads a fraction of its
 * characters and runs no chain of automaton steps. What the literals find in the values entries
 * share (log name, resource, labels, severity) is kept per instance, so an entry walks only its own
 * values. Not thread-safe: {@link #scan} keeps its result in the instance.
 *
 * <p>A value with a non-ASCII character is read in its {@link Text#searchable} normal form, as the
 * filters compare it, and as written (a regular expression's required text is not normalized).
 *
 * <p>Hand-written rather than a library's: the automaton must fold case exactly like the filters do
 * and must not allocate per entry (only to keep a newly seen shared value's answer, or to normalize
 * a non-ASCII value).
 */
final class LiteralScanner implements Predicate<String> {
  private static final int ASCII = 128;

  /** Flag on a transition's target: entering it recognises literals ({@link #out} not null). */
  private static final int OUTPUT = 0x80000000;

  private static final int STATE = ~OUTPUT;

  private final int count;
  private final boolean numbers;

  /** Length of the shortest literal: shorter values cannot hold any. */
  private final int minLength;

  /** Per ASCII character: its class (0: in no literal); upper case shares lower case's. */
  private final int[] classOf;

  /** Bits of a class: a state's row in {@link #next} is {@code 1 << shift} wide. */
  private final int shift;

  /**
   * ASCII transitions, {@code state << shift | class}: the automaton's full goto-with-failure, the
   * target flagged with {@link #OUTPUT} when it recognises literals.
   */
  private final int[] next;

  /** Non-ASCII trie edges per state (null when none): chars and their target states. */
  private final char[][] wideChars;

  private final int[][] wideTargets;
  private final int[] fail;

  /** Literal ids recognised on entering a state (own and by failure links), or null. */
  private final int[][] out;

  /** The literals as folded. */
  private final String[] literals;

  /**
   * For values in ASCII, a Wu-Manber skip over the text: the window of the shortest literal's
   * length ({@link #window}) slides along the value, and the pair of characters at its end tells
   * how far it may move before a literal can end its first {@code window} characters there ({@code
   * pairShift}, per pair of classes {@code first << shift | second}). Only at a shift of 0 are the
   * literals whose first window ends with that pair ({@code pairLiterals}) compared. Null when the
   * shortest literal is shorter than 3 characters (too short to skip by) or a literal's first
   * window is not ASCII; then every value is walked by the automaton.
   */
  private final byte[] pairShift;

  private final int window;

  private final int[][] pairLiterals;

  private long[] found;
  private int missing;

  /**
   * What was found in each value entries share (log name, resource type and labels, labels,
   * severity), per that value's instance: the parser gives entries with the same bytes there the
   * same string or map, so most entries scan only their own values. A direct-mapped table by
   * identity; a miss scans the value.
   */
  private final Object[] sharedValues = new Object[SHARED_SLOTS];

  /**
   * The literals found in each slot's value, {@code found.length} words per slot side by side (no
   * array per value to follow).
   */
  private final long[] sharedFound;

  /** Whether a slot's value was found again since it was stored or last spared. */
  private final boolean[] sharedUsed = new boolean[SHARED_SLOTS];

  /** The literals of the shared value being scanned. */
  private final long[] scratch;

  private static final int SHARED_SLOTS = 1 << 9;

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
    minLength = folded.stream().mapToInt(String::length).min().orElse(0);
    // ASCII characters in classes: one per character the literals hold (upper case with its lower
    // case), class 0 for all others; a small table stays in the first-level cache.
    classOf = new int[ASCII];
    int classes = 1;
    for (String lit : folded) {
      for (int i = 0; i < lit.length(); i++) {
        char c = lit.charAt(i);
        if (c < ASCII && classOf[c] == 0) {
          classOf[c] = classes++;
        }
      }
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      classOf[c] = classOf[c + 32];
    }
    int bits = 32 - Integer.numberOfLeadingZeros(classes - 1);
    shift = Math.max(bits, 1);
    int width = 1 << shift;
    int states = children.size();
    next = new int[states * width];
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
        fail[t] = s == 0 ? 0 : step(fail[s], c) & STATE;
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
        int k = classOf[c];
        if (k != 0 && c >= 'A' && c <= 'Z') {
          continue; // upper case: its lower-case twin fills the class
        }
        Integer t = children.get(s).get((char) c);
        next[(s << shift) | k] = t != null ? t : (s == 0 ? 0 : next[(fail[s] << shift) | k]);
      }
    }
    for (int i = 0; i < next.length; i++) {
      if (out[next[i]] != null) {
        next[i] |= OUTPUT;
      }
    }
    literals = folded.toArray(new String[0]);
    window = Math.min(minLength, 64);
    boolean skips = window >= 3;
    for (String lit : literals) {
      for (int i = 0; i < window && skips; i++) {
        skips = lit.charAt(i) < ASCII;
      }
    }
    pairShift = skips ? new byte[width * width] : null;
    pairLiterals = skips ? new int[width * width][] : null;
    if (skips) {
      Arrays.fill(pairShift, (byte) (window - 1));
      for (int id = 0; id < count; id++) {
        String lit = literals[id];
        for (int q = 0; q + 1 < window; q++) {
          int pair = (classOf[lit.charAt(q)] << shift) | classOf[lit.charAt(q + 1)];
          pairShift[pair] = (byte) Math.min(pairShift[pair], window - 2 - q);
        }
        int last = (classOf[lit.charAt(window - 2)] << shift) | classOf[lit.charAt(window - 1)];
        int[] ids = pairLiterals[last];
        ids = ids == null ? new int[1] : Arrays.copyOf(ids, ids.length + 1);
        ids[ids.length - 1] = id;
        pairLiterals[last] = ids;
      }
    }
    found = new long[(count + 63) >>> 6];
    scratch = new long[found.length];
    sharedFound = new long[SHARED_SLOTS * found.length];
  }

  /** Number of literals. */
  int size() {
    return count;
  }

  /** The entry being scanned is all ASCII ({@link LogEvent#plainAscii}): no value to normalize. */
  private boolean asciiEntry;

  /** Looks at every text value of {@code e}; {@link #found} then answers per literal. */
  void scan(LogEvent e) {
    Arrays.fill(found, 0L);
    missing = count;
    asciiEntry = e.plainAscii();
    boolean all = EntryText.anyOwn(e, this, numbers, minLength);
    asciiEntry = false; // shared values are answered once per instance, for any entry
    if (all) {
      return; // all found
    }
    for (int i = 0; i < EntryText.SHARED; i++) {
      Object v = EntryText.shared(e, i);
      if (v != null) {
        addShared(v);
      }
    }
  }

  /**
   * Adds what occurs in a shared value (a string, or a map's values), answered once per instance.
   */
  private void addShared(Object value) {
    int slot = System.identityHashCode(value) & (SHARED_SLOTS - 1);
    long[] found = this.found;
    int words = found.length;
    int at = slot * words;
    if (sharedValues[slot] == value) {
      sharedUsed[slot] = true;
      for (int i = 0; i < words; i++) {
        found[i] |= sharedFound[at + i];
      }
      return;
    }
    long[] bits = literalsIn(value);
    if (sharedValues[slot] != null && sharedUsed[slot]) {
      // Second chance: a value that was found again keeps its slot from one seen once (an
      // execution id's labels) until it goes a turn without being found.
      sharedUsed[slot] = false;
    } else {
      sharedValues[slot] = value;
      System.arraycopy(bits, 0, sharedFound, at, words);
      sharedUsed[slot] = false;
    }
    for (int i = 0; i < words; i++) {
      found[i] |= bits[i];
    }
  }

  /** The literals in one shared value alone, in {@link #scratch}; what was found is kept. */
  private long[] literalsIn(Object value) {
    long[] own = found;
    int ownMissing = missing;
    long[] bits = scratch;
    Arrays.fill(bits, 0L);
    found = bits;
    missing = count;
    EntryText.anyIn(value, this, minLength);
    found = own;
    missing = ownMissing;
    return bits;
  }

  /** Whether values in ASCII are read by skipping ({@link #pairShift}; for tests). */
  boolean skips() {
    return pairShift != null;
  }

  /** True when literal {@code id} occurred in the last scanned entry. */
  boolean found(int id) {
    return (found[id >>> 6] & (1L << id)) != 0;
  }

  /** Scans one value; true (stop) once every literal was found. */
  @Override
  public boolean test(String v) {
    if (!asciiEntry && !Text.isAscii(v)) {
      // the filters search the value's normal form; a regex's required text is searched as written
      return scanValue(Text.searchable(v)) || scanValue(v);
    }
    return scanValue(v);
  }

  private boolean scanValue(String v) {
    if (pairShift != null) {
      int answer = skipScan(v);
      if (answer >= 0) {
        return answer == 1;
      }
    }
    int[] table = next;
    int[] classes = classOf;
    int s = 0;
    for (int i = 0, n = v.length(); i < n; i++) {
      char c = v.charAt(i);
      int t;
      if (c < ASCII) {
        t = table[(s << shift) | classes[c]];
      } else {
        t = step(s, Text.fold(c));
      }
      s = t & STATE;
      if (t < 0 && found(out[s])) {
        return true;
      }
    }
    return false;
  }

  /**
   * The Wu-Manber skip ({@link #pairShift}): 1 when every literal is then found, 0 when not, -1
   * when a pair it reads is not ASCII (a character there may fold to a literal's, so the automaton
   * reads the value; what was found stays found). Characters it skips need no check: only the pairs
   * read decide how far to move, and a literal is compared in full, folding, where it may be.
   */
  private int skipScan(String v) {
    int n = v.length();
    byte[] shifts = pairShift;
    int[] classes = classOf;
    int sh = shift;
    for (int end = window - 1; end < n; ) {
      char a = v.charAt(end - 1);
      char b = v.charAt(end);
      if ((a | b) >= ASCII) {
        return -1;
      }
      int pair = (classes[a] << sh) | classes[b];
      int move = shifts[pair];
      if (move == 0) {
        if (compareAt(v, end + 1 - window, pairLiterals[pair])) {
          return 1;
        }
        move = 1;
      }
      end += move;
    }
    return 0;
  }

  /** Compares the literals that may start at {@code start}; true once none is missing. */
  private boolean compareAt(String v, int start, int[] ids) {
    for (int id : ids) {
      long bit = 1L << id;
      if ((found[id >>> 6] & bit) != 0) {
        continue;
      }
      String lit = literals[id];
      if (start + lit.length() <= v.length() && Text.matchesAt(v, start, lit)) {
        found[id >>> 6] |= bit;
        if (--missing == 0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Marks the literals recognised in a state; true once none is missing. */
  private boolean found(int[] ids) {
    for (int id : ids) {
      long bit = 1L << id;
      if ((found[id >>> 6] & bit) == 0) {
        found[id >>> 6] |= bit;
        missing--;
      }
    }
    return missing == 0;
  }

  /** The transition from {@code s} on folded character {@code c}. */
  private int step(int s, char c) {
    if (c < ASCII) {
      return next[(s << shift) | classOf[c]];
    }
    while (true) {
      char[] cs = wideChars[s];
      if (cs != null) {
        for (int i = 0; i < cs.length; i++) {
          if (cs[i] == c) {
            int t = wideTargets[s][i];
            return out[t] == null ? t : t | OUTPUT;
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
