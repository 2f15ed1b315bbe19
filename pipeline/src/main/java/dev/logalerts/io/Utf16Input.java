package dev.logalerts.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A file of UTF-16 text, read as the UTF-8 it would be: what Windows PowerShell 5's {@code >}
 * writes ({@code gcloud logging read --format=json > logs.json} gives UTF-16LE with a byte order
 * mark), and what some editors save as "Unicode". Read as bytes, every line of such a file is
 * invalid UTF-8 and its entries are split at every NUL, so 15 entries came out as hundreds of
 * {@code invalid_utf8} dead letters. The text is decoded (a malformed sequence becomes U+FFFD) and
 * handed on as UTF-8, so offsets and dead letters are those of the UTF-8 text; such a file is read
 * whole, as a compressed one.
 */
final class Utf16Input {
  private Utf16Input() {}

  private static final int PEEK = 64;

  /**
   * UTF-16LE or UTF-16BE when the stream starts with that byte order mark, or, without one, with
   * text whose characters are mostly ASCII (JSON or YAML starts so): a NUL byte on the same side of
   * at least 3 pairs of bytes in 4, hardly ever on the other; else null. Marks and resets {@code
   * in}.
   */
  static @Nullable Charset of(BufferedInputStream in) throws IOException {
    byte[] head = FileShape.peek(in, PEEK);
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
      return StandardCharsets.UTF_16LE;
    }
    if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
      return StandardCharsets.UTF_16BE;
    }
    int pairs = head.length / 2;
    if (pairs < 2) {
      return null;
    }
    // Mostly ASCII (a NUL byte in each such character's pair), hardly a NUL on the other side
    // (the low half of a surrogate or another character may end in 00).
    int lowFirst = 0;
    int highFirst = 0;
    for (int i = 0; i < pairs * 2; i += 2) {
      if (head[i] != 0 && head[i + 1] == 0) {
        lowFirst++;
      } else if (head[i] == 0 && head[i + 1] != 0) {
        highFirst++;
      }
    }
    int most = pairs * 3 / 4;
    int few = pairs / 8;
    return lowFirst >= most && highFirst <= few
        ? StandardCharsets.UTF_16LE
        : highFirst >= most && lowFirst <= few ? StandardCharsets.UTF_16BE : null;
  }

  /** {@code in} as UTF-8 when it is UTF-16 ({@link #of}), else {@code in} itself. */
  static BufferedInputStream asUtf8(BufferedInputStream in) throws IOException {
    Charset utf16 = of(in);
    return utf16 == null
        ? in
        : new BufferedInputStream(new Utf8Stream(new InputStreamReader(in, utf16)));
  }

  /** The characters of a reader as UTF-8 bytes. */
  private static final class Utf8Stream extends InputStream {
    private final Reader reader;
    private final char[] chars = new char[8192];
    private byte[] bytes = new byte[0];
    private int pos;

    /** A high surrogate read last, held back until its low surrogate arrives. */
    private int pending = -1;

    Utf8Stream(Reader reader) {
      this.reader = reader;
    }

    private boolean fill() throws IOException {
      while (pos == bytes.length) {
        int start = 0;
        if (pending >= 0) {
          chars[0] = (char) pending;
          pending = -1;
          start = 1;
        }
        int n = reader.read(chars, start, chars.length - start);
        if (n < 0) {
          if (start == 0) {
            return false;
          }
          n = 0; // a lone high surrogate at the end: encoded as a replacement
        }
        int len = start + n;
        if (n > 0 && Character.isHighSurrogate(chars[len - 1])) {
          pending = chars[--len];
        }
        bytes = new String(chars, 0, len).getBytes(StandardCharsets.UTF_8);
        pos = 0;
      }
      return true;
    }

    @Override
    public int read() throws IOException {
      return fill() ? bytes[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, bytes.length - pos);
      System.arraycopy(bytes, pos, b, off, n);
      pos += n;
      return n;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
