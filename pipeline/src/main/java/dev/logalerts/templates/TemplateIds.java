package dev.logalerts.templates;

/**
 * The template id function: 64-bit FNV-1a over the template's UTF-8 bytes, finished with the
 * MurmurHash3 64-bit mixer, printed as 16 lower-case hex digits.
 *
 * <p>Hand-written (no library) on purpose: the id is part of the stored data (BigQuery rows are
 * joined on it across days and releases), so it must never change because a dependency changed its
 * hashing. It is simple enough to recompute in SQL or Python from the template text.
 */
final class TemplateIds {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TemplateIds() {}

  /** Returns the 16-hex-digit id of {@code template}. */
  static String idOf(CharSequence template) {
    int n = template.length();
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      chars[i] = template.charAt(i);
    }
    return idOf(chars, n);
  }

  /** Returns the 16-hex-digit id of the template {@code template[0, n)}. */
  static String idOf(char[] template, int n) {
    long h = FNV_OFFSET;
    for (int i = 0; i < n; i++) {
      char c = template[i];
      if (c < 0x80) {
        h = (h ^ c) * FNV_PRIME;
      } else if (c < 0x800) {
        h = (h ^ (0xc0 | (c >> 6))) * FNV_PRIME;
        h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(template[i + 1])) {
        int cp = Character.toCodePoint(c, template[++i]);
        h = (h ^ (0xf0 | (cp >> 18))) * FNV_PRIME;
        h = (h ^ (0x80 | ((cp >> 12) & 0x3f))) * FNV_PRIME;
        h = (h ^ (0x80 | ((cp >> 6) & 0x3f))) * FNV_PRIME;
        h = (h ^ (0x80 | (cp & 0x3f))) * FNV_PRIME;
      } else {
        // BMP char (a lone surrogate is hashed as its 3-byte form, like CESU; never throws).
        h = (h ^ (0xe0 | (c >> 12))) * FNV_PRIME;
        h = (h ^ (0x80 | ((c >> 6) & 0x3f))) * FNV_PRIME;
        h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
      }
    }
    // MurmurHash3 fmix64: FNV's low bits mix poorly; this spreads every input bit over the id.
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = HEX[(int) (h & 0xf)];
      h >>>= 4;
    }
    return new String(out);
  }
}
