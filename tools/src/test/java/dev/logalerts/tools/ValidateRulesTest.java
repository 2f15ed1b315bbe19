package dev.logalerts.tools;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** ValidateRules in-process, and scripts/validate-rules.sh end to end. */
@RunWith(JUnit4.class)
public class ValidateRulesTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final String SAMPLE = "../samples/rules.yaml";
  private static final String SUMMARY =
      "8 rules (threshold 3, ratio 1, latency 1, absence 1, spike 1, new-template 1)";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return ValidateRules.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code yaml} to a file named {@code name}, validates it (exit 0), returns stdout's
   * lines.
   */
  private String[] validLines(String name, String yaml) throws IOException {
    Path p = tmp.newFile(name).toPath();
    Files.writeString(p, yaml);
    assertThat(run(p.toString())).isEqualTo(0);
    return out.toString(StandardCharsets.UTF_8).split("\n");
  }

  private Path badFile() throws IOException {
    Path p = tmp.newFile("bad.yaml").toPath();
    Files.write(
        p,
        ("rules:\n  - name: a\n    type: threshold\n    filter: ''\n    threshold: 1\n"
                + "    windw: 5m\n  - name: b\n    type: absence\n    filter: ''\n")
            .getBytes(StandardCharsets.UTF_8));
    return p;
  }

  @Test
  public void validFilePrintsSummary() {
    assertThat(run(SAMPLE)).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .startsWith("OK " + SAMPLE + ": " + SUMMARY + ", version ");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  public void aLowerCaseOperatorIsValidAndNoted() throws IOException {
    String[] lines =
        validLines(
            "and.yaml",
            "rules:\n"
                + "  - name: iam\n"
                + "    type: threshold\n"
                + "    filter: 'protoPayload.methodName=\"SetIamPolicy\" and sample(insertId,"
                + " 0.1)'\n"
                + "    threshold: 1\n"
                + "  - name: quoted\n"
                + "    type: threshold\n"
                + "    filter: 'textPayload:(\"and\" OR timeout) AND NOT jsonPayload.or:*'\n"
                + "    threshold: 1\n"
                + "  - name: ratio\n"
                + "    type: ratio\n"
                + "    filter: 'httpRequest:*'\n"
                + "    numerator: 'httpRequest.status>=500 Or Not httpRequest.status:*'\n"
                + "    threshold: 5%\n"
                + "    minCount: 20\n");
    assertThat(lines[1])
        .isEqualTo(
            "note: rule 'iam': filter: 'and' at position 40 is a word to search for, not an"
                + " operator: only AND, OR and NOT in capitals are operators (quote the word,"
                + " \"and\", if you mean it)");
    assertThat(lines[2])
        .startsWith(
            "note: rule 'ratio': numerator: 'Or' at position 25, 'Not' at position 28 are words"
                + " to search for, not an operator");
    // No note on searching every field: the job looks for such words in an entry's bytes first.
    assertThat(lines).hasLength(3);
  }

  @Test
  public void aNotEqualOverAnOrListIsValidAndNoted() throws IOException {
    // The exclusion of kiwicom/terraform-google-stackdriver-logs-exclusion (main.tf), meant as
    // "neither namespace": Cloud Logging applies != to each value, so it holds for both.
    String[] lines =
        validLines(
            "ne.yaml",
            "rules:\n"
                + "  - name: noisy\n"
                + "    type: threshold\n"
                + "    filter: 'resource.labels.namespace_name!=(kube-system OR system)"
                + " severity<ERROR'\n"
                + "    threshold: 1\n");
    assertThat(lines[1])
        .isEqualTo(
            "note: rule 'noisy': filter: '!=' at position 31 applies != to each value of the"
                + " list, as Cloud Logging does: f != (a OR b) is f != a OR f != b, which every"
                + " entry with the field matches; write NOT f = (a OR b) to exclude them all");
  }

  @Test
  public void aSeverityAliasAndAFixedTimeAreValidAndNoted() throws IOException {
    // Google's logging-query-language page ("Values and conversions"): an enum value converts
    // from its literal's name only, and a comparison whose value does not convert fails.
    String[] lines =
        validLines(
            "values.yaml",
            "rules:\n"
                + "  - name: warnings\n"
                + "    type: threshold\n"
                + "    filter: 'severity>=WARN AND timestamp>=\"2024-01-01T00:00:00Z\"'\n"
                + "    threshold: 1\n");
    assertThat(lines[1])
        .isEqualTo(
            "note: rule 'warnings': filter: 'WARN' at position 11 (read as WARNING): not a"
                + " severity name Cloud Logging knows; it converts only DEFAULT, DEBUG, INFO,"
                + " NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY (any case) or a number, and"
                + " a comparison whose value does not convert fails, so the same filter in a sink,"
                + " a log-based metric or the Logs Explorer matches nothing: write the name");
    assertThat(lines[2])
        .isEqualTo(
            "note: rule 'warnings': filter: timestamp>=\"2024-01-01T00:00:00Z\" at position 31"
                + " compares with a fixed time: a rule sees entries as they arrive, so once that"
                + " time has passed a lower bound (>, >=) lets every entry through and an upper"
                + " bound or equality (<, <=, =) lets none; it fits only a backfill of those days");
    assertThat(lines).hasLength(3);
  }

  @Test
  public void aBareWordIsValidAndNotedWhenTheJobMustParseEveryFieldForIt() throws IOException {
    String rules =
        "rules:\n"
            + "  - name: fields\n"
            + "    type: threshold\n"
            + "    filter: 'textPayload:\"oom\"'\n"
            + "    threshold: 1\n"
            + "  - name: oom-anywhere\n"
            + "    type: threshold\n"
            + "    filter: 'severity>=ERROR AND OOMKilled'\n"
            + "    threshold: 1\n"
            + "  - name: search\n"
            + "    type: threshold\n"
            + "    filter: 'SEARCH(\"panic\")'\n"
            + "    threshold: 1\n";
    // Words the job looks for in an entry's bytes first: it parses every field only where found.
    assertThat(validLines("bare.yaml", rules)).hasLength(1);
    out.reset();
    String[] lines =
        validLines(
            "bare-path.yaml",
            rules
                + "  - name: path-anywhere\n"
                + "    type: threshold\n"
                + "    filter: '\"/api/v1/charge\"'\n"
                + "    threshold: 1\n"
                + "  - name: status-anywhere\n"
                + "    type: threshold\n"
                + "    filter: '\"504\"'\n"
                + "    threshold: 1\n");
    assertThat(lines).hasLength(2);
    assertThat(lines[1])
        .isEqualTo(
            "note: rule 'path-anywhere' (and 1 more) looks for \"/api/v1/charge\" in every field, a"
                + " text the job cannot look for in an entry's bytes first (it may be a number, or"
                + " holds a quote, backslash, slash or non-ASCII character), so the job parses"
                + " every payload field of every entry; a search in a named field"
                + " (textPayload:\"…\", jsonPayload.message:\"…\") lets it skip the fields no rule"
                + " reads (README, Known limits)");
    // The sample rules name every field they search: no note.
    out.reset();
    assertThat(run(SAMPLE)).isEqualTo(0);
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("note:");
  }

  /**
   * A description written with a shell or JavaScript placeholder ({@code ${value}}) validates, but
   * its '$' would reach every page; a silence that ended before the launch silences only a
   * backfill. Both are noted; a future silence and a '$' that is a currency sign before a proper
   * placeholder are not.
   */
  @Test
  public void dollarPlaceholderAndEndedSilenceAreNoted() throws IOException {
    String[] lines =
        validLines(
            "dollar.yaml",
            "rules:\n"
                + "  - name: errors\n"
                + "    type: threshold\n"
                + "    filter: 'severity>=ERROR'\n"
                + "    threshold: 5\n"
                + "    description: '${value} errors in 5 minutes'\n"
                + "  - name: spend\n"
                + "    type: threshold\n"
                + "    filter: 'severity>=ERROR'\n"
                + "    threshold: 5\n"
                + "    description: 'costs $ {value} a day'\n"
                + "silences:\n"
                + "  - name: last-year\n"
                + "    from: 2020-03-02T10:00:00Z\n"
                + "    until: 2020-03-02T11:00:00Z\n"
                + "  - name: far-future\n"
                + "    from: 2200-03-02T10:00:00Z\n"
                + "    until: 2200-03-02T11:00:00Z\n");
    assertThat(lines).hasLength(3);
    assertThat(lines[1])
        .isEqualTo(
            "note: rule 'errors': description: ${value} shows a '$' before the value:"
                + " placeholders are written {value} (keep the '$' only if it is a currency sign)");
    assertThat(lines[2])
        .isEqualTo(
            "note: silence 'last-year': it ended at 2020-03-02T11:00:00Z, before now: it silences"
                + " only alerts on entries from before then (a backfill), none of a job reading"
                + " today's logs");
  }

  /**
   * Settings that validate but rarely mean what they say are noted after the OK line: grouping by a
   * field every entry holds its own value of, and a ratio threshold of 1 (100%), which a user
   * meaning 1% writes.
   */
  @Test
  public void suspiciousSettingsAreNoted() throws IOException {
    String[] lines =
        validLines(
            "suspicious.yaml",
            "rules:\n"
                + "  - name: per-entry\n"
                + "    type: threshold\n"
                + "    filter: 'severity>=ERROR'\n"
                + "    groupBy: [insertId]\n"
                + "    threshold: 5\n"
                + "  - name: all-failing\n"
                + "    type: ratio\n"
                + "    filter: 'httpRequest:*'\n"
                + "    numerator: 'httpRequest.status>=500'\n"
                + "    threshold: 1\n");
    assertThat(lines).hasLength(3);
    assertThat(lines[1])
        .isEqualTo(
            "note: rule 'per-entry': groupBy insertId: every entry has a value of its own, so"
                + " each group holds one entry (a count never passes 1); group by what entries"
                + " share (service, resource.labels.pod_name, …)");
    assertThat(lines[2])
        .isEqualTo(
            "note: rule 'all-failing': threshold 1 is a ratio of 100%: it fires only when every"
                + " matching entry is in the numerator; for 1% write 0.01 or '1%'; with no"
                + " minCount, a window holding one matching entry that hits the numerator (1 of 1)"
                + " fires: set minCount to the fewest entries a ratio should be judged on, e.g."
                + " minCount: 20");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  /**
   * A new-template rule grouped by something each rollout renews (a pod, a Cloud Run revision, an
   * App Engine version) learns every new group for learnFor, so the error a new version brings is
   * learned, not reported (samples/scenarios/sre-deploys.test.yaml): noted. By the workload, not.
   */
  @Test
  public void newTemplateGroupedByWhatADeployRenewsIsNoted() throws IOException {
    String[] lines =
        validLines(
            "deploys.yaml",
            "rules:\n"
                + "  - name: by-pod\n"
                + "    type: new-template\n"
                + "    filter: 'resource.type=\"k8s_container\" AND severity>=ERROR'\n"
                + "    groupBy: [resource.labels.namespace_name, resource.labels.pod_name]\n"
                + "  - name: by-revision\n"
                + "    type: new-template\n"
                + "    filter: 'resource.type=\"cloud_run_revision\" AND severity>=ERROR'\n"
                + "    groupBy: [resource.labels.revision_name]\n"
                + "  - name: by-workload\n"
                + "    type: new-template\n"
                + "    filter: 'resource.type=\"k8s_container\" AND severity>=ERROR'\n"
                + "    groupBy: [resource.labels.container_name]\n"
                + "  - name: errors-by-pod\n"
                + "    type: threshold\n"
                + "    filter: 'resource.type=\"k8s_container\" AND severity>=ERROR'\n"
                + "    groupBy: [resource.labels.pod_name]\n"
                + "    threshold: 5\n");
    assertThat(lines).hasLength(3);
    assertThat(lines[1])
        .isEqualTo(
            "note: rule 'by-pod': groupBy resource.labels.pod_name: a rollout's new pods are new"
                + " groups, and a new group learns its templates for learnFor (1h) from its"
                + " first entry, so an error a new version brings is learned, not reported; group"
                + " by the workload (service, resource.labels.container_name, …)");
    assertThat(lines[2])
        .startsWith(
            "note: rule 'by-revision': groupBy resource.labels.revision_name: a deploy's new"
                + " revision is a new group,");
  }

  /**
   * A filter that pins k8s_container and a groupBy on a label k8s_container entries never have
   * (pod, for pod_name) put every entry in the group (none): noted. The right label, and a type
   * whose labels the job does not know, are not.
   */
  @Test
  public void aResourceLabelTheFiltersTypeLacksIsNoted() throws IOException {
    Path p = tmp.newFile("labels.yaml").toPath();
    String rule =
        "  - name: %s\n"
            + "    type: threshold\n"
            + "    filter: 'resource.type=\"%s\" AND severity>=ERROR'\n"
            + "    groupBy: [resource.labels.%s]\n"
            + "    threshold: 5\n";
    Files.writeString(
        p,
        "rules:\n"
            + String.format(rule, "per-pod", "k8s_container", "pod")
            + String.format(rule, "right", "k8s_container", "pod_name")
            + String.format(rule, "unknown-type", "redis_instance", "pod")
            // Batch and ML types, which deadline and absence rules watch.
            + String.format(rule, "vertex-job", "ml_job", "job_name")
            + String.format(rule, "scheduler", "cloud_scheduler_job", "job_name")
            + String.format(rule, "dataflow-right", "dataflow_step", "job_name"));
    assertThat(run(p.toString())).isEqualTo(0);
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasLength(4);
    assertThat(lines[1])
        .isEqualTo(
            "note: rule 'per-pod': groupBy resource.labels.pod: k8s_container entries have no"
                + " label 'pod' (theirs: project_id, location, cluster_name, namespace_name,"
                + " pod_name, container_name), so every entry is in the group (none)");
    assertThat(lines[2])
        .isEqualTo(
            "note: rule 'vertex-job': groupBy resource.labels.job_name: ml_job entries have no"
                + " label 'job_name' (theirs: project_id, job_id, task_name), so every entry is in"
                + " the group (none)");
    assertThat(lines[3]).startsWith("note: rule 'scheduler': groupBy resource.labels.job_name:");
  }

  /**
   * A Vertex AI training job's entries name no job but the run (service is the job id): grouped by
   * it, a deadline rule paged every finished run at each later deadline and an absence rule every
   * run expectWithin after it ended, for days. A lookback longer than the schedule's interval lets
   * one run serve several deadlines. Each is noted; the same rules without them are not.
   */
  @Test
  public void perRunGroupsAndALookbackOverSeveralDeadlinesAreNoted() throws IOException {
    String[] lines =
        validLines(
            "batch.yaml",
            "rules:\n"
                + "  - name: training-by-five\n"
                + "    type: deadline\n"
                + "    filter: 'resource.type=\"ml_job\" AND \"Training complete\"'\n"
                + "    groupBy: [service]\n"
                + "    schedule: '0 5 * * *'\n"
                + "  - name: training-hung\n"
                + "    type: absence\n"
                + "    filter: 'resource.type=\"ml_job\"'\n"
                + "    groupBy: [resource.labels.job_id]\n"
                + "    expectWithin: 30m\n"
                + "  - name: export-by-six\n"
                + "    type: deadline\n"
                + "    filter: 'resource.type=\"cloud_run_job\" AND \"Export completed\"'\n"
                + "    groupBy: [resource.labels.job_name]\n"
                + "    schedule: '0 6 * * *'\n"
                + "    lookback: 3d\n"
                + "  - name: training-fine\n"
                + "    type: deadline\n"
                + "    filter: 'resource.type=\"ml_job\" AND \"Training complete\"'\n"
                + "    schedule: '0 5 * * *'\n"
                + "    lookback: 1d\n");
    assertThat(lines).hasLength(4);
    assertThat(lines[1])
        .isEqualTo(
            "note: rule 'training-by-five': groupBy service: the service of every ml_job entry is"
                + " its run, so every run is a group that misses each later deadline (it never runs"
                + " again): a FIRING per finished run until it is forgotten; leave groupBy out,"
                + " or group by what every run shares");
    assertThat(lines[2])
        .startsWith(
            "note: rule 'training-hung': groupBy resource.labels.job_id: the"
                + " resource.labels.job_id of every ml_job entry is its run, so a run that ends is"
                + " a group gone silent");
    assertThat(lines[3])
        .isEqualTo(
            "note: rule 'export-by-six': lookback 3d is longer than the 1d between deadlines, so"
                + " one run counts for several of them and a run that is skipped is not paged; a"
                + " lookback at most the interval checks each run");
  }

  /**
   * A default applies to the rules whose type takes it; one that no rule of the file takes does
   * nothing, and is noted instead of ignored without a word.
   */
  @Test
  public void aDefaultNoRuleTakesIsNoted() throws IOException {
    String[] lines =
        validLines(
            "defaults.yaml",
            "defaults:\n"
                + "  window: 10m\n"
                + "  minCount: 20\n"
                + "rules:\n"
                + "  - name: a\n"
                + "    type: threshold\n"
                + "    filter: 'severity>=ERROR'\n"
                + "    threshold: 5\n");
    assertThat(lines)
        .asList()
        .containsExactly(
            lines[0],
            "note: defaults: minCount (line 3) applies to no rule of this file: it is only valid"
                + " for types ratio, latency, spike")
        .inOrder();
  }

  /**
   * A filter key left without a value used to load as a rule counting every entry; it is one error
   * line, located, after the one error: line, and nothing on stdout.
   */
  @Test
  public void aFilterWithoutValueIsOneLocatedError() throws IOException {
    Path p = tmp.newFile("blank.yaml").toPath();
    Files.writeString(
        p,
        "rules:\n"
            + "  - name: errors\n"
            + "    type: threshold\n"
            + "    filter:\n"
            + "    threshold: 10\n");
    assertThat(run(p.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: invalid rules file "
                + p
                + ": 1 error\n"
                + p
                + ":4:12: rule 'errors': key 'filter': has no value; write the filter (like"
                + " 'severity>=ERROR'), or '' to match every entry\n");
  }

  @Test
  public void invalidFileListsEveryError() throws IOException {
    Path p = badFile();
    assertThat(run(p.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: invalid rules file "
                + p
                + ": 2 errors\n"
                + p
                + ":6:5: rule 'a': key 'windw': unknown key; did you mean 'window'?\n"
                + p
                + ":7:5: rule 'b': key 'expectWithin': required for type absence (how long"
                + " without a matching entry before firing, e.g. 75m)\n");
  }

  @Test
  public void misspeltRequiredKeyIsOneError() throws IOException {
    // Before: two lines, "key 'filter': required" at the rule and "key 'filtr': unknown key".
    Path p = tmp.newFile("typo.yaml").toPath();
    Files.writeString(
        p, "rules:\n  - name: a\n    type: threshold\n    filtr: ''\n    threshold: 1\n");
    assertThat(run(p.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: invalid rules file "
                + p
                + ": 1 error\n"
                + p
                + ":4:5: rule 'a': key 'filtr': unknown key; did you mean 'filter'? The rule has no"
                + " 'filter', which is required (a Cloud Logging filter; '' matches every"
                + " entry)\n");
  }

  @Test
  public void malformedYamlSaysWhatIsWrong() throws IOException {
    // Before: "malformed YAML: while scanning a quoted scalar", at the line before the mistake.
    Path p = tmp.newFile("quote.yaml").toPath();
    Files.writeString(p, "rules:\n  - name: \"a\n    type: threshold\n");
    assertThat(run(p.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .endsWith(
            p
                + ":2:11: malformed YAML: the file ends inside the quoted scalar that starts here"
                + " (a closing quote or bracket missing?)\n");
  }

  @Test
  public void cloudStorageWithoutCredentialsIsOneLine() {
    // Before: Beam's logged stack trace, then minutes of retries.
    boolean hasCredentials;
    try {
      com.google.auth.oauth2.GoogleCredentials.getApplicationDefault();
      hasCredentials = true;
    } catch (IOException e) {
      hasCredentials = false;
    }
    org.junit.Assume.assumeFalse("this machine has Google Cloud credentials", hasCredentials);
    assertThat(run("gs://logalerts-test-bucket/rules.yaml")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: rules file gs://logalerts-test-bucket/rules.yaml needs Google Cloud"
                + " credentials and none were found (run 'gcloud auth application-default login'"
                + " or set GOOGLE_APPLICATION_CREDENTIALS)\n");
  }

  @Test
  public void usageErrors() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("a.yaml", "b.yaml")).isEqualTo(2);
    assertThat(run("--help")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: validate-rules.sh FILE");
    err.reset();
    assertThat(run("-")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: '-' (standard input) is not read: give the rules file's path ("
                + ValidateRules.USAGE_LINE
                + ")\n");
  }

  @Test
  public void aRuleTestFileIsNamedAsOne() throws IOException {
    // Before: three errors, 'rules' must be a list and unknown top-level keys start and tests.
    Path p = tmp.newFile("checkout.test.yaml").toPath();
    Files.writeString(
        p, "rules: rules.yaml\nstart: 2026-03-02T10:00:00Z\ntests:\n  - name: fires\n");
    assertThat(run(p.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: rules file "
                + p
                + " looks like a rule-test file (it has 'tests:'), not a rules file:"
                + " scripts/test-rules.sh runs its tests; the rules file it tests is rules.yaml\n");
  }

  @Test
  public void missingFile() throws IOException {
    // Before: exit 1 with "invalid rules file PATH: 1 error" and the reason, no "error:" line.
    assertThat(run("/no/such/rules.yaml")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: rules file not found: /no/such/rules.yaml\n");
    err.reset();
    Path dir = tmp.newFolder("rules-dir").toPath();
    assertThat(run(dir.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("error: cannot read rules file " + dir + ": " + dir + " (Is a directory)\n");
  }

  @Test
  public void aPathOfSeveralFilesOrAnotherCloudIsRefusedInWords() throws IOException {
    Path dir = tmp.newFolder("two").toPath();
    java.nio.file.Files.writeString(dir.resolve("a.yaml"), "rules: []\n");
    java.nio.file.Files.writeString(dir.resolve("b.yaml"), "rules: []\n");
    String glob = dir + "/*.yaml";
    assertThat(run(glob)).isNotEqualTo(0);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: cannot read rules file "
                + glob
                + ": it matches more than one file; a rules path names one file (no wildcards)\n");
    err.reset();
    assertThat(run("s3://bucket/rules.yaml")).isNotEqualTo(0);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: cannot read rules file s3://bucket/rules.yaml: 's3://' is not a place rules are"
                + " read from: give a local path or gs://BUCKET/PATH\n");
  }

  // ------------------------------------------------------------------ the script, end to end

  private static final class Result {
    final int code;
    final String stdout;
    final String stderr;

    Result(int code, String stdout, String stderr) {
      this.code = code;
      this.stdout = stdout;
      this.stderr = stderr;
    }
  }

  private Result script(String... args) throws Exception {
    return script("validate-rules.sh", Map.of(), args);
  }

  private Result script(String name, Map<String, String> env, String... args) throws Exception {
    File bash = new File("/bin/bash");
    File script = new File("../scripts/" + name);
    assumeTrue("bash not available", bash.canExecute());
    assumeTrue("script not found", script.isFile());
    List<String> cmd = new java.util.ArrayList<>(List.of(bash.getPath(), script.getPath()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    // Use this test JVM's classpath: the script must not start a nested Maven build.
    pb.environment().put("LOGALERTS_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("PATH", System.getProperty("java.home") + "/bin:" + System.getenv("PATH"));
    pb.environment().putAll(env);
    File stdout = tmp.newFile();
    File stderr = tmp.newFile();
    pb.redirectOutput(stdout).redirectError(stderr);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(),
        Files.readString(stdout.toPath(), StandardCharsets.UTF_8),
        Files.readString(stderr.toPath(), StandardCharsets.UTF_8));
  }

  @Test
  public void scriptAcceptsTheSample() throws Exception {
    Result r = script(SAMPLE);
    assertThat(r.code).isEqualTo(0);
    assertThat(r.stdout).startsWith("OK " + SAMPLE + ": " + SUMMARY);
    assertThat(r.stdout.split("\n")).hasLength(1);
  }

  @Test
  public void scriptRejectsABadFile() throws Exception {
    Path p = badFile();
    Result r = script(p.toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.stdout).isEmpty();
    assertThat(r.stderr).contains(p + ":6:5: rule 'a': key 'windw': unknown key");
    assertThat(r.stderr).contains(p + ":7:5: rule 'b': key 'expectWithin': required");
  }

  @Test
  public void setupRefusesARulesFileTheJobWouldRefuseBeforeCreatingAnything() throws Exception {
    // Before: setup-gcp.sh created the bucket, topics, sink, dataset and service account, then
    // uploaded the broken file; the launch refused it only then.
    Path bad = badFile();
    Map<String, String> env =
        Map.of("PROJECT_ID", "demo", "REGION", "us-central1", "RULES_FILE", bad.toString());
    Result r = script("setup-gcp.sh", env, "--dry-run");
    assertThat(r.code).isEqualTo(2);
    assertThat(r.stdout).isEmpty(); // not one gcloud command
    assertThat(r.stderr).contains(bad + ":6:5: rule 'a': key 'windw': unknown key");
    Result missing =
        script(
            "setup-gcp.sh",
            Map.of("PROJECT_ID", "demo", "REGION", "us-central1", "RULES_FILE", "nope.yaml"),
            "--dry-run");
    assertThat(missing.code).isEqualTo(2);
    assertThat(missing.stdout).isEmpty();
    assertThat(missing.stderr).isEqualTo("error: RULES_FILE=nope.yaml: no such file\n");
    Result ok =
        script(
            "setup-gcp.sh",
            Map.of("PROJECT_ID", "demo", "REGION", "us-central1", "RULES_FILE", SAMPLE),
            "--dry-run");
    assertThat(ok.code).isEqualTo(0);
    assertThat(ok.stdout)
        .contains("gcloud storage cp " + SAMPLE + " gs://demo-logalerts/rules/rules.yaml");
  }

  @Test
  public void scriptUsage() throws Exception {
    Result none = script();
    assertThat(none.code).isEqualTo(2);
    assertThat(none.stderr).contains("usage: validate-rules.sh FILE");
    assertThat(script("a.yaml", "b.yaml").code).isEqualTo(2);
    assertThat(script("-x").code).isEqualTo(2);
    // A mistake says what is wrong in one error: line; --help is not a mistake.
    Result unknown = script("--strict", "rules.yaml");
    assertThat(unknown.stderr).startsWith("error: ");
    Result option = script("--strict");
    assertThat(option.code).isEqualTo(2);
    assertThat(option.stderr).startsWith("error: unknown option --strict");
    assertThat(option.stderr.split("\n")).hasLength(1);
    // '-' was handed to the validator, which printed a usage line without "error:".
    Result stdin = script("-");
    assertThat(stdin.code).isEqualTo(2);
    assertThat(stdin.stderr)
        .isEqualTo(
            "error: '-' (standard input) is not read: give the rules file's path (usage:"
                + " validate-rules.sh FILE   (a rules YAML file: local path or"
                + " gs://BUCKET/PATH))\n");
    Result help = script("--help");
    assertThat(help.code).isEqualTo(0);
    assertThat(help.stdout).startsWith("usage: validate-rules.sh FILE");
  }
}
