package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Real application log lines as they arrive from a container or Cloud Run (the fixtures under
 * {@code families/apploggers/} and {@code families/exports/}, sources in the README there): each
 * line of code is one noisy-log row, and the row's suggested exclusion takes that row's entries and
 * not the service's other lines.
 */
@RunWith(JUnit4.class)
public class AppLoggerLinesTest {
  private final LogEntryParser parser = new LogEntryParser();
  private final TextLineKeys lines = new TextLineKeys();

  private LogEvent fixture(String name) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/families/" + name)) {
      if (in == null) {
        throw new IOException("no fixture " + name);
      }
      return parser.parse(in.readAllBytes());
    }
  }

  /** The same entry with its message text replaced: another call of the same line of code. */
  private LogEvent withText(String fixture, String from, String to) throws Exception {
    String json;
    try (InputStream in = getClass().getResourceAsStream("/families/" + fixture)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String changed = json.replace(from, to);
    assertThat(changed).isNotEqualTo(json);
    return parser.parse(changed.getBytes(StandardCharsets.UTF_8));
  }

  private static KV<NoisyKey, NoisyEntry> keyed(LogEvent e) {
    return new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn())
        .apply(MatchedEvent.of(e, "test", List.of()));
  }

  /**
   * bunyan's README line {@code "msg":"hi"}: a message too short to be a useful substring is exact
   * as the field's whole value, so its row has an exclusion (it had none: the row could not be
   * excluded at all).
   */
  @Test
  public void aShortConstantMessageIsExcludedAsTheWholeValue() throws Exception {
    LogEvent hi = fixture("apploggers/bunyan-hi.json");
    String exclusion = TextLineKeys.exclusion(keyed(hi));
    assertThat(exclusion).isNotEqualTo(SuggestedExclusion.NONE);
    CompiledFilter filter = Filter.compile(exclusion);
    assertThat(filter.test(hi)).isTrue();
    assertThat(
            filter.test(
                withText("apploggers/bunyan-hi.json", "\"msg\":\"hi\"", "\"msg\":\"hi there\"")))
        .isFalse();
    assertThat(
            filter.test(withText("apploggers/bunyan-hi.json", "\"msg\":\"hi\"", "\"msg\":\"chi\"")))
        .isFalse();
    // The same on a text line; a line without a letter still has none.
    assertThat(Filter.compile(lines.exclusion("ok")).test(lines.entry("ok"))).isTrue();
    assertThat(Filter.compile(lines.exclusion("ok")).test(lines.entry("ok then"))).isFalse();
    assertThat(lines.exclusion("--")).isEqualTo(SuggestedExclusion.NONE);
  }

  /**
   * A Cloud Function's {@code Verifying API Key. First 5 chars: fwybN}: the key's first characters
   * are a piece of the key, one row per key in use; now a placeholder, out of the template and the
   * exclusion.
   */
  @Test
  public void aKeysFirstCharactersAreData() throws Exception {
    String fixture = "exports/cloud-run-verifying-api-key-prefix.json";
    LogEvent real = fixture(fixture);
    LogEvent otherKey = withText(fixture, "chars: fwybN", "chars: Qm7xa");
    KV<NoisyKey, NoisyEntry> row = keyed(real);
    assertThat(keyed(otherKey).getKey()).isEqualTo(row.getKey());
    assertThat(row.getValue().template()).isEqualTo("Verifying API Key. First <*> chars: <*>");
    String exclusion = TextLineKeys.exclusion(row);
    assertThat(exclusion).doesNotContain("fwybN");
    assertThat(Filter.compile(exclusion).test(otherKey)).isTrue();
    assertThat(lines.template("Last 4 characters: wxyz of the token"))
        .isEqualTo("Last <*> characters: <*> of the token");
    // Other counts of characters stay text.
    assertThat(lines.template("name too long: 64 chars max")).contains("chars max");
  }

  /**
   * Rails' {@code Completed 500 Internal Server Error in 49ms}: the status is a status class, as in
   * access lines, and a 500's row and exclusion are not a 200's.
   */
  @Test
  public void railsCompletedLinesKeepTheirStatusClass() throws Exception {
    LogEvent error = fixture("apploggers/rails-completed-500.json");
    KV<NoisyKey, NoisyEntry> row = keyed(error);
    assertThat(row.getValue().template())
        .isEqualTo("Completed 5xx Internal Server Error in <*> (<*>)");
    assertThat(lines.template("Completed 200 OK in 5ms (Views: 3.1ms | ActiveRecord: 0.4ms)"))
        .isEqualTo("Completed 2xx OK in <*> (<*>)"); // the breakdown folded: RuntimeBreakdowns
    LogEvent other500 =
        withText(
            "apploggers/rails-completed-500.json",
            "in 49ms (ActiveRecord: 0.0ms)",
            "in 61ms (ActiveRecord: 12.3ms)");
    assertThat(keyed(other500).getKey()).isEqualTo(row.getKey());
    CompiledFilter filter = Filter.compile(TextLineKeys.exclusion(row));
    assertThat(filter.test(other500)).isTrue();
    assertThat(
            filter.test(
                withText(
                    "apploggers/rails-completed-500.json",
                    "Completed 500 Internal Server Error",
                    "Completed 200 Internal Server Error")))
        .isFalse();
    // Its start is pinned with the status as a class: the row of Rails' bare line does not take
    // the same call written through Logger::Formatter, a row of its own.
    assertThat(filter.test(fixture("apploggers/rails-logger-formatter-completed-500.json")))
        .isFalse();
    // A count is not a status.
    assertThat(lines.template("Completed 3 jobs in 5ms")).isEqualTo("Completed <*> jobs in <*>");
    assertThat(lines.template("Completed 250 rows")).isEqualTo("Completed <*> rows");
  }

  /**
   * PHP-FPM quotes a worker's stderr line without escaping the quotes inside it ({@code said into
   * stderr: "… Notified event "kernel.terminate" to listener "…"."}): the spaces before those
   * quotes stay in the template (they were dropped, {@code event"kernel.terminate"}, and the
   * exclusion lost the text around them).
   */
  @Test
  public void phpFpmsUnescapedQuotesKeepTheirSpaces() throws Exception {
    String fixture = "apploggers/php-fpm-child-said-symfony.json";
    LogEvent real = fixture(fixture);
    KV<NoisyKey, NoisyEntry> row = keyed(real);
    assertThat(row.getValue().template())
        .contains("Notified event \"kernel.terminate\" to listener \"<*>\".");
    String exclusion = TextLineKeys.exclusion(row);
    assertThat(exclusion).contains("Notified event \\\"kernel.terminate\\\" to listener \\\"");
    LogEvent otherChild =
        withText(
            fixture,
            "child 10 said into stderr: \\\"[2018-07-16 13:48:47]",
            "child 12 said into stderr: \\\"[2018-07-16 13:49:02]");
    assertThat(keyed(otherChild).getKey()).isEqualTo(row.getKey());
    assertThat(Filter.compile(exclusion).test(otherChild)).isTrue();
  }

  /**
   * Gin's request line ends with its route after {@code " | "} columns: the {@code /} route's 404
   * row is pinned to the line's end, so its exclusion no longer takes the {@code /favicon.ico} 404s
   * (the columns were read as the seam of an exception type, and the end was left out).
   */
  @Test
  public void ginsRouteRowEndsAtItsRoute() throws Exception {
    LogEvent root = fixture("apploggers/gin-404-root.json");
    LogEvent favicon = fixture("apploggers/gin-404-favicon.json");
    CompiledFilter rootRow = Filter.compile(TextLineKeys.exclusion(keyed(root)));
    assertThat(rootRow.test(root)).isTrue();
    assertThat(rootRow.test(favicon)).isFalse();
    LogEvent rootAgain =
        withText(
            "apploggers/gin-404-root.json",
            "2023/10/01 - 10:18:42 | 404 |       1.548µs |       127.0.0.1",
            "2023/10/01 - 10:19:07 | 404 |      12.210µs |      10.42.0.17");
    assertThat(keyed(rootAgain).getKey()).isEqualTo(keyed(root).getKey());
    assertThat(rootRow.test(rootAgain)).isTrue();
    // An exception type after the seam is still left out of the field's end.
    assertThat(ValueEdges.text("Order <*> failed | java.lang.IllegalStateException", false))
        .isEqualTo("failed");
  }

  /**
   * GKE's agent gives a stdout line without a {@code severity} the stream's INFO, whatever its own
   * level: pino's {@code "level":50} with a Prisma error's {@code err.stack}, Serilog's {@code
   * "@l":"Error"} with {@code @x}. Their rows name the exception type, as the same lines with a
   * lifted severity do; an info line's trace is still not read.
   */
  @Test
  public void anErrorsTraceBesideItsMessageIsReadOnGkesStdout() throws Exception {
    String pino = "apploggers/pino-prisma-bootstrap-failed.json";
    KV<NoisyKey, NoisyEntry> row = keyed(fixture(pino));
    assertThat(row.getValue().template())
        .isEqualTo("Bootstrap failed | PrismaClientKnownRequestError");
    assertThat(TextLineKeys.exclusion(row)).contains("\"PrismaClientKnownRequestError\"");
    assertThat(keyed(withText(pino, "\"level\":50", "\"level\":30")).getValue().template())
        .isEqualTo("Bootstrap failed");
    assertThat(keyed(fixture("apploggers/serilog-rendered-unhandled.json")).getValue().template())
        .isEqualTo("Unhandled exception | System.InvalidOperationException");
    // A parser keeping only the rules' paths keeps the line's level too.
    byte[] json;
    try (InputStream in = getClass().getResourceAsStream("/families/" + pino)) {
      json = in.readAllBytes();
    }
    LogEvent narrow = parser.withPayloadPaths(List.of()).parse(json);
    assertThat(keyed(narrow).getValue().template()).isEqualTo(row.getValue().template());
  }

  @Test
  public void aLinesOwnLevelIsReadAsLoggersWriteIt() {
    for (String worse : new String[] {"50", "40", "60", "3", "error", "WARN", "Error", "dpanic"}) {
      assertThat(StackTraceFields.warningOrWorse(level(worse))).isTrue();
    }
    for (String info : new String[] {"30", "6", "info", "Information", "DEBUG", "100000"}) {
      assertThat(StackTraceFields.warningOrWorse(level(info))).isFalse();
    }
  }

  private static dev.logalerts.model.FieldValues level(String v) {
    return dev.logalerts.model.FieldValues.ofSorted(
        new String[] {dev.logalerts.model.FieldValues.key("jsonPayload", "level")},
        new String[] {v});
  }

  /**
   * Lograge's JSON behind rsyslog's {@code @cee:} cookie is mined as text: its {@code "status":400}
   * is a status class as {@code status=400} is, so the action's 400s are not the row of its 201s
   * (the status was a placeholder, one row for both).
   */
  @Test
  public void aQuotedStatusMemberKeepsItsClass() throws Exception {
    LogEvent badRequest = fixture("apploggers/lograge-cee-syslog-400.json");
    LogEvent created = fixture("apploggers/lograge-cee-syslog-201.json");
    KV<NoisyKey, NoisyEntry> row = keyed(badRequest);
    assertThat(row.getValue().template()).contains("\"status\":4xx,");
    assertThat(keyed(created).getKey()).isNotEqualTo(row.getKey());
    assertThat(Filter.compile(TextLineKeys.exclusion(row)).test(created)).isFalse();
    assertThat(lines.template("got {'status': 404, 'reason': 'x'}"))
        .isEqualTo("got {'status': 4xx, 'reason': 'x'}");
    // An exit status, a count, and a bare "status: 200" (Loghub's OpenStack lines) stay data.
    assertThat(lines.template("{\"exit_status\":137}")).isEqualTo("{\"exit_status\":<*>}");
    assertThat(lines.template("{\"count\":404}")).isEqualTo("{\"count\":<*>}");
    assertThat(lines.template("status: 200 len: 1893")).isEqualTo("status: <*> len: <*>");
  }
}
