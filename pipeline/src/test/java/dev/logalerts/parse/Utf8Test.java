package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Arrays;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The word-at-a-time scan finds the first bad byte wherever it falls in or between its blocks. */
@RunWith(JUnit4.class)
public class Utf8Test {
  private static byte[] ascii(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'a');
    return b;
  }

  @Test
  public void findsABadByteAtEveryOffset() {
    byte[][] bad = {{0}, {(byte) 0x80}, {(byte) 0xff}, {(byte) 0xc0, (byte) 0xaf}};
    for (int n = 1; n <= 100; n++) {
      for (int at = 0; at < n; at++) {
        for (byte[] seq : bad) {
          byte[] b = ascii(n + seq.length);
          System.arraycopy(seq, 0, b, at, seq.length);
          if (at + 40 < b.length) {
            b[at + 40] = 0; // a later bad byte does not hide the first
          }
          assertWithMessage("length %s, bad byte at %s", n, at)
              .that(Utf8.firstInvalid(b))
              .isEqualTo(at);
        }
      }
      assertWithMessage("length %s", n).that(Utf8.firstInvalid(ascii(n))).isEqualTo(-1);
    }
  }

  @Test
  public void acceptsMultiByteSequencesAtEveryOffset() {
    byte[] euro = {(byte) 0xe2, (byte) 0x82, (byte) 0xac};
    for (int at = 0; at < 70; at++) {
      byte[] b = ascii(80);
      System.arraycopy(euro, 0, b, at, euro.length);
      assertWithMessage("euro sign at %s", at).that(Utf8.firstInvalid(b)).isEqualTo(-1);
      b[79] = 0;
      assertWithMessage("euro sign at %s, NUL at the end", at)
          .that(Utf8.firstInvalid(b))
          .isEqualTo(79);
    }
  }

  /**
   * The filters' ASCII shortcut is taken only when no text of the entry can hold another character:
   * a byte above 0x7F or a unicode escape anywhere, in or between the 8-byte blocks, says no.
   */
  @Test
  public void plainAsciiFindsANonAsciiByteOrAUnicodeEscapeAtEveryOffset() {
    for (int n = 0; n <= 40; n++) {
      assertWithMessage("length %s", n).that(Utf8.plainAscii(ascii(n))).isTrue();
      for (int at = 0; at < n; at++) {
        byte[] high = ascii(n);
        high[at] = (byte) 0xc3;
        assertWithMessage("length %s, 0xc3 at %s", n, at).that(Utf8.plainAscii(high)).isFalse();
        if (at + 1 < n) {
          byte[] escape = ascii(n);
          escape[at] = '\\';
          escape[at + 1] = 'u';
          assertWithMessage("length %s, \\u at %s", n, at).that(Utf8.plainAscii(escape)).isFalse();
          escape[at + 1] = 'n';
          assertWithMessage("length %s, \\n at %s", n, at).that(Utf8.plainAscii(escape)).isTrue();
        }
      }
    }
  }

  @Test
  public void theParserMarksAnEntryWhoseJsonIsAllAscii() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    String plain = "{\"timestamp\":\"2024-03-01T10:00:00Z\",\"textPayload\":\"disk full\"}";
    assertWithMessage(plain).that(parse(parser, plain).plainAscii()).isTrue();
    String accented = plain.replace("disk", "d\u00efsk");
    assertWithMessage(accented).that(parse(parser, accented).plainAscii()).isFalse();
    String escaped = plain.replace("disk", "d\\u00efsk");
    assertWithMessage(escaped).that(parse(parser, escaped).plainAscii()).isFalse();
    // A resource object taken again from what was read of it before keeps its own answer.
    String pod =
        "{\"timestamp\":\"2024-03-01T10:00:00Z\",\"textPayload\":\"disk full\","
            + "\"resource\":{\"type\":\"k8s_container\",\"labels\":{\"namespace_name\":\"NS\","
            + "\"pod_name\":\"checkout-7d9f\"}}}";
    String accentedPod = pod.replace("NS", "Stra\u00dfe");
    for (int i = 0; i < 3; i++) {
      assertWithMessage("%s, read %s", pod, i).that(parse(parser, pod).plainAscii()).isTrue();
      assertWithMessage("%s, read %s", accentedPod, i)
          .that(parse(parser, accentedPod).plainAscii())
          .isFalse();
    }
  }

  private static dev.logalerts.model.LogEvent parse(LogEntryParser parser, String json)
      throws InvalidEntryException {
    return parser.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
