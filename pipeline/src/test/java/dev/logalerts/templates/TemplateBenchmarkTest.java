package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertWithMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Grouping accuracy of the one generic {@link TemplateMiner} configuration on the labelled
 * benchmark in {@code src/test/resources/templates/} (16 Loghub-like systems plus cloud-app shapes;
 * see {@code generate.py} there). Prints the per-system table and fails when any system or the mean
 * falls below its floor: a regression guard, set a little below the measured value.
 */
@RunWith(JUnit4.class)
public class TemplateBenchmarkTest {

  /** Floors per system, a little below what the miner reaches today. */
  private static final Map<String, Double> FLOORS = new LinkedHashMap<>();

  static {
    FLOORS.put("HDFS", 0.97);
    FLOORS.put("Hadoop", 0.85);
    FLOORS.put("Spark", 0.97);
    FLOORS.put("Zookeeper", 0.97);
    FLOORS.put("BGL", 0.97);
    FLOORS.put("HPC", 0.97);
    FLOORS.put("Thunderbird", 0.97);
    FLOORS.put("Windows", 0.92);
    FLOORS.put("Linux", 0.97);
    FLOORS.put("Android", 0.72);
    FLOORS.put("HealthApp", 0.97);
    FLOORS.put("Apache", 0.97);
    FLOORS.put("Proxifier", 0.97);
    FLOORS.put("OpenSSH", 0.96);
    FLOORS.put("OpenStack", 0.97);
    FLOORS.put("Mac", 0.92);
    FLOORS.put("CloudApps", 0.94);
  }

  private static final double MEAN_FLOOR_16 = 0.95;

  @Test
  public void groupingAccuracyPerSystem() throws IOException {
    TemplateMiner miner = new TemplateMiner();
    Map<String, Double> results = new LinkedHashMap<>();
    StringBuilder table = new StringBuilder("\nsystem        messages events templates  GA\n");
    StringBuilder errors = new StringBuilder();
    double sum16 = 0;
    for (String system : FLOORS.keySet()) {
      List<String[]> rows = load(system);
      List<String> truth = new ArrayList<>();
      List<String> predicted = new ArrayList<>();
      for (String[] r : rows) {
        truth.add(r[0]);
        predicted.add(miner.mine(r[1]).templateId());
      }
      double ga = GroupingAccuracy.of(truth, predicted);
      results.put(system, ga);
      if (!system.equals("CloudApps")) {
        sum16 += ga;
      }
      table.append(
          String.format(
              "%-13s %8d %6d %9d  %.3f%n",
              system,
              rows.size(),
              new TreeSet<>(truth).size(),
              new TreeSet<>(predicted).size(),
              ga));
      describeErrors(system, rows, miner, errors);
    }
    double mean16 = sum16 / (FLOORS.size() - 1);
    table.append(String.format("mean of the 16 Loghub-like systems: %.3f%n", mean16));
    System.out.println(table);
    System.out.println(errors);
    for (Map.Entry<String, Double> e : results.entrySet()) {
      assertWithMessage("grouping accuracy of %s%s", e.getKey(), table)
          .that(e.getValue())
          .isAtLeast(FLOORS.get(e.getKey()));
    }
    assertWithMessage("mean grouping accuracy%s", table).that(mean16).isAtLeast(MEAN_FLOOR_16);
  }

  /** Lists split events (one event, several templates) and merged templates, for tuning. */
  private static void describeErrors(
      String system, List<String[]> rows, TemplateMiner miner, StringBuilder sb) {
    Map<String, Set<String>> templatesOfEvent = new TreeMap<>();
    Map<String, Set<String>> eventsOfTemplate = new TreeMap<>();
    Map<String, String> example = new HashMap<>();
    for (String[] r : rows) {
      String t = miner.mine(r[1]).template();
      templatesOfEvent.computeIfAbsent(r[0], k -> new TreeSet<>()).add(t);
      eventsOfTemplate.computeIfAbsent(t, k -> new TreeSet<>()).add(r[0]);
      example.putIfAbsent(r[0] + "|" + t, r[1]);
    }
    templatesOfEvent.forEach(
        (event, ts) -> {
          if (ts.size() > 1) {
            sb.append(system).append(" split ").append(event).append(": ").append(ts).append('\n');
          }
        });
    eventsOfTemplate.forEach(
        (t, es) -> {
          if (es.size() > 1) {
            sb.append(system).append(" merged ").append(es).append(": ").append(t).append('\n');
          }
        });
  }

  static List<String[]> load(String system) throws IOException {
    String resource = "/templates/" + system + ".tsv";
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = TemplateBenchmarkTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("missing test resource " + resource);
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        int tab = line.indexOf('\t');
        rows.add(new String[] {line.substring(0, tab), unescape(line.substring(tab + 1))});
      }
    }
    return rows;
  }

  /** Undoes generate.py's escaping: \\n newline, \\t tab, \\\\ backslash. */
  static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
