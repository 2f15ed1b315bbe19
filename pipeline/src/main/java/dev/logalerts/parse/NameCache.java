package dev.logalerts.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field names {@link FastJsonParser} has met, as strings, looked up by their bytes: LogEntry
 * names repeat in every entry, so a known name costs a hash and a compare of at most a few longs
 * (its first and last eight bytes, which are the whole name up to 16 bytes), no allocation. Open
 * addressing; holds at most {@value #MAX_NAMES} plain ASCII names of at most {@value #MAX_BYTES}
 * bytes, and then stops adding. One per parser; not thread-safe.
 */
final class NameCache {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int SLOTS = 4096;
  static final int MAX_NAMES = SLOTS / 2;
  static final int MAX_BYTES = 64;

  private final String[] values = new String[SLOTS];
  private final long[] heads = new long[SLOTS];
  private final long[] tails = new long[SLOTS];
  private final int[] lengths = new int[SLOTS];

  /** The bytes of names longer than 16 bytes (the rest is in heads and tails). */
  private final byte[][] keys = new byte[SLOTS][];

  private int count;

  /**
   * The string of the plain ASCII name in {@code b[start, end)}, or null when it is too long or too
   * near the end of {@code b} to read eight bytes from {@code start}.
   */
  String get(byte[] b, int start, int end) {
    int len = end - start;
    if (len > MAX_BYTES || start + 8 > b.length) {
      return null;
    }
    long head = (long) LONGS.get(b, start);
    long tail;
    if (len < 8) {
      head &= (1L << (len << 3)) - 1; // only the name's bytes
      tail = 0;
    } else {
      tail = (long) LONGS.get(b, end - 8);
    }
    long x = (head * 0x9E3779B97F4A7C15L) ^ (tail * 0xC2B2AE3D27D4EB4FL) ^ len;
    int first = (int) (x ^ (x >>> 29) ^ (x >>> 47)) & (SLOTS - 1);
    int slot = first;
    while (true) {
      String v = values[slot];
      if (v == null) {
        if (count == MAX_NAMES) {
          clear();
          slot = first;
        }
        String s = new String(b, start, len, StandardCharsets.ISO_8859_1);
        keys[slot] = len > 16 ? Arrays.copyOfRange(b, start, end) : null;
        heads[slot] = head;
        tails[slot] = tail;
        lengths[slot] = len;
        values[slot] = s;
        count++;
        return s;
      }
      if (heads[slot] == head
          && tails[slot] == tail
          && lengths[slot] == len
          && (len <= 16 || sameMiddle(keys[slot], b, start, len))) {
        return v;
      }
      slot = (slot + 1) & (SLOTS - 1);
    }
  }

  /** Forgets every name. */
  private void clear() {
    Arrays.fill(values, null);
    Arrays.fill(keys, null);
    count = 0;
  }

  /** Bytes 8 to len - 8 of a name longer than 16 bytes (head and tail already compared). */
  private static boolean sameMiddle(byte[] k, byte[] b, int start, int len) {
    return Arrays.equals(k, 8, len - 8, b, start + 8, start + len - 8);
  }
}
