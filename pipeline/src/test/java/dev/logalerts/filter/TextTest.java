package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.ibm.icu.text.Normalizer2;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The per-entry helpers agree with what they stand for: ICU's NFKC_Casefold for string comparisons,
 * the JDK for numbers.
 */
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

  /** Cloud Logging's normal form of a string operand ("Comparison operators", string). */
  private static final Normalizer2 NFKC_CF = Normalizer2.getNFKCCasefoldInstance();

  @Test
  public void containsFoldedAgreesWithNfkcCasefold() {
    Random r = new Random(42);
    String[] alphabets = {
      // Kelvin sign, dotted and dotless i, long s, sharp s, full-width letters, a ligature, a
      // combining acute accent
      "aAbBkK\u212a\u0130i\u0131IsS\u017f\u00df\u00e9\u00c9-\uff33\uff53\ufb01fe\u0301",
      "eEtTxXqQzZ9_ :" // needles anchored on a rare letter, a digit, punctuation
    };
    for (int iter = 0; iter < 40000; iter++) {
      String alphabet = alphabets[iter % 2];
      String hay = random(r, alphabet, r.nextInt(8));
      String needle = random(r, alphabet, r.nextInt(3));
      // a value shorter than the folded text is not looked into (Text.containsFolded)
      boolean expected =
          hay.length() >= Text.fold(needle).length()
              && NFKC_CF.normalize(hay).contains(NFKC_CF.normalize(needle));
      assertWithMessage(hay + " / " + needle)
          .that(Text.containsFolded(hay, Text.fold(needle)))
          .isEqualTo(expected);
      assertWithMessage(hay + " = " + needle)
          .that(Text.equalsFolded(hay, Text.fold(needle)))
          .isEqualTo(NFKC_CF.normalize(hay).equals(NFKC_CF.normalize(needle)));
      assertWithMessage(hay + " <> " + needle)
          .that(Integer.signum(Text.compareFolded(hay, Text.fold(needle))))
          .isEqualTo(Integer.signum(NFKC_CF.normalize(hay).compareTo(NFKC_CF.normalize(needle))));
    }
    assertThat(Text.containsFolded("Payment TIMEOUT", Text.fold("timeout"))).isTrue();
    assertThat(Text.containsFolded("", Text.fold(""))).isTrue();
    assertThat(Text.containsFolded("ab", Text.fold("abc"))).isFalse();
  }

  @Test
  public void stringsCompareInTheirNfkcCasefoldForm() {
    // full-width and compatibility forms are their plain letters
    assertThat(Text.containsFolded("\uff25\uff32\uff32\uff2f\uff32: disk", Text.fold("error")))
        .isTrue();
    assertThat(Text.equalsFolded("\ufb01le", Text.fold("FILE"))).isTrue();
    // case folding, not per-character lower case: sharp s is "ss", final sigma is sigma
    assertThat(Text.equalsFolded("STRASSE", Text.fold("stra\u00dfe"))).isTrue();
    assertThat(Text.equalsFolded("\u039f\u0394\u039f\u03a3", Text.fold("\u03bf\u03b4\u03bf\u03c2")))
        .isTrue();
    // the Turkish dotless i is a letter of its own; dotted capital I is i with a combining dot
    assertThat(Text.equalsFolded("\u0131stanbul", Text.fold("ISTANBUL"))).isFalse();
    assertThat(Text.equalsFolded("\u0130stanbul", Text.fold("istanbul"))).isFalse();
    assertThat(Text.equalsFolded("\u0130stanbul", Text.fold("\u0130STANBUL"))).isTrue();
    // an ASCII value is compared without a copy
    String ascii = "timeout";
    assertThat(Text.foldedOrSelf(ascii)).isSameInstanceAs(ascii);
  }

  /**
   * A rule OR-ing hundreds of texts compares each with the same value: a non-ASCII value is put in
   * normal form once, not once per text (300 {@code jsonPayload.message:"..."} terms on a
   * 400-character Japanese message took about 0.7 ms per entry, nearly all of it normalizing).
   */
  @Test
  public void aValueComparedWithManyTextsIsNormalizedOnce() {
    String value = new String("注文処理でエラー: ＴＩＭＥＯＵＴ");
    String form = Text.searchable(value);
    assertThat(form).isEqualTo(Normalizer2.getNFKCCasefoldInstance().normalize(value));
    assertThat(form).endsWith(": timeout");
    assertThat(Text.searchable(value)).isSameInstanceAs(form);
    assertThat(Text.containsFolded(value, Text.fold("TIMEOUT"))).isTrue();
    assertThat(Text.equalsFolded(value, form)).isTrue();
    // the memo is by identity: an equal value of its own gets an equal form
    String twin = new String(value);
    assertThat(Text.searchable(twin)).isEqualTo(form);
    // a few values of one entry are kept at once (the message and a label, say)
    String label = new String("équipe-ÉTÉ");
    String labelForm = Text.searchable(label);
    assertThat(Text.searchable(value)).isSameInstanceAs(form);
    assertThat(Text.searchable(label)).isSameInstanceAs(labelForm);
    // a long value is not kept: it would stay in memory with the thread
    String longValue = "\uff25".repeat(5000);
    assertThat(Text.searchable(longValue)).isNotSameInstanceAs(Text.searchable(longValue));
  }

  @Test
  public void anchorIsTheRarestCharacter() {
    assertThat(Text.anchor("exception")).isEqualTo(1); // 'x', not the frequent 'e'
    assertThat(Text.anchor("deadline_exceeded")).isEqualTo(8); // punctuation first
    assertThat(Text.anchor("http 503")).isEqualTo(5); // then digits
    // a non-ASCII value is normalized before the search, so no other character folds to 'k'
    assertThat(Text.anchor("marking task as failed")).isEqualTo(3);
    assertThat(Text.anchor("kiss")).isEqualTo(0);
    assertThat(Text.anchor("\u00e9t\u00e9")).isEqualTo(1);
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
