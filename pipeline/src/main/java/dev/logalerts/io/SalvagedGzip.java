package dev.logalerts.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * A gzip file's content as Beam's {@code Compression.GZIP} reads it (every member of a concatenated
 * file; a file that does not start with gzip's magic bytes as it is), but a file cut short or
 * damaged gives every byte the decompressor produced before the failure, then the failure.
 *
 * <p>Why not Beam's: its decompressor fills the whole buffer asked for before it returns, so when
 * the data ends early it throws with the bytes already inflated into the caller's buffer (and the
 * channel Beam wraps around it drops those of its earlier reads too): the last complete entries
 * before the damage, up to a buffer's worth, were lost with the rest, and the dead letter said
 * nothing past that point could be read while {@code zcat} reads them. Here a read that fails after
 * inflating some bytes returns them (the decompressor counts what it inflated), and the next read
 * throws the failure.
 */
final class SalvagedGzip extends FilterInputStream {
  private final GzipCompressorInputStream gzip;
  private final byte[] one = new byte[1];
  private IOException pending;

  private SalvagedGzip(GzipCompressorInputStream gzip) {
    super(gzip);
    this.gzip = gzip;
  }

  /** {@code raw}'s content: decompressed when it starts with gzip's magic bytes, else as it is. */
  static InputStream open(InputStream raw) throws IOException {
    PushbackInputStream in = new PushbackInputStream(raw, 2);
    byte[] head = in.readNBytes(2);
    in.unread(head);
    if (head.length < 2 || (head[0] & 0xFF) != 0x1F || (head[1] & 0xFF) != 0x8B) {
      return in;
    }
    return new SalvagedGzip(new GzipCompressorInputStream(in, true));
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n <= 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (pending != null) {
      throw pending;
    }
    long before = gzip.getUncompressedCount();
    try {
      return gzip.read(b, off, len);
    } catch (IOException e) {
      int inflated = (int) (gzip.getUncompressedCount() - before);
      if (inflated <= 0) {
        throw e;
      }
      pending = e;
      return inflated;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 8192)];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (r <= 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  /** Nothing is promised without a read: a reader that loops while bytes are "available" stops. */
  @Override
  public int available() {
    return 0;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
