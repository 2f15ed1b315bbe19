package dev.logalerts.templates;

import java.util.Arrays;

/**
 * The redacted forms of recently redacted short texts, so that a text redacted again costs a
 * lookup. Templates repeat far more than messages (the benchmark's 10,000 entries have a few
 * hundred), and the job redacts each template it stores or alerts on, and the benchmark's full path
 * every entry's template.
 *
 * <p>Built like {@link RecentTemplates}: a direct-mapped table shared by all threads of the JVM,
 * one slot per hash, a new text replacing the slot's old one; slots hold immutable entries, so no
 * lock (a racing reader sees an older entry or none, and then redacts the text itself). Redaction
 * is a pure function of the text, so a hit returns exactly what redacting would, and for a text
 * that had nothing to redact the caller's own instance, as redacting does. Memory is bounded:
 * {@value #SLOTS} slots of texts up to {@value #MAX_TEXT_CHARS} chars and their redacted forms.
 */
final class RecentRedactions {
  private RecentRedactions() {}

  static final int SLOTS = 4096;

  /** Longer texts are redacted every time: rarely repeated, and costly to hold. */
  static final int MAX_TEXT_CHARS = 512;

  private static final int SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS);

  private static final class Entry {
    final String text;

    /** The redacted text, or null when redaction left the text as it was. */
    final String redacted;

    Entry(String text, String redacted) {
      this.text = text;
      this.redacted = redacted;
    }
  }

  private static final Entry[] TABLE = new Entry[SLOTS];

  /** The slot of a text (Fibonacci hashing: the table index takes the hash's high bits). */
  static int slot(String text) {
    return (text.hashCode() * 0x9E3779B9) >>> SHIFT;
  }

  /**
   * The remembered redaction of {@code text} in {@code slot} ({@code text} itself when it had
   * nothing to redact), or null.
   */
  static String get(String text, int slot) {
    Entry e = TABLE[slot];
    if (e == null || !e.text.equals(text)) {
      return null;
    }
    return e.redacted == null ? text : e.redacted;
  }

  static void put(String text, int slot, String redacted) {
    TABLE[slot] = new Entry(text, redacted.equals(text) ? null : redacted);
  }

  /** The number of texts held (for tests). */
  static int size() {
    int n = 0;
    for (Entry e : TABLE) {
      n += e == null ? 0 : 1;
    }
    return n;
  }

  /** Forgets every text (tests start clean). */
  static void clear() {
    Arrays.fill(TABLE, null);
  }
}
