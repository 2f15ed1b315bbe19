package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A text line is its field's whole value, so the suggested exclusion pins where the line starts and
 * ends with the template's first and last constant text: as substrings, the {@code /} route's row
 * took the {@code /favicon.ico} lines, and a stack frame's row the whole traces that hold that
 * frame (both measured by {@link
 * BundledSampleExclusionsTest#noRowsExclusionTakesAnotherRowsEntries} on the samples and the real
 * fixtures).
 */
@RunWith(JUnit4.class)
public class WholeValueEdgesTest {
  private final TextLineKeys keys = new TextLineKeys();

  private CompiledFilter exclusionOf(String line) throws Exception {
    KV<NoisyKey, NoisyEntry> row = keys.row(keys.entry(line));
    return Filter.compile(TextLineKeys.exclusion(row));
  }

  @Test
  public void aRouteRowEndsWithItsRoute() throws Exception {
    String home = "2026-11-30 09:12:44 Serving request: GET /";
    String icon = "2026-11-30 09:12:45 Serving request: GET /favicon.ico";
    assertThat(keys.template(home)).isNotEqualTo(keys.template(icon));
    CompiledFilter exclusion = exclusionOf(home);
    assertThat(exclusion.test(keys.entry("2026-11-30 10:00:01 Serving request: GET /"))).isTrue();
    assertThat(exclusion.test(keys.entry(icon))).isFalse();
  }

  /** A Java trace printed as separate lines and as one entry (a public issue's SMTP failure). */
  @Test
  public void aStackFrameRowStartsWithTheFrame() throws Exception {
    String frame = "\tat java.base/java.lang.Thread.run(Thread.java:829)";
    String trace =
        "java.lang.RuntimeException: javax.mail.SendFailedException: Invalid Addresses;\n"
            + "\tat com.example.mail.EmailSender.send(EmailSender.java:88)\n"
            + "\tat java.base/java.lang.Thread.run(Thread.java:829)";
    CompiledFilter exclusion = exclusionOf(frame);
    assertThat(exclusion.test(keys.entry("\tat java.base/java.lang.Thread.run(Thread.java:834)")))
        .isTrue();
    assertThat(exclusion.test(keys.entry(trace))).isFalse();
  }

  /** The edges of a template that is a structured logger's JSON line's message may be quotes. */
  @Test
  public void aTextLineEdgeMayBeAQuoteOfAJsonLine() {
    String pattern =
        ValueEdges.pattern("Serving request: <*> /", "Serving request: GET /", false, true);
    assertThat(pattern).isNotNull();
    assertThat(
            com.google.re2j.Pattern.compile(pattern)
                .matcher("{\"msg\":\"Serving request: GET /\"}")
                .find())
        .isTrue();
    assertThat(
            com.google.re2j.Pattern.compile(pattern)
                .matcher("Serving request: GET /favicon.ico")
                .find())
        .isFalse();
  }
}
