package dev.logalerts.io;

import dev.logalerts.io.FileLogSource.LineConsumer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;

/**
 * The entries of one exported file, read as the job's {@link FileLogSource} reads them (lines, JSON
 * text or YAML documents, see {@link FileShape}), for the tools that read exports outside a
 * pipeline: the exclusion check and recorded rule-test inputs see the same entries, byte for byte,
 * as the job would.
 */
public final class EntryStreams {
  private EntryStreams() {}

  /**
   * Hands each entry of the (decompressed) stream to {@code consumer}, with the offset of its first
   * byte; an entry over {@code maxBytes} is cut there, its size kept.
   */
  public static void forEachEntry(InputStream stream, int maxBytes, LineConsumer consumer)
      throws IOException {
    BufferedInputStream in = Utf16Input.asUtf8(new BufferedInputStream(stream));
    OffsetRangeTracker all = new OffsetRangeTracker(new OffsetRange(0, Long.MAX_VALUE));
    FileShape.of(in).read(in, all, maxBytes, consumer);
  }
}
