package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.ERRORS;
import static dev.logalerts.alerting.AlertTestSupport.rule;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Logs Explorer links of alerts: the {@code projectId} the parser gives an entry (its logName's
 * project) scopes the link and, as a group key, becomes a query clause that selects the same
 * entries.
 */
@RunWith(JUnit4.class)
public class AlertTextTest {
  private static final long START = 1_795_000_000_000L;
  private static final long END = START + 300_000L;

  private static String url(String project, String groupValue) {
    Rule r = rule("audit-errors", RuleType.THRESHOLD, ERRORS, "projectId").setThreshold(1).build();
    return URLDecoder.decode(
        AlertText.logsExplorerUrl(r, List.of(groupValue), START, END, project),
        StandardCharsets.UTF_8);
  }

  @Test
  public void aProjectScopesTheLinkAndGroupsByItsLogName() {
    String u = url("shop-prod", "shop-prod");
    assertThat(u).endsWith("?project=shop-prod");
    assertThat(u).contains(" AND logName:\"projects/shop-prod/logs/\" AND ");
    assertThat(u).doesNotContain("resource.labels.project_id");
  }

  /** The clause selects the group's entries, also where the resource names the project number. */
  @Test
  public void theLinksProjectClauseMatchesTheEntriesOfTheGroup() throws Exception {
    for (String logName : logNames()) {
      LogEvent e =
          new LogEntryParser()
              .parse(
                  ("{\"timestamp\":\"2026-11-20T00:00:00Z\",\"severity\":\"ERROR\",\"logName\":\""
                          + logName
                          + "\",\"resource\":{\"type\":\"dataflow_step\",\"labels\":{"
                          + "\"project_id\":\"482913705512\"}},\"textPayload\":\"x\"}")
                      .getBytes(StandardCharsets.UTF_8));
      String u = url(e.projectId(), e.projectId());
      String query = u.substring(u.indexOf(";query=") + 7, u.indexOf(";timeRange="));
      String clause = query.substring(query.indexOf("logName:"), query.indexOf(" AND timestamp"));
      assertThat(Filter.compile(clause).test(e)).isTrue();
    }
  }

  private static List<String> logNames() {
    return List.of("projects/etl-prod/logs/dataflow.googleapis.com%2Fjob-message");
  }
}
