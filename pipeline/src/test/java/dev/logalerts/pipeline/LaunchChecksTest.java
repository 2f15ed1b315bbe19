package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory;
import org.apache.beam.sdk.extensions.gcp.options.GcpOptions;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryOptions;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class LaunchChecksTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @After
  public void stop() {
    release.countDown();
    if (server != null) {
      server.stop(0);
    }
  }

  private static LogAlertsOptions options() {
    LogAlertsOptions o = PipelineOptionsFactory.create().as(LogAlertsOptions.class);
    o.as(GcpOptions.class).setCredentialFactoryClass(NoopCredentialFactory.class);
    return o;
  }

  /** A BigQuery endpoint answering every request with {@code status}, or never (-1). */
  private String bigQuery(int status) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.createContext(
        "/",
        exchange -> {
          if (status < 0) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(Math.max(status, 200), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  public void inputMatchingNothingNamesThePattern() {
    LogAlertsOptions o = options();
    o.setInputFilePattern(tmp.getRoot() + "/nomatch/*.json");
    LaunchException e = assertThrows(LaunchException.class, () -> LaunchChecks.checkInput(o));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo("input pattern matches no file: " + tmp.getRoot() + "/nomatch/*.json");
  }

  @Test
  public void inputBytesOfUncompressedFilesOnly() throws Exception {
    Path a = tmp.newFile("a.jsonl").toPath();
    Files.writeString(a, "12345\n");
    assertThat(LaunchChecks.inputBytes(tmp.getRoot() + "/*.jsonl")).isEqualTo(6);
    tmp.newFile("b.jsonl.gz");
    assertThat(LaunchChecks.inputBytes(tmp.getRoot() + "/*")).isEqualTo(-1);
  }

  @Test
  public void rulesPathThatIsADirectory() {
    LaunchException e =
        assertThrows(
            LaunchException.class, () -> LaunchChecks.checkLocalRules(tmp.getRoot().toString()));
    assertThat(e).hasMessageThat().contains("it is a directory");
  }

  @Test
  public void datasetOfTableSpecs() {
    assertThat(LaunchChecks.datasetOf("p:d.t", null)).isEqualTo("p:d");
    assertThat(LaunchChecks.datasetOf("p.d.t", null)).isEqualTo("p:d");
    assertThat(LaunchChecks.datasetOf("d.t", "p")).isEqualTo("p:d");
    assertThat(LaunchChecks.datasetOf("t", "p")).isNull();
  }

  @Test
  public void reachableDatasetPasses() throws Exception {
    LogAlertsOptions o = options();
    o.as(BigQueryOptions.class).setBigQueryEndpoint(bigQuery(200));
    o.setAlertTable("proj:logalerts.alerts");
    LaunchChecks.checkBigQuery(o, 30);
  }

  @Test
  public void missingDatasetIsNamed() throws Exception {
    LogAlertsOptions o = options();
    o.as(BigQueryOptions.class).setBigQueryEndpoint(bigQuery(404));
    o.setNoisyLogTable("proj:logalerts.noisy_logs");
    LaunchException e =
        assertThrows(LaunchException.class, () -> LaunchChecks.checkBigQuery(o, 30));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "BigQuery dataset proj:logalerts (--noisyLogTable) cannot be reached: it does not"
                + " exist (HTTP 404)");
  }

  @Test
  public void unansweringBigQueryFailsWithinTheDeadline() throws Exception {
    LogAlertsOptions o = options();
    o.as(BigQueryOptions.class).setBigQueryEndpoint(bigQuery(-1));
    o.setAlertTable("proj:logalerts.alerts");
    long start = System.nanoTime();
    LaunchException e = assertThrows(LaunchException.class, () -> LaunchChecks.checkBigQuery(o, 2));
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(10.0);
    assertThat(e).hasMessageThat().contains("BigQuery dataset proj:logalerts (--alertTable)");
    assertThat(e).hasMessageThat().contains("no answer");
  }

  private static LogAlertsOptions streaming(String pubsubRootUrl) {
    LogAlertsOptions o = options();
    o.as(PubsubOptions.class).setPubsubRootUrl(pubsubRootUrl);
    o.setInputSubscription("projects/local-project/subscriptions/logs");
    o.setAlertTopic("projects/local-project/topics/alerts");
    return o;
  }

  @Test
  public void existingSubscriptionAndTopicPass() throws Exception {
    LaunchChecks.checkPubsub(streaming(bigQuery(200)), 30);
  }

  @Test
  public void deniedLookUpIsNoReasonToStop() throws Exception {
    // A subscriber or publisher role may not view what it uses: the job itself then tells.
    LaunchChecks.checkPubsub(streaming(bigQuery(403)), 30);
  }

  @Test
  public void missingSubscriptionIsNamed() throws Exception {
    LaunchException e =
        assertThrows(
            LaunchException.class, () -> LaunchChecks.checkPubsub(streaming(bigQuery(404)), 30));
    assertThat(e)
        .hasMessageThat()
        .startsWith(
            "Pub/Sub subscription projects/local-project/subscriptions/logs does not exist at"
                + " http://127.0.0.1:");
  }

  @Test
  public void pubsubEndpointThatIsDownOrSilentFailsWithinTheDeadline() throws Exception {
    LaunchException down =
        assertThrows(
            LaunchException.class,
            () -> LaunchChecks.checkPubsub(streaming("http://127.0.0.1:1"), 30));
    assertThat(down)
        .hasMessageThat()
        .startsWith("Pub/Sub at http://127.0.0.1:1 cannot be reached: ");
    long start = System.nanoTime();
    LaunchException silent =
        assertThrows(
            LaunchException.class, () -> LaunchChecks.checkPubsub(streaming(bigQuery(-1)), 2));
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(10.0);
    assertThat(silent).hasMessageThat().contains("no answer within 2 s");
  }

  @Test
  public void closedPortFailsFast() throws Exception {
    LogAlertsOptions o = options();
    o.as(BigQueryOptions.class).setBigQueryEndpoint("http://127.0.0.1:1");
    o.setDeadLetterTable("proj:logalerts.deadletter");
    LaunchException e =
        assertThrows(LaunchException.class, () -> LaunchChecks.checkBigQuery(o, 30));
    assertThat(e)
        .hasMessageThat()
        .startsWith("BigQuery dataset proj:logalerts (--deadLetterTable) cannot be reached: ");
  }

  @Test
  public void badSubscriptionIsAUsageError() {
    LogAlertsOptions o = options();
    o.setInputSubscription("projects/p/subscriptions/s");
    o.setAlertTopic("projects/test-project/topics/alerts");
    assertThat(
            assertThrows(CommandLine.UsageException.class, () -> LogAlertsPipeline.checkOptions(o)))
        .hasMessageThat()
        .startsWith("bad value for --inputSubscription: ");
  }

  @Test
  public void badTopicIsCalledATopic() {
    LogAlertsOptions o = options();
    o.setInputSubscription("projects/test-project/subscriptions/logs");
    o.setAlertTopic("projects/p/topics/alerts");
    String message =
        assertThrows(CommandLine.UsageException.class, () -> LogAlertsPipeline.checkOptions(o))
            .getMessage();
    assertThat(message).startsWith("bad value for --alertTopic: ");
    assertThat(message).contains("Pub/Sub topic: p");
    assertThat(message).doesNotContain("subscription");
  }

  @Test
  public void alertsOnlyJobIsValid() {
    LogAlertsOptions o = options();
    o.setInputSubscription("projects/test-project/subscriptions/logs");
    o.setAlertTopic("projects/test-project/topics/alerts");
    LogAlertsPipeline.checkOptions(o);
    LogAlertsOptions none = options();
    none.setInputSubscription("projects/test-project/subscriptions/logs");
    assertThat(assertThrows(LaunchException.class, () -> LogAlertsPipeline.checkOptions(none)))
        .hasMessageThat()
        .startsWith("no destination");
  }

  @Test
  public void noisyLogShardsBelowOneIsRefused() {
    LogAlertsOptions o = options();
    o.setInputSubscription("projects/test-project/subscriptions/logs");
    o.setAlertTopic("projects/test-project/topics/alerts");
    o.setNoisyLogShards(0);
    assertThat(assertThrows(LaunchException.class, () -> LogAlertsPipeline.checkOptions(o)))
        .hasMessageThat()
        .isEqualTo("bad value for --noisyLogShards: 0 (expected at least 1)");
  }

  /** Each number out of its range is refused at launch as a usage error naming the option. */
  @Test
  public void numbersOutOfRangeAreRefusedNamingTheOption() {
    List<Map.Entry<String, Consumer<LogAlertsOptions>>> bad = new ArrayList<>();
    bad.add(
        entry(
            "noisyLogWindowMinutes: 0 (expected at least 1)", o -> o.setNoisyLogWindowMinutes(0)));
    bad.add(entry("maxGroupsPerRule: 0 (expected at least 1)", o -> o.setMaxGroupsPerRule(0)));
    bad.add(
        entry(
            "maxKnownTemplatesPerGroup: 0 (expected at least 1)",
            o -> o.setMaxKnownTemplatesPerGroup(0)));
    bad.add(entry("maxEntryBytes: 100 (expected at least 1024)", o -> o.setMaxEntryBytes(100)));
    bad.add(
        entry("maxPayloadLeaves: 50001 (expected 0 to 50000)", o -> o.setMaxPayloadLeaves(50001)));
    bad.add(
        entry(
            "allowedLatenessMinutes: -1 (expected 0 or more)",
            o -> o.setAllowedLatenessMinutes(-1)));
    bad.add(
        entry(
            "noisyLogEarlyFiringMinutes: -1 (expected 0 or more)",
            o -> o.setNoisyLogEarlyFiringMinutes(-1)));
    bad.add(
        entry("noisyLogHotKeyFanout: -2 (expected 0 or more)", o -> o.setNoisyLogHotKeyFanout(-2)));
    bad.add(
        entry("rulesRefreshMinutes: -1 (expected 0 or more)", o -> o.setRulesRefreshMinutes(-1)));
    bad.add(
        entry(
            "alertEarlyFiringSeconds: -1 (expected 0 or more)",
            o -> o.setAlertEarlyFiringSeconds(-1)));
    bad.add(entry("alertHotKeyFanout: -1 (expected 0 or more)", o -> o.setAlertHotKeyFanout(-1)));
    bad.add(
        entry("alertSettleSeconds: 3601 (expected 0 to 3600)", o -> o.setAlertSettleSeconds(3601)));
    bad.add(
        entry(
            "alertEvaluationDelaySeconds: -5 (expected 0 to 86400)",
            o -> o.setAlertEvaluationDelaySeconds(-5)));
    bad.add(
        entry(
            "dedupeHorizonMinutes: -10 (expected 0 or more)", o -> o.setDedupeHorizonMinutes(-10)));
    bad.add(
        entry(
            "ingestionPricePerGib: -0.5 (expected a price of 0 or more, USD)",
            o -> o.setIngestionPricePerGib(-0.5)));
    bad.add(
        entry(
            "ingestionPricePerGib: NaN (expected a price of 0 or more, USD)",
            o -> o.setIngestionPricePerGib(Double.NaN)));
    for (Map.Entry<String, Consumer<LogAlertsOptions>> b : bad) {
      LogAlertsOptions o = options();
      o.setInputSubscription("projects/test-project/subscriptions/logs");
      o.setAlertTopic("projects/test-project/topics/alerts");
      LogAlertsPipeline.checkOptions(o); // the defaults are valid
      b.getValue().accept(o);
      assertThat(
              assertThrows(
                  CommandLine.UsageException.class, () -> LogAlertsPipeline.checkOptions(o)))
          .hasMessageThat()
          .isEqualTo("bad value for --" + b.getKey());
    }
    // The documented zeros are valid: no reload, no early firing, no fanout, free ingestion.
    LogAlertsOptions zeros = options();
    zeros.setInputSubscription("projects/test-project/subscriptions/logs");
    zeros.setAlertTopic("projects/test-project/topics/alerts");
    zeros.setRulesRefreshMinutes(0);
    zeros.setAlertEarlyFiringSeconds(0);
    zeros.setNoisyLogEarlyFiringMinutes(0);
    zeros.setNoisyLogHotKeyFanout(0);
    zeros.setIngestionPricePerGib(0.0);
    zeros.setAllowedLatenessMinutes(0);
    LogAlertsPipeline.checkOptions(zeros);
  }

  private static Map.Entry<String, Consumer<LogAlertsOptions>> entry(
      String message, Consumer<LogAlertsOptions> set) {
    return Map.entry(message, set);
  }
}
