package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.ERRORS;
import static dev.logalerts.alerting.AlertTestSupport.at;
import static dev.logalerts.alerting.AlertTestSupport.batch;
import static dev.logalerts.alerting.AlertTestSupport.evaluate;
import static dev.logalerts.alerting.AlertTestSupport.rule;
import static dev.logalerts.alerting.AlertTestSupport.rules;
import static dev.logalerts.alerting.AlertTestSupport.sorted;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.BinaryCodec;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The Logs Explorer link of an alert grouped by {@code service} selects that service's entries: the
 * derived name read back into Cloud Logging's restriction from the samples' resource type and log,
 * so that the on-call engineer who opens it sees the service that fired, not every service's errors
 * in the window. Real entries: a GKE container's and a Cloud Run request's.
 */
@RunWith(JUnit4.class)
public class ServiceLinkTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  private static LogEvent entry(String file, String insertId, long millis) throws Exception {
    byte[] json = Files.readAllBytes(Path.of("src/test/resources/entries", file));
    return new LogEntryParser()
        .parse(json).toBuilder()
            .setInsertId(insertId)
            .setTimestampNanos(millis * 1_000_000L)
            .setSeverity(Severity.ERROR)
            .build();
  }

  private static boolean selects(String filter, String file) {
    try {
      return Filter.compile(filter).test(entry(file, "x", at(0, 5)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<LogEvent> burst(String file, String prefix, int n) throws Exception {
    List<LogEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(entry(file, prefix + i, at(0, 5 + 5 * i)));
    }
    return out;
  }

  private static Observation observed(LogEvent e) {
    return Observation.of(e, false, Double.NaN, Double.NaN, null, false, 60_000);
  }

  private static Rule byService() {
    return rule("repeated-errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(2).build();
  }

  @Test
  public void aServiceGroupSelectsTheServiceItsEntriesCameFrom() throws Exception {
    LogEvent cart = entry("gke-json.json", "c", at(0, 5));
    LogEvent run = entry("cloud-run-request.json", "r", at(0, 5));
    String cartScope =
        AlertFactory.serviceScope(byService(), List.of(cart.service()), List.of(observed(cart)));
    String runScope =
        AlertFactory.serviceScope(byService(), List.of(run.service()), List.of(observed(run)));
    assertThat(cart.service()).isEqualTo("shop/cart");
    assertThat(cartScope).contains("resource.labels.namespace_name=\"shop\"");
    assertThat(runScope).contains("resource.labels.service_name=");
    // Each restriction selects its own service's entry and not the other's.
    assertThat(Filter.compile(cartScope).test(cart)).isTrue();
    assertThat(Filter.compile(cartScope).test(run)).isFalse();
    assertThat(Filter.compile(runScope).test(run)).isTrue();
    assertThat(Filter.compile(runScope).test(cart)).isFalse();
  }

  @Test
  public void noScopeWhenTheRuleDoesNotGroupByServiceOrTheNameCannotBeReadBack() throws Exception {
    LogEvent cart = entry("gke-json.json", "c", at(0, 5));
    Rule byLog = rule("by-log", RuleType.THRESHOLD, ERRORS, "logId").setThreshold(2).build();
    assertThat(AlertFactory.serviceScope(byLog, List.of("stdout"), List.of(observed(cart))))
        .isEmpty();
    // The overflow group and a group without samples: no restriction (more, never fewer entries).
    assertThat(
            AlertFactory.serviceScope(
                byService(), List.of(GroupKeys.OTHER), List.of(observed(cart))))
        .isEmpty();
    assertThat(AlertFactory.serviceScope(byService(), List.of("shop/cart"), List.of())).isEmpty();
    // Two kinds of entries under one name: either restriction, each in parentheses.
    LogEvent pod = cart.toBuilder().setResourceType("k8s_pod").build();
    String both =
        AlertFactory.serviceScope(
            byService(), List.of("shop/cart"), List.of(observed(cart), observed(pod)));
    assertThat(Filter.compile(both).test(cart)).isTrue();
    assertThat(Filter.compile(both).test(pod)).isTrue();
  }

  /**
   * Observations carry their resource type and log (and a kept sample its noisy-log template id)
   * across shuffles and in the alert state; those stored before (in state, or in flight when a
   * running job is updated) read as before.
   */
  @Test
  public void observationsKeepTheirResourceAndThoseStoredBeforeReadAsBefore() throws Exception {
    Observation located = observed(entry("cloud-run-request.json", "r", at(0, 5)));
    Observation back =
        CoderUtils.decodeFromByteArray(
            Observation.ObservationCoder.of(),
            CoderUtils.encodeToByteArray(Observation.ObservationCoder.of(), located));
    assertThat(back).isEqualTo(located);
    assertThat(back.resourceType).isEqualTo("cloud_run_revision");
    assertThat(back.logId).isEqualTo("run.googleapis.com/requests");

    // The former layout: the same fields, without the resource type and log.
    ByteArrayOutputStream former = new ByteArrayOutputStream();
    BinaryCodec.writeVarLong(former, located.timestampNanos);
    BinaryCodec.writeString(former, located.insertId);
    BinaryCodec.writeString(former, located.message);
    BinaryCodec.writeString(former, located.projectId);
    former.write(0);
    BinaryCodec.writeVarLong(former, Double.doubleToLongBits(Double.NaN));
    BinaryCodec.writeString(former, "");
    BinaryCodec.writeString(former, "");
    BinaryCodec.writeVarLong(former, 60_000);
    BinaryCodec.writeString(former, "the next element");
    ByteArrayInputStream in = new ByteArrayInputStream(former.toByteArray());
    Observation old = Observation.ObservationCoder.of().decode(in);
    assertThat(old.insertId).isEqualTo("r");
    assertThat(old.periodMillis).isEqualTo(60_000);
    assertThat(old.resourceType).isEmpty();
    assertThat(old.logId).isEmpty();
    assertThat(old.sampleTemplateId).isEmpty();
    assertThat(BinaryCodec.readString(in)).isEqualTo("the next element");

    // A kept sample carries its noisy-log template id across shuffles and in state.
    Observation sampled = observed(entry("cloud-run-request.json", "s", at(0, 6)));
    sampled.sampleTemplateId = "c1046ebad3401edd";
    Observation sampledBack =
        CoderUtils.decodeFromByteArray(
            Observation.ObservationCoder.of(),
            CoderUtils.encodeToByteArray(Observation.ObservationCoder.of(), sampled));
    assertThat(sampledBack.sampleTemplateId).isEqualTo("c1046ebad3401edd");
    assertThat(sampledBack.numeratorHit).isEqualTo(sampled.numeratorHit);
    assertThat(sampledBack.logId).isEqualTo("run.googleapis.com/requests");
  }

  @Test
  public void theFiringAlertsLinkSelectsTheService() throws Exception {
    List<LogEvent> in = new ArrayList<>(burst("gke-json.json", "cart-", 3));
    in.addAll(burst("cloud-run-request.json", "run-", 1));
    in.add(ThresholdRuleTest.tail());
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(byService())));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              Alert firing = sorted(it).get(0);
              assertThat(firing.group()).containsExactly("service", "shop/cart");
              String query =
                  URLDecoder.decode(firing.logsExplorerUrl(), StandardCharsets.UTF_8)
                      .replaceAll(";timeRange=.*", "")
                      .substring("https://console.cloud.google.com/logs/query;query=".length());
              assertThat(query).contains("resource.labels.namespace_name=\"shop\"");
              // The query, as Cloud Logging reads it, selects the service's entries only.
              String withoutTime = query.replaceAll(" AND timestamp.*", "");
              assertThat(selects(withoutTime, "gke-json.json")).isTrue();
              assertThat(selects(withoutTime, "cloud-run-request.json")).isFalse();
              // The RESOLVED has no samples (a quiet window): its link keeps the group's project
              // and service restriction all the same.
              Alert resolved = sorted(it).get(1);
              assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
              assertThat(resolved.samples()).isEmpty();
              String resolvedLink =
                  URLDecoder.decode(resolved.logsExplorerUrl(), StandardCharsets.UTF_8);
              assertThat(resolvedLink).contains("resource.labels.namespace_name=\"shop\"");
              assertThat(resolvedLink).endsWith("?project=shop-prod");
              return null;
            });
    p.run().waitUntilFinish();
  }
}
