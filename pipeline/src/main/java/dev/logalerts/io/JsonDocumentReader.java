package dev.logalerts.io;

import static dev.logalerts.io.FileShape.isByteOrderMark;
import static dev.logalerts.io.FileShape.isSpace;

import dev.logalerts.io.FileLogSource.LineConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;

/**
 * Reads a file of LogEntries written as JSON text rather than one per line: a JSON array, as {@code
 * gcloud logging read --format=json} and the Logs Explorer's JSON download write it
 * (pretty-printed, one array for the whole file), or objects one after another, as {@code jq '.[]'}
 * prints them or a single entry copied from the Logs Explorer is saved, or the API's own response
 * ({@code {"entries": [...], "nextPageToken": ...}} of {@code entries.list}, whose other keys are
 * paging, not entries). Each entry (an array's element, a top-level object) goes to a {@link
 * LineConsumer} with the offset of its first byte. Read line by line, such a file would be all dead
 * letters.
 *
 * <p>An element is handed on compact: the whitespace between its tokens (the printer's indentation,
 * not content) is left out, so an entry is the bytes a sink's line would hold, and its size, which
 * the noisy-log account bills, is not half indentation. Strings are kept byte for byte.
 *
 * <p>It only finds where each element ends (brackets and braces outside strings); whether the
 * element is a valid LogEntry is the parser's to say, so nothing is lost here: an element that is
 * not an object, a truncated last element and anything at the top level that is neither an array
 * nor an object (all that follows it) each reach the consumer and then the dead-letter table. An
 * element longer than {@code maxBytes} (compact) is kept up to there with its size counted, as a
 * long line is.
 */
final class JsonDocumentReader extends BufferedBytes {
  private final int maxBytes;
  private byte[] element = new byte[1024];
  private int elementLen;
  private long elementSize;

  private JsonDocumentReader(InputStream in, int maxBytes) {
    super(in, 0);
    this.maxBytes = maxBytes;
  }

  /**
   * Reads the entries in {@code in}, which starts at file offset 0, claiming each entry's offset
   * before handing it on; claims the rest of the range at the end. Returns the bytes read.
   */
  static long read(
      InputStream in, RestrictionTracker<OffsetRange, Long> tracker, int maxBytes, LineConsumer out)
      throws IOException {
    JsonDocumentReader reader = new JsonDocumentReader(in, maxBytes);
    reader.readAll(tracker, out);
    return reader.position();
  }

  private void readAll(RestrictionTracker<OffsetRange, Long> tracker, LineConsumer out)
      throws IOException {
    boolean inArray = false;
    boolean inResponse = false;
    while (true) {
      int c = skipSpaceAndByteOrderMark();
      if (c < 0) {
        tracker.tryClaim(Long.MAX_VALUE);
        return;
      }
      long start = position();
      if (inArray && (c == ',' || c == ']')) {
        pos++; // a separator, or the end of this array (another may follow)
        inArray = c == ',';
        if (!inArray && inResponse) {
          skipRestOfObject(); // "nextPageToken" and the like
          inResponse = false;
        }
        continue;
      }
      int entries = inArray || c != '{' ? -1 : entriesListStart();
      if (entries > 0) {
        pos = entries;
        inArray = true;
        inResponse = true;
        continue;
      }
      if (!inArray && c == '[') {
        pos++;
        inArray = true;
        continue;
      }
      if (!tracker.tryClaim(start)) {
        return;
      }
      if (inArray || c == '{') {
        readElement();
      } else {
        readRest(); // no entry, but not to be lost either
      }
      out.accept(Arrays.copyOf(element, elementLen), start, elementSize);
    }
  }

  /**
   * Reads one element: up to the end of its outermost object or array, or for anything else up to
   * the next ',' or ']' or whitespace outside strings, or the end of the input.
   */
  private void readElement() throws IOException {
    startElement();
    int depth = 0;
    inString = false;
    while (fill()) {
      byte c = buf[pos];
      if (stringByte(c)) {
        // kept as it is, whitespace too
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (depth == 0 && c == ']' && elementSize > 0) {
          return; // the array's own end, after a scalar
        }
        depth--;
        if (depth <= 0) {
          append(c);
          pos++;
          return;
        }
      } else if (isSpace(c)) {
        if (depth == 0) {
          return;
        }
        pos++;
        continue; // indentation, not content
      } else if (depth == 0 && c == ',') {
        return;
      }
      append(c);
      pos++;
    }
  }

  private boolean inString;
  private boolean escaped;

  /** Whether {@code c}, the next byte, is part of a string (its quotes too); tracks escapes. */
  private boolean stringByte(byte c) {
    if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
      }
      return true;
    }
    if (c == '"') {
      inString = true;
      escaped = false;
      return true;
    }
    return false;
  }

  private static final byte[] ENTRIES = {'"', 'e', 'n', 't', 'r', 'i', 'e', 's', '"'};

  /**
   * At a '{': the index after the '[' when the object starts {@code {"entries": [}, an {@code
   * entries.list} response; else -1. Looks ahead without consuming.
   */
  private int entriesListStart() throws IOException {
    ensure(256);
    int i = skipSpaceAt(pos + 1);
    if (limit - i < ENTRIES.length
        || !Arrays.equals(buf, i, i + ENTRIES.length, ENTRIES, 0, ENTRIES.length)) {
      return -1;
    }
    i = skipSpaceAt(i + ENTRIES.length);
    if (i >= limit || buf[i] != ':') {
      return -1;
    }
    i = skipSpaceAt(i + 1);
    return i < limit && buf[i] == '[' ? i + 1 : -1;
  }

  private int skipSpaceAt(int i) {
    while (i < limit && isSpace(buf[i])) {
      i++;
    }
    return i;
  }

  /** Skips to the end of the object being read (its '}' at depth 0), strings included. */
  private void skipRestOfObject() throws IOException {
    int depth = 0;
    inString = false;
    while (fill()) {
      byte c = buf[pos++];
      if (stringByte(c)) {
        continue;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && depth-- == 0) {
        return;
      }
    }
  }

  /** Reads everything left, trailing whitespace left out. */
  private void readRest() throws IOException {
    startElement();
    int kept = 0;
    long size = 0;
    while (fill()) {
      byte c = buf[pos++];
      append(c);
      if (!isSpace(c)) {
        kept = elementLen;
        size = elementSize;
      }
    }
    elementLen = kept;
    elementSize = size;
  }

  private void startElement() {
    elementLen = 0;
    elementSize = 0;
  }

  private void append(byte c) {
    elementSize++;
    if (elementLen == maxBytes) {
      return; // counted, not kept
    }
    if (elementLen == element.length) {
      element = Arrays.copyOf(element, Math.min(maxBytes, element.length * 2));
    }
    element[elementLen++] = c;
  }

  /** The next byte that is not whitespace or part of a byte order mark (not consumed), or -1. */
  private int skipSpaceAndByteOrderMark() throws IOException {
    while (fill()) {
      int c = buf[pos] & 0xFF;
      if (!isSpace(c) && !(position() < 3 && isByteOrderMark(c))) {
        return c;
      }
      pos++;
    }
    return -1;
  }
}
