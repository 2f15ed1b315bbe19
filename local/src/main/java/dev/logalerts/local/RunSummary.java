package dev.logalerts.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.alerting.EvaluateRules;
import dev.logalerts.combine.CombineInBundle;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.ParseLogEntries;
import dev.logalerts.templates.NoisyLogs;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.beam.sdk.PipelineResult;

/**
 * The readable end-of-run summary of a local run: entry accounting from the pipeline's counters
 * (read = parsed + dead-lettered, by reason), alerts per rule and the top templates by bytes from
 * the output rows.
 */
public final class RunSummary {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Long> counters;
  private final Path outputDirectory;

  RunSummary(Map<String, Long> counters, Path outputDirectory) {
    this.counters = counters;
    this.outputDirectory = outputDirectory;
  }

  /** Reads the counters of a finished run. */
  public static RunSummary of(PipelineResult result, Path outputDirectory) {
    return new RunSummary(counters(result), outputDirectory);
  }

  /** All counters of the job's namespace, summed over steps. */
  public static Map<String, Long> counters(PipelineResult result) {
    return PipelineCounters.all(result);
  }

  public long counter(String name) {
    return counters.getOrDefault(name, 0L);
  }

  /** The summary text. */
  public String render() throws IOException {
    StringBuilder sb = new StringBuilder();
    long read = counter("entries_read");
    long parsed = counter("entries_parsed");
    long dead = counter("entries_deadlettered");
    sb.append("log-alerts run summary\n");
    sb.append(String.format(Locale.ROOT, "  entries read        %,12d%n", read));
    sb.append(String.format(Locale.ROOT, "  parsed              %,12d%n", parsed));
    sb.append(String.format(Locale.ROOT, "  dead-lettered       %,12d%n", dead));
    if (counters.containsKey("duplicates_removed")) {
      sb.append(
          String.format(
              Locale.ROOT, "  duplicates removed  %,12d%n", counter("duplicates_removed")));
    }
    if (counter(NoisyLogs.LATE_COUNTER) > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  later than allowed  %,12d  (counted in TOO_LATE noisy-log rows)%n",
              counter(NoisyLogs.LATE_COUNTER)));
    }
    long ahead = counter(EvaluateRules.AHEAD_OF_RECEIPT_COUNTER);
    if (ahead > 0) {
      // Nothing else shows a writer's clock running ahead but alerts dated in the future.
      sb.append(
          String.format(
              Locale.ROOT,
              "  ahead of receipt    %,12d  (stamped over a minute after Cloud Logging received"
                  + " them: a writer's clock runs ahead; time ends at their receipt)%n",
              ahead));
    }
    sb.append(
        read == parsed + dead
            ? "  (read = parsed + dead-lettered)\n"
            : "  WARNING: read != parsed + dead-lettered\n");
    if (read == 0) {
      // Zero alerts from zero entries is not a quiet system: say so next to the count.
      sb.append(
          "  WARNING: no entry read: the files matched are empty (or hold only blank lines, an"
              + " empty JSON array)\n");
    }
    renderTruncated(sb);
    renderUnreadableLatencies(sb);
    List<Map.Entry<String, Long>> reasons = new ArrayList<>();
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      if (e.getKey().startsWith("deadletter_") && e.getValue() > 0) {
        reasons.add(Map.entry(e.getKey().substring("deadletter_".length()), e.getValue()));
      }
    }
    reasons.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    if (!reasons.isEmpty()) {
      sb.append("  dead-letter reasons:");
      for (Map.Entry<String, Long> r : reasons) {
        sb.append(String.format(Locale.ROOT, " %s %,d;", r.getKey(), r.getValue()));
      }
      sb.setLength(sb.length() - 1);
      sb.append('\n');
      long unreadable = counter("deadletter_unreadable_file");
      if (unreadable > 0) {
        // Entries lost in bulk, not one bad line: the file is worth fetching again.
        sb.append(
            String.format(
                Locale.ROOT,
                "  WARNING: %,d file%s could not be read, or not to the end (compressed data cut"
                    + " short or damaged,%n  a tar archive): entries are missing; deadletter/ has"
                    + " an unreadable_file row per file, saying why%n",
                unreadable,
                unreadable == 1 ? "" : "s"));
      }
      if (parsed == 0) {
        // Every line refused: more likely the wrong kind of file than a run of bad entries.
        sb.append(
            "  no entry parsed: expected Cloud Logging LogEntries, as JSON one per line (a log"
                + " sink's export)\n"
                + "  or as gcloud logging read prints them (YAML or JSON); each reason is in"
                + " deadletter/\n");
      }
    }
    if (parsed > 0 && counters.containsKey(CombineInBundle.SHUFFLED_COUNTER)) {
      long shuffled = counter(CombineInBundle.SHUFFLED_COUNTER);
      sb.append(
          String.format(
              Locale.ROOT,
              "  shuffled elements   %,12d  (%.4f per entry; combined per bundle before the"
                  + " shuffle)%n",
              shuffled,
              (double) shuffled / parsed));
    }
    renderAlerts(sb);
    renderTemplates(sb);
    sb.append("Output: ")
        .append(outputDirectory)
        .append("/{alerts,alerts_silenced,noisy_logs,deadletter}/");
    if (Files.exists(outputDirectory.resolve("report.html"))) {
      sb.append(", ").append(outputDirectory.resolve("report.html"));
    }
    sb.append('\n');
    return sb.toString();
  }

  /**
   * Entries parsed without some payload leaves (more than {@code maxPayloadLeaves}): the fields the
   * rules read were kept, unless even those were more than the hard limit (a warning).
   */
  private void renderTruncated(StringBuilder sb) {
    long truncated = counter(ParseLogEntries.PAYLOADS_TRUNCATED);
    if (truncated == 0) {
      return;
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "  payloads truncated  %,12d  (over maxPayloadLeaves; the fields rules read were"
                + " kept)%n",
            truncated));
    long onRulePaths = counter(ParseLogEntries.PAYLOADS_TRUNCATED_ON_RULE_PATHS);
    if (onRulePaths > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  WARNING: %,d entries had more than %,d leaves in the fields the rules read; the"
                  + " rest were not kept, so a rule may have missed them%n",
              onRulePaths,
              LogEntryParser.MAX_RULE_PATH_LEAVES));
    }
  }

  /**
   * Latency rules whose response-time field held values that are neither numbers nor durations: a
   * wrong field or format would otherwise just never fire.
   */
  private void renderUnreadableLatencies(StringBuilder sb) {
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      if (e.getKey().startsWith(UNREADABLE_LATENCY) && e.getValue() > 0) {
        sb.append(
            String.format(
                Locale.ROOT,
                "  WARNING: rule '%s': %,d matching entries had a response-time field that is"
                    + " neither a duration nor a number of 0 or more; they were not counted%n",
                e.getKey().substring(UNREADABLE_LATENCY.length()),
                e.getValue()));
      }
    }
  }

  private static final String UNREADABLE_LATENCY = EvaluateRules.LATENCY_UNREADABLE_COUNTER_PREFIX;

  private void renderAlerts(StringBuilder sb) throws IOException {
    Map<String, long[]> perRule = new TreeMap<>();
    // A rule's FIRINGs are its incidents' first messages and their re-notifications.
    Map<String, Set<String>> incidents = new HashMap<>();
    long[] flapping = new long[1];
    forEachRow(
        "alerts",
        row -> {
          String rule = row.path("rule").asText();
          long[] c = perRule.computeIfAbsent(rule, k -> new long[2]);
          String state = row.path("state").asText();
          if ("FLAPPING".equals(state)) {
            flapping[0]++; // neither a FIRING nor a RESOLVED: one notice per flapping episode
          } else {
            c["RESOLVED".equals(state) ? 1 : 0]++;
          }
          if ("FIRING".equals(state)) {
            incidents.computeIfAbsent(rule, k -> new HashSet<>()).add(row.path("alertId").asText());
          }
        });
    long fired = perRule.values().stream().mapToLong(c -> c[0]).sum();
    long resolved = perRule.values().stream().mapToLong(c -> c[1]).sum();
    sb.append(
        String.format(
            Locale.ROOT,
            "Alerts: %d FIRING, %d RESOLVED%s%n",
            fired,
            resolved,
            flapping[0] == 0 ? "" : ", " + flapping[0] + " FLAPPING"));
    for (Map.Entry<String, long[]> e : perRule.entrySet()) {
      long firing = e.getValue()[0];
      int opened = incidents.getOrDefault(e.getKey(), Set.of()).size();
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-32s FIRING %4d   RESOLVED %4d%s%n",
              e.getKey(),
              firing,
              e.getValue()[1],
              firing > opened
                  ? "   (" + opened + " incident(s); the other FIRINGs re-notify)"
                  : ""));
    }
    long[] silenced = new long[1];
    forEachRow("alerts_silenced", row -> silenced[0]++);
    if (silenced[0] > 0) {
      sb.append(
          String.format(
              Locale.ROOT, "  silenced (not published, in alerts_silenced/): %d%n", silenced[0]));
    }
  }

  /**
   * The top templates, totalled and costed exactly as report.html and the analyst SQL do: per
   * (service, severity, template), Σ est_monthly_cost_usd × window seconds over the period the rows
   * cover ({@link ReportWriter#monthlyCost}).
   */
  private void renderTemplates(StringBuilder sb) throws IOException {
    long[] period = new long[1];
    List<ReportWriter.TemplateTotal> top =
        ReportWriter.topTemplates(
            ReportWriter.readRows(outputDirectory.resolve("noisy_logs")).rows, 10, period);
    if (top.isEmpty()) {
      return;
    }
    sb.append("Top templates by bytes (est. monthly cost at this rate):\n");
    for (int i = 0; i < top.size(); i++) {
      ReportWriter.TemplateTotal t = top.get(i);
      String template = t.template.length() > 70 ? t.template.substring(0, 67) + "..." : t.template;
      sb.append(
          String.format(
              Locale.ROOT,
              "  %2d. %10s %,9d entries  $%,9.2f/mo  %-24s %s%n",
              i + 1,
              humanBytes(t.bytes),
              t.count,
              ReportWriter.monthlyCost(t, period[0]),
              t.service,
              template.replace('\n', ' ')));
      if (!t.alertRules.isEmpty()) {
        sb.append("      alert rules read these entries (an exclusion would blind them): ")
            .append(t.rulesText())
            .append('\n');
      }
    }
  }

  private void forEachRow(String table, Consumer<JsonNode> consumer) throws IOException {
    Path dir = outputDirectory.resolve(table);
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          String line;
          while ((line = r.readLine()) != null) {
            if (!line.isBlank()) {
              consumer.accept(JSON.readTree(line));
            }
          }
        }
      }
    }
  }

  static String humanBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
