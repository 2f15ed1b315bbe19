package dev.logalerts.local;

import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code scripts/*.sh} as a user would, on this test JVM's classpath (no nested build). */
final class ScriptRunner {
  private ScriptRunner() {}

  /** A finished run: exit code, stdout and stderr apart. */
  record Result(int exitCode, String stdout, String stderr) {
    String all() {
      return stdout + stderr;
    }
  }

  static Path repoRoot() {
    Path dir = Paths.get("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("scripts/run-local.sh"))) {
      dir = dir.getParent();
    }
    assumeTrue("repository root not found", dir != null);
    return dir;
  }

  /** A process for {@code script args}; stdout and stderr go to files under {@code logs}. */
  static ProcessBuilder builder(Path logs, Map<String, String> env, String script, String... args) {
    Path root = repoRoot();
    assumeTrue("bash not available", new File("/bin/bash").canExecute());
    List<String> cmd = new ArrayList<>();
    cmd.add("/bin/bash");
    cmd.add(root.resolve(script).toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().put("LOGALERTS_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("PATH", System.getProperty("java.home") + "/bin:" + System.getenv("PATH"));
    // No credentials of the machine running the tests.
    pb.environment().put("CLOUDSDK_CONFIG", logs.resolve("no-gcloud").toString());
    pb.environment().remove("GOOGLE_APPLICATION_CREDENTIALS");
    pb.environment().remove("PUBSUB_EMULATOR_HOST");
    pb.environment().putAll(env);
    pb.redirectOutput(logs.resolve("stdout.txt").toFile());
    pb.redirectError(logs.resolve("stderr.txt").toFile());
    return pb;
  }

  static Result run(Path logs, Map<String, String> env, String script, String... args)
      throws IOException, InterruptedException {
    Files.createDirectories(logs);
    Process p = builder(logs, env, script, args).start();
    p.getOutputStream().close();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("scripts/" + script + " did not finish within 10 minutes");
    }
    return new Result(
        p.exitValue(),
        Files.readString(logs.resolve("stdout.txt"), StandardCharsets.UTF_8),
        Files.readString(logs.resolve("stderr.txt"), StandardCharsets.UTF_8));
  }
}
