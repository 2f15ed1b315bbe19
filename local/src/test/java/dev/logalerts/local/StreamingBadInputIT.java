package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.model.Timestamps;
import dev.logalerts.testing.FakePubsubServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The streaming job of {@code scripts/run-local.sh --subscription=...} fed what a real log topic
 * carries besides good entries: bytes that are not JSON, an empty message, a JSON array, an object
 * without a timestamp, invalid UTF-8, an entry above {@code maxEntryBytes}, truncated JSON, a wrong
 * field type, an unparseable timestamp, an entry base64-encoded or gzip-compressed before
 * publishing, a redelivered entry, and entries whose Cloud Logging timestamp attribute is missing
 * or broken.
 *
 * <p>One job runs for all of them, because what is under test is that one bad message among good
 * ones neither stops the job nor disturbs the alerts: each bad message becomes exactly one
 * dead-letter row (its exact bytes, its attributes, a {@code [code]} reason and no stack trace),
 * every message is acknowledged (an unacknowledged one would come back forever), good entries are
 * never dead-lettered, a redelivery is counted once, and a broken attribute costs an entry only its
 * event-time source, not its place in the count.
 */
@RunWith(JUnit4.class)
public class StreamingBadInputIT extends AgainstFakePubsub {
  private static final String SUBSCRIPTION = LocalStreamingJob.SUBSCRIPTION;
  private static final String TOPIC = LocalStreamingJob.TOPIC;
  private static final String CASE = "test-case";
  private static final int THRESHOLD = 3;
  private static final int MAX_ENTRY_BYTES = 2048;

  /**
   * A timestamp attribute that parses but is far behind the watermark: the entry's own timestamp
   * must still place it, and a dead letter must still be written.
   */
  private static final String EPOCH = "1970-01-01T00:00:01Z";

  /** For pulled messages to be acknowledged, alerts published and dead letters on disk. */
  private static final long SETTLE_MILLIS = 45_000;

  /**
   * After everything settled: more than one evaluation period (10 s) and dead-letter flush (2 s),
   * so a late duplicate row or a wrong alert of the quiet service would have shown up.
   */
  private static final long QUIET_MILLIS = 15_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static String error(String id, String service, long millis) {
    return StreamingScriptIT.entry(id, service, "payment failed for order " + id, millis);
  }

  /** Cloud Logging's sink attribute plus the case name (kept on dead-letter rows). */
  private static Map<String, String> sinkAttributes(String name, String timestamp) {
    Map<String, String> attributes = new TreeMap<>();
    attributes.put(CASE, name);
    if (timestamp != null) {
      attributes.put(PubsubLogSource.TIMESTAMP_ATTRIBUTE, timestamp);
    }
    return attributes;
  }

  @Test
  public void badMessagesAreDeadLetteredOnceAndGoodOnesStillAlert() throws Exception {
    job =
        LocalStreamingJob.start(tmp, pubsub, "2m", THRESHOLD, "--maxEntryBytes=" + MAX_ENTRY_BYTES);
    Path out = job.out;
    long started = System.currentTimeMillis();

    long now = System.currentTimeMillis();
    String nowText = Timestamps.formatMillis(now);
    List<String> ids = new ArrayList<>();

    // Good entries. checkout: exactly THRESHOLD distinct errors, one of them also redelivered in
    // the same pull, one with a broken timestamp attribute and one with an attribute far behind
    // the watermark → one FIRING whose value is THRESHOLD (a counted redelivery would make it
    // more; a lost entry, no alert). quiet: one error short of the threshold, and later (once
    // the first was processed, as after an expired ack deadline) a redelivery of one → no alert
    // unless the redelivery is counted.
    Map<String, byte[]> good = new LinkedHashMap<>();
    good.put("checkout-1", bytes(error("checkout-1", "checkout", now)));
    good.put("checkout-2", bytes(error("checkout-2", "checkout", now + 1)));
    good.put("checkout-3", bytes(error("checkout-3", "checkout", now + 2)));
    good.put("quiet-1", bytes(error("quiet-1", "quiet", now)));
    good.put("quiet-2", bytes(error("quiet-2", "quiet", now + 1)));
    ids.add(
        pubsub.enqueue(
            SUBSCRIPTION, good.get("checkout-1"), sinkAttributes("checkout-1", nowText)));
    ids.add(
        pubsub.enqueue(
            SUBSCRIPTION, good.get("checkout-1"), sinkAttributes("checkout-1", nowText)));
    ids.add(
        pubsub.enqueue(
            SUBSCRIPTION, good.get("checkout-2"), sinkAttributes("checkout-2", "not-a-timestamp")));
    ids.add(
        pubsub.enqueue(SUBSCRIPTION, good.get("checkout-3"), sinkAttributes("checkout-3", EPOCH)));
    ids.add(pubsub.enqueue(SUBSCRIPTION, good.get("quiet-1"), sinkAttributes("quiet-1", nowText)));
    ids.add(pubsub.enqueue(SUBSCRIPTION, good.get("quiet-2"), sinkAttributes("quiet-2", null)));

    // Bad messages, each with the reason code its dead-letter row must carry.
    Map<String, byte[]> bad = new LinkedHashMap<>();
    Map<String, String> reasons = new HashMap<>();
    bad.put("not-json", bytes("this is not json"));
    reasons.put("not-json", "invalid_json");
    bad.put("empty", new byte[0]);
    reasons.put("empty", "empty");
    bad.put("array", bytes("[" + error("array-1", "checkout", now) + "]"));
    reasons.put("array", "not_an_object");
    bad.put("no-timestamp", bytes("{\"insertId\":\"nt\",\"textPayload\":\"x\"}"));
    reasons.put("no-timestamp", "missing_timestamp");
    byte[] utf8 = bytes(error("utf8-1", "checkout", now).replace("payment", "pay\u0001ment"));
    int at = new String(utf8, StandardCharsets.ISO_8859_1).indexOf('\u0001');
    utf8[at] = (byte) 0xC3; // a lead byte followed by 'm': not UTF-8
    bad.put("invalid-utf8", utf8);
    reasons.put("invalid-utf8", "invalid_utf8");
    bad.put(
        "too-large",
        bytes(StreamingScriptIT.entry("big-1", "checkout", "x".repeat(2 * MAX_ENTRY_BYTES), now)));
    reasons.put("too-large", "too_large");
    String whole = error("cut-1", "checkout", now);
    bad.put("truncated", bytes(whole.substring(0, whole.length() / 2)));
    reasons.put("truncated", "invalid_json");
    bad.put(
        "wrong-type",
        bytes(
            "{\"insertId\":\"wt\",\"timestamp\":\""
                + nowText
                + "\",\"severity\":\"ERROR\",\"httpRequest\":\"GET /\"}"));
    reasons.put("wrong-type", "wrong_type");
    bad.put(
        "bad-timestamp",
        bytes("{\"insertId\":\"bt\",\"timestamp\":\"yesterday\",\"severity\":\"ERROR\"}"));
    reasons.put("bad-timestamp", "invalid_timestamp");
    bad.put("json-null", bytes("null"));
    reasons.put("json-null", "not_an_object");
    bad.put(
        "too-deep",
        bytes(
            "{\"timestamp\":\""
                + nowText
                + "\",\"jsonPayload\":"
                + "{\"a\":".repeat(70)
                + "1"
                + "}".repeat(71)));
    reasons.put("too-deep", "too_deep");
    bad.put(
        "year-0001",
        bytes(
            "{\"insertId\":\"y1\",\"timestamp\":\"0001-01-01T00:00:00Z\",\"severity\":\"ERROR\"}"));
    reasons.put("year-0001", "invalid_timestamp");
    // Encoded once more than Pub/Sub does: base64 text of an entry (a publisher that encodes the
    // data itself, https://github.com/googleapis/google-cloud-python/issues/6127), gzip bytes.
    bad.put("base64", Base64.getEncoder().encode(good.get("checkout-1")));
    reasons.put("base64", "invalid_json");
    bad.put("gzip", gzip(good.get("checkout-2")));
    reasons.put("gzip", "invalid_utf8");
    // Other publishers' messages on the log topic: a bucket's notifications (payload format
    // JSON_API_V1, and NONE: attributes only;
    // https://cloud.google.com/storage/docs/pubsub-notifications),
    // a CloudEvent (the JSON event format's example,
    // https://github.com/cloudevents/spec/blob/main/cloudevents/formats/json-format.md), and two
    // entries sent as one message.
    Map<String, Map<String, String>> extra = new HashMap<>();
    Map<String, String> storage = new TreeMap<>();
    storage.put("notificationConfig", "projects/_/buckets/shop-uploads/notificationConfigs/1");
    storage.put("eventType", "OBJECT_FINALIZE");
    storage.put("bucketId", "shop-uploads");
    storage.put("objectId", "invoices/2026-12-05.csv");
    storage.put("objectGeneration", "1764900000000000");
    storage.put("eventTime", nowText);
    bad.put(
        "storage-notification",
        bytes(
            "{\"kind\": \"storage#object\", \"id\":"
                + " \"shop-uploads/invoices/2026-12-05.csv/1764900000000000\", \"selfLink\":"
                + " \"https://www.googleapis.com/storage/v1/b/shop-uploads/o/invoices%2F2026-12-05.csv\","
                + " \"name\": \"invoices/2026-12-05.csv\", \"bucket\": \"shop-uploads\","
                + " \"generation\": \"1764900000000000\", \"metageneration\": \"1\","
                + " \"contentType\": \"text/csv\", \"timeCreated\": \""
                + nowText
                + "\", \"updated\": \""
                + nowText
                + "\", \"size\": \"22099\"}"));
    reasons.put("storage-notification", "not_a_log_entry");
    Map<String, String> json = new TreeMap<>(storage);
    json.put("payloadFormat", "JSON_API_V1");
    extra.put("storage-notification", json);
    bad.put("storage-notification-none", new byte[0]);
    reasons.put("storage-notification-none", "empty");
    Map<String, String> none = new TreeMap<>(storage);
    none.put("payloadFormat", "NONE");
    extra.put("storage-notification-none", none);
    bad.put(
        "cloudevent",
        bytes(
            "{\"specversion\" : \"1.0\", \"type\" : \"com.example.someevent\", \"source\" :"
                + " \"/mycontext\", \"id\" : \"A234-1234-1234\", \"time\" : \""
                + nowText
                + "\", \"datacontenttype\" : \"application/json\", \"data\" : {\"appinfoA\" :"
                + " \"abc\"}}"));
    reasons.put("cloudevent", "not_a_log_entry");
    bad.put(
        "batch",
        bytes(
            "["
                + error("batch-1", "checkout", now)
                + ","
                + error("batch-2", "checkout", now)
                + "]"));
    reasons.put("batch", "not_an_object");
    for (Map.Entry<String, byte[]> b : bad.entrySet()) {
      // Half carry the sink's attribute (Cloud Logging's own publishes), half do not (by hand).
      String attribute =
          b.getKey().equals("json-null") ? EPOCH : ids.size() % 2 == 0 ? nowText : null;
      Map<String, String> attributes = sinkAttributes(b.getKey(), attribute);
      attributes.putAll(extra.getOrDefault(b.getKey(), Map.of()));
      ids.add(pubsub.enqueue(SUBSCRIPTION, b.getValue(), attributes));
    }

    FakePubsubServer.Message firing = job.awaitFiring("checkout", SETTLE_MILLIS);
    List<JsonNode> deadLetters = awaitDeadLetters(out.resolve("deadletter"), bad.size());
    // quiet-1 again, in a later bundle than the first copy: what the dedupe state must catch.
    ids.add(pubsub.enqueue(SUBSCRIPTION, good.get("quiet-1"), sinkAttributes("quiet-1", nowText)));
    System.out.println(
        "bad-input IT: unacknowledged once processed: "
            + pubsub.unackedMessageIds(SUBSCRIPTION)
            + " of "
            + ids);
    int trailers = awaitAcknowledged(ids);
    long settled = System.currentTimeMillis() - started;
    System.out.println(
        "bad-input IT: FIRING, dead letters and every message acknowledged ("
            + trailers
            + " trailer entries) in "
            + settled
            + " ms after launch (+"
            + QUIET_MILLIS
            + " ms quiet to follow)");
    Thread.sleep(QUIET_MILLIS);

    assertWithMessage("the job stopped; stderr:\n%s", job.stderr()).that(job.isAlive()).isTrue();
    // Nothing redelivered forever: every message acknowledged, none still pending.
    assertThat(pubsub.unackedMessageIds(SUBSCRIPTION)).containsNoneIn(ids);
    assertThat(pubsub.acknowledged(SUBSCRIPTION)).isAtLeast(ids.size());

    // The alert: checkout, counted once per distinct entry; nothing for quiet.
    assertThat(firing.attributes()).containsEntry("state", "FIRING");
    JsonNode alert = JSON.readTree(firing.data());
    assertThat(alert.path("rule").asText()).isEqualTo("checkout-errors");
    assertThat(alert.path("group").path("service").asText()).isEqualTo("checkout");
    for (FakePubsubServer.Message m : pubsub.published(TOPIC)) {
      JsonNode a = JSON.readTree(m.data());
      assertWithMessage("alert %s", m.text())
          .that(a.path("group").path("service").asText())
          .isEqualTo("checkout");
      assertWithMessage("value of %s", m.text())
          .that(a.path("value").asDouble())
          .isEqualTo((double) THRESHOLD);
    }

    // The dead letters: one row per bad message, its exact bytes and a clear reason.
    deadLetters = readRows(out.resolve("deadletter"));
    Map<String, JsonNode> byCase = new TreeMap<>();
    for (JsonNode row : deadLetters) {
      String name = attribute(row, CASE);
      assertWithMessage("dead letter without the case attribute: %s", row).that(name).isNotNull();
      assertWithMessage("good entry dead-lettered: %s", row).that(good.containsKey(name)).isFalse();
      assertWithMessage("dead-lettered twice: %s", name).that(byCase.put(name, row)).isNull();
    }
    assertThat(byCase.keySet()).containsExactlyElementsIn(bad.keySet());
    for (Map.Entry<String, byte[]> b : bad.entrySet()) {
      JsonNode row = byCase.get(b.getKey());
      String message = row.path("errorMessage").asText();
      System.out.println("bad-input IT: " + b.getKey() + " -> " + message);
      assertWithMessage("reason of %s", b.getKey())
          .that(message)
          .startsWith("[" + reasons.get(b.getKey()) + "] ");
      assertWithMessage("reason of %s", b.getKey())
          .that(message.length())
          .isGreaterThan(reasons.get(b.getKey()).length() + 4);
      assertWithMessage("stack trace of %s", b.getKey())
          .that(row.path("stacktrace").asText(""))
          .isEmpty();
      assertWithMessage("payload of %s", b.getKey())
          .that(Base64.getDecoder().decode(row.path("payloadBytes").asText()))
          .isEqualTo(b.getValue());
      assertWithMessage("message id of %s", b.getKey())
          .that(attribute(row, PubsubLogSource.MESSAGE_ID_ATTRIBUTE))
          .isNotNull();
    }
    assertThat(byCase.get("base64").path("errorMessage").asText())
        .containsMatch(
            "^\\[invalid_json\\] invalid JSON at line 1, column \\d+: the data is base64 text of"
                + " JSON \\(\\{\"insertId\":\"checkout-1\"");
    assertThat(byCase.get("gzip").path("errorMessage").asText())
        .startsWith(
            "[invalid_utf8] invalid UTF-8 sequence at byte offset 1 (byte 0x8b): the data is"
                + " gzip-compressed");
    // What another publisher's message is, said; they used to be missing_timestamp, a bare
    // "empty entry" and "got an array".
    assertThat(byCase.get("storage-notification").path("errorMessage").asText())
        .startsWith(
            "[not_a_log_entry] a Cloud Storage notification (its 'selfLink': an object's"
                + " metadata), not a LogEntry");
    assertThat(byCase.get("storage-notification-none").path("errorMessage").asText())
        .isEqualTo(
            "[empty] empty entry: a message with attributes only (bucketId, eventTime, eventType,"
                + " notificationConfig, objectGeneration, objectId, …), a Cloud Storage"
                + " notification without payload (payload format NONE)");
    assertThat(byCase.get("cloudevent").path("errorMessage").asText())
        .startsWith("[not_a_log_entry] a CloudEvent (its 'specversion'), not a LogEntry");
    assertThat(byCase.get("batch").path("errorMessage").asText())
        .startsWith(
            "[not_an_object] expected a JSON object, got an array of objects: several entries in"
                + " one message or line?");
    assertThat(job.stderr()).doesNotContain("Exception");
  }

  private static byte[] gzip(byte[] data) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String attribute(JsonNode row, String key) {
    for (JsonNode a : row.path("attributes")) {
      if (key.equals(a.path("key").asText())) {
        return a.path("value").asText();
      }
    }
    return null;
  }

  /**
   * Waits until every message of {@code ids} is acknowledged; returns how many trailer entries that
   * took. The DirectRunner reads a subscription with several readers and acknowledges what one of
   * them read only when that reader reads again (its previous checkpoint is finalized then), so on
   * a quiet subscription the last batch of each reader waits for more traffic. A few INFO entries a
   * second (no rule counts them) give every reader that traffic; which reader pulls which is up to
   * the runner, so how many it takes varies from run to run.
   */
  private int awaitAcknowledged(List<String> ids) throws Exception {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    int trailers = 0;
    while (pubsub.unackedMessageIds(SUBSCRIPTION).stream().anyMatch(ids::contains)
        || pubsub.acknowledged(SUBSCRIPTION) < ids.size()) {
      if (!job.isAlive() || System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            "acknowledged "
                + pubsub.acknowledged(SUBSCRIPTION)
                + " messages, still unacknowledged: "
                + pubsub.unackedMessageIds(SUBSCRIPTION)
                + " of "
                + ids
                + " after "
                + trailers
                + " trailer entries; "
                + (job.state())
                + "; stderr:\n"
                + job.stderr());
      }
      trailers++;
      long now = System.currentTimeMillis();
      pubsub.enqueue(
          SUBSCRIPTION,
          bytes(
              error("trailer-" + trailers, "trailer", now)
                  .replace("\"severity\":\"ERROR\"", "\"severity\":\"INFO\"")),
          sinkAttributes("trailer-" + trailers, Timestamps.formatMillis(now)));
      Thread.sleep(300);
    }
    return trailers;
  }

  private List<JsonNode> awaitDeadLetters(Path dir, int n) throws Exception {
    long deadline = System.currentTimeMillis() + SETTLE_MILLIS;
    while (true) {
      List<JsonNode> rows = readRows(dir);
      if (rows.size() >= n) {
        return rows;
      }
      if (!job.isAlive() || System.currentTimeMillis() > deadline) {
        throw new AssertionError(
            rows.size()
                + " of "
                + n
                + " dead letters in "
                + dir
                + ": "
                + rows
                + "; stderr:\n"
                + job.stderr());
      }
      Thread.sleep(200);
    }
  }

  /** Every row of the finished files under {@code dir} (TextIO's temporary files are hidden). */
  private static List<JsonNode> readRows(Path dir) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return rows;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> !dir.relativize(p).toString().startsWith("."))
              .sorted()
              .toList();
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          rows.add(JSON.readTree(line));
        }
      }
    }
    return rows;
  }
}
