package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Family templates in the noisy-log account: exclusions, stability, and the lean parser. */
@RunWith(JUnit4.class)
public class LogFamilyTemplatesTest {
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  private static byte[] fixture(String name) throws Exception {
    try (InputStream in = LogFamilyTemplatesTest.class.getResourceAsStream("/families/" + name)) {
      return in.readAllBytes();
    }
  }

  private KV<NoisyKey, NoisyEntry> keyed(String name) throws Exception {
    return keyFn.apply(unmatched(parser.parse(fixture(name))));
  }

  private String exclusion(String name) throws Exception {
    KV<NoisyKey, NoisyEntry> kv = keyed(name);
    NoisyEntry e = kv.getValue();
    return SuggestedExclusion.build(kv.getKey(), e.template(), e.messageField(), e.message());
  }

  @Test
  public void auditExclusionNamesTheMethodAndCodeNotEveryAuditLog() throws Exception {
    assertThat(exclusion("otel/audit-policy-denied.json"))
        .isEqualTo(
            "log_id(\"cloudaudit.googleapis.com/policy\") AND resource.type=\"audited_resource\""
                + " AND (resource.labels.service=\"storage.googleapis.com\""
                + " OR protoPayload.serviceName=\"storage.googleapis.com\")"
                + " AND severity=ERROR AND protoPayload.methodName=\"google.storage.buckets.get\""
                + " AND protoPayload.status.code=7"
                + " AND protoPayload.metadata.violationReason=\"NO_MATCHING_ACCESS_LEVEL\"");
    assertThat(exclusion("otel/audit-k8s-activity.json"))
        .endsWith("AND protoPayload.methodName=\"io.k8s.coordination.v1.leases.update\"");
  }

  @Test
  public void accessTransparencyExclusionNamesReasonProductAndMethod() throws Exception {
    assertThat(exclusion("documented/access-transparency-gcs-read.json"))
        .isEqualTo(
            "log_id(\"cloudaudit.googleapis.com/access_transparency\") AND"
                + " resource.type=\"project\" AND severity=NOTICE AND"
                + " jsonPayload.reason.type=\"CUSTOMER_INITIATED_SUPPORT\" AND"
                + " jsonPayload.product=\"Cloud Storage\" AND"
                + " jsonPayload.accesses.methodName=\"GoogleInternal.Read\"");
  }

  /**
   * An Access Transparency entry without TransparencyLog fields (Google Workspace's, which names
   * product and justification in a parameter list) is named by its type, not "audit".
   */
  @Test
  public void workspaceAccessTransparencyIsNamedByItsType() throws Exception {
    String json =
        "{\"timestamp\":\"2026-11-28T00:00:00Z\",\"logName\":\"organizations/123/logs/"
            + "cloudaudit.googleapis.com%2Faccess_transparency\",\"resource\":{\"type\":"
            + "\"audited_resource\",\"labels\":{}},\"jsonPayload\":{\"@type\":"
            + "\"type.googleapis.com/ccc_hosted_reporting.ActivityProto\",\"event\":[{"
            + "\"eventName\":\"ACCESS\",\"eventType\":\"GSUITE_RESOURCE\"}]}}";
    LogEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(e.message()).isEqualTo("Access Transparency ActivityProto");
    KV<NoisyKey, NoisyEntry> kv = keyFn.apply(unmatched(e));
    assertThat(kv.getValue().template()).isEqualTo("Access Transparency ActivityProto");
    String exclusion =
        SuggestedExclusion.build(
            kv.getKey(), kv.getValue().template(), kv.getValue().messageField(), e.message());
    assertThat(Filter.compile(exclusion).test(e)).isTrue();
  }

  @Test
  public void networkExclusionsUseTheConstantFields() throws Exception {
    assertThat(exclusion("documented/firewall-denied.json"))
        .endsWith(
            "jsonPayload.rule_details.reference=\"network:example-net/firewall:rule-a\""
                + " AND jsonPayload.disposition=\"DENIED\""
                + " AND jsonPayload.rule_details.direction=\"EGRESS\"");
    assertThat(exclusion("otel/vpc-flow-compute-engine.json"))
        .endsWith(
            "jsonPayload.connection.protocol=6 AND jsonPayload.connection.dest_port=443"
                + " AND jsonPayload.reporter=\"DEST\"");
    assertThat(exclusion("otel/dns-nxdomain.json"))
        .endsWith("jsonPayload.queryType=\"A\" AND jsonPayload.responseCode=\"NXDOMAIN\"");
  }

  @Test
  public void loadBalancerRequestExclusionKeepsTheRequestClauses() throws Exception {
    assertThat(exclusion("otel/armor-security-policy.json"))
        .endsWith(
            "httpRequest.requestMethod=\"GET\""
                + " AND httpRequest.requestUrl=~\"^([^/?#]*://[^/]*)?/?([?#].*)?$\""
                + " AND httpRequest.status>=400 AND httpRequest.status<500"
                // What tells Cloud Armor's denials from the backend's own 4xx for the same URL.
                + " AND jsonPayload.statusDetails=\"denied_by_security_policy\""
                + " AND ((jsonPayload.enforcedSecurityPolicy.name=\"test-armor-policy\""
                + " AND jsonPayload.enforcedSecurityPolicy.outcome=\"DENY\""
                // The rules' denials, not the rate limits' (below).
                + " AND NOT jsonPayload.enforcedSecurityPolicy.configuredAction=\"THROTTLE\""
                + " AND NOT jsonPayload.enforcedSecurityPolicy.configuredAction=\"RATE_BASED_BAN\")"
                + " OR (jsonPayload.enforcedEdgeSecurityPolicy.name=\"test-armor-policy\""
                + " AND jsonPayload.enforcedEdgeSecurityPolicy.outcome=\"DENY\"))");
    // Another policy's denials of the same URL are another row, and not in this one's exclusion.
    String edge =
        new String(fixture("otel/armor-edge-security-policy.json"), StandardCharsets.UTF_8);
    assertThat(Filter.compile(exclusion("otel/armor-security-policy.json")).test(parse(edge)))
        .isFalse();
  }

  @Test
  public void proxyAccessLogExclusionNamesMethodPathStatusAndFlags() throws Exception {
    assertThat(exclusion("documented/istio-json-access-503.json"))
        .isEqualTo(
            "log_id(\"stdout\") AND resource.type=\"k8s_container\" AND"
                + " resource.labels.namespace_name=\"shop\" AND (labels.\"k8s-pod/app\"=\"orders\""
                + " OR labels.\"k8s-pod/app_kubernetes_io/name\"=\"orders\" OR"
                + " labels.\"k8s-pod/k8s-app\"=\"orders\" OR"
                + " resource.labels.pod_name=~"
                + "\"^orders(-v[0-9]+([.][0-9]+)+)?(-gke-[-0-9a-z]+-[0-9a-f]{8}-[0-9a-z]{4}|"
                + "(-([bcdfghjklmnpqrstvwxz2456789]{6,10}|[0-9]+))?"
                + "(-[bcdfghjklmnpqrstvwxz2456789]{5})?)$\" OR"
                + " resource.labels.container_name=\"orders\") AND severity=INFO AND"
                + " jsonPayload.method=\"GET\" AND jsonPayload.path:\"/api/orders/\" AND"
                + " jsonPayload.response_code>=500 AND jsonPayload.response_code<600 AND"
                + " jsonPayload.response_flags=\"UF\"");
    assertThat(exclusion("documented/traefik-json-access.json"))
        .endsWith(
            "jsonPayload.RequestMethod=\"GET\" AND jsonPayload.RequestPath:\"/api/v1/users/\""
                + " AND jsonPayload.DownstreamStatus>=400 AND jsonPayload.DownstreamStatus<500");
  }

  @Test
  public void accessLogsOfOneRouteShareATemplateWhateverTheirKeyOrderOrIds() throws Exception {
    String a = new String(fixture("documented/istio-json-access-503.json"), StandardCharsets.UTF_8);
    String b =
        a.replace("8f41c2?expand=items", "77d0e1")
            .replace("\"authority\":\"orders.shop.svc.cluster.local:8080\",", "")
            .replace(
                "\"x_forwarded_for\":null}", "\"x_forwarded_for\":null,\"authority\":\"o:80\"}");
    assertThat(template(b)).isEqualTo(template(a));
    assertThat(template(a)).isEqualTo("GET /api/orders/<*> 5xx UF");
    // Another status class or response flag is another template.
    assertThat(template(a.replace("\"UF\"", "\"-\""))).isEqualTo("GET /api/orders/<*> 5xx");
    assertThat(template(a.replace(":503,", ":200,"))).isEqualTo("GET /api/orders/<*> 2xx UF");
  }

  @Test
  public void aRequestShapedPayloadWithItsOwnMessageKeepsIt() throws Exception {
    // An application's own log line that names a request: its text is what happened.
    String json =
        "{\"timestamp\":\"2026-11-28T00:00:00Z\",\"logName\":\"projects/p/logs/app\","
            + "\"jsonPayload\":{\"msg\":\"upstream timed out after 30s\",\"method\":\"POST\","
            + "\"path\":\"/pay\",\"status\":504}}";
    LogEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(e.message()).isEqualTo("upstream timed out after 30s");
    assertThat(template(json)).startsWith("upstream timed out after");
    // Without it, the request line; a TCP connection's log (no method) keeps its shape.
    assertThat(template(json.replace("\"msg\":\"upstream timed out after 30s\",", "")))
        .isEqualTo("POST /pay 5xx");
    assertThat(
            parser
                .parse(
                    json.replace(
                            "\"msg\":\"upstream timed out after 30s\",\"method\":\"POST\",", "")
                        .getBytes(StandardCharsets.UTF_8))
                .message())
        .isEqualTo("{path, status}");
  }

  @Test
  public void appEngineRequestLogsWithoutLinesGetTheRequestTemplate() throws Exception {
    // Exported with httpRequest {status} only: the RequestLog's own method, resource and status.
    assertThat(keyed("documented/gae-request-no-lines.json").getValue().template())
        .isEqualTo("GET /api/orders/<*> 5xx");
    assertThat(exclusion("documented/gae-request-no-lines.json"))
        .endsWith(
            "severity=ERROR AND protoPayload.method=\"GET\""
                + " AND protoPayload.resource:\"/api/orders/\""
                + " AND protoPayload.status>=500 AND protoPayload.status<600");
    String a = new String(fixture("documented/gae-request-no-lines.json"), StandardCharsets.UTF_8);
    assertThat(template(a.replace("8f41c2?expand=items", "77d0e1").replace(":503,", ":504,")))
        .isEqualTo("GET /api/orders/<*> 5xx");
    assertThat(template(a.replace(":503,", ":200,"))).isEqualTo("GET /api/orders/<*> 2xx");
    // With an app log line, the line is the message and is mined.
    String withLine =
        a.replace(
            "\"first\":true,\"traceSampled\"",
            "\"line\":[{\"severity\":\"ERROR\",\"logMessage\":\"backend unavailable\"}],"
                + "\"first\":true,\"traceSampled\"");
    assertThat(template(withLine)).isEqualTo("backend unavailable");
  }

  @Test
  public void flowsOfOneKindShareATemplateWhateverTheirAddresses() throws Exception {
    String a = new String(fixture("otel/vpc-flow-compute-engine.json"), StandardCharsets.UTF_8);
    String b = a.replace("203.0.113.4", "198.51.100.23").replace("55524", "61001");
    KV<NoisyKey, NoisyEntry> ka =
        keyFn.apply(unmatched(parser.parse(a.getBytes(StandardCharsets.UTF_8))));
    KV<NoisyKey, NoisyEntry> kb =
        keyFn.apply(unmatched(parser.parse(b.getBytes(StandardCharsets.UTF_8))));
    assertThat(kb.getKey()).isEqualTo(ka.getKey());
    assertThat(kb.getValue().message()).isNotEqualTo(ka.getValue().message());
  }

  /**
   * The reply of a server on 443 to its client (source 443, destination ephemeral) is named by the
   * server's port, and neither row's exclusion takes the other's flows.
   */
  @Test
  public void returnTrafficIsNamedByTheServersPort() throws Exception {
    String request =
        new String(fixture("otel/vpc-flow-compute-engine.json"), StandardCharsets.UTF_8);
    String reply =
        request
            .replace("\"dest_port\":443", "\"dest_port\":55524")
            .replace("\"src_port\":55524", "\"src_port\":443");
    String otherReply = reply.replace("\"src_port\":443", "\"src_port\":5432");
    KV<NoisyKey, NoisyEntry> req = keyFn.apply(unmatched(parse(request)));
    KV<NoisyKey, NoisyEntry> rep = keyFn.apply(unmatched(parse(reply)));
    KV<NoisyKey, NoisyEntry> other = keyFn.apply(unmatched(parse(otherReply)));
    assertThat(req.getValue().template()).isEqualTo("VPC flow TCP :443 reporter=DEST");
    assertThat(rep.getValue().template()).isEqualTo("VPC flow TCP from :443 reporter=DEST");
    assertThat(other.getValue().template()).isEqualTo("VPC flow TCP from :5432 reporter=DEST");
    dev.logalerts.filter.CompiledFilter replyExclusion =
        dev.logalerts.filter.Filter.compile(
            SuggestedExclusion.build(
                rep.getKey(),
                rep.getValue().template(),
                rep.getValue().messageField(),
                rep.getValue().message()));
    assertThat(replyExclusion.test(parse(reply))).isTrue();
    assertThat(replyExclusion.test(parse(request))).isFalse();
    assertThat(replyExclusion.test(parse(otherReply))).isFalse();
  }

  /**
   * A job that failed NOT_FOUND is not in the row, nor the exclusion, of one that failed INVALID.
   */
  @Test
  public void failedBigQueryJobsSplitByErrorCode() throws Exception {
    String invalid =
        new String(fixture("documented/bigquery-job-failed.json"), StandardCharsets.UTF_8);
    String notFound =
        invalid.replace("\"errorResult\":{\"code\":3,", "\"errorResult\":{\"code\":5,");
    assertThat(notFound).isNotEqualTo(invalid);
    KV<NoisyKey, NoisyEntry> a = keyFn.apply(unmatched(parse(invalid)));
    KV<NoisyKey, NoisyEntry> b = keyFn.apply(unmatched(parse(notFound)));
    assertThat(a.getValue().template()).endsWith("job failed: INVALID_ARGUMENT");
    assertThat(b.getValue().template()).endsWith("job failed: NOT_FOUND");
    dev.logalerts.filter.CompiledFilter exclusion =
        dev.logalerts.filter.Filter.compile(
            SuggestedExclusion.build(
                a.getKey(),
                a.getValue().template(),
                a.getValue().messageField(),
                a.getValue().message()));
    assertThat(exclusion.test(parse(invalid))).isTrue();
    assertThat(exclusion.test(parse(notFound))).isFalse();
  }

  /** The 2xx row of a function's end line does not exclude its 5xx lines. */
  @Test
  public void statusClassesOfOneLineKeepTheirExclusionsApart() throws Exception {
    String ok =
        new String(
            fixture("gcpdiag/cloud-functions-finished-status-code.json"), StandardCharsets.UTF_8);
    String failed = ok.replace("status code: 200", "status code: 500");
    assertThat(failed).isNotEqualTo(ok);
    KV<NoisyKey, NoisyEntry> a = keyFn.apply(unmatched(parse(ok)));
    KV<NoisyKey, NoisyEntry> b = keyFn.apply(unmatched(parse(failed)));
    assertThat(a.getValue().template()).endsWith("status code: 2xx");
    assertThat(b.getValue().template()).endsWith("status code: 5xx");
    for (KV<NoisyKey, NoisyEntry> row : List.of(a, b)) {
      dev.logalerts.filter.CompiledFilter exclusion =
          dev.logalerts.filter.Filter.compile(
              SuggestedExclusion.build(
                  row.getKey(),
                  row.getValue().template(),
                  row.getValue().messageField(),
                  row.getValue().message()));
      assertThat(exclusion.text())
          .contains(
              "textPayload=~\"with status code[:] " + (row == a ? "2" : "5") + "[0-9][0-9]\"");
      assertThat(exclusion.test(parse(ok))).isEqualTo(row == a);
      assertThat(exclusion.test(parse(failed))).isEqualTo(row == b);
    }
  }

  /**
   * A request line a logger prefixed (so not an access line the family reader takes) keeps its
   * status class after the quoted request: the 2xx row's exclusion does not remove the 5xx lines.
   */
  @Test
  public void requestLinesKeepTheirStatusClassApart() throws Exception {
    String entry =
        "{\"logName\":\"projects/shop/logs/stdout\",\"timestamp\":\"2026-11-30T10:00:00Z\","
            + "\"resource\":{\"type\":\"k8s_container\",\"labels\":{\"project_id\":\"shop\","
            + "\"namespace_name\":\"web\",\"container_name\":\"api\","
            + "\"pod_name\":\"api-7d9f8b6c5-x2x7q\"}},\"textPayload\":\"%s\"}";
    String[][] cases = {
      // An access line a logger prefixed, which the access-line reader leaves to the miner.
      {
        "info: [express] 10.8.0.1 - - [30/Nov/2026:10:00:00 +0000] \\\"GET /health HTTP/1.1\\\" 200"
            + " 153 \\\"-\\\" \\\"kube-probe/1.29\\\"",
        "info: [express] 10.8.0.1 - - [30/Nov/2026:10:00:00 +0000] \\\"GET /health HTTP/1.1\\\" 503"
            + " 19 \\\"-\\\" \\\"kube-probe/1.29\\\"",
        "HTTP/1.1\" 2xx <*>"
      },
      // Gin's request line: the status in its own column.
      {
        "[GIN] 2026/11/30 - 10:00:00 | 200 |     120.5µs |   10.0.0.1 | GET      \\\"/healthz\\\"",
        "[GIN] 2026/11/30 - 10:00:01 | 503 |     250.1ms |   10.0.0.1 | GET      \\\"/healthz\\\"",
        "| 2xx |"
      },
      // ASP.NET Core's request line: a URL, empty fields, then the status.
      {
        "Request finished HTTP/1.1 GET http://localhost:8080/healthz - 200 - text/plain 1.2345ms",
        "Request finished HTTP/1.1 GET http://localhost:8080/healthz - 503 - text/plain 9.8765ms",
        "GET <*>/healthz - 2xx" // the URL's route, after a placeholder for scheme and host
      },
      // logfmt request lines (Go services, Heroku's router): the status key's value.
      {
        "at=info method=GET path=/healthz host=shop.example.com status=200 bytes=2 service=1ms",
        "at=info method=GET path=/healthz host=shop.example.com status=503 bytes=19 service=1ms",
        "status=2xx"
      },
      // Express's "dev" format, Go's log.Printf of a request: status right after the path.
      {
        "GET /api/users/12345 200 13.2 ms - 512",
        "GET /api/users/77 503 1.9 ms - 19",
        "GET /api/users/<*> 2xx"
      },
      {
        "2026/11/30 10:00:00 GET /api/items/991 200",
        "2026/11/30 10:00:01 GET /api/items/7 500",
        "GET /api/items/<*> 2xx"
      },
    };
    for (String[] c : cases) {
      String ok = String.format(entry, c[0]);
      String failed = String.format(entry, c[1]);
      KV<NoisyKey, NoisyEntry> a = keyFn.apply(unmatched(parse(ok)));
      KV<NoisyKey, NoisyEntry> b = keyFn.apply(unmatched(parse(failed)));
      assertThat(a.getValue().template()).contains(c[2]);
      assertThat(b.getValue().template()).contains(c[2].replace("2xx", "5xx"));
      for (KV<NoisyKey, NoisyEntry> row : List.of(a, b)) {
        String text =
            SuggestedExclusion.build(
                row.getKey(),
                row.getValue().template(),
                row.getValue().messageField(),
                row.getValue().message());
        CompiledFilter exclusion = Filter.compile(text);
        assertWithMessage(text).that(exclusion.test(parse(ok))).isEqualTo(row == a);
        assertWithMessage(text).that(exclusion.test(parse(failed))).isEqualTo(row == b);
      }
    }
  }

  private dev.logalerts.model.LogEvent parse(String json) throws Exception {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  public void auditMethodsWithDigitsAreNeverPlaceholders() throws Exception {
    String base = new String(fixture("otel/audit-k8s-activity.json"), StandardCharsets.UTF_8);
    String other =
        base.replace("io.k8s.coordination.v1.leases.update", "io.k8s.core.v1.pods.create");
    String t1 =
        keyFn
            .apply(unmatched(parser.parse(base.getBytes(StandardCharsets.UTF_8))))
            .getValue()
            .template();
    String t2 =
        keyFn
            .apply(unmatched(parser.parse(other.getBytes(StandardCharsets.UTF_8))))
            .getValue()
            .template();
    assertThat(t1).isEqualTo("io.k8s.coordination.v1.leases.update");
    assertThat(t2).isEqualTo("io.k8s.core.v1.pods.create");
  }

  @Test
  public void aParserKeepingNoPayloadLeavesStillNamesTheFamilyMessage() throws Exception {
    LogEntryParser lean = parser.withPayloadPaths(List.of());
    LogEvent e = lean.parse(fixture("documented/nat-dropped.json"));
    // It keeps only the fields the family's message and template are made of.
    assertThat(e.payload().size())
        .isLessThan(parser.parse(fixture("documented/nat-dropped.json")).payload().size());
    assertThat(keyFn.apply(unmatched(e)))
        .isEqualTo(keyFn.apply(unmatched(parser.parse(fixture("documented/nat-dropped.json")))));
    assertThat(e.message()).isEqualTo("NAT DROPPED TCP 10.240.0.2:41536 -> 203.0.113.10:443");
    assertThat(lean.parse(fixture("otel/audit-system-event.json")).service())
        .isEqualTo("instance-group-1");
  }

  private static final List<String> AUTOSCALER_EVENTS =
      List.of(
          "scale-up",
          "scale-down",
          "node-pool-created",
          "result-error",
          "result-ok",
          "no-scale-up",
          "no-scale-down",
          "status");

  @Test
  public void autoscalerExclusionsSelectTheirOwnKindAndReasonOnly() throws Exception {
    assertThat(exclusion("documented/autoscaler-no-scale-up.json"))
        .isEqualTo(
            "log_id(\"container.googleapis.com/cluster-autoscaler-visibility\")"
                + " AND resource.type=\"k8s_cluster\" AND resource.labels.cluster_name=\"shop-gke\""
                + " AND severity=DEFAULT"
                + " AND jsonPayload.noDecisionStatus.noScaleUp:*"
                + " AND NOT jsonPayload.noDecisionStatus.noScaleUp.reason.messageId:*"
                + " AND NOT jsonPayload.noDecisionStatus.noScaleUp.napFailureReason.messageId:*"
                + " AND NOT jsonPayload.noDecisionStatus.noScaleUp.skippedMigs.reason.messageId:*"
                + " AND jsonPayload.noDecisionStatus.noScaleUp.unhandledPodGroups"
                + ".napFailureReasons.messageId=\"no.scale.up.nap.pod.zonal.resources.exceeded\"");
    List<LogEvent> events = new java.util.ArrayList<>();
    for (String name : AUTOSCALER_EVENTS) {
      events.add(parser.parse(fixture("documented/autoscaler-" + name + ".json")));
    }
    for (int i = 0; i < events.size(); i++) {
      String exclusion = exclusion("documented/autoscaler-" + AUTOSCALER_EVENTS.get(i) + ".json");
      CompiledFilter f = Filter.compile(exclusion);
      for (int j = 0; j < events.size(); j++) {
        assertWithMessage("%s on %s", exclusion, AUTOSCALER_EVENTS.get(j))
            .that(f.test(events.get(j)))
            .isEqualTo(i == j);
      }
    }
  }

  @Test
  public void autoscalerEventsWithAnotherReasonOrPoolGetTheirTemplate() throws Exception {
    String noScaleUp =
        new String(fixture("documented/autoscaler-no-scale-up.json"), StandardCharsets.UTF_8);
    String otherReason =
        noScaleUp.replace(
            "no.scale.up.nap.pod.zonal.resources.exceeded", "no.scale.up.nap.disabled");
    assertThat(template(otherReason))
        .isEqualTo("cluster autoscaler noScaleUp no.scale.up.nap.disabled");
    // Without NAP reasons, the rejected node pool's reason (arrays: the first element's value).
    String rejectedOnly =
        noScaleUp.replace(
            "\"napFailureReasons\":[{\"messageId\":"
                + "\"no.scale.up.nap.pod.zonal.resources.exceeded\",\"parameters\":[\"us-central1-b\"]}],",
            "");
    assertThat(rejectedOnly).isNotEqualTo(noScaleUp);
    assertThat(template(rejectedOnly))
        .isEqualTo("cluster autoscaler noScaleUp no.scale.up.mig.failing.predicate");
    assertThat(parser.parse(rejectedOnly.getBytes(StandardCharsets.UTF_8)).message())
        .isEqualTo(
            "cluster autoscaler noScaleUp no.scale.up.mig.failing.predicate NodeResourcesFit");
    // Another pool's scale-up is the same template; its message names the pool.
    String scaleUp =
        new String(fixture("documented/autoscaler-scale-up.json"), StandardCharsets.UTF_8)
            .replace("\"nodepool\":\"default-pool\"", "\"nodepool\":\"gpu-pool\"");
    assertThat(template(scaleUp)).isEqualTo("cluster autoscaler scaleUp");
    assertThat(parser.parse(scaleUp.getBytes(StandardCharsets.UTF_8)).message())
        .startsWith("cluster autoscaler scaleUp gpu-pool +2 nodes");
    // The lean parser (no payload leaves kept) still reads the fields inside arrays.
    LogEntryParser lean = parser.withPayloadPaths(List.of());
    assertThat(lean.parse(fixture("documented/autoscaler-no-scale-down.json")).message())
        .isEqualTo(
            "cluster autoscaler noScaleDown no.scale.down.node.pod.not.backed.by.controller"
                + " batch-once");
    // An event without any field the family reads keeps its payload shape.
    String bare = scaleUp.replaceFirst("\"scaleUp\":\\{.*\\}\\}\\}", "\"scaleUp\":{}}}");
    assertThat(parser.parse(bare.getBytes(StandardCharsets.UTF_8)).message())
        .isEqualTo("{decision}");
  }

  private String template(String json) throws Exception {
    return keyFn
        .apply(unmatched(parser.parse(json.getBytes(StandardCharsets.UTF_8))))
        .getValue()
        .template();
  }

  @Test
  public void ansiEscapesAreNotPartOfTheMessage() throws Exception {
    LogEvent e = parser.parse(fixture("documented/journald-getty-vm.json"));
    assertThat(e.message()).isEqualTo("systemd: Started getty@tty1.service - Getty on tty1.");
    String colored =
        "{\"timestamp\":\"2026-11-28T00:00:00Z\",\"textPayload\":\"\\u001b[31mERROR\\u001b[0m db"
            + " \\u001b]8;;http://x\\u0007link\\u001b]8;;\\u0007 down\"}";
    assertThat(parser.parse(colored.getBytes(StandardCharsets.UTF_8)).message())
        .isEqualTo("ERROR db link down");
  }

  @Test
  public void journaldMessagesStartWithTheirProgram() throws Exception {
    String unitOnly =
        "{\"timestamp\":\"2026-11-28T00:00:00Z\",\"logName\":\"projects/p/logs/journald\","
            + "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"project_id\":\"p\"}},"
            + "\"jsonPayload\":{\"_SYSTEMD_UNIT\":\"containerd.service\",\"MESSAGE\":"
            + "\"failed to pull image nginx:1.27\"}}";
    LogEvent e = parser.parse(unitOnly.getBytes(StandardCharsets.UTF_8));
    assertThat(e.message()).isEqualTo("containerd: failed to pull image nginx:1.27");
    assertThat(new TemplateMiner().templateOf(e.message()))
        .isEqualTo("containerd: failed to pull image nginx:<*>");
    String bare =
        "{\"timestamp\":\"2026-11-28T00:00:00Z\",\"logName\":\"projects/p/logs/journald\","
            + "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"project_id\":\"p\"}},"
            + "\"jsonPayload\":{\"MESSAGE\":\"Reached target Multi-User System.\"}}";
    assertThat(parser.parse(bare.getBytes(StandardCharsets.UTF_8)).message())
        .isEqualTo("Reached target Multi-User System.");
  }

  @Test
  public void aFailedLegacyBigQueryJobIsNotAnOkJob() throws Exception {
    String ok =
        "{\"timestamp\":\"2026-11-28T00:00:00Z\",\"logName\":\"projects/p/logs/"
            + "cloudaudit.googleapis.com%2Fdata_access\",\"resource\":{\"type\":\"bigquery_resource\","
            + "\"labels\":{\"project_id\":\"p\"}},\"protoPayload\":{\"@type\":"
            + "\"type.googleapis.com/google.cloud.audit.AuditLog\",\"serviceName\":"
            + "\"bigquery.googleapis.com\",\"methodName\":\"jobservice.jobcompleted\",\"status\":{},"
            + "\"serviceData\":{\"jobCompletedEvent\":{\"job\":{\"jobStatus\":{\"state\":\"DONE\""
            + "ERROR}}}}}}";
    String failed =
        ok.replace(
            "ERROR",
            ",\"error\":{\"code\":11,\"message\":\"Resources exceeded during query execution\"}");
    ok = ok.replace("ERROR", "");
    LogEvent good = parser.parse(ok.getBytes(StandardCharsets.UTF_8));
    LogEvent bad = parser.parse(failed.getBytes(StandardCharsets.UTF_8));
    assertThat(good.message()).isEqualTo("jobservice.jobcompleted");
    assertThat(bad.message())
        .isEqualTo(
            "jobservice.jobcompleted: job failed: OUT_OF_RANGE Resources exceeded during query"
                + " execution");
    assertThat(keyFn.apply(unmatched(bad)).getValue().template())
        .isEqualTo("jobservice.jobcompleted: job failed: OUT_OF_RANGE");
    assertThat(keyFn.apply(unmatched(bad)).getKey())
        .isNotEqualTo(keyFn.apply(unmatched(good)).getKey());
  }

  /**
   * A failed legacy {@code jobservice.jobcompleted} entry carries the job's error twice, in {@code
   * protoPayload.status} and in {@code jobStatus.error}: the message says it once.
   */
  @Test
  public void aFailedLegacyBigQueryJobsErrorIsSaidOnce() throws Exception {
    String error = "Resources exceeded during query execution: too many subqueries";
    String json =
        "{\"timestamp\":\"2026-11-28T00:00:00Z\",\"logName\":\"projects/p/logs/"
            + "cloudaudit.googleapis.com%2Fdata_access\",\"resource\":{\"type\":\"bigquery_resource\","
            + "\"labels\":{\"project_id\":\"p\"}},\"protoPayload\":{\"@type\":"
            + "\"type.googleapis.com/google.cloud.audit.AuditLog\",\"serviceName\":"
            + "\"bigquery.googleapis.com\",\"methodName\":\"jobservice.jobcompleted\","
            + "\"status\":{\"code\":11,\"message\":\""
            + error
            + "\"},\"serviceData\":{\"jobCompletedEvent\":{\"job\":{\"jobStatus\":{\"state\":"
            + "\"DONE\",\"error\":{\"code\":11,\"message\":\""
            + error
            + "\"}}}}}}}";
    LogEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(e.message())
        .isEqualTo("jobservice.jobcompleted: OUT_OF_RANGE " + error + ": job failed: OUT_OF_RANGE");
    assertThat(keyFn.apply(unmatched(e)).getValue().template())
        .isEqualTo("jobservice.jobcompleted: OUT_OF_RANGE: job failed: OUT_OF_RANGE");
  }

  /** An entry that no alert rule matched: what the noisy-log branch receives for it. */
  private static MatchedEvent unmatched(LogEvent e) {
    return MatchedEvent.of(e, "test", List.of());
  }
}
