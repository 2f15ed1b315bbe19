package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The analyst SQL ({@code schemas/queries/*.sql}) and the table schema: every column a query names
 * exists, every parameter is declared in the header, and the schema has exactly the columns {@link
 * NoisyLogRow#toJson()} writes.
 */
@RunWith(JUnit4.class)
public class NoisyLogQueriesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Alert-table columns the queries assume (brief; overridden by schemas/alerts.json if present).
   */
  static final Set<String> ASSUMED_ALERT_COLUMNS =
      Set.of(
          "alertId",
          "rule",
          "type",
          "state",
          "severity",
          "group",
          "value",
          "threshold",
          "windowStart",
          "windowEnd",
          "firstSeen",
          "summary",
          "description",
          "runbook",
          "samples",
          "samples.insertId",
          "samples.timestamp",
          "samples.message",
          "samples.templateId",
          "logsExplorerUrl",
          "publishTime");

  static Path schemas() {
    for (Path p : List.of(Path.of("../schemas"), Path.of("schemas"))) {
      if (Files.isRegularFile(p.resolve("noisy_logs.json"))) {
        return p;
      }
    }
    throw new AssertionError("schemas/ not found from " + Path.of("").toAbsolutePath());
  }

  static Set<String> columns(Path schemaFile) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    addFields(JSON.readTree(schemaFile.toFile()), "", out);
    return out;
  }

  private static void addFields(JsonNode fields, String prefix, Set<String> out) {
    for (JsonNode f : fields) {
      String name = prefix + f.get("name").asText();
      out.add(name);
      if (f.has("fields")) {
        addFields(f.get("fields"), name + ".", out);
      }
    }
  }

  static Map<String, Set<String>> tables() throws IOException {
    Map<String, Set<String>> tables = new HashMap<>();
    tables.put("noisy_logs", columns(schemas().resolve("noisy_logs.json")));
    tables.put("template_families", columns(schemas().resolve("template_families.json")));
    Path alerts = schemas().resolve("alerts.json");
    tables.put("alerts", Files.isRegularFile(alerts) ? columns(alerts) : ASSUMED_ALERT_COLUMNS);
    return tables;
  }

  static List<Path> queries() throws IOException {
    try (Stream<Path> s = Files.list(schemas().resolve("queries"))) {
      List<Path> out = new ArrayList<>();
      s.filter(p -> p.toString().endsWith(".sql")).sorted().forEach(out::add);
      return out;
    }
  }

  @Test
  public void everyQueryNamesOnlyExistingColumns() throws IOException {
    List<Path> queries = queries();
    assertThat(queries.size()).isAtLeast(6);
    Map<String, Set<String>> tables = tables();
    for (Path q : queries) {
      String sql = Files.readString(q, StandardCharsets.UTF_8);
      SqlColumnChecker c = new SqlColumnChecker(tables).check(sql);
      assertWithMessage("%s", q).that(c.problems).isEmpty();
      assertWithMessage("%s names no columns?", q).that(c.columnsSeen).isNotEmpty();
    }
  }

  @Test
  public void everyQueryHasAHeaderAndDeclaresItsParameters() throws IOException {
    Pattern param = Pattern.compile("@([A-Za-z_][A-Za-z0-9_]*)");
    for (Path q : queries()) {
      String sql = Files.readString(q, StandardCharsets.UTF_8);
      assertWithMessage("%s header", q).that(sql).startsWith("-- Question: ");
      String header = "";
      String body = "";
      for (String line : sql.split("\n")) {
        if (line.startsWith("--") && body.isEmpty()) {
          header += line + "\n";
        } else {
          body += line + "\n";
        }
      }
      assertWithMessage("%s", q).that(header).contains("-- Parameters:");
      assertWithMessage("%s", q).that(body).containsMatch("(?i)\\bSELECT\\b");
      assertWithMessage("%s uses the ${dataset} placeholder", q)
          .that(body)
          .containsMatch("`\\$\\{dataset\\}[.](noisy_logs|alerts|template_families)`");
      Matcher m = param.matcher(body);
      Set<String> used = new TreeSet<>();
      while (m.find()) {
        used.add(m.group(1));
      }
      for (String p : used) {
        assertWithMessage("%s: @%s not declared in header", q, p)
            .that(header)
            .contains("@" + p + " ");
      }
      int depth = 0;
      for (char ch : body.toCharArray()) {
        depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
        assertWithMessage("%s parentheses", q).that(depth).isAtLeast(0);
      }
      assertWithMessage("%s parentheses", q).that(depth).isEqualTo(0);
    }
  }

  @Test
  public void checkerCatchesTypos() throws IOException {
    Map<String, Set<String>> tables = tables();
    String good =
        "SELECT template_id, SUM(count) AS n FROM `${dataset}.noisy_logs` AS t"
            + " WHERE t.service = @s GROUP BY template_id ORDER BY n DESC";
    assertThat(new SqlColumnChecker(tables).check(good).problems).isEmpty();
    assertThat(
            new SqlColumnChecker(tables)
                .check(good.replace("SELECT template_id", "SELECT templat_id"))
                .problems)
        .containsExactly("unknown column templat_id");
    assertThat(new SqlColumnChecker(tables).check(good.replace("t.service", "t.servic")).problems)
        .containsExactly("unknown column t.servic of noisy_logs");
    assertThat(new SqlColumnChecker(tables).check(good.replace("t.service", "x.service")).problems)
        .containsExactly("unknown qualifier x.service");
    String unnest =
        "SELECT s.templateId FROM `${dataset}.alerts` AS a, UNNEST(a.samples) AS s"
            + " WHERE a.state = 'FIRING'";
    assertThat(new SqlColumnChecker(tables).check(unnest).problems).isEmpty();
    assertThat(
            new SqlColumnChecker(tables)
                .check(unnest.replace("s.templateId", "s.template_id"))
                .problems)
        .hasSize(1);
    // Every real query fails when one of its columns is misspelt.
    for (Path q : queries()) {
      String sql = Files.readString(q, StandardCharsets.UTF_8);
      String broken = sql.replaceFirst("template_id,", "template_idd,");
      if (!broken.equals(sql)) {
        assertWithMessage("%s", q)
            .that(new SqlColumnChecker(tables).check(broken).problems)
            .isNotEmpty();
      }
    }
  }

  @Test
  public void schemaMatchesRowJson() throws IOException {
    JsonNode schema = JSON.readTree(schemas().resolve("noisy_logs.json").toFile());
    Set<String> schemaNames = new TreeSet<>();
    for (JsonNode f : schema) {
      schemaNames.add(f.get("name").asText());
      assertThat(f.get("type").asText()).isIn(Set.of("STRING", "TIMESTAMP", "INTEGER", "FLOAT"));
      assertThat(f.get("mode").asText()).isIn(Set.of("REQUIRED", "REPEATED", "NULLABLE"));
      assertThat(f.get("description").asText()).isNotEmpty();
    }
    NoisyLogRow row =
        NoisyLogRow.builder()
            .setRowId("r")
            .setWindowStartMillis(0)
            .setWindowEndMillis(1)
            .setProjectId("p")
            .setService("s")
            .setResourceType("t")
            .setLogId("l")
            .setSeverity("INFO")
            .setTemplateId("i")
            .setTemplate("x")
            .setCount(1)
            .setBytes(1)
            .setSampleMessage("m")
            .setFirstSeenNanos(0)
            .setLastSeenNanos(0)
            .setSuggestedExclusion("q")
            .setEstMonthlyCostUsd(0)
            .setPaneTiming("ON_TIME")
            .setPaneIndex(0)
            .build();
    Set<String> jsonNames = new TreeSet<>();
    JSON.readTree(row.toJson()).fieldNames().forEachRemaining(jsonNames::add);
    assertThat(jsonNames).isEqualTo(schemaNames);
    JsonNode table = JSON.readTree(schemas().resolve("noisy_logs.table.json").toFile());
    assertThat(table.at("/timePartitioning/field").asText()).isEqualTo("window_start");
    assertThat(table.at("/timePartitioning/type").asText()).isEqualTo("DAY");
    assertThat(table.at("/clustering/fields/0").asText()).isEqualTo("service");
    assertThat(table.at("/clustering/fields/1").asText()).isEqualTo("template_id");
  }
}
