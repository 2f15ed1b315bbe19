package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.testing.FakePubsubServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Each mistake a new user makes with {@code scripts/run-local.sh} ends in exactly one {@code
 * error:} line, no stack trace, and the documented non-zero exit code.
 */
@RunWith(JUnit4.class)
public class UserMistakesIT {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private ScriptRunner.Result run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  private ScriptRunner.Result run(Map<String, String> env, String... args) throws Exception {
    Path logs = tmp.newFolder().toPath();
    String[] all = new String[args.length + 1];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--output=" + tmp.newFolder("out" + System.nanoTime()).toPath();
    return ScriptRunner.run(logs, env, "scripts/run-local.sh", all);
  }

  private static void assertOneErrorLine(ScriptRunner.Result r, int exitCode, String... parts) {
    assertThat(r.exitCode()).isEqualTo(exitCode);
    String all = r.all().strip();
    assertThat(all.lines().count()).isEqualTo(1);
    assertThat(all).startsWith("error: ");
    assertThat(all).doesNotContain("Exception");
    for (String p : parts) {
      assertThat(all).contains(p);
    }
  }

  @Test
  public void inputMatchingNoFileNamesThePattern() throws Exception {
    assertOneErrorLine(run("--input=nomatch/*.json"), 1, "matches no file", "nomatch/*.json");
  }

  @Test
  public void emptyValueIsAMistakeNotTheDefault() throws Exception {
    // --input=$UNSET used to run over the bundled samples and exit 0.
    assertOneErrorLine(run("--input="), 2, "--input needs a value");
    assertOneErrorLine(run("--rules="), 2, "--rules needs a value");
  }

  @Test
  public void valueAfterASpaceIsNamedAsSuch() throws Exception {
    // Before: "unexpected argument '/logs/*.jsonl'", and --verbose=maybe suggested --network.
    assertOneErrorLine(run("--input", "/logs/*.jsonl"), 2, "--input needs a value: --input=VALUE");
    assertOneErrorLine(
        run("--verbose=maybe"), 2, "--verbose takes no value, got '--verbose=maybe'");
  }

  @Test
  public void inputDirectoryAsksForAGlob() throws Exception {
    // A directory used to read 0 entries and exit 0 ("0 FIRING"), as if the logs were quiet.
    File dir = tmp.newFolder("logs");
    assertOneErrorLine(run("--input=" + dir), 2, "is a directory", dir + "/**");
  }

  @Test
  public void outputThatIsAFile() throws Exception {
    File file = tmp.newFile("out.txt");
    assertOneErrorLine(
        ScriptRunner.run(
            tmp.newFolder().toPath(), Map.of(), "scripts/run-local.sh", "--output=" + file),
        2,
        "not a directory",
        file.getPath());
  }

  @Test
  public void unknownOptionSuggestsTheClosestName() throws Exception {
    assertOneErrorLine(
        run("--noisyLogWindowMinuts=15"),
        2,
        "unknown option --noisyLogWindowMinuts",
        "did you mean --noisyLogWindowMinutes?");
    assertOneErrorLine(run("--window=5"), 2, "did you mean --noisyLogWindowMinutes?");
    // No far-off guess for a name near none ("--window" got "did you mean --input?").
    assertOneErrorLine(run("--bogusOption=1"), 2, "unknown option --bogusOption (see --help)");
  }

  @Test
  public void badValueNamesTheOptionAndTheExpectedForm() throws Exception {
    assertOneErrorLine(
        run("--noisyLogWindowMinutes=abc"), 2, "--noisyLogWindowMinutes", "'abc'", "whole number");
  }

  @Test
  public void theTemplatesParameterNamesAreTheScriptsOwn() throws Exception {
    // Copied from the template's parameters, they reached the job beside the script's defaults:
    // "expected one element but was: </work/samples/logs/*.jsonl, nomatch/*.json>".
    assertOneErrorLine(
        run("--inputFilePattern=nomatch/*.json"), 1, "matches no file", "nomatch/*.json");
    assertOneErrorLine(run("--rulesPath=/nonexistent.yaml"), 1, "rules file not found");
    // run() gives --output too.
    assertOneErrorLine(run("--outputDirectory=/tmp/x"), 2, "--output is given twice");
    assertOneErrorLine(run("--inputFilePattern="), 2, "--inputFilePattern needs a value");
  }

  @Test
  public void anOptionGivenTwice() throws Exception {
    assertOneErrorLine(run("--input=a/*.json", "--input=b/*.json"), 2, "--input is given twice");
    assertOneErrorLine(
        run("--maxPayloadLeaves=5", "--maxPayloadLeaves=6"),
        2,
        "--maxPayloadLeaves is given twice ('5', then '6')");
  }

  @Test
  public void anotherRunnerPointsToTheTemplate() throws Exception {
    assertOneErrorLine(
        run("--runner=DataflowRunner"), 2, "runs the job on this machine", "scripts/launch.sh");
  }

  @Test
  public void unreadableRulesFile() throws Exception {
    assertOneErrorLine(run("--rules=/nonexistent.yaml"), 1, "rules file not found");
    Path dir = tmp.newFolder("rules-dir").toPath();
    assertOneErrorLine(run("--rules=" + dir), 1, "cannot read rules file", dir.toString());
    Path bad = tmp.newFile("bad.yaml").toPath();
    Files.write(bad, new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
    assertOneErrorLine(run("--rules=" + bad), 1, "not valid UTF-8");
  }

  @Test
  public void rulesAndInputSwappedIsSaidOfTheFile() throws Exception {
    // Before: "malformed YAML: expected '<document start>', but found '{'" at line 2.
    Path logs = tmp.newFile("exported.jsonl").toPath();
    Path fixtures = ScriptRunner.repoRoot().resolve("pipeline/src/test/resources/families/exports");
    Files.writeString(
        logs,
        Files.readString(fixtures.resolve("cloud-run-python-keyerror-one-column.json")).strip()
            + "\n"
            + Files.readString(fixtures.resolve("nat-flow-ok-translation.json")).strip()
            + "\n");
    assertOneErrorLine(
        run("--rules=" + logs, "--input=" + ScriptRunner.repoRoot().resolve("samples/rules.yaml")),
        1,
        "rules file " + logs + " looks like log entries",
        "--input=FILE");
  }

  @Test
  public void aValidRuleThatRarelyMeansWhatItSaysIsNoted() throws Exception {
    // Before: the notes went to the launch log only, which a local run keeps quiet; a rules file
    // grouping by insertId ran without a word.
    Path rules = tmp.newFile("per-entry.yaml").toPath();
    Files.writeString(
        rules,
        "rules:\n  - name: x\n    type: threshold\n    filter: 'severity>=ERROR'\n"
            + "    groupBy: [insertId]\n    threshold: 5\n");
    Path input = tmp.newFile("one.jsonl").toPath();
    Files.writeString(
        input,
        "{\"severity\":\"ERROR\",\"textPayload\":\"x\",\"timestamp\":\"2026-03-02T10:00:00Z\","
            + "\"logName\":\"projects/p/logs/x\",\"resource\":{\"type\":\"global\"}}\n");
    ScriptRunner.Result r = run("--rules=" + rules, "--input=" + input);
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.all())
        .contains(
            "note: rule 'x': groupBy insertId: every entry has a value of its own, so each group"
                + " holds one entry");
  }

  @Test
  public void aMistakeLeavesThePreviousRunsResults() throws Exception {
    // Before: the script removed out/alerts, noisy_logs, deadletter and report.html before the
    // job checked anything, so a typo in the rules file wiped the last good run's results.
    Path out = tmp.newFolder("previous-run").toPath();
    for (String dir : new String[] {"alerts", "alerts_silenced", "noisy_logs", "deadletter"}) {
      Files.createDirectories(out.resolve(dir));
      Files.writeString(out.resolve(dir).resolve("part-00000-of-00001.json"), "{}\n");
    }
    Files.writeString(out.resolve("report.html"), "<html></html>");
    Path bad = tmp.newFile("typo.yaml").toPath();
    Files.writeString(
        bad, "rules:\n  - name: x\n    type: treshold\n    filter: 'severity>=ERROR'\n");
    ScriptRunner.Result r =
        ScriptRunner.run(
            tmp.newFolder().toPath(),
            Map.of(),
            "scripts/run-local.sh",
            "--rules=" + bad,
            "--output=" + out);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all()).contains("unknown type 'treshold'");
    for (String dir : new String[] {"alerts", "alerts_silenced", "noisy_logs", "deadletter"}) {
      assertThat(Files.readString(out.resolve(dir).resolve("part-00000-of-00001.json")))
          .isEqualTo("{}\n");
    }
    assertThat(Files.exists(out.resolve("report.html"))).isTrue();
  }

  @Test
  public void cloudStorageWithoutCredentials() throws Exception {
    boolean hasCredentials;
    try {
      com.google.auth.oauth2.GoogleCredentials.getApplicationDefault();
      hasCredentials = true;
    } catch (java.io.IOException e) {
      hasCredentials = false;
    }
    org.junit.Assume.assumeFalse(
        "this machine has Google Cloud credentials (metadata server or ADC)", hasCredentials);
    assertOneErrorLine(
        run("--rules=gs://logalerts-test-bucket/rules.yaml"),
        1,
        "gs://logalerts-test-bucket/rules.yaml",
        "credentials");
  }

  /**
   * Streaming: a subscription or alert topic that was never created, or no emulator running, stop
   * the launch (it used to end in a stack trace, or in a job pulling from nothing forever).
   */
  @Test
  public void streamingFromWhatDoesNotExist() throws Exception {
    String subscription = "--subscription=projects/local-project/subscriptions/logs";
    String topic = "--alertTopic=projects/local-project/topics/alerts";
    try (FakePubsubServer pubsub = FakePubsubServer.start()) {
      String root = "--pubsubRootUrl=" + pubsub.rootUrl();
      pubsub.remove("projects/local-project/topics/alerts");
      assertOneErrorLine(
          run(subscription, root, topic),
          1,
          "Pub/Sub topic projects/local-project/topics/alerts does not exist at "
              + pubsub.rootUrl());
      pubsub.remove("projects/local-project/subscriptions/logs");
      assertOneErrorLine(
          run(subscription, root, topic),
          1,
          "Pub/Sub subscription projects/local-project/subscriptions/logs does not exist");
    }
    assertOneErrorLine(
        run(subscription, "--pubsubRootUrl=http://127.0.0.1:1", topic),
        1,
        "Pub/Sub at http://127.0.0.1:1 cannot be reached");
  }

  /**
   * A subscription given by its short name is said under the option the user typed and README
   * documents (the job's own name for it is --inputSubscription), before anything starts.
   */
  @Test
  public void aSubscriptionsShortNameIsSaidUnderTheScriptsOption() throws Exception {
    assertOneErrorLine(
        run("--subscription=logs"),
        2,
        "--subscription must be projects/PROJECT/subscriptions/NAME, got 'logs'");
  }

  /**
   * PUBSUB_EMULATOR_HOST is host:port as gcloud's env-init prints it
   * (https://cloud.google.com/pubsub/docs/emulator); given as a URL, the job looked for Pub/Sub at
   * http://http://127.0.0.1:1 and said it was refused there.
   */
  @Test
  public void anEmulatorHostGivenAsAUrlIsTakenAsItIs() throws Exception {
    assertOneErrorLine(
        run(
            Map.of("PUBSUB_EMULATOR_HOST", "http://127.0.0.1:1"),
            "--subscription=projects/local-project/subscriptions/logs"),
        1,
        "Pub/Sub at http://127.0.0.1:1 cannot be reached: connection refused");
  }
}
