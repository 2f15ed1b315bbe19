package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Secrets common in Google Cloud workload logs that once survived redaction: vendor tokens by their
 * own prefix (Google OAuth, Stripe, OpenAI, GitLab, npm, SendGrid), signed URL signatures,
 * empty-user Redis URLs, {@code *_PWD} names, Azure account keys, Go/JSON header dumps where the
 * value is a one-element list, and truncated PEM keys double-escaped in JSON.
 */
@RunWith(JUnit4.class)
public class GcpSecretLeaksTest {
  private static final Redactor redactor = new Redactor();

  /**
   * The redactor's output is {@code expected}, the same with every check run (the pre-check hides
   * nothing), and redacting it again changes nothing. Shared with {@link RedactionGapsTest}.
   */
  static void assertRedacted(String input, String expected) {
    String out = redactor.redact(input);
    assertWithMessage("redaction of %s", input).that(out).isEqualTo(expected);
    assertWithMessage("every check on %s", input)
        .that(Redactor.redactWithEveryCheck(input))
        .isEqualTo(expected);
    assertWithMessage("idempotent on %s", out).that(redactor.redact(out)).isEqualTo(out);
  }

  @Test
  public void signedUrlSignatures() {
    assertRedacted(
        "GET https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256"
            + "&X-Goog-Credential=sa%40p.iam.gserviceaccount.com%2F20240101%2Fauto%2Fstorage"
            + "%2Fgoog4_request&X-Goog-Date=20240101T000000Z&X-Goog-Expires=900"
            + "&X-Goog-SignedHeaders=host&X-Goog-Signature=5a2c4f0e9b8d7c6a5b4c3d2e1f0a9b8c 200",
        "GET https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256"
            + "&X-Goog-Credential=[REDACTED:email]%2F20240101%2Fauto%2Fstorage"
            + "%2Fgoog4_request&X-Goog-Date=20240101T000000Z&X-Goog-Expires=900"
            + "&X-Goog-SignedHeaders=host&X-Goog-Signature=[REDACTED:signature] 200");
    assertRedacted(
        "GET /b/o?GoogleAccessId=svc&Expires=1700000000&Signature=dGhpcyBzaWc%3D HTTP/1.1",
        "GET /b/o?GoogleAccessId=svc&Expires=1700000000&Signature=[REDACTED:signature] HTTP/1.1");
    assertRedacted(
        "GET /c/b?sv=2021-08-06&sp=r&se=2026-01-01T00:00:00Z&sig=q2mJ3kLmN0pQ%2BabcDEF%3D 200",
        "GET /c/b?sv=2021-08-06&sp=r&se=2026-01-01T00:00:00Z&sig=[REDACTED:signature] 200");
    assertRedacted(
        "s3 GET ?X-Amz-Date=20240101T000000Z&X-Amz-Signature=abcdef0123456789abcdef01",
        "s3 GET ?X-Amz-Date=20240101T000000Z&X-Amz-Signature=[REDACTED:signature]");
    assertRedacted(
        "{\"signature\": \"c2lnbmVkYnl0ZXM=\"}", "{\"signature\": \"[REDACTED:signature]\"}");
  }

  @Test
  public void urlCredentialsWithEmptyUserOrAtInPassword() {
    assertRedacted(
        "redis dial redis://:p4ssw0rdXYZ@10.0.0.3:6379/0 failed",
        "redis dial redis://[REDACTED:url_credentials]@10.0.0.3:6379/0 failed");
    assertRedacted(
        "connecting to postgres://app:Pa@ssw0rd1@db.internal:5432/orders",
        "connecting to postgres://[REDACTED:url_credentials]@db.internal:5432/orders");
  }

  @Test
  public void pwdEndingAName() {
    assertRedacted(
        "MYSQL_PWD=my5qlR00t mysql -u root", "MYSQL_PWD=[REDACTED:password] mysql -u root");
    assertRedacted("{\"dbPwd\": \"hunter2\"}", "{\"dbPwd\": \"[REDACTED:password]\"}");
  }

  @Test
  public void azureAccountKey() {
    assertRedacted(
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Eby8vdM02xNO/K1SZ==;"
            + "EndpointSuffix=core.windows.net",
        "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=[REDACTED:key];"
            + "EndpointSuffix=core.windows.net");
  }

  @Test
  public void headerValuesInOneElementLists() {
    assertRedacted(
        "headers: map[Accept:[*/*] Authorization:[Basic Z286c2VjcmV0UGFzcw==] "
            + "X-Api-Key:[k9f8e7d6c5b4a3210]]",
        "headers: map[Accept:[*/*] Authorization:[Basic [REDACTED:basic_auth]] "
            + "X-Api-Key:[[REDACTED:api_key]]]");
    assertRedacted(
        "{\"headers\": {\"authorization\": [\"Basic Z286c2VjcmV0UGFzcw==\"], "
            + "\"x-api-key\": [\"k9f8e7d6c5b4a3210\"]}}",
        "{\"headers\": {\"authorization\": [\"Basic [REDACTED:basic_auth]\"], "
            + "\"x-api-key\": [\"[REDACTED:api_key]\"]}}");
    // An earlier marker is not read as a list holding a secret.
    assertRedacted("password=[REDACTED:password]", "password=[REDACTED:password]");
  }

  @Test
  public void truncatedPemDoubleEscaped() {
    assertRedacted(
        "msg=\"{\\\"private_key\\\": \\\"-----BEGIN PRIVATE KEY-----\\\\nMIIEvgIBADANBgkqhk"
            + "iG9w0BAQEFAASCBKgw\\\\nQUJDREVGR0hJSktMTU5P",
        "msg=\"{\\\"private_key\\\": \\\"[REDACTED:private_key]");
  }

  @Test
  public void ordinaryTextStays() {
    String[] clean = {
      "token bucket refill rate=10/s keyboard layout passing tests",
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "uuid=123e4567-e89b-12d3-a456-426614174000 trace=105445aa7843bc8bf206b12000100000",
      "signature verified for message 42",
      "config=prod signal=SIGTERM design=v2",
      "max_tokens=1024 prompt_tokens: 12 token_count=5",
      "partition_key=7 monkey=3 keys: [a, b]",
      "see https://example.com:8443/path@v2 and http://host/a:b@c",
      "Accept:[*/*] User-Agent:[Go-http-client/1.1]",
    };
    for (String text : clean) {
      assertWithMessage("over-redacted").that(redactor.redact(text)).isEqualTo(text);
    }
  }

  /** The pre-check stays a necessary condition with the new names and forms. */
  @Test
  public void aClearBitNeverHidesASecret() {
    String[] parts = {
      "sig",
      "Sig",
      "signature",
      "X-Goog-Signature",
      "pwd",
      "MYSQL_PWD",
      "AccountKey",
      "key",
      "Authorization",
      "Basic ",
      "[",
      "]",
      "[\"",
      "\"]",
      ":",
      "=",
      ": ",
      " ",
      "&",
      "?",
      "#",
      "/",
      "@",
      "redis://",
      "://",
      ":pw@",
      "p@ss",
      "abcdefghij",
      "QWxhZGRpbjpvcGVu",
      "\\",
      "\\\\n",
      "\"",
      "'",
      "[REDACTED:",
      "-----BEGIN PRIVATE KEY-----",
      "MIIEv",
      "x",
      "ya29.",
      "1//0",
      "sk_live_",
      "rk_test_",
      "sk-proj-",
      "sk-ant-",
      "glpat-",
      "npm_",
      "SG.",
      "abcdefghijklmnopqrstuvwxyz0123456789",
      "_-",
      "Cookie",
      "Set-Cookie: ",
      "cookies=",
      "sid=",
      "; ",
      ";",
    };
    assertThat(RedactionAnchorsTest.redactRandomTexts(parts, 7)[0]).isGreaterThan(5_000);
  }

  @Test
  public void vendorTokensByTheirOwnPrefix() {
    assertRedacted(
        "token refresh ok, using ya29.a0AfB_byC1x2y3z4FAKEFAKEFAKE for storage",
        "token refresh ok, using [REDACTED:google_oauth_token] for storage");
    assertRedacted(
        "stored refresh token 1//0gFAKEFAKEFAKE-abcdefghijkl for user 42",
        "stored refresh token [REDACTED:google_oauth_token] for user 42");
    assertRedacted(
        "stripe.api_key set from env: sk_live_FAKE51HxAbCdEfGhIjKlMn",
        "stripe.api_key set from env: [REDACTED:stripe_key]");
    assertRedacted(
        "openai client init with sk-proj-FAKEabcdefghijklmnopqrstuvwxyz0123",
        "openai client init with [REDACTED:api_key]");
    assertRedacted(
        "git clone https://oauth2:glpat-FAKEabcdefghijklmnop12@gitlab.example.com/g/r.git",
        "git clone https://[REDACTED:url_credentials]@gitlab.example.com/g/r.git");
    assertRedacted(
        "npm config token npm_FAKEabcdefghijklmnopqrstuvwxyz012345 loaded",
        "npm config token [REDACTED:npm_token] loaded");
    assertRedacted(
        "mail provider SG.FAKEabcdefghijklm.FAKEnopqrstuvwxyz0123 rejected",
        "mail provider [REDACTED:sendgrid_key] rejected");
    // Ordinary words with those letters stay.
    for (String clean :
        new String[] {
          "task-scheduler-worker-pool-abcdef started",
          "risk_live_score=0.3 for order 12",
          "ask-ant-colony-optimizer-run-0123456789 done",
          "SG.stage.production.deploy finished",
          "npm_config_cache=/tmp/npm"
        }) {
      assertRedacted(clean, clean);
    }
  }

  @Test
  public void aKeyRightAfterDigits() {
    String in =
        "key 2048-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASC\n"
            + "-----END PRIVATE KEY-----";
    String out = redactor.redact(in);
    assertThat(out).doesNotContain("MIIEvgIBADANBgkqhkiG9w0BAQEFAASC");
    assertThat(out).contains("[REDACTED:private_key]");
    assertThat(out).isEqualTo(Redactor.redactWithEveryCheck(in));
  }

  @Test
  public void cookieHeaderValues() {
    assertRedacted(
        "GET /cart HTTP/1.1 Host: shop.example.com Cookie: session=9f8e7d6c5b4a; _ga=GA1.2.3"
            + " User-Agent: curl/8.0",
        "GET /cart HTTP/1.1 Host: shop.example.com Cookie: [REDACTED:cookie]"
            + " User-Agent: curl/8.0");
    assertRedacted(
        "upstream replied Set-Cookie: JSESSIONID=A1B2C3D4E5; Path=/; HttpOnly; Secure",
        "upstream replied Set-Cookie: [REDACTED:cookie]");
    assertRedacted(
        "{\"headers\": {\"cookie\": \"connect.sid=s%3Aabc.def\"}}",
        "{\"headers\": {\"cookie\": \"[REDACTED:cookie]\"}}");
    assertRedacted(
        "map[Cookie:[sid=abc123] Accept:[*/*]]", "map[Cookie:[[REDACTED:cookie]] Accept:[*/*]]");
    for (String clean :
        new String[] {
          "invalid cookie: expired", "cookie consent banner shown", "set cookie policy to strict"
        }) {
      assertRedacted(clean, clean);
    }
  }
}
