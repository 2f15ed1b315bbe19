package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The log-family table ({@code docs/log-families.md}) checked on LogEntry JSON: each fixture under
 * {@code families/} (real public entries in {@code otel/}, entries in Google's documented record
 * formats in {@code documented/}, see the README there) parses to the expected message, noisy-log
 * template and service ({@code families/expected.tsv}).
 */
@RunWith(JUnit4.class)
public class LogFamilyFixturesTest {
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  /** One row of expected.tsv. */
  private static final class Row {
    final String fixture;
    final String family;
    final String message;
    final String template;
    final String service;

    Row(String[] cols) {
      fixture = cols[0];
      family = cols[1];
      // A message of several lines is written with \n in the table, a tab (zap's console
      // columns) with \t.
      message = cols[2].replace("\\n", "\n").replace("\\t", "\t");
      template = cols[3];
      service = cols[4];
    }
  }

  private static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : read("/families/expected.tsv").split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      assertWithMessage("columns in %s", line).that(cols.length).isEqualTo(5);
      rows.add(new Row(cols));
    }
    return rows;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = LogFamilyFixturesTest.class.getResourceAsStream(resource)) {
      assertWithMessage("resource %s", resource).that(in).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private LogEvent parse(String fixture) throws Exception {
    String resource = fixture.startsWith("/") ? fixture : "/families/" + fixture;
    return parser.parse(read(resource).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void everyFixtureHasItsMessageTemplateAndService() throws Exception {
    List<Row> rows = rows();
    assertThat(rows.size()).isAtLeast(29);
    Map<String, String> failures = new LinkedHashMap<>();
    for (Row row : rows) {
      LogEvent e = parse(row.fixture);
      KV<NoisyKey, NoisyEntry> kv = keyFn.apply(unmatched(e));
      String actual =
          String.join(
              "\t",
              dev.logalerts.parse.LogFamilies.of(e).name(),
              e.message(),
              kv.getValue().template(),
              e.service());
      String expected = String.join("\t", row.family, row.message, row.template, row.service);
      if (!actual.equals(expected)) {
        failures.put(row.fixture, actual);
      }
    }
    assertWithMessage("fixture → family, message, template, service").that(failures).isEmpty();
  }

  /**
   * The family the parser gives an event is the one its payload gives when read back (how events
   * decoded from an older encoding, without a family, are classified), and the noisy-log template
   * does not depend on which of the two it used.
   */
  @Test
  public void parsedFamilyIsThePayloadsFamily() throws Exception {
    for (Row row : rows()) {
      LogEvent e = parse(row.fixture);
      LogEvent unclassified = e.toBuilder().setFamily(null).build();
      assertWithMessage("family of %s", row.fixture).that(e.family()).isNotNull();
      assertWithMessage("family of %s read back from its payload", row.fixture)
          .that(dev.logalerts.parse.LogFamilies.of(unclassified))
          .isEqualTo(e.family());
      assertWithMessage("template of %s", row.fixture)
          .that(keyFn.apply(unmatched(unclassified)).getValue().template())
          .isEqualTo(keyFn.apply(unmatched(e)).getValue().template());
    }
  }

  @Test
  public void noFixtureHasNoMessageOrALogNameService() throws Exception {
    for (Row row : rows()) {
      LogEvent e = parse(row.fixture);
      assertWithMessage("message of %s", row.fixture).that(e.message()).isNotEmpty();
      assertWithMessage("template of %s", row.fixture)
          .that(keyFn.apply(unmatched(e)).getValue().template())
          .isNotEqualTo(NoisyLogs.EMPTY_TEMPLATE);
      assertWithMessage("service of %s is the log name", row.fixture)
          .that(e.service())
          .isNotEqualTo(e.logId());
    }
  }

  @Test
  public void auditTemplatesKeepTheMethodVerbatim() throws Exception {
    for (Row row : rows()) {
      LogEvent e = parse(row.fixture);
      String method =
          e.payload().first(dev.logalerts.model.FieldValues.key("protoPayload", "methodName"));
      if (method != null && !method.isEmpty() && !row.family.equals("OTHER")) {
        assertWithMessage("template of %s", row.fixture)
            .that(keyFn.apply(unmatched(e)).getValue().template())
            .startsWith(method);
      }
    }
  }

  /** Each fixture's suggested exclusion compiles in the filter language and removes the entry. */
  @Test
  public void everyFixturesExclusionMatchesIt() throws Exception {
    Map<String, String> failures = new LinkedHashMap<>();
    for (Row row : rows()) {
      LogEvent e = parse(row.fixture);
      KV<NoisyKey, NoisyEntry> kv = keyFn.apply(unmatched(e));
      String exclusion = exclusionOf(kv);
      try {
        if (!dev.logalerts.filter.Filter.compile(exclusion).test(e)) {
          failures.put(row.fixture, "does not match: " + exclusion);
        }
      } catch (RuntimeException ex) {
        failures.put(row.fixture, ex.getMessage() + ": " + exclusion);
      }
    }
    assertWithMessage("fixture → its exclusion").that(failures).isEmpty();
  }

  @Test
  public void aWorkloadsContainerAndPodEntriesShareOneService() throws Exception {
    assertThat(parse("documented/k8s-container-checkout.json").service())
        .isEqualTo(parse("documented/gke-event-backoff.json").service());
  }

  /**
   * A cluster autoscaler status with node counts and one with {@code measureTime} only (real
   * clusters write both, interleaved) are one kind of event: one noisy-log row.
   */
  @Test
  public void autoscalerStatusWithAndWithoutCountsShareOneRow() throws Exception {
    KV<NoisyKey, NoisyEntry> counts =
        keyFn.apply(unmatched(parse("gcpdiag/autoscaler-status-counts.json")));
    KV<NoisyKey, NoisyEntry> measureOnly =
        keyFn.apply(unmatched(parse("gcpdiag/autoscaler-status-measuretime-only.json")));
    assertThat(measureOnly.getKey()).isEqualTo(counts.getKey());
    assertThat(measureOnly.getValue().messageField()).isEqualTo(counts.getValue().messageField());
  }

  /**
   * BigQuery job completions of different kinds (legacy {@code eventName}, {@code jobChange}'s
   * {@code jobConfig.type}) are different rows, and each row's exclusion keeps the other kind.
   */
  @Test
  public void bigQueryJobCompletionsSplitByKind() throws Exception {
    assertVariantSplits(
        "cloudevents/bigquery-legacy-jobcompleted-ok.json",
        "\"query_job_completed\"",
        "\"load_job_completed\"");
    assertVariantSplits("documented/bigquery-job-done-query.json", "\"QUERY\"", "\"IMPORT\"");
  }

  /**
   * Audit entries that share a method but tell different events (BigQuery's reads, changes and
   * insertions of one job; pgAudit statements; backup windows; Kubernetes non-resource paths) are
   * different rows, and each row's exclusion keeps the others.
   */
  @Test
  public void auditEventsUnderOneMethodSplitByWhatHappened() throws Exception {
    assertVariantSplits(
        "documented/bigquery-tabledata-read-job.json", "\"JOB\"", "\"TABLEDATA_LIST_REQUEST\"");
    assertVariantSplits(
        "documented/bigquery-tabledata-read-job.json", "\"tableDataRead\"", "\"tableDataChange\"");
    assertVariantSplits("documented/bigquery-job-insertion-query.json", "\"QUERY\"", "\"EXTRACT\"");
    assertVariantSplits("documented/cloudsql-pgaudit-read.json", "\"READ\"", "\"DDL\"");
    assertVariantSplits("documented/cloudsql-pgaudit-read.json", "\"SELECT\"", "\"COPY\"");
    assertVariantSplits(
        "documented/cloudsql-backup-window-failed.json",
        "\"STATUS_FAILED\"",
        "\"STATUS_SUCCEEDED\"");
    assertVariantSplits("documented/gke-audit-readyz.json", "\"readyz\"", "\"api/v1\"");
    // Denials by different policies: organization policy constraints, GKE Autopilot's rules.
    assertVariantSplits(
        "documented/audit-org-policy-violated.json",
        "compute.vmExternalIpAccess",
        "compute.trustedImageProjects");
  }

  /**
   * Scanners probe public GKE control planes for paths the API server does not serve; the audit log
   * writes each probe's path as the resource name (real probes: {@code HNAP1}, {@code wp-login.php}
   * in the Kubernetes data-access entries of
   * https://github.com/elastic/integrations/blob/main/packages/gcp/data_stream/audit/_dev/test/pipeline/test-k8s-nonmatching-resourcename.log).
   * All probes are one row, apart from the API server's own paths, and that row's exclusion keeps
   * them.
   */
  @Test
  public void kubernetesProbesOfUnservedPathsShareOneRow() throws Exception {
    String fixture = "documented/gke-audit-readyz.json";
    String json = read("/families/" + fixture);
    LogEvent readyz = parse(fixture);
    LogEvent hnap =
        parser.parse(json.replace("\"readyz\"", "\"HNAP1\"").getBytes(StandardCharsets.UTF_8));
    LogEvent wp =
        parser.parse(
            json.replace("\"readyz\"", "\"wp-login.php\"").getBytes(StandardCharsets.UTF_8));
    LogEvent openid =
        parser.parse(
            json.replace("\"readyz\"", "\".well-known/openid-configuration\"")
                .getBytes(StandardCharsets.UTF_8));
    KV<NoisyKey, NoisyEntry> probe = keyFn.apply(unmatched(hnap));
    assertThat(hnap.message()).isEqualTo("io.k8s.get HNAP1");
    assertThat(probe.getValue().template()).isEqualTo("io.k8s.get <*>");
    assertThat(keyFn.apply(unmatched(wp)).getKey()).isEqualTo(probe.getKey());
    assertThat(keyFn.apply(unmatched(readyz)).getKey().templateId())
        .isNotEqualTo(probe.getKey().templateId());
    assertThat(keyFn.apply(unmatched(openid)).getValue().template())
        .isEqualTo("io.k8s.get .well-known/openid-configuration");
    dev.logalerts.filter.CompiledFilter exclusion =
        dev.logalerts.filter.Filter.compile(exclusionOf(probe));
    assertThat(exclusion.test(hnap)).isTrue();
    assertThat(exclusion.test(wp)).isTrue();
    assertThat(exclusion.test(readyz)).isFalse();
    assertThat(exclusion.test(openid)).isFalse();
  }

  /**
   * Cloud IDS writes one traffic entry per session: one row per protocol, application, action and
   * server port, whatever the addresses and client ports.
   */
  @Test
  public void idsTrafficSessionsShareARowPerApplicationAndPort() throws Exception {
    String fixture = "documented/cloud-ids-traffic.json";
    assertVariantSplits(fixture, "\"ssl\"", "\"dns\"");
    assertVariantSplits(fixture, "\"allow\"", "\"deny\"");
    assertVariantSplits(fixture, "\"destination_port\":\"443\"", "\"destination_port\":\"53\"");
    String json = read("/families/" + fixture);
    LogEvent other =
        parser.parse(
            json.replace("10.128.0.5", "10.128.0.9")
                .replace("49412", "51000")
                .replace("142.250.72.110", "151.101.1.69")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(keyFn.apply(unmatched(other)).getKey())
        .isEqualTo(keyFn.apply(unmatched(parse(fixture))).getKey());
  }

  /**
   * containerd writes one line per pod sandbox and per container it creates, the pod's and
   * container's names in Go's struct dump ({@code &PodSandboxMetadata{Name:…,Namespace:…,}}): one
   * row for all pods, whose exclusion takes every pod's line and not the container's.
   */
  @Test
  public void containerdSandboxesOfDifferentPodsShareOneRow() throws Exception {
    LogEvent one = parse("khi/containerd-run-pod-sandbox.json");
    LogEvent other = parse("khi/containerd-run-pod-sandbox-kube-dns.json");
    LogEvent container = parse("khi/containerd-create-container.json");
    KV<NoisyKey, NoisyEntry> a = keyFn.apply(unmatched(one));
    assertThat(keyFn.apply(unmatched(other)).getKey()).isEqualTo(a.getKey());
    assertThat(a.getValue().template()).doesNotContain("podname");
    assertThat(keyFn.apply(unmatched(container)).getValue().template())
        .doesNotContain("config-init");
    dev.logalerts.filter.CompiledFilter exclusion =
        dev.logalerts.filter.Filter.compile(exclusionOf(a));
    assertThat(exclusion.test(one)).isTrue();
    assertThat(exclusion.test(other)).isTrue();
    assertThat(exclusion.test(container)).isFalse();
  }

  /**
   * pandas raises one KeyError with the columns a call missed, as a Python list: a Cloud Run
   * function's two tracebacks (one missing two columns, one missing one) are one row, and its other
   * error stays apart.
   */
  @Test
  public void aListOfMissingColumnsIsOneValue() throws Exception {
    LogEvent two = parse("exports/cloud-run-python-keyerror-two-columns.json");
    LogEvent one = parse("exports/cloud-run-python-keyerror-one-column.json");
    KV<NoisyKey, NoisyEntry> a = keyFn.apply(unmatched(two));
    assertThat(keyFn.apply(unmatched(one)).getKey()).isEqualTo(a.getKey());
    assertThat(a.getValue().template()).endsWith("not present in the DataFrame: [<*>]\"");
    dev.logalerts.filter.CompiledFilter exclusion =
        dev.logalerts.filter.Filter.compile(exclusionOf(a));
    assertThat(exclusion.test(two)).isTrue();
    assertThat(exclusion.test(one)).isTrue();
    assertThat(
            exclusion.test(
                parser.parse(
                    read("/families/exports/cloud-run-python-keyerror-one-column.json")
                        .replace("KeyError: \\\"The following", "KeyError: \\\"Other")
                        .getBytes(StandardCharsets.UTF_8))))
        .isFalse();
  }

  /**
   * App Engine's nginx connects to the app at {@code localhost:8081} and at {@code 127.0.0.1:8081}:
   * one line, one row, the address masked whichever form it takes.
   */
  @Test
  public void aLocalhostAddressIsAnAddress() throws Exception {
    KV<NoisyKey, NoisyEntry> name =
        keyFn.apply(unmatched(parse("posts/gae-init-nginx-connected-localhost.json")));
    KV<NoisyKey, NoisyEntry> loopback =
        keyFn.apply(unmatched(parse("posts/gae-init-nginx-connected-loopback.json")));
    assertThat(name.getKey()).isEqualTo(loopback.getKey());
    assertThat(name.getValue().template()).doesNotContain("localhost");
  }

  /**
   * GKE logs a Deployment's and a ReplicaSet's events on the cluster: they are their workload's, as
   * its pods' events are, and the service's scope selects them and not another namespace's.
   */
  @Test
  public void clusterScopedEventsAreTheirWorkloads() throws Exception {
    LogEvent pod = parse("documented/gke-event-backoff.json");
    LogEvent deployment = parse("documented/gke-event-deployment-scaled.json");
    LogEvent replicaSet = parse("documented/gke-event-replicaset-created.json");
    assertThat(deployment.service()).isEqualTo(pod.service());
    assertThat(replicaSet.service()).isEqualTo(pod.service());
    dev.logalerts.filter.CompiledFilter scope =
        dev.logalerts.filter.Filter.compile(
            dev.logalerts.parse.ServiceScope.of(
                deployment.resourceType(), deployment.logId(), deployment.service()));
    assertThat(scope.test(deployment)).isTrue();
    assertThat(scope.test(replicaSet)).isTrue();
    String other =
        read("/families/documented/gke-event-deployment-scaled.json")
            .replace("\"namespace\":\"shop\"", "\"namespace\":\"billing\"");
    LogEvent elsewhere = parser.parse(other.getBytes(StandardCharsets.UTF_8));
    assertThat(elsewhere.service()).isEqualTo("billing/checkout");
    assertThat(scope.test(elsewhere)).isFalse();
  }

  /** Ids in a pgAudit statement or a BigQuery job name do not split a row: they are not read. */
  @Test
  public void auditEventDetailsKeepNoIds() throws Exception {
    String pg = read("/families/documented/cloudsql-pgaudit-read.json");
    LogEvent one = parse("documented/cloudsql-pgaudit-read.json");
    LogEvent other =
        parser.parse(
            pg.replace("4711", "815").replace("2209692", "31337").getBytes(StandardCharsets.UTF_8));
    assertThat(keyFn.apply(unmatched(other)).getKey())
        .isEqualTo(keyFn.apply(unmatched(one)).getKey());
  }

  /**
   * The kubelet's {@code Unhealthy} events of a failing readiness probe and of a failing liveness
   * probe (which restarts the container) are different rows, and a readiness row's exclusion keeps
   * the liveness failures; a failing probe and one that could not run ({@code errored}) too.
   */
  @Test
  public void unhealthyEventsSplitByProbeAndOutcome() throws Exception {
    String fixture = "gkesystem/event-readiness-probe-failed.json";
    assertVariantSplits(fixture, "Readiness probe failed", "Liveness probe failed");
    assertVariantSplits(fixture, "Readiness probe failed", "Readiness probe errored");
    assertThat(
            keyFn
                .apply(unmatched(parse("gkesystem/event-liveness-probe-failed.json")))
                .getValue()
                .template())
        .isEqualTo("Pod Unhealthy Liveness probe failed");
  }

  /**
   * An Access Transparency entry's exclusion is not "every Access Transparency entry": another
   * reason, product or method is another row that the exclusion keeps.
   */
  @Test
  public void accessTransparencyExclusionKeepsOtherAccesses() throws Exception {
    String fixture = "documented/access-transparency-gcs-read.json";
    assertVariantSplits(fixture, "\"CUSTOMER_INITIATED_SUPPORT\"", "\"GOOGLE_INITIATED_SERVICE\"");
    assertVariantSplits(fixture, "\"Cloud Storage\"", "\"BigQuery\"");
    assertVariantSplits(fixture, "\"GoogleInternal.Read\"", "\"GoogleInternal.Write\"");
  }

  /**
   * The fixture with {@code value} replaced by {@code otherValue} has another template, and the
   * fixture's suggested exclusion matches the fixture but not the variant.
   */
  private void assertVariantSplits(String fixture, String value, String otherValue)
      throws Exception {
    LogEvent one = parse(fixture);
    String json = read("/families/" + fixture);
    assertThat(json).contains(value);
    LogEvent other = parser.parse(json.replace(value, otherValue).getBytes(StandardCharsets.UTF_8));
    KV<NoisyKey, NoisyEntry> a = keyFn.apply(unmatched(one));
    KV<NoisyKey, NoisyEntry> b = keyFn.apply(unmatched(other));
    assertWithMessage("template of %s with %s", fixture, otherValue)
        .that(b.getValue().template())
        .isNotEqualTo(a.getValue().template());
    assertThat(b.getKey().templateId()).isNotEqualTo(a.getKey().templateId());
    String exclusion = exclusionOf(a);
    dev.logalerts.filter.CompiledFilter f = dev.logalerts.filter.Filter.compile(exclusion);
    assertWithMessage("%s matches its own entry", exclusion).that(f.test(one)).isTrue();
    assertWithMessage("%s matches the other kind", exclusion).that(f.test(other)).isFalse();
  }

  /**
   * An organization's own log (what organization-level sinks export) is counted under the
   * organization, not under an empty project.
   */
  @Test
  public void anOrganizationsLogIsCountedUnderTheOrganization() throws Exception {
    LogEvent e = parse("documented/audit-org-set-iam-policy.json");
    assertThat(e.projectId()).isEqualTo("organizations/584937261045");
    assertThat(keyFn.apply(unmatched(e)).getKey().projectId())
        .isEqualTo("organizations/584937261045");
  }

  /** Fixture count per family, for the notes (printed, and at least one per family). */
  @Test
  public void countsPerFamily() throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    for (Row row : rows()) {
      counts.merge(row.family, 1, Integer::sum);
    }
    System.out.println("fixtures per family: " + counts);
    assertThat(counts.keySet())
        .containsAtLeast(
            "AUDIT",
            "K8S_EVENT",
            "JOURNALD",
            "VPC_FLOW",
            "FIREWALL",
            "CLOUD_DNS",
            "CLOUD_NAT",
            "LB_REQUEST",
            "LB_PROXY",
            "LB_PASSTHROUGH",
            "SCHEDULER",
            "TASKS",
            "GKE_AUTOSCALER",
            "ACCESS_LOG",
            "ACCESS_TRANSPARENCY");
  }

  /** An entry that no alert rule matched: what the noisy-log branch receives for it. */
  private static MatchedEvent unmatched(LogEvent e) {
    return MatchedEvent.of(e, "test", List.of());
  }

  /** The exclusion the noisy-log row of {@code kv} suggests. */
  private static String exclusionOf(KV<NoisyKey, NoisyEntry> kv) {
    NoisyEntry entry = kv.getValue();
    return SuggestedExclusion.build(
        kv.getKey(), entry.template(), entry.messageField(), entry.message());
  }
}
