package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The pre-check of the redactor: words without what their pattern needs after them raise no bit (so
 * the regexes do not run), and a clear bit never hides a secret.
 */
@RunWith(JUnit4.class)
public class RedactionAnchorsTest {
  private final Redactor redactor = new Redactor();

  @Test
  public void wordsWithoutAValueRaiseNoBit() {
    String[] clean = {
      "Updating keys for user olivia.",
      "Accepted publickey for carol from 192.0.2.2 port 53574 ssh2",
      "issued access token for client web-shop",
      "Cache miss for key inventory:sku-1, loaded from Spanner",
      "DEBUG outgoing request headers: Authorization: Bearer <*> X-Request-Id: <*>",
      "Authorization: Bearer short",
      "calling partner API <*> with api_key=<*>",
      "SMTP login as <*> with password=<*> ok",
      "secret: [REDACTED:secret]",
      "token = (none)",
      "see https://example.com/path?q=1 for details",
      "Authorization: Basic <*>",
      "Authorization: denied",
      "authorization failed for user bob",
      "Authorization: Token <*>",
      "token for user-key lookup, see --token-file",
      "{\"name\":\"LOG_LEVEL\",\"value\":\"debug\"}",
      "name: frontend, value: 3",
      "curl --user-agent foo https://x",
      "cache-user x-u a:b",
      "docker run -u",
    };
    for (String text : clean) {
      assertWithMessage("bits of %s", text).that(Redactor.anchors(text)).isEqualTo(0);
      assertThat(redactor.redact(text)).isSameInstanceAs(text);
    }
  }

  @Test
  public void valuesRaiseTheirBit() {
    assertThat(Redactor.anchors("api_key=sk_live_abc") & RedactionAnchors.KEY_VALUE)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("\"password\": \"x\"") & RedactionAnchors.KEY_VALUE)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("Authorization: Bearer abcdefgh") & RedactionAnchors.BEARER)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("Authorization: Basic QWxh") & RedactionAnchors.BASIC)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("postgres://app:pw@db") & RedactionAnchors.URL_CREDENTIALS)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("aws_secret_access_key = x") & RedactionAnchors.AWS_SECRET)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("Authorization: Token abc123def") & RedactionAnchors.AUTHORIZATION)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("run --db-password x") & RedactionAnchors.FLAG).isNotEqualTo(0);
    assertThat(Redactor.anchors("[\"--token\", \"x\"]") & RedactionAnchors.FLAG).isNotEqualTo(0);
    assertThat(Redactor.anchors("{\"name\": \"DB_PASSWORD\"") & RedactionAnchors.NAME_VALUE)
        .isNotEqualTo(0);
    assertThat(Redactor.anchors("- name: API_TOKEN") & RedactionAnchors.NAME_VALUE).isNotEqualTo(0);
    assertThat(Redactor.anchors("curl -u a:b") & RedactionAnchors.COMMAND_LINE).isNotEqualTo(0);
    assertThat(Redactor.anchors("-m 30 -U a:b") & RedactionAnchors.COMMAND_LINE).isNotEqualTo(0);
    assertThat(Redactor.anchors("[\"--user\", \"a:b\"]") & RedactionAnchors.COMMAND_LINE)
        .isNotEqualTo(0);
    assertThat(
            Redactor.anchors("eyJ0eXBlIjoic2VydmljZV9hY2NvdW50IiwicHJvamVjdF9pZCI6InAifQ==")
                & RedactionAnchors.SERVICE_ACCOUNT)
        .isNotEqualTo(0);
  }

  /**
   * A private key inside a URL's user info: the URL pattern only matches once the key is replaced
   * by its marker, so that check runs on the word alone once the text has changed.
   */
  @Test
  public void checksAfterAChangeRunOnTheWordAlone() {
    String text = "https://user:-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----@host";
    assertThat(Redactor.anchors(text) & RedactionAnchors.URL_CREDENTIALS).isEqualTo(0);
    assertThat(redactor.redact(text)).isEqualTo("https://[REDACTED:url_credentials]@host");
  }

  /**
   * Random texts built from the patterns' words, separators and values: the pre-checked redaction
   * equals running every check (a clear bit never hides a secret).
   */
  @Test
  public void aClearBitNeverHidesASecret() {
    String[] parts = {
      "key",
      "Key",
      "password",
      "passwd",
      "pwd",
      "secret",
      "token",
      "api_key",
      "private-key",
      "accessKey",
      "secret_access_key",
      "monkey",
      "Bearer",
      "Authorization",
      "Basic",
      "://",
      "https://",
      "user:pw@",
      "@",
      ":",
      "=",
      ": ",
      "\\",
      "\"",
      "'",
      " ",
      "\t",
      "\n",
      ",",
      "&",
      "<*>",
      "eyJabcdefgh.ij.kl",
      "abcdefghij",
      "QWxhZGRpbjpvcGVu",
      "[REDACTED:",
      "]",
      "/",
      "?",
      "#",
      "<",
      "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      "x",
      "_",
      "-",
      "(",
      "|",
      "-----BEGIN PRIVATE KEY-----",
      "-----END PRIVATE KEY-----",
      "ops@example.com",
    };
    int[] changedSkipped = redactRandomTexts(parts, 42);
    // The texts hold secrets, and the pre-check does skip some of them.
    assertThat(changedSkipped[0]).isGreaterThan(10_000);
    assertThat(changedSkipped[1]).isGreaterThan(1_000);
  }

  /**
   * Redacts 100,000 texts of 1–10 random parts, each with the pre-check and with every check, and
   * asserts the two agree; returns how many texts changed and how many the pre-check skipped.
   */
  static int[] redactRandomTexts(String[] parts, long seed) {
    Redactor redactor = new Redactor();
    Random random = new Random(seed);
    int changed = 0;
    int skipped = 0;
    for (int n = 0; n < 100_000; n++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 1 + random.nextInt(10); k > 0; k--) {
        sb.append(parts[random.nextInt(parts.length)]);
      }
      String text = sb.toString();
      String expected = Redactor.redactWithEveryCheck(text);
      assertWithMessage("redaction of %s", text).that(redactor.redact(text)).isEqualTo(expected);
      changed += expected.equals(text) ? 0 : 1;
      skipped += Redactor.anchors(text) == 0 ? 1 : 0;
    }
    return new int[] {changed, skipped};
  }
}
