package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.pipeline.RepoRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Redaction on material written by others: secret values from secret scanners' test data embedded
 * as logs carry them, the look-alikes those scanners must not flag, the whole Loghub-2k files and
 * the real GCP entries of the log-family fixtures (sources: {@code redaction/real/README.md}).
 */
@RunWith(JUnit4.class)
public class RealSecretsTest {
  private final Redactor redactor = new Redactor();

  private static final java.util.regex.Pattern MARKER =
      java.util.regex.Pattern.compile("\\[REDACTED:([a-z_]+)\\]");

  private static List<String> lines(String resource) throws IOException {
    return RedactorTest.lines(resource);
  }

  @Test
  public void realSecretsAreRedacted() throws IOException {
    List<String> leaks = lines("/redaction/real/leaks.tsv");
    assertThat(leaks.size()).isAtLeast(40);
    for (String row : leaks) {
      String[] cols = row.split("\t", 3);
      String input = cols[2];
      String out = RedactorTest.assertRedacted(redactor, cols[0], cols[1], input);
      assertWithMessage("every check on %s", input)
          .that(Redactor.redactWithEveryCheck(input))
          .isEqualTo(out);
    }
  }

  @Test
  public void realLookAlikesStay() throws IOException {
    List<String> clean = lines("/redaction/real/clean.tsv");
    assertThat(clean.size()).isAtLeast(30);
    for (String line : clean) {
      assertWithMessage("over-redacted").that(redactor.redact(line)).isEqualTo(line);
      assertWithMessage("over-redacted with every check")
          .that(Redactor.redactWithEveryCheck(line))
          .isEqualTo(line);
    }
  }

  /**
   * Of the 16 whole Loghub-2k files, only e-mail addresses go, and one line that reads as a token
   * ({@code stream/token: com.apple.xpc.activity/4505:}, a Mac launchd label) is left as a known
   * over-redaction. Block ids, Android window tokens, printed objects and selectors stay.
   */
  @Test
  public void loghubLinesLoseOnlyAddresses() throws IOException {
    int other = 0;
    int changed = 0;
    for (String line : new LinkedHashSet<>(LoghubTsv.wholeFileMessages())) {
      String out = redactor.redact(line);
      if (out.equals(line)) {
        continue;
      }
      changed++;
      if (!onlyMarkers(out, "email")) {
        other++;
      }
    }
    assertThat(other).isAtMost(1);
    assertThat(changed).isAtMost(5);
  }

  /**
   * Every string of the real GCP entries: what changes is e-mail addresses (principals, service
   * accounts) and a signed URL's signature, nothing else.
   */
  @Test
  public void gcpEntriesLoseOnlyAddressesAndSignatures() throws IOException {
    Path root = RepoRoot.get().resolve("pipeline/src/test/resources/families");
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
    }
    assertThat(files.size()).isAtLeast(50);
    ObjectMapper json = new ObjectMapper();
    List<String> values = new ArrayList<>();
    for (Path f : files) {
      values.add(Files.readString(f));
      collect(json.readTree(f.toFile()), values);
    }
    for (String v : values) {
      String out = redactor.redact(v);
      assertWithMessage("redaction of %s", v).that(onlyMarkers(out, "email", "signature")).isTrue();
    }
  }

  private static void collect(JsonNode n, List<String> out) {
    if (n.isTextual()) {
      out.add(n.asText());
    }
    for (JsonNode child : n) {
      collect(child, out);
    }
  }

  private static boolean onlyMarkers(String out, String... types) {
    Matcher m = MARKER.matcher(out);
    while (m.find()) {
      if (!List.of(types).contains(m.group(1))) {
        return false;
      }
    }
    return true;
  }
}
