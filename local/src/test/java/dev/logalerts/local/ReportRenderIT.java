package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * report.html rendered by headless Chromium at a desktop width (1280 px) and a phone width (390
 * px), with templates from a few characters to thousands: the rendered DOM has every section, no
 * element wider than its box (nothing overlaps, the page does not scroll sideways), and long labels
 * are cut with their full text on hover. A script added to a copy of the page measures the layout
 * and writes the result into the DOM, which {@code --dump-dom} returns.
 *
 * <p>Needs the Debian package {@code chromium} ({@code .ci/run} installs it); without it the test
 * is skipped, except in CI ({@code CI=true}), where it fails.
 */
@RunWith(JUnit4.class)
public class ReportRenderIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RESULT =
      Pattern.compile("<pre id=\"layout-check\">(.*?)</pre>", Pattern.DOTALL);

  /** Measures the page: sections present, and every element that sticks out of its box. */
  private static final String CHECK =
      "<script>\n"
          + "(function(){\n"
          + "  var out = {sections: {}, overflow: [], pageWidth: 0, viewport: 0, labels: []};\n"
          + "  ['templates','template-table','alerts','alert-table'].forEach(function(id){\n"
          + "    out.sections[id] = !!document.getElementById(id); });\n"
          + "  out.pageWidth = document.documentElement.scrollWidth;\n"
          + "  out.viewport = window.innerWidth;\n"
          + "  out.bodyWidth = document.body.getBoundingClientRect().width;\n"
          + "  var all = document.body.querySelectorAll('*');\n"
          + "  for (var i = 0; i < all.length; i++) {\n"
          + "    var e = all[i], p = e.parentElement;\n"
          + "    if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;\n"
          + "    var r = e.getBoundingClientRect(), pr = p.getBoundingClientRect();\n"
          + "    var st = getComputedStyle(e);\n"
          + "    var clips = st.overflowX !== 'visible';\n"
          + "    var what = e.tagName + (e.id ? '#' + e.id : '')\n"
          + "      + (e.className && e.className.baseVal === undefined ? '.' + e.className : '');\n"
          + "    if (r.width > 0 && (r.left < pr.left - 1 || r.right > pr.right + 1))\n"
          + "      out.overflow.push(what + ' outside its parent ' + p.tagName);\n"
          + "    if (!clips && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)\n"
          + "      out.overflow.push(what + ' content wider than its box');\n"
          + "  }\n"
          + "  var rows = document.querySelectorAll('#templates tbody tr');\n"
          + "  for (var j = 0; j < rows.length; j++) {\n"
          + "    var c = rows[j].children, a = c[0].getBoundingClientRect(),\n"
          + "        b = c[1].getBoundingClientRect(), v = c[2].getBoundingClientRect();\n"
          + "    if (a.right > b.left + 1 || b.right > v.left + 1)\n"
          + "      out.overflow.push('template row ' + j + ' cells overlap');\n"
          + "    out.labels.push({title: c[0].getAttribute('title') || '',\n"
          + "      text: c[0].textContent, cut: c[0].scrollWidth > c[0].clientWidth});\n"
          + "  }\n"
          + "  var pre = document.createElement('pre'); pre.id = 'layout-check';\n"
          + "  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);\n"
          + "})();\n"
          + "</script>\n";

  private static final int MIN_WINDOW = 500;

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  static String chromium() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser", "google-chrome"}) {
        File f = new File(dir, name);
        if (f.canExecute()) {
          return f.getPath();
        }
      }
    }
    return null;
  }

  private static String noisy(String service, String id, String template, long bytes) {
    ObjectNodeBuilder b = new ObjectNodeBuilder();
    return b.put("window_start", "2026-11-28T10:00:00Z")
        .put("window_end", "2026-11-28T11:00:00Z")
        .put("project_id", "shop")
        .put("service", service)
        .put("resource_type", "k8s_container")
        .put("log_id", "stdout")
        .put("severity", "INFO")
        .put("template_id", id)
        .put("template", template)
        .put("count", bytes / 100)
        .put("bytes", bytes)
        .put("sample_message", template)
        .put("suggested_exclusion", "textPayload=\"" + template + "\"")
        .put("est_monthly_cost_usd", bytes / 1e6)
        .toString();
  }

  /** Minimal JSON object builder for fixture rows. */
  private static final class ObjectNodeBuilder {
    private final com.fasterxml.jackson.databind.node.ObjectNode o = JSON.createObjectNode();

    ObjectNodeBuilder put(String k, String v) {
      o.put(k, v);
      return this;
    }

    ObjectNodeBuilder put(String k, long v) {
      o.put(k, v);
      return this;
    }

    ObjectNodeBuilder put(String k, double v) {
      o.put(k, v);
      return this;
    }

    @Override
    public String toString() {
      return o.toString();
    }
  }

  private Path report() throws Exception {
    Path dir = tmp.newFolder("out").toPath();
    Path noisy = Files.createDirectories(dir.resolve("noisy_logs"));
    Path alerts = Files.createDirectories(dir.resolve("alerts"));
    List<String> rows = new ArrayList<>();
    rows.add(noisy("a", "t0", "ok", 9_000_000));
    rows.add(noisy("shop/checkout", "t1", "GET /cart 2xx", 5_000_000));
    rows.add(noisy("shop/payments-api-with-a-long-name", "t2", "x".repeat(3000), 4_000_000));
    rows.add(
        noisy(
            "svc",
            "t3",
            "Failed to process order <*> for customer <*> because the upstream inventory"
                + " service returned an unexpected response after <*> retries ".repeat(20),
            3_000_000));
    rows.add(noisy("k".repeat(200), "t4", "/very/long/path/".repeat(100), 10));
    for (int i = 0; i < 12; i++) {
      rows.add(noisy("svc" + i, "u" + i, "template number " + i + " <*>", 1000L * (i + 1)));
    }
    Files.writeString(noisy.resolve("part-0.json"), String.join("\n", rows) + "\n");
    Files.writeString(
        alerts.resolve("part-0.json"),
        "{\"alertId\":\"a1\",\"rule\":\""
            + "checkout-errors-with-an-extremely-long-rule-name-that-goes-on"
            + "\",\"state\":\"FIRING\",\"severity\":\"HIGH\",\"windowStart\":"
            + "\"2026-11-28T10:00:00Z\",\"windowEnd\":\"2026-11-28T10:05:00Z\",\"summary\":\""
            + "y".repeat(500)
            + "\"}\n"
            + "{\"alertId\":\"a1\",\"rule\":\"checkout-errors-with-an-extremely-long-rule-name-"
            + "that-goes-on\",\"state\":\"RESOLVED\",\"severity\":\"HIGH\",\"windowStart\":"
            + "\"2026-11-28T10:10:00Z\",\"windowEnd\":\"2026-11-28T10:15:00Z\","
            + "\"summary\":\"ok\"}\n"
            + "{\"alertId\":\"a2\",\"rule\":\"p95\",\"state\":\"FIRING\",\"severity\":\"LOW\","
            + "\"windowStart\":\"2026-11-28T10:20:00Z\",\"windowEnd\":\"2026-11-28T10:25:00Z\","
            + "\"summary\":\"slow\"}\n");
    return ReportWriter.write(dir);
  }

  private JsonNode render(Path page, int width, int height) throws Exception {
    String chromium = chromium();
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (chromium == null && !ci) {
      assumeTrue(
          "chromium not installed (apt-get install chromium; .ci/run does): report layout not"
              + " rendered",
          false);
    }
    assertWithMessage("CI=true but no chromium on PATH (.ci/run installs the Debian package)")
        .that(chromium)
        .isNotNull();
    Path probe = tmp.getRoot().toPath().resolve("probe-" + width + ".html");
    String html = Files.readString(page, StandardCharsets.UTF_8);
    String narrow = "";
    int window = width;
    if (width < MIN_WINDOW) {
      // Headless Chromium's window is at least 500 px wide: below that, the page's body is held
      // to the phone's width (the media queries already apply at 500 px).
      narrow = "<style>body{width:" + width + "px !important}</style>\n";
      window = MIN_WINDOW;
    }
    Files.writeString(
        probe, html.replace("</body>", narrow + CHECK + "</body>"), StandardCharsets.UTF_8);
    Path profile = tmp.newFolder("chromium-" + width).toPath();
    Path dom = tmp.getRoot().toPath().resolve("dom-" + width + ".html");
    Process p =
        new ProcessBuilder(
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=" + window + "," + height,
                "--run-all-compositor-stages-before-draw",
                "--virtual-time-budget=5000",
                "--dump-dom",
                probe.toUri().toString())
            .redirectOutput(dom.toFile())
            .redirectError(tmp.getRoot().toPath().resolve("chromium-" + width + ".log").toFile())
            .start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish rendering within 120 s");
    }
    String out = Files.readString(dom, StandardCharsets.UTF_8);
    Matcher m = RESULT.matcher(out);
    assertWithMessage(
            "chromium's DOM has the layout check (exit %s); stderr: %s",
            p.exitValue(),
            Files.readString(tmp.getRoot().toPath().resolve("chromium-" + width + ".log")))
        .that(m.find())
        .isTrue();
    return JSON.readTree(
        m.group(1)
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"));
  }

  private void check(int width, int height) throws Exception {
    JsonNode r = render(report(), width, height);
    for (String id : List.of("templates", "template-table", "alerts", "alert-table")) {
      assertWithMessage("section #%s at %s px", id, width)
          .that(r.path("sections").path(id).asBoolean())
          .isTrue();
    }
    assertWithMessage("page width at %s px", width)
        .that(r.path("pageWidth").asInt())
        .isAtMost(r.path("viewport").asInt());
    assertWithMessage("body width at %s px", width)
        .that(r.path("bodyWidth").asDouble())
        .isAtMost(width);
    List<String> overflow = new ArrayList<>();
    r.path("overflow").forEach(n -> overflow.add(n.asText()));
    assertWithMessage("elements overflowing their box at %s px", width).that(overflow).isEmpty();
    JsonNode labels = r.path("labels");
    assertThat(labels.size()).isEqualTo(15);
    boolean anyCut = false;
    for (JsonNode l : labels) {
      // The full label is always on hover.
      assertThat(l.path("title").asText()).startsWith(l.path("text").asText());
      anyCut |= l.path("cut").asBoolean();
    }
    assertWithMessage("long templates are truncated at %s px", width).that(anyCut).isTrue();
  }

  @Test
  public void desktopWidth() throws Exception {
    check(1280, 900);
  }

  @Test
  public void phoneWidth() throws Exception {
    check(390, 844);
  }
}
