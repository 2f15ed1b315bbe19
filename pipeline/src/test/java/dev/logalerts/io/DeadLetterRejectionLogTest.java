package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import com.google.api.services.bigquery.model.TableRow;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A dead letter the table rejects is logged with the start of its payload, and that log line goes
 * to the worker's log in Cloud Logging, not to the access-controlled table: it quoted the raw
 * input, secrets included. The Slack bot token is from gitleaks' {@code
 * cmd/generate/config/rules/slack.go} (commit 02788fb5ec7f20b962f5e01437f4baacbca3e8fa, MIT), as in
 * {@code redaction/real/leaks.tsv}.
 */
@RunWith(JUnit4.class)
public class DeadLetterRejectionLogTest {
  private static final String TOKEN = "xoxb-781236542736-2364535789652-GkwFDQoHqzXDVsC6GzqYUypD";

  private static List<String> logged(String payload) {
    Logger logger = Logger.getLogger(DeadLetterSink.class.getName());
    List<String> lines = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            Object[] p = r.getParameters();
            String text = r.getMessage();
            if (p != null) {
              for (Object o : p) {
                text =
                    text.replaceFirst("\\{\\}", java.util.regex.Matcher.quoteReplacement("" + o));
              }
            }
            lines.add(text);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(h);
    try {
      TableRow row = new TableRow().set("payloadString", payload);
      new DeadLetterSink.LogUnwritableFn()
          .process(new BigQueryStorageApiInsertError(row, "row too large"));
    } finally {
      logger.removeHandler(h);
    }
    return lines;
  }

  @Test
  public void theLoggedPayloadIsRedacted() {
    String payload =
        "{\"severity\":\"ERROR\",\"message\":\"slack_sdk.errors.SlackApiError: invalid_auth\","
            + "\"bot_token\":\""
            + TOKEN
            + "\"";
    List<String> lines = logged(payload);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).doesNotContain(TOKEN.substring(0, 20));
    assertThat(lines.get(0)).contains("[REDACTED:");
    assertThat(lines.get(0)).contains("slack_sdk.errors.SlackApiError: invalid_auth");
  }

  /** A token that straddles the cut is redacted whole before the cut, not left half-recognised. */
  @Test
  public void aTokenAcrossTheCutIsRedactedBeforeTheCut() {
    String lead = "x".repeat(180) + " ";
    List<String> lines = logged(lead + TOKEN + " rejected");
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).doesNotContain("xoxb-7812");
  }
}
