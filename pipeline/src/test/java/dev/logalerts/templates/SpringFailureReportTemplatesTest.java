package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Spring Boot's failure analysis as a JSON logger writes it, one {@code message}: the report that
 * {@code LoggingFailureAnalysisReporter} builds (banner, title, banner, {@code Description:}, the
 * failure, {@code Action:}),
 * https://github.com/spring-projects/spring-boot/blob/main/spring-boot-project/spring-boot/src/main/java/org/springframework/boot/diagnostics/LoggingFailureAnalysisReporter.java.
 * Its row is named by the failure, not by the banner every report shares. The descriptions and
 * actions as users pasted them in public issues (each named where it is used).
 */
@RunWith(JUnit4.class)
public class SpringFailureReportTemplatesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final LogEntryParser parser = new LogEntryParser();
  private final TextLineKeys keys = new TextLineKeys();

  /** The reporter's message for one failure. */
  private static String report(String description, String action) {
    return "\n\n***************************\nAPPLICATION FAILED TO START\n"
        + "***************************\n\nDescription:\n\n"
        + description
        + "\n\nAction:\n\n"
        + action
        + "\n";
  }

  // https://github.com/digitalinnovationone/dio-springboot/issues/18
  private static final String PORT_8080 =
      report(
          "Web server failed to start. Port 8080 was already in use.",
          "Identify and stop the process that's listening on port 8080 or configure this"
              + " application to listen on another port.");
  // https://github.com/anthonyraymond/joal-desktop/issues/102
  private static final String PORT_5081 =
      report(
          "Web server failed to start. Port 5081 was already in use.",
          "Identify and stop the process that's listening on port 5081 or configure this"
              + " application to listen on another port.");
  // https://github.com/apache/skywalking/issues/3696
  private static final String CONNECTOR =
      report(
          "The Tomcat connector configured to listen on port 8080 failed to start. The port may"
              + " already be in use or the connector may be misconfigured.",
          "Verify the connector's configuration, identify and stop any process that's listening"
              + " on port 8080, or configure this application to listen on another port.");

  /** A GKE container's entry of Spring Boot's logstash JSON format. */
  private LogEvent gke(String message) throws Exception {
    String payload =
        JSON.writeValueAsString(
            Map.of(
                "@timestamp", "2025-05-19T10:26:26.072Z",
                "message", message,
                "logger_name",
                    "org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter",
                "thread_name", "main",
                "level", "ERROR"));
    String json =
        "{\"insertId\":\"s1\",\"logName\":\"projects/shop/logs/stdout\",\"resource\":{\"type\":"
            + "\"k8s_container\",\"labels\":{\"project_id\":\"shop\",\"cluster_name\":\"prod\","
            + "\"namespace_name\":\"shop\",\"pod_name\":\"orders-7d9f8b6c5-x2x7q\","
            + "\"container_name\":\"orders\"}},\"severity\":\"ERROR\","
            + "\"timestamp\":\"2025-05-19T10:26:26.072Z\",\"jsonPayload\":"
            + payload
            + "}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  /** The row's key; its suggested exclusion matches the entry and not {@code other}. */
  private KV<NoisyKey, NoisyEntry> row(String message, String other) throws Exception {
    LogEvent e = gke(message);
    KV<NoisyKey, NoisyEntry> kv = keys.row(e);
    assertThat(Filter.compile(TextLineKeys.exclusion(kv)).test(gke(other))).isFalse();
    return kv;
  }

  @Test
  public void failureNamesTheRow() throws Exception {
    assertThat(row(PORT_8080, CONNECTOR).getValue().template())
        .isEqualTo("Web server failed to start. Port <*> was already in use.");
    assertThat(row(PORT_5081, CONNECTOR).getKey()).isEqualTo(row(PORT_8080, CONNECTOR).getKey());
    assertThat(row(CONNECTOR, PORT_8080).getValue().template())
        .isEqualTo(
            "The Tomcat connector configured to listen on port <*> failed to start. The port may"
                + " already be in use or the connector may be misconfigured.");
  }

  /** A banner without the report's title is no report: the first line stays the head. */
  @Test
  public void otherBannersKeepTheirFirstLine() {
    TemplateMiner miner = new TemplateMiner();
    assertThat(miner.templateOf("***************************\nWELCOME\nDescription:\n\nx"))
        .isEqualTo(miner.templateOf("***************************"));
  }
}
