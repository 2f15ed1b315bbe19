package dev.logalerts.reliability;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Secrets are redacted in every stored or published text, alert samples included
 * (docs/reliability.md), checked by scanning all outputs of a run over a leak corpus: entries whose
 * messages carry bearer tokens, JWTs, passwords, API keys, AWS keys, a private key block, e-mail
 * addresses and Luhn-valid card numbers run through the whole batch job with rules that alert on
 * them ({@code reliability/leak-rules.yaml}); then every file the run wrote is scanned, raw and as
 * decoded JSON strings, for every secret.
 *
 * <p>The dead-letter table is the documented exception (docs/reliability.md): it keeps the exact
 * input for replay. Here it must stay empty, since every leak entry is valid.
 *
 * <p>The leak rules must have fired (alert rows) and the noisy-log account must have rows, so the
 * scan covers alert samples and noisy-log samples, not just empty outputs.
 */
@RunWith(JUnit4.class)
public class LeakScanIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The secret part of each leak: what must not appear in any output. */
  static final String[] SECRETS = {
    "abcDEF123456ghiJKL789mnoPQRstu", // bearer token
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwicm9sZSI6ImFkbWluIn0",
    "c2lnbmF0dXJlLXNlY3JldC14eXo", // JWT signature
    "Hunter2Secret", // password=
    "sk_live_51HxYzAbCdEfGhIjKl", // api_key=
    "AKIAIOSFODNN7EXAMPLE", // AWS access key id
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", // AWS secret access key
    "MIIEowIBAAKCAQEA7bq3secretkeymaterial", // private key block body
    "jane.doe@example.com",
    "4111 1111 1111 1111",
    "4111111111111111",
    "5500-0000-0000-0004",
    "AIzaSyA-1234567890abcdefghijklmnopqrstu", // Google API key
    "ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123", // GitHub token
  };

  static final String[] MESSAGES = {
    "auth failed: header Authorization: Bearer abcDEF123456ghiJKL789mnoPQRstu rejected",
    "auth token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwicm9sZSI6ImFkbWluIn0"
        + ".c2lnbmF0dXJlLXNlY3JldC14eXo expired",
    "db connect failed: user=shop password=Hunter2Secret host=10.0.0.7",
    "payment provider call failed api_key=sk_live_51HxYzAbCdEfGhIjKl status=401",
    "s3 upload failed with credentials AKIAIOSFODNN7EXAMPLE"
        + " aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "loaded key -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq3secretkeymaterial\n"
        + "-----END RSA PRIVATE KEY----- from env",
    "password reset mail to jane.doe@example.com bounced",
    "charge declined for card 4111 1111 1111 1111 amount 12.00",
    "charge declined for card 4111111111111111 amount 99.00",
    "refund failed card=5500-0000-0000-0004",
    "maps quota exceeded key=AIzaSyA-1234567890abcdefghijklmnopqrstu",
    "git clone failed using ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123",
  };

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void noSecretReachesAnyOutput() throws Exception {
    // Each leak message several times within a few minutes, as text and JSON payloads, so that
    // the threshold rules fire and the noisy-log account has several rows carrying samples.
    List<ObjectNode> base = new ArrayList<>();
    for (String name : new String[] {"gke-text", "gke-json", "cloud-run-request"}) {
      try (InputStream in = getClass().getResourceAsStream("/entries/" + name + ".json")) {
        base.add((ObjectNode) JSON.readTree(in));
      }
    }
    StringBuilder corpus = new StringBuilder();
    int n = 0;
    for (int repeat = 0; repeat < 5; repeat++) {
      for (String message : MESSAGES) {
        ObjectNode e = base.get(n % base.size()).deepCopy();
        e.put("insertId", "leak-" + n);
        e.put("timestamp", String.format("2026-11-20T10:0%d:%02d.000Z", repeat, n % 60));
        e.put("severity", "ERROR");
        e.remove("textPayload");
        e.remove("jsonPayload");
        if (n % 2 == 0) {
          e.put("textPayload", message);
        } else {
          e.putObject("jsonPayload").put("message", message).put("detail", message);
        }
        corpus.append(JSON.writeValueAsString(e)).append('\n');
        n++;
      }
    }
    Path input = tmp.newFile("leaks.jsonl").toPath();
    Files.writeString(input, corpus, StandardCharsets.UTF_8);
    Path rules = tmp.newFile("leak-rules.yaml").toPath();
    try (InputStream in = getClass().getResourceAsStream("/reliability/leak-rules.yaml")) {
      Files.copy(in, rules, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Path out = tmp.newFolder("out").toPath();

    Map<String, Long> counters = PipelineRuns.run(input, out, "--rulesPath=" + rules);

    assertThat(counters.get("entries_read")).isEqualTo((long) n);
    assertThat(counters.get("entries_parsed")).isEqualTo((long) n);
    // No dead letters, so not even the documented exception holds a secret from this run.
    assertThat(PipelineRuns.rows(out.resolve("deadletter"))).isEmpty();

    List<Path> scanned = new ArrayList<>();
    for (Path f : PipelineRuns.files(out)) {
      if (out.relativize(f).startsWith("deadletter")) {
        continue;
      }
      scanned.add(f);
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      assertNoSecret(f + " (raw)", text);
      if (f.toString().endsWith(".json")) {
        for (String line : text.split("\n")) {
          if (!line.isBlank()) {
            assertNoSecretInStrings(f.toString(), JSON.readTree(line));
          }
        }
      }
    }

    List<JsonNode> alerts = PipelineRuns.rows(out.resolve("alerts"));
    List<JsonNode> noisyRows = PipelineRuns.rows(out.resolve("noisy_logs"));
    assertWithMessage("alert rows (the leak rules must fire)").that(alerts).isNotEmpty();
    assertWithMessage("noisy-log rows").that(noisyRows).isNotEmpty();
    System.out.printf(
        "Leak scan: %d entries, %d secrets, %d output files scanned (%d alert rows, %d noisy-log"
            + " rows)%n",
        n, SECRETS.length, scanned.size(), alerts.size(), noisyRows.size());
  }

  /** The scan itself must be able to fail: a file holding a secret is caught. */
  @Test
  public void scanCatchesASecretInRawTextAndInJsonEscapes() throws Exception {
    for (String secret : SECRETS) {
      String row = JSON.writeValueAsString(Map.of("sample", "x " + secret + " y"));
      AssertionError raw = null;
      try {
        assertNoSecretInStrings("row", JSON.readTree(row));
      } catch (AssertionError e) {
        raw = e;
      }
      assertWithMessage("scan misses %s", secret).that(raw).isNotNull();
    }
    // A private key's line break arrives JSON-escaped ("\n") in a row: still found via decoding.
    String escaped = JSON.writeValueAsString(Map.of("m", MESSAGES[5]));
    assertThat(escaped).contains("\\n");
    AssertionError caught = null;
    try {
      assertNoSecretInStrings("row", JSON.readTree(escaped));
    } catch (AssertionError e) {
      caught = e;
    }
    assertThat(caught).isNotNull();
  }

  private static void assertNoSecret(String where, String text) {
    for (String secret : SECRETS) {
      assertWithMessage("secret %s leaked into %s", secret, where)
          .that(text)
          .doesNotContain(secret);
    }
  }

  private static void assertNoSecretInStrings(String where, JsonNode node) {
    if (node.isTextual()) {
      assertNoSecret(where, node.asText());
    }
    node.fields()
        .forEachRemaining(e -> assertNoSecretInStrings(where + "." + e.getKey(), e.getValue()));
    if (node.isArray()) {
      for (JsonNode child : node) {
        assertNoSecretInStrings(where + "[]", child);
      }
    }
  }
}
