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
}
