package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assume.assumeTrue;

import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.local.PublishedAlerts.Published;
import dev.logalerts.model.Timestamps;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The streaming job of {@code scripts/run-local.sh --subscription=...} in what a Pub/Sub
 * subscription fed by a Cloud Logging sink really does: a backlog of hours waiting when the job
 * starts, a subscription that goes quiet, an endpoint refusing calls for a while, a message
 * delivered again after its ack, and an alert topic deleted under the running job. Every alert
 * published is checked against {@code schemas/alert.schema.json} and its attributes ({@link
 * PublishedAlerts}). The backlog, the quiet subscription and the outage take minutes of wall-clock
 * time each and run on request: {@code mvn -pl local -am verify -Dit.test=StreamingPubsubIT
 * -DlongStreamingITs=true}; the deleted topic runs in every build.
 *
 * <p>Messages are as a Cloud Logging sink publishes them: the data is one LogEntry's JSON (REST
 * form, https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry), the attribute {@code
 * logging.googleapis.com/timestamp} its timestamp
 * (https://cloud.google.com/logging/docs/export/pubsub), published a couple of seconds after it.
 */
@RunWith(JUnit4.class)
public class StreamingPubsubIT extends AgainstFakePubsub {
  private static final String SUBSCRIPTION = LocalStreamingJob.SUBSCRIPTION;
  private static final String TOPIC = LocalStreamingJob.TOPIC;

  /** A Cloud Logging sink publishes an entry about this long after its timestamp. */
  private static final long SINK_LATENCY_MILLIS = 2_000;

  /** Most time for an alert that needs the watermark: PubsubIO's idle minute, window, slack. */
  private static final long WATERMARK_WAIT_MILLIS = 300_000;

  private static final String ERRORS_RULE =
      "  - name: checkout-errors\n"
          + "    type: threshold\n"
          + "    filter: 'severity>=ERROR'\n"
          + "    groupBy: [service]\n"
          + "    window: 1m\n"
          + "    period: 10s\n"
          + "    threshold: 3\n"
          + "    severity: critical\n";

  /** An absence rule per service on the heartbeat entries. */
  private static String heartbeatRule(String expectWithin) {
    return "  - name: heartbeat-missing\n"
        + "    type: absence\n"
        + "    filter: 'jsonPayload.message=\"heartbeat\"'\n"
        + "    groupBy: [service]\n"
        + "    expectWithin: "
        + expectWithin
        + "\n";
  }

  /** A Cloud Run request log's error of {@code service}. */
  static String error(String id, String service, long millis) {
    return StreamingScriptIT.entry(id, service, "payment failed for order " + id, millis);
  }

  /** A structured INFO heartbeat of {@code service} (jsonPayload.message, as Cloud Run parses). */
  static String heartbeat(String id, String service, long millis) {
    return "{\"insertId\":\""
        + id
        + "\",\"jsonPayload\":{\"message\":\"heartbeat\",\"run\":\""
        + id
        + "\"},\"severity\":\"INFO\",\"timestamp\":\""
        + Timestamps.formatMillis(millis)
        + "\",\"receiveTimestamp\":\""
        + Timestamps.formatMillis(millis + 500)
        + "\",\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":\""
        + service
        + "\",\"project_id\":\"shop-prod\"}},"
        + "\"logName\":\"projects/shop-prod/logs/run.googleapis.com%2Fstdout\"}";
  }

  /** Publishes {@code json} as the sink does, stamped {@code millis}; returns the message id. */
  private String publish(String json, long millis) {
    return pubsub.enqueue(
        SUBSCRIPTION,
        json.getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(millis)),
        Instant.ofEpochMilli(Math.min(millis + SINK_LATENCY_MILLIS, System.currentTimeMillis())));
  }

  private static Predicate<Published> alert(String rule, String service, String state) {
    return a ->
        a.rule().equals(rule) && a.group("service").equals(service) && a.state().equals(state);
  }

  /** The first alert matching, waiting for it up to {@code millis}. */
  private Published await(Predicate<Published> which, String what, long millis) throws Exception {
    long deadline = System.currentTimeMillis() + millis;
    while (true) {
      List<Published> found = PublishedAlerts.matching(pubsub, TOPIC, which);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      if (!job.isAlive() || System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "no "
                + what
                + " on the alert topic ("
                + job.state()
                + "); published: "
                + PublishedAlerts.read(pubsub, TOPIC).stream().map(p -> p.message().text()).toList()
                + "\nstderr:\n"
                + job.stderr());
      }
      Thread.sleep(200);
    }
  }

  @Test
  public void aBacklogOfHoursFiresItsIncidentsAtTheirEventTimesAndNoSpuriousAbsence()
      throws Exception {
    assumeLong("a backlog read at the watermark's pace");
    // Three hours of a sink's messages wait on the subscription when the job starts: cron beats
    // every minute throughout, batch beats until two hours ago and then stops, checkout logged
    // three errors within a minute 150 minutes ago.
    long now = System.currentTimeMillis() / 60_000 * 60_000;
    long batchLast = now - 120 * 60_000L;
    long incident = now - 150 * 60_000L + 15_000;
    for (int m = 180; m >= 1; m--) {
      long t = now - m * 60_000L;
      publish(heartbeat("cron-" + m, "cron", t), t);
      if (t <= batchLast) {
        publish(heartbeat("batch-" + m, "batch", t + 1_000), t + 1_000);
      }
      if (t == incident - 15_000) {
        for (int i = 0; i < 3; i++) {
          publish(error("checkout-" + i, "checkout", incident + i * 5_000), incident + i * 5_000);
        }
      }
    }
    job =
        LocalStreamingJob.startWithRules(
            tmp,
            pubsub,
            "rules:\n" + ERRORS_RULE + heartbeatRule("10m") + "    severity: warning\n");
    // cron goes on beating while the test runs.
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    beats.scheduleAtFixedRate(
        () -> {
          long t = System.currentTimeMillis();
          publish(heartbeat("cron-live-" + t, "cron", t), t);
        },
        0,
        30,
        TimeUnit.SECONDS);
    try {
      checkBacklogAlerts(incident, batchLast);
    } finally {
      beats.shutdownNow();
    }
  }

  private void checkBacklogAlerts(long incident, long batchLast) throws Exception {
    Published firing =
        await(alert("checkout-errors", "checkout", "FIRING"), "checkout FIRING", 120_000);
    // The incident is told at its own time, two and a half hours ago, not when it was read.
    assertThat(firing.millis("windowEnd")).isAtLeast(incident + 10_000);
    assertThat(firing.millis("windowEnd")).isAtMost(incident + 70_000);
    assertThat(firing.alert().path("value").asDouble()).isEqualTo(3.0);
    Published resolved =
        await(
            alert("checkout-errors", "checkout", "RESOLVED"),
            "checkout RESOLVED",
            WATERMARK_WAIT_MILLIS);
    assertThat(resolved.alert().path("alertId")).isEqualTo(firing.alert().path("alertId"));
    assertThat(resolved.millis("windowEnd")).isLessThan(incident + 5 * 60_000L);

    Published missing =
        await(
            alert("heartbeat-missing", "batch", "FIRING"),
            "batch's absence",
            WATERMARK_WAIT_MILLIS);
    assertThat(missing.millis("windowStart")).isEqualTo(batchLast + 1_000);
    assertThat(missing.millis("firstSeen")).isAtMost(batchLast + 15 * 60_000L);

    // Once the backlog is read the watermark follows the clock; cron beat every minute up to a
    // minute ago, so it was never 10 minutes without one.
    Thread.sleep(30_000);
    List<Published> all = PublishedAlerts.read(pubsub, TOPIC);
    System.out.println("backlog IT: " + all.stream().map(p -> p.message().text()).toList());
    assertWithMessage("alerts for cron")
        .that(all.stream().filter(a -> a.group("service").equals("cron")).toList())
        .isEmpty();
    assertThat(
            all.stream()
                .filter(alert("checkout-errors", "checkout", "FIRING"))
                .map(p -> p.alert().path("alertId").asText())
                .toList())
        .hasSize(1);
    assertThat(pubsub.unackedMessageIds(SUBSCRIPTION)).isEmpty();
  }

  @Test
  public void aQuietSubscriptionStillFiresAbsenceAndDeadlineAndResolvesThem() throws Exception {
    assumeLong("minutes of a quiet subscription");
    // cron beats three times, then nothing more comes; export, expected at every minute's
    // deadline, never sends anything. Both must fire on the clock alone.
    job =
        LocalStreamingJob.startWithRules(
            tmp,
            pubsub,
            "rules:\n"
                + heartbeatRule("1m")
                + "  - name: export-deadline\n"
                + "    type: deadline\n"
                + "    filter: 'jsonPayload.message=\"heartbeat\"'\n"
                + "    groupBy: [service]\n"
                + "    schedule: '* * * * *'\n"
                + "    expectedGroups: [{service: export}]\n");
    long started = System.currentTimeMillis();
    for (int i = 0; i < 3; i++) {
      long t = System.currentTimeMillis();
      publish(heartbeat("cron-" + i, "cron", t), t);
      Thread.sleep(1_000);
    }
    long lastBeat = System.currentTimeMillis();
    Published absent =
        await(
            alert("heartbeat-missing", "cron", "FIRING"), "cron's absence", WATERMARK_WAIT_MILLIS);
    Published late =
        await(
            alert("export-deadline", "export", "FIRING"),
            "export's missed deadline",
            WATERMARK_WAIT_MILLIS);
    System.out.printf(
        "quiet IT: absence FIRING %d s after the last beat, deadline FIRING %d s after launch%n",
        (absent.message().receivedMillis() - lastBeat) / 1000,
        (late.message().receivedMillis() - started) / 1000);
    assertThat(absent.millis("windowEnd") - absent.millis("windowStart")).isAtLeast(60_000L);

    long t = System.currentTimeMillis();
    publish(heartbeat("cron-back", "cron", t), t);
    publish(heartbeat("export-back", "export", t), t);
    Published back =
        await(
            alert("heartbeat-missing", "cron", "RESOLVED"),
            "cron's RESOLVED",
            WATERMARK_WAIT_MILLIS);
    assertThat(back.alert().path("alertId")).isEqualTo(absent.alert().path("alertId"));
    Published onTime =
        await(
            alert("export-deadline", "export", "RESOLVED"),
            "export's RESOLVED",
            WATERMARK_WAIT_MILLIS);
    assertThat(onTime.alert().path("alertId")).isEqualTo(late.alert().path("alertId"));
  }

  /**
   * Skips a test that takes minutes of wall-clock time unless {@code -DlongStreamingITs=true}: the
   * build stays fast, and the readers' and rules' parts are unit-tested in every build
   * (QuietSubscriptionsTest, the alerting tests).
   */
  private static void assumeLong(String what) {
    assumeTrue(what + "; run with -DlongStreamingITs=true", Boolean.getBoolean("longStreamingITs"));
  }

  /**
   * Takes about eight minutes (the outage must outlast the client's own retries), so it runs on
   * request: {@code mvn -pl local -am verify -Dit.test=StreamingPubsubIT -DlongStreamingITs=true}.
   * {@code QuietSubscriptionsTest} checks the reader's side of it in every build.
   */
  @Test
  public void anOutageOfTheEndpointLosesAndDuplicatesNothing() throws Exception {
    assumeLong("an eight-minute outage");
    // Pub/Sub refuses every pull and ack for longer than Beam's client repeats a call (about three
    // minutes): unavailable (503), then throttling (429). The local job used to end there (exit 3).
    // Meanwhile cron beats every 5 s and checkout logs three errors: all wait on the subscription,
    // so when Pub/Sub answers again checkout fires once with all three, and cron, whose beats were
    // waiting, is never taken as absent (the watermark waited for them, not for the clock).
    job =
        LocalStreamingJob.startWithRules(
            tmp,
            pubsub,
            "rules:\n" + ERRORS_RULE + heartbeatRule("1m"),
            "--noisyLogWindowMinutes=1");
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    List<String> errors = new ArrayList<>();
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    beats.scheduleAtFixedRate(
        () -> {
          long t = System.currentTimeMillis();
          ids.add(publish(heartbeat("cron-" + t, "cron", t), t));
        },
        0,
        5,
        TimeUnit.SECONDS);
    try {
      Thread.sleep(10_000);
      pubsub.failSubscriptionCalls(-1, 503);
      long t = System.currentTimeMillis();
      errors.add(publish(error("c-1", "checkout", t), t));
      errors.add(publish(error("c-2", "checkout", t + 1), t + 1));
      Thread.sleep(30_000);
      pubsub.failSubscriptionCalls(-1, 429);
      errors.add(publish(error("c-3", "checkout", t + 2), t + 2));
      // Once the client gave up a call, the reader says so and waits; it used to end the job.
      job.awaitStderr("warning: Pub/Sub does not answer (GoogleJsonResponseException: ", 360_000);
      Thread.sleep(30_000);
      assertWithMessage("the job stopped during the outage; stderr:\n%s", job.stderr())
          .that(job.isAlive())
          .isTrue();
      pubsub.failSubscriptionCalls(0, 503);
      System.out.println("outage IT: calls refused " + pubsub.subscriptionCallsFailed());

      // A reader may still sleep in the client's backoff for a minute or so.
      Published firing = await(alert("checkout-errors", "checkout", "FIRING"), "FIRING", 180_000);
      assertThat(firing.alert().path("value").asDouble()).isEqualTo(3.0);
      job.awaitStderr("Pub/Sub answers again", 120_000);
      // More than the absence's minute after the backlog was read, the watermark on the clock.
      Thread.sleep(90_000);
    } finally {
      beats.shutdownNow();
    }
    long beatsStopped = System.currentTimeMillis();
    List<String> published;
    synchronized (ids) {
      published = new ArrayList<>(ids);
    }
    published.addAll(errors);
    long deadline = System.currentTimeMillis() + 60_000;
    while (!pubsub.unackedMessageIds(SUBSCRIPTION).isEmpty()
        || pubsub.acknowledged(SUBSCRIPTION) < published.size()) {
      assertWithMessage(
              "acknowledged %s of %s; unacknowledged %s",
              pubsub.acknowledged(SUBSCRIPTION),
              published.size(),
              pubsub.unackedMessageIds(SUBSCRIPTION))
          .that(System.currentTimeMillis())
          .isLessThan(deadline);
      Thread.sleep(500);
    }
    // Once acknowledged, Pub/Sub may still deliver a message again: counted once.
    for (String id : errors) {
      pubsub.redeliver(SUBSCRIPTION, id);
    }
    for (String id : published.subList(0, 3)) {
      pubsub.redeliver(SUBSCRIPTION, id);
    }
    // Every entry is in the noisy-log rows once (those read after their window closed in TOO_LATE
    // rows): none lost in the outage, none counted twice.
    Path rows = job.out.resolve("noisy_logs");
    deadline = System.currentTimeMillis() + WATERMARK_WAIT_MILLIS;
    while (StreamingScriptIT.countedEntries(rows) < published.size()
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(1_000);
    }
    Thread.sleep(20_000);
    assertThat(StreamingScriptIT.countedEntries(rows)).isEqualTo(published.size());
    String stderr = job.stderr();
    assertWithMessage("stderr:\n%s", stderr).that(job.isAlive()).isTrue();
    List<Published> all = PublishedAlerts.read(pubsub, TOPIC);
    System.out.println("outage IT: " + all.stream().map(p -> p.message().text()).toList());
    assertThat(all.stream().filter(alert("checkout-errors", "checkout", "FIRING")).toList())
        .hasSize(1);
    // cron is absent for real once its beats stop (after the outage); not before.
    assertWithMessage("alerts for cron while it beat, its beats waiting on the subscription")
        .that(
            all.stream()
                .filter(a -> a.group("service").equals("cron"))
                .filter(a -> a.millis("windowStart") < beatsStopped - 6_000)
                .toList())
        .isEmpty();
  }

  @Test
  public void anAlertTopicDeletedWhileRunningStopsTheJobNamingIt() throws Exception {
    job = LocalStreamingJob.startWithRules(tmp, pubsub, "rules:\n" + ERRORS_RULE);
    pubsub.remove(TOPIC);
    long t = System.currentTimeMillis();
    for (int i = 0; i < 3; i++) {
      publish(error("c-" + i, "checkout", t + i), t + i);
    }
    long deadline = System.currentTimeMillis() + 120_000;
    while (job.isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(500);
    }
    String stderr = job.stderr();
    System.out.println("topic-gone IT: " + job.state() + "; stderr:\n" + stderr);
    assertWithMessage("the job still runs with its topic gone; stderr:\n%s", stderr)
        .that(job.isAlive())
        .isFalse();
    // One line naming the topic and what Pub/Sub said (it used to dump the JSON error body).
    List<String> errors = stderr.lines().filter(l -> l.startsWith("error:")).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .isEqualTo(
            "error: the job failed: GoogleJsonResponseException: 404 Not Found, POST "
                + pubsub.rootUrl()
                + "/v1/"
                + TOPIC
                + ":publish: Resource not found (resource="
                + TOPIC
                + ").");
    assertThat(stderr).doesNotContain("\"code\"");
  }
}
