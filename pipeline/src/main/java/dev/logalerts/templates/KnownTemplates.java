package dev.logalerts.templates;

import dev.logalerts.model.MessageTemplate;
import java.util.Arrays;

/**
 * The {@link MessageTemplate}s of recently built template texts, so that a template built again (a
 * log has far fewer templates than messages) is neither copied to a new String nor hashed to its id
 * again: the scanner's buffer is compared with the remembered text and the remembered template
 * returned.
 *
 * <p>Built like {@link RecentAnswers}: a direct-mapped table shared by all threads of the JVM, one
 * slot per hash of the text, a new text replacing the slot's old one; slots hold immutable entries,
 * so no lock (a racing reader sees an older entry or none, and then builds the template itself).
 * The id is a function of the text alone, so a hit returns exactly what building would. The slot
 * hash reads the text in four interleaved lanes, so it costs a fraction of the id's byte-by-byte
 * hash. Memory is bounded: {@value #SLOTS} slots of texts up to {@value #MAX_TEMPLATE_CHARS} chars.
 */
final class KnownTemplates {
  private KnownTemplates() {}

  static final int SLOTS = 4096;

  /** Longer templates are built every time: rare, and costly to hold. */
  static final int MAX_TEMPLATE_CHARS = 512;

  private static final int SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS);

  private static final class Entry {
    final char[] text;
    final MessageTemplate template;

    Entry(char[] text, MessageTemplate template) {
      this.text = text;
      this.template = template;
    }
  }

  private static final Entry[] TABLE = new Entry[SLOTS];

  /** The template of the text {@code o[0, n)}: remembered, or built and remembered. */
  static MessageTemplate of(char[] o, int n) {
    if (n > MAX_TEMPLATE_CHARS) {
      return build(o, n);
    }
    int slot = slot(o, n);
    Entry e = TABLE[slot];
    if (e != null && Arrays.equals(e.text, 0, e.text.length, o, 0, n)) {
      return e.template;
    }
    MessageTemplate t = build(o, n);
    TABLE[slot] = new Entry(Arrays.copyOf(o, n), t);
    return t;
  }

  private static MessageTemplate build(char[] o, int n) {
    return MessageTemplate.of(TemplateIds.idOf(o, n), new String(o, 0, n));
  }

  /** The slot of {@code o[0, n)}: four independent multiply chains, then Fibonacci hashing. */
  static int slot(char[] o, int n) {
    int h0 = n;
    int h1 = 0;
    int h2 = 0;
    int h3 = 0;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      h0 = 31 * h0 + o[i];
      h1 = 31 * h1 + o[i + 1];
      h2 = 31 * h2 + o[i + 2];
      h3 = 31 * h3 + o[i + 3];
    }
    for (; i < n; i++) {
      h0 = 31 * h0 + o[i];
    }
    int h = ((h0 * 31 + h1) * 31 + h2) * 31 + h3;
    return (h * 0x9E3779B9) >>> SHIFT;
  }

  /** The number of templates held (for tests). */
  static int size() {
    int k = 0;
    for (Entry e : TABLE) {
      k += e == null ? 0 : 1;
    }
    return k;
  }

  /** Forgets every template (benchmarks start each pass cold; tests start clean). */
  static void clear() {
    Arrays.fill(TABLE, null);
  }
}
