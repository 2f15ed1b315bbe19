package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.templates.GcpSecretLeaksTest.assertRedacted;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Secret forms that once survived redaction: Authorization headers with schemes other than Bearer
 * and Basic, command-line flags with a space, Kubernetes name/value pairs, Ruby/PHP/Perl hashes,
 * doubly escaped JSON, base64 service account keys, passphrases; and values that are not secrets
 * after a secret-ish name (working directories, status words, cache keys).
 */
@RunWith(JUnit4.class)
public class RedactionGapsTest {
  private void assertStays(String... texts) {
    for (String text : texts) {
      assertRedacted(text, text);
    }
  }

  @Test
  public void authorizationWithOtherSchemes() {
    assertRedacted(
        "Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b",
        "Authorization: Token [REDACTED:authorization]");
    assertRedacted(
        "{\"authorization\":\"Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b\",\"host\":\"a\"}",
        "{\"authorization\":\"Token [REDACTED:authorization]\",\"host\":\"a\"}");
    assertRedacted(
        "headers: map[Accept:[*/*] Authorization:[token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b]]",
        "headers: map[Accept:[*/*] Authorization:[token [REDACTED:authorization]]]");
    assertRedacted(
        "Authorization: Digest username=\"Mufasa\", realm=\"testrealm@host.com\","
            + " nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"/dir/index.html\","
            + " response=\"6629fae49393a05397450978507c4ef1\" Host: example.com",
        "Authorization: Digest [REDACTED:authorization] Host: example.com");
    assertRedacted(
        "{\"Authorization\": \"Digest username=\\\"Mufasa\\\", response=\\\"6629fae4\\\"\"}",
        "{\"Authorization\": \"Digest [REDACTED:authorization]\"}");
    assertRedacted(
        "Authorization: ApiKey c2VjcmV0a2V5MTIz", "Authorization: ApiKey [REDACTED:authorization]");
    assertRedacted(
        "Authorization: SharedAccessSignature sr=hub.servicebus.windows.net&sig=abc%2B12%3D"
            + "&se=1700000000&skn=RootManageSharedAccessKey",
        "Authorization: SharedAccessSignature [REDACTED:authorization]");
    assertRedacted(
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3"
            + "/aws4_request, SignedHeaders=host;range;x-amz-date,"
            + " Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
        "Authorization: AWS4-HMAC-SHA256 [REDACTED:authorization]");
    assertRedacted(
        "Authorization: 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b",
        "Authorization: [REDACTED:authorization]");
    assertRedacted(
        "Authorization: key=AAAAqWv3b0s:APA91bHun4MxP5egoKMwt2KZFBaFUH",
        "Authorization: [REDACTED:authorization]");
    assertRedacted(
        "Proxy-Authorization: Negotiate YIIFyQYGKwYBBQUCoIIFvTCCBbmg",
        "Proxy-Authorization: Negotiate [REDACTED:authorization]");
    assertRedacted(
        "{'Authorization': 'Token 9944b09199c62bcf'}",
        "{'Authorization': 'Token [REDACTED:authorization]'}");
    assertRedacted(
        "\"Authorization\" => \"Token 9944b09199c62bcf\"",
        "\"Authorization\" => \"Token [REDACTED:authorization]\"");
    // A vendor token keeps its own type; Bearer and Basic keep theirs.
    assertRedacted(
        "Authorization: token ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "Authorization: token [REDACTED:github_token]");
    assertRedacted(
        "Authorization: Bearer abcdefgh12345678", "Authorization: Bearer [REDACTED:bearer]");
    assertRedacted(
        "Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic [REDACTED:basic_auth]");
  }

  @Test
  public void authorizationProseStays() {
    assertStays(
        "authorization failed for user bob",
        "Authorization: denied",
        "Authorization: denied for user bob (missing scope)",
        "authorization: required",
        "Authorization: none",
        "\"authorization\": null",
        "Authorization: Token invalid",
        "Authorization: granted by policy p1",
        "\"authorizationInfo\":[{\"granted\":true,\"permission\":\"storage.objects.get\"}]",
        "\"authorization.k8s.io/decision\":\"allow\"",
        "Authorization: Bearer short",
        "Authorization: <*>");
  }

  @Test
  public void flagsWithASpace() {
    assertRedacted(
        "mysql --user root --password hunter2 -h db",
        "mysql --user root --password [REDACTED:password] -h db");
    assertRedacted(
        "exec app --db-password hunter2 --port 5432",
        "exec app --db-password [REDACTED:password] --port 5432");
    assertRedacted(
        "cli --token abc123xyz --api-key k9f8e7 --client-secret s3cr3tv",
        "cli --token [REDACTED:token] --api-key [REDACTED:api_key] --client-secret"
            + " [REDACTED:secret]");
    assertRedacted(
        "java -password hunter2 -jar app.jar", "java -password [REDACTED:password] -jar app.jar");
    assertRedacted(
        "run --password \"correct horse\" now", "run --password \"[REDACTED:password]\" now");
    assertRedacted(
        "\"args\":[\"--db-password\",\"hunter2\",\"--verbose\"]",
        "\"args\":[\"--db-password\",\"[REDACTED:password]\",\"--verbose\"]");
    assertRedacted(
        "\"args\":[\\\"--token\\\", \\\"abc123xyz\\\"]",
        "\"args\":[\\\"--token\\\", \\\"[REDACTED:token]\\\"]");
    assertRedacted(
        "mysql -u root --password=Winter2024! -h db",
        "mysql -u root --password=[REDACTED:password] -h db");
    assertStays(
        "error: --password is required",
        "flag --token has been deprecated, use --auth-token instead",
        "--password --host db",
        "--password-file /run/secrets/db --token-path /var/run/t",
        "--partition-key 7 --key /etc/tls/tls.key",
        "user-password reset for bob",
        "issued access token for client web-shop");
  }

  @Test
  public void commandLineUserPasswords() {
    assertRedacted(
        "Step #1: curl -sS -u admin:s3cret https://api.example.com/v1/items",
        "Step #1: curl -sS -u [REDACTED:url_credentials] https://api.example.com/v1/items");
    assertRedacted(
        "curl --user admin:s3cret https://x", "curl --user [REDACTED:url_credentials] https://x");
    assertRedacted(
        "curl --user=admin:s3cret https://x", "curl --user=[REDACTED:url_credentials] https://x");
    assertRedacted("curl -uadmin:s3cret https://x", "curl -u[REDACTED:url_credentials] https://x");
    assertRedacted(
        "curl -m 30 -u deploy:Xy9-#q!z https://x",
        "curl -m 30 -u [REDACTED:url_credentials] https://x");
    assertRedacted(
        "curl --proxy-user proxyuser:pr0xyPass -x http://proxy:3128 https://x",
        "curl --proxy-user [REDACTED:url_credentials] -x http://proxy:3128 https://x");
    assertRedacted(
        "curl -U proxyuser:pr0xyPass https://x", "curl -U [REDACTED:url_credentials] https://x");
    assertRedacted(
        "curl -u 'admin:s3 cret' https://x", "curl -u '[REDACTED:url_credentials]' https://x");
    assertRedacted(
        "curl --user=\"admin:s3cret\" https://x",
        "curl --user=\"[REDACTED:url_credentials]\" https://x");
    assertRedacted(
        "curl -u admin@example.com:p@ss https://x", "curl -u [REDACTED:url_credentials] https://x");
    assertRedacted("curl -u :s3cret https://x", "curl -u [REDACTED:url_credentials] https://x");
    assertRedacted(
        "curl -u $USER:s3cret https://x", "curl -u [REDACTED:url_credentials] https://x");
    assertRedacted(
        "[\"curl\",\"-u\",\"admin:s3cret\",\"https://api.example.com\"]",
        "[\"curl\",\"-u\",\"[REDACTED:url_credentials]\",\"https://api.example.com\"]");
    assertRedacted(
        "{\"args\": [\"curl\", \"--user\", \"admin:s3cret\", \"https://x\"]}",
        "{\"args\": [\"curl\", \"--user\", \"[REDACTED:url_credentials]\", \"https://x\"]}");
    assertRedacted(
        "\"cmd\":\"[\\\"curl\\\",\\\"-u\\\",\\\"admin:s3cret\\\"]\"",
        "\"cmd\":\"[\\\"curl\\\",\\\"-u\\\",\\\"[REDACTED:url_credentials]\\\"]\"");
    // wget's password flags are secret-ish names of their own (KeyValues).
    assertRedacted(
        "wget --http-user=bob --http-password=w9etPass https://x",
        "wget --http-user=bob --http-password=[REDACTED:password] https://x");
    assertRedacted(
        "wget --ftp-password w9etPass --proxy-password=pr0xy ftp://x",
        "wget --ftp-password [REDACTED:password] --proxy-password=[REDACTED:password] ftp://x");
  }

  @Test
  public void commandLineUsersWithoutPasswordStay() {
    assertStays(
        "docker run -u 1000 img",
        "docker run -u 1000:1000 img",
        "docker run --user=0:0 img",
        "curl -u root https://x",
        "curl --user alice https://x",
        "ps -u postgres",
        "sort -u file",
        "git push -u origin main:main",
        "curl --user-agent foo:bar https://x",
        "curl -u ${USER}:${PASS} https://x",
        "curl -u $USER:$PASS https://x",
        "curl -u \"$CI_USER:$CI_TOKEN\" https://x",
        "curl -u user: https://x",
        "curl -u : --negotiate https://x",
        "at -u 12:30",
        "run -u 12:30:45.5",
        "ffuf -u https://example.com/FUZZ",
        "rsync -avu backup:/srv/data /mnt/data",
        "[\"ps\",\"-u\",\"postgres\"]",
        "curl -u [REDACTED:url_credentials] https://x",
        "pre-update:done x-u a:b");
  }

  @Test
  public void serviceAccountKeyIdsStay() {
    // The id of a key is public (Google serves every key's certificate under it) and is what
    // an operator needs to disable a leaked key; the private key next to it goes.
    assertRedacted(
        "{\"type\": \"service_account\", \"private_key_id\":"
            + " \"0123456789abcdef0123456789abcdef01234567\", \"private_key\": \"-----BEGIN PRIVATE"
            + " KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n\"}",
        "{\"type\": \"service_account\", \"private_key_id\":"
            + " \"0123456789abcdef0123456789abcdef01234567\", \"private_key\":"
            + " \"[REDACTED:private_key]\\n\"}");
  }

  @Test
  public void kubernetesNameValuePairs() {
    assertRedacted(
        "{\"name\":\"DB_PASSWORD\",\"value\":\"hunter2\"}",
        "{\"name\":\"DB_PASSWORD\",\"value\":\"[REDACTED:password]\"}");
    assertRedacted(
        "env: [{\"name\": \"API_TOKEN\", \"value\": \"xyzzy123\"}, {\"name\": \"LOG_LEVEL\","
            + " \"value\": \"debug\"}]",
        "env: [{\"name\": \"API_TOKEN\", \"value\": \"[REDACTED:token]\"}, {\"name\":"
            + " \"LOG_LEVEL\", \"value\": \"debug\"}]");
    assertRedacted(
        "{\"value\":\"hunter2\",\"name\":\"DB_PASSWORD\"}",
        "{\"value\":\"[REDACTED:password]\",\"name\":\"DB_PASSWORD\"}");
    assertRedacted(
        "{\\\"name\\\":\\\"DB_PASSWORD\\\",\\\"value\\\":\\\"hunter2\\\"}",
        "{\\\"name\\\":\\\"DB_PASSWORD\\\",\\\"value\\\":\\\"[REDACTED:password]\\\"}");
    assertRedacted(
        "env:\n- name: DB_PASSWORD\n  value: hunter2\n- name: LOG_LEVEL\n  value: debug\n",
        "env:\n- name: DB_PASSWORD\n  value: [REDACTED:password]\n- name: LOG_LEVEL\n"
            + "  value: debug\n");
    assertRedacted(
        "- value: \"hunter2\"\n  name: STRIPE_SECRET_KEY\n",
        "- value: \"[REDACTED:key]\"\n  name: STRIPE_SECRET_KEY\n");
    assertRedacted(
        "Env:[{Name:DB_PASSWORD Value:hunter2 ValueFrom:nil} {Name:PORT Value:8080 ValueFrom:nil}]",
        "Env:[{Name:DB_PASSWORD Value:[REDACTED:password] ValueFrom:nil} {Name:PORT Value:8080"
            + " ValueFrom:nil}]");
    // Go does not quote: the value runs up to the ValueFrom field; an empty value stays empty.
    assertRedacted(
        "Env:[{Name:DB_PASSWORD Value:two words, comma ValueFrom:nil}]",
        "Env:[{Name:DB_PASSWORD Value:[REDACTED:password] ValueFrom:nil}]");
    assertRedacted(
        "{Name:API_TOKEN Value: ValueFrom:&EnvVarSource{SecretKeyRef:&SecretKeySelector{"
            + "LocalObjectReference:LocalObjectReference{Name:api,},Key:token,Optional:nil,}}}",
        "{Name:API_TOKEN Value: ValueFrom:&EnvVarSource{SecretKeyRef:&SecretKeySelector{"
            + "LocalObjectReference:LocalObjectReference{Name:api,},Key:token,Optional:nil,}}}");
    assertStays(
        "{\"name\":\"LOG_LEVEL\",\"value\":\"debug\"}",
        "{\"name\":\"DB_PASSWORD\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"db\",\"key\":\"pw\"}}}",
        "- name: DB_PASSWORD\n  valueFrom:\n    secretKeyRef:\n      name: db\n",
        "{\"name\":\"DB_PASSWORD_FILE\",\"value\":\"/run/secrets/db\"}",
        "{\"name\":\"MAX_TOKENS\",\"value\":\"1024\"}",
        "{\"name\":\"PARTITION_KEY\",\"value\":\"7\"}");
  }

  @Test
  public void rubyPhpPerlHashes() {
    assertRedacted(
        "{\"password\"=>\"hunter2\", \"user\"=>\"bob\"}",
        "{\"password\"=>\"[REDACTED:password]\", \"user\"=>\"bob\"}");
    assertRedacted(
        "params: {:password => \"hunter2\"}", "params: {:password => \"[REDACTED:password]\"}");
    assertRedacted("array('api_key' => 'abc123')", "array('api_key' => '[REDACTED:api_key]')");
    assertRedacted("{password: \"hunter2\"}", "{password: \"[REDACTED:password]\"}");
  }

  @Test
  public void doublyEscapedJson() {
    assertRedacted(
        "{\"log\":\"{\\\"msg\\\":\\\"{\\\\\\\"password\\\\\\\":\\\\\\\"hunter2\\\\\\\"}\\\"}\"}",
        "{\"log\":\"{\\\"msg\\\":\\\"{\\\\\\\"password\\\\\\\":\\\\\\\"[REDACTED:password]"
            + "\\\\\\\"}\\\"}\"}");
  }

  @Test
  public void workingDirectoriesStay() {
    assertStays("PWD=/home/app", "OLDPWD=/root SHLVL=1", "{\"PWD\":\"/srv/app\"}");
    assertRedacted("PWD=hunter2", "PWD=[REDACTED:password]");
    assertRedacted("MYSQL_PWD=/x9!", "MYSQL_PWD=[REDACTED:password]");
  }

  @Test
  public void statusWordsStay() {
    assertStays(
        "signature: valid",
        "signature=invalid",
        "signature verified",
        "token: expired",
        "token=null",
        "{\"token\": null, \"signature\": \"missing\"}",
        "webhook signature=none present=true",
        "password: required");
    assertRedacted("signature=validXyz0123", "signature=[REDACTED:signature]");
  }

  @Test
  public void cacheKeysStay() {
    assertStays(
        "cache miss key=user:1234",
        "cache hit key=tenant:7:profile ttl=300",
        "{\"key\":\"session_meta:42\"}",
        "evicted key=orders:2024-01-01");
    // Keys that hold a random part are credentials (id:secret pairs).
    assertRedacted("key=api:key-3ax6xnjp29jd6fds4gc373sgvjxteol0", "key=[REDACTED:key]");
    assertRedacted("GET /geo?key=e3b0c44298fc1c14 200", "GET /geo?key=[REDACTED:key] 200");
    assertRedacted(
        "GET /geo?key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY 200",
        "GET /geo?key=[REDACTED:google_api_key] 200");
  }

  @Test
  public void passphrases() {
    assertRedacted("GPG_PASSPHRASE=c0rrect-h0rse", "GPG_PASSPHRASE=[REDACTED:password]");
    assertRedacted(
        "{\"passphrase\": \"c0rrect h0rse\"}", "{\"passphrase\": \"[REDACTED:password]\"}");
    assertStays("passphrase prompt shown");
  }

  @Test
  public void base64ServiceAccountKeys() {
    assertRedacted(
        "GOOGLE_CREDENTIALS=ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCIsCiAgInByb2plY3RfaWQiOiAicCIK",
        "GOOGLE_CREDENTIALS=[REDACTED:service_account_key]");
    assertRedacted(
        "data: {key.json: eyJ0eXBlIjoic2VydmljZV9hY2NvdW50IiwicHJvamVjdF9pZCI6InAifQ==}",
        "data: {key.json: [REDACTED:service_account_key]}");
  }

  /** The pre-check stays a necessary condition with the new forms. */
  @Test
  public void aClearBitNeverHidesASecret() {
    String[] parts = {
      "Authorization",
      "Proxy-Authorization",
      "authorization",
      ": ",
      ":",
      "=",
      "=>",
      " ",
      "\t",
      "\n",
      "  ",
      "- ",
      ",",
      "[",
      "]",
      "{",
      "}",
      "\"",
      "'",
      "\\",
      "\\\"",
      "\\\\\\\"",
      "Token",
      "Digest",
      "Bearer",
      "Basic",
      "username=",
      "abc123xyz",
      "QWxhZGRpbjpvcGVu",
      "denied",
      "valid",
      "null",
      "[REDACTED:",
      "--",
      "-",
      "password",
      "db-password",
      "token",
      "key",
      "api-key",
      "sig",
      "pwd",
      "PWD",
      "OLDPWD",
      "/home",
      "passphrase",
      "name",
      "Name",
      "value",
      "Value",
      "DB_PASSWORD",
      "API_TOKEN",
      "user:1234",
      "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50I",
      "ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCI",
      "x",
      "-u",
      "-U",
      "--user",
      "--proxy-user",
      "-sSu",
      "admin:pw",
      "1000:1000",
      "$PASS",
    };
    int[] changedSkipped = RedactionAnchorsTest.redactRandomTexts(parts, 11);
    assertThat(changedSkipped[0]).isGreaterThan(5_000);
    assertThat(changedSkipped[1]).isGreaterThan(1_000);
  }

  @Test
  public void anAwsSecretRightAfterItsKeyIdAndAGoogleAuthorizationCode() {
    assertRedacted(
        "credentials AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY loaded",
        "credentials [REDACTED:aws_access_key_id]:[REDACTED:aws_secret_access_key] loaded");
    assertRedacted(
        "keys AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "keys [REDACTED:aws_access_key_id], [REDACTED:aws_secret_access_key]");
    // With a word between, as free text writes the pair.
    assertRedacted(
        "AWS upload failed for key AKIAIOSFODNN7EXAMPLE secret"
            + " wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS upload failed for key [REDACTED:aws_access_key_id] secret"
            + " [REDACTED:aws_secret_access_key]");
    assertRedacted(
        "AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "[REDACTED:aws_access_key_id] and [REDACTED:aws_secret_access_key]");
    assertRedacted(
        "id=AKIAIOSFODNN7EXAMPLE, Secret_Key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "id=[REDACTED:aws_access_key_id], Secret_Key: [REDACTED:aws_secret_access_key]");
    // Not 40 characters, or not next to the key id: left as it was.
    assertRedacted(
        "AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY2 and wJalrXUtnFEMI",
        "[REDACTED:aws_access_key_id]:wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY2 and wJalrXUtnFEMI");
    // Google's OAuth callback, as an access log records it.
    assertRedacted(
        "GET /oauth2/callback?state=xyz&code=4/0AX4XfWh1234567890abcdefgHIJ&scope=email HTTP/1.1",
        "GET /oauth2/callback?state=xyz&code=[REDACTED:google_oauth_code]&scope=email HTTP/1.1");
    assertStays("step 4/0 of 12", "ratio 4/0A done");
  }

  @Test
  public void namesEndingInAnEncodingSuffix() {
    assertRedacted(
        "SECRET_KEY_BASE=0b4d2e6a0c7bd1b1f0f1c7b8e1c5f2a3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8"
            + " RAILS_ENV=production",
        "SECRET_KEY_BASE=[REDACTED:key] RAILS_ENV=production");
    assertRedacted(
        "secret_key_base: \"f00dbabe1234567890abcdef\"", "secret_key_base: \"[REDACTED:key]\"");
    assertRedacted(
        "{\"name\":\"SECRET_KEY_BASE\",\"value\":\"abcdef0123456789abcdef0123456789\"}",
        "{\"name\":\"SECRET_KEY_BASE\",\"value\":\"[REDACTED:key]\"}");
    assertRedacted(
        "SIGNING_KEY_B64=QUJDREVGR0hJSktMTU5PUA== JWT_SECRET_HEX=deadbeefcafe01"
            + " tokenValue=abc123def456",
        "SIGNING_KEY_B64=[REDACTED:key] JWT_SECRET_HEX=[REDACTED:secret]"
            + " tokenValue=[REDACTED:token]");
    // A name for a pair, a file holding the secret, a status word, Rails' own error message.
    assertStays(
        "key_value=foo partition_key_value=3 keybase=x sig_value=2",
        "PASSWORD_FILE=/run/secrets/db TOKEN_PATH=/var/run/token",
        "token_value=null",
        "ArgumentError: Missing `secret_key_base` for 'production' environment");
  }

  @Test
  public void laravelAppKeyByItsValue() {
    assertRedacted(
        "APP_KEY=base64:2fl+Ktvkfl+Fuz4Qp/A75G2RTiWVA/ZoKZvp6fiiM10= APP_DEBUG=true",
        "APP_KEY=[REDACTED:key] APP_DEBUG=true");
    assertRedacted(
        "{\"name\":\"APP_KEY\",\"value\":\"base64:2fl+Ktvkfl+Fuz4Qp/A75G2RTiWVA/ZoKZvp6fiiM10=\"}",
        "{\"name\":\"APP_KEY\",\"value\":\"[REDACTED:key]\"}");
    // Pusher's app key is public (the browser gets it); an app secret is one whatever its value.
    assertStays("pusher connect app_key=7f3a9c1e2b4d6f8a0c1e cluster=eu");
    assertRedacted(
        "pusher app_key=7f3a9c1e2b4d6f8a0c1e app_secret=9b1d2e3f4a5b6c7d8e9f",
        "pusher app_key=7f3a9c1e2b4d6f8a0c1e app_secret=[REDACTED:secret]");
  }

  @Test
  public void secretManagerReferencesOfADeployStay() {
    // Cloud Build logs the deploy step's command: the pairs name a secret and its version.
    assertStays(
        "Step #2: gcloud run deploy svc --image=gcr.io/p/i"
            + " --set-secrets=DB_PASS=db-pass:latest,API_KEY=api-key:3,/etc/secrets/token=app-token:latest",
        "gcloud run deploy svc --update-secrets DB_PASSWORD=projects/123/secrets/db-password:2");
    // A value beside the flag, or the same shape elsewhere, is judged as before.
    assertRedacted(
        "gcloud functions deploy f --set-secrets=STRIPE_SECRET=stripe-secret:1"
            + " --set-env-vars=DB_PASSWORD=hunter22",
        "gcloud functions deploy f --set-secrets=STRIPE_SECRET=stripe-secret:1"
            + " --set-env-vars=DB_PASSWORD=[REDACTED:password]");
    assertRedacted(
        "gcloud run deploy --set-secrets=DB_PASS=hunter2x",
        "gcloud run deploy --set-secrets=DB_PASS=[REDACTED:password]");
    assertRedacted("export DB_PASS=db-pass:latest", "export DB_PASS=[REDACTED:password]");
    assertRedacted("config password=secret:1", "config password=[REDACTED:password]");
  }
}
