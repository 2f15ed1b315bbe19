package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assume.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** {@code scripts/run-local.sh} end to end, as a user runs it. */
@RunWith(JUnit4.class)
public class RunLocalScriptIT {
  private static final long WAIT_SECONDS = 120;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static Path repoRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/run-local.sh"))) {
      dir = dir.getParent();
    }
    return dir;
  }

  static final class Result {
    final int exitCode;
    final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }

  static Result runScript(String script, String... args) throws IOException, InterruptedException {
    Path root = repoRoot();
    assertWithMessage("repository root (holding scripts/run-local.sh) above the working directory")
        .that(root)
        .isNotNull();
    assumeTrue("bash not available", new File("/bin/bash").canExecute());
    List<String> cmd = new ArrayList<>();
    cmd.add("/bin/bash");
    cmd.add(root.resolve(script).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
    // Run the script on this test JVM's classpath: no nested Maven build.
    pb.environment().put("LOGALERTS_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("PATH", System.getProperty("java.home") + "/bin:" + System.getenv("PATH"));
    Process p = pb.start();
    p.getOutputStream().close();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader =
        new Thread(
            () -> {
              try {
                p.getInputStream().transferTo(out);
              } catch (IOException e) {
                // the process was killed: keep what was read
              }
            });
    reader.start();
    if (!p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      reader.join(5_000);
      throw new AssertionError(
          "timed out after "
              + WAIT_SECONDS
              + " s waiting for "
              + script
              + " to finish; output so far:\n"
              + out.toString(StandardCharsets.UTF_8));
    }
    reader.join();
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  public void runsOnAFileAndPrintsTheSummary() throws Exception {
    Path input = tmp.newFile("entries.jsonl").toPath();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      lines.append(LocalRunIT.goodEntry(i)).append('\n');
    }
    lines.append("{not json\n");
    Files.write(input, lines.toString().getBytes(StandardCharsets.UTF_8));
    Path out = tmp.newFolder("out").toPath();

    Result r = runScript("scripts/run-local.sh", "--input=" + input, "--output=" + out);

    assertThat(r.exitCode).isEqualTo(0);
    assertThat(r.output).containsMatch("entries read\\s+21");
    assertThat(r.output).containsMatch("parsed\\s+20");
    assertThat(r.output).containsMatch("dead-lettered\\s+1");
    assertThat(r.output).contains("invalid_json 1");
    // Your logs, no --rules: said, not evaluated against the demo shop's rules without a word.
    assertThat(r.output)
        .contains(
            "note: no --rules given: evaluating the bundled demo rules (samples/rules.yaml); give"
                + " yours with --rules=FILE");
    assertThat(Files.isDirectory(out.resolve("alerts"))).isTrue();
    assertThat(Files.isDirectory(out.resolve("noisy_logs"))).isTrue();
    assertThat(Files.isDirectory(out.resolve("deadletter"))).isTrue();
  }

  @Test
  public void missingRulesFileIsAClearError() throws Exception {
    Result r = runScript("scripts/run-local.sh", "--rules=/nonexistent/rules.yaml");
    assertThat(r.exitCode).isNotEqualTo(0);
    assertThat(r.output).contains("rules file not found: /nonexistent/rules.yaml");
  }
}
