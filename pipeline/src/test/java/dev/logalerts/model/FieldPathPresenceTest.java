package dev.logalerts.model;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.parse.InvalidEntryException;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link FieldPath#isPresent} answers the scalar fields ({@code httpRequest.latency:*}, status,
 * sizes, timestamps) without formatting their values; the answer must stay exactly "the value is
 * not null", on every entry of the bundled samples and on requests with zero and missing values.
 */
@RunWith(JUnit4.class)
public class FieldPathPresenceTest {
  private static final List<String> SCALARS =
      List.of(
          "timestamp",
          "receiveTimestamp",
          "severity",
          "httpRequest.status",
          "httpRequest.requestSize",
          "httpRequest.responseSize",
          "httpRequest.latency",
          "httpRequest.requestMethod",
          "httpRequest.cacheHit",
          "insertId",
          "trace");

  private static final LogEntryParser PARSER = new LogEntryParser();

  private static LogEvent parse(String json) throws InvalidEntryException {
    return PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertPresenceIsValueNotNull(LogEvent e, String where) {
    for (String path : SCALARS) {
      FieldPath p = FieldPath.parse(path);
      assertWithMessage("%s:* on %s", path, where)
          .that(p.isPresent(e))
          .isEqualTo(p.value(e) != null);
    }
  }

  @Test
  public void presenceIsTheValueOnEverySample() throws Exception {
    int withLatency = 0;
    int withoutHttp = 0;
    for (String line :
        Files.readAllLines(LogEventCoderSamplesTest.samples(), StandardCharsets.UTF_8)) {
      LogEvent e;
      try {
        e = parse(line);
      } catch (InvalidEntryException bad) {
        continue; // the samples' dead-letter cases
      }
      assertPresenceIsValueNotNull(e, e.insertId());
      if (e.httpRequest() == null) {
        withoutHttp++;
      } else if (e.httpRequest().latencyNanos() >= 0) {
        withLatency++;
      }
    }
    assertThat(withLatency).isGreaterThan(1000);
    assertThat(withoutHttp).isGreaterThan(1000);
  }

  @Test
  public void zeroLatencyIsPresentAndMissingOrZeroStatusIsNot() throws Exception {
    LogEvent zero =
        parse(
            "{\"timestamp\":\"2024-05-01T10:00:00Z\",\"httpRequest\":{\"requestMethod\":\"GET\","
                + "\"latency\":\"0s\",\"responseSize\":\"0\"}}");
    assertThat(FieldPath.parse("httpRequest.latency").isPresent(zero)).isTrue();
    assertThat(FieldPath.parse("httpRequest.responseSize").isPresent(zero)).isTrue();
    assertThat(FieldPath.parse("httpRequest.status").isPresent(zero)).isFalse();
    assertThat(FieldPath.parse("httpRequest.requestSize").isPresent(zero)).isFalse();
    assertThat(FieldPath.parse("receiveTimestamp").isPresent(zero)).isFalse();
    assertPresenceIsValueNotNull(zero, "a request with zero latency");

    LogEvent none = parse("{\"timestamp\":\"2024-05-01T10:00:00Z\",\"textPayload\":\"x\"}");
    assertThat(FieldPath.parse("httpRequest.latency").isPresent(none)).isFalse();
    assertPresenceIsValueNotNull(none, "an entry without httpRequest");
  }
}
