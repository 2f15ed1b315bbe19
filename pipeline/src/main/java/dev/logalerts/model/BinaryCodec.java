package dev.logalerts.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.coders.CoderException;

/** Varint and string primitives shared by this package's hand-written coders. */
public final class BinaryCodec {
  private BinaryCodec() {}

  /**
   * Zig-zag varint, so that -1 (absent) costs one byte. Written with one call to {@code out}: the
   * streams Beam hands a coder pass each single-byte write through a wrapper to a synchronized
   * {@code ByteArrayOutputStream.write}, three calls per byte of a nine-byte timestamp.
   */
  public static void writeVarLong(OutputStream out, long v) throws IOException {
    long z = (v << 1) ^ (v >> 63);
    if ((z & ~0x7FL) == 0) {
      out.write((int) z);
      return;
    }
    byte[] buf = new byte[10];
    int n = 0;
    while ((z & ~0x7FL) != 0) {
      buf[n++] = (byte) ((z & 0x7F) | 0x80);
      z >>>= 7;
    }
    buf[n++] = (byte) z;
    out.write(buf, 0, n);
  }

  public static long readVarLong(InputStream in) throws IOException {
    long z = 0;
    int shift = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new CoderException("truncated varint");
      }
      z |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 63) {
        throw new CoderException("varint too long");
      }
    }
    return (z >>> 1) ^ -(z & 1);
  }

  public static void writeString(OutputStream out, String s) throws IOException {
    if (s.isEmpty()) {
      out.write(0);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeVarLong(out, bytes.length);
    out.write(bytes);
  }

  public static String readString(InputStream in) throws IOException {
    return readString(in, readVarLong(in));
  }

  /**
   * The rest of a string whose length varint was already read (a coder that looked at it to tell an
   * older encoding from a newer one).
   */
  public static String readString(InputStream in, long length) throws IOException {
    if (length == 0) {
      return "";
    }
    if (length < 0 || length > Integer.MAX_VALUE) {
      throw new CoderException("bad string length " + length);
    }
    return new String(readBytes(in, (int) length), StandardCharsets.UTF_8);
  }

  public static void writeBytes(OutputStream out, byte[] bytes) throws IOException {
    writeVarLong(out, bytes.length);
    out.write(bytes);
  }

  public static byte[] readBytes(InputStream in) throws IOException {
    int n = (int) readVarLong(in);
    if (n < 0) {
      throw new CoderException("negative length");
    }
    return readBytes(in, n);
  }

  private static byte[] readBytes(InputStream in, int n) throws IOException {
    byte[] bytes = new byte[n];
    int off = 0;
    while (off < n) {
      int r = in.read(bytes, off, n - off);
      if (r < 0) {
        throw new CoderException("truncated bytes");
      }
      off += r;
    }
    return bytes;
  }
}
