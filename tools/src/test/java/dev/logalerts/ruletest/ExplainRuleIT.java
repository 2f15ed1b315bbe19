package dev.logalerts.ruletest;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** explain-rule over the bundled samples: the planted load-balancer incident and its timeline. */
@RunWith(JUnit4.class)
public class ExplainRuleIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ExplainRuleCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  public void explainsWhenAndWhyTheRuleFired() {
    Run r =
        run(
            "--input=" + ROOT.resolve("samples/logs/*.jsonl"),
            "--rules=" + ROOT.resolve("samples/rules.yaml"),
            "--rule=lb-backend-5xx",
            "--group=resource.labels.backend_service_name=shop-web-backend");
    assertThat(r.err).isEmpty();
    assertThat(r.code).isEqualTo(0);
    assertThat(r.out).contains("it would have sent 2 alert(s):");
    assertThat(r.out)
        .containsMatch(
            "FIRING +lb-backend-5xx group"
                + " \\{resource.labels.backend_service_name=shop-web-backend\\}");
    assertThat(r.out).contains("1 group(s) had matching entries");
    assertThat(r.out).containsMatch("value 22 +threshold 20 +met +→ FIRING");
    assertThat(r.out).containsMatch("not met +→ RESOLVED");
    assertThat(r.out).doesNotContain("shop-api-backend");
  }

  @Test
  public void aDeadlineRulesTimelineIsItsDeadlinesMetOrMissed() {
    // A nightly export on time on Dec 1, missing on Dec 2, at 03:22 on Dec 3. Before: "0 group(s)
    // had matching entries" and only the two alerts, and the RESOLVED said "after the deadline"
    // of a run that was on time for its own day.
    Path dir = ROOT.resolve("tools/src/test/resources/explain-deadline");
    Run r =
        run(
            "--input=" + dir.resolve("stream.jsonl"),
            "--rules=" + dir.resolve("rules.yaml"),
            "--rule=nightly-export");
    assertThat(r.err).isEmpty();
    assertThat(r.out).contains("it would have sent 2 alert(s):");
    assertThat(r.out).contains("1 group(s) reached a deadline (on time or missed)");
    assertThat(r.out)
        .contains(
            "on time: matching entry at 2026-12-01T03:00:00Z for the deadline"
                + " 2026-12-01T05:00:00Z");
    assertThat(r.out).containsMatch("met +→ FIRING .* by the deadline 2026-12-02T05:00:00Z");
    assertThat(r.out)
        .contains(
            "resolved: matching entry at 2026-12-03T03:22:40Z, after the missed deadline"
                + " 2026-12-02T05:00:00Z (on time for the deadline 2026-12-03T05:00:00Z)");
    assertThat(r.out)
        .contains(
            "on time: matching entry at 2026-12-03T03:22:40Z for the deadline"
                + " 2026-12-03T05:00:00Z");
  }

  @Test
  public void alertsASilenceHoldsBackAreNotCountedAsSent() {
    // Eight errors at 02:08-02:11, inside the nightly 02:00 silence of the rules file.
    Path dir = ROOT.resolve("tools/src/test/resources/explain-silenced");
    Run r =
        run(
            "--input=" + dir.resolve("stream.jsonl"),
            "--rules=" + dir.resolve("rules.yaml"),
            "--rule=upstream-errors");
    assertThat(r.err).isEmpty();
    assertThat(r.out).contains("it would have fired, but silences held back all 2 alert(s):");
    assertThat(r.out)
        .containsMatch(
            "FIRING +upstream-errors .*\\(silenced by nightly-maintenance, not published\\)");
    assertThat(r.out).doesNotContain("it would have sent");
  }

  @Test
  public void saysHowCloseARuleThatNeverFiredCame() {
    Run r =
        run(
            "--input=" + ROOT.resolve("samples/logs/*.jsonl"),
            "--rules=" + ROOT.resolve("samples/rules.yaml"),
            "--rule=lb-backend-5xx",
            "--group=resource.labels.backend_service_name=shop-api-backend");
    assertThat(r.out).contains("it would not have fired");
    assertThat(r.out)
        .containsMatch(
            "closest to firing: group .*shop-api-backend.* value \\d+ against threshold 20");
  }

  @Test
  public void refusedEntriesAreNotedNotTakenForAQuietLog() {
    // samples/logs/bad-lines.jsonl: 10 lines the parser refuses, each for its own reason.
    Run r =
        run(
            "--input=" + ROOT.resolve("samples/logs/bad-lines.jsonl"),
            "--rules=" + ROOT.resolve("samples/rules.yaml"),
            "--rule=lb-backend-5xx");
    assertThat(r.code).isEqualTo(0);
    assertThat(r.out)
        .containsMatch(
            "\n"
                + "note: 10 of the [\\d,]+ entries read were refused and are not in this"
                + " explanation \\(wrong_type 3, invalid_json 2, .*\\); scripts/run-local.sh writes"
                + " each with its reason to deadletter/\n");
    Run clean =
        run(
            "--input=" + ROOT.resolve("samples/logs/shop-prod.jsonl"),
            "--rules=" + ROOT.resolve("samples/rules.yaml"),
            "--rule=lb-backend-5xx");
    assertThat(clean.out).doesNotContain("refused");
  }

  @Test
  public void mistakesAreOneErrorLine() {
    Run noRule =
        run(
            "--input=" + ROOT.resolve("samples/logs/*.jsonl"),
            "--rules=" + ROOT.resolve("samples/rules.yaml"),
            "--rule=nope");
    assertThat(noRule.code).isEqualTo(2);
    assertThat(noRule.err).startsWith("error: no rule 'nope' in ");
    Run noInput =
        run(
            "--input=/nonexistent/*.json",
            "--rules=" + ROOT.resolve("samples/rules.yaml"),
            "--rule=lb-backend-5xx");
    assertThat(noInput.err).isEqualTo("error: --input=/nonexistent/*.json matches no file\n");
    Run noFile =
        run(
            "--input=" + ROOT.resolve("samples/no-such-logs.json"),
            "--rules=" + ROOT.resolve("samples/rules.yaml"),
            "--rule=lb-backend-5xx");
    assertThat(noFile.code).isEqualTo(2);
    assertThat(noFile.err)
        .isEqualTo(
            "error: --input=" + ROOT.resolve("samples/no-such-logs.json") + " matches no file\n");
    assertThat(run("--rule=x").err).startsWith("error: --input, --rules and --rule are required");
    Run wrongKey =
        run(
            "--input=" + ROOT.resolve("samples/logs/*.jsonl"),
            "--rules=" + ROOT.resolve("samples/rules.yaml"),
            "--rule=lb-backend-5xx",
            "--group=backend=shop-web-backend");
    assertThat(wrongKey.code).isEqualTo(2);
    assertThat(wrongKey.err)
        .isEqualTo(
            "error: --group=backend=…: rule 'lb-backend-5xx' does not group by backend (its"
                + " groupBy: [resource.labels.backend_service_name])\n");
  }
}
