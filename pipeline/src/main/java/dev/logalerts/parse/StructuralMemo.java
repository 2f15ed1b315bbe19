package dev.logalerts.parse;

import dev.logalerts.model.LogFamily;
import dev.logalerts.parse.FamilyFields.Source;
import dev.logalerts.parse.LogFamilies.Structural;
import java.util.Arrays;
import java.util.HashMap;
import java.util.function.BiFunction;

/**
 * The structural templates of recent family entries, per thread. A family's {@link Structural} is a
 * pure function of the family and of the slot values it reads, and which slot it reads next depends
 * only on the values read before; so a tree of the reads seen (one node per slot read, one branch
 * per value) leads an entry whose reads match to the answer computed for them: a template and its
 * clauses, built once instead of per entry (string building, escaping).
 *
 * <p>A value that varies per entry (an ephemeral port, a status message with an id) only makes the
 * tree wider: the answer is still that of the same reads. Memory is bounded: past {@value
 * #MAX_NODES} nodes the tree is dropped and grown again, and the reads of an entry with a value
 * over {@value #MAX_VALUE_CHARS} chars are not kept (rarely repeated, and costly to hold).
 */
final class StructuralMemo {
  static final int MAX_NODES = 2048;
  static final int MAX_VALUE_CHARS = 256;

  private static final ThreadLocal<StructuralMemo> MEMO =
      ThreadLocal.withInitial(StructuralMemo::new);

  /** A slot read (with a branch per value seen there), or the answer after the reads above it. */
  private static final class Node {
    final int slot; // -1 for an answer
    final HashMap<String, Node> next;
    final Structural answer;

    Node(int slot, Structural answer) {
      this.slot = slot;
      this.next = slot < 0 ? null : new HashMap<>(4);
      this.answer = answer;
    }
  }

  private final Node[] roots = new Node[LogFamily.values().length];
  private int nodes;
  private int[] readSlots = new int[16];
  private String[] readValues = new String[16];
  private int reads;

  static StructuralMemo get() {
    return MEMO.get();
  }

  /** {@code compute(family, f)}, remembered: compute must be a function of the slots it reads. */
  Structural structural(
      LogFamily family, Source f, BiFunction<LogFamily, Source, Structural> compute) {
    Node node = roots[family.ordinal()];
    while (node != null && node.slot >= 0) {
      node = node.next.get(f.get(node.slot));
    }
    if (node != null) {
      return node.answer;
    }
    reads = 0;
    Structural answer = compute.apply(family, this.recording(f));
    if (shortValues()) {
      remember(family, answer);
    }
    Arrays.fill(readValues, 0, reads, null); // holds no entry's values between calls
    return answer;
  }

  /** {@code f}, noting each slot the first time it is read, with its value. */
  private Source recording(Source f) {
    return slot -> {
      String v = f.get(slot);
      for (int i = 0; i < reads; i++) {
        if (readSlots[i] == slot) {
          return v;
        }
      }
      if (reads == readSlots.length) {
        readSlots = Arrays.copyOf(readSlots, reads * 2);
        readValues = Arrays.copyOf(readValues, reads * 2);
      }
      readSlots[reads] = slot;
      readValues[reads++] = v;
      return v;
    };
  }

  private boolean shortValues() {
    for (int i = 0; i < reads; i++) {
      if (readValues[i].length() > MAX_VALUE_CHARS) {
        return false;
      }
    }
    return true;
  }

  private void remember(LogFamily family, Structural answer) {
    if (nodes + reads + 1 > MAX_NODES) {
      Arrays.fill(roots, null);
      nodes = 0;
    }
    int r = family.ordinal();
    if (reads == 0) {
      roots[r] = leaf(answer);
      return;
    }
    if (roots[r] == null) {
      roots[r] = branch(readSlots[0]);
    }
    Node node = roots[r];
    for (int i = 0; i < reads; i++) {
      // The same values lead to the same next read: a node met here reads slot readSlots[i].
      Node child = i + 1 < reads ? branch(readSlots[i + 1]) : leaf(answer);
      Node known = node.next.putIfAbsent(readValues[i], child);
      node = known != null ? known : child;
      if (known != null) {
        nodes--;
      }
    }
  }

  private Node branch(int slot) {
    nodes++;
    return new Node(slot, null);
  }

  private Node leaf(Structural answer) {
    nodes++;
    return new Node(-1, answer);
  }

  /** The number of nodes held (for tests). */
  int size() {
    return nodes;
  }
}
