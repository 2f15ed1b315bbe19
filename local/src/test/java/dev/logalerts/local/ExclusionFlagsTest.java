package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The run summary and report.html flag the templates alert rules depend on (their rows'
 * alert_rules, united over windows), naming the rules, and only those templates.
 */
@RunWith(JUnit4.class)
public class ExclusionFlagsTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static String row(
      String service, String template, String hour, long bytes, String rules) {
    return String.format(
        "{\"window_start\":\"2026-11-28T%s:00:00Z\",\"window_end\":\"2026-11-28T%s:59:59Z\","
            + "\"project_id\":\"shop\",\"service\":\"%s\",\"resource_type\":\"k8s_container\","
            + "\"log_id\":\"stdout\",\"severity\":\"INFO\",\"template_id\":\"id-%s\","
            + "\"template\":\"%s\",\"count\":10,\"bytes\":%d,\"sample_message\":\"x\","
            + "\"sample_insert_ids\":[\"a\"],\"first_seen\":\"2026-11-28T%s:00:00Z\","
            + "\"last_seen\":\"2026-11-28T%s:00:00Z\",\"suggested_exclusion\":\"EXCL-%s\","
            + "\"est_monthly_cost_usd\":1.0,\"pane_timing\":\"ON_TIME\",\"pane_index\":0,"
            + "\"alert_rules\":[%s]}",
        hour, hour, service, template, template, bytes, hour, hour, template, rules);
  }

  private Path fixture() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path noisy = Files.createDirectories(dir.resolve("noisy_logs"));
    Files.write(
        noisy.resolve("part-0.json"),
        List.of(
            // "checkout failed" feeds two rules, one named in each hour: the union is named.
            row("shop/checkout", "checkout failed", "10", 5000, "\"pay-errors\""),
            row("shop/checkout", "checkout failed", "11", 5000, "\"any-errors\",\"pay-errors\""),
            // "health ok" feeds no rule (an empty list, and a row written before the column).
            row("shop/web", "health ok", "10", 9000, ""),
            row("shop/web", "health ok", "11", 9000, "").replace(",\"alert_rules\":[]", "")),
        StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("alerts"));
    return dir;
  }

  @Test
  public void summaryNamesTheRulesUnderTheTemplatesTheyDependOn() throws Exception {
    Path dir = fixture();
    String summary = new RunSummary(Map.of(), dir).render();
    List<String> lines = summary.lines().toList();
    int health = indexOf(lines, "health ok");
    int checkout = indexOf(lines, "checkout failed");
    assertThat(health).isLessThan(checkout); // by bytes
    assertThat(lines.get(health + 1)).doesNotContain("alert rules");
    assertThat(lines.get(checkout + 1).trim())
        .isEqualTo(
            "alert rules read these entries (an exclusion would blind them):"
                + " any-errors, pay-errors");
    assertThat(summary.split("alert rules read these entries", -1)).hasLength(2);
  }

  @Test
  public void reportFlagsTheTemplatesRulesDependOn() throws Exception {
    Path dir = fixture();
    String html = Files.readString(ReportWriter.write(dir), StandardCharsets.UTF_8);
    String table = html.substring(html.indexOf("id=\"template-table\""));
    String checkoutRow = table.substring(table.indexOf("checkout failed"));
    checkoutRow = checkoutRow.substring(0, checkoutRow.indexOf("</tr>"));
    assertThat(checkoutRow)
        .contains(
            "<p class=\"blinds\">Alert rules read these entries: any-errors, pay-errors."
                + " Excluding them would blind these rules.</p><code>EXCL-checkout failed</code>");
    String healthRow = table.substring(table.indexOf("health ok"));
    healthRow = healthRow.substring(0, healthRow.indexOf("</tr>"));
    assertThat(healthRow).doesNotContain("blinds");
    assertThat(healthRow).contains("<code>EXCL-health ok</code>");
    // The chart's hover text names them too.
    assertThat(html).contains("alert rules that read these entries: any-errors, pay-errors");
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError(text + " not in " + lines);
  }
}
