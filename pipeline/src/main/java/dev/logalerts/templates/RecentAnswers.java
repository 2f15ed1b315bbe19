package dev.logalerts.templates;

import java.util.Arrays;
import java.util.function.Function;

/**
 * The answers of a pure function of short texts for the texts it was asked about recently, so that
 * a text seen again costs its hash and one {@code equals}. The miner keeps the templates of recent
 * messages in one ({@link TemplateMiner}), the redactor the redacted forms of recent texts, mostly
 * templates, in another ({@link Redactor}): logs repeat whole messages, and templates far more.
 *
 * <p>A direct-mapped table meant to be shared by all threads of the JVM: one slot per hash, a new
 * text replacing the slot's old one. No lock, because slots hold immutable entries: a racing reader
 * sees an older entry or none, and then computes the answer itself. The function is pure, so a hit
 * returns exactly what computing would. Memory is bounded: a fixed number of slots, texts up to
 * {@link #maxTextChars} chars (longer ones are computed every time: rarely repeated, and costly to
 * hold).
 */
final class RecentAnswers<V> {
  private static final class Entry<V> {
    final String text;
    final V answer;

    Entry(String text, V answer) {
      this.text = text;
      this.answer = answer;
    }
  }

  private final Entry<V>[] table;
  private final int shift;
  final int maxTextChars;

  @SuppressWarnings("unchecked")
  RecentAnswers(int slots, int maxTextChars) {
    if (Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two, got " + slots);
    }
    this.table = (Entry<V>[]) new Entry<?>[slots];
    this.shift = Integer.SIZE - Integer.numberOfTrailingZeros(slots);
    this.maxTextChars = maxTextChars;
  }

  /** The answer of {@code compute} for {@code text}: remembered, or computed and remembered. */
  V answer(String text, Function<String, V> compute) {
    if (text.length() > maxTextChars) {
      return compute.apply(text);
    }
    int slot = slot(text);
    Entry<V> e = table[slot];
    if (e != null && e.text.equals(text)) {
      return e.answer;
    }
    V answer = compute.apply(text);
    table[slot] = new Entry<>(text, answer);
    return answer;
  }

  /** The remembered answer for {@code text}, or null (for tests). */
  V remembered(String text) {
    Entry<V> e = table[slot(text)];
    return e != null && e.text.equals(text) ? e.answer : null;
  }

  /** Fibonacci hashing: the table index takes the hash's high bits. */
  private int slot(String text) {
    return (text.hashCode() * 0x9E3779B9) >>> shift;
  }

  /** The number of slots. */
  int slots() {
    return table.length;
  }

  /** The number of texts held (for tests). */
  int size() {
    int n = 0;
    for (Entry<V> e : table) {
      n += e == null ? 0 : 1;
    }
    return n;
  }

  /** Forgets every text (benchmarks start each pass cold; tests start clean). */
  void clear() {
    Arrays.fill(table, null);
  }
}
