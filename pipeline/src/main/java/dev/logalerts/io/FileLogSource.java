package dev.logalerts.io;

import dev.logalerts.model.BundleCounter;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Map;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads newline-delimited LogEntry JSON files (a Cloud Logging Cloud Storage sink export, or the
 * bundled samples) as raw bytes, one {@link RawEntry} per non-blank line, with attributes {@value
 * #SOURCE_ATTRIBUTE} (the file) and {@value #OFFSET_ATTRIBUTE} (the byte offset where the line
 * starts, in the decompressed data for a compressed file). A file in another shape ({@link
 * FileShape}): JSON text ({@code gcloud logging read --format=json}'s array, {@code jq '.[]'}, API
 * responses) or YAML documents ({@code gcloud logging read}'s default), gives one {@link RawEntry}
 * per entry, compact JSON, the file read in one piece like a compressed one.
 *
 * <p>Lines are read as bytes, not through {@code TextIO}, because TextIO decodes UTF-8 with
 * replacement characters and invalid input must reach the dead-letter table exactly as it was. A
 * line longer than {@code maxLineBytes} is cut there while reading and flagged (its original size
 * kept), so one huge line cannot exhaust a worker's memory; the parser dead-letters it as too
 * large. Blank lines are skipped (they carry no entry), a CRLF ending loses its '\r', gzip and the
 * other {@link Compression#AUTO} formats are read transparently, and so is UTF-16 text ({@link
 * Utf16Input}: what Windows PowerShell's redirect writes), as its UTF-8.
 *
 * <p><b>Why a splittable DoFn over byte offsets.</b> Reading a whole file in one call puts all of
 * its lines in one bundle, which a runner that buffers bundle outputs (the DirectRunner) must hold
 * at once, and gives no parallelism within a file. Here an uncompressed file is a restriction
 * {@code [0, size)} split into {@code splitBytes} chunks (64 MB); a chunk owns the lines that
 * <em>start</em> inside it (TextIO's rule: skip to the first line start after {@code start} unless
 * {@code start == 0}, read past {@code end} to finish the last line), and each line start is
 * claimed before the line is output. The runner can therefore split the rest of a range at any time
 * (Dataflow's dynamic work rebalancing) and checkpoint after every {@code checkpointBytes} (16 MB;
 * more in a local run over few files, see {@link #withoutInitialSplits(int)}) read, which bounds
 * the DirectRunner's bundles (it checkpoints an SDF after 100 outputs; the tracker declines until
 * 16 MB were read, see {@link SpacedCheckpointTracker}); resuming is a seek. The chunks replace the
 * Reshuffle this source used to need. Line numbers would need every byte before a chunk to be
 * scanned, hence the offset attribute. A {@code FileBasedSource} (like TextSource) would do the
 * same through the legacy Source API; the SDF keeps {@code FileIO.match} (and later {@code
 * continuously()}) and fits Dataflow runner v2.
 *
 * <p><b>Compressed files, JSON text and YAML are not splittable</b>: the latter have no line starts
 * to begin a range at, and a gzip stream cannot seek, so resuming at an offset would decompress
 * everything before it again, and checkpointing every few outputs would make a file quadratic. A
 * compressed file is one restriction over its decompressed offsets whose tracker refuses splits and
 * checkpoints, read in one call: fine on Dataflow (outputs stream into the fused next stages), but
 * the DirectRunner buffers such a file's lines in one bundle, so for local runs over large inputs
 * prefer uncompressed files or several smaller ones. When a compressed file's data ends early (an
 * interrupted copy) or is damaged, the entries read up to there are kept and one entry with the
 * {@link RawEntry#FILE_ERROR_ATTRIBUTE} stands for the rest (the parse step dead-letters it as
 * {@code unreadable_file}): one bad file neither fails a backfill nor vanishes from its account.
 */
public class FileLogSource extends PTransform<PBegin, PCollection<RawEntry>> {
  /** Attribute naming the file a line came from. */
  public static final String SOURCE_ATTRIBUTE = "source";

  /** Attribute with the byte offset of the line's first byte (decompressed, 0-based). */
  public static final String OFFSET_ATTRIBUTE = "offset";

  /** Counter of the bytes of the lines read (decompressed, newline included). */
  public static final String BYTES_READ_COUNTER = "input_bytes_read";

  static final long DEFAULT_SPLIT_BYTES = 64L << 20;
  static final long DEFAULT_CHECKPOINT_BYTES = 16L << 20;

  /** Bytes of lines a local run reads between checkpoints, over all its files. */
  static final long LOCAL_BYTES_IN_FLIGHT = 64L << 20;

  private final String filePattern;
  private final int maxLineBytes;
  private final long splitBytes;
  private final long checkpointBytes;

  public FileLogSource(String filePattern, int maxLineBytes) {
    this(filePattern, maxLineBytes, DEFAULT_SPLIT_BYTES, DEFAULT_CHECKPOINT_BYTES);
  }

  /**
   * With the size of the initial chunks of an uncompressed file and the least input read between
   * two checkpoints (both small in tests).
   */
  FileLogSource(String filePattern, int maxLineBytes, long splitBytes, long checkpointBytes) {
    this.filePattern = filePattern;
    this.maxLineBytes = maxLineBytes;
    this.splitBytes = splitBytes;
    this.checkpointBytes = checkpointBytes;
  }

  /**
   * One restriction per file, read front to back with checkpoints: for the DirectRunner, which has
   * no backpressure and starts every initial split at once, so the lines of all of them waited in
   * memory for the slower steps after the read (a 1M-entry local run ran out of a 1 GB heap).
   * Dataflow can still split a running restriction (dynamic work rebalancing).
   */
  FileLogSource withoutInitialSplits() {
    return new FileLogSource(filePattern, maxLineBytes, Long.MAX_VALUE, checkpointBytes);
  }

  /**
   * {@link #withoutInitialSplits()} for a local run over {@code files} files, each checkpointed
   * after {@link #localCheckpointBytes}.
   */
  public FileLogSource withoutInitialSplits(int files) {
    return new FileLogSource(
        filePattern, maxLineBytes, Long.MAX_VALUE, localCheckpointBytes(files));
  }

  /**
   * What a local run over {@code files} files reads of each between checkpoints: its share of
   * {@link #LOCAL_BYTES_IN_FLIGHT}, at least the default 16 MB ({@code 0}, an unknown count: 16
   * MB). The DirectRunner holds each checkpoint's lines until the steps after the read took them,
   * and it reads every file's first checkpoint before any step after the read runs, so the share
   * bounds the lines in memory (five 900 MB files at 64 MB each ran a 1 GB heap out). Fewer, larger
   * bundles cost less: each bundle flushes its partial aggregates into the GroupByKeys, whose state
   * the DirectRunner copies and walks per bundle (one 1M-entry file, 16 MB → 64 MB: 6–7 % less wall
   * and CPU time, shuffled elements 47,209 → 37,725).
   */
  public static long localCheckpointBytes(int files) {
    long share = files > 0 ? LOCAL_BYTES_IN_FLIGHT / files : 0;
    return Math.max(DEFAULT_CHECKPOINT_BYTES, share);
  }

  /** Least input read between two checkpoints (tests). */
  long checkpointBytes() {
    return checkpointBytes;
  }

  @Override
  public PCollection<RawEntry> expand(PBegin input) {
    return input
        .apply("MatchFiles", FileIO.match().filepattern(filePattern))
        .apply("OpenFiles", FileIO.readMatches().withCompression(Compression.AUTO))
        .apply("SplitLines", ParDo.of(new ReadLinesFn(maxLineBytes, splitBytes, checkpointBytes)));
  }

  /** Reads the lines starting inside a byte range of a file. */
  @DoFn.BoundedPerElement
  static class ReadLinesFn extends DoFn<FileIO.ReadableFile, RawEntry> {
    private final int maxLineBytes;
    private final long splitBytes;
    private final long checkpointBytes;
    private final BundleCounter linesRead = BundleCounter.of("lines_read");
    private final Counter linesCut = PipelineCounters.counter("lines_oversized");

    /** Bytes of the lines read, with their newline (decompressed): the local run's progress. */
    private final BundleCounter bytesRead = BundleCounter.of(BYTES_READ_COUNTER);

    ReadLinesFn(int maxLineBytes, long splitBytes, long checkpointBytes) {
      this.maxLineBytes = maxLineBytes;
      this.splitBytes = splitBytes;
      this.checkpointBytes = checkpointBytes;
    }

    /**
     * Whether the file is read in byte ranges: uncompressed, seekable, UTF-8 and lines. JSON text
     * and YAML have no line boundaries to start a range at, UTF-16 is decoded from its start
     * ({@link Utf16Input}); the file's start is peeked at here, once per file.
     */
    private static boolean splittable(FileIO.ReadableFile file) throws IOException {
      if (file.getCompression() != Compression.UNCOMPRESSED
          || !file.getMetadata().isReadSeekEfficient()) {
        return false;
      }
      try (BufferedInputStream in =
          new BufferedInputStream(Channels.newInputStream(file.openSeekable()), 4096)) {
        return FileShape.of(in) == FileShape.LINES
            && Utf16Input.of(in) == null
            && !FileShape.isTar(in)
            && FileShape.compressedByContent(in) == null
            && FileShape.unsupportedCompression(in) == null;
      }
    }

    /** A range read whole, from the start of the (decompressed) content: never split. */
    private static boolean wholeFile(OffsetRange range) {
      return range.getTo() == Long.MAX_VALUE;
    }

    @GetInitialRestriction
    public OffsetRange initialRestriction(@Element FileIO.ReadableFile file) throws IOException {
      return splittable(file)
          ? new OffsetRange(0, file.getMetadata().sizeBytes())
          : new OffsetRange(0, Long.MAX_VALUE);
    }

    @SplitRestriction
    public void splitRestriction(
        @Element FileIO.ReadableFile file,
        @Restriction OffsetRange range,
        OutputReceiver<OffsetRange> out) {
      if (wholeFile(range) || range.getTo() - range.getFrom() <= splitBytes) {
        out.output(range);
        return;
      }
      for (long start = range.getFrom(); start < range.getTo(); start += splitBytes) {
        out.output(new OffsetRange(start, Math.min(range.getTo(), start + splitBytes)));
      }
    }

    @NewTracker
    public RestrictionTracker<OffsetRange, Long> newTracker(
        @Element FileIO.ReadableFile file, @Restriction OffsetRange range) {
      return wholeFile(range)
          ? new UnsplittableTracker(range)
          : new SpacedCheckpointTracker(range, checkpointBytes);
    }

    @GetSize
    public double size(@Element FileIO.ReadableFile file, @Restriction OffsetRange range) {
      // A whole file's range is unbounded: its size on disk is the best estimate of work.
      return wholeFile(range) ? file.getMetadata().sizeBytes() : range.getTo() - range.getFrom();
    }

    @ProcessElement
    public void process(
        @Element FileIO.ReadableFile file,
        RestrictionTracker<OffsetRange, Long> tracker,
        OutputReceiver<RawEntry> out)
        throws IOException {
      String source = file.getMetadata().resourceId().toString();
      LineConsumer entry =
          new LineConsumer() {
            @Override
            public void accept(byte[] line, long offset, long originalSize) {
              if (originalSize > line.length) {
                linesCut.inc();
              }
              output(line, offset, originalSize, null);
            }

            @Override
            public void acceptUnreadable(byte[] document, long offset, String why) {
              output(document, offset, document.length, why);
            }

            private void output(
                byte[] bytes, long offset, long originalSize, @Nullable String why) {
              linesRead.inc();
              String at = Long.toString(offset);
              out.output(
                  RawEntry.of(
                      bytes,
                      why == null
                          ? Map.of(SOURCE_ATTRIBUTE, source, OFFSET_ATTRIBUTE, at)
                          : Map.of(
                              SOURCE_ATTRIBUTE,
                              source,
                              OFFSET_ATTRIBUTE,
                              at,
                              RawEntry.READ_ERROR_ATTRIBUTE,
                              why),
                      originalSize));
            }
          };
      FileError fileError =
          (claim, offset, why) -> {
            tracker.tryClaim(claim);
            linesRead.inc();
            out.output(
                RawEntry.of(
                    new byte[0],
                    Map.of(
                        SOURCE_ATTRIBUTE,
                        source,
                        OFFSET_ATTRIBUTE,
                        Long.toString(offset),
                        RawEntry.FILE_ERROR_ATTRIBUTE,
                        why),
                    0));
            tracker.tryClaim(Long.MAX_VALUE); // the rest of the file is this dead letter
          };
      long from = tracker.currentRestriction().getFrom();
      if (!wholeFile(tracker.currentRestriction())) {
        LineConsumer line = entry.after((offset, size) -> bytesRead.inc(size + 1));
        try (SeekableByteChannel channel = file.openSeekable()) {
          // Start one byte early: if that byte is '\n', the line at `from` is ours.
          long at = Math.max(0, from - 1);
          channel.position(at);
          readLines(Channels.newInputStream(channel), at, tracker, maxLineBytes, line);
        }
      } else {
        // Read whole (lines, JSON text or YAML): the bytes read are those from one entry to the
        // next (indentation and blank lines too), then to the end.
        long[] counted = {0};
        LineConsumer counting =
            entry.after(
                (offset, size) -> {
                  bytesRead.inc(offset - counted[0]);
                  counted[0] = offset;
                });
        // As file.open(), with the stored bytes' channel watched: a failure to read them (storage)
        // is the runner's to retry, one of the decompressor (data cut short or damaged) is not.
        WatchedChannel stored =
            new WatchedChannel(FileSystems.open(file.getMetadata().resourceId()));
        CountingStream content = null;
        Compression compression = file.getCompression();
        try (stored) {
          ReadableByteChannel raw = stored;
          if (compression == Compression.UNCOMPRESSED) {
            // Its name says uncompressed; its first bytes may say otherwise.
            BufferedInputStream head = new BufferedInputStream(Channels.newInputStream(stored));
            String unsupported = FileShape.unsupportedCompression(head);
            if (unsupported != null) {
              fileError.accept(0L, 0, unsupported);
              return;
            }
            Compression byContent = FileShape.compressedByContent(head);
            compression = byContent == null ? compression : byContent;
            raw = Channels.newChannel(head);
          }
          content =
              new CountingStream(
                  compression == Compression.GZIP
                      ? SalvagedGzip.open(Channels.newInputStream(raw))
                      : Channels.newInputStream(compression.readDecompressed(raw)));
          try (BufferedInputStream in = Utf16Input.asUtf8(new BufferedInputStream(content))) {
            if (FileShape.isTar(in)) {
              fileError.accept(0L, 0, TAR_ARCHIVE);
              return;
            }
            bytesRead.inc(FileShape.of(in).read(in, tracker, maxLineBytes, counting) - counted[0]);
          }
        } catch (IOException e) {
          if (stored.failed || compression == Compression.UNCOMPRESSED) {
            throw e;
          }
          long at = content == null ? 0 : content.count;
          // Past every offset claimed: those are of bytes already read.
          fileError.accept(at + 1, at, unreadableRest(compression, at, e));
        } catch (NoClassDefFoundError e) {
          // A format Beam knows by its extension whose library this build leaves out (zstd, lzo).
          if (content != null && content.count > 0) {
            throw e;
          }
          fileError.accept(0L, 0, unsupportedLibrary(compression));
        }
      }
    }

    static String unsupportedLibrary(Compression compression) {
      String format = formatName(compression);
      return format
          + "-compressed files cannot be read by this build (its "
          + format
          + " library is not included): decompress it first"
          + (compression == Compression.ZSTD ? " (zstd -dk FILE)" : "");
    }

    private static String formatName(Compression compression) {
      return compression.name().toLowerCase(java.util.Locale.ROOT);
    }

    static final String TAR_ARCHIVE =
        "a tar archive: the files in it are not read (their lines would be glued to the"
            + " archive's headers); extract it (tar -xf FILE) and give a glob of its files, e.g."
            + " --input='DIR/**'";

    /**
     * Why the rest of a compressed file is lost: its data ends early (an interrupted copy or
     * upload, the usual case) or is damaged.
     */
    static String unreadableRest(Compression compression, long readBytes, IOException e) {
      String format = formatName(compression);
      String detail = e.getMessage() == null ? "" : ": " + e.getMessage().strip();
      return format
          + " data cut short or damaged ("
          + e.getClass().getSimpleName()
          + detail
          + "): nothing past byte "
          + readBytes
          + " of the decompressed content could be read, so the entries from there to the end of"
          + " the file are missing (the entry in progress there too)"
          + (compression == Compression.GZIP
              ? "; a copy cut short? 'gzip -t FILE' checks a file"
              : "");
    }

    @StartBundle
    public void startBundle() {
      linesRead.startBundle();
      bytesRead.startBundle();
    }

    @FinishBundle
    public void finishBundle() {
      linesRead.flush();
      bytesRead.flush();
    }
  }

  /** Receives each non-blank line (or array element, or YAML document). */
  public interface LineConsumer {
    void accept(byte[] line, long offset, long originalSize);

    /**
     * An entry the reader could not read in its file's format (a YAML document that is not YAML),
     * as written, with why; by default handed on as any other (the parser then refuses it).
     */
    default void acceptUnreadable(byte[] entry, long offset, String why) {
      accept(entry, offset, entry.length);
    }

    /** This consumer, with {@code each} told every entry's offset and size first. */
    default LineConsumer after(OffsetAndSize each) {
      LineConsumer next = this;
      return new LineConsumer() {
        @Override
        public void accept(byte[] line, long offset, long originalSize) {
          each.accept(offset, originalSize);
          next.accept(line, offset, originalSize);
        }

        @Override
        public void acceptUnreadable(byte[] entry, long offset, String why) {
          each.accept(offset, entry.length);
          next.acceptUnreadable(entry, offset, why);
        }
      };
    }
  }

  /**
   * Told that the rest of the file, from an offset, could not be read, and why: claims {@code
   * claim} (past what was read), outputs one dead letter at {@code offset} for the rest, and
   * finishes the range.
   */
  interface FileError {
    void accept(long claim, long offset, String why);
  }

  /** A file's stored bytes, remembering whether reading them failed. */
  static final class WatchedChannel implements ReadableByteChannel {
    private final ReadableByteChannel channel;
    boolean failed;

    WatchedChannel(ReadableByteChannel channel) {
      this.channel = channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      try {
        return channel.read(dst);
      } catch (IOException e) {
        failed = true;
        throw e;
      }
    }

    @Override
    public boolean isOpen() {
      return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Counts the bytes read through it. */
  static final class CountingStream extends FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      count += skipped;
      return skipped;
    }

    @Override
    public boolean markSupported() {
      return false;
    }
  }

  /** Told an entry's offset and size. */
  public interface OffsetAndSize {
    void accept(long offset, long size);
  }

  /**
   * Reads the lines that start inside the tracker's range, claiming each line start before reading
   * it. {@code position} is the offset of the stream's next byte (at most the range's start); when
   * the range does not start at 0, the line in progress at {@code start - 1} belongs to the
   * previous range and is skipped. Returns the offset it stopped at.
   */
  static long readLines(
      InputStream in,
      long position,
      RestrictionTracker<OffsetRange, Long> tracker,
      int maxLineBytes,
      LineConsumer consumer)
      throws IOException {
    long from = tracker.currentRestriction().getFrom();
    LineReader reader = new LineReader(in, position, maxLineBytes);
    if (from > 0 && !(reader.skip(from - 1 - position) && reader.skipLine())) {
      tracker.tryClaim(Long.MAX_VALUE); // nothing starts in the range: done
      return reader.position();
    }
    while (true) {
      long lineStart = reader.position();
      if (!tracker.tryClaim(lineStart)) {
        return lineStart; // past the range's end, or the runner split/checkpointed here
      }
      if (!reader.readLine()) {
        tracker.tryClaim(Long.MAX_VALUE); // end of file: marks the rest of the range done
        return reader.position();
      }
      if (!reader.lineIsBlank()) {
        consumer.accept(reader.lineBytes(), lineStart, reader.lineSize());
      }
    }
  }

  /**
   * An offset tracker that refuses a checkpoint (a split at the current position) until it has read
   * {@code minBytes} of its range, so a runner that checkpoints every few outputs (the
   * DirectRunner: every 100 outputs or 1 s) gets bundles of ~{@code minBytes} of input instead of
   * 100 lines. Tiny bundles made the DirectRunner's per-bundle work downstream (state copies and
   * timers of every GroupByKey key, watermark updates) dominate the run. Splits of the remainder
   * ({@code fractionOfRemainder > 0}, Dataflow's dynamic work rebalancing) are always allowed.
   */
  static final class SpacedCheckpointTracker extends OffsetRangeTracker {
    private final long minBytes;

    SpacedCheckpointTracker(OffsetRange range, long minBytes) {
      super(range);
      this.minBytes = minBytes;
    }

    @Override
    public @Nullable SplitResult<OffsetRange> trySplit(double fractionOfRemainder) {
      if (fractionOfRemainder == 0
          && (lastAttemptedOffset == null || lastAttemptedOffset - range.getFrom() < minBytes)) {
        return null;
      }
      return super.trySplit(fractionOfRemainder);
    }
  }

  /**
   * An offset tracker that never splits: for compressed files, where resuming at an offset would
   * decompress everything before it again.
   */
  static final class UnsplittableTracker extends OffsetRangeTracker {
    UnsplittableTracker(OffsetRange range) {
      super(range);
    }

    @Override
    public @Nullable SplitResult<OffsetRange> trySplit(double fractionOfRemainder) {
      return null;
    }
  }
}
