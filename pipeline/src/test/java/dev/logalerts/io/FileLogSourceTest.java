package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class FileLogSourceTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();
  @Rule public final transient TemporaryFolder tmp = new TemporaryFolder();

  /** A line as read: offset, size in the input, kept bytes (as Latin-1 text, byte-exact). */
  private static String line(long offset, long size, byte[] bytes) {
    return offset + ":" + size + ":" + new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Reads the lines starting in [from, to) the way a restriction does, from a seeked stream. */
  private static List<String> readRange(
      byte[] input, RestrictionTracker<OffsetRange, Long> tracker, int max) throws Exception {
    List<String> lines = new ArrayList<>();
    long at = Math.max(0, tracker.currentRestriction().getFrom() - 1);
    ByteArrayInputStream in = new ByteArrayInputStream(input, (int) at, input.length);
    FileLogSource.readLines(in, at, tracker, max, (b, o, s) -> lines.add(line(o, s, b)));
    tracker.checkDone();
    return lines;
  }

  private static List<String> readWhole(byte[] input, int max) throws Exception {
    return readRange(input, new OffsetRangeTracker(new OffsetRange(0, input.length)), max);
  }

  /** Reads in chunks of {@code split} bytes, concatenating the chunks' lines in order. */
  private static List<String> readSplit(byte[] input, int split, int max) throws Exception {
    List<String> lines = new ArrayList<>();
    for (long start = 0; start < input.length; start += split) {
      OffsetRange range = new OffsetRange(start, Math.min(input.length, start + split));
      lines.addAll(readRange(input, new OffsetRangeTracker(range), max));
    }
    return lines;
  }

  private static byte[] manyLines() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < 300; i++) {
      out.write(
          ("{\"insertId\":\"" + i + "\",\"pad\":\"" + "x".repeat(i % 37) + "\"}")
              .getBytes(StandardCharsets.UTF_8));
      out.write(i % 5 == 0 ? "\r\n".getBytes(StandardCharsets.UTF_8) : new byte[] {'\n'});
      if (i % 7 == 0) {
        out.write("  \n\n".getBytes(StandardCharsets.UTF_8)); // blank lines: skipped
      }
      if (i % 11 == 0) {
        out.write(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'}); // invalid UTF-8, kept
      }
    }
    out.write("{\"last\":true}".getBytes(StandardCharsets.UTF_8)); // no trailing newline
    return out.toByteArray();
  }

  @Test
  public void splitsOnNewlinesDropsCarriageReturnsAndBlankLines() throws Exception {
    assertThat(readWhole("a\r\n\n  \nbb\ncc".getBytes(StandardCharsets.UTF_8), 100))
        .containsExactly("0:1:a", "7:2:bb", "10:2:cc")
        .inOrder();
  }

  @Test
  public void emptyInputHasNoLines() throws Exception {
    assertThat(readWhole(new byte[0], 100)).isEmpty();
    assertThat(readWhole("\n\r\n \n".getBytes(StandardCharsets.UTF_8), 100)).isEmpty();
  }

  @Test
  public void cutsOversizedLinesButKeepsTheirSize() throws Exception {
    byte[] big = new byte[200_000];
    Arrays.fill(big, (byte) 'x');
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.write(big);
    in.write('\n');
    in.write("ok".getBytes(StandardCharsets.UTF_8));
    byte[] input = in.toByteArray();
    List<String> expected = List.of(line(0, 200_000, Arrays.copyOf(big, 1000)), "200001:2:ok");
    assertThat(readWhole(input, 1000)).containsExactlyElementsIn(expected).inOrder();
    // A split inside the long line: its owner reads past the split end, the next chunk skips it.
    assertThat(readSplit(input, 70_000, 1000)).containsExactlyElementsIn(expected).inOrder();
  }

  @Test
  public void everySplitSizeReadsEachLineExactlyOnce() throws Exception {
    byte[] input = manyLines();
    List<String> whole = readWhole(input, 1 << 20);
    assertThat(whole).hasSize(300 + 28 + 1);
    // Chunk ends fall on every kind of position: mid-line, on '\r', on '\n', on a line start.
    for (int split : new int[] {3, 7, 13, 40, 41, 64, 100, 257, 1000, 4096}) {
      assertThat(readSplit(input, split, 1 << 20)).containsExactlyElementsIn(whole).inOrder();
    }
  }

  @Test
  public void resumesAfterACheckpointWithoutLosingOrRepeatingLines() throws Exception {
    byte[] input = manyLines();
    List<String> whole = readWhole(input, 1 << 20);
    for (int stopAfter : new int[] {1, 5, 50, 200}) {
      // The runner checkpoints (trySplit(0)) after `stopAfter` outputs, then runs the residual.
      OffsetRangeTracker tracker = new OffsetRangeTracker(new OffsetRange(0, input.length));
      List<String> lines = new ArrayList<>();
      List<SplitResult<OffsetRange>> residual = new ArrayList<>();
      FileLogSource.readLines(
          new ByteArrayInputStream(input),
          0,
          tracker,
          1 << 20,
          (b, o, s) -> {
            lines.add(line(o, s, b));
            if (lines.size() == stopAfter) {
              residual.add(tracker.trySplit(0));
            }
          });
      tracker.checkDone();
      assertThat(lines).hasSize(stopAfter);
      lines.addAll(
          readRange(input, new OffsetRangeTracker(residual.get(0).getResidual()), 1 << 20));
      assertThat(lines).containsExactlyElementsIn(whole).inOrder();
    }
  }

  @Test
  public void compressedFilesRefuseSplits() {
    FileLogSource.UnsplittableTracker tracker =
        new FileLogSource.UnsplittableTracker(new OffsetRange(0, Long.MAX_VALUE));
    assertThat(tracker.tryClaim(0L)).isTrue();
    assertThat(tracker.trySplit(0)).isNull();
    assertThat(tracker.trySplit(0.5)).isNull();
    assertThat(tracker.tryClaim(10L)).isTrue();
  }

  @Test
  public void checkpointsOnlyAfterEnoughInputButSplitsTheRestAnyTime() {
    FileLogSource.SpacedCheckpointTracker tracker =
        new FileLogSource.SpacedCheckpointTracker(new OffsetRange(1000, 5000), 100);
    assertThat(tracker.trySplit(0)).isNull();
    assertThat(tracker.tryClaim(1050L)).isTrue();
    assertThat(tracker.trySplit(0)).isNull();
    SplitResult<OffsetRange> half = tracker.trySplit(0.5);
    assertThat(half.getResidual().getTo()).isEqualTo(5000);
    assertThat(tracker.tryClaim(1100L)).isTrue();
    SplitResult<OffsetRange> checkpoint = tracker.trySplit(0);
    assertThat(checkpoint.getPrimary()).isEqualTo(new OffsetRange(1000, 1101));
    assertThat(tracker.tryClaim(1200L)).isFalse();
  }

  /** Each entry as file:offset:size:hex bytes. */
  static PCollection<String> describe(PCollection<RawEntry> entries) {
    return entries.apply(
        MapElements.into(TypeDescriptors.strings())
            .via(
                r ->
                    new File(r.attributes().get(FileLogSource.SOURCE_ATTRIBUTE)).getName()
                        + ":"
                        + r.attributes().get(FileLogSource.OFFSET_ATTRIBUTE)
                        + ":"
                        + r.originalSize()
                        + ":"
                        + HexFormat.of().formatHex(r.payload())));
  }

  static String expected(String file, long offset, byte[] bytes) {
    return file + ":" + offset + ":" + bytes.length + ":" + HexFormat.of().formatHex(bytes);
  }

  @Test
  public void readsPlainAndGzipFilesKeepingBytesExactly() throws Exception {
    File plain = tmp.newFile("a.jsonl");
    byte[] invalidUtf8 = {'{', (byte) 0xC3, (byte) 0x28, '}'};
    try (OutputStream o = new FileOutputStream(plain)) {
      o.write("{\"x\":1}\r\n".getBytes(StandardCharsets.UTF_8));
      o.write(invalidUtf8);
      o.write('\n');
    }
    File gz = tmp.newFile("b.jsonl.gz");
    try (OutputStream o = new GZIPOutputStream(new FileOutputStream(gz))) {
      o.write("{\"y\":2}\n\n{\"z\":3}".getBytes(StandardCharsets.UTF_8));
    }
    tmp.newFile("empty.jsonl");
    PCollection<RawEntry> entries =
        pipeline.apply(new FileLogSource(tmp.getRoot().getPath() + "/*", 1 << 20));
    PAssert.that(describe(entries))
        .containsInAnyOrder(
            expected("a.jsonl", 0, "{\"x\":1}".getBytes(StandardCharsets.UTF_8)),
            expected("a.jsonl", 9, invalidUtf8),
            expected("b.jsonl.gz", 0, "{\"y\":2}".getBytes(StandardCharsets.UTF_8)),
            expected("b.jsonl.gz", 9, "{\"z\":3}".getBytes(StandardCharsets.UTF_8)));
    pipeline.run().waitUntilFinish();
    assertThat(Files.exists(plain.toPath())).isTrue();
  }

  @Test
  public void aGzipFileCutShortGivesItsEntriesThenOneUnreadableRest() throws Exception {
    byte[] gz = gzippedLines(3000);
    readsAPrefixThenTheUnreadableRest(Arrays.copyOf(gz, gz.length / 2), "EOFException", true);
  }

  /**
   * Every line the cut data still inflates to is read, as {@code zcat} reads it (the JDK's inflater
   * here): before, the decompressor's last buffer was lost with the rest (7 of the 1,558 lines of
   * generate-logs.sh's 3,000 entries gzipped and cut in half), and a file whose data ends within
   * the first 4 KiB (the shape's peek) lost every line.
   */
  @Test
  public void aGzipFileCutShortGivesEveryLineItsDataHolds() throws Exception {
    for (int lines : new int[] {40, 3000}) {
      byte[] gz = gzippedLines(lines);
      byte[] cut = Arrays.copyOf(gz, gz.length / 2);
      int whole = wholeLinesInflated(cut);
      assertThat(whole).isGreaterThan(0);
      File file = tmp.newFile("cut-" + lines + ".json.gz");
      Files.write(file.toPath(), cut);
      PCollection<RawEntry> entries =
          pipeline.apply(
              "Read " + lines, new FileLogSource(file.getPath(), 1 << 20).withoutInitialSplits());
      PAssert.that("lines of " + lines, entries)
          .satisfies(
              all -> {
                List<String> read = new ArrayList<>();
                int rests = 0;
                for (RawEntry e : all) {
                  if (e.attributes().containsKey(RawEntry.FILE_ERROR_ATTRIBUTE)) {
                    rests++;
                  } else {
                    read.add(new String(e.payload(), StandardCharsets.UTF_8));
                  }
                }
                assertThat(rests).isEqualTo(1);
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < whole; i++) {
                  expected.add(gzLine(i));
                }
                assertThat(read).containsExactlyElementsIn(expected);
                return null;
              });
    }
    pipeline.run().waitUntilFinish();
  }

  /** The complete lines the JDK's inflater gets out of {@code gz} before its data ends. */
  private static int wholeLinesInflated(byte[] gz) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    try (InputStream in = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz))) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
    } catch (IOException expected) {
      // The end of the data: what was inflated before it is what a reader can have.
    }
    int lines = 0;
    for (byte b : out.toByteArray()) {
      lines += b == '\n' ? 1 : 0;
    }
    return lines;
  }

  @Test
  public void aDamagedGzipFileGivesItsEntriesThenOneUnreadableRest() throws Exception {
    byte[] gz = gzippedLines(3000);
    for (int i = gz.length / 2; i < gz.length / 2 + 64; i++) {
      gz[i] = (byte) (gz[i] ^ 0x5A);
    }
    // Damaged deflate data may inflate to garbage (lines the parser refuses) before the
    // decompressor notices; the lines before the damage are read as they were.
    readsAPrefixThenTheUnreadableRest(gz, "Exception", false);
  }

  private static String gzLine(int i) {
    return "{\"insertId\":\"" + i + "\",\"n\":\"" + Integer.toHexString(i * 7919 + 17) + "\"}";
  }

  private static byte[] gzippedLines(int count) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(bytes)) {
      for (int i = 0; i < count; i++) {
        o.write((gzLine(i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toByteArray();
  }

  /**
   * The entries read are the file's first lines, whole and in order; then one entry with the file
   * error attribute stands for the rest; the job does not fail.
   */
  private void readsAPrefixThenTheUnreadableRest(byte[] gz, String exception, boolean allWhole)
      throws Exception {
    File file = tmp.newFile("00:00:00_00:59:59_S0.json.gz");
    Files.write(file.toPath(), gz);
    PCollection<RawEntry> entries =
        pipeline.apply(new FileLogSource(file.getPath(), 1 << 20).withoutInitialSplits());
    PAssert.that(entries)
        .satisfies(
            all -> {
              List<RawEntry> read = new ArrayList<>();
              RawEntry rest = null;
              for (RawEntry e : all) {
                if (e.attributes().containsKey(RawEntry.FILE_ERROR_ATTRIBUTE)) {
                  assertThat(rest).isNull();
                  rest = e;
                } else {
                  read.add(e);
                }
              }
              read.sort(
                  (a, b) ->
                      Long.compare(
                          Long.parseLong(a.attributes().get(FileLogSource.OFFSET_ATTRIBUTE)),
                          Long.parseLong(b.attributes().get(FileLogSource.OFFSET_ATTRIBUTE))));
              assertThat(read.size()).isGreaterThan(100);
              assertThat(read.size()).isLessThan(3000);
              long end = 0;
              for (int i = 0; i < (allWhole ? read.size() : 100); i++) {
                assertThat(new String(read.get(i).payload(), StandardCharsets.UTF_8))
                    .isEqualTo(gzLine(i));
                end += gzLine(i).length() + 1;
              }
              assertThat(rest).isNotNull();
              assertThat(rest.payload()).isEmpty();
              long at = Long.parseLong(rest.attributes().get(FileLogSource.OFFSET_ATTRIBUTE));
              assertThat(at).isAtLeast(end);
              assertThat(rest.attributes().get(RawEntry.FILE_ERROR_ATTRIBUTE))
                  .matches(
                      "gzip data cut short or damaged \\(\\w*"
                          + exception
                          + ".*\\): nothing past byte "
                          + at
                          + " of the decompressed content could be read, .*gzip -t.*");
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /** A tar archive of one file, as tar writes it: a 512-byte ustar header, the data, padding. */
  private static byte[] tar(String name, byte[] data) throws Exception {
    byte[] header = new byte[512];
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(n, 0, header, 0, n.length);
    byte[] size = String.format("%011o", data.length).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(size, 0, header, 124, size.length);
    header[156] = '0';
    System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 8);
    Arrays.fill(header, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : header) {
      sum += b & 0xFF;
    }
    byte[] checksum = String.format("%06o\u0000 ", sum).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(checksum, 0, header, 148, 8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(header);
    out.write(data);
    out.write(new byte[(512 - data.length % 512) % 512 + 1024]);
    return out.toByteArray();
  }

  @Test
  public void aTarArchiveIsOneUnreadableFileNotLinesGluedToHeaders() throws Exception {
    // Its first line was glued to the header (an invalid_utf8 dead letter, the entry lost without
    // a word), the others read: a partial account that looked whole.
    byte[] lines = "{\"insertId\":\"1\"}\n{\"insertId\":\"2\"}\n".getBytes(StandardCharsets.UTF_8);
    Files.write(tmp.newFile("export.tar").toPath(), tar("a/00:00:00_00:59:59_S0.json", lines));
    File gz = tmp.newFile("export.tar.gz");
    try (OutputStream o = new GZIPOutputStream(new FileOutputStream(gz))) {
      o.write(tar("b.json", lines));
    }
    // A line that happens to hold "ustar " at offset 257 is no archive.
    String text = "{\"textPayload\":\"" + "x".repeat(257 - 16) + "ustar \"}\n";
    assertThat(text.indexOf("ustar")).isEqualTo(257);
    Files.write(tmp.newFile("text.json").toPath(), text.repeat(3).getBytes(StandardCharsets.UTF_8));
    PCollection<RawEntry> entries =
        pipeline.apply(new FileLogSource(tmp.getRoot().getPath() + "/*", 1 << 20, 1000, 300));
    PAssert.that(
            entries.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        r ->
                            new File(r.attributes().get(FileLogSource.SOURCE_ATTRIBUTE)).getName()
                                + ":"
                                + r.attributes().get(FileLogSource.OFFSET_ATTRIBUTE)
                                + ":"
                                + r.attributes().get(RawEntry.FILE_ERROR_ATTRIBUTE))))
        .containsInAnyOrder(
            "export.tar:0:" + FileLogSource.ReadLinesFn.TAR_ARCHIVE,
            "export.tar.gz:0:" + FileLogSource.ReadLinesFn.TAR_ARCHIVE,
            "text.json:0:null",
            "text.json:" + text.length() + ":null",
            "text.json:" + 2 * text.length() + ":null");
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void compressedContentIsToldByItsBytesNotOnlyItsName() throws Exception {
    // gzip -c > logs.json: read by its name, binary lines; xz: not a format Beam reads, its few
    // binary "lines" stood for all its entries.
    File gz = tmp.newFile("gzipped.json");
    try (OutputStream o = new GZIPOutputStream(new FileOutputStream(gz))) {
      o.write("{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
    }
    byte[] xz = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0, 0, 4, (byte) 0xE6, (byte) 0xD6, '\n', 1};
    Files.write(tmp.newFile("logs.json.xz").toPath(), xz);
    PCollection<RawEntry> entries =
        pipeline.apply(new FileLogSource(tmp.getRoot().getPath() + "/*", 1 << 20, 1000, 300));
    PAssert.that(
            entries.apply(
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        r ->
                            new File(r.attributes().get(FileLogSource.SOURCE_ATTRIBUTE)).getName()
                                + ":"
                                + r.attributes().get(FileLogSource.OFFSET_ATTRIBUTE)
                                + ":"
                                + new String(r.payload(), StandardCharsets.UTF_8)
                                + ":"
                                + r.attributes().get(RawEntry.FILE_ERROR_ATTRIBUTE))))
        .containsInAnyOrder(
            "gzipped.json:0:{\"a\":1}:null",
            "gzipped.json:8:{\"b\":2}:null",
            "logs.json.xz:0::xz-compressed: decompress it first (xz -dk FILE)");
    pipeline.run().waitUntilFinish();
  }

  /**
   * entries.list responses one per line (a paging loop appending {@code jq -c} pages): each page's
   * entries, not the page. Read as lines, each page was one {@code missing_timestamp} dead letter
   * standing for all its entries.
   */
  @Test
  public void apiResponsesOnePerLineGiveTheirEntries() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    String page =
        json.writeValueAsString(
            json.readTree(
                Files.readAllBytes(
                    java.nio.file.Paths.get(
                        "src/test/resources/exports/gcpdiag-entries-list.json"))));
    File file = tmp.newFile("pages.json");
    Files.writeString(file.toPath(), page + "\n" + page + "\n");
    PCollection<RawEntry> entries = pipeline.apply(new FileLogSource(file.getPath(), 1 << 20));
    PAssert.that(entries)
        .satisfies(
            all -> {
              List<String> ids = new ArrayList<>(); // the entries' logName: one has no insertId
              for (RawEntry e : all) {
                try {
                  ids.add(json.readTree(e.payload()).path("logName").asText());
                } catch (IOException ex) {
                  throw new AssertionError(ex);
                }
              }
              assertThat(ids).hasSize(4);
              assertThat(ids).doesNotContain("");
              assertThat(java.util.Set.copyOf(ids)).hasSize(2);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void utf16FilesAreReadAsTheirUtf8Text() throws Exception {
    // Windows PowerShell 5's "gcloud logging read --format=json > logs.json": UTF-16LE with a
    // byte order mark. Read as bytes, each of its lines was an invalid_utf8 dead letter.
    String array =
        "[\r\n"
            + "  {\r\n"
            + "    \"insertId\": \"a\",\r\n"
            + "    \"textPayload\": \"caf\u00e9 \ud83d\ude00\"\r\n"
            + "  },\r\n"
            + "  {\r\n"
            + "    \"insertId\": \"b\"\r\n"
            + "  }\r\n"
            + "]\r\n";
    byte[] le = array.getBytes(StandardCharsets.UTF_16LE);
    byte[] withBom = new byte[le.length + 2];
    withBom[0] = (byte) 0xFF;
    withBom[1] = (byte) 0xFE;
    System.arraycopy(le, 0, withBom, 2, le.length);
    Files.write(tmp.newFile("ps.json").toPath(), withBom);
    // Lines in UTF-16BE without a byte order mark, long enough to span the 8K-char buffer.
    StringBuilder lines = new StringBuilder();
    List<String> expected = new ArrayList<>();
    expected.add(
        expected(
            "ps.json",
            8,
            "{\"insertId\":\"a\",\"textPayload\":\"caf\u00e9 \ud83d\ude00\"}"
                .getBytes(StandardCharsets.UTF_8)));
    expected.add(expected("ps.json", 74, "{\"insertId\":\"b\"}".getBytes(StandardCharsets.UTF_8)));
    long offset = 0;
    for (int i = 0; i < 400; i++) {
      String line = "{\"insertId\":\"" + i + "\",\"t\":\"\ud83d\ude00" + "x".repeat(i % 50) + "\"}";
      byte[] utf8 = line.getBytes(StandardCharsets.UTF_8);
      expected.add(expected("be.jsonl", offset, utf8));
      offset += utf8.length + 1;
      lines.append(line).append('\n');
    }
    Files.write(
        tmp.newFile("be.jsonl").toPath(), lines.toString().getBytes(StandardCharsets.UTF_16BE));
    PCollection<RawEntry> entries =
        pipeline.apply(new FileLogSource(tmp.getRoot().getPath() + "/*", 1 << 20, 1000, 300));
    PAssert.that(describe(entries)).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
  }

  @Test
  public void smallSplitsInAPipelineGiveTheSameEntriesAsOneRead() throws Exception {
    readsEveryLineOnce(path -> new FileLogSource(path, 1 << 20, 1000, 300));
  }

  @Test
  public void withoutInitialSplitsCheckpointsGiveTheSameEntriesAsOneRead() throws Exception {
    readsEveryLineOnce(path -> new FileLogSource(path, 1 << 20, 1000, 300).withoutInitialSplits());
  }

  @Test
  public void aLocalRunsFilesShareWhatIsReadBetweenCheckpoints() {
    FileLogSource source = new FileLogSource("logs/*.jsonl", 1 << 20);
    long mb = 1 << 20;
    // One file: the whole 64 MB; the read lines of every file wait in memory at once, so more
    // files each take their share, never less than the default 16 MB.
    assertThat(source.withoutInitialSplits(1).checkpointBytes()).isEqualTo(64 * mb);
    assertThat(source.withoutInitialSplits(2).checkpointBytes()).isEqualTo(32 * mb);
    assertThat(source.withoutInitialSplits(5).checkpointBytes()).isEqualTo(16 * mb);
    assertThat(source.withoutInitialSplits(24).checkpointBytes()).isEqualTo(16 * mb);
    // A count the launch could not make.
    assertThat(source.withoutInitialSplits(0).checkpointBytes()).isEqualTo(16 * mb);
    assertThat(source.withoutInitialSplits().checkpointBytes()).isEqualTo(16 * mb);
  }

  private void readsEveryLineOnce(java.util.function.Function<String, FileLogSource> source)
      throws Exception {
    byte[] input = manyLines();
    File file = tmp.newFile("many.jsonl");
    Files.write(file.toPath(), input);
    List<String> expected = new ArrayList<>();
    long[] bytes = {0};
    FileLogSource.readLines(
        new ByteArrayInputStream(input),
        0,
        new OffsetRangeTracker(new OffsetRange(0, input.length)),
        1 << 20,
        (b, o, s) -> {
          expected.add(expected("many.jsonl", o, b));
          bytes[0] += s + 1;
        });
    assertThat(expected).hasSize(329);
    // 1,000-byte chunks: 15 restrictions, most boundaries inside a line; the DirectRunner's
    // checkpoints (after 100 outputs) are allowed after 300 bytes, so ranges also resume.
    assertThat(input.length / 1000).isEqualTo(14);
    PCollection<RawEntry> entries = pipeline.apply(source.apply(file.getPath()));
    PAssert.that(describe(entries)).containsInAnyOrder(expected);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    // Counted once per restriction read, so the totals are those of every line, once.
    assertThat(PipelineCounters.get(result, "lines_read")).isEqualTo(329L);
    assertThat(PipelineCounters.get(result, FileLogSource.BYTES_READ_COUNTER)).isEqualTo(bytes[0]);
  }
}
