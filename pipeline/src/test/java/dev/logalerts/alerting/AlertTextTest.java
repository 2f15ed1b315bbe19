package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.ERRORS;
import static dev.logalerts.alerting.AlertTestSupport.rule;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RulesLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Logs Explorer links of alerts: the {@code projectId} the parser gives an entry (its logName's
 * project, or the organization, folder or billing account holding the log) scopes the link and, as
 * a group key, becomes a query clause that selects the same entries.
 */
@RunWith(JUnit4.class)
public class AlertTextTest {
  private static final long START = 1_795_000_000_000L;
  private static final long END = START + 300_000L;

  private static String url(String project, String groupValue) {
    Rule r = rule("audit-errors", RuleType.THRESHOLD, ERRORS, "projectId").setThreshold(1).build();
    return URLDecoder.decode(
        AlertText.logsExplorerUrl(r, List.of(groupValue), START, END, project, ""),
        StandardCharsets.UTF_8);
  }

  private static String projectOf(String filter, String groupBy, String group) {
    Rule r =
        RulesLoader.parse(
                "rules:\n"
                    + "  - name: nightly\n"
                    + "    type: deadline\n"
                    + "    filter: '"
                    + filter
                    + "'\n"
                    + "    groupBy: ["
                    + groupBy
                    + "]\n"
                    + "    schedule: '0 6 * * *'\n",
                "inline")
            .rule("nightly");
    return AlertText.projectRequiredBy(r, List.of(group));
  }

  @Test
  public void aGroupNeverSeenIsLinkedToTheProjectItsRuleRequires() {
    // An expected group that never logged has no entry to take the project from.
    String job = "resource.labels.job_name";
    assertThat(projectOf("resource.labels.project_id=\"acme-prod\" AND textPayload:done", job, "x"))
        .isEqualTo("acme-prod");
    assertThat(projectOf("logName=\"projects/acme-prod/logs/cron\" AND textPayload:done", job, "x"))
        .isEqualTo("acme-prod");
    assertThat(projectOf("logName=\"organizations/123/logs/cron\"", job, "x"))
        .isEqualTo("organizations/123");
    assertThat(projectOf("textPayload:done", "projectId", "acme-batch")).isEqualTo("acme-batch");
    // Two projects allowed, or none named: no scope rather than a wrong one.
    assertThat(
            projectOf(
                "resource.labels.project_id=(\"acme-prod\" OR \"acme-dev\") AND textPayload:done",
                job,
                "x"))
        .isEmpty();
    assertThat(projectOf("NOT resource.labels.project_id=\"acme-prod\"", job, "x")).isEmpty();
    assertThat(projectOf("textPayload:done", job, "x")).isEmpty();
  }

  @Test
  public void oneMatchingEntryReadsAsOne() {
    // A threshold-1 page said "logged 1 matching entries in 10m".
    assertThat(AlertText.matchingEntries(1)).isEqualTo("1 matching entry");
    assertThat(AlertText.matchingEntries(0)).isEqualTo("0 matching entries");
    assertThat(AlertText.matchingEntries(15)).isEqualTo("15 matching entries");
  }

  @Test
  public void aProjectScopesTheLinkAndGroupsByItsLogName() {
    String u = url("shop-prod", "shop-prod");
    assertThat(u).endsWith("?project=shop-prod");
    assertThat(u).contains(" AND logName:\"projects/shop-prod/logs/\" AND ");
    assertThat(u).doesNotContain("resource.labels.project_id");
  }

  @Test
  public void anOrganizationScopesTheLinkToTheOrganization() {
    String u = url("organizations/123456789098", "organizations/123456789098");
    assertThat(u).endsWith("?organizationId=123456789098");
    assertThat(u).contains(" AND logName:\"organizations/123456789098/logs/\" AND ");
    assertThat(u).doesNotContain("?project=");
  }

  @Test
  public void aFolderScopesTheLinkToTheFolder() {
    String u = url("folders/42", "folders/42");
    assertThat(u).endsWith("?folder=42");
    assertThat(u).contains(" AND logName:\"folders/42/logs/\" AND ");
  }

  @Test
  public void aBillingAccountGroupsByItsLogNameWithoutAScope() {
    String u = url("billingAccounts/0A1B2C-3D4E5F-6A7B8C", "billingAccounts/0A1B2C-3D4E5F-6A7B8C");
    assertThat(u).contains(" AND logName:\"billingAccounts/0A1B2C-3D4E5F-6A7B8C/logs/\" AND ");
    assertThat(u).doesNotContain("?");
  }

  /** The clause selects the group's entries, also where the resource names the project number. */
  @Test
  public void theLinksProjectClauseMatchesTheEntriesOfTheGroup() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    for (String logName :
        new String[] {
          "projects/etl-prod/logs/dataflow.googleapis.com%2Fjob-message",
          "organizations/123456789098/logs/cloudaudit.googleapis.com%2Fdata_access"
        }) {
      LogEvent e =
          parser.parse(
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

  @Test
  public void theNoneGroupsClauseMatchesEntriesWithoutTheFieldAndWithItEmpty() throws Exception {
    Rule r = rule("by-tenant", RuleType.THRESHOLD, ERRORS, "labels.tenant").setThreshold(1).build();
    String u =
        URLDecoder.decode(
            AlertText.logsExplorerUrl(r, List.of(GroupKeys.NONE), START, END, "p", ""),
            StandardCharsets.UTF_8);
    String query = u.substring(u.indexOf(";query=") + 7, u.indexOf(";timeRange="));
    String clause = query.substring(query.indexOf("(-labels"), query.indexOf(" AND timestamp"));
    assertThat(clause).isEqualTo("(-labels.tenant:* OR labels.tenant=\"\")");
    LogEntryParser parser = new LogEntryParser();
    String entry =
        "{\"timestamp\":\"2026-11-20T00:00:00Z\",\"logName\":\"projects/p/logs/app\","
            + "\"resource\":{\"type\":\"global\"},\"textPayload\":\"x\"LABELS}";
    String[] labels = {"", ",\"labels\":{\"tenant\":\"\"}", ",\"labels\":{\"tenant\":\"acme\"}"};
    boolean[] selected = new boolean[labels.length];
    for (int i = 0; i < labels.length; i++) {
      LogEvent e =
          parser.parse(entry.replace("LABELS", labels[i]).getBytes(StandardCharsets.UTF_8));
      selected[i] = Filter.compile(clause).test(e);
    }
    assertThat(selected).asList().containsExactly(true, true, false).inOrder();
  }

  @Test
  public void aGroupValueOtherRestrictsTheLinkLikeAnyValue() {
    // Only the overflow group (several groups together) has no restriction; a tenant really
    // called "other" had none either, so its link showed every tenant's entries.
    Rule r =
        rule("tenant-errors", RuleType.THRESHOLD, ERRORS, "jsonPayload.tenant")
            .setThreshold(1)
            .build();
    String real =
        URLDecoder.decode(
            AlertText.logsExplorerUrl(r, List.of("other"), START, END, "shop-prod", ""),
            StandardCharsets.UTF_8);
    assertThat(real).contains("jsonPayload.tenant=\"other\"");
    String overflow =
        URLDecoder.decode(
            AlertText.logsExplorerUrl(r, List.of(GroupKeys.OTHER), START, END, "shop-prod", ""),
            StandardCharsets.UTF_8);
    assertThat(overflow).doesNotContain("jsonPayload.tenant");
  }

  @Test
  public void aDescriptionShowsTheValueInTheUnitTheRuleWasWrittenIn() {
    // Was "0.091 of requests failed with 5xx (threshold 0.05)" for a rule written '5%', and
    // "p95 latency ... is 2.17 (threshold 2)" for one written 2s: the unit was lost.
    java.util.Map<String, String> g = java.util.Map.of("service", "pricing-api");
    String ratio = "{group.service}: {value} of requests failed (threshold {threshold})";
    RuleKind r = RuleKinds.of(RuleType.RATIO);
    assertThat(AlertText.description(ratio, g, r.valueText(0.0909091), r.valueText(0.05)))
        .isEqualTo("pricing-api: 9.1% of requests failed (threshold 5%)");
    RuleKind l = RuleKinds.of(RuleType.LATENCY);
    assertThat(l.valueText(2.17) + " " + l.valueText(2) + " " + l.valueText(0.25))
        .isEqualTo("2.17s 2s 0.25s");
    RuleKind a = RuleKinds.of(RuleType.ABSENCE);
    assertThat(a.valueText(4514.01) + " " + a.valueText(4500)).isEqualTo("1h15m14s 1h15m");
    assertThat(RuleKinds.of(RuleType.DEADLINE).valueText(86400)).isEqualTo("1d");
    for (RuleType counted :
        new RuleType[] {RuleType.THRESHOLD, RuleType.SPIKE, RuleType.NEW_TEMPLATE}) {
      assertThat(RuleKinds.of(counted).valueText(15)).isEqualTo("15");
    }
  }
}
