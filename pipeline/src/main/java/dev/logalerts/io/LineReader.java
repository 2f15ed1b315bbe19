package dev.logalerts.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads '\n'-terminated lines of bytes from a stream, tracking the byte offset of each line so a
 * reader can own the lines that start inside a byte range. Keeps at most {@code maxLineBytes} of a
 * line (counting the rest in {@link #lineSize()}), drops the '\r' of a CRLF ending. One reusable
 * line buffer: the only per-line allocation is the caller's {@link #lineBytes()} copy.
 */
final class LineReader extends BufferedBytes {
  private final int maxLineBytes;
  private byte[] line = new byte[1024];
  private int lineLen;
  private long lineSize;

  /** The last byte of the line read so far (kept or not): tells a CRLF ending of a cut line. */
  private byte lastByte;

  /** Whether the part of the line beyond {@code maxLineBytes} (not kept) has a non-blank byte. */
  private boolean cutPartNonBlank;

  /** {@code position} is the file offset of the stream's next byte. */
  LineReader(InputStream in, long position, int maxLineBytes) {
    super(in, position);
    this.maxLineBytes = maxLineBytes;
  }

  /** Skips {@code n} bytes; returns false if the stream ended first. */
  boolean skip(long n) throws IOException {
    while (n > 0) {
      if (!fill()) {
        return false;
      }
      int step = (int) Math.min(n, limit - pos);
      pos += step;
      n -= step;
    }
    return true;
  }

  /** Skips past the next '\n'; returns false if the stream ended first. */
  boolean skipLine() throws IOException {
    while (fill()) {
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          pos = i + 1;
          return true;
        }
      }
      pos = limit;
    }
    return false;
  }

  /**
   * Reads the line starting at {@link #position()}. Returns false at the end of the stream (no
   * bytes left); a last line without '\n' is still a line.
   */
  boolean readLine() throws IOException {
    lineLen = 0;
    lineSize = 0;
    lastByte = 0;
    cutPartNonBlank = false;
    boolean any = false;
    while (fill()) {
      any = true;
      int end = pos;
      while (end < limit && buf[end] != '\n') {
        end++;
      }
      append(pos, end - pos);
      if (end < limit) {
        pos = end + 1;
        stripCarriageReturn();
        return true;
      }
      pos = limit;
    }
    stripCarriageReturn();
    return any;
  }

  private void append(int off, int len) {
    int room = (int) Math.max(0, Math.min(len, maxLineBytes - lineSize));
    if (room > 0) {
      if (lineLen + room > line.length) {
        line =
            Arrays.copyOf(line, Math.max(lineLen + room, Math.min(maxLineBytes, line.length * 2)));
      }
      System.arraycopy(buf, off, line, lineLen, room);
      lineLen += room;
    }
    for (int i = off + room; i < off + len && !cutPartNonBlank; i++) {
      cutPartNonBlank = !isBlank(buf[i]);
    }
    if (len > 0) {
      lastByte = buf[off + len - 1];
    }
    lineSize += len;
  }

  /**
   * CRLF: the '\r' that ends the line belongs to the line ending, also when the line was cut (it is
   * then not among the kept bytes, but it is not part of the line's size either).
   */
  private void stripCarriageReturn() {
    if (lineSize > 0 && lastByte == '\r') {
      if (lineLen == lineSize) {
        lineLen--;
      }
      lineSize--;
    }
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\r';
  }

  /** True if the whole line (its cut part included) holds only spaces, tabs and '\r'. */
  boolean lineIsBlank() {
    if (cutPartNonBlank) {
      return false;
    }
    for (int i = 0; i < lineLen; i++) {
      if (!isBlank(line[i])) {
        return false;
      }
    }
    return true;
  }

  /** A copy of the kept bytes of the last line read. */
  byte[] lineBytes() {
    return Arrays.copyOf(line, lineLen);
  }

  /** Size of the last line read as it was in the input (without its line ending). */
  long lineSize() {
    return lineSize;
  }
}
