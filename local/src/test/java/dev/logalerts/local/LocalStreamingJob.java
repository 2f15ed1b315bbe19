package dev.logalerts.local;

import dev.logalerts.testing.FakePubsubServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.rules.TemporaryFolder;

/**
 * {@code scripts/run-local.sh --subscription=...} as a child process against an in-test Pub/Sub
 * endpoint, with one rule: {@code checkout-errors}, a threshold of errors per service. What the
 * streaming ITs share: the launch, waiting for the job's output, and stopping it.
 */
final class LocalStreamingJob implements AutoCloseable {
  static final String SUBSCRIPTION = "projects/test-project/subscriptions/logs";
  static final String TOPIC = "projects/test-project/topics/alerts";

  /** For the job to start (JVM, rules, pipeline construction) on a loaded machine. */
  static final long LAUNCH_MILLIS = 90_000;

  /** The job's --output directory; null for an alerts-only job. */
  final Path out;

  final Path logs;
  private final Process process;
  private final FakePubsubServer pubsub;

  private LocalStreamingJob(Path out, Path logs, Process process, FakePubsubServer pubsub) {
    this.out = out;
    this.logs = logs;
    this.process = process;
    this.pubsub = pubsub;
  }

  /**
   * Starts the job with a {@code window}-long threshold rule ({@code threshold} errors per service,
   * evaluated every 10 s) and any more options, and waits until it streams.
   */
  static LocalStreamingJob start(
      TemporaryFolder tmp,
      FakePubsubServer pubsub,
      String window,
      int threshold,
      String... moreOptions)
      throws Exception {
    return startWithRules(
        tmp,
        pubsub,
        "rules:\n"
            + "  - name: checkout-errors\n"
            + "    type: threshold\n"
            + "    filter: 'severity>=ERROR'\n"
            + "    groupBy: [service]\n"
            + "    window: "
            + window
            + "\n"
            + "    period: 10s\n"
            + "    threshold: "
            + threshold
            + "\n"
            + "    severity: critical\n",
        moreOptions);
  }

  /** Starts the job with the rules file {@code rulesYaml} and waits until it streams. */
  static LocalStreamingJob startWithRules(
      TemporaryFolder tmp, FakePubsubServer pubsub, String rulesYaml, String... moreOptions)
      throws Exception {
    return launch(tmp, pubsub, rulesYaml, tmp.newFolder("out").toPath(), Map.of(), moreOptions);
  }

  /**
   * Starts the job with the rules file {@code rulesYaml} and the environment {@code env}, and waits
   * until it streams. With {@code PUBSUB_EMULATOR_HOST} in {@code env}, the job is not given {@code
   * --pubsubRootUrl}: it finds the endpoint there, as after gcloud's env-init.
   */
  static LocalStreamingJob startWithEnv(
      TemporaryFolder tmp,
      FakePubsubServer pubsub,
      String rulesYaml,
      Map<String, String> env,
      String... moreOptions)
      throws Exception {
    return launch(tmp, pubsub, rulesYaml, tmp.newFolder("out").toPath(), env, moreOptions);
  }

  /**
   * Starts an alerts-only job (the alert topic, no {@code --output}) with the rules file {@code
   * rulesYaml} and the environment {@code env}, and waits until it streams.
   */
  static LocalStreamingJob startAlertsOnly(
      TemporaryFolder tmp, FakePubsubServer pubsub, String rulesYaml, Map<String, String> env)
      throws Exception {
    return launch(tmp, pubsub, rulesYaml, null, env);
  }

  private static LocalStreamingJob launch(
      TemporaryFolder tmp,
      FakePubsubServer pubsub,
      String rulesYaml,
      Path out,
      Map<String, String> env,
      String... moreOptions)
      throws Exception {
    Path rules = tmp.newFile("rules.yaml").toPath();
    Files.writeString(rules, rulesYaml);
    Path logs = tmp.newFolder("logs").toPath();
    List<String> args = new ArrayList<>();
    args.add("--subscription=" + SUBSCRIPTION);
    if (!env.containsKey("PUBSUB_EMULATOR_HOST")) {
      args.add("--pubsubRootUrl=" + pubsub.rootUrl());
    }
    args.add("--alertTopic=" + TOPIC);
    args.add("--rules=" + rules);
    if (out != null) {
      args.add("--output=" + out);
    }
    args.addAll(List.of(moreOptions));
    args.add("--tempLocation=" + tmp.newFolder("temp"));
    Process process =
        ScriptRunner.builder(logs, env, "scripts/run-local.sh", args.toArray(String[]::new))
            .start();
    process.getOutputStream().close();
    LocalStreamingJob job = new LocalStreamingJob(out, logs, process, pubsub);
    job.awaitStderr("Streaming from", LAUNCH_MILLIS);
    return job;
  }

  String stderr() throws IOException {
    return Files.readString(logs.resolve("stderr.txt"));
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** "still running" or "exited N", for failure messages. */
  String state() {
    return process.isAlive() ? "still running" : "exited " + process.exitValue();
  }

  void awaitStderr(String text, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (!stderr().contains(text)) {
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "waited "
                + millis / 1000
                + " s for run-local.sh to print '"
                + text
                + "'; "
                + state()
                + "; stderr:\n"
                + stderr());
      }
      Thread.sleep(100);
    }
  }

  /** The FIRING of {@code service} on the alert topic, waiting for it up to {@code millis}. */
  FakePubsubServer.Message awaitFiring(String service, long millis) throws Exception {
    return awaitAlert(service, "FIRING", millis);
  }

  /**
   * The first alert of {@code service} in {@code state} on the alert topic, within {@code millis}.
   */
  FakePubsubServer.Message awaitAlert(String service, String state, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      for (FakePubsubServer.Message m : pubsub.published(TOPIC)) {
        if (m.text().contains("\"" + service + "\"") && state.equals(m.attributes().get("state"))) {
          return m;
        }
      }
      if (!process.isAlive() || System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "no "
                + state
                + " for "
                + service
                + " on "
                + TOPIC
                + " (topic got "
                + pubsub.published(TOPIC).size()
                + ", entries acknowledged: "
                + pubsub.acknowledged(SUBSCRIPTION)
                + "); stderr:\n"
                + stderr());
      }
      Thread.sleep(50);
    }
  }

  /**
   * Sends {@code signal} (INT, TERM) to the job's JVM (run-local.sh execs it) and waits up to
   * {@code millis} for it to end; returns its exit code, or -1 if it is still running.
   */
  int signal(String signal, long millis) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start().waitFor();
    return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** Waits up to {@code millis} for the job to end by itself; its exit code, or -1. */
  int awaitExit(long millis) throws InterruptedException {
    return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
