package dev.logalerts.parse;

/** The text of JSON strings the fast parser has validated. */
final class JsonStrings {
  private JsonStrings() {}

  /**
   * Decodes the validated string text {@code b[start, end)} (escapes and UTF-8) into {@code out},
   * which has room for {@code end - start} chars; returns the number of chars written.
   */
  static int decode(byte[] b, int start, int end, char[] out) {
    int j = 0;
    int i = start;
    while (i < end) {
      int c = b[i];
      if (c >= 0 && c != '\\') {
        out[j++] = (char) c;
        i++;
      } else if (c == '\\') {
        int e = b[i + 1];
        switch (e) {
          case 'b':
            out[j++] = '\b';
            break;
          case 'f':
            out[j++] = '\f';
            break;
          case 'n':
            out[j++] = '\n';
            break;
          case 'r':
            out[j++] = '\r';
            break;
          case 't':
            out[j++] = '\t';
            break;
          case 'u':
            // One char per escape, as Jackson does (a surrogate pair is two escapes).
            out[j++] =
                (char)
                    (LogNames.hex(b[i + 2]) << 12
                        | LogNames.hex(b[i + 3]) << 8
                        | LogNames.hex(b[i + 4]) << 4
                        | LogNames.hex(b[i + 5]));
            i += 4;
            break;
          default: // '"', '\\', '/'
            out[j++] = (char) e;
        }
        i += 2;
      } else {
        c &= 0xff;
        if (c < 0xe0) {
          out[j++] = (char) ((c & 0x1f) << 6 | (b[i + 1] & 0x3f));
          i += 2;
        } else if (c < 0xf0) {
          out[j++] = (char) ((c & 0x0f) << 12 | (b[i + 1] & 0x3f) << 6 | (b[i + 2] & 0x3f));
          i += 3;
        } else {
          int cp =
              (c & 0x07) << 18
                  | (b[i + 1] & 0x3f) << 12
                  | (b[i + 2] & 0x3f) << 6
                  | (b[i + 3] & 0x3f);
          out[j++] = Character.highSurrogate(cp);
          out[j++] = Character.lowSurrogate(cp);
          i += 4;
        }
      }
    }
    return j;
  }
}
