package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Lines at the entry size limit: a CRLF ending is no content (a line of exactly the limit is
 * whole), and a line cut at the limit is judged blank on all its bytes, not the kept ones only
 * (else an oversized entry with leading blanks would vanish instead of being dead-lettered as too
 * large).
 */
@RunWith(JUnit4.class)
public class LineLimitEdgesTest {
  /** offset:originalSize:keptLength per emitted line. */
  private static List<String> read(byte[] input, int max) throws Exception {
    List<String> out = new ArrayList<>();
    OffsetRangeTracker tracker = new OffsetRangeTracker(new OffsetRange(0, input.length));
    FileLogSource.readLines(
        new ByteArrayInputStream(input),
        0,
        tracker,
        max,
        (b, o, s) -> out.add(o + ":" + s + ":" + b.length));
    tracker.checkDone();
    return out;
  }

  @Test
  public void crlfLineOfExactlyMaxBytesIsNotCut() throws Exception {
    String entry = "{\"a\":\"" + "x".repeat(94) + "\"}"; // 102 bytes
    int max = entry.length();
    // LF: kept whole (originalSize == kept length: not truncated).
    assertThat(read((entry + "\n").getBytes(StandardCharsets.UTF_8), max))
        .containsExactly("0:102:102");
    // CRLF: the same entry must not be reported as cut (the '\r' is the line ending).
    assertThat(read((entry + "\r\n").getBytes(StandardCharsets.UTF_8), max))
        .containsExactly("0:102:102");
  }

  @Test
  public void cutLineStartingWithWhitespaceIsNotDroppedAsBlank() throws Exception {
    String entry = " ".repeat(100) + "{\"insertId\":\"x\"}";
    // Longer than max, only whitespace kept: must still be emitted (and dead-lettered as too
    // large), not silently skipped as a blank line.
    assertThat(read((entry + "\n").getBytes(StandardCharsets.UTF_8), 100))
        .containsExactly("0:" + entry.length() + ":100");
    // A cut line of blanks only is still a blank line.
    assertThat(read((" ".repeat(150) + "\n{}\n").getBytes(StandardCharsets.UTF_8), 100))
        .containsExactly("151:2:2");
  }
}
