package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import com.google.common.collect.ImmutableList;
import com.google.zetasql.ArrayType;
import com.google.zetasql.LanguageOptions;
import com.google.zetasql.PreparedQuery;
import com.google.zetasql.SimpleColumn;
import com.google.zetasql.SimpleTable;
import com.google.zetasql.StructType;
import com.google.zetasql.TableContent;
import com.google.zetasql.Type;
import com.google.zetasql.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The on-call lead's alert-history queries ({@code schemas/queries/alert_*.sql}) run in ZetaSQL's
 * reference evaluator on alert-table rows shaped as the job writes them: incidents that resolved,
 * one that flapped, one held by a silence, a load-balancer group keyed by a dotted label, and a
 * new-template alert that never resolves.
 */
@RunWith(JUnit4.class)
public class AlertHistorySqlTest {
  private static final long MINUTE = 60_000_000L;
  private static final String CHECKOUT = "{\"service\":\"shop/checkout\"}";
  private static final String LB = "{\"resource.labels.backend_service_name\":\"web-backend\"}";

  private final long now = System.currentTimeMillis() * 1000;
  private final SimpleTable table;

  public AlertHistorySqlTest() throws Exception {
    table = AnalystSqlTest.table("alerts");
  }

  /** One alert row; {@code durationMinutes} &lt; 0: no incident summary (a FIRING). */
  private List<Value> row(
      String alertId,
      String rule,
      String type,
      String state,
      long sequence,
      String group,
      long startedMinutesAgo,
      long durationMinutes,
      String silencedBy) {
    long firstSeen = now - startedMinutesAgo * MINUTE;
    long windowEnd = durationMinutes < 0 ? firstSeen : firstSeen + durationMinutes * MINUTE;
    Map<String, Value> v = new TreeMap<>();
    v.put("alertId", str(alertId));
    v.put("rule", str(rule));
    v.put("type", str(type));
    v.put("state", str(state));
    v.put("severity", str("error"));
    v.put("group", str(group));
    v.put("value", Value.createDoubleValue(1));
    v.put("threshold", Value.createDoubleValue(1));
    v.put("windowStart", ts(windowEnd - 5 * MINUTE));
    v.put("windowEnd", ts(windowEnd));
    v.put("firstSeen", ts(firstSeen));
    v.put("sequence", Value.createInt64Value(sequence));
    v.put("summary", str(rule + " " + state));
    v.put("publishTime", ts(windowEnd + MINUTE / 2));
    if (silencedBy != null) {
      v.put("silencedBy", str(silencedBy));
    }
    List<Value> out = new ArrayList<>();
    for (SimpleColumn c : table.getColumnList()) {
      Type t = c.getType();
      Value value = v.get(c.getName());
      if (value == null && c.getName().equals("incident") && durationMinutes >= 0) {
        StructType s = (StructType) t;
        value =
            Value.createStructValue(
                s,
                List.of(
                    ts(firstSeen),
                    ts(windowEnd - 2 * MINUTE),
                    Value.createInt64Value(durationMinutes * 60),
                    Value.createInt64Value(10),
                    Value.createDoubleValue(3),
                    Value.createInt64Value(1),
                    Value.createInt64Value(0)));
      }
      if (value == null && t.isArray()) {
        value = Value.createArrayValue((ArrayType) t, List.of());
      }
      out.add(value != null ? value : Value.createNullValue(t));
    }
    return out;
  }

  /**
   * checkout-errors on shop/checkout: incident a (10 min), incident b that flapped (30 min),
   * incident c inside a silence (5 min); lb-5xx on a backend (2 min); one new-template alert.
   */
  private List<List<Value>> fixture() {
    List<List<Value>> rows = new ArrayList<>();
    String t = "threshold";
    rows.add(row("a", "checkout-errors", t, "FIRING", 1, CHECKOUT, 300, -1, null));
    rows.add(row("a", "checkout-errors", t, "RESOLVED", 2, CHECKOUT, 300, 10, null));
    rows.add(row("b", "checkout-errors", t, "FIRING", 1, CHECKOUT, 200, -1, null));
    rows.add(row("b", "checkout-errors", t, "FLAPPING", 2, CHECKOUT, 200, 20, null));
    rows.add(row("b", "checkout-errors", t, "RESOLVED", 3, CHECKOUT, 200, 30, null));
    rows.add(row("c", "checkout-errors", t, "FIRING", 1, CHECKOUT, 100, -1, "deploys"));
    rows.add(row("c", "checkout-errors", t, "RESOLVED", 2, CHECKOUT, 100, 5, "deploys"));
    rows.add(row("d", "lb-5xx", "ratio", "FIRING", 1, LB, 50, -1, null));
    rows.add(row("d", "lb-5xx", "ratio", "RESOLVED", 2, LB, 50, 2, null));
    rows.add(row("e", "new-error-template", "new-template", "FIRING", 1, "{}", 20, -1, null));
    return rows;
  }

  private List<ImmutableList<Value>> run(String file, Map<String, Value> params) throws Exception {
    LanguageOptions language = AnalystSqlTest.bigQueryLanguage();
    String sql = AnalystSqlTest.sql(AnalystSqlTest.schemas().resolve("queries").resolve(file));
    Map<String, Type> types = new LinkedHashMap<>();
    params.forEach((k, v) -> types.put(k, v.getType()));
    try (PreparedQuery q =
        PreparedQuery.builder()
            .setSql(sql)
            .setAnalyzerOptions(AnalystSqlTest.options(language, types))
            .setCatalog(AnalystSqlTest.catalog(language))
            .setTablesContents(Map.of("alerts", TableContent.create(fixture())))
            .prepare()) {
      return q.execute(params).getTableData();
    }
  }

  /** The rows as column name → value, in the query's order. */
  private static List<Map<String, Value>> named(List<ImmutableList<Value>> rows, String... cols) {
    List<Map<String, Value>> out = new ArrayList<>();
    for (ImmutableList<Value> r : rows) {
      Map<String, Value> m = new LinkedHashMap<>();
      for (int i = 0; i < cols.length; i++) {
        m.put(cols[i], r.get(i));
      }
      out.add(m);
    }
    return out;
  }

  @Test
  public void timeToResolvePerRule() throws Exception {
    List<Map<String, Value>> out =
        named(
            run("alert_time_to_resolve.sql", Map.of("days", Value.createInt64Value(7))),
            "rule",
            "type",
            "incidents",
            "median_minutes",
            "p90_minutes",
            "longest_minutes",
            "notifications",
            "suppressed_evaluations");
    assertThat(out).hasSize(2); // the new-template alert never resolves
    Map<String, Value> checkout = out.get(0);
    assertThat(checkout.get("rule").getStringValue()).isEqualTo("checkout-errors");
    assertThat(checkout.get("incidents").getInt64Value()).isEqualTo(3);
    assertThat(checkout.get("median_minutes").getDoubleValue()).isEqualTo(10.0);
    assertThat(checkout.get("p90_minutes").getDoubleValue()).isEqualTo(26.0);
    assertThat(checkout.get("longest_minutes").getDoubleValue()).isEqualTo(30.0);
    assertThat(out.get(1).get("rule").getStringValue()).isEqualTo("lb-5xx");
    assertThat(out.get(1).get("median_minutes").getDoubleValue()).isEqualTo(2.0);
  }

  @Test
  public void noisiestRulesCountWhatReachedTheTopic() throws Exception {
    List<Map<String, Value>> out =
        named(
            run(
                "alert_noisiest_rules.sql",
                Map.of("days", Value.createInt64Value(7), "limit", Value.createInt64Value(10))),
            "rule",
            "type",
            "severity",
            "notifications",
            "firing_notifications",
            "incidents",
            "groups_fired",
            "resolved_within_10m",
            "resolved",
            "flapping_episodes",
            "silenced");
    Map<String, Value> checkout = out.get(0);
    assertThat(checkout.get("rule").getStringValue()).isEqualTo("checkout-errors");
    // a: FIRING, RESOLVED; b: FIRING, FLAPPING, RESOLVED; c: held by the silence.
    assertThat(checkout.get("notifications").getInt64Value()).isEqualTo(5);
    assertThat(checkout.get("firing_notifications").getInt64Value()).isEqualTo(2);
    assertThat(checkout.get("incidents").getInt64Value()).isEqualTo(3);
    assertThat(checkout.get("groups_fired").getInt64Value()).isEqualTo(1);
    assertThat(checkout.get("resolved_within_10m").getInt64Value()).isEqualTo(2);
    assertThat(checkout.get("flapping_episodes").getInt64Value()).isEqualTo(1);
    assertThat(checkout.get("silenced").getInt64Value()).isEqualTo(2);
    assertThat(out).hasSize(3);
  }

  @Test
  public void flappingGroupsAreTheOnesThatResolveAgainAndAgain() throws Exception {
    List<Map<String, Value>> out =
        named(
            run(
                "alert_flapping_groups.sql",
                Map.of("days", Value.createInt64Value(7), "min_cycles", Value.createInt64Value(2))),
            "rule",
            "group",
            "incidents",
            "resolutions",
            "flapping_notices");
    assertThat(out).hasSize(1);
    assertThat(out.get(0).get("group").getStringValue()).isEqualTo(CHECKOUT);
    assertThat(out.get(0).get("resolutions").getInt64Value()).isEqualTo(3);
    assertThat(out.get(0).get("flapping_notices").getInt64Value()).isEqualTo(1);
  }

  @Test
  public void alertsPerServiceReadTheServiceFromDottedGroupKeysToo() throws Exception {
    Map<String, Long> incidents = new TreeMap<>();
    for (Map<String, Value> r :
        named(
            run("alerts_per_service_week.sql", Map.of("weeks", Value.createInt64Value(2))),
            "week",
            "service",
            "rule",
            "incidents")) {
      incidents.merge(
          r.get("service").getStringValue(), r.get("incidents").getInt64Value(), Long::sum);
    }
    assertThat(incidents)
        .containsExactly("shop/checkout", 3L, "web-backend", 1L, "(not grouped by service)", 1L);
  }

  private static Value str(String s) {
    return Value.createStringValue(s);
  }

  private static Value ts(long micros) {
    return Value.createTimestampValueFromUnixMicros(micros);
  }
}
