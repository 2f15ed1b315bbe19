package dev.logalerts.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What was read of JSON objects that come back byte for byte in later entries: an entry's {@code
 * resource} and {@code labels} repeat for every entry of the same container, pod, function or load
 * balancer, so the fast path compares the bytes with an object it read before and, when they are
 * the same, takes what it read then instead of reading them again.
 *
 * <p>Sound because the same bytes read the same way: an object is remembered only after it was read
 * without error (so its bytes are valid JSON), and is found again only by an exact comparison of
 * all its bytes; what was read of it is immutable. A direct-mapped table keyed by a hash of the
 * bytes, shared by all threads of the JVM without a lock, as the miner's table of recent messages
 * is: slots hold immutable entries, so a racing reader sees an older entry or none and then reads
 * the object itself. Objects that collide evict each other, which costs a read, never a wrong
 * answer. Memory is bounded: {@code SLOTS} objects of at most {@link #MAX_BYTES}.
 */
final class RepeatedObjects<T> {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Entries' {@code resource} objects: what they set. */
  static final RepeatedObjects<EntryReader.Resource> RESOURCES = new RepeatedObjects<>();

  /** Entries' {@code labels} objects. */
  static final RepeatedObjects<Map<String, String>> LABELS = new RepeatedObjects<>();

  private static final int SLOTS = 1 << 10;

  /** Longer objects are read as usual (rarely repeated, and costly to hold). */
  static final int MAX_BYTES = 1024;

  private static final class Remembered<T> {
    final byte[] bytes;
    final long hash;
    final T value;

    Remembered(byte[] bytes, long hash, T value) {
      this.bytes = bytes;
      this.hash = hash;
      this.value = value;
    }
  }

  @SuppressWarnings("unchecked")
  private final Remembered<T>[] table = (Remembered<T>[]) new Remembered<?>[SLOTS];

  /**
   * If the object at the parser's current {@code START_OBJECT} is one remembered, moves the parser
   * past it (its current token becomes that object's {@code END_OBJECT}) and returns what was read
   * of it; else null, the parser unmoved, and {@link #remember} may follow the usual read.
   */
  @Nullable T find(FastJsonParser p) {
    byte[] b = p.document();
    int s = p.objectStart();
    int e = objectEnd(b, s, Math.min(b.length, s + MAX_BYTES));
    if (e < 0) {
      p.lookedAt(s, -1, 0);
      return null;
    }
    long h = hash(b, s, e);
    p.lookedAt(s, e, h);
    Remembered<T> r = table[slot(h)];
    if (r != null
        && r.hash == h
        && r.bytes.length == e - s
        && Arrays.equals(b, s, e, r.bytes, 0, r.bytes.length)) {
      p.skipObjectTo(e);
      return r.value;
    }
    return null;
  }

  /**
   * Remembers {@code value} as what was read of the object {@link #find} last looked at in this
   * parser's document, once the parser has read it to its end without error.
   */
  void remember(FastJsonParser p, T value) {
    int e = p.lookedAtEnd();
    if (e < 0 || p.position() != e) {
      return; // not the object find scanned (it cannot be, but a wrong answer must be impossible)
    }
    int s = p.lookedAtStart();
    long h = p.lookedAtHash();
    table[slot(h)] = new Remembered<>(Arrays.copyOfRange(p.document(), s, e), h, value);
  }

  private static int slot(long h) {
    return (int) (h ^ (h >>> 29)) & (SLOTS - 1);
  }

  /**
   * The index after the {@code '}'} that closes the object whose {@code '{'} is at {@code s}, or
   * -1 if it does not close before {@code limit}. Only brackets outside strings count; nothing is
   * validated (a found object is compared with one that was).
   */
  static int objectEnd(byte[] b, int s, int limit) {
    int depth = 0;
    int i = s;
    while (i < limit) {
      int c = b[i++];
      if (c == '"') {
        i = stringEnd(b, i, limit);
        if (i < 0) {
          return -1;
        }
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

  /** The index after the quote that closes a string whose text starts at {@code i}; -1 if none. */
  private static int stringEnd(byte[] b, int i, int limit) {
    while (i < limit) {
      if (i + 8 <= limit) {
        long v = (long) LONGS.get(b, i);
        long q = v ^ QUOTES;
        long s = v ^ BACKSLASHES;
        // The lowest flagged byte is the first quote or backslash.
        long m = (((q - ONES) & ~q) | ((s - ONES) & ~s)) & HIGHS;
        if (m == 0) {
          i += 8;
          continue;
        }
        i += Long.numberOfTrailingZeros(m) >>> 3;
      }
      int c = b[i];
      if (c == '"') {
        return i + 1;
      }
      i += c == '\\' ? 2 : 1;
    }
    return -1;
  }

  /** A hash of all the bytes of {@code [s, e)}, eight at a time. */
  private static long hash(byte[] b, int s, int e) {
    long h = e - s;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      h = (h ^ (long) LONGS.get(b, i)) * 0x9E3779B97F4A7C15L;
    }
    for (; i < e; i++) {
      h = (h ^ b[i]) * 0x9E3779B97F4A7C15L;
    }
    return h ^ (h >>> 32);
  }
}
