package dev.logalerts.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.logalerts.io.FileLogSource.LineConsumer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads entries written as YAML documents, what {@code gcloud logging read} prints by default
 * ({@code ---} before each entry, keys sorted, timestamps quoted): each document becomes the JSON
 * object it holds, compact, as a sink's line would hold it, with the offset of its first line.
 *
 * <p>A document that is not valid UTF-8 (or holds a NUL byte) is handed on as written, for the
 * parser to refuse as {@code invalid_utf8} with the offset of the bad byte, as for a line.
 *
 * <p>Documents are split at a {@code ---} or {@code ...} line (a value's own lines are indented, so
 * a line that starts the document marker is never inside one). A document that is not valid YAML is
 * handed on as written with the YAML parser's complaint ({@link LineConsumer#acceptUnreadable}),
 * and one over {@code maxBytes} cut there with its size: both are dead-lettered, so nothing is
 * lost.
 */
final class YamlDocumentReader {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final ObjectMapper JSON = new ObjectMapper();

  private YamlDocumentReader() {}

  /**
   * Reads every document of {@code in} (at file offset 0), claiming each one's offset before
   * handing it on; returns the bytes read.
   */
  static long read(
      InputStream in, RestrictionTracker<OffsetRange, Long> tracker, int maxBytes, LineConsumer out)
      throws IOException {
    LineReader lines = new LineReader(in, 0, maxBytes);
    ByteArrayOutputStream doc = new ByteArrayOutputStream();
    long docStart = -1;
    long docSize = 0;
    long lineNumber = 0;
    long docLine = 0;
    int docIndent = 0; // 4 when the document starts on its marker's line ("--- key: value")
    while (true) {
      long lineStart = lines.position();
      boolean more = lines.readLine();
      lineNumber++;
      byte[] line = more ? lines.lineBytes() : new byte[0];
      boolean marker = more && (isMarker(line, "---") || isMarker(line, "..."));
      if (!more || marker) {
        if (docStart >= 0
            && !emit(
                doc.toByteArray(), docStart, docLine, docIndent, docSize, maxBytes, tracker, out)) {
          return lineStart;
        }
        doc.reset();
        docStart = -1;
        docSize = 0;
        if (!more) {
          tracker.tryClaim(Long.MAX_VALUE);
          return lines.position();
        }
        if (line.length <= 4) {
          continue;
        }
        line = Arrays.copyOfRange(line, 4, line.length); // "--- key: value"
        lineStart += 4;
      }
      if (docStart < 0) {
        if (isBlankOrComment(line)) {
          continue;
        }
        docStart = lineStart;
        docLine = lineNumber;
        docIndent = marker ? 4 : 0;
      }
      docSize += lines.lineSize() + 1;
      doc.write(line, 0, Math.min(line.length, maxBytes - doc.size()));
      if (doc.size() < maxBytes) {
        doc.write('\n');
      }
    }
  }

  /**
   * Hands on one document as compact JSON, or as written when it is too large or not YAML (then
   * with the YAML parser's complaint, placed at the file's line: the document starts at {@code
   * line}).
   */
  private static boolean emit(
      byte[] yaml,
      long start,
      long line,
      int indent,
      long size,
      int maxBytes,
      RestrictionTracker<OffsetRange, Long> tracker,
      LineConsumer out) {
    if (!tracker.tryClaim(start)) {
      return false;
    }
    if (size > maxBytes) {
      out.accept(yaml, start, size); // cut: the parser refuses it as too large
      return true;
    }
    if (!isUtf8(yaml)) {
      // As written: the parser refuses it as invalid_utf8 at the bad byte's offset in the
      // document, as it does a line, where the YAML parser would only say "special characters".
      out.accept(yaml, start, size);
      return true;
    }
    JsonNode node;
    try {
      node = YAML.readTree(yaml);
    } catch (IOException | RuntimeException e) {
      out.acceptUnreadable(yaml, start, "invalid YAML" + where(e, line, indent));
      return true;
    }
    byte[] entry;
    try {
      entry = node == null ? yaml : JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      entry = yaml; // cannot happen for a tree just read; the parser would refuse it
    }
    out.accept(entry, start, entry.length);
    return true;
  }

  /**
   * " at line L, column C: problem (context)" from SnakeYAML's marked error, placed in the file:
   * the document's first line is the file's {@code docLine}, and starts {@code indent} bytes into
   * it; else ": " and the message's first line.
   */
  static String where(Exception e, long docLine, int indent) {
    if (!(e.getCause() instanceof MarkedYAMLException)) {
      String message = String.valueOf(e.getMessage());
      int nl = message.indexOf('\n');
      return ": " + (nl < 0 ? message : message.substring(0, nl));
    }
    MarkedYAMLException m = (MarkedYAMLException) e.getCause();
    Mark problem = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
    String text = (problem == null ? "" : " at " + place(problem, docLine, indent)) + ": ";
    if (m.getProblem() == null) {
      return text + m.getContext();
    }
    text += m.getProblem();
    return m.getContext() == null || m.getContextMark() == null
        ? text
        : text + " (" + m.getContext() + " at " + place(m.getContextMark(), docLine, indent) + ")";
  }

  /** "line L, column C" of a mark in the document, counted in the file. */
  private static String place(Mark mark, long docLine, int indent) {
    return "line "
        + (docLine + mark.getLine())
        + ", column "
        + (mark.getColumn() + 1 + (mark.getLine() == 0 ? indent : 0));
  }

  /** Valid UTF-8 without a NUL byte. */
  static boolean isUtf8(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return false;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean isMarker(byte[] line, String marker) {
    int n = marker.length();
    if (line.length < n || line[0] != marker.charAt(0)) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      if (line[i] != marker.charAt(i)) {
        return false;
      }
    }
    return line.length == n || line[n] == ' ' || line[n] == '\t';
  }

  private static boolean isBlankOrComment(byte[] line) {
    for (byte b : line) {
      if (b == '#') {
        return true;
      }
      if (b != ' ' && b != '\t') {
        return false;
      }
    }
    return true;
  }
}
