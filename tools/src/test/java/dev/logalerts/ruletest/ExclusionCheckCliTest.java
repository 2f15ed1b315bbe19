package dev.logalerts.ruletest;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** check-exclusion on the bundled samples and rules. */
@RunWith(JUnit4.class)
public class ExclusionCheckCliTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String RULES = "--rules=" + ROOT.resolve("samples/rules.yaml");
  private static final String SAMPLES = ROOT.resolve("samples/logs/*.jsonl").toString();

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ExclusionCheckCli.run(
            args,
            SAMPLES,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  public void infoChatterOfContainersBlindsNoRule() {
    Run r = run(RULES, "resource.type=\"k8s_container\" AND severity<=INFO");
    assertThat(r.err).isEmpty();
    assertThat(r.out).containsMatch("The exclusion removes [1-9][\\d,]* of 11,00\\d entries");
    assertThat(r.out).contains("No rule matches any removed entry");
    assertThat(r.code).isEqualTo(0);
  }

  @Test
  public void excludingContainerErrorsNamesTheRulesThatLoseThem() {
    Run r = run(RULES, "severity>=ERROR AND resource.type=\"k8s_container\"");
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).containsMatch("repeated-errors +threshold +[\\d,]+ of its [\\d,]+ matching");
    assertThat(r.out).containsMatch("new-error-template +new-template");
    assertThat(r.out).doesNotContain("lb-backend-5xx");
  }

  @Test
  public void excludingTheExportJobsLogsBlindsTheAbsenceRule() {
    Run r = run(RULES, "resource.type=\"cloud_run_job\"");
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out)
        .containsMatch("batch-job-late +absence .*BLIND: every entry it matched is removed");
    // Which noisy-log rows the removed entries are: one template here, as meant.
    assertThat(r.out)
        .contains(
            "It removes entries of 1 template (service  severity  template):\n"
                + "         4  hourly-export  INFO  Export completed: <*> orders written to <*> in"
                + " <*>\n");
  }

  @Test
  public void readsAJsonArrayAsGcloudPrintsIt() throws Exception {
    // The samples' entries as "gcloud logging read --format=json" would print them.
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ArrayNode array = mapper.createArrayNode();
    for (String line :
        java.nio.file.Files.readAllLines(ROOT.resolve("samples/logs/shop-prod.jsonl"))) {
      array.add(mapper.readTree(line));
    }
    Path file = java.nio.file.Files.createTempFile("gcloud", ".json");
    try {
      mapper.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), array);
      String filter = "resource.type=\"cloud_run_job\"";
      Run fromArray = run(RULES, "--input=" + file, filter);
      Run fromLines = run(RULES, "--input=" + ROOT.resolve("samples/logs/shop-prod.jsonl"), filter);
      assertThat(fromArray.out).contains("of 11,000 entries");
      assertThat(fromArray.out)
          .isEqualTo(
              fromLines.out.replace(
                  ROOT.resolve("samples/logs/shop-prod.jsonl").toString(), file.toString()));
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  public void mistakesAreOneErrorLine() {
    Run badFilter = run(RULES, "severity>=");
    assertThat(badFilter.code).isEqualTo(2);
    assertThat(badFilter.err).startsWith("error: exclusion filter: ");
    Run noRules = run("severity>=ERROR");
    assertThat(noRules.code).isEqualTo(2);
    assertThat(noRules.err).startsWith("error: --rules and the exclusion filter are required");
    Run noFiles = run(RULES, "--input=/nonexistent/*.json", "severity>=ERROR");
    assertThat(noFiles.code).isEqualTo(2);
    assertThat(noFiles.err).isEqualTo("error: --input=/nonexistent/*.json matches no file\n");
    // A missing file, not a glob: the same line (it was Beam's "No files found for spec").
    Run noFile =
        run(RULES, "--input=" + ROOT.resolve("samples/no-such-logs.json"), "severity>=ERROR");
    assertThat(noFile.code).isEqualTo(2);
    assertThat(noFile.err)
        .isEqualTo(
            "error: --input=" + ROOT.resolve("samples/no-such-logs.json") + " matches no file\n");
    Run unknown = run(RULES, "--exclude=x");
    assertThat(unknown.err).startsWith("error: unknown option --exclude");
    // Before: "--rule" was only "unknown option", and a missing rules file had no "error:".
    Run near = run("--rule=" + RULES.substring("--rules=".length()), "severity>=ERROR");
    assertThat(near.err).isEqualTo("error: unknown option --rule (did you mean --rules?)\n");
    Run spaced = run("--rules", "x.yaml", "severity>=ERROR");
    assertThat(spaced.err).startsWith("error: --rules needs a value: --rules=VALUE");
    boolean hasCredentials;
    try {
      com.google.auth.oauth2.GoogleCredentials.getApplicationDefault();
      hasCredentials = true;
    } catch (java.io.IOException e) {
      hasCredentials = false;
    }
    if (!hasCredentials) {
      // Before: Beam's logged stack trace, then minutes of retries.
      Run gcs = run(RULES, "--input=gs://logalerts-test-bucket/*.json", "severity>=ERROR");
      assertThat(gcs.code).isEqualTo(2);
      assertThat(gcs.err)
          .startsWith("error: --input gs://logalerts-test-bucket/*.json needs Google");
      assertThat(gcs.err.lines().count()).isEqualTo(1);
    }
    Run blank = run(RULES, "");
    assertThat(blank.code).isEqualTo(2);
    assertThat(blank.err)
        .isEqualTo("error: the exclusion filter is empty (it would exclude every entry)\n");
    Run missingRules = run("--rules=/nonexistent/rules.yaml", "severity>=ERROR");
    assertThat(missingRules.code).isEqualTo(2);
    assertThat(missingRules.err)
        .isEqualTo("error: rules file not found: /nonexistent/rules.yaml\n");
    // --input= (an unset variable) read the working directory: "cannot read ./: Is a directory".
    Run empty = run(RULES, "--input=", "severity>=ERROR");
    assertThat(empty.code).isEqualTo(2);
    assertThat(empty.err).isEqualTo("error: --input needs a value: --input=GLOB\n");
    Run dir = run(RULES, "--input=" + System.getProperty("java.io.tmpdir"), "severity>=ERROR");
    assertThat(dir.code).isEqualTo(2);
    assertThat(dir.err).contains("is a directory; give a glob of files");
    assertThat(ExplainRuleCli.inputProblem("logs/*.jsonl")).isNull();
  }
}
