package dev.logalerts.io;

import dev.logalerts.io.FileLogSource.LineConsumer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How an exported file holds its entries, told from its first 4 KB: one JSON entry per line (a log
 * sink's files), JSON text ({@link JsonDocumentReader}: gcloud's {@code --format=json}, {@code jq},
 * the API's responses) or YAML documents ({@link YamlDocumentReader}: what {@code gcloud logging
 * read} prints by default). Only lines can be read in byte ranges.
 */
enum FileShape {
  LINES,
  JSON_TEXT,
  YAML;

  private static final int PEEK = 4096;

  /**
   * The LogEntry's fields, any of which gcloud's YAML can start with (it sorts keys; an entry read
   * back from storage may carry {@code apphub*} and {@code errorGroups}, which sort first).
   */
  private static final Set<String> ENTRY_KEYS =
      Set.of(
          "apphub",
          "apphubDestination",
          "apphubSource",
          "errorGroups",
          "httpRequest",
          "insertId",
          "jsonPayload",
          "labels",
          "logName",
          "operation",
          "protoPayload",
          "receiveTimestamp",
          "resource",
          "severity",
          "sourceLocation",
          "spanId",
          "split",
          "textPayload",
          "timestamp",
          "trace",
          "traceSampled");

  /**
   * An {@code entries.list} response written on one line ({@code jq -c}, a paging loop's {@code
   * >>}): read as lines, each page was one dead letter ({@code missing_timestamp}) for all its
   * entries; as JSON text its entries are read.
   */
  private static final Pattern API_RESPONSE = Pattern.compile("\\{\\s*\"entries\"\\s*:\\s*\\[");

  /** The shape of the stream read from its start; marks and resets {@code in}. */
  static FileShape of(BufferedInputStream in) throws IOException {
    byte[] head = peek(in, PEEK);
    int i = 0;
    while (i < head.length && (isSpace(head[i]) || (i < 3 && isByteOrderMark(head[i])))) {
      i++;
    }
    if (i == head.length) {
      return LINES;
    }
    String line = lineAt(head, i);
    if (head[i] == '[' || line.equals("{") || API_RESPONSE.matcher(line).lookingAt()) {
      return JSON_TEXT;
    }
    while (line.startsWith("#")) { // YAML comments before the first document
      i = lineEnd(head, i);
      while (i < head.length && isSpace(head[i])) {
        i++;
      }
      line = lineAt(head, i);
    }
    // A YAML document marker, or a LogEntry field as gcloud's YAML starts: "insertId: 1a2b".
    int colon = line.indexOf(':');
    boolean entryKey =
        colon > 0
            && ENTRY_KEYS.contains(line.substring(0, colon))
            && (colon == line.length() - 1 || line.charAt(colon + 1) == ' ');
    return line.equals("---") || line.startsWith("--- ") || entryKey ? YAML : LINES;
  }

  private static final byte[] TAR_MAGIC = {'u', 's', 't', 'a', 'r'};

  /**
   * Peeks at the first {@code n} bytes, or those before a failure to read (a gzip file cut short
   * within them: reading on from the reset meets the failure again, after those bytes' entries);
   * marks and resets {@code in}.
   */
  static byte[] peek(BufferedInputStream in, int n) throws IOException {
    in.mark(n);
    byte[] head = new byte[n];
    int got = 0;
    try {
      for (int r; got < n && (r = in.read(head, got, n - got)) >= 0; ) {
        got += r;
      }
    } catch (IOException e) {
      // The shape is told from the bytes before it.
    } finally {
      in.reset();
    }
    return Arrays.copyOf(head, got);
  }

  /**
   * GZIP when a file read as uncompressed (its name has no compression extension) is gzip data
   * ({@code gzip -c > logs.json}): read as it is, it was binary lines; else null.
   */
  static @Nullable Compression compressedByContent(BufferedInputStream in) throws IOException {
    byte[] head = peek(in, 3);
    return head.length == 3 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B && head[2] == 8
        ? Compression.GZIP
        : null;
  }

  /**
   * The name of a compressed format the source cannot read (xz, 7z: not among Beam's), told from
   * the first bytes, with how to decompress it; else null. Read as lines, such a file was a few
   * binary dead letters standing for all its entries.
   */
  static @Nullable String unsupportedCompression(BufferedInputStream in) throws IOException {
    byte[] head = peek(in, 6);
    if (Arrays.equals(head, new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0})) {
      return "xz-compressed: decompress it first (xz -dk FILE)";
    }
    if (Arrays.equals(head, new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C})) {
      return "a 7z archive: extract it first (7z x FILE) and give a glob of its files";
    }
    return null;
  }

  /**
   * Whether the stream is a tar archive (POSIX or GNU: "ustar" at offset 257 of its first header),
   * whose member files, read as lines, would be glued to the archive's binary headers; marks and
   * resets {@code in}.
   */
  static boolean isTar(BufferedInputStream in) throws IOException {
    byte[] head = peek(in, 512);
    return head.length == 512
        && Arrays.equals(head, 257, 262, TAR_MAGIC, 0, 5)
        && (head[262] == 0 || head[262] == ' ')
        && tarChecksumHolds(head);
  }

  /**
   * The header's checksum (octal at 148, the sum of its bytes with that field as spaces) holds: a
   * text that happens to hold "ustar" at 257 is no archive.
   */
  private static boolean tarChecksumHolds(byte[] header) {
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
    }
    long stored = 0;
    int i = 148;
    while (i < 156 && header[i] == ' ') {
      i++;
    }
    int digits = 0;
    for (; i < 156 && header[i] >= '0' && header[i] <= '7'; i++, digits++) {
      stored = stored * 8 + (header[i] - '0');
    }
    return digits > 0 && stored == sum;
  }

  /**
   * Reads every entry of {@code in} (at file offset 0) to {@code out}, claiming each offset;
   * returns the bytes read.
   */
  long read(
      BufferedInputStream in,
      RestrictionTracker<OffsetRange, Long> tracker,
      int maxBytes,
      LineConsumer out)
      throws IOException {
    switch (this) {
      case JSON_TEXT:
        return JsonDocumentReader.read(in, tracker, maxBytes, out);
      case YAML:
        return YamlDocumentReader.read(in, tracker, maxBytes, out);
      default:
        return FileLogSource.readLines(in, 0, tracker, maxBytes, out);
    }
  }

  /** The line starting at {@code i}, stripped ("" past the end). */
  private static String lineAt(byte[] head, int i) {
    return new String(head, i, lineEnd(head, i) - i, StandardCharsets.UTF_8).strip();
  }

  private static int lineEnd(byte[] head, int i) {
    while (i < head.length && head[i] != '\n') {
      i++;
    }
    return i;
  }

  /** JSON's whitespace (and YAML's between lines). */
  static boolean isSpace(int c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** A byte of the UTF-8 byte order mark, which may open a file. */
  static boolean isByteOrderMark(int c) {
    int b = c & 0xFF;
    return b == 0xEF || b == 0xBB || b == 0xBF;
  }
}
