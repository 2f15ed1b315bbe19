package dev.logalerts.parse;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/** A CharSequence over Jackson's current text buffer, reused within one parse. */
final class CharsView implements CharSequence {
  private char[] buf;
  private int off;
  private int len;

  CharSequence of(JsonParser p) throws IOException {
    buf = p.getTextCharacters();
    off = p.getTextOffset();
    len = p.getTextLength();
    return this;
  }

  @Override
  public int length() {
    return len;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= len) {
      throw new IndexOutOfBoundsException("index " + index + ", length " + len);
    }
    return buf[off + index];
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return toString().substring(start, end);
  }

  @Override
  public String toString() {
    return new String(buf, off, len);
  }
}
