package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A backslash before one of the query language's special characters ({@code , : = < > + ~ " \ . *})
 * makes it part of the text, in an unquoted word as in a string, as Cloud Logging's lexer reads
 * them: Google's grammar of the language in the Ops Agent
 * (https://github.com/GoogleCloudPlatform/ops-agent/blob/master/confgenerator/filter/internal/filter.bnf,
 * its "compatibility layer to maintain parity with Cloud Logging query strings" Unquote in
 * confgenerator/filter/internal/ast/ast.go), whose tests list {@code
 * jsonPayload.compound.string_field : wal\"rus} as a valid filter
 * (confgenerator/filter/filter_test.go). A regular expression keeps the backslash: to RE2 {@code
 * \.} is a literal dot.
 */
@RunWith(JUnit4.class)
public class BackslashEscapesTest {

  private static LogEvent entry(String json) throws Exception {
    return new LogEntryParser().parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static LogEvent text(String payload) throws Exception {
    return entry(
        "{\"insertId\":\"e1\",\"logName\":\"projects/p/logs/app\","
            + "\"timestamp\":\"2023-11-29T23:00:00Z\",\"textPayload\":"
            + quoteJson(payload)
            + "}");
  }

  private static String quoteJson(String s) throws Exception {
    return new ObjectMapper().writeValueAsString(s);
  }

  private static boolean matches(String filter, LogEvent e) {
    return Filter.compile(filter).test(e);
  }

  @Test
  public void opsAgentValidFilterWithAnEscapedQuoteInAWord() throws Exception {
    String filter = "jsonPayload.compound.string_field : wal\\\"rus";
    LogEvent walrus =
        entry(
            "{\"insertId\":\"e2\",\"timestamp\":\"2023-11-29T23:00:00Z\","
                + "\"jsonPayload\":{\"compound\":{\"string_field\":\"the wal\\\"rus sat\"}}}");
    LogEvent plain =
        entry(
            "{\"insertId\":\"e3\",\"timestamp\":\"2023-11-29T23:00:00Z\","
                + "\"jsonPayload\":{\"compound\":{\"string_field\":\"the walrus sat\"}}}");
    assertThat(matches(filter, walrus)).isTrue();
    assertThat(matches(filter, plain)).isFalse();
  }

  @Test
  public void escapedSpecialCharactersInAnUnquotedWordAreText() throws Exception {
    assertThat(matches("textPayload:a\\:b", text("x a:b y"))).isTrue();
    assertThat(matches("textPayload:a\\:b", text("x a\\:b y"))).isFalse();
    assertThat(matches("textPayload:k\\=v\\,w", text("k=v,w"))).isTrue();
    assertThat(matches("textPayload:C\\\\temp", text("dir C\\temp"))).isTrue();
    assertThat(matches("textPayload:1\\+1", text("1+1=2"))).isTrue();
    // A global restriction reads the word the same way.
    assertThat(matches("a\\:b", text("x a:b y"))).isTrue();
  }

  /** The grammar's other text escapes: unicode, octal and hex, in a word as in a string. */
  @Test
  public void unicodeOctalAndHexEscapesInAnUnquotedWord() throws Exception {
    assertThat(matches("textPayload:caf\\u00e9", text("un café"))).isTrue();
    assertThat(matches("textPayload:caf\\u00e9", text("un cafe"))).isFalse();
    assertThat(matches("textPayload:\\x41BC", text("xABCx"))).isTrue();
    assertThat(matches("textPayload:\\101BC", text("xABCx"))).isTrue();
    // Not an escape of the grammar (\t in a word): the backslash stays.
    assertThat(matches("textPayload:C\\temp", text("C\\temp"))).isTrue();
    assertThat(matches("textPayload:C\\temp", text("C\temp"))).isFalse();
  }

  @Test
  public void anEscapedDotIsPartOfTheValueAndOfTheFieldName() throws Exception {
    LogEvent e =
        entry(
            "{\"insertId\":\"e4\",\"timestamp\":\"2023-11-29T23:00:00Z\","
                + "\"labels\":{\"x\":\"foo.bar\"},\"jsonPayload\":{\"a.b\":\"v\"}}");
    assertThat(matches("labels.x=foo\\.bar", e)).isTrue();
    assertThat(matches("labels.x=\"foo\\.bar\"", e)).isTrue();
    assertThat(matches("jsonPayload.a\\.b=v", e)).isTrue();
    assertThat(matches("jsonPayload.\"a\\.b\"=v", e)).isTrue();
  }

  @Test
  public void aRegularExpressionKeepsTheBackslash() throws Exception {
    for (String f : new String[] {"textPayload=~foo\\.bar", "textPayload=~\"foo\\.bar\""}) {
      assertWithMessage(f).that(matches(f, text("foo.bar"))).isTrue();
      assertWithMessage(f).that(matches(f, text("fooxbar"))).isFalse();
    }
    assertThat(matches("regexp_extract(textPayload, \"v(\\d+\\.\\d+)\") = \"1.5\"", text("v1.5")))
        .isTrue();
    assertThat(matches("regexp_extract(textPayload, \"v(\\d+\\.\\d+)\") = \"1.5\"", text("v1x5")))
        .isFalse();
  }

  /**
   * The Ops Agent's golden test of string escapes
   * (confgenerator/testdata/goldens/logging-processor_exclude_logs/input.yaml, "string_escapes"):
   * every escape of the grammar, including {@code \a}, {@code \v}, octal {@code \041}, {@code \41}
   * and hex {@code \x21}, is the character it names.
   */
  @Test
  public void opsAgentGoldenStringEscapes() throws Exception {
    String filter =
        "jsonPayload.message = \"a\\,\\:\\=\\<\\>\\+\\~\\\"\\\\\\.\\*\\a\\b\\f\\n\\r\\t\\v"
            + "\\u0021\\041\\41\\x21b\"";
    String message = "a,:=<>+~\"\\.*\u0007\b\f\n\r\t\u000b!!!!b";
    LogEvent e =
        entry(
            "{\"insertId\":\"e5\",\"timestamp\":\"2023-11-29T23:00:00Z\",\"jsonPayload\":"
                + "{\"message\":"
                + quoteJson(message)
                + "}}");
    assertThat(matches(filter, e)).isTrue();
    // A regular expression reads them as RE2 does: \x21 and \041 are '!' there too.
    assertThat(matches("jsonPayload.message =~ \"\\x21\\041!\\41b$\"", e)).isTrue();
  }

  @Test
  public void canonicalFormCompilesToTheSameFilter() {
    for (String f :
        new String[] {
          "textPayload:a\\:b", "labels.x=foo\\.bar", "jsonPayload.a\\.b=v", "textPayload=~foo\\.bar"
        }) {
      String canonical = Filter.compile(f).toString();
      assertWithMessage(f).that(Filter.compile(canonical).toString()).isEqualTo(canonical);
    }
  }
}
