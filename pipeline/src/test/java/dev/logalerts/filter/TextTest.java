package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The allocation-free helpers agree with the JDK methods they replace. */
@RunWith(JUnit4.class)
public class TextTest {

  @Test
  public void parseNumberAgreesWithParseDouble() {
    String[] numbers = {
      "0",
      "503",
      "-1",
      "+7",
      "0.25",
      "-0.001",
      "1.",
      ".5",
      "123456789012345",
      "1234567890123456789",
      "0.1",
      "3.14159",
      "1e3",
      "-2.5E-3",
      "99999999999999.9"
    };
    for (String s : numbers) {
      assertWithMessage(s).that(Text.parseNumber(s)).isEqualTo(Double.parseDouble(s));
    }
    String[] notNumbers = {
      "",
      "-",
      ".",
      "abc",
      "1d",
      "2f",
      "NaN",
      "Infinity",
      " 5",
      "5 ",
      "1_000",
      "0x10",
      "1.2.3",
      "12abc"
    };
    for (String s : notNumbers) {
      assertWithMessage(s).that(Double.isNaN(Text.parseNumber(s))).isTrue();
    }
  }

  @Test
  public void containsFoldedAgreesWithRegionMatches() {
    Random r = new Random(42);
    String[] alphabets = {
      "aAbBkK\u212a\u0130i\u0131IsS\u017f\u00df\u00e9\u00c9-",
      "eEtTxXqQzZ9_ :" // needles anchored on a rare letter, a digit, punctuation
    };
    for (int iter = 0; iter < 40000; iter++) {
      String alphabet = alphabets[iter % 2];
      String hay = random(r, alphabet, r.nextInt(8));
      String needle = random(r, alphabet, r.nextInt(3));
      boolean expected = false;
      for (int i = 0; i + needle.length() <= hay.length() && !expected; i++) {
        expected = hay.regionMatches(true, i, needle, 0, needle.length());
      }
      assertWithMessage(hay + " / " + needle)
          .that(Text.containsFolded(hay, Text.fold(needle)))
          .isEqualTo(expected);
    }
    assertThat(Text.containsFolded("Payment TIMEOUT", Text.fold("timeout"))).isTrue();
    assertThat(Text.containsFolded("", Text.fold(""))).isTrue();
    assertThat(Text.containsFolded("ab", Text.fold("abc"))).isFalse();
  }

  @Test
  public void anchorIsTheRarestCharacterNoOtherCharacterFoldsTo() {
    assertThat(Text.anchor("exception")).isEqualTo(1); // 'x', not the frequent 'e'
    assertThat(Text.anchor("deadline_exceeded")).isEqualTo(8); // punctuation first
    assertThat(Text.anchor("http 503")).isEqualTo(5); // then digits
    assertThat(Text.anchor("marking task as failed")).isEqualTo(6); // 'g'; never 'k' or 's'
    assertThat(Text.anchor("kiss")).isEqualTo(-1); // U+212A, U+0130, U+0131, U+017F fold to these
  }

  private static String random(Random r, String alphabet, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  @Test
  public void compareIntegersAgreesWithBigInteger() {
    String[] ints = {
      "0",
      "-0",
      "+0",
      "007",
      "7",
      "-7",
      "9223372036854775807",
      "9223372036854775806",
      "-9223372036854775808",
      "5252633384318353540",
      "5252633384318353541",
      "+5252633384318353540",
      "00005252633384318353540",
      "123456789012345678901234567890",
      "-123456789012345678901234567891"
    };
    for (String a : ints) {
      for (String b : ints) {
        int want = new java.math.BigInteger(a).compareTo(new java.math.BigInteger(b));
        assertWithMessage(a + " vs " + b).that(Text.compareIntegers(a, b)).isEqualTo(want);
      }
    }
    for (String notInt : new String[] {"", "-", "+", "1.0", "1e3", "12a", " 1", "NaN"}) {
      assertWithMessage(notInt)
          .that(Text.compareIntegers(notInt, "1"))
          .isEqualTo(Text.NOT_INTEGERS);
      assertWithMessage(notInt)
          .that(Text.compareIntegers("1", notInt))
          .isEqualTo(Text.NOT_INTEGERS);
    }
  }
}
