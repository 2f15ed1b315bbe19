package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.notifier.Delivery.Outcome;
import dev.logalerts.notifier.Notifier.Ack;
import dev.logalerts.notifier.Notifier.Report;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The Alertmanager receiver against a real Alertmanager (Debian's {@code prometheus-alertmanager},
 * which {@code .ci/run} installs): it accepts every alert the notifier posts, keeps an incident
 * active between the pipeline's notifications, ends it at its RESOLVED, and groups a storm — 30
 * groups of one rule firing at once — into one notification, which is what a team routes the alert
 * topic through it for. Skipped when the binary is missing, except in CI ({@code CI=true}), where
 * it fails.
 */
@RunWith(JUnit4.class)
public class RealAlertmanagerTest {
  private static final int GROUPS = 30;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private final CaptureServer hooks = new CaptureServer();
  private final HttpClient http = HttpClient.newHttpClient();
  private Process alertmanager;
  private String base;
  private Path amLog;

  public RealAlertmanagerTest() throws IOException {}

  private static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"prometheus-alertmanager", "alertmanager"}) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Path.of(dir, name).toString();
        }
      }
    }
    return null;
  }

  @Before
  public void startAlertmanager() throws Exception {
    String bin = binary();
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (bin == null && ci) {
      assertWithMessage(
              "CI=true but no Alertmanager on PATH (.ci/run installs the Debian package"
                  + " prometheus-alertmanager)")
          .fail();
    }
    Assume.assumeTrue("no Alertmanager on PATH", bin != null);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    base = "http://127.0.0.1:" + port;
    Path config = tmp.newFile("alertmanager.yml").toPath();
    Files.writeString(
        config,
        String.join(
            "\n",
            "route:",
            "  receiver: hook",
            "  group_by: [alertname]",
            "  group_wait: 4s",
            "  group_interval: 1s",
            "  repeat_interval: 1h",
            "receivers:",
            "  - name: hook",
            "    webhook_configs:",
            "      - url: " + hooks.url("/am-hook"),
            "        send_resolved: true",
            ""));
    amLog = tmp.newFile("alertmanager.log").toPath();
    alertmanager =
        new ProcessBuilder(
                bin,
                "--config.file=" + config,
                "--storage.path=" + tmp.newFolder("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(amLog.toFile())
            .start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        if (get("/-/ready").statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      assertWithMessage("Alertmanager not ready in 30 s: " + Files.readString(amLog))
          .that(System.nanoTime() < deadline && alertmanager.isAlive())
          .isTrue();
      Thread.sleep(100);
    }
  }

  @After
  public void stop() throws Exception {
    hooks.close();
    if (alertmanager != null) {
      alertmanager.destroy();
      alertmanager.waitFor();
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private List<JsonNode> activeAlerts() throws Exception {
    HttpResponse<String> r = get("/api/v2/alerts?active=true&silenced=false&inhibited=false");
    assertThat(r.statusCode()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    AlertMessage.MAPPER.readTree(r.body()).forEach(out::add);
    return out;
  }

  private Notifier notifier(ByteArrayOutputStream logs) throws Exception {
    NotifierConfig config =
        ConfigLoader.parse(
            "n.yaml",
            String.join(
                "\n",
                "receivers:",
                "  - {name: am, alertmanager: {url: \"" + base + "\"}}",
                "routes: [{match: {}, receivers: [am]}]",
                ""),
            Map.<String, String>of()::get);
    Redactor redactor = new Redactor(config.secrets());
    Log log = new Log(new PrintStream(logs, true), redactor);
    Delivery delivery =
        new Delivery(HttpClient.newHttpClient(), config.delivery(), d -> {}, redactor, log);
    DeadLetters dlq = new DeadLetters.File(tmp.getRoot().toPath().resolve("dead-letters.jsonl"));
    return new Notifier(config, delivery, dlq, log);
  }

  private static String alert(int i, String state, long sequence) {
    ObjectNode o = TestAlerts.tree(String.format("%032x", i + 1), state, "error");
    o.put("sequence", sequence);
    o.putObject("group").put("jsonPayload.tenant", String.format("tenant-%02d", i));
    // As in a streaming run: the FIRING leaves seconds after the window that crossed. (An alert
    // that started longer than group_wait ago is flushed at once: it has waited already.)
    o.put("firstSeen", Instant.now().minusSeconds(1).toString());
    o.put("windowEnd", Instant.now().minusSeconds(1).toString());
    return o.toString();
  }

  /** The notifications Alertmanager's webhook has sent so far, as JSON. */
  private List<JsonNode> notifications() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (CaptureServer.Captured c : hooks.requests("/am-hook")) {
      out.add(AlertMessage.MAPPER.readTree(c.body()));
    }
    return out;
  }

  @Test
  public void aStormOfGroupsIsOneNotificationAndAResolvedEndsItsAlert() throws Exception {
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    Notifier notifier = notifier(logs);
    for (int i = 0; i < GROUPS; i++) {
      Report r = notifier.handle(alert(i, "FIRING", 1), Map.of());
      assertWithMessage(logs.toString()).that(r.ack()).isEqualTo(Ack.ACK);
      assertWithMessage(logs.toString())
          .that(r.attempts().get(0).result().outcome())
          .isEqualTo(Outcome.SENT);
    }
    List<JsonNode> active = activeAlerts();
    assertWithMessage(active.toString()).that(active).hasSize(GROUPS);
    JsonNode first =
        active.stream()
            .filter(a -> a.path("labels").path("jsonPayload_tenant").asText().equals("tenant-00"))
            .findFirst()
            .orElseThrow();
    assertThat(first.path("labels").path("alertname").asText()).isEqualTo("repeated-errors");
    assertThat(first.path("labels").path("alert_id").asText()).isEqualTo(String.format("%032x", 1));
    assertThat(first.path("annotations").path("runbook_url").asText())
        .isEqualTo("https://runbooks.example.com/log-alerts/repeated-errors");
    // Active until the resolve timeout (24 h), not Alertmanager's own 5 minutes.
    assertThat(Instant.parse(first.path("endsAt").asText()))
        .isGreaterThan(Instant.now().plusSeconds(23 * 3600));

    long deadline = System.nanoTime() + 20_000_000_000L;
    while (notifications().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    List<JsonNode> sent = notifications();
    assertWithMessage("no notification from Alertmanager: " + Files.readString(amLog))
        .that(sent)
        .isNotEmpty();
    JsonNode storm = sent.get(0);
    assertThat(storm.path("status").asText()).isEqualTo("firing");
    assertThat(storm.path("groupLabels").toString())
        .isEqualTo("{\"alertname\":\"repeated-errors\"}");
    assertThat(storm.path("alerts").size()).isEqualTo(GROUPS); // one message, not 30

    Report resolved = notifier.handle(alert(7, "RESOLVED", 2), Map.of());
    assertThat(resolved.attempts().get(0).result().outcome()).isEqualTo(Outcome.SENT);
    List<String> stillActive = new ArrayList<>();
    for (JsonNode a : activeAlerts()) {
      stillActive.add(a.path("labels").path("jsonPayload_tenant").asText());
    }
    assertThat(stillActive).hasSize(GROUPS - 1);
    assertThat(stillActive).doesNotContain("tenant-07");
    deadline = System.nanoTime() + 20_000_000_000L;
    boolean toldResolved = false;
    while (!toldResolved && System.nanoTime() < deadline) {
      for (JsonNode n : notifications()) {
        for (JsonNode a : n.path("alerts")) {
          toldResolved |=
              a.path("status").asText().equals("resolved")
                  && a.path("labels").path("jsonPayload_tenant").asText().equals("tenant-07");
        }
      }
      Thread.sleep(200);
    }
    assertWithMessage("Alertmanager never sent tenant-07's resolution").that(toldResolved).isTrue();
  }
}
