package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.LogEvent;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** A structured logger's JSON line written as a string: its message is the one inside it. */
@RunWith(JUnit4.class)
public class JsonLineMessageTest {
  private final LogEntryParser parser = new LogEntryParser();

  private String messageOfText(String line) throws Exception {
    String json =
        "{\"timestamp\":\"2026-11-28T10:15:22Z\",\"resource\":{\"type\":\"gce_instance\","
            + "\"labels\":{\"instance_id\":\"1\"}},\"textPayload\":"
            + com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .build()
                .writeValueAsString(line)
            + "}";
    LogEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    return e.message();
  }

  @Test
  public void loggersJsonLinesAsTextGiveTheirMessage() throws Exception {
    // zap's production encoder, pino, logstash-logback-encoder, structlog, tracing.
    assertThat(
            messageOfText(
                "{\"level\":\"info\",\"ts\":1732876543.123,\"caller\":\"server/main.go:42\","
                    + "\"msg\":\"request served\",\"status\":200}"))
        .isEqualTo("request served");
    assertThat(
            messageOfText(
                "{\"level\":50,\"time\":1732876543123,\"pid\":7,\"hostname\":\"vm\",\"err\":{\"type\":\"Error\",\"message\":\"boom\"},\"msg\":\"payment"
                    + " failed\"}"))
        .isEqualTo("payment failed");
    assertThat(
            messageOfText(
                "{\"@timestamp\":\"2026-11-28T10:15:22.123Z\",\"@version\":\"1\",\"message\":\"Started"
                    + " OrdersApplication in 4.2"
                    + " seconds\",\"logger_name\":\"o.s.b.StartupInfoLogger\"}"))
        .isEqualTo("Started OrdersApplication in 4.2 seconds");
    assertThat(
            messageOfText(
                "{\"event\": \"user logged in\", \"user_id\": 42, \"level\": \"info\"}\n"))
        .isEqualTo("user logged in");
    assertThat(
            messageOfText(
                "{\"timestamp\":\"x\",\"level\":\"INFO\",\"fields\":{\"message\":\"listening\"},"
                    + "\"target\":\"server\"}"))
        .isEqualTo("listening");
  }

  @Test
  public void otherTextStaysWhole() throws Exception {
    String[] kept = {
      "{\"level\":\"info\",\"status\":200}", // no message key: the line is what there is
      "{\"msg\":\"say \\\"hi\\\"\"}", // an escape in the value: the exclusion needs the raw text
      "{scheduler_job_runner.py:417} INFO - 3 tasks up for execution: {x}",
      "{\"msg\":\"a\"} {\"msg\":\"b\"}",
      "{\"msg\":\"truncated",
      "{}",
    };
    for (String text : kept) {
      assertThat(messageOfText(text)).isEqualTo(text);
    }
  }
}
