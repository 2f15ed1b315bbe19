package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The main class the Flex Template launcher runs, in a JVM of its own: {@code --help} prints the
 * options' help, and a refusal of the Dataflow runner is one {@code error:} line.
 */
@RunWith(JUnit4.class)
public class LogAlertsPipelineMainTest {
  record Result(int exit, String out, String err) {}

  private static Result main(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LogAlertsPipeline.class.getName());
    command.addAll(List.of(args));
    Path dir = Files.createTempDirectory("main");
    ProcessBuilder pb = new ProcessBuilder(command).directory(RepoRoot.get().toFile());
    // No credentials, no gcloud configuration, no metadata server: what a misconfigured launch has.
    pb.environment().remove("GOOGLE_APPLICATION_CREDENTIALS");
    pb.environment().put("CLOUDSDK_CONFIG", dir.resolve("gcloud").toString());
    pb.environment().put("NO_GCE_CHECK", "true");
    File out = dir.resolve("out").toFile();
    File err = dir.resolve("err").toFile();
    pb.redirectOutput(out).redirectError(err);
    Process p = pb.start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
  }

  @Test
  public void helpPrintsTheOptionsHelp() throws Exception {
    // Before: "error: unknown option --help (see --help)", exit 2.
    Result help = main("--help");
    assertThat(help.exit()).isEqualTo(0);
    assertThat(help.err()).isEmpty();
    assertThat(help.out()).contains("dev.logalerts.pipeline.LogAlertsOptions");
    assertThat(help.out()).contains("--rulesPath=<String>");
    assertThat(help.out()).contains("--maxPayloadLeaves=<Integer>");

    Result one = main("--help=PipelineOptions");
    assertThat(one.exit()).isEqualTo(0);
    assertThat(one.out()).contains("org.apache.beam.sdk.options.PipelineOptions");
    assertThat(one.out()).contains("--runner=");

    Result typo = main("--help=LogAlertsOption");
    assertThat(typo.exit()).isEqualTo(2);
    assertThat(typo.out()).isEmpty();
    assertThat(typo.err())
        .isEqualTo(
            "error: no options interface LogAlertsOption (did you mean"
                + " --help=LogAlertsOptions?)\n");
  }

  @Test
  public void aDataflowRunRefusedByTheRunnerIsOneErrorLine() throws Exception {
    // Before: "Exception in thread main java.lang.IllegalArgumentException: ..." and 34 lines.
    Result r =
        main(
            "--inputSubscription=projects/my-proj/subscriptions/logs",
            "--alertTopic=projects/my-proj/topics/alerts",
            "--runner=DataflowRunner",
            "--project=my-proj",
            "--region=europe-west1",
            "--rulesPath=samples/rules.yaml");
    assertThat(r.exit()).isEqualTo(CommandLine.EXIT_FAILED);
    List<String> errors = r.err().lines().filter(l -> l.startsWith("error: ")).toList();
    assertThat(errors)
        .containsExactly(
            "error: DataflowRunner requires gcpTempLocation, but failed to retrieve a value from"
                + " PipelineOptions");
    assertThat(r.err().strip().lines().reduce((a, b) -> b).orElseThrow()).isEqualTo(errors.get(0));
    // The runner's exception is not printed (Beam's own log warning about the missing credentials
    // of this test's machine, with its trace, comes before: a Flex launcher has credentials).
    assertThat(r.err()).doesNotContain("Exception in thread");
    assertThat(r.err()).doesNotContain("java.lang.IllegalArgumentException: DataflowRunner");
  }
}
