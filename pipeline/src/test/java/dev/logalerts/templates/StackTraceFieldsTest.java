package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Which entries' stack-trace fields are mined with their message. */
@RunWith(JUnit4.class)
public class StackTraceFieldsTest {
  private static final String TRACE = "TypeError: x is undefined\\n    at lookup (orders.js:12:5)";

  private static LogEvent entry(String severity, String payload) throws Exception {
    String json =
        "{\"insertId\":\"a\",\"timestamp\":\"2026-12-05T10:00:00Z\","
            + severity
            + "\"logName\":\"projects/p/logs/stdout\",\"resource\":{\"type\":\"k8s_container\","
            + "\"labels\":{\"namespace_name\":\"shop\",\"container_name\":\"orders\"}},"
            + "\"jsonPayload\":"
            + payload
            + "}";
    return new LogEntryParser().parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void aTraceBesideTheMessageIsMinedWithIt() throws Exception {
    String pino =
        "{\"level\":50,\"msg\":\"order lookup failed\",\"err\":{\"stack\":\"" + TRACE + "\"}}";
    // pino's numeric level is not lifted: the entry is DEFAULT, and looked at.
    LogEvent e = entry("", pino);
    assertThat(StackTraceFields.minedText(e, e.message()))
        .isEqualTo(
            "order lookup failed\nTypeError: x is undefined\n    at lookup (orders.js:12:5)");
    e = entry("\"severity\":\"ERROR\",", pino);
    assertThat(StackTraceFields.minedText(e, e.message())).contains("TypeError");
  }

  @Test
  public void infoEntriesAndOneLineValuesAreNot() throws Exception {
    LogEvent info =
        entry(
            "\"severity\":\"INFO\",",
            "{\"msg\":\"retrying\",\"err\":{\"stack\":\"" + TRACE + "\"}}");
    assertThat(StackTraceFields.minedText(info, info.message())).isEqualTo("retrying");
    LogEvent oneLine =
        entry("\"severity\":\"ERROR\",", "{\"msg\":\"failed\",\"exception\":\"timeout\"}");
    assertThat(StackTraceFields.minedText(oneLine, oneLine.message())).isEqualTo("failed");
  }
}
