package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.parse.LogEntryParserTest.fixture;

import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import dev.logalerts.model.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class ParseLogEntriesTest {

  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  private static final String[] GOOD = {
    "gke-text.json",
    "gke-json.json",
    "lb-request.json",
    "cloud-run-request.json",
    "audit-log.json",
    "composer-task.json",
    "gae-request-log.json"
  };

  private static RawEntry raw(String json, String line) {
    return RawEntry.of(
        json.getBytes(StandardCharsets.UTF_8), Map.of("source", "f.json", "line", line));
  }

  @Test
  public void everyEntryEndsInExactlyOneOutput() {
    List<RawEntry> input = new ArrayList<>();
    int line = 1;
    for (String f : GOOD) {
      input.add(
          RawEntry.of(fixture(f), Map.of("source", "f.json", "line", String.valueOf(line++))));
    }
    input.add(raw("{\"timestamp\":\"2026-11-20T00:00:00Z\",\"httpRequest\":\"GET /\"}", "100"));
    input.add(raw("not json", "101"));
    input.add(raw("[1,2]", "102"));
    input.add(raw("{\"textPayload\":\"no time\"}", "103"));
    input.add(raw("{\"timestamp\":\"yesterday\"}", "104"));
    input.add(raw("   ", "105"));
    byte[] badUtf8 =
        "{\"timestamp\":\"2026-11-20T00:00:00Z\",\"textPayload\":\"\u00ff\"}"
            .getBytes(StandardCharsets.ISO_8859_1);
    input.add(RawEntry.of(badUtf8, Map.of("line", "106")));
    byte[] cut = fixture("gke-json.json");
    byte[] head = java.util.Arrays.copyOf(cut, 100);
    input.add(RawEntry.of(head, Map.of("line", "107"), 5_000_000L)); // a source cut this line
    String why = "invalid YAML at line 3, column 8: mapping values are not allowed here";
    input.add(
        RawEntry.of(
            "insertId: a\nlabels: a: b\n".getBytes(StandardCharsets.UTF_8),
            Map.of("line", "108", RawEntry.READ_ERROR_ATTRIBUTE, why)));
    String fileError = "gzip data cut short or damaged (EOFException): nothing past byte 900";
    input.add(
        RawEntry.of(new byte[0], Map.of("line", "109", RawEntry.FILE_ERROR_ATTRIBUTE, fileError)));
    int goodCount = GOOD.length;
    int badCount = input.size() - goodCount;

    PCollectionTuple out =
        pipeline
            .apply("Create", Create.of(input).withCoder(RawEntry.Coder.of()))
            .apply("Parse", ParseLogEntries.create());
    PCollection<LogEvent> parsed = out.get(ParseLogEntries.PARSED);
    PCollection<DeadLetter> dead = out.get(ParseLogEntries.DEAD_LETTER);

    PAssert.thatSingleton(parsed.apply("CountParsed", Count.globally()))
        .isEqualTo((long) goodCount);
    PAssert.thatSingleton(dead.apply("CountDead", Count.globally())).isEqualTo((long) badCount);
    PAssert.that(
            parsed.apply(
                "Services", MapElements.into(TypeDescriptors.strings()).via(LogEvent::service)))
        .containsInAnyOrder(
            "shop/checkout",
            "shop/cart",
            "shop-checkout-backend",
            "orders-api",
            "shop-prod:orders-db",
            "batch-env/daily_sales_rollup",
            "admin");
    // Parsed events carry their event time as element timestamp.
    PAssert.that(parsed.apply("TimestampsMatch", ParDo.of(new TimestampMatches())))
        .satisfies(
            bools -> {
              bools.forEach(b -> assertThat(b).isTrue());
              return null;
            });
    long before = System.currentTimeMillis();
    PAssert.that(dead)
        .satisfies(
            rows -> {
              Map<String, DeadLetter> byLine = new HashMap<>();
              rows.forEach(r -> byLine.put(r.attributes().get("line"), r));
              assertThat(byLine).hasSize(badCount);
              assertThat(byLine.get("100").errorMessage())
                  .isEqualTo("[wrong_type] httpRequest: expected an object, got a string");
              assertThat(byLine.get("100").payloadString())
                  .isEqualTo("{\"timestamp\":\"2026-11-20T00:00:00Z\",\"httpRequest\":\"GET /\"}");
              assertThat(byLine.get("100").attributes())
                  .containsExactly("line", "100", "source", "f.json");
              assertThat(byLine.get("100").stacktrace()).isEmpty();
              assertThat(byLine.get("100").timestampMillis()).isAtLeast(before);
              assertThat(byLine.get("101").errorMessage())
                  .startsWith("[invalid_json] invalid JSON at line 1, column ");
              assertThat(byLine.get("102").errorMessage())
                  .isEqualTo("[not_an_object] expected a JSON object, got an array");
              assertThat(byLine.get("103").errorMessage())
                  .isEqualTo(
                      "[missing_timestamp] entry has neither timestamp nor receiveTimestamp");
              assertThat(byLine.get("104").errorMessage())
                  .startsWith(
                      "[invalid_timestamp] timestamp: 'yesterday' is not an RFC 3339 timestamp");
              assertThat(byLine.get("105").errorMessage())
                  .isEqualTo("[empty] entry is only whitespace");
              assertThat(byLine.get("106").errorMessage())
                  .startsWith("[invalid_utf8] invalid UTF-8 sequence at byte offset ");
              assertThat(byLine.get("106").payloadBytes()).isEqualTo(badUtf8);
              assertThat(byLine.get("107").errorMessage())
                  .isEqualTo(
                      "[too_large] entry is 5000000 bytes, more than the source's limit; only its"
                          + " first 100 bytes were kept");
              assertThat(byLine.get("107").payloadBytes()).isEqualTo(head);
              assertThat(byLine.get("108").errorMessage()).isEqualTo("[invalid_yaml] " + why);
              assertThat(byLine.get("108").payloadString())
                  .isEqualTo("insertId: a\nlabels: a: b\n");
              assertThat(byLine.get("109").errorMessage())
                  .isEqualTo("[unreadable_file] " + fileError);
              return null;
            });

    PipelineResult result = pipeline.run();
    result.waitUntilFinish();

    Map<String, Long> c = counters(result);
    assertThat(c.get(ParseLogEntries.ENTRIES_READ)).isEqualTo((long) input.size());
    assertThat(c.get(ParseLogEntries.ENTRIES_PARSED)).isEqualTo((long) goodCount);
    assertThat(c.get(ParseLogEntries.ENTRIES_DEADLETTERED)).isEqualTo((long) badCount);
    assertThat(c.get(ParseLogEntries.ENTRIES_PARSED) + c.get(ParseLogEntries.ENTRIES_DEADLETTERED))
        .isEqualTo(c.get(ParseLogEntries.ENTRIES_READ));
    assertThat(c.get("deadletter_wrong_type")).isEqualTo(1L);
    assertThat(c.get("deadletter_invalid_json")).isEqualTo(1L);
    assertThat(c.get("deadletter_not_an_object")).isEqualTo(1L);
    assertThat(c.get("deadletter_missing_timestamp")).isEqualTo(1L);
    assertThat(c.get("deadletter_invalid_timestamp")).isEqualTo(1L);
    assertThat(c.get("deadletter_empty")).isEqualTo(1L);
    assertThat(c.get("deadletter_invalid_utf8")).isEqualTo(1L);
    assertThat(c.get("deadletter_too_large")).isEqualTo(1L);
    assertThat(c.get("deadletter_unreadable_file")).isEqualTo(1L);
    assertThat(c.get("deadletter_invalid_yaml")).isEqualTo(1L);
    assertThat(c.getOrDefault("deadletter_internal_error", 0L)).isEqualTo(0L);
  }

  /**
   * Pub/Sub-style input: element timestamp = entry time, or later (no timestamp attribute); the
   * event gets its event time either way. Dead letters keep the input timestamp.
   */
  @Test
  public void eventTimeEarlierThanInputTimestampIsAllowedAndCounted() {
    byte[] entry = fixture("gke-text.json");
    Instant eventTime =
        new Instant(Timestamps.parse("2026-11-20T00:00:02.095084795Z") / 1_000_000L);
    Instant badTime = new Instant(1_000_000L);
    PCollectionTuple out =
        pipeline
            .apply(
                "Create",
                Create.timestamped(
                        TimestampedValue.of(RawEntry.of(entry, Map.of()), eventTime),
                        TimestampedValue.of(RawEntry.of(entry, Map.of()), eventTime.plus(5_000L)),
                        TimestampedValue.of(raw("oops", "1"), badTime))
                    .withCoder(RawEntry.Coder.of()))
            .apply("Parse", ParseLogEntries.create());
    PAssert.that(out.get(ParseLogEntries.PARSED).apply("Times", ParDo.of(new EventTimestamp())))
        .containsInAnyOrder(eventTime, eventTime);
    PAssert.that(
            out.get(ParseLogEntries.DEAD_LETTER)
                .apply("DeadTimes", ParDo.of(new DeadLetterTimestamp())))
        .containsInAnyOrder(badTime);
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(counters(result).get(ParseLogEntries.EVENTS_BEFORE_INPUT_TIMESTAMP)).isEqualTo(1L);
  }

  /**
   * Entries that lose payload leaves to the leaf limit are counted, and those that lose leaves the
   * rules read (past the hard limit) once more; the fields the rules read are kept past the limit.
   */
  @Test
  public void entriesWithPayloadLeavesLeftOutAreCounted() {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i <= LogEntryParser.MAX_RULE_PATH_LEAVES; i++) {
      many.append(i == 0 ? "" : ",").append(i % 10);
    }
    String t = "{\"timestamp\":\"2026-11-20T00:00:00Z\",\"jsonPayload\":";
    List<RawEntry> input =
        List.of(
            raw(t + "{\"a\":1,\"b\":2,\"rule\":\"r\"}}", "1"), // within the limit
            raw(t + "{\"a\":1,\"b\":2,\"c\":3,\"d\":{},\"rule\":\"r\"}}", "2"), // ditto
            raw(t + "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"rule\":\"r\"}}", "3"), // d lost
            raw(t + "{\"a\":[" + many + "],\"rule\":\"r\"}}", "4"), // a lost, rule kept
            raw(t + "{\"rule\":[" + many + "]}}", "5")); // past the hard limit
    LogEntryParser parser =
        new LogEntryParser(1 << 20, 64, 3).alwaysKeeping(List.of(List.of("jsonPayload", "rule")));
    PCollection<LogEvent> parsed =
        pipeline
            .apply("Create", Create.of(input).withCoder(RawEntry.Coder.of()))
            .apply("Parse", ParseLogEntries.using(parser))
            .get(ParseLogEntries.PARSED);
    PAssert.that(parsed)
        .satisfies(
            events -> {
              int withRule = 0;
              for (LogEvent e : events) {
                withRule +=
                    e.payload().first("jsonPayload" + FieldValues.SEP + "rule") != null ? 1 : 0;
              }
              assertThat(withRule).isEqualTo(5);
              return null;
            });
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    Map<String, Long> c = counters(result);
    assertThat(c.get(ParseLogEntries.ENTRIES_PARSED)).isEqualTo(5L);
    assertThat(c.get(ParseLogEntries.PAYLOADS_TRUNCATED)).isEqualTo(3L);
    assertThat(c.get(ParseLogEntries.PAYLOADS_TRUNCATED_ON_RULE_PATHS)).isEqualTo(1L);
  }

  private static Map<String, Long> counters(PipelineResult result) {
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(ParseLogEntries.NAMESPACE))
                    .build());
    boolean done = PipelineCounters.isDone(result);
    Map<String, Long> out = new HashMap<>();
    for (MetricResult<Long> r : q.getCounters()) {
      out.merge(r.getName().getName(), PipelineCounters.value(r, done), Long::sum);
    }
    return out;
  }

  static class TimestampMatches extends DoFn<LogEvent, Boolean> {
    @ProcessElement
    public void process(
        @Element LogEvent e, @DoFn.Timestamp Instant ts, OutputReceiver<Boolean> out) {
      out.output(ts.equals(e.eventTime()) && ts.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE));
    }
  }

  static class EventTimestamp extends DoFn<LogEvent, Instant> {
    @ProcessElement
    public void process(@DoFn.Timestamp Instant ts, OutputReceiver<Instant> out) {
      out.output(ts);
    }
  }

  static class DeadLetterTimestamp extends DoFn<DeadLetter, Instant> {
    @ProcessElement
    public void process(@DoFn.Timestamp Instant ts, OutputReceiver<Instant> out) {
      out.output(ts);
    }
  }
}
