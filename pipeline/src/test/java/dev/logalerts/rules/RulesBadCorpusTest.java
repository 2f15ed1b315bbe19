package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * The malformed-rules corpus: every file in {@code rules/bad/} starts with one or more {@code #
 * expect: TEXT} lines; loading the file must fail with exactly that many errors, each containing
 * its TEXT (which includes rule, key and problem, and for some the line:column).
 */
@RunWith(Parameterized.class)
public class RulesBadCorpusTest {

  @Parameters(name = "{0}")
  public static List<Object[]> files() throws URISyntaxException {
    File dir = new File(RulesBadCorpusTest.class.getResource("/rules/bad").toURI());
    File[] files = dir.listFiles((d, n) -> n.endsWith(".yaml"));
    Arrays.sort(files);
    List<Object[]> out = new ArrayList<>();
    for (File f : files) {
      out.add(new Object[] {f.getName(), f});
    }
    return out;
  }

  private final String name;
  private final File file;

  public RulesBadCorpusTest(String name, File file) {
    this.name = name;
    this.file = file;
  }

  @Test
  public void failsWithItsSpecificErrors() throws IOException {
    String text = new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8);
    List<String> expects = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      if (!line.startsWith("# expect: ")) {
        break;
      }
      expects.add(line.substring("# expect: ".length()));
    }
    assertThat(expects).isNotEmpty();

    RulesValidationException e =
        assertThrows(RulesValidationException.class, () -> RulesLoader.parse(text, "bad/" + name));

    for (String expect : expects) {
      assertThat(e.getMessage()).contains(expect);
    }
    assertThat(e.errors()).hasSize(expects.size());
    // Every error is located: "bad/NAME:LINE:COLUMN: ..." (only an empty file has no position),
    // but for a file of another kind (log entries, a notifier config), said of the whole file.
    for (String err : e.errors()) {
      if (err.startsWith("rules file bad/" + name + " looks like ")) {
        assertThat(e.errors()).hasSize(1);
        continue;
      }
      assertThat(err).startsWith("bad/" + name + (name.equals("empty-file.yaml") ? ": " : ":"));
    }
  }

  @Test
  public void corpusIsLargeEnough() throws URISyntaxException {
    assertThat(files().size()).isAtLeast(30);
  }
}
