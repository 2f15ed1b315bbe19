package dev.logalerts.templates;

import dev.logalerts.model.MessageTemplate;
import java.util.Arrays;

/**
 * The templates of recently mined short messages, so that a message seen again is not scanned
 * again. Real logs repeat whole messages often (health checks, "GET /api/cart 200", retries,
 * "Connection reset by peer"): in the Loghub-2k windows of {@code
 * src/test/resources/templates/loghub2k-full} 52% of the lines repeat an earlier line exactly, and
 * 35% of the benchmark's generated entries do within one pass.
 *
 * <p>A direct-mapped table shared by all threads of the JVM: one slot per hash, a new message
 * replaces the slot's old one. A lookup is the message's hash and, on a hit, one {@code equals}; no
 * lock, because slots hold immutable entries (a racing reader sees an older entry or none, and then
 * mines the message itself). The miner is deterministic, so a hit returns exactly what mining
 * would. Memory is bounded: {@value #SLOTS} slots of messages up to {@value #MAX_MESSAGE_CHARS}
 * chars and their templates, a few MB per JVM.
 */
final class RecentTemplates {
  private RecentTemplates() {}

  static final int SLOTS = 4096;

  /** Longer messages are mined every time: rarely repeated, and costly to hold. */
  static final int MAX_MESSAGE_CHARS = 256;

  private static final int SHIFT = Integer.SIZE - Integer.numberOfTrailingZeros(SLOTS);

  private static final class Entry {
    final String message;
    final MessageTemplate template;

    Entry(String message, MessageTemplate template) {
      this.message = message;
      this.template = template;
    }
  }

  private static final Entry[] TABLE = new Entry[SLOTS];

  /** The slot of a message (Fibonacci hashing: the table index takes the hash's high bits). */
  static int slot(String message) {
    return (message.hashCode() * 0x9E3779B9) >>> SHIFT;
  }

  /** The remembered template of {@code message} in {@code slot}, or null. */
  static MessageTemplate get(String message, int slot) {
    Entry e = TABLE[slot];
    return e != null && e.message.equals(message) ? e.template : null;
  }

  static void put(String message, int slot, MessageTemplate template) {
    TABLE[slot] = new Entry(message, template);
  }

  /** Forgets every message (benchmarks start each pass cold; tests start clean). */
  static void clear() {
    Arrays.fill(TABLE, null);
  }
}
