package dev.logalerts.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.Timestamps;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes {@code DIR/report.html} from a local run's output: a bar chart of the top templates by
 * bytes (with entries and estimated monthly cost) and a timeline of alerts (FIRING and RESOLVED per
 * rule over time). What a person would rather look at than read.
 *
 * <p>The page is self-contained: inline SVG and CSS, no scripts, no fonts or images from the
 * network (tooltips are {@code title} attributes and SVG {@code <title>} elements). All text from
 * the data is HTML-escaped — it comes from logs. Input: every file under {@code DIR/noisy_logs/}
 * and {@code DIR/alerts/} (newline-delimited JSON; hidden files and Beam's temp directories are
 * skipped). Lines that are not JSON objects are counted and reported on the page, not fatal.
 *
 * <p>Usage: {@code java dev.logalerts.local.ReportWriter DIR}.
 */
public final class ReportWriter {
  /** The report's file name in the output directory. */
  static final String FILE_NAME = "report.html";

  /** Bars in the chart. */
  public static final int TOP_TEMPLATES = 15;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHART_WIDTH = 960;
  private static final int LANE_HEIGHT = 34;

  private ReportWriter() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ReportWriter OUTPUT_DIR");
      System.exit(2);
    }
    Path out = write(Path.of(args[0]));
    System.out.println("wrote " + out);
  }

  /** A count as the run's summary prints it, with thousands separators: 11,000. */
  static String grouped(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Reads DIR's rows and writes DIR/report.html; returns its path. */
  public static Path write(Path dir) throws IOException {
    Input noisy = readRows(dir.resolve("noisy_logs"));
    Input alerts = readRows(dir.resolve("alerts"));
    alerts.heldBySilences = readRows(dir.resolve("alerts_silenced")).rows.size();
    String html = render(noisy, alerts);
    Path out = dir.resolve(FILE_NAME);
    Files.writeString(out, html, StandardCharsets.UTF_8);
    return out;
  }

  /** Rows read from one directory, and how many lines could not be read. */
  static final class Input {
    final List<JsonNode> rows = new ArrayList<>();
    int badLines;
    int heldBySilences;
  }

  static Input readRows(Path dir) throws IOException {
    Input in = new Input();
    if (!Files.isDirectory(dir)) {
      return in;
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(Files::isRegularFile)
          .filter(p -> !hidden(dir.relativize(p)))
          .sorted()
          .forEach(files::add);
    }
    for (Path f : files) {
      try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (line.isBlank()) {
            continue;
          }
          try {
            JsonNode n = JSON.readTree(line);
            if (n != null && n.isObject()) {
              in.rows.add(n);
            } else {
              in.badLines++;
            }
          } catch (IOException e) {
            in.badLines++;
          }
        }
      }
    }
    return in;
  }

  private static boolean hidden(Path relative) {
    for (Path part : relative) {
      String name = part.toString();
      if (name.startsWith(".") || name.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Templates

  /** One template's totals over all rows (all windows and panes). */
  static final class TemplateTotal {
    String service;
    String severity;
    String template;
    String templateId;
    String sample;
    String exclusion;
    long count;
    long bytes;

    /** Σ est_monthly_cost_usd × window seconds; divided by the covered period gives USD/month. */
    double costSeconds;

    /** The rows' alert_rules, united: excluding this template would blind these rules. */
    final TreeSet<String> alertRules = new TreeSet<>();

    /** "a, b" or empty: the rules that depend on this template's entries. */
    String rulesText() {
      return String.join(", ", alertRules);
    }
  }

  /**
   * A template's estimated monthly cost, computed as the analyst SQL does ({@code
   * schemas/queries/top_templates_by_bytes.sql}): Σ est_monthly_cost_usd × window seconds, divided
   * by the period covered ({@code @days × 86400} there, the span of the rows here). Summing the
   * rows' monthly rates instead would count a month once per window.
   */
  static double monthlyCost(TemplateTotal t, long periodSeconds) {
    return periodSeconds > 0 ? t.costSeconds / periodSeconds : 0;
  }

  static List<TemplateTotal> topTemplates(List<JsonNode> rows, int limit, long[] periodOut) {
    Map<String, TemplateTotal> byKey = new LinkedHashMap<>();
    long minStart = Long.MAX_VALUE;
    long maxEnd = Long.MIN_VALUE;
    for (JsonNode r : rows) {
      String service = text(r, "service");
      String severity = text(r, "severity");
      String templateId = text(r, "template_id");
      String key = service + '\u001f' + severity + '\u001f' + templateId;
      TemplateTotal t = byKey.computeIfAbsent(key, k -> new TemplateTotal());
      t.service = service;
      t.severity = severity;
      t.templateId = templateId;
      if (t.template == null) {
        t.template = text(r, "template");
        t.sample = text(r, "sample_message");
        t.exclusion = text(r, "suggested_exclusion");
      }
      t.count += r.path("count").asLong();
      t.bytes += r.path("bytes").asLong();
      r.path("alert_rules").forEach(n -> t.alertRules.add(n.asText()));
      long start = millis(text(r, "window_start"));
      long end = millis(text(r, "window_end"));
      if (start != Long.MIN_VALUE && end != Long.MIN_VALUE) {
        t.costSeconds += r.path("est_monthly_cost_usd").asDouble() * ((end - start) / 1000.0);
        minStart = Math.min(minStart, start);
        maxEnd = Math.max(maxEnd, end);
      }
    }
    periodOut[0] = maxEnd > minStart ? (maxEnd - minStart) / 1000 : 0;
    List<TemplateTotal> all = new ArrayList<>(byKey.values());
    all.sort(
        Comparator.comparingLong((TemplateTotal t) -> t.bytes)
            .reversed()
            .thenComparing(t -> t.templateId));
    return all.subList(0, Math.min(limit, all.size()));
  }

  // ---------------------------------------------------------------------------------------------
  // Alerts

  /** One alert message placed on the timeline. */
  static final class AlertMark {
    String rule;
    String state;
    String severity;
    String summary;
    String alertId;
    long atMillis;
  }

  static List<AlertMark> alertMarks(List<JsonNode> rows) {
    List<AlertMark> marks = new ArrayList<>();
    for (JsonNode r : rows) {
      AlertMark m = new AlertMark();
      m.rule = text(r, "rule");
      m.state = text(r, "state").toUpperCase(Locale.ROOT);
      m.severity = text(r, "severity");
      m.summary = text(r, "summary");
      m.alertId = text(r, "alertId");
      // When it happened: publish time if present, else the end of the window that decided it.
      long at = millis(text(r, "publishTime"));
      if (at == Long.MIN_VALUE) {
        at = millis(text(r, "windowEnd"));
      }
      if (at == Long.MIN_VALUE) {
        at = millis(text(r, "windowStart"));
      }
      if (at == Long.MIN_VALUE) {
        continue;
      }
      m.atMillis = at;
      marks.add(m);
    }
    marks.sort(Comparator.comparingLong((AlertMark m) -> m.atMillis).thenComparing(m -> m.rule));
    return marks;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  static String render(Input noisy, Input alerts) {
    long[] period = new long[1];
    List<TemplateTotal> top = topTemplates(noisy.rows, TOP_TEMPLATES, period);
    List<AlertMark> marks = alertMarks(alerts.rows);
    long totalCount = 0;
    long totalBytes = 0;
    for (JsonNode r : noisy.rows) {
      totalCount += r.path("count").asLong();
      totalBytes += r.path("bytes").asLong();
    }
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>log-alerts report</title>\n<style>\n")
        .append("*{box-sizing:border-box}\n")
        .append("body{font-family:system-ui,sans-serif;margin:0 auto;padding:16px 24px;")
        .append("color:#222;max-width:1200px}\n")
        .append("h1{font-size:22px}h2{font-size:18px;margin-top:32px}\n")
        .append("svg text{font-size:12px;font-family:system-ui,sans-serif}\n")
        .append(".bar{fill:#4a7bd0}.firing{fill:#d23c3c}.resolved{fill:#2e9d4f}\n")
        .append(".lane{stroke:#ddd}.incident{stroke:#d23c3c;stroke-width:3;opacity:.4}\n")
        .append("table{border-collapse:collapse;font-size:13px;width:100%;table-layout:fixed}\n")
        .append("td,th{border:1px solid #ddd;padding:3px 6px;text-align:left;")
        .append("vertical-align:top;overflow-wrap:anywhere}\n")
        .append("th{background:#f4f6f8}\n")
        .append("table.chart td,table.chart th{border:0;border-bottom:1px solid #eee;")
        .append("vertical-align:middle}\n")
        .append("table.chart .c-label{width:46%}table.chart .c-bar{width:30%}")
        .append("table.chart .c-value{width:24%}\n")
        .append("table.chart td.label{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}\n")
        .append(".barbox{display:block;width:100%;height:16px}\n")
        .append("#alerts{display:block;width:100%;height:auto;margin-bottom:12px}\n")
        .append(".table-wrap{width:100%;margin-top:12px}\n")
        .append("code{font-size:12px;overflow-wrap:anywhere}.muted{color:#777}\n")
        .append(".blinds{color:#b00020;margin:0 0 4px}\n")
        .append("@media (max-width:640px){body{padding:8px}")
        .append("table.chart .c-label{width:50%}table.chart .c-bar{width:18%}")
        .append("table.chart .c-value{width:32%}table{font-size:12px}}\n")
        .append("</style></head><body>\n<h1>log-alerts report</h1>\n");
    h.append("<p>")
        .append(grouped(totalCount))
        .append(" entries, ")
        .append(esc(humanBytes(totalBytes)))
        .append(" in ")
        .append(grouped(noisy.rows.size()))
        .append(" noisy-log rows; ")
        .append(grouped(marks.size()))
        .append(" alert messages")
        .append(
            alerts.heldBySilences == 0 ? "." : " (" + alerts.heldBySilences + " more silenced).");
    if (noisy.badLines + alerts.badLines > 0) {
      h.append(" <span class=\"muted\">")
          .append(noisy.badLines + alerts.badLines)
          .append(" unreadable input lines skipped.</span>");
    }
    h.append("</p>\n");
    renderTemplates(h, top, period[0]);
    renderAlerts(h, marks);
    h.append("</body></html>\n");
    return h.toString();
  }

  /**
   * The bar chart as a table, one row per template: the label (service, severity, template) in its
   * own column, truncated with an ellipsis and the full text on hover; the bar in a column of its
   * own (an SVG scaled to the cell); the figures in a third. Nothing is positioned by hand, so no
   * label can run into a bar or another label whatever the template's length or the width.
   */
  private static void renderTemplates(
      StringBuilder h, List<TemplateTotal> top, long periodSeconds) {
    h.append("<section id=\"templates-section\">\n<h2>Top templates by bytes</h2>\n");
    if (top.isEmpty()) {
      h.append("<p class=\"muted\">No noisy-log rows.</p>\n</section>\n");
      return;
    }
    long max = Math.max(1, top.get(0).bytes);
    h.append("<table id=\"templates\" class=\"chart\" aria-label=\"Top templates by bytes\">\n")
        .append("<colgroup><col class=\"c-label\"><col class=\"c-bar\"><col class=\"c-value\">")
        .append("</colgroup>\n")
        .append("<thead><tr><th scope=\"col\">service · severity · template</th>")
        .append("<th scope=\"col\">bytes</th><th scope=\"col\">volume · est. cost</th></tr>")
        .append("</thead>\n<tbody>\n");
    for (TemplateTotal t : top) {
      double share = Math.max(0.5, 100.0 * t.bytes / max);
      double monthly = monthlyCost(t, periodSeconds);
      String label = t.service + " · " + t.severity + " · " + t.template.replace('\n', ' ');
      String hover = label + "\nsample: " + shorten(t.sample, 300) + "\nexclusion: " + t.exclusion;
      if (!t.alertRules.isEmpty()) {
        hover += "\nalert rules that read these entries: " + t.rulesText();
      }
      h.append("<tr class=\"template\" data-template-id=\"")
          .append(esc(t.templateId))
          .append("\"><td class=\"label\" title=\"")
          .append(esc(hover))
          .append("\">")
          .append(esc(label))
          .append("</td><td class=\"barcell\"><svg class=\"barbox\" viewBox=\"0 0 100 10\"")
          .append(" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"bar\" x=\"0\"")
          .append(" y=\"0\" width=\"")
          .append(String.format(Locale.ROOT, "%.2f", share))
          .append("\" height=\"10\"/></svg></td><td class=\"value\">")
          .append(esc(humanBytes(t.bytes)))
          .append(" · ")
          .append(grouped(t.count))
          .append(" entries · $")
          .append(String.format(Locale.ROOT, "%.2f", monthly))
          .append("/mo</td></tr>\n");
    }
    h.append("</tbody></table>\n");
    h.append("<div class=\"table-wrap\"><table id=\"template-table\" class=\"data\">")
        .append(colgroup(16, 9, 30, 9, 10, 26))
        .append("<thead><tr><th scope=\"col\">service</th><th scope=\"col\">severity</th>")
        .append("<th scope=\"col\">template</th><th scope=\"col\">entries</th>")
        .append("<th scope=\"col\">bytes</th><th scope=\"col\">suggested exclusion</th></tr>")
        .append("</thead>\n<tbody>\n");
    for (TemplateTotal t : top) {
      h.append("<tr><td>")
          .append(esc(t.service))
          .append("</td><td>")
          .append(esc(t.severity))
          .append("</td><td><code>")
          .append(esc(t.template))
          .append("</code></td><td>")
          .append(grouped(t.count))
          .append("</td><td>")
          .append(esc(humanBytes(t.bytes)))
          .append("</td><td>");
      if (!t.alertRules.isEmpty()) {
        // Excluded entries never reach the pipeline (nor Cloud Logging's own alerts).
        h.append("<p class=\"blinds\">Alert rules read these entries: ")
            .append(esc(t.rulesText()))
            .append(". Excluding them would blind these rules.</p>");
      }
      if (t.exclusion.isEmpty()) {
        h.append("<p>none: the template has no constant text to tell it from the service's")
            .append(" other messages</p></td></tr>\n");
      } else {
        h.append("<code>").append(esc(t.exclusion)).append("</code></td></tr>\n");
      }
    }
    h.append("</tbody></table></div>\n</section>\n");
  }

  private static void renderAlerts(StringBuilder h, List<AlertMark> marks) {
    h.append("<section id=\"alerts-section\">\n<h2>Alert timeline</h2>\n");
    if (marks.isEmpty()) {
      h.append("<p class=\"muted\">No alerts.</p>\n</section>\n");
      return;
    }
    Map<String, Integer> lanes = new TreeMap<>();
    for (AlertMark m : marks) {
      lanes.putIfAbsent(m.rule, 0);
    }
    int lane = 0;
    for (Map.Entry<String, Integer> e : lanes.entrySet()) {
      e.setValue(lane++);
    }
    long t0 = marks.get(0).atMillis;
    long t1 = marks.get(marks.size() - 1).atMillis;
    long span = Math.max(1, t1 - t0);
    int left = 220;
    int plot = CHART_WIDTH - left - 30;
    int height = lanes.size() * LANE_HEIGHT + 40;
    // Scales to the page's width (viewBox); the table below is the readable form on a phone.
    h.append("<svg id=\"alerts\" viewBox=\"0 0 ")
        .append(CHART_WIDTH)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"Alert timeline\">\n");
    for (Map.Entry<String, Integer> e : lanes.entrySet()) {
      int y = 20 + e.getValue() * LANE_HEIGHT;
      h.append("<text x=\"0\" y=\"")
          .append(y + 4)
          .append("\">")
          .append(esc(shorten(e.getKey(), 30)))
          .append("</text>");
      h.append("<line class=\"lane\" x1=\"")
          .append(left)
          .append("\" x2=\"")
          .append(left + plot)
          .append("\" y1=\"")
          .append(y)
          .append("\" y2=\"")
          .append(y)
          .append("\"/>\n");
    }
    // Incidents: from a FIRING to the next RESOLVED of the same alertId.
    Map<String, AlertMark> open = new HashMap<>();
    for (AlertMark m : marks) {
      if (m.state.equals("FIRING")) {
        open.putIfAbsent(m.alertId, m);
      } else if (m.state.equals("RESOLVED") && open.containsKey(m.alertId)) {
        AlertMark f = open.remove(m.alertId);
        int y = 20 + lanes.get(m.rule) * LANE_HEIGHT;
        h.append("<line class=\"incident\" x1=\"")
            .append(x(f.atMillis, t0, span, left, plot))
            .append("\" x2=\"")
            .append(x(m.atMillis, t0, span, left, plot))
            .append("\" y1=\"")
            .append(y)
            .append("\" y2=\"")
            .append(y)
            .append("\"/>\n");
      }
    }
    for (AlertMark m : marks) {
      int y = 20 + lanes.get(m.rule) * LANE_HEIGHT;
      int x = x(m.atMillis, t0, span, left, plot);
      String title =
          m.state
              + " "
              + m.rule
              + " ("
              + m.severity
              + ") at "
              + Timestamps.formatMillis(m.atMillis)
              + "\n"
              + m.summary;
      if (m.state.equals("RESOLVED")) {
        h.append("<rect class=\"resolved\" x=\"")
            .append(x - 5)
            .append("\" y=\"")
            .append(y - 5)
            .append("\" width=\"10\" height=\"10\">");
        h.append("<title>").append(esc(title)).append("</title></rect>\n");
      } else {
        h.append("<circle class=\"firing\" cx=\"")
            .append(x)
            .append("\" cy=\"")
            .append(y)
            .append("\" r=\"6\">");
        h.append("<title>").append(esc(title)).append("</title></circle>\n");
      }
    }
    int axisY = height - 8;
    h.append("<text x=\"")
        .append(left)
        .append("\" y=\"")
        .append(axisY)
        .append("\">")
        .append(esc(Timestamps.formatMillis(t0)))
        .append("</text>");
    h.append("<text x=\"")
        .append(left + plot)
        .append("\" y=\"")
        .append(axisY)
        .append("\" text-anchor=\"end\">")
        .append(esc(Timestamps.formatMillis(t1)))
        .append("</text>\n");
    h.append("</svg>\n");
    h.append("<div class=\"table-wrap\"><table id=\"alert-table\" class=\"data\">")
        .append(colgroup(20, 22, 10, 10, 38))
        .append("<thead><tr>")
        .append("<th scope=\"col\">time</th><th scope=\"col\">rule</th>")
        .append("<th scope=\"col\">state</th><th scope=\"col\">severity</th>")
        .append("<th scope=\"col\">summary</th></tr></thead>\n<tbody>\n");
    for (AlertMark m : marks) {
      h.append("<tr><td>")
          .append(esc(Timestamps.formatMillis(m.atMillis)))
          .append("</td><td>")
          .append(esc(m.rule))
          .append("</td><td>")
          .append(esc(m.state))
          .append("</td><td>")
          .append(esc(m.severity))
          .append("</td><td>")
          .append(esc(m.summary))
          .append("</td></tr>\n");
    }
    h.append("</tbody></table></div>\n</section>\n");
  }

  /** Column widths in percent (the tables have a fixed layout, so long text wraps in place). */
  private static String colgroup(int... percents) {
    StringBuilder sb = new StringBuilder("<colgroup>");
    for (int p : percents) {
      sb.append("<col style=\"width:").append(p).append("%\">");
    }
    return sb.append("</colgroup>").toString();
  }

  private static int x(long at, long t0, long span, int left, int plot) {
    return left + (int) Math.round((double) (at - t0) / span * plot);
  }

  // ---------------------------------------------------------------------------------------------

  private static String text(JsonNode r, String field) {
    JsonNode v = r.get(field);
    return v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
  }

  /** Epoch millis of an RFC 3339 string, or Long.MIN_VALUE if absent or malformed. */
  private static long millis(String rfc3339) {
    if (rfc3339.isEmpty()) {
      return Long.MIN_VALUE;
    }
    try {
      return Math.floorDiv(Timestamps.parse(rfc3339), 1_000_000L);
    } catch (RuntimeException e) {
      return Long.MIN_VALUE;
    }
  }

  static String humanBytes(long b) {
    if (b < 1024) {
      return b + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = b;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String shorten(String s, int max) {
    String oneLine = s.replace('\n', ' ');
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
  }

  /** HTML/XML text and attribute escaping. */
  static String esc(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep;
      switch (c) {
        case '&':
          rep = "&amp;";
          break;
        case '<':
          rep = "&lt;";
          break;
        case '>':
          rep = "&gt;";
          break;
        case '"':
          rep = "&quot;";
          break;
        case '\'':
          rep = "&#39;";
          break;
        default:
          rep = null;
      }
      if (rep != null || (c < 0x20 && c != '\n' && c != '\t')) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        sb.append(rep != null ? rep : " ");
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }
}
