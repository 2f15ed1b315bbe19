package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assert.assertThrows;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.model.Severity;
import dev.logalerts.model.Timestamps;
import dev.logalerts.parse.InvalidEntryException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class LogEntryParserTest {

  private final LogEntryParser parser = new LogEntryParser();

  static byte[] fixture(String name) {
    try (InputStream in = LogEntryParserTest.class.getResourceAsStream("/entries/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  private LogEvent parse(String json) throws InvalidEntryException {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A minimal valid entry with extra fields spliced in. */
  private static String entry(String fields) {
    return "{\"timestamp\":\"2026-11-20T00:00:00Z\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
  }

  private InvalidEntryException invalid(byte[] json) {
    return assertThrows(InvalidEntryException.class, () -> parser.parse(json));
  }

  private InvalidEntryException invalid(String json) {
    return invalid(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String payload(LogEvent e, String... path) {
    return e.payload().first(FieldValues.key(path));
  }

  // ---------------------------------------------------------------------------------------------
  // Fixtures: every payload kind

  @Test
  public void gkeTextPayload() throws Exception {
    byte[] bytes = fixture("gke-text.json");
    LogEvent e = parser.parse(bytes);
    assertThat(e.insertId()).isEqualTo("8x2kq4f3b1n7s");
    assertThat(e.timestampNanos()).isEqualTo(Timestamps.parse("2026-11-20T00:00:02.095084795Z"));
    assertThat(e.receiveTimestampNanos())
        .isEqualTo(Timestamps.parse("2026-11-20T00:00:03.512775113Z"));
    assertThat(e.severity()).isEqualTo(Severity.ERROR);
    assertThat(e.payloadKind()).isEqualTo(PayloadKind.TEXT);
    assertThat(e.message())
        .isEqualTo(
            "2026-11-20 00:00:02.095 ERROR [checkout] payment provider timeout after 30000 ms for"
                + " order 84213");
    assertThat(e.logName()).isEqualTo("projects/shop-prod/logs/stderr");
    assertThat(e.logId()).isEqualTo("stderr");
    assertThat(e.projectId()).isEqualTo("shop-prod");
    assertThat(e.resourceType()).isEqualTo("k8s_container");
    assertThat(e.resourceLabels()).containsEntry("pod_name", "checkout-7d9f8b6c5-x2x7q");
    assertThat(e.resourceLabels().keySet()).isInOrder();
    assertThat(e.labels()).containsEntry("k8s-pod/app", "checkout");
    assertThat(e.labels())
        .containsEntry(
            "compute.googleapis.com/resource_name", "gke-prod-gke-default-pool-1a2b3c4d-9xz1");
    assertThat(e.service()).isEqualTo("shop/checkout");
    assertThat(e.httpRequest()).isNull();
    assertThat(e.payload().size()).isEqualTo(0);
    assertThat(e.sizeBytes()).isEqualTo(bytes.length);
    assertThat(FieldPath.parse("labels.\"k8s-pod/app\"").value(e)).isEqualTo("checkout");
    assertThat(FieldPath.parse("textPayload").value(e)).startsWith("2026-11-20 00:00:02.095 ERROR");
  }

  @Test
  public void gkeJsonPayloadIsFlattened() throws Exception {
    LogEvent e = parser.parse(fixture("gke-json.json"));
    assertThat(e.payloadKind()).isEqualTo(PayloadKind.JSON);
    assertThat(e.message()).isEqualTo("cart updated");
    assertThat(e.severity()).isEqualTo(Severity.INFO);
    assertThat(e.timestampNanos()).isEqualTo(Timestamps.parse("2026-11-20T00:00:05.123456Z"));
    assertThat(e.service()).isEqualTo("shop/cart");
    assertThat(payload(e, "jsonPayload", "user", "id")).isEqualTo("u-42");
    assertThat(payload(e, "jsonPayload", "latency_ms")).isEqualTo("12.5"); // number as written
    assertThat(payload(e, "jsonPayload", "cached")).isEqualTo("false");
    assertThat(payload(e, "jsonPayload", "trace_ctx")).isEqualTo(""); // null → ""
    // Arrays become repeated keys, in document order.
    FieldPath sku = FieldPath.parse("jsonPayload.items.sku");
    assertThat(sku.anyValue(e, "B7"::equals)).isTrue();
    assertThat(sku.value(e)).isEqualTo("A1");
    FieldPath tags = FieldPath.parse("jsonPayload.tags");
    assertThat(tags.anyValue(e, "eu"::equals)).isTrue();
    assertThat(tags.anyValue(e, "us"::equals)).isFalse();
    // sourceLocation goes into the payload under its own name.
    assertThat(payload(e, "sourceLocation", "line")).isEqualTo("88");
    assertThat(payload(e, "sourceLocation", "function")).isEqualTo("cart.(*Handler).Update");
    assertThat(e.trace()).isEqualTo("projects/shop-prod/traces/0af7651916cd43dd8448eb211c80319c");
    assertThat(e.spanId()).isEqualTo("b7ad6b7169203331");
    assertThat(FieldPath.parse("jsonPayload.user").isPresent(e)).isTrue();
    // traceSampled, which the event has no slot for, is kept with the leaves for filters.
    assertThat(payload(e, "traceSampled")).isEqualTo("true");
    // 10 leaves: message, user.id, user.tier, 2x(sku, qty), 2 tags, latency, cached, trace_ctx,
    // caller + 3 sourceLocation + traceSampled
    assertThat(e.payload().size()).isEqualTo(17);
  }

  @Test
  public void loadBalancerRequestLog() throws Exception {
    LogEvent e = parser.parse(fixture("lb-request.json"));
    HttpRequest h = e.httpRequest();
    assertThat(h).isNotNull();
    assertThat(h.requestMethod()).isEqualTo("POST");
    assertThat(h.status()).isEqualTo(503);
    assertThat(h.requestSize()).isEqualTo(1532);
    assertThat(h.responseSize()).isEqualTo(212);
    assertThat(h.latencyNanos()).isEqualTo(2_350_417_000L);
    assertThat(h.remoteIp()).isEqualTo("203.0.113.7");
    assertThat(h.serverIp()).isEqualTo("10.8.0.12");
    assertThat(h.userAgent()).isEqualTo("Mozilla/5.0 (X11; Linux x86_64)");
    assertThat(h.referer()).isEqualTo("https://shop.example.com/cart");
    assertThat(h.protocol()).isEqualTo("HTTP/1.1");
    assertThat(h.cacheHit()).isFalse();
    assertThat(e.service()).isEqualTo("shop-checkout-backend");
    assertThat(e.severity()).isEqualTo(Severity.WARNING);
    // No message field in the payload: the request line, path without the query string.
    assertThat(e.message()).isEqualTo("POST /api/checkout 503");
    assertThat(payload(e, "jsonPayload", "statusDetails")).isEqualTo("response_sent_by_backend");
    assertThat(FieldPath.parse("httpRequest.latency").number(e)).isWithin(1e-9).of(2.350417);
  }

  @Test
  public void cloudRunRequestLog() throws Exception {
    LogEvent e = parser.parse(fixture("cloud-run-request.json"));
    assertThat(e.logId()).isEqualTo("run.googleapis.com/requests");
    assertThat(e.service()).isEqualTo("orders-api");
    assertThat(e.payloadKind()).isEqualTo(PayloadKind.NONE);
    assertThat(e.message()).isEqualTo("GET /v1/orders/84213 200");
    assertThat(e.httpRequest().latencyNanos()).isEqualTo(183_592_147L);
    assertThat(e.labels()).containsExactly("instanceId", "00c61b117c4b1b7b7a3c2e0a");
  }

  @Test
  public void auditLog() throws Exception {
    LogEvent e = parser.parse(fixture("audit-log.json"));
    assertThat(e.payloadKind()).isEqualTo(PayloadKind.PROTO);
    assertThat(e.logId()).isEqualTo("cloudaudit.googleapis.com/activity");
    assertThat(e.message())
        .isEqualTo(
            "google.cloud.sql.v1.SqlInstancesService.Delete: PERMISSION_DENIED caller lacks"
                + " permission");
    assertThat(e.service()).isEqualTo("shop-prod:orders-db");
    assertThat(payload(e, "protoPayload", "authenticationInfo", "principalEmail"))
        .isEqualTo("deploy-bot@shop-prod.iam.gserviceaccount.com");
    assertThat(payload(e, "protoPayload", "@type"))
        .isEqualTo("type.googleapis.com/google.cloud.audit.AuditLog");
    assertThat(payload(e, "protoPayload", "status", "code")).isEqualTo("7");
    assertThat(
            FieldPath.parse("protoPayload.authorizationInfo.granted").anyValue(e, "false"::equals))
        .isTrue();
  }

  @Test
  public void auditLogMessageForms() throws Exception {
    String proto =
        "\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
            + "\"serviceName\":\"storage.googleapis.com\",\"methodName\":\"storage.buckets.delete\"";
    assertThat(parse(entry(proto + "}")).message()).isEqualTo("storage.buckets.delete");
    assertThat(parse(entry(proto + ",\"status\":{}}")).message())
        .isEqualTo("storage.buckets.delete");
    assertThat(parse(entry(proto + ",\"status\":{\"code\":5}}")).message())
        .isEqualTo("storage.buckets.delete: NOT_FOUND");
    // Audit log on a resource type without its own rule: the API is the service.
    LogEvent e =
        parse(
            entry(
                proto
                    + "},\"resource\":{\"type\":\"project\",\"labels\":{\"project_id\":\"p\"}},"
                    + "\"logName\":\"projects/p/logs/cloudaudit.googleapis.com%2Fdata_access\""));
    assertThat(e.service()).isEqualTo("storage.googleapis.com");
  }

  @Test
  public void composerTaskLog() throws Exception {
    LogEvent e = parser.parse(fixture("composer-task.json"));
    assertThat(e.service()).isEqualTo("batch-env/daily_sales_rollup");
    assertThat(e.logId()).isEqualTo("airflow-worker");
    assertThat(e.severity()).isEqualTo(Severity.ERROR);
    assertThat(e.labels()).containsEntry("task-id", "load_orders");
    assertThat(e.message()).contains("Task failed with exception");
  }

  @Test
  public void appEngineRequestLog() throws Exception {
    LogEvent e = parser.parse(fixture("gae-request-log.json"));
    assertThat(e.payloadKind()).isEqualTo(PayloadKind.PROTO);
    assertThat(e.service()).isEqualTo("admin");
    assertThat(e.logId()).isEqualTo("appengine.googleapis.com/request_log");
    // The most severe line, first on ties.
    assertThat(e.message()).isEqualTo("index rebuild failed: DeadlineExceededError after 0.3s");
    assertThat(e.operationId()).isEqualTo("6543f2a100ff0a1b2c3d");
    assertThat(e.operationProducer()).isEqualTo("appengine.googleapis.com/request_id");
    assertThat(e.operationFirst()).isTrue();
    assertThat(e.operationLast()).isTrue();
    assertThat(e.httpRequest().status()).isEqualTo(500);
    assertThat(
            FieldPath.parse("protoPayload.line.logMessage")
                .anyValue(e, "second error line"::equals))
        .isTrue();
  }

  @Test
  public void appEngineRequestLogWithoutLines() throws Exception {
    LogEvent e =
        parse(
            entry(
                "\"protoPayload\":{\"@type\":\"type.googleapis.com/google.appengine.logging.v1.RequestLog\","
                    + "\"method\":\"GET\",\"resource\":\"/cron/cleanup?x=1\",\"status\":404,\"line\":[]}"));
    assertThat(e.message()).isEqualTo("GET /cron/cleanup 404");
  }

  // ---------------------------------------------------------------------------------------------
  // Message sources

  @Test
  public void messageFallbackOrder() throws Exception {
    assertThat(
            parse(entry("\"jsonPayload\":{\"msg\":\"m\",\"log\":\"l\",\"error\":\"e\"}")).message())
        .isEqualTo("m");
    assertThat(parse(entry("\"jsonPayload\":{\"log\":\"l\",\"error\":\"e\"}")).message())
        .isEqualTo("l");
    assertThat(parse(entry("\"jsonPayload\":{\"error\":\"boom\"}")).message()).isEqualTo("boom");
    assertThat(
            parse(entry("\"jsonPayload\":{\"error\":{\"code\":13,\"message\":\"db down\"}}"))
                .message())
        .isEqualTo("db down");
    assertThat(parse(entry("\"jsonPayload\":{\"message\":\"\",\"msg\":\"second\"}")).message())
        .isEqualTo("second");
    // A nested "message" is not the message: with no message field, the top-level keys are.
    assertThat(parse(entry("\"jsonPayload\":{\"a\":{\"message\":\"deep\"}}")).message())
        .isEqualTo("{a}");
    assertThat(
            parse(entry("\"jsonPayload\":{\"message\":\"x\"},\"httpRequest\":{\"status\":500}"))
                .message())
        .isEqualTo("x");
    assertThat(parse(entry("\"httpRequest\":{\"status\":500}")).message()).isEqualTo("500");
    assertThat(parse(entry("")).message()).isEmpty();
    assertThat(parse(entry("\"jsonPayload\":{}")).message()).isEmpty();
  }

  @Test
  public void jsonPayloadWithoutMessageFieldIsNamedByItsTopLevelKeys() throws Exception {
    // GKE cluster-autoscaler visibility: one kind of decision per top-level key.
    String scaleUp =
        "\"jsonPayload\":{\"decision\":{\"scaleUp\":{\"increasedMigs\":[{\"requestedNodes\":1}]}}}";
    assertThat(parse(entry(scaleUp)).message()).isEqualTo("{decision}");
    // Sorted, so serialisation order does not matter; at most four keys, the first four in
    // sorted order (not the first four met), so more keys in another order name the same shape.
    assertThat(parse(entry("\"jsonPayload\":{\"user\":\"u1\",\"action\":\"login\"}")).message())
        .isEqualTo("{action, user}");
    assertThat(parse(entry("\"jsonPayload\":{\"e\":1,\"d\":2,\"c\":3,\"b\":4,\"a\":5}")).message())
        .isEqualTo("{a, b, c, d, …}");
    assertThat(parse(entry("\"jsonPayload\":{\"c\":1,\"a\":2,\"e\":3,\"d\":4,\"b\":5}")).message())
        .isEqualTo("{a, b, c, d, …}");
    assertThat(parse(entry("\"jsonPayload\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5}")).message())
        .isEqualTo("{a, b, c, d, …}");
    // The keys are seen even when the rules keep no payload path.
    LogEntryParser selective = new LogEntryParser().withPayloadPaths(java.util.List.of());
    assertThat(selective.parse(entry(scaleUp).getBytes(StandardCharsets.UTF_8)).message())
        .isEqualTo("{decision}");
    // An empty or null message field is a message field: no shape.
    assertThat(parse(entry("\"jsonPayload\":{\"decision\":{},\"message\":null}")).message())
        .isEmpty();
    // A message field still wins, and a family's message comes first.
    assertThat(parse(entry("\"jsonPayload\":{\"decision\":{},\"msg\":\"m\"}")).message())
        .isEqualTo("m");
  }

  /** The message of an entry with this jsonPayload. */
  private String messageOf(String jsonPayload) throws InvalidEntryException {
    return parse(entry("\"jsonPayload\":" + jsonPayload)).message();
  }

  @Test
  public void everyListedMessageFieldGivesTheMessage() throws Exception {
    // The list noisy-log exclusions search agrees with what the parser reads.
    for (String field : LogEntryParser.JSON_MESSAGE_FIELDS) {
      String[] path = field.split("\\.");
      String payload = "\"text of " + field + "\"";
      for (int i = path.length - 1; i >= 0; i--) {
        payload = "{\"" + path[i] + "\":" + payload + "}";
      }
      assertWithMessage(field).that(messageOf(payload)).isEqualTo("text of " + field);
    }
  }

  @Test
  public void otherLoggersMessageKeys() throws Exception {
    // Windows event log through the Ops Agent's first receiver.
    assertThat(
            messageOf(
                "{\"Channel\":\"System\",\"EventID\":7036,\"Message\":\"The Windows Update"
                    + " service entered the stopped state.\"}"))
        .isEqualTo("The Windows Update service entered the stopped state.");
    // .NET's JSON console logger (Microsoft.Extensions.Logging).
    assertThat(
            messageOf(
                "{\"EventId\":0,\"LogLevel\":\"Information\",\"Category\":\"Api.Orders\","
                    + "\"Message\":\"Order 42 shipped\","
                    + "\"State\":{\"Message\":\"Order 42 shipped\",\"Id\":42}}"))
        .isEqualTo("Order 42 shipped");
    // Rust's tracing-subscriber JSON formatter: the message is in "fields".
    assertThat(
            messageOf(
                "{\"timestamp\":\"2026-03-04T11:12:13.123Z\",\"level\":\"ERROR\","
                    + "\"fields\":{\"message\":\"database connection lost\",\"retry\":3},"
                    + "\"target\":\"orders::db\"}"))
        .isEqualTo("database connection lost");
    assertThat(messageOf("{\"fields\":{\"count\":3},\"target\":\"orders::db\"}"))
        .isEqualTo("{fields, target}");
    // Serilog, compact and full JSON.
    assertThat(messageOf("{\"@t\":\"x\",\"@mt\":\"Done {N}\",\"@m\":\"Done 4\"}"))
        .isEqualTo("Done 4");
    assertThat(messageOf("{\"MessageTemplate\":\"Done {N}\",\"RenderedMessage\":\"Done 4\"}"))
        .isEqualTo("Done 4");
    // structlog: "event" is the message, before an "error" next to it.
    assertThat(messageOf("{\"event\":\"payment failed\",\"error\":\"timeout\"}"))
        .isEqualTo("payment failed");
    // The usual keys still come first; a non-string "event" is a key of the shape.
    assertThat(messageOf("{\"event\":\"e\",\"msg\":\"m\"}")).isEqualTo("m");
    assertThat(messageOf("{\"event\":{\"id\":1},\"level\":\"info\"}")).isEqualTo("{event, level}");
    assertThat(messageOf("{\"event\":7,\"level\":\"info\"}")).isEqualTo("{event, level}");
  }

  @Test
  public void aKeyThatNamesAMessageIsTheLastResortBeforeTheShape() throws Exception {
    assertThat(messageOf("{\"client_host\":\"10.0.0.7\",\"log.message\":\"Request 8f complete\"}"))
        .isEqualTo("Request 8f complete");
    assertThat(messageOf("{\"code\":13,\"errorMessage\":\"upstream reset\"}"))
        .isEqualTo("upstream reset");
    assertThat(messageOf("{\"version\":\"1.1\",\"short_message\":\"Disk full\"}"))
        .isEqualTo("Disk full");
    assertThat(messageOf("{\"@t\":\"x\",\"@mt\":\"User {UserId} signed in\",\"UserId\":5}"))
        .isEqualTo("User {UserId} signed in");
    assertThat(messageOf("{\"actor\":\"a\",\"content\":\"This is a json payload\"}"))
        .isEqualTo("This is a json payload");
    // Known keys come first whatever the order; only strings count; else the shape as before.
    assertThat(messageOf("{\"errorMessage\":\"e\",\"msg\":\"m\"}")).isEqualTo("m");
    assertThat(messageOf("{\"errorMessage\":\"e\",\"event\":\"v\"}")).isEqualTo("v");
    assertThat(messageOf("{\"count_msg\":5,\"level\":\"info\"}")).isEqualTo("{count_msg, level}");
    assertThat(messageOf("{\"body\":{\"id\":1},\"level\":\"info\"}")).isEqualTo("{body, level}");
    assertThat(messageOf("{\"errorMessage\":\"\",\"level\":\"info\"}"))
        .isEqualTo("{errorMessage, level}");
  }

  @Test
  public void aMessageFieldThatIsAnObjectGivesItsTextOrTheShape() throws Exception {
    // MongoDB through the Ops Agent: {"message": {"category": ..., "msg": "..."}}.
    assertThat(
            messageOf(
                "{\"component\":\"WTRECOV\",\"message\":{\"category\":\"WT_VERB\","
                    + "\"msg\":\"recovery log replay has finished\",\"ts_sec\":1753110028}}"))
        .isEqualTo("recovery log replay has finished");
    assertThat(messageOf("{\"message\":{\"text\":\"t\"}}")).isEqualTo("t");
    // The text under "message" comes before a msg field, as "message" itself does.
    assertThat(messageOf("{\"message\":{\"msg\":\"inner\"},\"msg\":\"outer\"}")).isEqualTo("inner");
    // Without text, the object is one of the payload's keys.
    assertThat(messageOf("{\"message\":{\"code\":7},\"user\":\"u1\",\"a\":[]}"))
        .isEqualTo("{a, message, user}");
    assertThat(messageOf("{\"message\":[\"x\"],\"b\":1}")).isEqualTo("{b, message}");
    // A msg field before the object still counts as the message field.
    assertThat(messageOf("{\"msg\":\"m\",\"message\":{\"code\":7}}")).isEqualTo("m");
  }

  // ---------------------------------------------------------------------------------------------
  // Odd but valid forms

  @Test
  public void timestampsWithZeroToNineFractionalDigits() throws Exception {
    long base = Timestamps.parse("2026-11-20T00:00:00Z");
    assertThat(parse("{\"timestamp\":\"2026-11-20T00:00:00Z\"}").timestampNanos()).isEqualTo(base);
    assertThat(parse("{\"timestamp\":\"2026-11-20T00:00:00.1Z\"}").timestampNanos())
        .isEqualTo(base + 100_000_000L);
    assertThat(parse("{\"timestamp\":\"2026-11-20T00:00:00.123456789Z\"}").timestampNanos())
        .isEqualTo(base + 123_456_789L);
    assertThat(parse("{\"timestamp\":\"2026-11-20T01:00:00+01:00\"}").timestampNanos())
        .isEqualTo(base);
  }

  @Test
  public void missingTimestampFallsBackToReceiveTimestamp() throws Exception {
    LogEvent e = parse("{\"receiveTimestamp\":\"2026-11-20T00:00:07.5Z\",\"timestamp\":null}");
    assertThat(e.timestampNanos()).isEqualTo(Timestamps.parse("2026-11-20T00:00:07.5Z"));
    assertThat(e.receiveTimestampNanos()).isEqualTo(e.timestampNanos());
    assertThat(parse(entry("")).receiveTimestampNanos()).isEqualTo(0L);
  }

  @Test
  public void severityForms() throws Exception {
    assertThat(parse(entry("")).severity()).isEqualTo(Severity.DEFAULT);
    assertThat(parse(entry("\"severity\":500")).severity()).isEqualTo(Severity.ERROR);
    assertThat(parse(entry("\"severity\":\"400\"")).severity()).isEqualTo(Severity.WARNING);
    assertThat(parse(entry("\"severity\":250")).severity()).isEqualTo(Severity.INFO);
    assertThat(parse(entry("\"severity\":0")).severity()).isEqualTo(Severity.DEFAULT);
    assertThat(parse(entry("\"severity\":800")).severity()).isEqualTo(Severity.EMERGENCY);
    assertThat(parse(entry("\"severity\":\"warn\"")).severity()).isEqualTo(Severity.WARNING);
    assertThat(parse(entry("\"severity\":\"Critical\"")).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(parse(entry("\"severity\":\"EMERGENCY\"")).severity()).isEqualTo(Severity.EMERGENCY);
    assertThat(parse(entry("\"severity\":\"NOTICE\"")).severity()).isEqualTo(Severity.NOTICE);
    // Unknown names are kept as DEFAULT rather than dropping the entry.
    assertThat(parse(entry("\"severity\":\"VERBOSE\"")).severity()).isEqualTo(Severity.DEFAULT);
    assertThat(parse(entry("\"severity\":null")).severity()).isEqualTo(Severity.DEFAULT);
  }

  @Test
  public void sizesAsStringsOrNumbers() throws Exception {
    HttpRequest a =
        parse(entry("\"httpRequest\":{\"requestSize\":\"123\",\"responseSize\":456789012345}"))
            .httpRequest();
    assertThat(a.requestSize()).isEqualTo(123);
    assertThat(a.responseSize()).isEqualTo(456_789_012_345L);
    HttpRequest largest =
        parse(
                entry(
                    "\"httpRequest\":{\"requestSize\":\"9223372036854775807\","
                        + "\"responseSize\":9223372036854775807}"))
            .httpRequest();
    assertThat(largest.requestSize()).isEqualTo(Long.MAX_VALUE);
    assertThat(largest.responseSize()).isEqualTo(Long.MAX_VALUE);
    assertThat(parse(entry("\"severity\":\" 500 \"")).severity()).isEqualTo(Severity.ERROR);
    HttpRequest b =
        parse(entry("\"httpRequest\":{\"status\":\"404\",\"latency\":\"3s\"}")).httpRequest();
    assertThat(b.status()).isEqualTo(404);
    assertThat(b.requestSize()).isEqualTo(HttpRequest.ABSENT);
    assertThat(b.latencyNanos()).isEqualTo(3_000_000_000L);
    HttpRequest c =
        parse(entry("\"httpRequest\":{\"latency\":\"0.000000001s\",\"cacheHit\":true,\"x\":[1]}"))
            .httpRequest();
    assertThat(c.latencyNanos()).isEqualTo(1L);
    assertThat(c.cacheHit()).isTrue();
  }

  @Test
  public void labelKeysWithSlashesAndDots() throws Exception {
    LogEvent e =
        parse(
            entry(
                "\"labels\":{\"k8s-pod/app\":\"web\",\"a.b.c\":\"x\",\"zz\":\"1\",\"aa\":\"2\"}"));
    assertThat(e.labels())
        .containsExactly("a.b.c", "x", "aa", "2", "k8s-pod/app", "web", "zz", "1")
        .inOrder();
    assertThat(FieldPath.parse("labels.a.b.c").value(e)).isEqualTo("x");
    assertThrows(UnsupportedOperationException.class, () -> e.labels().put("q", "r"));
  }

  @Test
  public void logNameUnderOrganizationsFoldersAndBillingAccounts() throws Exception {
    LogEvent org =
        parse(
            entry("\"logName\":\"organizations/1234567/logs/cloudaudit.googleapis.com%2Fpolicy\""));
    assertThat(org.logId()).isEqualTo("cloudaudit.googleapis.com/policy");
    // The entry's project is the logName's container, named as such for the others: org-level
    // rows do not share one empty project.
    assertThat(org.projectId()).isEqualTo("organizations/1234567");
    assertThat(org.service()).isEqualTo("cloudaudit.googleapis.com/policy");
    LogEvent folder = parse(entry("\"logName\":\"folders/42/logs/syslog\""));
    assertThat(folder.logId()).isEqualTo("syslog");
    assertThat(folder.projectId()).isEqualTo("folders/42");
    LogEvent billing = parse(entry("\"logName\":\"billingAccounts/0A-1B/logs/x%2By%20z\""));
    assertThat(billing.logId()).isEqualTo("x+y z");
    assertThat(billing.projectId()).isEqualTo("billingAccounts/0A-1B");
    LogEvent p = parse(entry("\"logName\":\"projects/my-proj/logs/my%2Flog\""));
    assertThat(p.projectId()).isEqualTo("my-proj");
    assertThat(p.logId()).isEqualTo("my/log");
    // The logName's project wins over resource.labels.project_id: it is where Cloud Logging
    // keeps and shows the entry (Dataflow's job-message entries carry the project number there).
    LogEvent q =
        parse(
            entry(
                "\"logName\":\"projects/host/logs/x\",\"resource\":{\"type\":\"global\","
                    + "\"labels\":{\"project_id\":\"svc\"}}"));
    assertThat(q.projectId()).isEqualTo("host");
    LogEvent dataflow =
        parse(
            entry(
                "\"logName\":\"projects/etl-prod/logs/dataflow.googleapis.com%2Fjob-message\","
                    + "\"resource\":{\"type\":\"dataflow_step\",\"labels\":{"
                    + "\"project_id\":\"482913705512\",\"job_name\":\"orders-daily\"}}"));
    assertThat(dataflow.projectId()).isEqualTo("etl-prod");
    // Without a logName container, resource.labels.project_id.
    LogEvent noLogName =
        parse(entry("\"resource\":{\"type\":\"global\",\"labels\":{\"project_id\":\"svc\"}}"));
    assertThat(noLogName.projectId()).isEqualTo("svc");
  }

  @Test
  public void unicodeIsKept() throws Exception {
    LogEvent e =
        parse(
            entry(
                "\"textPayload\":\"Zahlung fehlgeschlagen — ü 日本語 🚀"
                    + " \\u00e9\",\"labels\":{\"clé\":\"värde\"}"));
    assertThat(e.message()).isEqualTo("Zahlung fehlgeschlagen — ü 日本語 🚀 é");
    assertThat(e.labels()).containsEntry("clé", "värde");
    assertThat(e.sizeBytes())
        .isEqualTo(
            entry(
                    "\"textPayload\":\"Zahlung fehlgeschlagen — ü 日本語 🚀"
                        + " \\u00e9\",\"labels\":{\"clé\":\"värde\"}")
                .getBytes(StandardCharsets.UTF_8)
                .length);
  }

  @Test
  public void unknownFieldsAreIgnoredAndNullsAreAbsent() throws Exception {
    LogEvent e =
        parse(
            entry(
                "\"metadata\":{\"a\":[{\"b\":1}]},\"errorGroups\":[{\"id\":\"x\"}],\"apphub\":{},"
                    + "\"future\":\"x\",\"insertId\":null,\"resource\":{\"type\":\"gce_instance\","
                    + "\"extra\":[1,2],\"labels\":{\"instance_id\":\"123\",\"zone\":null}}"));
    assertThat(e.insertId()).isEmpty();
    assertThat(e.service()).isEqualTo("123");
    assertThat(e.resourceLabels()).containsExactly("instance_id", "123");
    assertThat(e.payload().size()).isEqualTo(0);
  }

  @Test
  public void splitGoesIntoPayload() throws Exception {
    LogEvent e =
        parse(
            entry(
                "\"split\":{\"uid\":\"abc\",\"index\":1,\"totalSplits\":3},\"textPayload\":\"t\""));
    assertThat(payload(e, "split", "uid")).isEqualTo("abc");
    assertThat(payload(e, "split", "totalSplits")).isEqualTo("3");
  }

  @Test
  public void payloadLeavesAreCapped() throws Exception {
    StringBuilder sb = new StringBuilder("\"jsonPayload\":{\"arr\":[");
    for (int i = 0; i < 2500; i++) {
      sb.append(i == 0 ? "" : ",").append(i);
    }
    sb.append("],\"message\":\"after the cap\"}");
    LogEvent e = parse(entry(sb.toString()));
    assertThat(e.payload().size()).isEqualTo(LogEntryParser.DEFAULT_MAX_PAYLOAD_LEAVES);
    assertThat(e.message()).isEqualTo("after the cap"); // still read past the cap
    LogEvent small =
        new LogEntryParser(1 << 20, 64, 3)
            .parse(
                entry("\"jsonPayload\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4}")
                    .getBytes(StandardCharsets.UTF_8));
    assertThat(small.payload().size()).isEqualTo(3);
    assertThat(small.payload().first("jsonPayload" + FieldValues.SEP + "d")).isNull();
  }

  /** The CIS 2.4 ownership-change filter's fields, after a 1,000-principal policy (twice). */
  private static final java.util.List<java.util.List<String>> BINDING_DELTAS =
      java.util.List.of(
          FieldPath.parse("protoPayload.serviceData.policyDelta.bindingDeltas.action").segments(),
          FieldPath.parse("protoPayload.serviceData.policyDelta.bindingDeltas.role").segments(),
          FieldPath.parse("protoPayload.serviceName").segments());

  private static String leafAt(LogEvent e, String path) {
    return e.payload().first(FieldValues.key(FieldPath.parse(path).segments()));
  }

  @Test
  public void leavesTheRulesReadAreKeptPastTheLeafLimit() throws Exception {
    byte[] audit = fixture("set-iam-policy-1000-principals.json");
    String action = "protoPayload.serviceData.policyDelta.bindingDeltas.action";
    // Without the rules' paths the first 2,000 leaves (the policy, twice) are all that is kept.
    LeavesLeftOut leftOut = new LeavesLeftOut();
    LogEvent capped = parser.parse(audit, leftOut);
    assertThat(capped.payload().size()).isEqualTo(LogEntryParser.DEFAULT_MAX_PAYLOAD_LEAVES);
    assertThat(leafAt(capped, action)).isNull();
    assertThat(leftOut.any()).isTrue();
    assertThat(leftOut.onRulePaths()).isFalse();

    LogEntryParser rules = parser.alwaysKeeping(BINDING_DELTAS);
    LogEvent e = rules.parse(audit, leftOut);
    assertThat(leafAt(e, action)).isEqualTo("ADD");
    assertThat(leafAt(e, "protoPayload.serviceData.policyDelta.bindingDeltas.role"))
        .isEqualTo("roles/owner");
    assertThat(leafAt(e, "protoPayload.serviceName"))
        .isEqualTo("cloudresourcemanager.googleapis.com");
    // Only the paths' leaves go past the limit (one delta: action, role; and serviceName).
    assertThat(e.payload().size()).isEqualTo(LogEntryParser.DEFAULT_MAX_PAYLOAD_LEAVES + 3);
    assertThat(leafAt(e, "protoPayload.serviceData.policyDelta.bindingDeltas.member")).isNull();
    assertThat(leftOut.any()).isTrue(); // the status, the delta's member: not on a path
    assertThat(leftOut.onRulePaths()).isFalse();
    assertThat(e.message()).isEqualTo(capped.message());
    assertThat(e.toBuilder().setPayload(capped.payload()).build()).isEqualTo(capped);

    // A small limit: the paths' leaves (a subtree, arrays, nulls) wherever they are.
    LogEntryParser three = new LogEntryParser(1 << 20, 64, 3);
    String json =
        entry(
            "\"jsonPayload\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4,"
                + "\"z\":{\"x\":[1,{\"y\":null}],\"w\":\"v\"},\"zz\":5}");
    LogEvent small =
        three
            .alwaysKeeping(java.util.List.of(java.util.List.of("jsonPayload", "z")))
            .parse(json.getBytes(StandardCharsets.UTF_8), leftOut);
    assertThat(small.payload().toString())
        .isEqualTo(
            "{jsonPayload.a=1, jsonPayload.b=2, jsonPayload.c=3, jsonPayload.z.w=v,"
                + " jsonPayload.z.x=1, jsonPayload.z.x.y=}");
    assertThat(FieldValues.isNull(leafAt(small, "jsonPayload.z.x.y"))).isTrue();
    assertThat(leftOut.any()).isTrue();
    assertThat(three.parse(json.getBytes(StandardCharsets.UTF_8)).payload().size()).isEqualTo(3);
    // Paths on other fields, or none, change nothing.
    LogEntryParser none =
        three.alwaysKeeping(java.util.List.of(java.util.List.of("httpRequest", "status")));
    assertThat(none.parse(json.getBytes(StandardCharsets.UTF_8)).payload().size()).isEqualTo(3);
  }

  @Test
  public void leavesLeftOutAreToldOnlyWhenALeafWasNotKept() throws Exception {
    LogEntryParser three = new LogEntryParser(1 << 20, 64, 3);
    LeavesLeftOut leftOut = new LeavesLeftOut();
    three.parse(
        entry("\"jsonPayload\":{\"a\":1,\"b\":2,\"c\":3}").getBytes(StandardCharsets.UTF_8),
        leftOut);
    assertThat(leftOut.any()).isFalse();
    // Empty objects and arrays past the limit hold no leaf: nothing is lost.
    three.parse(
        entry("\"jsonPayload\":{\"a\":1,\"b\":2,\"c\":3,\"d\":{},\"e\":[[],{\"f\":{}}]}")
            .getBytes(StandardCharsets.UTF_8),
        leftOut);
    assertThat(leftOut.any()).isFalse();
    // A leaf past the limit, as a scalar or inside a skipped subtree; the flag is per entry.
    for (String rest : new String[] {"\"d\":4", "\"d\":[[{\"e\":null}]]", "\"d\":{\"e\":\"x\"}"}) {
      three.parse(
          entry("\"jsonPayload\":{\"a\":1,\"b\":2,\"c\":3," + rest + "}")
              .getBytes(StandardCharsets.UTF_8),
          leftOut);
      assertWithMessage(rest).that(leftOut.any()).isTrue();
      three.parse(entry("\"textPayload\":\"t\"").getBytes(StandardCharsets.UTF_8), leftOut);
      assertThat(leftOut.any()).isFalse();
    }
    // withPayloadPaths leaves the other leaves out by choice: that is not a loss.
    three
        .withPayloadPaths(java.util.List.of(java.util.List.of("jsonPayload", "a")))
        .parse(
            entry("\"jsonPayload\":{\"a\":1,\"b\":2,\"c\":3,\"d\":{\"e\":1}}")
                .getBytes(StandardCharsets.UTF_8),
            leftOut);
    assertThat(leftOut.any()).isFalse();
  }

  @Test
  public void leavesOnTheRulesPathsStopAtTheHardLimit() throws Exception {
    int n = LogEntryParser.MAX_RULE_PATH_LEAVES + 10;
    StringBuilder sb = new StringBuilder("\"jsonPayload\":{\"a\":1,\"arr\":[");
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "" : ",").append(i % 10);
    }
    sb.append("],\"message\":\"after them\"}");
    byte[] json = entry(sb.toString()).getBytes(StandardCharsets.UTF_8);
    LeavesLeftOut leftOut = new LeavesLeftOut();
    LogEvent e =
        parser
            .alwaysKeeping(java.util.List.of(java.util.List.of("jsonPayload", "arr")))
            .parse(json, leftOut);
    assertThat(e.payload().size()).isEqualTo(LogEntryParser.MAX_RULE_PATH_LEAVES);
    assertThat(e.message()).isEqualTo("after them");
    assertThat(leftOut.any()).isTrue();
    assertThat(leftOut.onRulePaths()).isTrue();
    // The selection mode keeps its leaves up to the same limit.
    LogEvent selected =
        parser
            .withPayloadPaths(java.util.List.of(java.util.List.of("jsonPayload", "arr")))
            .parse(json, leftOut);
    assertThat(selected.payload().size()).isEqualTo(LogEntryParser.MAX_RULE_PATH_LEAVES);
    assertThat(leftOut.onRulePaths()).isTrue();
  }

  @Test
  public void payloadPathSelectionKeepsOnlySelectedLeaves() throws Exception {
    LogEntryParser selective =
        parser.withPayloadPaths(
            java.util.List.of(
                FieldPath.parse("protoPayload.authenticationInfo.principalEmail").segments(),
                FieldPath.parse("protoPayload.status").segments(),
                FieldPath.parse("jsonPayload.user").segments(),
                FieldPath.parse("httpRequest.status").segments())); // not a payload path: ignored
    LogEvent audit = selective.parse(fixture("audit-log.json"));
    LogEvent full = parser.parse(fixture("audit-log.json"));
    // The selected leaves, and those the audit family's message and template are made of, and
    // the caller its alert samples name.
    assertThat(audit.payload().toString())
        .isEqualTo(
            "{protoPayload.@type=type.googleapis.com/google.cloud.audit.AuditLog,"
                + " protoPayload.authenticationInfo.principalEmail=deploy-bot@shop-prod.iam.gserviceaccount.com,"
                + " protoPayload.methodName=google.cloud.sql.v1.SqlInstancesService.Delete,"
                + " protoPayload.requestMetadata.callerIp=192.0.2.44,"
                + " protoPayload.resourceName=instances/orders-db,"
                + " protoPayload.serviceName=cloudsql.googleapis.com, protoPayload.status.code=7,"
                + " protoPayload.status.message=caller lacks permission}");
    assertThat(full.payload().size()).isGreaterThan(audit.payload().size());
    assertThat(audit.message()).isEqualTo(full.message());
    assertThat(audit.service()).isEqualTo(full.service());
    assertThat(audit.toBuilder().setPayload(full.payload()).build()).isEqualTo(full);

    LogEvent json = selective.parse(fixture("gke-json.json"));
    assertThat(json.message()).isEqualTo("cart updated");
    assertThat(json.payload().toString())
        .isEqualTo(
            "{jsonPayload.message=cart updated, jsonPayload.user.id=u-42,"
                + " jsonPayload.user.tier=gold}");
    LogEvent gae = selective.parse(fixture("gae-request-log.json"));
    assertThat(gae.message()).isEqualTo(parser.parse(fixture("gae-request-log.json")).message());
    assertThat(gae.payload().first(FieldValues.key("protoPayload", "status"))).isEqualTo("500");
    assertThat(gae.payload().size())
        .isLessThan(parser.parse(fixture("gae-request-log.json")).payload().size());
    LogEvent err =
        selective.parse(
            entry(
                    "\"jsonPayload\":{\"error\":{\"message\":\"db down\",\"code\":[1,2],"
                        + "\"stack\":\"Error: db down\\n    at connect (db.js:3:9)\"}}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(err.message()).isEqualTo("db down");
    // The message and the stack trace beside it (its exception type goes into the template).
    assertThat(err.payload().toString())
        .isEqualTo(
            "{jsonPayload.error.message=db down,"
                + " jsonPayload.error.stack=Error: db down\n    at connect (db.js:3:9)}");
    // Wrong types and depth are still found in skipped subtrees' siblings and inside them.
    String deep = entry("\"jsonPayload\":{\"x\":" + "[".repeat(100) + "]".repeat(100) + "}");
    assertThat(
            assertThrows(
                    InvalidEntryException.class,
                    () -> selective.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .reason())
        .isEqualTo(Reason.TOO_DEEP);
  }

  @Test
  public void parserIsSerializable() throws Exception {
    LogEntryParser custom = new LogEntryParser(1000, 5);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bos)) {
      out.writeObject(custom);
    }
    LogEntryParser copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bos.toByteArray()))) {
      copy = (LogEntryParser) in.readObject();
    }
    assertThat(copy.maxEntryBytes()).isEqualTo(1000);
    assertThat(copy.parse(fixture("gke-text.json")).service()).isEqualTo("shop/checkout");
    String deep = entry("\"jsonPayload\":{\"a\":{\"b\":{\"c\":{\"d\":{}}}}}");
    assertThat(
            assertThrows(
                    InvalidEntryException.class,
                    () -> copy.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .reason())
        .isEqualTo(Reason.TOO_DEEP);
  }

  // ---------------------------------------------------------------------------------------------
  // Dead-letter reasons, each with its specific message

  @Test
  public void empty() {
    assertThat(invalid(new byte[0]).reason()).isEqualTo(Reason.EMPTY);
    InvalidEntryException e = invalid(" \r\n\t ");
    assertThat(e.reason()).isEqualTo(Reason.EMPTY);
    assertThat(e.code()).isEqualTo("empty");
  }

  @Test
  public void tooLarge() {
    LogEntryParser small = new LogEntryParser(100, 64);
    byte[] big =
        entry("\"textPayload\":\"" + "x".repeat(200) + "\"").getBytes(StandardCharsets.UTF_8);
    InvalidEntryException e = assertThrows(InvalidEntryException.class, () -> small.parse(big));
    assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
    assertThat(e.getMessage())
        .isEqualTo("entry is " + big.length + " bytes, more than the limit of 100 bytes");
  }

  @Test
  public void invalidUtf8() {
    byte[] ok = entry("\"textPayload\":\"ab\"").getBytes(StandardCharsets.UTF_8);
    int at = ok.length - 4; // the 'b'
    byte[][] bad = {
      {(byte) 0xff}, // never valid
      {(byte) 0xc0, (byte) 0xaf}, // overlong '/'
      {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, // overlong 3-byte
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // UTF-16 surrogate
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0x80}, // lone continuation
      {(byte) 0xe2, (byte) 0x82}, // truncated sequence
    };
    for (byte[] seq : bad) {
      byte[] json = new byte[ok.length + seq.length];
      System.arraycopy(ok, 0, json, 0, at);
      System.arraycopy(seq, 0, json, at, seq.length);
      System.arraycopy(ok, at, json, at + seq.length, ok.length - at);
      InvalidEntryException e = invalid(json);
      assertThat(e.reason()).isEqualTo(Reason.INVALID_UTF8);
      assertThat(e.getMessage()).startsWith("invalid UTF-8 sequence at byte offset " + at);
    }
    byte[] nul = ok.clone();
    nul[3] = 0;
    InvalidEntryException e = invalid(nul);
    assertThat(e.reason()).isEqualTo(Reason.INVALID_UTF8);
    assertThat(e.getMessage()).isEqualTo("NUL byte at byte offset 3");
  }

  @Test
  public void validUtf8PassesTheScan() {
    String s =
        "plain ascii long enough for the fast path; ü é 日本語 🚀 \u07ff \uffff \ud800\udc00 end";
    assertThat(Utf8.firstInvalid(s.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    assertThat(Utf8.firstInvalid("01234567\u0000".getBytes(StandardCharsets.UTF_8))).isEqualTo(8);
    assertThat(Utf8.firstInvalid("0123\u00004567".getBytes(StandardCharsets.UTF_8))).isEqualTo(4);
  }

  @Test
  public void invalidJson() {
    InvalidEntryException trunc =
        invalid("{\"timestamp\":\"2026-11-20T00:00:00Z\",\"textPayload\":\"ab");
    assertThat(trunc.reason()).isEqualTo(Reason.INVALID_JSON);
    assertThat(trunc.getMessage()).startsWith("invalid JSON at line 1, column ");
    assertThat(trunc.getMessage()).contains("end-of-input");

    InvalidEntryException garbage = invalid("{\"timestamp\":\"2026-11-20T00:00:00Z\"} x");
    assertThat(garbage.reason()).isEqualTo(Reason.INVALID_JSON);
    assertThat(garbage.getMessage())
        .startsWith("invalid JSON at line 1, column 39: Unrecognized token 'x'");

    InvalidEntryException second = invalid("{\"timestamp\":\"2026-11-20T00:00:00Z\"}\n{}");
    assertThat(second.reason()).isEqualTo(Reason.INVALID_JSON);
    assertThat(second.getMessage())
        .isEqualTo("trailing content after the JSON object at line 2, column 1");

    InvalidEntryException comma = invalid("{\"a\":1,,}");
    assertThat(comma.reason()).isEqualTo(Reason.INVALID_JSON);
    assertThat(comma.getMessage()).contains("line 1, column 9");
    assertThat(comma.getMessage()).doesNotContain("REDACTED");

    assertThat(invalid("hello").reason()).isEqualTo(Reason.INVALID_JSON);
    assertThat(invalid("{'a':1}").reason()).isEqualTo(Reason.INVALID_JSON);
  }

  @Test
  public void notAnObject() {
    InvalidEntryException e = invalid("[{\"timestamp\":\"2026-11-20T00:00:00Z\"}]");
    assertThat(e.reason()).isEqualTo(Reason.NOT_AN_OBJECT);
    // An array of objects is most likely entries sent together: said so.
    assertThat(e.getMessage())
        .isEqualTo(
            "expected a JSON object, got an array of objects: several entries in one message or"
                + " line? Each must hold one LogEntry, as a Logging sink publishes them; publish"
                + " (or write) the entries one by one");
    assertThat(invalid("[1]").getMessage()).isEqualTo("expected a JSON object, got an array");
    assertThat(invalid("\"text\"").getMessage()).isEqualTo("expected a JSON object, got a string");
    assertThat(invalid("42").getMessage()).isEqualTo("expected a JSON object, got a number");
    assertThat(invalid("null").reason()).isEqualTo(Reason.NOT_AN_OBJECT);
  }

  @Test
  public void tooDeepAnywhere() {
    String deepPayload = "\"jsonPayload\":" + "{\"a\":".repeat(70) + "1" + "}".repeat(70);
    InvalidEntryException e = invalid(entry(deepPayload));
    assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP);
    assertThat(e.getMessage()).startsWith("JSON nested deeper than 64 levels at line 1, column ");
    // also inside a skipped unknown field
    String deepUnknown = "\"future\":" + "[".repeat(100) + "]".repeat(100);
    assertThat(invalid(entry(deepUnknown)).reason()).isEqualTo(Reason.TOO_DEEP);
    // 64 levels in total is fine: the entry object + 63 nested
    String ok = "\"jsonPayload\":" + "{\"a\":".repeat(63) + "1" + "}".repeat(63);
    try {
      assertThat(parse(entry(ok)).payload().size()).isEqualTo(1);
    } catch (InvalidEntryException ex) {
      throw new AssertionError(ex);
    }
  }

  @Test
  public void missingTimestamp() {
    InvalidEntryException e = invalid("{\"textPayload\":\"x\"}");
    assertThat(e.reason()).isEqualTo(Reason.MISSING_TIMESTAMP);
    assertThat(e.getMessage()).isEqualTo("entry has neither timestamp nor receiveTimestamp");
    assertThat(invalid("{\"timestamp\":null,\"receiveTimestamp\":null}").reason())
        .isEqualTo(Reason.MISSING_TIMESTAMP);
  }

  @Test
  public void invalidTimestamp() {
    InvalidEntryException e = invalid("{\"timestamp\":\"2026-13-01T00:00:00Z\"}");
    assertThat(e.reason()).isEqualTo(Reason.INVALID_TIMESTAMP);
    assertThat(e.getMessage())
        .isEqualTo(
            "timestamp: '2026-13-01T00:00:00Z' is not an RFC 3339 timestamp (month 13 out of"
                + " range)");
    InvalidEntryException r =
        invalid("{\"timestamp\":\"2026-11-20T00:00:00Z\",\"receiveTimestamp\":\"yesterday\"}");
    assertThat(r.reason()).isEqualTo(Reason.INVALID_TIMESTAMP);
    assertThat(r.getMessage()).startsWith("receiveTimestamp: 'yesterday' is not an RFC 3339");
    assertThat(invalid("{\"timestamp\":\"2026-11-20T00:00:00.1234567890Z\"}").getMessage())
        .contains("more than 9 fractional digits");
    assertThat(invalid("{\"timestamp\":\"2026-11-20T00:00:00\"}").reason())
        .isEqualTo(Reason.INVALID_TIMESTAMP);
    InvalidEntryException n = invalid("{\"timestamp\":1763596800}");
    assertThat(n.reason()).isEqualTo(Reason.WRONG_TYPE);
    assertThat(n.getMessage())
        .isEqualTo("timestamp: expected an RFC 3339 timestamp string, got a number");
  }

  @Test
  public void wrongTypesNameTheField() {
    Map<String, String> cases = new TreeMap<>();
    cases.put("\"httpRequest\":\"GET /\"", "httpRequest: expected an object, got a string");
    cases.put("\"resource\":[]", "resource: expected an object, got an array");
    cases.put("\"severity\":{}", "severity: expected a severity name or number, got an object");
    cases.put(
        "\"httpRequest\":{\"status\":\"abc\"}",
        "httpRequest.status: expected an integer, got the string \"abc\"");
    cases.put(
        "\"httpRequest\":{\"status\":200.5}",
        "httpRequest.status: expected an integer, got a number");
    cases.put(
        "\"httpRequest\":{\"status\":1200}",
        "httpRequest.status: 1200 is not an HTTP status (0–999)");
    cases.put(
        "\"httpRequest\":{\"requestSize\":\"-5\"}",
        "httpRequest.requestSize: expected a non-negative int64, got the string \"-5\"");
    cases.put(
        "\"httpRequest\":{\"responseSize\":true}",
        "httpRequest.responseSize: expected an integer (string or number), got a boolean");
    cases.put(
        "\"httpRequest\":{\"latency\":\"fast\"}",
        "httpRequest.latency: 'fast' is not a Duration (Duration must end with 's')");
    cases.put(
        "\"httpRequest\":{\"latency\":0.5}",
        "httpRequest.latency: expected a Duration string like \"0.25s\", got a number");
    cases.put(
        "\"httpRequest\":{\"latency\":\"-1s\"}", "httpRequest.latency: negative Duration '-1s'");
    cases.put(
        "\"httpRequest\":{\"cacheHit\":\"yes\"}",
        "httpRequest.cacheHit: expected a boolean, got a string");
    cases.put("\"severity\":900", "severity: 900 is out of range 0–800");
    cases.put("\"severity\":-1", "severity: -1 is out of range 0–800");
    cases.put("\"severity\":\"1000\"", "severity: the string \"1000\" is out of range 0–800");
    cases.put("\"severity\":\" 900\"", "severity: the string \" 900\" is out of range 0–800");
    cases.put(
        "\"httpRequest\":{\"responseSize\":\"9223372036854775808\"}",
        "httpRequest.responseSize: expected a non-negative int64, got the string"
            + " \"9223372036854775808\"");
    cases.put("\"severity\":2.5", "severity: expected an integer 0–800, got 2.5");
    cases.put("\"labels\":{\"env\":3}", "labels.env: expected a string, got a number");
    cases.put(
        "\"labels\":{\"k8s-pod/app\":{\"x\":1}}",
        "labels.\"k8s-pod/app\": expected a string, got an object");
    cases.put(
        "\"resource\":{\"labels\":{\"zone\":[\"a\"]}}",
        "resource.labels.zone: expected a string, got an array");
    cases.put("\"resource\":{\"type\":7}", "resource.type: expected a string, got a number");
    cases.put("\"labels\":\"a=b\"", "labels: expected an object, got a string");
    cases.put("\"textPayload\":{\"a\":1}", "textPayload: expected a string, got an object");
    cases.put("\"jsonPayload\":\"{}\"", "jsonPayload: expected an object, got a string");
    cases.put("\"protoPayload\":[]", "protoPayload: expected an object, got an array");
    cases.put("\"sourceLocation\":\"a.go:1\"", "sourceLocation: expected an object, got a string");
    cases.put("\"split\":1", "split: expected an object, got a number");
    cases.put("\"insertId\":123", "insertId: expected a string, got a number");
    cases.put("\"logName\":[]", "logName: expected a string, got an array");
    cases.put("\"trace\":{}", "trace: expected a string, got an object");
    cases.put("\"spanId\":1", "spanId: expected a string, got a number");
    cases.put("\"traceSampled\":\"true\"", "traceSampled: expected a boolean, got a string");
    cases.put("\"operation\":\"op\"", "operation: expected an object, got a string");
    cases.put("\"operation\":{\"id\":1}", "operation.id: expected a string, got a number");
    cases.put(
        "\"operation\":{\"last\":\"yes\"}", "operation.last: expected a boolean, got a string");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      InvalidEntryException e = invalid(entry(c.getKey()));
      assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE);
      assertThat(e.code()).isEqualTo("wrong_type");
      assertThat(e.getMessage()).isEqualTo(c.getValue());
    }
  }
}
