package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.model.Severity;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * samples/rules.yaml's filters against the log shapes its header comment documents (the shapes the
 * sample generator plants): each incident entry matches its rule, and everyday entries of the same
 * services do not.
 */
@RunWith(JUnit4.class)
public class SampleRulesTest {
  private static Map<String, Rule> rules;

  @BeforeClass
  public static void load() {
    rules =
        RulesLoader.load("../samples/rules.yaml").rules().stream()
            .collect(Collectors.toMap(Rule::name, Function.identity()));
  }

  private static boolean matches(String rule, LogEvent e) {
    return rules.get(rule).filter().test(e);
  }

  private static LogEvent.Builder entry(String resourceType, Map<String, String> labels) {
    return LogEvent.builder()
        .setTimestampNanos(1_795_000_000_000_000_000L)
        .setProjectId("shop-prod")
        .setResourceType(resourceType)
        .setResourceLabels(new TreeMap<>(labels));
  }

  private static HttpRequest http(int status, long latencyMillis) {
    return HttpRequest.builder()
        .setRequestMethod("GET")
        .setRequestUrl("https://shop.example.com/cart")
        .setStatus(status)
        .setLatencyNanos(latencyMillis * 1_000_000L)
        .build();
  }

  @Test
  public void repeatedErrorsMatchesApplicationErrorsOnly() {
    LogEvent appError =
        entry("k8s_container", Map.of("container_name", "checkout", "namespace_name", "shop"))
            .setSeverity(Severity.ERROR)
            .setService("checkout")
            .setMessage("payment declined: card expired")
            .setPayloadKind(PayloadKind.JSON)
            .build();
    assertThat(matches("repeated-errors", appError)).isTrue();
    assertThat(
            matches("repeated-errors", appError.toBuilder().setSeverity(Severity.WARNING).build()))
        .isFalse();
    LogEvent requestError =
        entry("cloud_run_revision", Map.of("service_name", "cart"))
            .setSeverity(Severity.ERROR)
            .setHttpRequest(http(503, 20))
            .build();
    assertThat(matches("repeated-errors", requestError)).isFalse();
    assertThat(matches("new-error-template", appError)).isTrue();
  }

  @Test
  public void loadBalancer5xx() {
    LogEvent lb =
        entry("http_load_balancer", Map.of("backend_service_name", "shop-web-backend"))
            .setSeverity(Severity.WARNING)
            .setHttpRequest(http(502, 30))
            .build();
    assertThat(matches("lb-backend-5xx", lb)).isTrue();
    assertThat(matches("lb-backend-5xx", lb.toBuilder().setHttpRequest(http(404, 3)).build()))
        .isFalse();
    assertThat(rules.get("lb-backend-5xx").groupByPaths().get(0).value(lb))
        .isEqualTo("shop-web-backend");
  }

  @Test
  public void cloudRunRatio() {
    LogEvent req =
        entry("cloud_run_revision", Map.of("service_name", "cart", "revision_name", "cart-0042"))
            .setLogName("projects/shop-prod/logs/run.googleapis.com%2Frequests")
            .setLogId("run.googleapis.com/requests")
            .setHttpRequest(http(200, 40))
            .build();
    Rule r = rules.get("cloud-run-5xx-ratio");
    assertThat(r.filter().test(req)).isTrue();
    assertThat(r.numerator().test(req)).isFalse();
    LogEvent failed = req.toBuilder().setHttpRequest(http(500, 40)).build();
    assertThat(r.filter().test(failed)).isTrue();
    assertThat(r.numerator().test(failed)).isTrue();
    LogEvent stdout = req.toBuilder().setLogId("run.googleapis.com/stdout").build();
    assertThat(r.filter().test(stdout)).isFalse();
  }

  @Test
  public void latencyAndTrafficUseRequestLogs() {
    LogEvent req =
        entry("cloud_run_revision", Map.of("service_name", "cart"))
            .setService("cart")
            .setHttpRequest(http(200, 2_314))
            .build();
    assertThat(matches("p95-latency", req)).isTrue();
    assertThat(matches("traffic-drop", req)).isTrue();
    LogEvent plain = entry("cloud_run_revision", Map.of("service_name", "cart")).build();
    assertThat(matches("p95-latency", plain)).isFalse();
    assertThat(matches("traffic-drop", plain)).isFalse();
  }

  @Test
  public void composerTaskFailure() {
    LogEvent failed =
        entry(
                "cloud_composer_environment",
                Map.of("environment_name", "etl", "location", "europe-west1"))
            .setLogName("projects/shop-prod/logs/airflow-worker")
            .setLogId("airflow-worker")
            .setLabels(new TreeMap<>(Map.of("workflow", "daily_sales", "task-id", "load_orders")))
            .setSeverity(Severity.INFO)
            .setMessage(
                "Marking task as FAILED. dag_id=daily_sales, task_id=load_orders,"
                    + " execution_date=20261127T000000, start_date=20261128T010000,"
                    + " end_date=20261128T010412")
            .setPayloadKind(PayloadKind.TEXT)
            .build();
    assertThat(matches("composer-task-failed", failed)).isTrue();
    LogEvent success =
        failed.toBuilder()
            .setMessage("Marking task as SUCCESS. dag_id=daily_sales, task_id=load_orders")
            .build();
    assertThat(matches("composer-task-failed", success)).isFalse();
    assertThat(rules.get("composer-task-failed").groupByPaths().get(1).value(failed))
        .isEqualTo("daily_sales");
  }

  @Test
  public void batchJobCompletion() {
    LogEvent done =
        entry("cloud_run_job", Map.of("job_name", "hourly-export", "location", "europe-west1"))
            .setMessage("Export completed: 18234 rows written to gs://exports/2026-11-28/")
            .setPayloadKind(PayloadKind.TEXT)
            .build();
    assertThat(matches("batch-job-late", done)).isTrue();
    assertThat(matches("batch-job-late", done.toBuilder().setMessage("Export started").build()))
        .isFalse();
  }

  /** The documented shapes as exported LogEntry JSON, through the real parser. */
  @Test
  public void exportedJsonShapesMatchTheirRules() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    String[][] cases = {
      {
        "repeated-errors",
        "{\"insertId\":\"a1\",\"timestamp\":\"2026-11-28T10:00:01Z\",\"severity\":\"ERROR\","
            + "\"logName\":\"projects/shop-prod/logs/stderr\",\"resource\":{\"type\":\"k8s_container\","
            + "\"labels\":{\"namespace_name\":\"shop\",\"container_name\":\"checkout\"}},\"jsonPayload\":{\"message\":\"payment"
            + " declined: card expired\"}}"
      },
      {
        "lb-backend-5xx",
        "{\"insertId\":\"a2\",\"timestamp\":\"2026-11-28T10:00:02Z\",\"severity\":\"WARNING\","
            + "\"logName\":\"projects/shop-prod/logs/requests\",\"resource\":{\"type\":"
            + "\"http_load_balancer\",\"labels\":{\"backend_service_name\":\"shop-web-backend\"}},"
            + "\"httpRequest\":{\"requestMethod\":\"GET\",\"status\":502,\"latency\":\"0.031s\"},"
            + "\"jsonPayload\":{\"statusDetails\":\"failed_to_connect_to_backend\"}}"
      },
      {
        "cloud-run-5xx-ratio",
        "{\"insertId\":\"a3\",\"timestamp\":\"2026-11-28T10:00:03Z\",\"severity\":\"ERROR\","
            + "\"logName\":\"projects/shop-prod/logs/run.googleapis.com%2Frequests\","
            + "\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":\"cart\"}},"
            + "\"httpRequest\":{\"status\":503,\"latency\":\"2.314s\"}}"
      },
      {
        "composer-task-failed",
        "{\"insertId\":\"a4\",\"timestamp\":\"2026-11-28T10:00:04Z\",\"severity\":\"INFO\","
            + "\"logName\":\"projects/shop-prod/logs/airflow-worker\",\"resource\":{\"type\":"
            + "\"cloud_composer_environment\",\"labels\":{\"environment_name\":\"etl\"}},"
            + "\"labels\":{\"workflow\":\"daily_sales\",\"task-id\":\"load_orders\"},"
            + "\"textPayload\":\"Marking task as FAILED. dag_id=daily_sales, task_id=load_orders\"}"
      },
      {
        "batch-job-late",
        "{\"insertId\":\"a5\",\"timestamp\":\"2026-11-28T10:00:05Z\",\"severity\":\"INFO\","
            + "\"logName\":\"projects/shop-prod/logs/run.googleapis.com%2Fstdout\",\"resource\":"
            + "{\"type\":\"cloud_run_job\",\"labels\":{\"job_name\":\"hourly-export\"}},"
            + "\"textPayload\":\"Export completed: 18234 rows\"}"
      },
    };
    for (String[] c : cases) {
      LogEvent e = parser.parse(c[1].getBytes(StandardCharsets.UTF_8));
      assertWithMessage(c[0]).that(matches(c[0], e)).isTrue();
    }
    LogEvent runReq = parser.parse(cases[2][1].getBytes(StandardCharsets.UTF_8));
    assertThat(rules.get("cloud-run-5xx-ratio").numerator().test(runReq)).isTrue();
    assertThat(matches("p95-latency", runReq)).isTrue();
    assertThat(matches("traffic-drop", runReq)).isTrue();
    assertThat(matches("repeated-errors", runReq)).isFalse(); // request logs are not app errors
    LogEvent k8s = parser.parse(cases[0][1].getBytes(StandardCharsets.UTF_8));
    assertThat(rules.get("repeated-errors").groupByPaths().get(0).value(k8s)).isNotEmpty();
  }
}
