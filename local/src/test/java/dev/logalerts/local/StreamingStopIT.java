package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.model.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * How a local streaming run ends: stopped by the user (Ctrl-C is SIGINT; a supervisor or {@code
 * kill} sends SIGTERM), or by Pub/Sub refusing its subscription for good while it runs (deleted:
 * 404 NOT_FOUND; a permission removed: 403 PERMISSION_DENIED, per
 * https://cloud.google.com/pubsub/docs/reference/error-codes).
 */
@RunWith(JUnit4.class)
public class StreamingStopIT extends AgainstFakePubsub {
  private static final String SUBSCRIPTION = LocalStreamingJob.SUBSCRIPTION;

  /** For pulled messages to be read and acknowledged on a loaded machine. */
  private static final long SETTLE_MILLIS = 30_000;

  /** A stopped or failed run ends within this. */
  private static final long EXIT_MILLIS = 10_000;

  /** Below the threshold of 5: the window that counts them is still open when the run stops. */
  private static final int ERRORS = 3;

  private void publishErrors() {
    long now = System.currentTimeMillis();
    for (int i = 1; i <= ERRORS; i++) {
      pubsub.enqueue(
          SUBSCRIPTION,
          StreamingScriptIT.entry("c-" + i, "checkout", "payment failed", now + i)
              .getBytes(StandardCharsets.UTF_8),
          Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(now + i)));
    }
  }

  private void await(String what, java.util.function.BooleanSupplier done) throws Exception {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    while (!done.getAsBoolean()) {
      if (!job.isAlive() || System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "waited for " + what + "; " + job.state() + "; stderr:\n" + job.stderr());
      }
      Thread.sleep(100);
    }
  }

  /** The lines the run printed after its launch line (progress lines left out). */
  private List<String> linesAfterLaunch() throws Exception {
    return job.stderr()
        .lines()
        .dropWhile(l -> !l.startsWith("Streaming from"))
        .skip(1)
        .filter(l -> !l.startsWith("progress: "))
        .toList();
  }

  /**
   * Ctrl-C after three errors were read and acknowledged, their window still open: the run used to
   * end at once without a word (exit 130), the three entries acknowledged and counted by nothing.
   */
  @Test
  public void ctrlCSaysWhatWasReadAndThatOpenWindowsEndWithTheRun() throws Exception {
    job = LocalStreamingJob.start(tmp, pubsub, "2m", 5);
    publishErrors();
    await("3 messages acknowledged", () -> pubsub.acknowledged(SUBSCRIPTION) >= ERRORS);
    long stopping = System.currentTimeMillis();
    int code = job.signal("INT", EXIT_MILLIS);
    long took = System.currentTimeMillis() - stopping;
    String stderr = job.stderr();
    System.out.println("Ctrl-C: exit " + code + " after " + took + " ms; stderr:\n" + stderr);
    assertWithMessage("exit code; stderr:\n%s", stderr).that(code).isEqualTo(130);
    List<String> lines = linesAfterLaunch();
    assertWithMessage("stderr:\n%s", stderr).that(lines).hasSize(1);
    assertThat(lines.get(0))
        .matches(
            "stopped after \\d+ s: 3 entries read, all acknowledged; windows and incidents still"
                + " open end with this run, and no later run counts the acknowledged entries they"
                + " held\\.");
    assertThat(pubsub.unackedMessageIds(SUBSCRIPTION)).isEmpty();
  }

  /**
   * SIGTERM while Pub/Sub refuses acknowledgements (503): the three messages read are not
   * acknowledged, and the line says they come again.
   */
  @Test
  public void sigtermSaysWhichMessagesComeAgain() throws Exception {
    job = LocalStreamingJob.start(tmp, pubsub, "2m", 5);
    pubsub.failAcknowledgements(-1, 503);
    publishErrors();
    await(
        "3 messages read and an acknowledgement refused",
        () ->
            pubsub.unackedMessageIds(SUBSCRIPTION).size() == ERRORS
                && pubsub.subscriptionCallsFailed() > 0);
    int code = job.signal("TERM", EXIT_MILLIS);
    String stderr = job.stderr();
    System.out.println("SIGTERM: exit " + code + "; stderr:\n" + stderr);
    assertWithMessage("exit code; stderr:\n%s", stderr).that(code).isEqualTo(143);
    List<String> stops = stderr.lines().filter(l -> l.startsWith("stopped after ")).toList();
    assertWithMessage("stderr:\n%s", stderr).that(stops).hasSize(1);
    assertThat(stops.get(0))
        .contains(
            ": 3 entries read; 3 messages read but not yet acknowledged: Pub/Sub delivers them"
                + " again to the next run once their ack deadline passes;");
    assertThat(pubsub.acknowledged(SUBSCRIPTION)).isEqualTo(0);
    assertThat(stderr).doesNotContain("Exception");
  }

  /**
   * The subscription deleted while the job runs: every pull is answered 404. The run ends within
   * seconds with one error line naming the subscription (and the hint for the stack trace), exit 3:
   * the deletion will not pass by itself. Nothing is said about stopping: the error says it.
   */
  @Test
  public void aSubscriptionDeletedWhileRunningEndsTheRunWithOneLine() throws Exception {
    job = LocalStreamingJob.start(tmp, pubsub, "2m", 5);
    publishErrors();
    await("3 messages acknowledged", () -> pubsub.acknowledged(SUBSCRIPTION) >= ERRORS);
    pubsub.remove(SUBSCRIPTION);
    int code = job.awaitExit(SETTLE_MILLIS);
    String stderr = job.stderr();
    System.out.println("deleted: exit " + code + "; stderr:\n" + stderr);
    assertWithMessage("exit code; stderr:\n%s", stderr).that(code).isEqualTo(3);
    assertThat(linesAfterLaunch())
        .containsExactly(
            "error: the job failed: GoogleJsonResponseException: 404 Not Found, POST "
                + pubsub.rootUrl()
                + "/v1/"
                + SUBSCRIPTION
                + ":pull: Resource not found (resource="
                + SUBSCRIPTION
                + ").",
            "(run again with --verbose for the stack trace)")
        .inOrder();
  }

  /** A permission removed while the job runs (403 on pull): the same, exit 3 with one line. */
  @Test
  public void aPermissionRemovedWhileRunningEndsTheRunWithOneLine() throws Exception {
    job = LocalStreamingJob.start(tmp, pubsub, "2m", 5);
    publishErrors();
    await("3 messages acknowledged", () -> pubsub.acknowledged(SUBSCRIPTION) >= ERRORS);
    pubsub.failSubscriptionCalls(-1, 403);
    int code = job.awaitExit(SETTLE_MILLIS);
    String stderr = job.stderr();
    System.out.println("forbidden: exit " + code + "; stderr:\n" + stderr);
    assertWithMessage("exit code; stderr:\n%s", stderr).that(code).isEqualTo(3);
    List<String> lines = linesAfterLaunch();
    assertWithMessage("stderr:\n%s", stderr).that(lines).hasSize(2);
    assertThat(lines.get(0))
        .startsWith("error: the job failed: GoogleJsonResponseException: 403 Forbidden, POST ");
    assertThat(lines.get(0)).contains(SUBSCRIPTION + ":pull");
  }
}
