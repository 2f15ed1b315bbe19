package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.values.KV;
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

  /**
   * Google's Cloud Functions Java logging example writes logback's {@code "stacktrace":
   * "%xThrowable"} beside the message (README "Logging configuration for Java 11 GCP Cloud
   * Functions"): each exception is its own template, apart from the INFO line of the same call;
   * zap's {@code stacktrace} of frames only leaves the message's template as it is.
   */
  @Test
  public void aStacktraceFieldNamesItsExceptionAndZapFramesAddNothing() throws Exception {
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    String npe =
        "java.lang.NullPointerException: Cannot invoke \\\"String.length()\\\" because"
            + " \\\"s\\\" is null\\n\\tat tobias.function.Function.service(Function.java:31)"
            + "\\n\\tat java.base/java.lang.Thread.run(Thread.java:834)\\n";
    String sql =
        "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available,"
            + " request timed out after 30000ms.\\n\\tat"
            + " tobias.function.Function.service(Function.java:31)\\n";
    String info = template(keyFn, entry("\"severity\":\"INFO\",", "{\"message\":\"message arg\"}"));
    String failed =
        template(
            keyFn,
            entry(
                "\"severity\":\"ERROR\",",
                "{\"message\":\"message arg\",\"stacktrace\":\"" + npe + "\"}"));
    String timedOut =
        template(
            keyFn,
            entry(
                "\"severity\":\"ERROR\",",
                "{\"message\":\"message arg\",\"stacktrace\":\"" + sql + "\"}"));
    assertThat(info).isEqualTo("message arg");
    assertThat(failed).isEqualTo("message arg | java.lang.NullPointerException");
    assertThat(timedOut).isEqualTo("message arg | java.sql.SQLTransientConnectionException");
    String zapFrames =
        "main.(*Server).handle\\n\\t/app/server.go:88\\nmain.main\\n\\t/app/main.go:15";
    assertThat(
            template(
                keyFn,
                entry(
                    "\"severity\":\"ERROR\",",
                    "{\"msg\":\"request failed\",\"stacktrace\":\"" + zapFrames + "\"}")))
        .isEqualTo("request failed");
  }

  /**
   * The same message with two exceptions in logback's {@code stacktrace} field, and without one at
   * INFO: each row's suggested exclusion takes its own entries only (the exception's type is a
   * global restriction, since the message does not hold it).
   */
  @Test
  public void eachExceptionsRowIsExcludedApartFromTheSameMessagesOthers() throws Exception {
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    String npe =
        "java.lang.NullPointerException: Cannot invoke \\\"String.length()\\\"\\n\\tat"
            + " tobias.function.Function.service(Function.java:31)\\n";
    String sql =
        "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available"
            + "\\n\\tat tobias.function.Function.service(Function.java:31)\\n";
    LogEvent failed =
        entry(
            "\"severity\":\"ERROR\",",
            "{\"message\":\"order 17 failed\",\"stacktrace\":\"" + npe + "\"}");
    LogEvent timedOut =
        entry(
            "\"severity\":\"ERROR\",",
            "{\"message\":\"order 18 failed\",\"stacktrace\":\"" + sql + "\"}");
    LogEvent plain = entry("\"severity\":\"ERROR\",", "{\"message\":\"order 19 failed\"}");
    String exclusion = exclusion(keyFn, failed);
    assertThat(exclusion).contains("\"java.lang.NullPointerException\"");
    CompiledFilter f = Filter.compile(exclusion);
    assertThat(f.test(failed)).isTrue();
    assertThat(f.test(timedOut)).isFalse();
    assertThat(f.test(plain)).isFalse();
    CompiledFilter g = Filter.compile(exclusion(keyFn, timedOut));
    assertThat(g.test(timedOut)).isTrue();
    assertThat(g.test(failed)).isFalse();
  }

  private static String exclusion(NoisyLogs.TemplateKeyFn keyFn, LogEvent e) {
    KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
    NoisyEntry n = kv.getValue();
    return SuggestedExclusion.build(kv.getKey(), n.template(), n.messageField(), n.message());
  }

  private static String template(NoisyLogs.TemplateKeyFn keyFn, LogEvent e) {
    return keyFn.apply(MatchedEvent.of(e, "test", List.of())).getValue().template();
  }
}
