package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Conformance with Cloud Logging's query language, part 1: which filters compile. Each row of
 * {@code filter/accept-reject.tsv} is {@code accept|reject TAB filter TAB doc [TAB message part]},
 * where doc names the documented rule the row checks (legend at the top of the file) and, for a
 * rejected filter, the message part must appear in the error (which always names a position). In
 * filters, {@code ⏎} stands for a line break.
 */
@RunWith(Parameterized.class)
public class ConformanceAcceptTest {
  private final int line;
  private final boolean accept;
  private final String filter;
  private final String doc;
  private final String messagePart;

  public ConformanceAcceptTest(
      String name, int line, boolean accept, String filter, String doc, String messagePart) {
    this.line = line;
    this.accept = accept;
    this.filter = filter;
    this.doc = doc;
    this.messagePart = messagePart;
  }

  @Parameters(name = "{0}")
  public static List<Object[]> cases() throws IOException {
    List<Object[]> out = new ArrayList<>();
    String text;
    try (InputStream in =
        ConformanceAcceptTest.class.getResourceAsStream("/filter/accept-reject.tsv")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] cols = l.split("\t", -1);
      if (cols.length < 3 || !(cols[0].equals("accept") || cols[0].equals("reject"))) {
        throw new IllegalStateException("accept-reject.tsv line " + (i + 1) + ": bad row " + l);
      }
      String filter = cols[1].replace("⏎", "\n");
      String part = cols.length > 3 ? cols[3] : "";
      out.add(
          new Object[] {
            (i + 1) + " " + cols[0] + " " + cols[1],
            i + 1,
            cols[0].equals("accept"),
            filter,
            cols[2],
            part
          });
    }
    if (out.size() < 300) { // the suite's promised size
      throw new IllegalStateException("only " + out.size() + " rows in accept-reject.tsv");
    }
    return out;
  }

  @Test
  public void compilesAsDocumented() {
    String where = "accept-reject.tsv:" + line + " [" + doc + "] " + filter;
    if (accept) {
      CompiledFilter f;
      try {
        f = Filter.compile(filter);
      } catch (FilterSyntaxException e) {
        throw new AssertionError(where + " was rejected: " + e.getMessage(), e);
      }
      // The canonical form compiles again to the same canonical form.
      String canonical = f.toString();
      assertWithMessage(where).that(Filter.compile(canonical).toString()).isEqualTo(canonical);
      return;
    }
    try {
      Filter.compile(filter);
    } catch (FilterSyntaxException e) {
      assertWithMessage(where).that(e.getMessage()).contains(" at position ");
      assertWithMessage(where).that(e.getMessage()).contains(messagePart);
      return;
    }
    throw new AssertionError(where + " was accepted");
  }
}
