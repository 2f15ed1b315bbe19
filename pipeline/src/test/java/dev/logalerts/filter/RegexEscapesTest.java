package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.re2j.Pattern;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * RE2 escapes whose argument follows the escape letter ({@code \x41}, {@code \pL}, octal {@code
 * \101}) match characters other than their text: the regex prefilter must not require that text.
 */
@RunWith(JUnit4.class)
public class RegexEscapesTest {

  private static LogEvent entry() throws Exception {
    String json =
        "{\"insertId\":\"x1\",\"logName\":\"projects/p/logs/app\","
            + "\"timestamp\":\"2023-11-29T23:00:00Z\",\"textPayload\":\"Abc xfoo 5 items\"}";
    return new LogEntryParser().parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void multiCharacterEscapesMatchAsRe2Does() throws Exception {
    LogEvent e = entry();
    String[] patterns = {
      "\\x41bc", "A\\x62c", "\\x{41}bc", "\\pLfoo", "\\PNfoo", "\\101bc", "A\\142c", "\\p{L}foo"
    };
    for (String p : patterns) {
      // RE2 itself matches the value...
      assertWithMessage("RE2J on " + p)
          .that(Pattern.compile(p).matcher("Abc xfoo 5 items").find())
          .isTrue();
      // ...so the compiled filter must too (=~ true, !~ false).
      String re = "textPayload =~ " + Filter.quote(p);
      String notRe = "textPayload !~ " + Filter.quote(p);
      assertWithMessage(re).that(Filter.compile(re).test(e)).isTrue();
      assertWithMessage(notRe).that(Filter.compile(notRe).test(e)).isFalse();
      // and whatever the prefilter requires must be in the value
      String req = RegexLiteral.required(p);
      if (req != null) {
        assertWithMessage("required of " + p).that("Abc xfoo 5 items").contains(req);
      }
    }
  }

  @Test
  public void stillFindsLiteralsAfterSuchEscapes() {
    assertThat(RegexLiteral.required("\\pLfoobar")).isEqualTo("foobar");
    assertThat(RegexLiteral.required("\\x41bcdef")).isEqualTo("bcdef");
    assertThat(RegexLiteral.required("\\x{41}bcdef")).isEqualTo("bcdef");
    assertThat(RegexLiteral.required("\\101bcdef")).isEqualTo("bcdef");
    assertThat(RegexLiteral.required("took \\d+ms")).isEqualTo("took ");
  }
}
