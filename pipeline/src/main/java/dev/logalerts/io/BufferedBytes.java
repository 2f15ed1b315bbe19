package dev.logalerts.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream read through one reused 64 KB buffer that knows the file offset of every byte: the
 * common part of {@link LineReader} and {@link JsonDocumentReader}, which hand entries on with the
 * offset they start at.
 */
abstract class BufferedBytes {
  private final InputStream in;
  final byte[] buf = new byte[64 * 1024];
  int pos;
  int limit;

  /** Offset in the file of {@code buf[0]}. */
  private long bufStart;

  /** {@code position} is the file offset of the stream's next byte. */
  BufferedBytes(InputStream in, long position) {
    this.in = in;
    this.bufStart = position;
  }

  /** File offset of the next unread byte, {@code buf[pos]}. */
  final long position() {
    return bufStart + pos;
  }

  /**
   * Makes {@code buf[pos, pos + n)} readable, for a look ahead of at most {@code n} bytes (n at
   * most the buffer's size); false when the stream ends first (what is left is then readable).
   */
  final boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    System.arraycopy(buf, pos, buf, 0, limit - pos);
    bufStart += pos;
    limit -= pos;
    pos = 0;
    while (limit < n) {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        return false;
      }
      limit += r;
    }
    return true;
  }

  /** Makes {@code buf[pos]} readable; false at the end of the stream. */
  final boolean fill() throws IOException {
    if (pos < limit) {
      return true;
    }
    bufStart += limit;
    pos = 0;
    limit = 0;
    int n;
    do {
      n = in.read(buf);
    } while (n == 0);
    if (n < 0) {
      return false;
    }
    limit = n;
    return true;
  }
}
