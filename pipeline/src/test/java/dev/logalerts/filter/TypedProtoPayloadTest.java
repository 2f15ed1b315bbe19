package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Typed protoPayload fields ({@link ProtoPayloadTypes}): an App Engine RequestLog's {@code latency}
 * and {@code pendingTime} compare as Durations and its {@code line.severity} in severity order, as
 * in Cloud Logging; values not in the type's form compare as any payload leaf.
 */
@RunWith(JUnit4.class)
public class TypedProtoPayloadTest {
  private static final String REQUEST_LOG =
      "\"@type\":\"type.googleapis.com/google.appengine.logging.v1.RequestLog\"";

  private static LogEvent parse(String json) {
    try {
      return new LogEntryParser().parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }

  /** An App Engine request log entry with this protoPayload body (after {@code @type}). */
  private static LogEvent requestLog(String payload) {
    return parse(
        "{\"timestamp\":\"2026-03-02T10:00:00Z\",\"logName\":\"projects/shop/logs/"
            + "appengine.googleapis.com%2Frequest_log\",\"resource\":{\"type\":\"gae_app\","
            + "\"labels\":{\"module_id\":\"default\"}},\"protoPayload\":{"
            + REQUEST_LOG
            + ","
            + payload
            + "}}");
  }

  /** A 1.2 s request, 50 ms pending, with one INFO line. */
  private static LogEvent slow() {
    return requestLog(
        "\"status\":200,\"latency\":\"1.200s\",\"pendingTime\":\"0.050s\",\"resource\":\"/api/cart\",\"line\":[{\"severity\":\"INFO\",\"logMessage\":\"cart"
            + " loaded\"}]");
  }

  /** A 0.3 s request with a DEBUG and a WARNING line. */
  private static LogEvent fast() {
    return requestLog(
        "\"status\":200,\"latency\":\"0.300s\",\"line\":[{\"severity\":\"DEBUG\",\"logMessage\":"
            + "\"cache miss\"},{\"severity\":\"WARNING\",\"logMessage\":\"slow cache\"}]");
  }

  private static void assertMatches(String filter, LogEvent e) {
    assertWithMessage(filter).that(Filter.compile(filter).test(e)).isTrue();
  }

  private static void assertNoMatch(String filter, LogEvent e) {
    assertWithMessage(filter).that(Filter.compile(filter).test(e)).isFalse();
  }

  @Test
  public void requestLogLatencyComparesAsDuration() {
    // As text, "1.200s" >= "1s" is false ('.' sorts before 's').
    assertMatches("protoPayload.latency>=\"1s\"", slow());
    assertMatches("protoPayload.latency>\"500ms\"", slow());
    assertMatches("protoPayload.latency>1", slow()); // seconds
    assertMatches("protoPayload.latency=\"1.2s\"", slow());
    assertMatches("protoPayload.latency=1200ms", slow());
    assertMatches("protoPayload.latency<\"1m\"", slow());
    assertNoMatch("protoPayload.latency<\"1s\"", slow());
    assertNoMatch("protoPayload.latency!=\"1.2s\"", slow());
    assertMatches("protoPayload.latency!=\"1s\"", slow());
    assertNoMatch("protoPayload.latency>=\"1s\"", fast());
    assertNoMatch("protoPayload.latency>\"500ms\"", fast());
    assertMatches("protoPayload.latency=300ms", fast());
    assertMatches("protoPayload.latency<=\"0.3s\"", fast());
    // The audit's filters, verbatim.
    assertMatches(
        "resource.type=\"gae_app\"\nprotoPayload.status=200\nprotoPayload.latency>=\"1s\"", slow());
    assertMatches("resource.type=\"gae_app\" AND protoPayload.latency>\"500ms\"", slow());
    assertNoMatch("resource.type=\"gae_app\" AND protoPayload.latency>\"500ms\"", fast());
  }

  @Test
  public void requestLogPendingTimeComparesAsDuration() {
    // As text, "0.050s" equals neither "50ms" nor "0.05s".
    assertMatches("protoPayload.pendingTime<\"100ms\"", slow());
    assertMatches("protoPayload.pendingTime=\"50ms\"", slow());
    assertMatches("protoPayload.pendingTime>=\"0.05s\"", slow());
    assertNoMatch("protoPayload.pendingTime>\"50ms\"", slow());
    assertNoMatch("protoPayload.pendingTime<\"1s\"", fast()); // no pendingTime: missing
  }

  @Test
  public void requestLogLineSeverityComparesInSeverityOrder() {
    // As text, "INFO" >= "ERROR" and "WARNING" >= "ERROR" hold.
    assertNoMatch("protoPayload.line.severity>=ERROR", slow());
    assertNoMatch("protoPayload.line.severity>=ERROR", fast());
    assertNoMatch("resource.type=\"gae_app\" protoPayload.line.severity>=ERROR", fast());
    assertMatches("protoPayload.line.severity>=WARNING", fast()); // any line
    assertMatches("protoPayload.line.severity>=warn", fast()); // alias, any case
    assertMatches("protoPayload.line.severity>=400", fast());
    assertMatches("protoPayload.line.severity<INFO", fast()); // the DEBUG line
    assertNoMatch("protoPayload.line.severity<INFO", slow());
    assertMatches("protoPayload.line.severity=\"warning\"", fast());
    // Each line compared, joined with OR: the other lines are not DEBUG; NOT = asks for none.
    assertMatches("protoPayload.line.severity!=DEBUG", fast());
    assertNoMatch("NOT protoPayload.line.severity=DEBUG", fast()); // a line is DEBUG
    assertMatches("protoPayload.line.severity!=ERROR", fast());
    LogEvent error =
        requestLog(
            "\"status\":500,\"latency\":\"0.100s\",\"line\":[{\"severity\":\"INFO\"},"
                + "{\"severity\":\"ERROR\",\"logMessage\":\"boom\"}]");
    assertMatches("protoPayload.line.severity>=ERROR", error);
    assertMatches("protoPayload.line.severity>WARNING", error);
    assertNoMatch("protoPayload.line.severity>=CRITICAL", error);
  }

  @Test
  public void hasKeepsItsPayloadLeafMeaning() {
    assertMatches("protoPayload.line.severity:WARN", fast()); // substring of WARNING
    assertMatches("protoPayload.latency:\"1.2\"", slow());
    assertMatches("protoPayload.latency:*", slow());
    assertNoMatch("protoPayload.pendingTime:*", fast());
  }

  /**
   * Values not in the type's form (another payload's numeric or text {@code latency}) and literals
   * not of the type compare exactly as the same value in jsonPayload does.
   */
  @Test
  public void otherValuesCompareAsPayloadLeaves() {
    String[] values = {"1234", "0.5", "fast", "1.2", "1.2ms", "s", "", "ERRORS"};
    String[] literals = {"1000", "0.5", "\"1s\"", "\"fast\"", "abc", "\"1.2\"", "ERROR", "\"\""};
    String[] ops = {"=", "!=", "<", "<=", ">", ">=", ":"};
    for (String v : values) {
      String body = "{\"latency\":\"" + v + "\",\"line\":[{\"severity\":\"" + v + "\"}]}";
      LogEvent proto =
          parse(
              "{\"timestamp\":\"2026-03-02T10:00:00Z\",\"logName\":\"projects/p/logs/x\",\"protoPayload\":{\"@type\":"
                  + "\"type.googleapis.com/example.v1.Call\","
                  + body.substring(1)
                  + "}");
      LogEvent json =
          parse(
              "{\"timestamp\":\"2026-03-02T10:00:00Z\",\"logName\":\"projects/p/logs/x\","
                  + "\"jsonPayload\":"
                  + body
                  + "}");
      for (String lit : literals) {
        for (String op : ops) {
          boolean leaf = Filter.compile("jsonPayload.latency" + op + lit).test(json);
          assertWithMessage("latency %s %s %s", v, op, lit)
              .that(Filter.compile("protoPayload.latency" + op + lit).test(proto))
              .isEqualTo(leaf);
          boolean leafSeverity = Filter.compile("jsonPayload.line.severity" + op + lit).test(json);
          if (!lit.equals("ERROR") || op.equals(":")) {
            assertWithMessage("line.severity %s %s %s", v, op, lit)
                .that(Filter.compile("protoPayload.line.severity" + op + lit).test(proto))
                .isEqualTo(leafSeverity);
          }
        }
      }
    }
    // A JSON number, as another payload may write its latency (milliseconds, say).
    LogEvent number =
        parse(
            "{\"timestamp\":\"2026-03-02T10:00:00Z\",\"logName\":\"projects/p/logs/x\",\"protoPayload\":{\"@type\":"
                + "\"type.googleapis.com/example.v1.Call\",\"latency\":1234}}");
    assertMatches("protoPayload.latency>1000", number);
    assertMatches("protoPayload.latency=1234", number);
    assertNoMatch("protoPayload.latency<1000", number);
  }

  @Test
  public void durationStringsOfOtherPayloadsCompareAsDurations() {
    // The form is a protobuf Duration's whatever the @type: typed by value, not by payload type.
    LogEvent e =
        parse(
            "{\"timestamp\":\"2026-03-02T10:00:00Z\",\"logName\":\"projects/p/logs/x\",\"protoPayload\":{\"@type\":"
                + "\"type.googleapis.com/example.v1.Call\",\"latency\":\"2.5s\"}}");
    assertMatches("protoPayload.latency>\"1s\"", e);
    assertMatches("protoPayload.latency=2500ms", e);
    assertNoMatch("protoPayload.latency>\"3s\"", e);
  }

  @Test
  public void durationForm() {
    assertThat(ProtoPayloadTypes.durationSeconds("1.200s")).isEqualTo(1.2);
    assertThat(ProtoPayloadTypes.durationSeconds("3s")).isEqualTo(3.0);
    assertThat(ProtoPayloadTypes.durationSeconds("-0.5s")).isEqualTo(-0.5);
    assertThat(ProtoPayloadTypes.durationSeconds("0.300s")).isEqualTo(0.3);
    assertThat(ProtoPayloadTypes.durationSeconds("0.000000001s")).isEqualTo(1e-9);
    assertThat(ProtoPayloadTypes.durationSeconds("315576000000s")).isEqualTo(315576000000.0);
    for (String bad :
        new String[] {
          "",
          "s",
          "-s",
          ".5s",
          "1.s",
          "1.2",
          "1.2ms",
          "1.2 s",
          " 1s",
          "1e3s",
          "+1s",
          "1.0000000001s",
          "1000000000000s",
          "--1s",
          "1.2.3s"
        }) {
      assertWithMessage(bad).that(ProtoPayloadTypes.durationSeconds(bad)).isNaN();
    }
  }

  @Test
  public void canonicalFormAndSerializationKeepTheType() throws Exception {
    for (String f :
        List.of(
            "protoPayload.latency>=\"1s\"",
            "protoPayload.line.severity>=ERROR",
            "NOT protoPayload.pendingTime<\"100ms\"")) {
      CompiledFilter compiled = Filter.compile(f);
      CompiledFilter again = Filter.compile(compiled.toString());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ObjectOutputStream o = new ObjectOutputStream(out)) {
        o.writeObject(compiled);
      }
      CompiledFilter back;
      try (ObjectInputStream in =
          new ObjectInputStream(new ByteArrayInputStream(out.toByteArray()))) {
        back = (CompiledFilter) in.readObject();
      }
      for (LogEvent e : List.of(slow(), fast())) {
        assertWithMessage(f).that(again.test(e)).isEqualTo(compiled.test(e));
        assertWithMessage(f).that(back.test(e)).isEqualTo(compiled.test(e));
      }
    }
    assertThat(Filter.compile("protoPayload.latency>=\"1s\"").test(slow())).isTrue();
  }

  @Test
  public void indexKeepsTypedEqualities() {
    // The literal "1.2s" is not in the entry's text ("1.200s"): nothing may require it.
    for (String f :
        List.of(
            "protoPayload.latency=\"1.2s\"",
            "protoPayload.latency=1200ms",
            "protoPayload.line.severity=information OR protoPayload.line.severity=200", // 200: INFO
            "resource.type=\"gae_app\" AND protoPayload.line.severity=\"info\"")) {
      IndexedFilters index = IndexedFilters.of(List.of(Filter.compile(f)));
      assertWithMessage(f).that(index.match(slow(), new long[1])).isEqualTo(1);
    }
  }
}
