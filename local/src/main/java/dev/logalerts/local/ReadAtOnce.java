package dev.logalerts.local;

import dev.logalerts.io.FileLogSource;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * Whether a local run over many files may run out of memory before it starts on the entries. The
 * DirectRunner reads every file's first checkpoint (see {@link FileLogSource#localCheckpointBytes})
 * before any later step runs, and a compressed file whole, so those lines are in the heap at once:
 * 48 files of 18 MB ran a 910 MB heap out and took 2.1 GB of memory with the default 2 GB. Said
 * before the run, so that the person running it knows what to change (a larger {@code -Xmx}, fewer
 * and larger files) rather than learn it from a failed run.
 */
final class ReadAtOnce {
  private ReadAtOnce() {}

  /** What the heap holds per byte of line read and waiting: the bytes, their entries, the rest. */
  static final int HEAP_PER_LINE_BYTE = 3;

  /** Compressed files count at this many times their size, as run-local.sh counts them. */
  static final int COMPRESSION_RATIO = 10;

  /** The note for the files {@code pattern} matches, if the heap may not hold their first reads. */
  static Optional<String> note(String pattern, long maxHeapBytes) {
    List<MatchResult.Metadata> files;
    try {
      files = FileSystems.match(pattern, EmptyMatchTreatment.ALLOW).metadata();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    long checkpoint = FileLogSource.localCheckpointBytes(files.size());
    long atOnce = 0;
    for (MatchResult.Metadata m : files) {
      boolean compressed =
          Compression.detect(m.resourceId().getFilename()) != Compression.UNCOMPRESSED;
      atOnce +=
          compressed ? m.sizeBytes() * COMPRESSION_RATIO : Math.min(m.sizeBytes(), checkpoint);
    }
    return note(files.size(), atOnce, maxHeapBytes);
  }

  static Optional<String> note(int files, long atOnceBytes, long maxHeapBytes) {
    if (files < 2 || atOnceBytes * HEAP_PER_LINE_BYTE <= maxHeapBytes) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "note: a local run reads the start of each of the %d input files (up to %d MB of"
                + " each, compressed ones whole) before it parses any: about %d MB of lines at"
                + " once, for a heap of %d MB. If it runs out of memory, give it more"
                + " (JAVA_OPTS=-Xmx<size>) or read fewer, larger files at a time.",
            files,
            FileLogSource.localCheckpointBytes(files) >> 20,
            atOnceBytes >> 20,
            maxHeapBytes >> 20));
  }
}
