package dev.logalerts.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a JMH JSON result file ({@code -rf json}) of {@link PerEntryBenchmarks} into the figures of
 * docs/performance.md, plus the one figure JMH cannot measure: the encoded size of a {@link
 * LogEvent} as a fraction of its JSON. The last line printed is {@code ratio full-path/readTree:
 * X.XX}.
 */
public final class BenchReport {
  private BenchReport() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: BenchReport JMH_RESULT.json");
      System.exit(2);
    }
    JsonNode results = new ObjectMapper().readTree(new File(args[0]));
    Map<String, double[]> score = new HashMap<>();
    for (JsonNode r : results) {
      String name = r.get("benchmark").asText();
      name = name.substring(name.lastIndexOf('.') + 1);
      JsonNode m = r.get("primaryMetric");
      JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
      if (alloc.isMissingNode()) {
        alloc = r.path("secondaryMetrics").path("\u00b7gc.alloc.rate.norm");
      }
      score.put(
          name,
          new double[] {
            m.get("score").asDouble(),
            m.get("scoreError").asDouble(),
            alloc.isMissingNode() ? Double.NaN : alloc.get("score").asDouble()
          });
    }

    BenchData data = new BenchData();
    LogEventCoder coder = LogEventCoder.of();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long encoded = 0;
    for (LogEvent e : data.events) {
      out.reset();
      coder.encode(e, out);
      encoded += out.size();
    }
    double sizeFraction = (double) encoded / data.jsonBytes;

    line(
        "entries per invocation",
        BenchData.ENTRIES
            + " generated (seed 42, 24 h, all"
            + " incidents), mean JSON size "
            + data.jsonBytes / BenchData.ENTRIES
            + " bytes");
    figure(score, "readTree", "baseline Jackson readTree", "entries/s");
    figure(score, "parse", "parse bytes -> LogEvent", "entries/s");
    figure(score, "fullPath", "full per-entry path", "entries/s");
    figure(
        score,
        "fullPathFieldRules",
        "full path, rules without a bare word (selective parse)",
        "entries/s");
    figure(score, "mine", "template miner", "messages/s/core");
    figure(score, "coderRoundTrip", "LogEvent coder encode+decode", "events/s");
    if (score.containsKey("filters")) {
      line(
          "filter evaluation",
          String.format(
              Locale.ROOT,
              "%.1f ns per rule per entry (%d rules)",
              1e9 / score.get("filters")[0],
              BenchData.RULE_FILTERS.length));
    }
    line(
        "encoded LogEvent / JSON size",
        String.format(Locale.ROOT, "%.3f (%d / %d bytes)", sizeFraction, encoded, data.jsonBytes));
    if (score.containsKey("parse") && score.containsKey("readTree")) {
      line(
          "ratio parse/readTree",
          String.format(Locale.ROOT, "%.2f", score.get("parse")[0] / score.get("readTree")[0]));
    }
    if (score.containsKey("fullPathFieldRules") && score.containsKey("readTree")) {
      line(
          "ratio full-path (rules without a bare word)/readTree",
          String.format(
              Locale.ROOT, "%.2f", score.get("fullPathFieldRules")[0] / score.get("readTree")[0]));
    }
    if (score.containsKey("fullPath") && score.containsKey("readTree")) {
      System.out.printf(
          Locale.ROOT,
          "ratio full-path/readTree: %.2f%n",
          score.get("fullPath")[0] / score.get("readTree")[0]);
    }
  }

  private static void figure(Map<String, double[]> score, String key, String label, String unit) {
    double[] s = score.get(key);
    if (s != null) {
      String v =
          Double.isNaN(s[1])
              ? String.format(Locale.ROOT, "%,.0f %s", s[0], unit)
              : String.format(Locale.ROOT, "%,.0f %s (± %,.0f, 99.9%% CI)", s[0], unit, s[1]);
      if (!Double.isNaN(s[2])) {
        // JMH's gc.alloc.rate.norm is already per operation (OperationsPerInvocation applied).
        v += String.format(Locale.ROOT, ", %,.0f B allocated per op", s[2]);
      }
      line(label, v);
    }
  }

  private static void line(String label, String value) {
    System.out.printf(Locale.ROOT, "%-32s %s%n", label + ":", value);
  }
}
