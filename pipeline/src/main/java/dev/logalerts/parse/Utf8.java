package dev.logalerts.parse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF) that
 * also rejects raw NUL bytes. Jackson decodes leniently in places (it does not reject every
 * overlong form or every surrogate), so the parser checks the bytes itself before handing them
 * over.
 *
 * <p>Log lines are almost entirely ASCII, so the scan tests 32, else eight bytes at a time for "all
 * ASCII and no NUL" and only decodes multi-byte sequences where they are.
 */
final class Utf8 {
  private Utf8() {}

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long LOW_BITS = 0x0101010101010101L;

  /**
   * True when every text read from the JSON document {@code b} is ASCII: no byte is 0x80 or above
   * and no {@code \\u} escape appears (which may spell any character; an escaped backslash before a
   * {@code u} counts too, which only costs a false "no"). Once per remembered object, not per
   * entry: the parser's tokenizer answers for what it reads.
   */
  static boolean plainAscii(byte[] b) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] < 0 || (b[i] == '\\' && i + 1 < b.length && b[i + 1] == 'u')) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns -1 when {@code b} is valid UTF-8 without NUL bytes, else the offset of the first byte
   * of the offending sequence.
   */
  static int firstInvalid(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      // Fast paths: 32, then 8 ASCII bytes, none of them NUL (no branch per long in the first).
      if (i + 32 <= n) {
        long v1 = (long) LONGS.get(b, i);
        long v2 = (long) LONGS.get(b, i + 8);
        long v3 = (long) LONGS.get(b, i + 16);
        long v4 = (long) LONGS.get(b, i + 24);
        long bad =
            v1
                | v2
                | v3
                | v4
                | ((v1 - LOW_BITS) & ~v1)
                | ((v2 - LOW_BITS) & ~v2)
                | ((v3 - LOW_BITS) & ~v3)
                | ((v4 - LOW_BITS) & ~v4);
        if ((bad & HIGH_BITS) == 0) {
          i += 32;
          continue;
        }
      }
      if (i + 8 <= n) {
        long v = (long) LONGS.get(b, i);
        if ((v & HIGH_BITS) == 0 && ((v - LOW_BITS) & ~v & HIGH_BITS) == 0) {
          i += 8;
          continue;
        }
      }
      int c = b[i] & 0xff;
      if (c < 0x80) {
        if (c == 0) {
          return i;
        }
        i++;
        continue;
      }
      int len = sequenceLength(b, i, n);
      if (len < 0) {
        return i;
      }
      i += len;
    }
    return -1;
  }

  /**
   * The length (2–4) of the valid multi-byte sequence at {@code b[i]} (a byte >= 0x80) that ends at
   * or before {@code n}, or -1 when it is not one: the strict rules of {@link #firstInvalid}.
   */
  static int sequenceLength(byte[] b, int i, int n) {
    int c = b[i] & 0xff;
    int len;
    int min2; // allowed range of the second byte
    int max2;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
      min2 = 0x80;
      max2 = 0xbf;
    } else if (c == 0xe0) {
      len = 3;
      min2 = 0xa0; // no overlong 3-byte forms
      max2 = 0xbf;
    } else if (c == 0xed) {
      len = 3;
      min2 = 0x80;
      max2 = 0x9f; // no UTF-16 surrogates
    } else if (c >= 0xe1 && c <= 0xef) {
      len = 3;
      min2 = 0x80;
      max2 = 0xbf;
    } else if (c == 0xf0) {
      len = 4;
      min2 = 0x90; // no overlong 4-byte forms
      max2 = 0xbf;
    } else if (c >= 0xf1 && c <= 0xf3) {
      len = 4;
      min2 = 0x80;
      max2 = 0xbf;
    } else if (c == 0xf4) {
      len = 4;
      min2 = 0x80;
      max2 = 0x8f; // nothing above U+10FFFF
    } else {
      return -1; // continuation byte without a lead, 0xc0/0xc1 overlong leads, 0xf5..0xff
    }
    if (i + len > n) {
      return -1;
    }
    int c2 = b[i + 1] & 0xff;
    if (c2 < min2 || c2 > max2) {
      return -1;
    }
    for (int k = 2; k < len; k++) {
      if ((b[i + k] & 0xc0) != 0x80) {
        return -1;
      }
    }
    return len;
  }
}
