package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.logalerts.alerting.MatchRuleFilters;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.RuleSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * With the real miner and the real filter language: each row's suggested exclusion compiles and
 * matches exactly the entries of its own template in a mixed corpus — its sample entries, and not
 * the neighbours ("Cache hit" vs "Cache miss", "VM started" vs "VM paused").
 */
@RunWith(JUnit4.class)
public class NoisyLogsExclusionTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final long BASE = NoisyLogsTest.BASE;

  /** The resource label each type's service comes from, as the parser would derive "svc". */
  private static final java.util.Map<String, String> SERVICE_LABEL =
      java.util.Map.of(
          "cloud_run_revision", "service_name",
          "k8s_cluster", "cluster_name",
          "http_load_balancer", "backend_service_name");

  private static LogEvent.Builder base(
      String id, int second, Severity sev, String logId, String resource) {
    return LogEvent.builder()
        .setInsertId(id)
        .setTimestampNanos((BASE + second * 1000L) * 1_000_000L)
        .setSeverity(sev)
        .setLogName("projects/shop/logs/" + logId)
        .setLogId(logId)
        .setProjectId("shop")
        .setResourceType(resource)
        .setResourceLabels(
            SERVICE_LABEL.containsKey(resource)
                ? java.util.Map.of(SERVICE_LABEL.get(resource), "svc")
                : java.util.Map.of())
        .setService("svc")
        .setSizeBytes(100);
  }

  private static LogEvent text(String id, int second, Severity sev, String msg) {
    return base(id, second, sev, "stdout", "k8s_container")
        .setMessage(msg)
        .setPayloadKind(PayloadKind.TEXT)
        .build();
  }

  private static LogEvent json(String id, int second, String msg) {
    return base(id, second, Severity.WARNING, "app", "cloud_run_revision")
        .setMessage(msg)
        .setPayloadKind(PayloadKind.JSON)
        .setPayload(
            FieldValues.builder()
                .add(FieldValues.key("jsonPayload", "msg"), msg)
                .add(FieldValues.key("jsonPayload", "order"), "42")
                .build())
        .build();
  }

  /** A JSON entry without a message field: the parser names it by its top-level key. */
  private static LogEvent shape(String id, int second, String key) {
    return base(id, second, Severity.INFO, "autoscaler", "k8s_cluster")
        .setMessage("{" + key + "}")
        .setPayloadKind(PayloadKind.JSON)
        .setPayload(
            FieldValues.builder()
                .add(FieldValues.key("jsonPayload", key, "measureTime"), "1")
                .build())
        .build();
  }

  private static LogEvent request(String id, int second, String method, String url, int status) {
    HttpRequest h =
        HttpRequest.builder().setRequestMethod(method).setRequestUrl(url).setStatus(status).build();
    String line = method + " " + h.path() + " " + status; // what the parser makes of it
    return base(id, second, Severity.INFO, "requests", "http_load_balancer")
        .setMessage(line)
        .setPayloadKind(PayloadKind.JSON)
        .setHttpRequest(h)
        .build();
  }

  /** A load balancer's request for / with its statusDetails and, denied, Cloud Armor's verdict. */
  private static LogEvent lbRequest(String id, int second, int status, String details) {
    FieldValues.Builder payload =
        FieldValues.builder().add(FieldValues.key("jsonPayload", "statusDetails"), details);
    if (status == 403) {
      payload
          .add(FieldValues.key("jsonPayload", "enforcedSecurityPolicy", "name"), "denylist")
          .add(FieldValues.key("jsonPayload", "enforcedSecurityPolicy", "outcome"), "DENY");
    }
    HttpRequest h =
        HttpRequest.builder()
            .setRequestMethod("GET")
            .setRequestUrl("https://shop.example/")
            .setStatus(status)
            .build();
    return base(id, second, Severity.INFO, "requests", "http_load_balancer")
        .setMessage("GET / " + status)
        .setPayloadKind(PayloadKind.JSON)
        .setPayload(payload.build())
        .setHttpRequest(h)
        .build();
  }

  static List<LogEvent> corpus() {
    List<LogEvent> c = new ArrayList<>();
    // A JSON message that is all constant text was excluded as a substring of a longer one's.
    for (int i = 0; i < 2; i++) {
      c.add(json("warm-" + i, i, "Cache warmed"));
      c.add(json("tenant-" + i, i, "Cache warmed for tenant " + (40 + i)));
    }
    // Cloud Armor's denials and the backend's own 404s for one URL: one exclusion removed both.
    for (int i = 0; i < 2; i++) {
      c.add(lbRequest("armor-" + i, i, 403, "denied_by_security_policy"));
      c.add(lbRequest("backend-" + i, i, 404, "response_sent_by_backend"));
    }
    // A build's one-word lines and the line that says why it failed: the "ERROR" row's exclusion
    // was textPayload:"ERROR", which removed the failure line too.
    for (int i = 0; i < 2; i++) {
      c.add(text("word-" + i, i, Severity.INFO, "ERROR"));
      c.add(
          text(
              "why-" + i,
              i,
              Severity.INFO,
              "ERROR: build step "
                  + i
                  + " \"gcr.io/cloud-builders/docker\" failed: step exited"
                  + " with non-zero status: 125"));
    }
    for (int i = 0; i < 4; i++) {
      c.add(text("hit-" + i, i, Severity.INFO, "Cache hit for key user:" + (100 + i) + " in 3ms"));
      c.add(
          text("miss-" + i, i, Severity.INFO, "Cache miss for key user:" + (200 + i) + " in 12ms"));
      c.add(
          text(
              "start-" + i,
              i,
              Severity.NOTICE,
              "VM started instance-" + i + " zone=europe-west1-b"));
      c.add(
          text(
              "pause-" + i,
              i,
              Severity.NOTICE,
              "VM paused instance-" + i + " zone=europe-west1-b"));
      c.add(
          json("pay-" + i, i, "payment declined for order " + (5000 + i) + ": insufficient funds"));
      c.add(
          request(
              "get-" + i,
              i,
              "GET",
              "https://shop.example/api/items/" + (7 + i) + "?ref=mail",
              200));
      c.add(request("post-" + i, i, "POST", "https://shop.example/api/cart", 503));
      c.add(
          text(
              "trace-" + i,
              i,
              Severity.ERROR,
              "Request failed: upstream timeout after "
                  + (30 + i)
                  + "s\n"
                  + "java.net.SocketTimeoutException: Read timed out\n"
                  + "\tat java.net.SocketInputStream.read(SocketInputStream.java:"
                  + (150 + i)
                  + ")\n"
                  + "\tat com.shop.Client.call(Client.java:88)"));
    }
    c.add(shape("decision-1", 1, "decision"));
    c.add(shape("decision-2", 2, "decision"));
    c.add(shape("no-decision", 3, "noDecisionStatus"));
    // Same text as "Cache hit" but another severity: a different row and exclusion.
    c.add(text("hit-warn", 9, Severity.WARNING, "Cache hit for key user:999 in 3ms"));
    return c;
  }

  @Test
  public void exclusionsMatchTheirOwnEntriesOnly() {
    List<LogEvent> corpus = corpus();
    List<TimestampedValue<LogEvent>> in = new ArrayList<>();
    for (LogEvent e : corpus) {
      in.add(TimestampedValue.of(e, e.eventTime()));
    }
    PCollection<NoisyLogRow> rows =
        p.apply(Create.timestamped(in))
            .apply("Match", MatchRuleFilters.of(RuleSet.empty()))
            .apply("Account", NoisyLogs.create());
    PAssert.that(rows)
        .satisfies(
            rs -> {
              List<LogEvent> all = corpus(); // rebuilt: LogEvent is not Serializable
              int n = 0;
              long total = 0;
              for (NoisyLogRow r : rs) {
                n++;
                total += r.count();
                CompiledFilter f = Filter.compile(r.suggestedExclusion());
                Set<String> matched = new HashSet<>();
                for (LogEvent e : all) {
                  if (f.test(e)) {
                    matched.add(e.insertId());
                  }
                }
                assertWithMessage(
                        "exclusion %s of %s matches its samples",
                        r.suggestedExclusion(), r.template())
                    .that(matched)
                    .containsAtLeastElementsIn(r.sampleInsertIds());
                assertWithMessage(
                        "exclusion %s of %s (%s entries)",
                        r.suggestedExclusion(), r.template(), r.count())
                    .that(matched.size())
                    .isEqualTo((int) r.count());
              }
              assertThat(total).isEqualTo(all.size());
              // 15 text, JSON and request templates (2 of a build log, 2 of a load balancer's
              // requests for /, 2 JSON messages), 2 JSON shapes
              assertThat(n).isEqualTo(17);
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** The leak corpus: input messages and the secrets that must not survive (tab-separated file). */
  static List<String[]> leaks() {
    List<String[]> out = new ArrayList<>();
    try (java.io.BufferedReader r =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(
                NoisyLogsExclusionTest.class.getResourceAsStream("/redaction/leaks.txt"),
                java.nio.charset.StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", 3);
        String msg = cols[2];
        if (msg.endsWith(" @multiline")) {
          msg = msg.substring(0, msg.length() - 11).replace("\\n", "\n");
        }
        out.add(new String[] {msg, cols[1]});
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }

  @Test
  public void exclusionsOnOtherLoggersMessageKeysMatchTheirEntry() throws Exception {
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    dev.logalerts.parse.LogEntryParser parser = new dev.logalerts.parse.LogEntryParser();
    for (String key : List.of("Message", "@m", "RenderedMessage", "event")) {
      String json =
          "{\"insertId\":\"x\",\"logName\":\"projects/p/logs/app\",\"timestamp\":"
              + "\"2026-11-20T00:00:00Z\",\"resource\":{\"type\":\"gce_instance\"},"
              + "\"jsonPayload\":{\"level\":\"info\",\""
              + key
              + "\":\"Processed order 42 in 12 ms\"}}";
      LogEvent e = parser.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      org.apache.beam.sdk.values.KV<NoisyKey, NoisyEntry> kv =
          keyFn.apply(dev.logalerts.model.MatchedEvent.of(e, "test", List.of()));
      assertThat(kv.getValue().messageField())
          .isEqualTo(SuggestedExclusion.WHOLE + "jsonPayload." + key);
      String exclusion =
          SuggestedExclusion.build(
              kv.getKey(), kv.getValue().template(), kv.getValue().messageField(), e.message());
      assertWithMessage(exclusion).that(exclusion).contains(key);
      assertWithMessage(exclusion).that(Filter.compile(exclusion).test(e)).isTrue();
    }
  }

  @Test
  public void exclusionsOnKeysThatNameAMessageMatchTheirEntryOnly() throws Exception {
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    dev.logalerts.parse.LogEntryParser parser = new dev.logalerts.parse.LogEntryParser();
    String[][] cases = {
      {"log.message", "jsonPayload.\"log.message\""},
      {"errorMessage", "jsonPayload.errorMessage"},
      {"short_message", "jsonPayload.short_message"},
      {"body", "jsonPayload.body"},
    };
    String entry =
        "{\"insertId\":\"x\",\"logName\":\"projects/p/logs/app\",\"timestamp\":"
            + "\"2026-11-20T00:00:00Z\",\"resource\":{\"type\":\"gce_instance\"},"
            + "\"jsonPayload\":{\"client_host\":\"10.0.0.7\",\"%s\":\"Request %s %s\"}}";
    for (String[] c : cases) {
      LogEvent done =
          parser.parse(String.format(entry, c[0], "8f41c2", "complete").getBytes(UTF_8));
      LogEvent failed =
          parser.parse(String.format(entry, c[0], "9a01d7", "failed").getBytes(UTF_8));
      assertThat(done.message()).isEqualTo("Request 8f41c2 complete");
      org.apache.beam.sdk.values.KV<NoisyKey, NoisyEntry> kv =
          keyFn.apply(dev.logalerts.model.MatchedEvent.of(done, "test", List.of()));
      assertThat(kv.getValue().messageField()).isEqualTo(c[1]);
      String exclusion =
          SuggestedExclusion.build(
              kv.getKey(), kv.getValue().template(), kv.getValue().messageField(), done.message());
      assertWithMessage(exclusion).that(exclusion).contains(c[1]);
      assertWithMessage(exclusion).that(Filter.compile(exclusion).test(done)).isTrue();
      assertWithMessage(exclusion).that(Filter.compile(exclusion).test(failed)).isFalse();
    }
  }

  @Test
  public void noSecretReachesAnyColumn() {
    List<TimestampedValue<LogEvent>> in = new ArrayList<>();
    int i = 0;
    for (String[] leak : leaks()) {
      LogEvent e = text("leak-" + i, i++, Severity.ERROR, leak[0]);
      in.add(TimestampedValue.of(e, e.eventTime()));
    }
    final int entries = i;
    PCollection<NoisyLogRow> rows =
        p.apply(Create.timestamped(in))
            .apply("Match", MatchRuleFilters.of(RuleSet.empty()))
            .apply("Account", NoisyLogs.create());
    PAssert.that(rows)
        .satisfies(
            rs -> {
              long total = 0;
              for (NoisyLogRow r : rs) {
                total += r.count();
                String stored =
                    r.template() + "\n" + r.sampleMessage() + "\n" + r.suggestedExclusion();
                for (String[] leak : leaks()) {
                  for (String secret : leak[1].split("\\|")) {
                    assertWithMessage("secret %s in row %s", secret, stored)
                        .that(stored)
                        .doesNotContain(secret);
                  }
                }
              }
              assertThat(total).isEqualTo(entries);
              return null;
            });
    p.run().waitUntilFinish();
  }
}
