package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The regex prefilter never rejects a value that RE2J would match. */
@RunWith(JUnit4.class)
public class RegexLiteralTest {

  @Test
  public void extractsRequiredLiterals() {
    assertThat(RegexLiteral.required("connection reset")).isEqualTo("connection reset");
    assertThat(RegexLiteral.required("error after retrying \\d+ times"))
        .isEqualTo("error after retrying ");
    assertThat(RegexLiteral.required("^Payment")).isEqualTo("Payment");
    assertThat(RegexLiteral.required("abcd*")).isEqualTo("abc");
    assertThat(RegexLiteral.required("ab(cdefgh)*xyz")).isEqualTo("xyz");
    assertThat(RegexLiteral.required("[abcdef]+gh")).isEqualTo("gh");
    assertThat(RegexLiteral.required("a{2}bc")).isEqualTo("bc");
    assertThat(RegexLiteral.required("timeout|refused")).isNull();
    assertThat(RegexLiteral.required("(?i)timeout")).isNull();
    assertThat(RegexLiteral.required(".*")).isNull();
    assertThat(RegexLiteral.isPlainLiteral("connection reset")).isTrue();
    assertThat(RegexLiteral.isPlainLiteral("a.b")).isFalse();
  }

  /**
   * A case-insensitive pattern has a required text too, found in any letter case: without it, every
   * value of a rule OR-ing many {@code (?i)} patterns ran RE2J's case-folding search once per
   * pattern (about 1 ms per entry for 300 of them on the family fixtures, against 0.04 ms after).
   */
  @Test
  public void extractsRequiredLiteralsOfCaseInsensitivePatterns() {
    // From real-filters.tsv: textPayload=~"(?i)fatal error"
    assertThat(RegexLiteral.requiredIgnoringCase("(?i)fatal error")).isEqualTo("fatal error");
    assertThat(RegexLiteral.requiredIgnoringCase("(?i)Timeout after \\d+ms"))
        .isEqualTo("timeout after ");
    // k and s also match the Kelvin sign and the long s under (?i): the longest piece without them
    assertThat(RegexLiteral.requiredIgnoringCase("(?i)permission denied")).isEqualTo("ion denied");
    assertThat(RegexLiteral.requiredIgnoringCase("(?i)kelvin")).isEqualTo("elvin");
    assertThat(RegexLiteral.requiredIgnoringCase("(?i)café au lait")).isEqualTo(" au lait");
    assertThat(RegexLiteral.requiredIgnoringCase("(?i)(jdbc|mongodb|mysql|postgres)://")).isNull();
    assertThat(RegexLiteral.requiredIgnoringCase("(?i)abc(?-i)def")).isNull();
    assertThat(RegexLiteral.requiredIgnoringCase("(?s)fatal error")).isNull();
    assertThat(RegexLiteral.requiredIgnoringCase("fatal error")).isNull();
    assertThat(RegexLiteral.requiredIgnoringCase("(?i)sks")).isNull();
  }

  @Test
  public void caseInsensitivePrefilterAgreesWithRe2jOnRandomPatterns() {
    Random r = new Random(11);
    String atoms = "aBkSs.";
    int checked = 0;
    for (int iter = 0; iter < 1500; iter++) {
      String pattern = "(?i)" + randomPattern(r, atoms, 1 + r.nextInt(6));
      Pattern p;
      try {
        p = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        continue;
      }
      String required = RegexLiteral.requiredIgnoringCase(pattern);
      for (int k = 0; k < 20; k++) {
        String input = randomString(r, "AabBkKsS\u212A\u017F.x", r.nextInt(10));
        if (required != null && p.matcher(input).find()) {
          assertWithMessage("pattern %s input %s required %s", pattern, input, required)
              .that(Text.containsFoldedAscii(input, required, Text.anchor(required)))
              .isTrue();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  public void prefilterAgreesWithRe2jOnRandomPatterns() {
    Random r = new Random(7);
    String atoms = "ab.c";
    int checked = 0;
    for (int iter = 0; iter < 1500; iter++) {
      String pattern = randomPattern(r, atoms, 1 + r.nextInt(6));
      Pattern p;
      try {
        p = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        continue;
      }
      String required = RegexLiteral.required(pattern);
      for (int k = 0; k < 20; k++) {
        String input = randomString(r, "abc.x", r.nextInt(10));
        boolean matches = p.matcher(input).find();
        if (matches && required != null) {
          assertWithMessage("pattern %s input %s required %s", pattern, input, required)
              .that(input.contains(required))
              .isTrue();
        }
        if (RegexLiteral.isPlainLiteral(pattern)) {
          assertWithMessage(pattern).that(input.contains(pattern)).isEqualTo(matches);
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(5000);
  }

  private static String randomPattern(Random r, String atoms, int len) {
    String[] pieces = {
      "*",
      "+",
      "?",
      "{2}",
      "{1,2}",
      "\\Qa*\\E",
      "}",
      "(",
      ")",
      "[ab]",
      "[^a]",
      "[]a]",
      "\\.",
      "|",
      "^",
      "$"
    };
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      if (r.nextInt(3) == 0) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      } else {
        sb.append(atoms.charAt(r.nextInt(atoms.length())));
      }
    }
    return sb.toString();
  }

  private static String randomString(Random r, String alphabet, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
