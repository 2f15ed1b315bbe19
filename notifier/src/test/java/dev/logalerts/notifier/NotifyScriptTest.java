package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.logalerts.notifier.CaptureServer.Reply;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code scripts/notify.sh} end to end against a capture server: a stream with duplicates,
 * out-of-order sequences, long texts and a failing receiver; the preview; and the exit codes and
 * one-line errors of user mistakes.
 */
@RunWith(JUnit4.class)
public class NotifyScriptTest {
  private static final File ROOT = new File("..").getAbsoluteFile();
  private final CaptureServer server = new CaptureServer();
  private final Path dir = Files.createTempDirectory("notify");

  record Result(int exit, String out, String err) {}

  public NotifyScriptTest() throws Exception {}

  @After
  public void close() {
    server.close();
  }

  private static String classpath() throws Exception {
    return new File("target/classes").getAbsolutePath()
        + File.pathSeparator
        + Files.readString(Path.of("target/classpath.txt")).trim();
  }

  private Result run(Map<String, String> env, String... args) throws Exception {
    assumeTrue("bash is needed", new File("/bin/bash").canExecute());
    List<String> command = new ArrayList<>(List.of("bash", "scripts/notify.sh"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT);
    pb.environment().put("NOTIFIER_CLASSPATH", classpath());
    pb.environment().putAll(env);
    File out = dir.resolve("out.txt").toFile();
    File err = dir.resolve("err.txt").toFile();
    pb.redirectOutput(out).redirectError(err);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
  }

  private Path config() throws Exception {
    Path c = dir.resolve("notifier.yaml");
    Files.writeString(
        c,
        String.join(
            "\n",
            "receivers:",
            "  - {name: sre-slack, slack: {webhookUrl: \"${SLACK_WEBHOOK_URL}\"}}",
            "  - {name: team-chat, googleChat: {webhookUrl: \""
                + server.url("/chat/v1/spaces/S/messages")
                + "?key=k&token=${CHAT_TOKEN}\"}}",
            "  - {name: oncall, pagerduty: {routingKey: \"${PD_ROUTING_KEY}\", url: \""
                + server.url("/pd")
                + "\"}}",
            "  - {name: audit, webhook: {url: \""
                + server.url("/audit")
                + "\", hmacSecret: \"${HOOK_SECRET}\"}}",
            "  - {name: am, alertmanager: {url: \""
                + server.url("/am")
                + "\", bearerToken: \"${AM_TOKEN}\"}}",
            "routes:",
            "  - match: {severity: [critical, error], state: [FIRING, RESOLVED]}",
            "    receivers: [oncall, sre-slack]",
            "    continue: true",
            "  - match: {}",
            "    receivers: [team-chat, audit, am]",
            "delivery: {maxAttempts: 3, initialBackoff: 10ms, maxBackoff: 2s}",
            ""));
    return c;
  }

  private Map<String, String> env() {
    return Map.of(
        "SLACK_WEBHOOK_URL", server.url("/slack/T1/B2/slackSECRET"),
        "CHAT_TOKEN", "chatSECRET",
        "PD_ROUTING_KEY", "pdSECRET",
        "HOOK_SECRET", "hookSECRET",
        "AM_TOKEN", "amSECRET");
  }

  private Path alerts() throws Exception {
    String a = "a".repeat(32);
    String b = "b".repeat(32);
    Path d = Files.createDirectories(dir.resolve("alerts"));
    Files.writeString(
        d.resolve("part-0.json"),
        String.join(
            "\n",
            TestAlerts.withSequence(a, "FIRING", 1),
            TestAlerts.withSequence(a, "FIRING", 1),
            TestAlerts.withSequence(a, "RESOLVED", 3),
            ""));
    Files.writeString(
        d.resolve("part-1.json"),
        String.join(
            "\n",
            TestAlerts.withSequence(a, "FIRING", 2),
            TestAlerts.huge(b),
            TestAlerts.json("c".repeat(32), "FLAPPING", "warning"),
            ""));
    return d;
  }

  @Test
  public void sendsAStreamWithDuplicatesStaleMessagesLongTextsAndAFailingReceiver()
      throws Exception {
    server.script("/pd", new Reply(429, "1", ""));
    server.script(
        "/audit",
        new Reply(200, null, ""),
        new Reply(200, null, ""),
        new Reply(403, null, "forbidden hookSECRET"));
    Path dlq = dir.resolve("dead.jsonl");
    Result r =
        run(
            env(),
            "--config=" + config(),
            "--alerts=" + alerts(),
            "--send",
            "--dead-letter=" + dlq);
    assertThat(r.exit()).isEqualTo(1);
    String out = r.out();
    assertThat(out)
        .contains(
            "# skipped alertId="
                + "a".repeat(32)
                + " rule=repeated-errors state=FIRING sequence=2: stale");
    assertThat(out).contains("# not sent: duplicate");
    assertThat(out).contains("status=200 outcome=SENT attempts=2");
    assertThat(out)
        .contains("status=403 outcome=PERMANENT attempts=1 detail=HTTP 403: forbidden ***");
    assertThat(out)
        .contains(
            "POST http://127.0.0.1:" + server.url("").replaceAll(".*:", "") + "/slack/***/***/***");
    assertThat(out + r.err()).doesNotContain("SECRET");

    // Delivered: a#1 FIRING and a#3 RESOLVED (error) and b (critical) to oncall and sre-slack,
    // then,
    // as that route continues, with c (FLAPPING) to team-chat and audit. Not sent: the duplicate
    // a#1 and the stale a#2.
    List<CaptureServer.Captured> pd = server.requests("/pd");
    assertThat(pd).hasSize(4); // 3 alerts + one 429 retry
    for (CaptureServer.Captured c : pd) {
      PayloadsTest.checkPagerDuty(AlertMessage.MAPPER.readTree(c.body()));
    }
    assertThat(server.requests("/slack")).hasSize(3);
    for (CaptureServer.Captured c : server.requests("/slack")) {
      PayloadsTest.checkSlack(AlertMessage.MAPPER.readTree(c.body()));
    }
    assertThat(server.requests("/chat")).hasSize(4);
    for (CaptureServer.Captured c : server.requests("/chat")) {
      PayloadsTest.checkChat(AlertMessage.MAPPER.readTree(c.body()));
      assertThat(c.path()).endsWith("?key=k&token=chatSECRET");
    }
    List<CaptureServer.Captured> audit = server.requests("/audit");
    assertThat(audit).hasSize(4);
    for (CaptureServer.Captured c : audit) {
      assertThat(c.header("X-Log-Alerts-Signature"))
          .isEqualTo(Payloads.signature("hookSECRET", c.body()));
    }
    List<CaptureServer.Captured> am = server.requests("/am/api/v2/alerts");
    assertThat(am).hasSize(4);
    for (CaptureServer.Captured c : am) {
      assertThat(c.header("Authorization")).isEqualTo("Bearer amSECRET");
      JsonNode labels = AlertMessage.MAPPER.readTree(c.body()).get(0).path("labels");
      assertThat(labels.path("alert_id").asText()).hasLength(32);
      assertThat(labels.path("alertname").asText()).isNotEmpty();
    }
    List<String> dead = Files.readAllLines(dlq, StandardCharsets.UTF_8);
    assertThat(dead).hasSize(1);
    JsonNode d = AlertMessage.MAPPER.readTree(dead.get(0));
    assertThat(d.path("attributes").path("receiver").asText()).isEqualTo("audit");
    assertThat(d.path("data").asText()).isEqualTo(audit.get(2).body());
  }

  @Test
  public void previewPrintsMaskedRequestsAndSendsNothing() throws Exception {
    Result r = run(env(), "--config=" + config(), "--alerts=" + alerts());
    assertThat(r.exit()).isEqualTo(0);
    assertThat(server.requests()).isEmpty();
    assertThat(r.out()).contains("=== receiver=oncall alertId=" + "a".repeat(32));
    assertThat(r.out()).contains("\"routing_key\":\"***\"");
    assertThat(r.out()).contains("?key=***&token=***");
    assertThat(r.out()).contains("Authorization: Bearer ***");
    assertThat(r.out()).contains("(preview; --send posts them)");
    assertThat(r.out() + r.err()).doesNotContain("SECRET");
  }

  @Test
  public void invalidConfigExits2WithPositions() throws Exception {
    Path c = dir.resolve("bad.yaml");
    Files.writeString(
        c,
        "receivers:\n"
            + "  - {name: x, slack: {webhookUrl: \"${NOPE}\"}}\n"
            + "routes: [{match: {}, receivers: [y]}]\n");
    Result r = run(Map.of(), "--config=" + c, "--alerts=" + alerts(), "--send");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("error: " + c + ":2:35: environment variable NOPE is not set");
    assertThat(r.err()).contains("error: " + c + ":3:33: unknown receiver 'y'");
    assertThat(r.err()).doesNotContain("Exception");
    // A preview needs no secrets, but the config's other mistakes still stop it.
    Result preview = run(Map.of(), "--config=" + c, "--alerts=" + alerts());
    assertThat(preview.exit()).isEqualTo(2);
    assertThat(preview.err()).doesNotContain("NOPE is not set");
    assertThat(preview.err()).contains("error: " + c + ":3:33: unknown receiver 'y'");
  }

  @Test
  public void previewOfTheBundledExampleNeedsNoSecrets() throws Exception {
    // Before: README's preview command, pasted, ended in four "environment variable ... is not
    // set" errors (exit 2): a preview sends nothing, yet it wanted every secret.
    Result r =
        run(
            Map.of(),
            "--config=" + ROOT.toPath().resolve("notifier/examples/notifier.yaml"),
            "--alerts=" + alerts());
    assertThat(r.exit()).isEqualTo(0);
    assertThat(server.requests()).isEmpty();
    assertThat(r.err())
        .startsWith(
            "note: CHAT_WEBHOOK_URL, HOOK_SECRET, PD_ROUTING_KEY, SLACK_WEBHOOK_URL are not set;"
                + " previewing with https://unset.invalid/NAME in their place (--send needs them"
                + " set)\n");
    assertThat(r.out()).contains("=== receiver=sre-slack alertId=" + "a".repeat(32));
    assertThat(r.out()).contains("POST https://unset.invalid/SLACK_WEBHOOK_URL");
    assertThat(r.out()).contains("\"routing_key\":\"***\"");
    assertThat(r.out()).contains("(preview; --send posts them)");
    // Sending still needs them, each named with its position.
    Result send =
        run(
            Map.of(),
            "--config=" + ROOT.toPath().resolve("notifier/examples/notifier.yaml"),
            "--alerts=" + alerts(),
            "--send");
    assertThat(send.exit()).isEqualTo(2);
    assertThat(send.err()).contains("environment variable SLACK_WEBHOOK_URL is not set");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  public void commandLineMistakesEndInOneErrorLine() throws Exception {
    Result r = run(Map.of(), "--config=x.yaml", "--alert=out/alerts");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines().count()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: unknown option --alert (did you mean --alerts?)");
    Result spaced = run(Map.of(), "--config", "x.yaml", "--alerts=out/alerts");
    assertThat(spaced.err())
        .isEqualTo(
            "error: --config needs a value: --config=VALUE (options are written --name=value)\n");
    Result noConfig = run(Map.of(), "--config=/nonexistent.yaml", "--alerts=out/alerts");
    assertThat(noConfig.exit()).isEqualTo(2);
    assertThat(noConfig.err()).isEqualTo("error: --config=/nonexistent.yaml: no such file\n");
    // Was "no such file", as if the bucket's object were missing.
    Result bucket = run(Map.of(), "--config=gs://ops-bucket/notifier.yaml", "--alerts=out/alerts");
    assertThat(bucket.exit()).isEqualTo(2);
    assertThat(bucket.err())
        .isEqualTo(
            "error: --config=gs://ops-bucket/notifier.yaml: the notifier config is read from a"
                + " local path; copy it here first (gcloud storage cp"
                + " gs://ops-bucket/notifier.yaml .)\n");
    Result missing = run(env(), "--config=" + config(), "--alerts=" + dir.resolve("nope"));
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip().lines().count()).isEqualTo(1);
    assertThat(missing.err()).startsWith("error: cannot read alerts");
    // Was 391 lines for a log file given by mistake: a JSON log line, "dead-letter {reason=...}"
    // and "# skipped" per entry, then exit 1 as if delivery had failed.
    Path logs = dir.resolve("logs.jsonl");
    Files.writeString(
        logs,
        "{\"insertId\":\"a1\",\"logName\":\"projects/p/logs/app\",\"textPayload\":\"x\"}\n"
            + "{\"insertId\":\"a2\",\"logName\":\"projects/p/logs/app\",\"textPayload\":\"y\"}\n");
    Result wrong = run(env(), "--config=" + config(), "--alerts=" + logs);
    assertThat(wrong.exit()).isEqualTo(2);
    assertThat(wrong.out()).isEmpty();
    assertThat(wrong.err())
        .isEqualTo(
            "error: --alerts="
                + logs
                + " holds no alert message: "
                + logs
                + " line 1: missing or empty string field 'alertId' (it is a log entry: give the"
                + " job's output, e.g. out/alerts)\n");
    Path garbage = dir.resolve("garbage.txt");
    Files.writeString(garbage, "garbage\n");
    Result junk = run(env(), "--config=" + config(), "--alerts=" + garbage);
    assertThat(junk.exit()).isEqualTo(2);
    assertThat(junk.err().strip().lines().count()).isEqualTo(1);
    assertThat(junk.err()).contains("line 1: not JSON: ");
    // A run that fired nothing leaves empty files: nothing to send, not a mistake.
    Path none = Files.createDirectories(dir.resolve("quiet"));
    Files.writeString(none.resolve("part-0.json"), "");
    Result quiet = run(env(), "--config=" + config(), "--alerts=" + none);
    assertThat(quiet.exit()).isEqualTo(0);
    assertThat(quiet.out()).contains("# 0 alerts, 0 requests");
  }
}
