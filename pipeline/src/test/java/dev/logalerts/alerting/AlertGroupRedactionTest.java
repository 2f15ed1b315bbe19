package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.HTTP_5XX;
import static dev.logalerts.alerting.AlertTestSupport.MINER;
import static dev.logalerts.alerting.AlertTestSupport.at;
import static dev.logalerts.alerting.AlertTestSupport.batch;
import static dev.logalerts.alerting.AlertTestSupport.rule;
import static dev.logalerts.alerting.AlertTestSupport.rules;
import static dev.logalerts.alerting.AlertTestSupport.sorted;

import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.RuleType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A group value is the text of any field the rule groups by, so it can hold a secret: grouped by
 * {@code httpRequest.requestUrl}, an alert named the URL with its API key in its group, summary,
 * description and Logs Explorer link (all stored in BigQuery and published), while its samples were
 * redacted. The key is the Google API key of gitleaks' {@code cmd/generate/config/rules/gcp.go}
 * (commit 0073de5a24273e92d30afb5dac07f3a7d600c9d2, MIT), in the Geocoding API's request form
 * (https://developers.google.com/maps/documentation/geocoding/requests-geocoding).
 */
@RunWith(JUnit4.class)
public class AlertGroupRedactionTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final String KEY = "AIzaSyNHxIf32IQ1a1yjl3ZJIqKZqzLAK1XhDk-";
  private static final String LEAKY =
      "https://maps.googleapis.com/maps/api/geocode/json?address=1600+Amphitheatre&key=" + KEY;
  private static final String CLEAN = "https://maps.googleapis.com/maps/api/geocode/json";

  private static LogEvent failed(String id, long millis, String url) {
    return LogEvent.builder()
        .setInsertId(id)
        .setTimestampNanos(millis * 1_000_000L)
        .setService("maps-proxy")
        .setSeverity(Severity.ERROR)
        .setProjectId("demo-project")
        .setMessage("upstream 503 for " + url)
        .setHttpRequest(
            HttpRequest.builder().setRequestMethod("GET").setRequestUrl(url).setStatus(503).build())
        .build();
  }

  /** The rule's alerts over the entries, with the job's own redactor, not the tests' stand-in. */
  private PCollection<Alert> alerts(List<LogEvent> in, dev.logalerts.rules.Rule r) {
    return p.apply(batch(in)).apply(EvaluateRules.of(rules(r)).withMiner(MINER));
  }

  @Test
  public void aSecretInAGroupValueIsRedactedWhereverTheAlertNamesTheGroup() {
    List<LogEvent> in = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      in.add(failed("k" + i, at(0, 5 + i * 5), LEAKY));
      in.add(failed("c" + i, at(0, 6 + i * 5), CLEAN));
    }
    dev.logalerts.rules.Rule r =
        rule("failing-urls", RuleType.THRESHOLD, HTTP_5XX, "httpRequest.requestUrl")
            .setThreshold(3)
            .setDescription("{value} failures of {group.httpRequest.requestUrl}")
            .build();
    PCollection<Alert> alerts = alerts(in, r);
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              assertThat(all).hasSize(2);
              for (Alert a : all) {
                String url = a.group().get("httpRequest.requestUrl");
                String link = URLDecoder.decode(a.logsExplorerUrl(), StandardCharsets.UTF_8);
                assertThat(a.toString()).doesNotContain(KEY);
                assertThat(a.logsExplorerUrl()).doesNotContain(KEY);
                assertThat(link).contains("(httpRequest.status>=500)");
                if (url.equals(CLEAN)) {
                  // A value without a secret keeps its restriction in the link.
                  assertThat(link).contains("httpRequest.requestUrl=\"" + CLEAN + "\"");
                  continue;
                }
                assertThat(url)
                    .isEqualTo(
                        "https://maps.googleapis.com/maps/api/geocode/json?address=1600"
                            + "+Amphitheatre&key=[REDACTED:google_api_key]");
                assertThat(a.summary()).contains("[REDACTED:google_api_key]");
                assertThat(a.description()).isEqualTo("4 failures of " + url);
                // The redacted value selects nothing: its restriction is left out, not written.
                assertThat(link).doesNotContain("httpRequest.requestUrl");
                assertThat(a.samples().get(0).message()).contains("[REDACTED:google_api_key]");
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** A LogEntry as the job's parser reads it. */
  private static LogEvent parsed(String json) {
    try {
      return new dev.logalerts.parse.LogEntryParser().parse(json.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** An IAM policy change as Cloud Audit Logs writes it, by {@code principal}. */
  private static LogEvent ownerGranted(String id, int second, String principal) {
    String json =
        "{\"insertId\":\""
            + id
            + "\",\"logName\":\"projects/demo-project/logs/cloudaudit.googleapis.com%2Factivity\","
            + "\"timestamp\":\"2026-11-20T10:00:0"
            + second
            + "Z\",\"severity\":\"NOTICE\",\"resource\":{\"type\":\"project\","
            + "\"labels\":{\"project_id\":\"demo-project\"}},\"protoPayload\":{"
            + "\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
            + "\"status\":{},\"authenticationInfo\":{\"principalEmail\":\""
            + principal
            + "\"},\"serviceName\":\"cloudresourcemanager.googleapis.com\","
            + "\"methodName\":\"SetIamPolicy\",\"resourceName\":\"projects/demo-project\"}}";
    return parsed(json);
  }

  @Test
  public void aPrincipalTheRuleGroupsByIsNamedNotRedacted() {
    // Before: grouped by principalEmail, every group read [REDACTED:email] (summary, group, link
    // without its restriction), so an "owner granted" page could not say who, and a rule test or
    // explain-rule naming the principal found no alert.
    String alice = "alice@example.com";
    String robot = "serviceAccount:deployer@demo-project.iam.gserviceaccount.com"; // IAM member
    List<LogEvent> in = new ArrayList<>();
    in.add(ownerGranted("a", 5, alice));
    in.add(ownerGranted("r", 6, robot));
    String by = "protoPayload.authenticationInfo.principalEmail";
    dev.logalerts.rules.Rule r =
        rule("owner-granted", RuleType.THRESHOLD, AlertTestSupport.ALL, by)
            .setThreshold(1)
            .setDescription("{group." + by + "} granted an owner role")
            .build();
    PCollection<Alert> alerts = alerts(in, r);
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> firing = AlertTestSupport.firing(it);
              assertWithMessage(firing.toString()).that(firing).hasSize(2);
              for (Alert a : firing) {
                String who = a.group().get(by);
                assertThat(who).isAnyOf(alice, robot);
                assertThat(a.summary()).startsWith("owner-granted: " + who + " logged 1");
                assertThat(a.description()).isEqualTo(who + " granted an owner role");
                String link = URLDecoder.decode(a.logsExplorerUrl(), StandardCharsets.UTF_8);
                assertThat(link).contains(by + "=\"" + who + "\"");
                // The sample names the caller ahead of the call, shown as the group value is.
                assertThat(a.samples().get(0).message()).isEqualTo(who + ": SetIamPolicy");
              }
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** A Vertex AI training replica's stderr line, as the job's parser reads it. */
  private static LogEvent trainingError(String id, int second, String jobId, String message) {
    String json =
        "{\"insertId\":\""
            + id
            + "\",\"logName\":\"projects/ml-prod/logs/workerpool0-0\","
            + "\"timestamp\":\"2026-12-04T03:10:0"
            + second
            + "Z\",\"severity\":\"ERROR\",\"resource\":{\"type\":\"ml_job\","
            + "\"labels\":{\"job_id\":\""
            + jobId
            + "\",\"project_id\":\"ml-prod\",\"task_name\":\"workerpool0-0\"}},"
            + "\"jsonPayload\":{\"message\":\""
            + message
            + "\"}}";
    return parsed(json);
  }

  @Test
  public void aResourceIdThatLooksLikeACardNumberNamesItsJob() {
    // Before: a Vertex AI job id of 19 digits starting with 4 that passes the Luhn check (one in
    // ten of them) was published as [REDACTED:card] in the group, while the summary and the
    // noisy-log rows named it: the on-call could not tell which job failed.
    String job = "4567890123456789012";
    String card = "4111111111111111"; // a test Visa number a payload may hold: still redacted
    List<LogEvent> in = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      in.add(trainingError("e" + i, i, job, "charge failed for card " + card));
    }
    dev.logalerts.rules.Rule r =
        rule(
                "training-errors",
                RuleType.THRESHOLD,
                AlertTestSupport.ALL,
                "service",
                "resource.labels.job_id")
            .setThreshold(3)
            .setDescription("{group.resource.labels.job_id} failing")
            .build();
    PCollection<Alert> alerts = alerts(in, r);
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> all = sorted(it);
              Alert a = all.get(0);
              assertThat(a.state()).isEqualTo(AlertState.FIRING);
              assertThat(a.group()).containsExactly("service", job, "resource.labels.job_id", job);
              assertThat(a.summary())
                  .startsWith("training-errors: " + job + "/" + job + " logged 3");
              assertThat(a.description()).isEqualTo(job + " failing");
              String link = URLDecoder.decode(a.logsExplorerUrl(), StandardCharsets.UTF_8);
              assertThat(link).contains("resource.labels.job_id=\"" + job + "\"");
              assertThat(a.samples().get(0).message()).contains("[REDACTED:card]");
              assertThat(a.toString()).doesNotContain(card);
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * A service account key created, as Cloud Audit Logs writes it: panther-labs/panther-analysis
   * rules/gcp_audit_rules/gcp_service_account_or_keys_created.yml, test "Created Service Account
   * Key" (Panther's {@code at_sign_type} as {@code @type}, its own fields left out), with the key's
   * name {@code keyName}.
   */
  private static LogEvent keyCreated(String id, int second, String keyName) {
    String json =
        "{\"insertId\":\""
            + id
            + "\",\"logName\":\"projects/gcp-project1/logs/cloudaudit.googleapis.com%2Factivity\","
            + "\"timestamp\":\"2023-03-09T15:50:3"
            + second
            + ".148Z\",\"severity\":\"NOTICE\",\"resource\":{\"type\":\"service_account\","
            + "\"labels\":{\"email_id\":\"created-service-account@gcp-project1.iam.gserviceaccount.com\","
            + "\"project_id\":\"gcp-project1\",\"unique_id\":\"123456789098765434567\"}},"
            + "\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
            + "\"authenticationInfo\":{\"principalEmail\":\"staging@company.io\"},"
            + "\"requestMetadata\":{\"callerIp\":\"1.2.3.4\"},"
            + "\"methodName\":\"google.iam.admin.v1.CreateServiceAccountKey\","
            + "\"resourceName\":\"projects/-/serviceAccounts/123456789098765434567\","
            + "\"response\":{\"@type\":\"type.googleapis.com/google.iam.admin.v1.ServiceAccountKey\","
            + "\"name\":\""
            + keyName
            + "\"},\"serviceName\":\"iam.googleapis.com\",\"status\":{}}}";
    return parsed(json);
  }

  @Test
  public void aServiceAccountInAResourceNameTheRuleGroupsByIsNamed() {
    // Before: grouped by the created key's name, the alert read
    // projects/gcp-project1/serviceAccounts/[REDACTED:email]/keys/69049… in its group, summary and
    // description, and its link lost the restriction: a page for a key created could not say on
    // which service account, and every account's alert read the same.
    String key =
        "projects/gcp-project1/serviceAccounts/created-service-account@gcp-project1.iam"
            + ".gserviceaccount.com/keys/69049163b190437ab9279b28e8afa24bb5c5b076";
    // A value that holds a secret besides the account stays redacted.
    String leaky = "projects/p/serviceAccounts/ci@p.iam.gserviceaccount.com/keys/x?key=" + KEY;
    List<LogEvent> in = new ArrayList<>();
    in.add(keyCreated("k", 6, key));
    in.add(keyCreated("l", 7, leaky));
    String by = "protoPayload.response.name";
    dev.logalerts.rules.Rule r =
        rule("sa-key-created", RuleType.THRESHOLD, AlertTestSupport.ALL, by)
            .setThreshold(1)
            .setDescription("key {group." + by + "} created")
            .build();
    PCollection<Alert> alerts = alerts(in, r);
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<Alert> firing = AlertTestSupport.firing(it);
              assertWithMessage(firing.toString()).that(firing).hasSize(2);
              for (Alert a : firing) {
                assertThat(a.toString()).doesNotContain(KEY);
                String shown = a.group().get(by);
                String link = URLDecoder.decode(a.logsExplorerUrl(), StandardCharsets.UTF_8);
                if (shown.contains("[REDACTED:")) {
                  assertThat(shown).contains("[REDACTED:google_api_key]");
                  assertThat(link).doesNotContain(by);
                  continue;
                }
                assertThat(shown).isEqualTo(key);
                assertThat(a.summary()).startsWith("sa-key-created: " + key + " logged 1");
                assertThat(a.description()).isEqualTo("key " + key + " created");
                assertThat(link).contains(by + "=\"" + key + "\"");
              }
              return null;
            });
    p.run().waitUntilFinish();
  }
}
