package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import com.google.zetasql.Analyzer;
import com.google.zetasql.AnalyzerOptions;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleCatalog;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.SqlException;
import com.google.zetasql.StructType;
import com.google.zetasql.TableContent;
import com.google.zetasql.Type;
import com.google.zetasql.TypeFactory;
import com.google.zetasql.Value;
import com.google.zetasql.ZetaSQLBuiltinFunctionOptions;
import com.google.zetasql.ZetaSQLOptions.ProductMode;
import com.google.zetasql.ZetaSQLType.TypeKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Every analyst query in {@code schemas/queries/*.sql} through ZetaSQL, BigQuery's SQL front end
 * (JNI channel, external product mode, all language features): analyzed against tables built from
 * {@code schemas/*.json}, with each query's {@code -- Parameters:} typed, so an unknown column, a
 * wrong type or an unsupported function fails the build. The aggregation queries also run on
 * fixture rows in ZetaSQL's reference evaluator, and their monthly cost equals the local report's
 * ({@link ReportWriter#monthlyCost}) for the same rows.
 */
@RunWith(JUnit4.class)
public class AnalystSqlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAMETER = Pattern.compile("@(\\w+) (INT64|STRING|FLOAT64|BOOL)");
  private static final long HOUR_MICROS = 3_600_000_000L;

  static Path schemas() {
    return ScriptRunner.repoRoot().resolve("schemas");
  }

  static LanguageOptions bigQueryLanguage() {
    LanguageOptions language = new LanguageOptions().enableMaximumLanguageFeatures();
    language.setProductMode(ProductMode.PRODUCT_EXTERNAL);
    language.setSupportsAllStatementKinds();
    return language;
  }

  /** A BigQuery JSON schema field as a ZetaSQL type. */
  private static Type type(JsonNode field) {
    Type t;
    switch (field.path("type").asText()) {
      case "STRING":
        t = TypeFactory.createSimpleType(TypeKind.TYPE_STRING);
        break;
      case "BYTES":
        t = TypeFactory.createSimpleType(TypeKind.TYPE_BYTES);
        break;
      case "INTEGER":
      case "INT64":
        t = TypeFactory.createSimpleType(TypeKind.TYPE_INT64);
        break;
      case "FLOAT":
      case "FLOAT64":
        t = TypeFactory.createSimpleType(TypeKind.TYPE_DOUBLE);
        break;
      case "NUMERIC":
        t = TypeFactory.createSimpleType(TypeKind.TYPE_NUMERIC);
        break;
      case "BOOLEAN":
      case "BOOL":
        t = TypeFactory.createSimpleType(TypeKind.TYPE_BOOL);
        break;
      case "TIMESTAMP":
        t = TypeFactory.createSimpleType(TypeKind.TYPE_TIMESTAMP);
        break;
      case "DATE":
        t = TypeFactory.createSimpleType(TypeKind.TYPE_DATE);
        break;
      case "JSON":
        t = TypeFactory.createSimpleType(TypeKind.TYPE_JSON);
        break;
      case "RECORD":
      case "STRUCT":
        List<StructType.StructField> fields = new ArrayList<>();
        for (JsonNode f : field.path("fields")) {
          fields.add(new StructType.StructField(f.path("name").asText(), type(f)));
        }
        t = TypeFactory.createStructType(fields);
        break;
      default:
        throw new AssertionError("unmapped BigQuery type in schema: " + field);
    }
    return "REPEATED".equals(field.path("mode").asText()) ? TypeFactory.createArrayType(t) : t;
  }

  static SimpleTable table(String name) throws IOException {
    JsonNode schema = JSON.readTree(schemas().resolve(name + ".json").toFile());
    SimpleTable table = new SimpleTable(name);
    for (JsonNode field : schema.isArray() ? schema : schema.path("fields")) {
      table.addSimpleColumn(new SimpleColumn(name, field.path("name").asText(), type(field)));
    }
    return table;
  }

  static SimpleCatalog catalog(LanguageOptions language) throws IOException {
    SimpleCatalog catalog = new SimpleCatalog("bigquery");
    catalog.addSimpleTable(table("noisy_logs"));
    catalog.addSimpleTable(table("template_families"));
    catalog.addSimpleTable(table("alerts"));
    catalog.addZetaSQLFunctionsAndTypes(new ZetaSQLBuiltinFunctionOptions(language));
    return catalog;
  }

  /** The query text with {@code `${dataset}.T`} pointing at the catalog's table T. */
  static String sql(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).replace("`${dataset}.", "`");
  }

  /** The query's parameters, typed from its {@code -- Parameters:} header. */
  static Map<String, Type> parameters(String sql) {
    Map<String, Type> out = new LinkedHashMap<>();
    for (String line : sql.split("\n")) {
      if (line.startsWith("-- Parameters:")) {
        Matcher m = PARAMETER.matcher(line);
        while (m.find()) {
          TypeKind kind;
          switch (m.group(2)) {
            case "INT64":
              kind = TypeKind.TYPE_INT64;
              break;
            case "FLOAT64":
              kind = TypeKind.TYPE_DOUBLE;
              break;
            case "BOOL":
              kind = TypeKind.TYPE_BOOL;
              break;
            default:
              kind = TypeKind.TYPE_STRING;
          }
          out.put(m.group(1), TypeFactory.createSimpleType(kind));
        }
      }
    }
    return out;
  }

  static AnalyzerOptions options(LanguageOptions language, Map<String, Type> params) {
    AnalyzerOptions options = new AnalyzerOptions();
    options.setLanguageOptions(language);
    params.forEach(options::addQueryParameter);
    return options;
  }

  private static List<Path> queries() throws IOException {
    List<Path> files = new ArrayList<>();
    Path dir = schemas().resolve("queries");
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.sql")) {
      ds.forEach(files::add);
    }
    files.sort(null);
    return files;
  }

  @Test
  public void everyQueryAnalyzesAgainstTheTableSchemas() throws Exception {
    LanguageOptions language = bigQueryLanguage();
    SimpleCatalog catalog = catalog(language);
    List<Path> files = queries();
    assertThat(files.size()).isAtLeast(6);
    for (Path file : files) {
      String sql = sql(file);
      Map<String, Type> params = parameters(sql);
      assertWithMessage("%s declares its parameters", file.getFileName()).that(params).isNotEmpty();
      try {
        Analyzer.analyzeStatement(sql, options(language, params), catalog);
      } catch (SqlException e) {
        throw new AssertionError(file.getFileName() + ": " + e.getMessage(), e);
      }
    }
  }

  @Test
  public void analysisCatchesColumnTypeAndFunctionMistakes() throws Exception {
    LanguageOptions language = bigQueryLanguage();
    SimpleCatalog catalog = catalog(language);
    AnalyzerOptions options =
        options(language, Map.of("days", TypeFactory.createSimpleType(TypeKind.TYPE_INT64)));
    for (String bad :
        List.of(
            "SELECT SUM(bites) FROM noisy_logs",
            "SELECT SUM(template) FROM noisy_logs",
            "SELECT window_start FROM noisy_logs WHERE window_start >= @days",
            "SELECT NO_SUCH_FUNCTION(bytes) FROM noisy_logs")) {
      assertThrows(bad, SqlException.class, () -> Analyzer.analyzeStatement(bad, options, catalog));
    }
  }

  /** One noisy-log row of the fixture. */
  private static List<Value> row(
      SimpleTable t,
      String service,
      String severity,
      String template,
      long hourStart,
      long count,
      long bytes,
      double monthly) {
    return row(t, service, severity, template, hourStart, count, bytes, monthly, List.of());
  }

  /** One noisy-log row whose entries matched these alert rules. */
  private static List<Value> row(
      SimpleTable t,
      String service,
      String severity,
      String template,
      long hourStart,
      long count,
      long bytes,
      double monthly,
      List<String> alertRules) {
    Map<String, Value> v = new LinkedHashMap<>();
    v.put("row_id", str(service + template + hourStart));
    v.put("window_start", ts(hourStart));
    v.put("window_end", ts(hourStart + HOUR_MICROS));
    v.put("project_id", str("shop-prod"));
    v.put("service", str(service));
    v.put("resource_type", str("k8s_container"));
    v.put("log_id", str("stdout"));
    v.put("severity", str(severity));
    v.put("template_id", str("id-" + template));
    v.put("template", str(template));
    v.put("count", Value.createInt64Value(count));
    v.put("bytes", Value.createInt64Value(bytes));
    v.put("sample_message", str(template));
    v.put(
        "sample_insert_ids",
        Value.createArrayValue(
            TypeFactory.createArrayType(TypeFactory.createSimpleType(TypeKind.TYPE_STRING)),
            List.of(str("i1"))));
    v.put("first_seen", ts(hourStart));
    v.put("last_seen", ts(hourStart + HOUR_MICROS - 1));
    v.put("suggested_exclusion", str("textPayload=\"" + template + "\""));
    v.put("est_monthly_cost_usd", Value.createDoubleValue(monthly));
    v.put("pane_timing", str("ON_TIME"));
    v.put("pane_index", Value.createInt64Value(0));
    List<Value> rules = new ArrayList<>();
    alertRules.forEach(r -> rules.add(str(r)));
    v.put(
        "alert_rules",
        Value.createArrayValue(
            TypeFactory.createArrayType(TypeFactory.createSimpleType(TypeKind.TYPE_STRING)),
            rules));
    List<Value> out = new ArrayList<>();
    for (SimpleColumn c : t.getColumnList()) {
      out.add(v.get(c.getName()));
    }
    return out;
  }

  private static Value str(String s) {
    return Value.createStringValue(s);
  }

  private static Value ts(long micros) {
    return Value.createTimestampValueFromUnixMicros(micros);
  }

  /**
   * Fixture: 24 hourly windows within the last day, "GET /cart" in each (10 entries, 1 KiB,
   * $0.36/month at that hour's rate), "debug tick" DEBUG in 12 of them, whose entries matched the
   * alert rule "worker-stalls" in every fourth hour and also "a-first" in one hour; a row older
   * than the query's period.
   */
  private static List<List<Value>> fixture(SimpleTable t, long nowMicros) {
    long day = (nowMicros / HOUR_MICROS) * HOUR_MICROS - 23 * HOUR_MICROS;
    List<List<Value>> rows = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      long start = day + h * HOUR_MICROS;
      rows.add(row(t, "shop/web", "INFO", "GET /cart", start, 10, 1024, 0.36));
      if (h % 2 == 0) {
        List<String> rules =
            h == 4
                ? List.of("a-first", "worker-stalls")
                : h % 4 == 0 ? List.of("worker-stalls") : List.of();
        rows.add(row(t, "shop/worker", "DEBUG", "debug tick", start, 100, 4096, 1.44, rules));
      }
    }
    rows.add(row(t, "shop/web", "INFO", "GET /cart", day - 72 * HOUR_MICROS, 999, 999, 99));
    return rows;
  }

  private static List<ImmutableList<Value>> run(
      String file, Map<String, Value> params, List<List<Value>> rows) throws Exception {
    LanguageOptions language = bigQueryLanguage();
    SimpleCatalog catalog = catalog(language);
    String sql = sql(schemas().resolve("queries").resolve(file));
    Map<String, Type> types = new LinkedHashMap<>();
    params.forEach((k, v) -> types.put(k, v.getType()));
    try (PreparedQuery q =
        PreparedQuery.builder()
            .setSql(sql)
            .setAnalyzerOptions(options(language, types))
            .setCatalog(catalog)
            .setTablesContents(Map.of("noisy_logs", TableContent.create(rows)))
            .prepare()) {
      return q.execute(params).getTableData();
    }
  }

  @Test
  public void topTemplatesByBytesOnFixtureRows() throws Exception {
    SimpleTable t = table("noisy_logs");
    List<List<Value>> rows = fixture(t, System.currentTimeMillis() * 1000);
    List<ImmutableList<Value>> out =
        run(
            "top_templates_by_bytes.sql",
            Map.of(
                "days", Value.createInt64Value(1),
                "project", str(""),
                "limit", Value.createInt64Value(10)),
            rows);
    // project_id, service, log_id, severity, template_id, template, entries, total_bytes,
    // total_gib, est_monthly_cost_usd, sample_message, suggested_exclusion
    assertThat(out).hasSize(2);
    assertThat(out.get(0).get(1).getStringValue()).isEqualTo("shop/worker");
    assertThat(out.get(0).get(6).getInt64Value()).isEqualTo(1200);
    assertThat(out.get(0).get(7).getInt64Value()).isEqualTo(12 * 4096);
    // Σ 1.44 × 3600 s over 12 windows / 86400 s = $0.72 a month.
    assertThat(out.get(0).get(9).getDoubleValue()).isEqualTo(0.72);
    assertThat(out.get(1).get(1).getStringValue()).isEqualTo("shop/web");
    assertThat(out.get(1).get(6).getInt64Value()).isEqualTo(240);
    assertThat(out.get(1).get(9).getDoubleValue()).isEqualTo(0.36);
  }

  @Test
  public void sqlCostEqualsTheReportsForTheSameRows() throws Exception {
    SimpleTable t = table("noisy_logs");
    long now = System.currentTimeMillis() * 1000;
    List<List<Value>> rows = fixture(t, now);
    rows.remove(rows.size() - 1); // the report covers exactly the rows' span: the last day
    List<ImmutableList<Value>> sqlOut =
        run(
            "top_templates_by_bytes.sql",
            Map.of(
                "days", Value.createInt64Value(1),
                "project", str(""),
                "limit", Value.createInt64Value(10)),
            rows);
    List<JsonNode> json = new ArrayList<>();
    for (List<Value> r : rows) {
      Map<String, Object> o = new LinkedHashMap<>();
      for (int i = 0; i < r.size(); i++) {
        String name = t.getColumn(i).getName();
        Value v = r.get(i);
        switch (v.getType().getKind()) {
          case TYPE_TIMESTAMP:
            o.put(
                name,
                java.time.Instant.ofEpochSecond(0, v.getTimestampUnixMicros() * 1000).toString());
            break;
          case TYPE_INT64:
            o.put(name, v.getInt64Value());
            break;
          case TYPE_DOUBLE:
            o.put(name, v.getDoubleValue());
            break;
          case TYPE_STRING:
            o.put(name, v.getStringValue());
            break;
          default:
            break;
        }
      }
      json.add(JSON.valueToTree(o));
    }
    long[] period = new long[1];
    List<ReportWriter.TemplateTotal> report = ReportWriter.topTemplates(json, 10, period);
    assertThat(period[0]).isEqualTo(86_400);
    assertThat(report).hasSize(sqlOut.size());
    for (int i = 0; i < report.size(); i++) {
      assertThat(report.get(i).service).isEqualTo(sqlOut.get(i).get(1).getStringValue());
      assertThat(Math.round(ReportWriter.monthlyCost(report.get(i), period[0]) * 100) / 100.0)
          .isEqualTo(sqlOut.get(i).get(9).getDoubleValue());
    }
  }

  @Test
  public void countAndExclusionQueriesOnFixtureRows() throws Exception {
    SimpleTable t = table("noisy_logs");
    List<List<Value>> rows = fixture(t, System.currentTimeMillis() * 1000);
    List<ImmutableList<Value>> byCount =
        run(
            "top_templates_by_count.sql",
            Map.of(
                "days", Value.createInt64Value(1),
                "project", str("shop-prod"),
                "limit", Value.createInt64Value(1)),
            rows);
    // ..., entries (6), entries_per_hour (7), total_bytes (8)
    assertThat(byCount).hasSize(1);
    assertThat(byCount.get(0).get(5).getStringValue()).isEqualTo("debug tick");
    assertThat(byCount.get(0).get(6).getInt64Value()).isEqualTo(1200);
    assertThat(byCount.get(0).get(7).getDoubleValue()).isEqualTo(50.0);

    List<ImmutableList<Value>> exclusions =
        run(
            "exclusion_candidates.sql",
            Map.of(
                "days", Value.createInt64Value(1),
                "project", str(""),
                "min_monthly_usd", Value.createDoubleValue(0.5),
                "limit", Value.createInt64Value(10)),
            rows);
    // Only the DEBUG template saves more than $0.50 a month; it is all of its service's bytes.
    assertThat(exclusions).hasSize(1);
    assertThat(exclusions.get(0).get(6).getStringValue()).isEqualTo("debug tick");
    assertThat(exclusions.get(0).get(9).getDoubleValue()).isEqualTo(100.0);
    assertThat(exclusions.get(0).get(10).getDoubleValue()).isEqualTo(0.72);
  }

  @Test
  public void exclusionCandidatesFlagTheTemplatesAlertRulesDependOn() throws Exception {
    SimpleTable t = table("noisy_logs");
    List<List<Value>> rows = fixture(t, System.currentTimeMillis() * 1000);
    List<ImmutableList<Value>> out =
        run(
            "exclusion_candidates.sql",
            Map.of(
                "days", Value.createInt64Value(1),
                "project", str(""),
                "min_monthly_usd", Value.createDoubleValue(0),
                "limit", Value.createInt64Value(10)),
            rows);
    // ..., sample_message (12), safe_to_exclude (13), alert_rules (14)
    assertThat(out).hasSize(2);
    ImmutableList<Value> debug = out.get(0);
    assertThat(debug.get(6).getStringValue()).isEqualTo("debug tick");
    assertThat(debug.get(13).getBoolValue()).isFalse();
    assertThat(strings(debug.get(14))).containsExactly("a-first", "worker-stalls").inOrder();
    // The union of rules does not change the totals: every row counted once.
    assertThat(debug.get(7).getInt64Value()).isEqualTo(1200);
    ImmutableList<Value> cart = out.get(1);
    assertThat(cart.get(6).getStringValue()).isEqualTo("GET /cart");
    assertThat(cart.get(13).getBoolValue()).isTrue();
    assertThat(strings(cart.get(14))).isEmpty();
    assertThat(cart.get(7).getInt64Value()).isEqualTo(240);
  }

  private static List<String> strings(Value array) {
    List<String> out = new ArrayList<>();
    for (Value v : array.getElementList()) {
      out.add(v.getStringValue());
    }
    return out;
  }
}
