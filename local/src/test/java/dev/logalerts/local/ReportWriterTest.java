package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** report.html renders the top templates and the alert timeline from small fixture files. */
@RunWith(JUnit4.class)
public class ReportWriterTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static String noisy(
      String service,
      String sev,
      String id,
      String template,
      long count,
      long bytes,
      String start,
      String end,
      String timing,
      double cost) {
    return String.format(
        "{\"window_start\":\"%s\",\"window_end\":\"%s\",\"project_id\":\"shop\",\"service\":\"%s\","
            + "\"resource_type\":\"k8s_container\",\"log_id\":\"stdout\",\"severity\":\"%s\","
            + "\"template_id\":\"%s\",\"template\":\"%s\",\"count\":%d,\"bytes\":%d,"
            + "\"sample_message\":\"x\",\"sample_insert_ids\":[\"a\"],\"first_seen\":\"%s\","
            + "\"last_seen\":\"%s\",\"suggested_exclusion\":\"severity=%s\","
            + "\"est_monthly_cost_usd\":%s,\"pane_timing\":\"%s\",\"pane_index\":0}",
        start, end, service, sev, id, template, count, bytes, start, start, sev, cost, timing);
  }

  private static String alert(String id, String rule, String state, String end, String summary) {
    return String.format(
        "{\"alertId\":\"%s\",\"rule\":\"%s\",\"state\":\"%s\",\"severity\":\"HIGH\","
            + "\"windowStart\":\"2026-11-28T09:55:00Z\",\"windowEnd\":\"%s\",\"summary\":\"%s\"}",
        id, rule, state, end, summary);
  }

  private static int count(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  public void rendersTopTemplatesAndAlertTimeline() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path noisyDir = Files.createDirectories(dir.resolve("noisy_logs"));
    Path alertDir = Files.createDirectories(dir.resolve("alerts"));
    String h1 = "2026-11-28T10:00:00Z";
    String h2 = "2026-11-28T11:00:00Z";
    String h3 = "2026-11-28T12:00:00Z";
    Files.writeString(
        noisyDir.resolve("part-00000-of-00002.json"),
        String.join(
                "\n",
                noisy(
                    "cart",
                    "INFO",
                    "t-miss",
                    "Cache miss for key <*>",
                    900,
                    90_000,
                    h1,
                    h2,
                    "ON_TIME",
                    21.6),
                noisy(
                    "cart",
                    "INFO",
                    "t-miss",
                    "Cache miss for key <*>",
                    100,
                    10_000,
                    h1,
                    h2,
                    "LATE",
                    2.4),
                noisy(
                    "auth",
                    "ERROR",
                    "t-xss",
                    "<img src=x onerror=alert(1)> & more",
                    5,
                    5_000,
                    h1,
                    h2,
                    "ON_TIME",
                    1.2),
                "not json at all",
                "")
            + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(
        noisyDir.resolve("part-00001-of-00002.json"),
        String.join(
                "\n",
                noisy(
                    "lb",
                    "INFO",
                    "t-get",
                    "GET /api/items/<*> 2xx",
                    300,
                    60_000,
                    h2,
                    h3,
                    "ON_TIME",
                    14.4),
                noisy(
                    "cart",
                    "INFO",
                    "t-miss",
                    "Cache miss for key <*>",
                    50,
                    5_000,
                    h2,
                    h3,
                    "ON_TIME",
                    1.2))
            + "\n",
        StandardCharsets.UTF_8);
    // A Beam temp directory must be ignored.
    Files.createDirectories(noisyDir.resolve(".temp-beam-123"));
    Files.writeString(
        noisyDir.resolve(".temp-beam-123/x.json"),
        noisy("ghost", "INFO", "t-ghost", "ghost", 1, 1, h1, h2, "ON_TIME", 0) + "\n");
    Files.writeString(
        alertDir.resolve("part-00000-of-00001.json"),
        String.join(
                "\n",
                alert(
                    "a1",
                    "checkout-errors",
                    "FIRING",
                    "2026-11-28T10:05:00Z",
                    "errors <b>high</b>"),
                alert(
                    "a1", "checkout-errors", "RESOLVED", "2026-11-28T10:30:00Z", "back to normal"),
                alert(
                    "a2",
                    "latency-p99",
                    "FIRING",
                    "2026-11-28T10:20:00Z",
                    "<script>alert(1)</script>"))
            + "\n");

    Path out = ReportWriter.write(dir);
    String html = Files.readString(out, StandardCharsets.UTF_8);

    // Three templates (ghost ignored), largest first; cart's three rows summed.
    assertThat(count(html, "<rect class=\"bar\"")).isEqualTo(3);
    assertThat(html).contains("Cache miss for key &lt;*&gt;");
    assertThat(html).contains("GET /api/items/&lt;*&gt; 2xx");
    assertThat(html).contains("1,050 entries"); // grouped as the summary prints counts
    assertThat(html).doesNotContain("ghost");
    int miss = html.indexOf("data-template-id=\"t-miss\"");
    int get = html.indexOf("data-template-id=\"t-get\"");
    int xss = html.indexOf("data-template-id=\"t-xss\"");
    assertThat(miss).isLessThan(get);
    assertThat(get).isLessThan(xss);
    // Monthly cost: (21.6 + 2.4 + 1.2) * 3600 s / 7200 s covered = 12.60.
    assertThat(html).contains("$12.60/mo");
    assertThat(html).contains("1 unreadable input lines skipped");
    // Timeline: two lanes, two FIRING markers, one RESOLVED, one incident line.
    assertThat(count(html, "<circle class=\"firing\"")).isEqualTo(2);
    assertThat(count(html, "<rect class=\"resolved\"")).isEqualTo(1);
    assertThat(count(html, "<line class=\"incident\"")).isEqualTo(1);
    assertThat(count(html, "<line class=\"lane\"")).isEqualTo(2);
    assertThat(html).contains("checkout-errors");
    assertThat(html).contains("latency-p99");
    // Everything from the data is escaped; the page loads nothing.
    assertThat(html).doesNotContain("<script");
    assertThat(html).doesNotContain("<img");
    assertThat(html).doesNotContain("<b>high");
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    // No element has a src or href attribute (text inside quoted attribute values is not one).
    assertThat(html)
        .doesNotContainMatch("(?i)<[a-z]+(\\s+[a-z-]+(=\"[^\"]*\")?)*\\s+(src|href)\\s*=");
    assertThat(html).doesNotContain("http://");
    assertThat(html).doesNotContain("https://");
  }

  @Test
  public void emptyDirectoryStillRenders() throws Exception {
    Path dir = tmp.newFolder("empty").toPath();
    String html = Files.readString(ReportWriter.write(dir), StandardCharsets.UTF_8);
    assertThat(html).contains("No noisy-log rows.");
    assertThat(html).contains("No alerts.");
  }

  @Test
  public void alertsASilenceHeldBackAreCountedApart() throws Exception {
    Path dir = tmp.newFolder("silenced").toPath();
    Path held = Files.createDirectories(dir.resolve("alerts_silenced"));
    Files.writeString(
        held.resolve("part-00000-of-00001.json"),
        alert("a1", "nightly", "FIRING", "2026-11-28T02:05:00Z", "x")
            + "\n"
            + alert("a1", "nightly", "RESOLVED", "2026-11-28T02:30:00Z", "y")
            + "\n");
    String html = Files.readString(ReportWriter.write(dir), StandardCharsets.UTF_8);
    assertThat(html).contains(" 0 alert messages (2 more silenced).");
  }

  @Test
  public void escapes() {
    assertThat(ReportWriter.esc("a<b>&\"c'")).isEqualTo("a&lt;b&gt;&amp;&quot;c&#39;");
    assertThat(ReportWriter.esc("plain")).isEqualTo("plain");
    assertThat(ReportWriter.humanBytes(1536)).isEqualTo("1.5 KiB");
  }
}
