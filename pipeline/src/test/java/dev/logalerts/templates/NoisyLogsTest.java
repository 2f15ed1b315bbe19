package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.alerting.MatchRuleFilters;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.Severity;
import dev.logalerts.model.Timestamps;
import dev.logalerts.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The volume account: complete (sum of counts = entries) in batch and with late data. */
@RunWith(JUnit4.class)
public class NoisyLogsTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static final long BASE = Timestamps.parse("2026-11-28T10:00:00Z") / 1_000_000L; // millis

  /** Stand-in miner until the real one lands: digit runs become placeholders. */
  static final class DigitMiner implements SerializableFunction<String, MessageTemplate> {
    @Override
    public MessageTemplate apply(String m) {
      String t = m.replaceAll("[0-9]+", "<*>");
      return MessageTemplate.of(dev.logalerts.model.Hashes.sha256Hex(16, t), t);
    }
  }

  static LogEvent text(String id, long millis, String service, Severity sev, String msg, int size) {
    return LogEvent.builder()
        .setInsertId(id)
        .setTimestampNanos(millis * 1_000_000L + 123_456L)
        .setReceiveTimestampNanos(millis * 1_000_000L)
        .setSeverity(sev)
        .setLogName("projects/shop/logs/stdout")
        .setLogId("stdout")
        .setProjectId("shop")
        .setResourceType("k8s_container")
        .setService(service)
        .setMessage(msg)
        .setPayloadKind(PayloadKind.TEXT)
        .setSizeBytes(size)
        .build();
  }

  static LogEvent request(String id, long millis, String method, String url, int status, int size) {
    return LogEvent.builder()
        .setInsertId(id)
        .setTimestampNanos(millis * 1_000_000L)
        .setSeverity(Severity.INFO)
        .setLogName("projects/shop/logs/requests")
        .setLogId("requests")
        .setProjectId("shop")
        .setResourceType("http_load_balancer")
        .setService("lb")
        .setHttpRequest(
            HttpRequest.builder()
                .setRequestMethod(method)
                .setRequestUrl(url)
                .setStatus(status)
                .build())
        .setSizeBytes(size)
        .build();
  }

  private NoisyLogs account() {
    return NoisyLogs.create().withMiner(new DigitMiner());
  }

  private static long sum(Iterable<NoisyLogRow> rows, boolean bytes) {
    long s = 0;
    for (NoisyLogRow r : rows) {
      s += bytes ? r.bytes() : r.count();
    }
    return s;
  }

  private static NoisyLogRow find(
      Iterable<NoisyLogRow> rows, String templatePrefix, long windowStart) {
    for (NoisyLogRow r : rows) {
      if (r.template().startsWith(templatePrefix) && r.windowStartMillis() == windowStart) {
        return r;
      }
    }
    throw new AssertionError("no row for " + templatePrefix + " at " + windowStart + " in " + rows);
  }

  @Test
  public void batchAccountIsComplete() {
    List<TimestampedValue<LogEvent>> in = new ArrayList<>();
    long expectedBytes = 0;
    int n = 0;
    // 50 cache misses in hour 1 (one service), with ids e-000..e-049 in shuffled order.
    for (int i = 49; i >= 0; i--) {
      LogEvent e =
          text(
              String.format("e-%03d", i),
              BASE + i * 60_000L,
              "cart",
              Severity.INFO,
              "Cache miss for key user-" + (1000 + i) + " in shard " + (i % 4),
              100 + i);
      in.add(TimestampedValue.of(e, e.eventTime()));
      expectedBytes += e.sizeBytes();
      n++;
    }
    // Same template, next hour; and an ERROR with a secret in it.
    for (int i = 0; i < 7; i++) {
      LogEvent e =
          text(
              "f-" + i,
              BASE + 3_600_000L + i * 1000L,
              "cart",
              Severity.INFO,
              "Cache miss for key user-" + i + " in shard 1",
              80);
      in.add(TimestampedValue.of(e, e.eventTime()));
      expectedBytes += 80;
      n++;
    }
    LogEvent secret =
        text(
            "s-1",
            BASE + 5_000L,
            "auth",
            Severity.ERROR,
            "login failed for bob@example.com password=hunter2 attempt 3",
            300);
    in.add(TimestampedValue.of(secret, secret.eventTime()));
    expectedBytes += 300;
    n++;
    // Request logs without message text: structural template.
    for (int i = 0; i < 5; i++) {
      LogEvent e =
          request(
              "r-" + i,
              BASE + i * 1000L,
              "GET",
              "https://shop.example/api/items/" + (4711 + i) + "?token=abc" + i,
              200 + i,
              500);
      in.add(TimestampedValue.of(e, e.eventTime()));
      expectedBytes += 500;
      n++;
    }
    final long entries = n;
    final long bytes = expectedBytes;

    PCollection<NoisyLogRow> rows =
        p.apply(Create.timestamped(in))
            .apply("Match", MatchRuleFilters.of(RuleSet.empty()))
            .apply("Account", account());
    PAssert.that(rows)
        .satisfies(
            rs -> {
              assertThat(sum(rs, false)).isEqualTo(entries);
              assertThat(sum(rs, true)).isEqualTo(bytes);
              NoisyLogRow miss = find(rs, "Cache miss", BASE);
              assertThat(miss.count()).isEqualTo(50);
              assertThat(miss.template()).isEqualTo("Cache miss for key user-<*> in shard <*>");
              assertThat(miss.sampleInsertIds())
                  .containsExactly("e-000", "e-001", "e-002")
                  .inOrder();
              assertThat(miss.sampleMessage()).isEqualTo("Cache miss for key user-1000 in shard 0");
              assertThat(miss.firstSeenNanos()).isEqualTo(BASE * 1_000_000L + 123_456L);
              assertThat(miss.lastSeenNanos())
                  .isEqualTo((BASE + 49 * 60_000L) * 1_000_000L + 123_456L);
              assertThat(miss.windowEndMillis() - miss.windowStartMillis()).isEqualTo(3_600_000L);
              assertThat(miss.paneTiming()).isEqualTo("ON_TIME");
              assertThat(miss.suggestedExclusion())
                  .isEqualTo(
                      "log_id(\"stdout\") AND resource.type=\"k8s_container\" AND severity=INFO AND"
                          + " textPayload=~\"(^\\\\s*|\\\")Cache\\\\s+miss\\\\s+for\\\\s+key"
                          + "\\\\s+user-\" AND textPayload:\"in shard\"");
              // 30 days / 1 h = 720 windows; bytes/GiB * 0.5 * 720.
              double cost = miss.bytes() / (1024.0 * 1024 * 1024) * 0.5 * 720;
              assertThat(miss.estMonthlyCostUsd()).isWithin(1e-6).of(cost);
              NoisyLogRow next = find(rs, "Cache miss", BASE + 3_600_000L);
              assertThat(next.count()).isEqualTo(7);
              assertThat(next.templateId()).isEqualTo(miss.templateId());
              assertThat(next.rowId()).isNotEqualTo(miss.rowId());

              NoisyLogRow err = find(rs, "login failed", BASE);
              assertThat(err.severity()).isEqualTo("ERROR");
              assertThat(err.service()).isEqualTo("auth");
              assertThat(err.sampleMessage()).doesNotContain("hunter2");
              assertThat(err.sampleMessage()).doesNotContain("bob@example.com");
              assertThat(err.sampleMessage()).contains("[REDACTED:password]");
              assertThat(err.suggestedExclusion()).doesNotContain("hunter2");

              // 5 request logs, statuses 200..204 → one 2xx template.
              NoisyLogRow req = find(rs, "GET ", BASE);
              assertThat(req.template()).isEqualTo("GET /api/items/<*> 2xx");
              assertThat(req.count()).isEqualTo(5);
              assertThat(req.sampleMessage()).doesNotContain("abc0");
              assertThat(req.suggestedExclusion())
                  .isEqualTo(
                      "log_id(\"requests\") AND resource.type=\"http_load_balancer\""
                          + " AND (resource.labels.backend_service_name=\"lb\""
                          + " OR resource.labels.url_map_name=\"lb\""
                          + " OR resource.labels.forwarding_rule_name=\"lb\")"
                          + " AND severity=INFO AND httpRequest.requestMethod=\"GET\""
                          + " AND httpRequest.requestUrl=~"
                          + "\"^([^/?#]*://[^/]*)?/api/items/[^/?#]+([?#].*)?$\""
                          + " AND httpRequest.status>=200 AND httpRequest.status<300");
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void streamingLateDataIsCountedOnce() {
    Duration window = Duration.standardMinutes(60);
    Duration lateness = Duration.standardMinutes(30);
    // On time: 10:05, 10:10, 10:15. Late (watermark at 11:05): 10:20 arriving 11:05.
    // Too late (watermark at 12:00, window closed at 11:30): 10:25 arriving 12:00.
    TestStream<LogEvent> stream =
        TestStream.create(dev.logalerts.model.LogEventCoder.of())
            .addElements(at(ev("a", 5, 6)), at(ev("b", 10, 11)), at(ev("c", 15, 16)))
            .advanceWatermarkTo(new Instant(BASE + 65 * 60_000L))
            .addElements(at(ev("d", 20, 65)), at(ev("e", 21, 65)))
            .advanceProcessingTime(Duration.standardMinutes(2))
            .advanceWatermarkTo(new Instant(BASE + 120 * 60_000L))
            .addElements(at(ev("f", 25, 120)))
            .advanceWatermarkToInfinity();
    PCollection<NoisyLogRow> rows =
        p.apply(stream)
            .apply("Match", MatchRuleFilters.of(RuleSet.empty()))
            .apply(
                "Account",
                account()
                    .withWindow(window)
                    .withAllowedLateness(lateness)
                    .withArrivalClock(e -> e.receiveTimestampNanos() / 1_000_000L));
    PAssert.that(rows)
        .satisfies(
            rs -> {
              assertThat(sum(rs, false)).isEqualTo(6);
              assertThat(sum(rs, true)).isEqualTo(6 * 10);
              long onTime = 0;
              long late = 0;
              long tooLate = 0;
              java.util.Set<String> ids = new java.util.HashSet<>();
              for (NoisyLogRow r : rs) {
                assertThat(r.windowStartMillis()).isEqualTo(BASE);
                assertThat(ids.add(r.rowId())).isTrue();
                switch (r.paneTiming()) {
                  case "ON_TIME":
                    onTime += r.count();
                    assertThat(r.paneIndex()).isEqualTo(0);
                    break;
                  case "LATE":
                    late += r.count();
                    assertThat(r.paneIndex()).isGreaterThan(0L);
                    break;
                  case "TOO_LATE":
                    tooLate += r.count();
                    assertThat(r.sampleInsertIds()).containsExactly("f");
                    break;
                  default:
                    throw new AssertionError(r.paneTiming());
                }
              }
              assertThat(onTime).isEqualTo(3);
              assertThat(late).isEqualTo(2);
              assertThat(tooLate).isEqualTo(1);
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(PipelineCounters.get(result, NoisyLogs.ENTRIES_COUNTER)).isEqualTo(6);
    assertThat(PipelineCounters.get(result, NoisyLogs.LATE_COUNTER)).isEqualTo(1);
  }

  /**
   * A one-minute window with two minutes of allowed lateness: entries that arrive on time are
   * counted in their window, not routed to TOO_LATE (the ten-minute margin that protects the
   * default hour of lateness is capped at half of it); one arriving after its window closed is.
   */
  @Test
  public void aShortWindowAndLatenessCountOnTimeEntriesInTheirWindow() {
    assertThat(NoisyLogs.decisionMargin(Duration.standardMinutes(60).getMillis()))
        .isEqualTo(NoisyLogs.SAFETY_MARGIN.getMillis());
    assertThat(NoisyLogs.decisionMargin(Duration.standardMinutes(2).getMillis()))
        .isEqualTo(60_000L);
    assertThat(NoisyLogs.decisionMargin(0)).isEqualTo(0);
    TestStream<LogEvent> stream =
        TestStream.create(dev.logalerts.model.LogEventCoder.of())
            .addElements(at(ev("a", 5, 5)), at(ev("b", 5, 6)))
            .advanceWatermarkTo(new Instant(BASE + 7 * 60_000L))
            .addElements(at(ev("late", 5, 9)))
            .advanceWatermarkToInfinity();
    PCollection<NoisyLogRow> rows =
        p.apply(stream)
            .apply("Match", MatchRuleFilters.of(RuleSet.empty()))
            .apply(
                "Account",
                account()
                    .withWindow(Duration.standardMinutes(1))
                    .withAllowedLateness(Duration.standardMinutes(2))
                    .withArrivalClock(e -> e.receiveTimestampNanos() / 1_000_000L));
    PAssert.that(rows)
        .satisfies(
            rs -> {
              long onTime = 0;
              long tooLate = 0;
              for (NoisyLogRow r : rs) {
                if (r.paneTiming().equals("TOO_LATE")) {
                  tooLate += r.count();
                } else {
                  onTime += r.count();
                }
              }
              assertThat(onTime).isEqualTo(2);
              assertThat(tooLate).isEqualTo(1);
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** An entry at BASE+minute written, arriving at BASE+arrivalMinute. */
  private static LogEvent ev(String id, int minute, int arrivalMinute) {
    return text(
            id,
            BASE + minute * 60_000L,
            "cart",
            Severity.WARNING,
            "Slow query took " + minute + " ms",
            10)
        .toBuilder()
        .setReceiveTimestampNanos((BASE + arrivalMinute * 60_000L) * 1_000_000L)
        .build();
  }

  private static TimestampedValue<LogEvent> at(LogEvent e) {
    return TimestampedValue.of(e, e.eventTime());
  }

  @Test
  public void rowCoderAndJson() throws Exception {
    NoisyLogRow row =
        NoisyLogRow.builder()
            .setRowId("abc")
            .setWindowStartMillis(BASE)
            .setWindowEndMillis(BASE + 3_600_000L)
            .setProjectId("shop")
            .setService("cart")
            .setResourceType("k8s_container")
            .setLogId("stdout")
            .setSeverity("INFO")
            .setTemplateId("t1")
            .setTemplate("Cache miss <*>")
            .setCount(3)
            .setBytes(300)
            .setSampleMessage("Cache miss 1 \"quoted\"")
            .setSampleInsertIds(List.of("a", "b"))
            .setFirstSeenNanos(BASE * 1_000_000L + 123_456_789L)
            .setLastSeenNanos(BASE * 1_000_000L + 999_000_000L)
            .setSuggestedExclusion("severity=INFO")
            .setEstMonthlyCostUsd(0.25)
            .setPaneTiming("ON_TIME")
            .setPaneIndex(0)
            .build();
    CoderProperties.coderDecodeEncodeEqual(NoisyLogRow.Coder.of(), row);
    CoderProperties.coderDeterministic(NoisyLogRow.Coder.of(), row, row);
    JsonNode json = new ObjectMapper().readTree(row.toJson());
    assertThat(json.get("window_start").asText()).isEqualTo("2026-11-28T10:00:00Z");
    assertThat(json.get("first_seen").asText()).isEqualTo("2026-11-28T10:00:00.123456Z");
    assertThat(json.get("last_seen").asText()).isEqualTo("2026-11-28T10:00:00.999Z");
    assertThat(json.get("count").asLong()).isEqualTo(3);
    assertThat(json.get("sample_insert_ids").size()).isEqualTo(2);
    assertThat(json.get("sample_message").asText()).isEqualTo("Cache miss 1 \"quoted\"");
    Map<String, Object> tableRow = new TreeMap<>(row.toTableRow());
    java.util.Set<String> jsonFields = new java.util.TreeSet<>();
    json.fieldNames().forEachRemaining(jsonFields::add);
    assertThat(tableRow.keySet()).containsExactlyElementsIn(jsonFields);
  }

  @Test
  public void requiredBucketLogsCostNothingAndHaveNoExclusion() {
    // Admin Activity audit logs are stored free in _Required and no exclusion applies to them:
    // they were priced at the ingestion price and offered as savings.
    LogEvent activity =
        text("a-1", BASE, "iam", Severity.NOTICE, "SetIamPolicy on project shop", 4000).toBuilder()
            .setLogName("projects/shop/logs/cloudaudit.googleapis.com%2Factivity")
            .setLogId("cloudaudit.googleapis.com/activity")
            .build();
    LogEvent stdout =
        text("s-1", BASE, "iam", Severity.NOTICE, "SetIamPolicy on project shop", 4000);
    PCollection<NoisyLogRow> rows =
        p.apply(
                Create.timestamped(
                    List.of(
                        TimestampedValue.of(activity, activity.eventTime()),
                        TimestampedValue.of(stdout, stdout.eventTime()))))
            .apply("Match", MatchRuleFilters.of(RuleSet.empty()))
            .apply("Account", account());
    PAssert.that(rows)
        .satisfies(
            rs -> {
              int n = 0;
              for (NoisyLogRow r : rs) {
                n++;
                if (r.logId().equals("cloudaudit.googleapis.com/activity")) {
                  assertThat(r.estMonthlyCostUsd()).isEqualTo(0.0);
                  assertThat(r.suggestedExclusion()).isEmpty();
                } else {
                  assertThat(r.estMonthlyCostUsd()).isGreaterThan(0.0);
                  assertThat(r.suggestedExclusion()).contains("log_id(\"stdout\")");
                }
              }
              assertThat(n).isEqualTo(2);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void requestPathsAreNormalised() {
    assertThat(RequestTemplates.normalisePath("/api/v1/users/12345/orders/9f8e7d6c5b4a"))
        .isEqualTo("/api/v1/users/<*>/orders/<*>");
    assertThat(RequestTemplates.normalisePath("/")).isEqualTo("/");
    assertThat(RequestTemplates.normalisePath("/static/app.js")).isEqualTo("/static/app.js");
    assertThat(RequestTemplates.normalisePath("/u/bob@example.com")).isEqualTo("/u/<*>");
    assertThat(RequestTemplates.statusClass(0)).isEqualTo("-");
    assertThat(RequestTemplates.statusClass(503)).isEqualTo("5xx");
  }

  /** A managed instance group's generated VM-name suffix, as the service scope selects it. */
  private static final String MIG_SUFFIX =
      "([a-z0-9]([a-z][0-9][a-z]|[0-9][a-z][0-9])|([a-z][0-9][a-z]|[0-9][a-z][0-9])[a-z0-9]"
          + "|[a-z][0-9]{2}[a-z]|[0-9][a-z]{2}[0-9])";

  @Test
  public void exclusionPiecesComeFromTheSample() {
    NoisyKey key = NoisyKey.of("p", "s", "gce_instance", "syslog", Severity.ERROR, "t");
    String q =
        SuggestedExclusion.build(
            key,
            "Disk <*> is <*>% full on \"node\" [REDACTED:token] ok",
            "jsonPayload.msg",
            "Disk sda1 is 93% full on \"node\" token=abc ok");
    assertThat(q)
        .isEqualTo(
            "log_id(\"syslog\") AND resource.type=\"gce_instance\" AND"
                + " (labels.\"compute.googleapis.com/resource_name\"=~\"^s(-"
                + MIG_SUFFIX
                + ")?$\" OR protoPayload.resourceName=~\"/instances/s(-"
                + MIG_SUFFIX
                + ")?(/|$)\" OR jsonPayload._HOSTNAME=~\"^s(-"
                + MIG_SUFFIX
                + ")?([.]|$)\" OR resource.labels.instance_id=\"s\" OR"
                + " labels.instance_name=~\"^s(-"
                + MIG_SUFFIX
                + ")?$\" OR labels.\"compute.googleapis.com/instance_group_manager/name\"=\"s\""
                + " OR protoPayload.metadata.instance_group_manager_name=\"s\" OR"
                + " protoPayload.status.message=~\"^Instance Group Manager [']([^']*/)?s'\") AND"
                + " severity=ERROR AND"
                + " jsonPayload.msg:\"Disk\" AND jsonPayload.msg:\"% full on \\\"node\\\"\"");
    assertThat(FieldValues.SEP).isNotNull();
  }
}
