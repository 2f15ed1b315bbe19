package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Redaction corpus: realistic leaks must lose their secrets, clean lines must stay as they are. */
@RunWith(JUnit4.class)
public class RedactorTest {
  private final Redactor redactor = new Redactor();

  /** The lines of a corpus resource, without blank lines and # comments. */
  static List<String> lines(String resource) throws IOException {
    List<String> out = new ArrayList<>();
    try (InputStream in = RedactorTest.class.getResourceAsStream(resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          out.add(line);
        }
      }
    }
    return out;
  }

  @Test
  public void leakCorpusIsRedacted() throws IOException {
    List<String> leaks = lines("/redaction/leaks.txt");
    assertThat(leaks.size()).isAtLeast(60);
    for (String row : leaks) {
      String[] cols = row.split("\t", 3);
      String input = cols[2];
      if (input.endsWith(" @multiline")) {
        input = input.substring(0, input.length() - 11).replace("\\n", "\n");
      }
      assertRedacted(redactor, cols[0], cols[1], input);
    }
  }

  /**
   * Asserts one corpus row: each of the comma-separated {@code markers} is in the output, none of
   * the |-separated {@code secrets} is, and redacting again changes nothing (markers are not
   * re-redacted). Returns the output.
   */
  static String assertRedacted(Redactor redactor, String markers, String secrets, String input) {
    String out = redactor.redact(input);
    for (String type : markers.split(",")) {
      assertWithMessage("marker %s for input %s", type, input)
          .that(out)
          .contains("[REDACTED:" + type + "]");
    }
    for (String secret : secrets.split("\\|")) {
      assertWithMessage("secret left in output for input %s", input)
          .that(out)
          .doesNotContain(secret);
    }
    assertThat(redactor.redact(out)).isEqualTo(out);
    return out;
  }

  @Test
  public void cleanCorpusIsUnchanged() throws IOException {
    List<String> clean = lines("/redaction/clean.txt");
    assertThat(clean.size()).isAtLeast(30);
    for (String line : clean) {
      assertWithMessage("over-redacted").that(redactor.redact(line)).isEqualTo(line);
    }
  }

  @Test
  public void keepsContextAroundTheSecret() {
    assertThat(redactor.redact("POST /login?user=bob&password=x1y2&remember=1"))
        .isEqualTo("POST /login?user=bob&password=[REDACTED:password]&remember=1");
    assertThat(redactor.redact("{\"password\": \"a b c\", \"user\": \"u\"}"))
        .isEqualTo("{\"password\": \"[REDACTED:password]\", \"user\": \"u\"}");
    assertThat(redactor.redact("Authorization: Bearer abcdefghijkl"))
        .isEqualTo("Authorization: Bearer [REDACTED:bearer]");
    assertThat(redactor.redact("postgres://app:pw@db:5432/x"))
        .isEqualTo("postgres://[REDACTED:url_credentials]@db:5432/x");
    assertThat(redactor.redact("mail ops@example.com.")).isEqualTo("mail [REDACTED:email].");
    assertThat(
            redactor.redact(
                "-----BEGIN PRIVATE KEY-----\nMIIEv\nabc\n-----END PRIVATE KEY-----\nnext"))
        .isEqualTo("[REDACTED:private_key]\nnext");
  }

  @Test
  public void luhnDecidesCardNumbers() {
    assertThat(redactor.redact("pan 4111111111111111 ok")).isEqualTo("pan [REDACTED:card] ok");
    assertThat(redactor.redact("pan 4111111111111112 ok")).isEqualTo("pan 4111111111111112 ok");
    assertThat(redactor.redact("id a4111111111111111")).isEqualTo("id a4111111111111111");
    assertThat(redactor.redact("v 4111111111111111.5")).isEqualTo("v 4111111111111111.5");
  }

  @Test
  public void fastPathReturnsSameInstance() {
    String text = "GET /api/items/123 200 in 12ms from 10.0.0.1";
    assertThat(Redactor.anchors(text)).isEqualTo(0);
    assertThat(redactor.redact(text)).isSameInstanceAs(text);
    String withAnchorButNothing = "cache key lookup for monkey";
    assertThat(redactor.redact(withAnchorButNothing)).isSameInstanceAs(withAnchorButNothing);
    assertThat(redactor.redact("")).isEmpty();
    assertThat(redactor.redact(null)).isNull();
  }

  @Test
  public void pathologicalInputStaysLinear() {
    // Long runs that would make a naive regex backtrack; must finish quickly (no timing assert:
    // the test would hang, not fail, on catastrophic backtracking).
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      sb.append("a-");
    }
    sb.append("@ password= token: key=");
    for (int i = 0; i < 20_000; i++) {
      sb.append('"');
    }
    String out = redactor.redact(sb.toString());
    assertThat(out).startsWith("a-a-");
  }

  /**
   * The patterns run on RE2J but keep java.util.regex's semantics: its \b counts Unicode letters,
   * digits and combining marks after them as word chars, case-insensitive words are ASCII-only (no
   * Kelvin sign, no long s), \s includes U+000B, and . stops at U+2028.
   */
  @Test
  public void keepsJavaRegexSemanticsOnRe2j() {
    String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig";
    assertThat(redactor.redact("\u00e9" + jwt + " and " + jwt))
        .isEqualTo("\u00e9" + jwt + " and [REDACTED:jwt]");
    assertThat(redactor.redact("api\u212aey=hunter22 apikey=hunter22"))
        .isEqualTo("api\u212aey=hunter22 apikey=[REDACTED:api_key]");
    assertThat(redactor.redact("pa\u017fsword=hunter22 password=hunter22"))
        .isEqualTo("pa\u017fsword=hunter22 password=[REDACTED:password]");
    assertThat(redactor.redact("password=abc\u000bdef"))
        .isEqualTo("password=[REDACTED:password]\u000bdef");
    assertThat(redactor.redact("token=\"a\\\u2028b\" secret=\"a\\\"b\""))
        .isEqualTo("token=\"a\\\u2028b\" secret=\"[REDACTED:secret]\"");
    assertThat(redactor.redact("AKIAABCDEFGHIJKLMNOP\u0301 AKIAABCDEFGHIJKLMNOP"))
        .isEqualTo("AKIAABCDEFGHIJKLMNOP\u0301 [REDACTED:aws_access_key_id]");
    assertThat(redactor.redact("Bearer abc1\u0301xoxb-23def456ghi789jkl"))
        .isEqualTo("Bearer abc1\u0301xoxb-23def456ghi789jkl");
    assertThat(redactor.redact("x xoxb-23def456ghi789jkl")).isEqualTo("x [REDACTED:slack_token]");
  }

  @Test
  public void isSerializable() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(redactor);
    }
    Redactor copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (Redactor) in.readObject();
    }
    assertThat(copy.redact("token=abc123")).isEqualTo("token=[REDACTED:token]");
  }
}
