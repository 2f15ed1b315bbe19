package dev.logalerts.io;

import dev.logalerts.model.RawEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.Map;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads newline-delimited LogEntry JSON files (a Cloud Logging Cloud Storage sink export, or the
 * bundled samples) as raw bytes, one {@link RawEntry} per line.
 *
 * <p>Lines are read as bytes, not through {@code TextIO}, because TextIO decodes UTF-8 with
 * replacement characters and invalid input must reach the dead-letter table exactly as it was. A
 * line longer than {@code maxLineBytes} is cut there and flagged (its original size kept), so one
 * huge line cannot exhaust a worker's memory; the parser dead-letters it as too large. Blank lines
 * are skipped (they carry no entry), gzip files are read transparently.
 */
public class FileLogSource extends PTransform<PBegin, PCollection<RawEntry>> {
  /** Attribute naming the file a line came from. */
  public static final String SOURCE_ATTRIBUTE = "source";
  /** Attribute with the 1-based line number. */
  public static final String LINE_ATTRIBUTE = "line";

  private final String filePattern;
  private final int maxLineBytes;

  public FileLogSource(String filePattern, int maxLineBytes) {
    this.filePattern = filePattern;
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public PCollection<RawEntry> expand(PBegin input) {
    return input
        .apply("MatchFiles", FileIO.match().filepattern(filePattern))
        .apply("OpenFiles", FileIO.readMatches().withCompression(Compression.AUTO))
        .apply("SplitLines", ParDo.of(new ReadLinesFn(maxLineBytes)))
        // Lines of one file come out of one DoFn call; spread them before the per-entry work.
        .apply("SpreadLines", Reshuffle.viaRandomKey());
  }

  /** Splits a file into lines of bytes, bounded in length. */
  static class ReadLinesFn extends DoFn<FileIO.ReadableFile, RawEntry> {
    private final int maxLineBytes;
    private final Counter linesRead = Metrics.counter("logalerts", "lines_read");
    private final Counter linesCut = Metrics.counter("logalerts", "lines_oversized");

    ReadLinesFn(int maxLineBytes) {
      this.maxLineBytes = maxLineBytes;
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<RawEntry> out)
        throws IOException {
      String source = file.getMetadata().resourceId().toString();
      try (InputStream in = Channels.newInputStream(file.open())) {
        splitLines(
            in,
            maxLineBytes,
            (bytes, lineNumber, originalSize) -> {
              linesRead.inc();
              if (originalSize > bytes.length) {
                linesCut.inc();
              }
              out.output(
                  RawEntry.of(
                      bytes,
                      Map.of(SOURCE_ATTRIBUTE, source, LINE_ATTRIBUTE, Long.toString(lineNumber)),
                      originalSize));
            });
      }
    }
  }

  /** Receives each non-blank line. */
  interface LineConsumer {
    void accept(byte[] line, long lineNumber, long originalSize);
  }

  /**
   * Splits a stream on '\n' (dropping a trailing '\r'), keeping at most {@code maxLineBytes} of
   * each line. Blank lines are skipped.
   */
  static void splitLines(InputStream in, int maxLineBytes, LineConsumer consumer)
      throws IOException {
    byte[] buf = new byte[64 * 1024];
    ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    long lineNumber = 1;
    long lineSize = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          lineSize += appendBounded(line, buf, start, i - start, lineSize, maxLineBytes);
          emit(line, lineNumber, lineSize, consumer);
          line.reset();
          lineSize = 0;
          lineNumber++;
          start = i + 1;
        }
      }
      lineSize += appendBounded(line, buf, start, n - start, lineSize, maxLineBytes);
    }
    emit(line, lineNumber, lineSize, consumer);
  }

  private static long appendBounded(
      ByteArrayOutputStream line, byte[] buf, int off, int len, long sizeSoFar, int max) {
    long room = Math.max(0, max - sizeSoFar);
    line.write(buf, off, (int) Math.min(room, len));
    return len;
  }

  private static void emit(
      ByteArrayOutputStream line, long lineNumber, long size, LineConsumer consumer) {
    byte[] bytes = line.toByteArray();
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\r' && size == end) {
      end--;
      size--;
    }
    if (isBlank(bytes, end)) {
      return;
    }
    byte[] out = end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end);
    consumer.accept(out, lineNumber, size);
  }

  private static boolean isBlank(byte[] bytes, int end) {
    for (int i = 0; i < end; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
