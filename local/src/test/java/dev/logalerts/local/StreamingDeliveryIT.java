package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assume.assumeTrue;

import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.model.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * How Pub/Sub really delivers to a local streaming job, against an in-test endpoint: at least once
 * (https://cloud.google.com/pubsub/docs/exactly-once-delivery, "Redelivery versus duplicate": a
 * message comes again when its ack deadline passes, and may even after its ack), a sink that
 * publishes an entry again, entries published hours after their timestamp (the Logging API routes
 * entries with old timestamps to sinks, https://cloud.google.com/logging/quotas), an endpoint found
 * through {@code PUBSUB_EMULATOR_HOST} as gcloud's {@code env-init} sets it
 * (https://cloud.google.com/pubsub/docs/emulator), and an endpoint that refuses every pull when the
 * job starts.
 */
@RunWith(JUnit4.class)
public class StreamingDeliveryIT extends AgainstFakePubsub {
  private static final String SUBSCRIPTION = LocalStreamingJob.SUBSCRIPTION;
  private static final String TOPIC = LocalStreamingJob.TOPIC;
  private static final int THRESHOLD = 4;

  /** For a FIRING or a progress line, on a machine shared with other builds. */
  private static final long SETTLE_MILLIS = 45_000;

  private static final String RULES = checkoutErrorsRules(THRESHOLD);

  /** A minute without messages, and some: an idle reader's watermark then follows the clock. */
  private static final long QUIET_MILLIS = 75_000;

  private static final Map<String, String> PROGRESS =
      Map.of("LOGALERTS_PROGRESS_QUIET_MS", "0", "LOGALERTS_PROGRESS_INTERVAL_MS", "500");

  @Test
  public void redeliveriesCountOnceAndTheEndpointIsFoundThroughTheEmulatorVariable()
      throws Exception {
    String host = pubsub.rootUrl().substring("http://".length());
    Map<String, String> env = new java.util.HashMap<>(PROGRESS);
    env.put("PUBSUB_EMULATOR_HOST", host);
    job = LocalStreamingJob.startWithEnv(tmp, pubsub, RULES, env);
    // Not given --pubsubRootUrl: the launch line says which endpoint it took.
    assertThat(job.stderr()).contains("Streaming from " + SUBSCRIPTION + " at http://" + host);

    long now = System.currentTimeMillis();
    List<String> ids = new ArrayList<>();
    for (int i = 1; i < THRESHOLD; i++) {
      ids.add(publish(error("checkout-" + i, "checkout", now), now));
    }
    // The ack deadline passes while the job is busy: what was handed out comes again, same ids.
    awaitDelivered(ids);
    int beforeAck = pubsub.redeliverUnacked(SUBSCRIPTION);
    awaitAcknowledged();
    // And again after the job acknowledged them, as Pub/Sub may.
    for (String id : ids) {
      pubsub.redeliver(SUBSCRIPTION, id);
    }
    // The sink publishes one entry a second time: a new message id, the same insertId.
    publish(error("checkout-1", "checkout", now), now);
    job.awaitStderr("(1 duplicate dropped)", SETTLE_MILLIS);
    awaitAcknowledged();
    for (String id : ids) {
      assertWithMessage("deliveries of %s (%s redelivered before their ack)", id, beforeAck)
          .that(pubsub.deliveries(id))
          .isAtLeast(2);
    }

    // One more error: now the threshold is reached, by four entries, not by repeats before it.
    long crossing = System.currentTimeMillis();
    publish(error("checkout-" + THRESHOLD, "checkout", now), now);
    PublishedAlerts.Published firing = firstFiring("checkout");
    assertThat(firing.message().receivedMillis()).isAtLeast(crossing);
    assertThat(firing.alert().path("value").asDouble()).isEqualTo((double) THRESHOLD);
    List<String> sampled = new ArrayList<>();
    firing.alert().path("samples").forEach(s -> sampled.add(s.path("insertId").asText()));
    assertThat(sampled).containsExactly("checkout-1", "checkout-2", "checkout-3", "checkout-4");

    String stderr = job.stderr();
    assertWithMessage("stderr:\n%s", stderr).that(job.isAlive()).isTrue();
    assertThat(PublishedAlerts.read(pubsub, TOPIC)).hasSize(1);
    assertThat(stderr).doesNotContain("Exception");
  }

  @Test
  public void entriesPublishedHoursAfterTheirTimeAreShownAndCountedWhileTheWatermarkHasNotMoved()
      throws Exception {
    job = LocalStreamingJob.startWithEnv(tmp, pubsub, RULES, PROGRESS);
    // A sink's backlog after an outage: published now, timestamped three hours ago. PubsubIO's
    // watermark has not moved yet (a reader moves it after ten messages within a minute, or a
    // minute without any), so their windows are open: they are counted at their own time, and the
    // progress line says how many came later than the allowed lateness (an hour).
    long threeHoursAgo = System.currentTimeMillis() - 3 * 3_600_000L;
    for (int i = 1; i <= THRESHOLD + 1; i++) {
      publish(error("backlog-" + i, "payments", threeHoursAgo + i), threeHoursAgo + i);
    }
    job.awaitStderr("(5 published past the allowed lateness)", SETTLE_MILLIS);
    PublishedAlerts.Published firing = firstFiring("payments");
    assertThat(firing.alert().path("value").asDouble()).isEqualTo(THRESHOLD + 1.0);
    assertThat(firing.millis("windowEnd")).isAtMost(threeHoursAgo + 3 * 60_000L);
    assertThat(firing.millis("windowEnd")).isAtLeast(threeHoursAgo);
    assertThat(job.stderr()).doesNotContain("Exception");
  }

  @Test
  public void entriesPublishedHoursAfterTheirTimeMissWindowsThatClosed() throws Exception {
    // Takes a minute's lull, for the watermark to catch up with the clock: on request.
    assumeTrue(
        "a long streaming IT; run with -DlongStreamingITs=true",
        Boolean.getBoolean("longStreamingITs"));
    job = LocalStreamingJob.startWithEnv(tmp, pubsub, RULES, PROGRESS);
    long start = System.currentTimeMillis();
    publish(error("info-1", "frontend", start).replace("\"ERROR\"", "\"INFO\""), start);
    awaitAcknowledged();
    Thread.sleep(QUIET_MILLIS);
    long threeHoursAgo = System.currentTimeMillis() - 3 * 3_600_000L;
    for (int i = 1; i <= THRESHOLD + 1; i++) {
      publish(error("backlog-" + i, "payments", threeHoursAgo + i), threeHoursAgo + i);
    }
    job.awaitStderr("(5 published past the allowed lateness)", SETTLE_MILLIS);
    // Errors of now still fire: the job evaluates, and would have fired for the backlog as well.
    long now = System.currentTimeMillis();
    for (int i = 1; i <= THRESHOLD; i++) {
      publish(error("checkout-" + i, "checkout", now), now);
    }
    firstFiring("checkout");
    List<PublishedAlerts.Published> alerts = PublishedAlerts.read(pubsub, TOPIC);
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).group("service")).isEqualTo("checkout");
    assertThat(job.stderr()).doesNotContain("Exception");
  }

  @Test
  public void pullsRefusedAtTheStartAreSaidWithinSecondsAndTheJobReadsOnceTheyPass()
      throws Exception {
    // Pub/Sub answers the launch's look-up of the subscription, then refuses every pull with 503
    // (Beam's client repeats each for about three minutes): the job used to show "0 entries read"
    // and nothing else for those minutes.
    pubsub.failSubscriptionCalls(-1, 503);
    job = LocalStreamingJob.startWithEnv(tmp, pubsub, RULES, Map.of());
    long now = System.currentTimeMillis();
    for (int i = 1; i <= THRESHOLD; i++) {
      publish(error("checkout-" + i, "checkout", now), now);
    }
    job.awaitStderr("warning: Pub/Sub has not answered for 15 s", SETTLE_MILLIS);
    assertThat(pubsub.subscriptionCallsFailed()).isGreaterThan(0);
    assertThat(pubsub.acknowledged(SUBSCRIPTION)).isEqualTo(0);

    pubsub.failSubscriptionCalls(0, 503);
    PublishedAlerts.Published firing = firstFiring("checkout");
    assertThat(firing.alert().path("value").asDouble()).isEqualTo((double) THRESHOLD);
    job.awaitStderr("Pub/Sub answers again after ", SETTLE_MILLIS);
    String stderr = job.stderr();
    assertWithMessage("stderr:\n%s", stderr).that(job.isAlive()).isTrue();
    assertThat(stderr).doesNotContain("Exception");
    assertThat(stderr).doesNotContain("error:");
  }

  @Test
  public void anOutageSeenByFourReadersIsSaidOnceAndItsEndPromptly() throws Exception {
    // Four readers (one per worker thread), each repeating its pull in its client's backoff,
    // which grows to a minute. "Answers again" waited for the last of them: 20 s after the pulls
    // passed, 9 s after the alert. Now the first reader that reads ends the outage: one warning,
    // the alert, and one recovery line soon after the pulls pass.
    pubsub.failSubscriptionCalls(-1, 429);
    job = LocalStreamingJob.startWithEnv(tmp, pubsub, RULES, Map.of(), "--targetParallelism=4");
    long now = System.currentTimeMillis();
    for (int i = 1; i <= THRESHOLD; i++) {
      publish(error("checkout-" + i, "checkout", now), now);
    }
    job.awaitStderr("warning: Pub/Sub has not answered for 15 s", SETTLE_MILLIS);
    long passed = System.currentTimeMillis();
    pubsub.failSubscriptionCalls(0, 429);
    job.awaitStderr("Pub/Sub answers again after ", SETTLE_MILLIS);
    long answered = System.currentTimeMillis();
    PublishedAlerts.Published firing = firstFiring("checkout");
    System.out.printf(
        "four readers: recovery said %d ms after the pulls passed; FIRING received %d ms after%n",
        answered - passed, firing.message().receivedMillis() - passed);
    // Said with the read that took the waiting entries, not seconds after their alert.
    assertThat(answered).isAtMost(firing.message().receivedMillis() + 3_000L);
    String stderr = job.stderr();
    assertThat(stderr.lines().filter(l -> l.startsWith("warning: Pub/Sub")).count()).isEqualTo(1);
    assertThat(stderr.lines().filter(l -> l.startsWith("Pub/Sub answers again")).count())
        .isEqualTo(1);
    assertThat(stderr).doesNotContain("error:");
  }

  @Test
  public void aBacklogWaitingAtStartIsSaidAndItsIncidentKeepsItsOwnTime() throws Exception {
    // The job was stopped for two hours while the sink went on publishing: 1,200 entries wait on
    // the subscription with their publish times, four errors among them 90 minutes ago.
    long now = System.currentTimeMillis() / 60_000 * 60_000;
    long incident = now - 90 * 60_000L;
    for (int i = 0; i < 1_200; i++) {
      long t = now - 120 * 60_000L + i * 5_000L;
      String entry = error("info-" + i, "frontend", t).replace("\"ERROR\"", "\"INFO\"");
      enqueueAt(entry, t);
      if (t == incident) {
        for (int e = 1; e <= THRESHOLD; e++) {
          enqueueAt(error("checkout-" + e, "checkout", t + e), t + e);
        }
      }
    }
    job = LocalStreamingJob.startWithEnv(tmp, pubsub, RULES, PROGRESS);
    job.awaitStderr(" from a backlog (read over 2 min after publish)", SETTLE_MILLIS);
    PublishedAlerts.Published firing = firstFiring("checkout");
    // Sent now, for its own window of 90 minutes ago: windowEnd says so, not the time of sending.
    assertThat(firing.millis("windowEnd")).isAtLeast(incident);
    assertThat(firing.millis("windowEnd")).isAtMost(incident + 3 * 60_000L);
    assertThat(firing.alert().path("value").asDouble()).isEqualTo((double) THRESHOLD);
    System.out.println("backlog at start; stderr:\n" + job.stderr());
    assertThat(job.stderr()).doesNotContain("Exception");
  }

  private void enqueueAt(String entry, long millis) {
    pubsub.enqueue(
        SUBSCRIPTION,
        entry.getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(millis)),
        java.time.Instant.ofEpochMilli(millis));
  }

  @Test
  public void entriesOfTwoProjectsWithTheSameInsertIdAndTimeAllCount() throws Exception {
    // An organization's aggregated sink publishes all its projects' entries to one topic
    // (https://cloud.google.com/logging/docs/export/aggregated_sinks); an insertId is unique only
    // within a project ("the same project, with the same timestamp, and with the same insert_id",
    // https://cloud.google.com/logging/docs/reference/v2/rest/v2/LogEntry). Writers that number
    // their own entries collide across projects: the staging entries were dropped as repeats of
    // production's, and the threshold was never reached.
    job = LocalStreamingJob.startWithEnv(tmp, pubsub, RULES, PROGRESS);
    long now = System.currentTimeMillis();
    for (String project : List.of("shop-prod", "shop-staging")) {
      for (int i = 1; i <= THRESHOLD / 2; i++) {
        publish(error("checkout-" + i, "checkout", now).replace("shop-prod", project), now);
      }
    }
    // The sink publishing one of them again still counts once.
    publish(error("checkout-1", "checkout", now).replace("shop-prod", "shop-staging"), now);
    job.awaitStderr("(1 duplicate dropped)", SETTLE_MILLIS);
    PublishedAlerts.Published firing = firstFiring("checkout");
    assertThat(firing.alert().path("value").asDouble()).isEqualTo((double) THRESHOLD);
    assertThat(PublishedAlerts.read(pubsub, TOPIC)).hasSize(1);
    assertThat(job.stderr()).doesNotContain("Exception");
  }

  private PublishedAlerts.Published firstFiring(String service) throws Exception {
    job.awaitFiring(service, SETTLE_MILLIS);
    for (PublishedAlerts.Published a : PublishedAlerts.read(pubsub, TOPIC)) {
      if (service.equals(a.group("service")) && "FIRING".equals(a.state())) {
        return a;
      }
    }
    throw new AssertionError("no FIRING of " + service);
  }

  private void awaitDelivered(List<String> ids) throws Exception {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    while (ids.stream().anyMatch(id -> pubsub.deliveries(id) == 0)) {
      assertWithMessage("messages %s not pulled; stderr:\n%s", ids, job.stderr())
          .that(System.currentTimeMillis())
          .isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Until every message handed out is acknowledged. */
  private void awaitAcknowledged() throws Exception {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    while (pubsub.acknowledged(SUBSCRIPTION) == 0
        || !pubsub.unackedMessageIds(SUBSCRIPTION).isEmpty()) {
      assertWithMessage(
              "acknowledged %s; stderr:\n%s", pubsub.acknowledged(SUBSCRIPTION), job.stderr())
          .that(System.currentTimeMillis())
          .isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private String publish(String entry, long millis) {
    return pubsub.enqueue(
        SUBSCRIPTION,
        entry.getBytes(StandardCharsets.UTF_8),
        Map.of(PubsubLogSource.TIMESTAMP_ATTRIBUTE, Timestamps.formatMillis(millis)));
  }

  private static String error(String id, String service, long millis) {
    return StreamingScriptIT.entry(id, service, "payment failed for order " + id, millis);
  }
}
