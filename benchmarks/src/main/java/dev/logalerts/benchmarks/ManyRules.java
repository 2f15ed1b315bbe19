package dev.logalerts.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * A large rules file as an organisation grows one: the twenty rules of {@link
 * BenchData#RULE_FILTERS} first, then per service the handful of rules its team writes (resource
 * type and the service's label, a severity floor, some text, payload fields, HTTP status or
 * latency) for the generator's own services and for many services whose logs are not in the sample
 * (other teams' workloads: the index must make them free), audit-log rules per sensitive method,
 * and a couple of dozen broad rules (bare words, severity floors, HTTP status) that apply to every
 * service; {@link #dense} is the index's worst case. Deterministic: the same count gives the same
 * filters.
 */
final class ManyRules {
  private ManyRules() {}

  private static final String PROJECT_LOGS = "projects/acme-shop-prod/logs/";

  /** The generator's Kubernetes workloads: namespace/container. */
  private static final String[][] K8S = {
    {"shop", "cart"},
    {"shop", "checkout"},
    {"shop", "frontend"},
    {"shop", "inventory"},
    {"shop", "recommendations"},
    {"payments", "payments-api"},
    {"identity", "auth"},
    {"batch", "nightly-billing"},
  };

  private static final String[] RUN = {"pricing-api", "image-resizer"};
  private static final String[] LB = {"shop-web-backend", "shop-api-backend"};
  private static final String[] FUNCTIONS = {"thumbnail-on-upload", "order-confirmation-mailer"};
  private static final String[] VMS = {"bastion-1", "legacy-erp-1", "vpn-gw-1"};
  private static final String[] WORKFLOWS = {"hourly_sync", "nightly_export"};

  private static final String[] AUDIT_METHODS = {
    "SetIamPolicy",
    "CreateServiceAccountKey",
    "DeleteServiceAccount",
    "v1.compute.instances.insert",
    "v1.compute.instances.delete",
    "v1.compute.firewalls.insert",
    "v1.compute.firewalls.patch",
    "storage.buckets.setIamPolicy",
    "storage.buckets.delete",
    "google.iam.admin.v1.CreateRole",
    "google.iam.admin.v1.UpdateRole",
    "DeleteProject",
    "UpdateSink",
    "DeleteSink",
    "google.container.v1.ClusterManager.DeleteCluster",
    "google.container.v1.ClusterManager.UpdateCluster",
    "io.k8s.core.v1.secrets.get",
    "io.k8s.rbac.authorization.v1.clusterrolebindings.create",
    "cloudsql.instances.delete",
    "SetOrgPolicy",
  };

  /** Rules that apply to every service, as a platform team writes them. */
  private static final String[] BROAD = {
    "\"OutOfMemoryError\"",
    "severity>=CRITICAL",
    "severity>=ERROR AND \"connection refused\"",
    "httpRequest.status>=500",
    "httpRequest.latency>=\"5s\"",
    "jsonPayload.message:\"panic\"",
    "textPayload:\"Traceback\" AND severity>=ERROR",
    "\"certificate has expired\"",
    "\"quota exceeded\"",
    "\"permission denied\" AND severity>=WARNING",
    "\"too many open files\"",
    "\"no space left on device\"",
    "textPayload=~\"segfault at [0-9a-f]+\"",
    "\"SIGKILL\"",
    "\"stack overflow\"",
    "\"too many connections\"",
    "\"x509: certificate\"",
    "severity=EMERGENCY OR severity=ALERT",
    "\"rate limit\" AND severity>=WARNING",
    "\"unhealthy\" AND severity>=WARNING",
  };

  /** The first {@code n} filters of the growing rules file. */
  static String[] filters(int n) {
    List<String> all = ownServices();
    List<String> broad = new ArrayList<>(List.of(BROAD));
    // Other teams' services, round robin over the kinds, interleaved with the broad rules.
    int k = 0;
    while (all.size() < n) {
      if (k % 3 == 1 && !broad.isEmpty()) {
        all.add(broad.remove(0));
      }
      int svc = k / 6;
      switch (k % 6) {
        case 0:
        case 1:
        case 2:
          all.addAll(k8s("team-" + (char) ('a' + svc % 8), "svc-" + k));
          break;
        case 3:
          all.addAll(run("api-" + k));
          break;
        case 4:
          all.addAll(function("fn-" + k));
          break;
        default:
          all.addAll(vm("vm-" + k));
          break;
      }
      k++;
    }
    return all.subList(0, n).toArray(new String[0]);
  }

  /** Words the dense set adds to its repeated rules. */
  private static final String[] WORDS = {
    "timeout",
    "refused",
    "denied",
    "failed",
    "retry",
    "unavailable",
    "deadline",
    "reset",
    "exception",
    "invalid",
    "rejected",
    "expired"
  };

  /**
   * The worst case for the index: {@code n} filters all about the services whose logs are in the
   * sample (their rules, the audit rules, the broad rules, then the services' rules again, each
   * with one more word to find), so every entry has many candidates.
   */
  static String[] dense(int n) {
    List<String> own = ownServices();
    List<String> all = new ArrayList<>(own);
    all.addAll(List.of(BROAD));
    int first = BenchData.RULE_FILTERS.length;
    for (int v = 0; all.size() < n; v++) {
      String rule = own.get(first + v % (own.size() - first));
      all.add(rule + " AND \"" + WORDS[v % WORDS.length] + "\"");
    }
    return all.subList(0, n).toArray(new String[0]);
  }

  /** The twenty bench rules, then the rules of the generator's services and the audit rules. */
  private static List<String> ownServices() {
    List<String> all = new ArrayList<>(List.of(BenchData.RULE_FILTERS));
    for (String[] w : K8S) {
      all.addAll(k8s(w[0], w[1]));
    }
    for (String s : RUN) {
      all.addAll(run(s));
    }
    for (String b : LB) {
      all.addAll(loadBalancer(b));
    }
    for (String f : FUNCTIONS) {
      all.addAll(function(f));
    }
    for (String vm : VMS) {
      all.addAll(vm(vm));
    }
    all.addAll(dataflow("orders-streaming-enrichment"));
    for (String w : WORKFLOWS) {
      all.addAll(composer(w));
    }
    for (String m : AUDIT_METHODS) {
      all.add(
          "log_id(\"cloudaudit.googleapis.com/activity\") AND protoPayload.methodName:\""
              + m
              + "\"");
    }
    all.add(
        "logName=\""
            + PROJECT_LOGS
            + "cloudaudit.googleapis.com%2Fdata_access\" AND protoPayload.status.code=7");
    return all;
  }

  private static List<String> k8s(String ns, String container) {
    String s =
        "resource.type=\"k8s_container\" AND resource.labels.namespace_name=\""
            + ns
            + "\" AND resource.labels.container_name=\""
            + container
            + "\"";
    return List.of(
        s + " AND severity>=ERROR",
        s + " AND severity>=WARNING AND \"timeout\"",
        s + " AND logName=\"" + PROJECT_LOGS + "stderr\" AND \"Exception\"",
        s + " AND jsonPayload.message:\"failed\"",
        s + " AND jsonPayload.latency_ms>=2000",
        s + " AND textPayload=~\"OOMKilled|Out of memory\"",
        "resource.type=\"k8s_container\" AND labels.\"k8s-pod/app\"=\""
            + container
            + "\" AND severity>=ERROR AND NOT textPayload:\"health\"",
        s + " AND (\"connection refused\" OR \"connection reset\")");
  }

  private static List<String> run(String service) {
    String s =
        "resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"" + service + "\"";
    return List.of(
        s + " AND httpRequest.status>=500",
        s + " AND log_id(\"run.googleapis.com/requests\") AND httpRequest.latency>=\"2s\"",
        s + " AND logName=\"" + PROJECT_LOGS + "run.googleapis.com%2Fstderr\" AND severity>=ERROR",
        s + " AND httpRequest.status=429",
        s + " AND severity>=WARNING AND \"deadline\"",
        s + " AND textPayload:\"panic\"");
  }

  private static List<String> loadBalancer(String backend) {
    String s =
        "resource.type=\"http_load_balancer\" AND resource.labels.backend_service_name=\""
            + backend
            + "\"";
    return List.of(
        s + " AND httpRequest.status>=500",
        s + " AND jsonPayload.statusDetails=\"backend_timeout\"",
        s + " AND httpRequest.latency>=\"1s\"",
        s + " AND httpRequest.requestUrl:\"/checkout\" AND httpRequest.status>=400",
        s + " AND jsonPayload.enforcedSecurityPolicy.outcome=\"DENY\"");
  }

  private static List<String> function(String name) {
    String s =
        "resource.type=\"cloud_function\" AND resource.labels.function_name=\"" + name + "\"";
    return List.of(
        s + " AND severity>=ERROR",
        s + " AND textPayload:\"finished with status: 'crash'\"",
        s + " AND textPayload:\"timeout\"");
  }

  private static List<String> vm(String name) {
    String s =
        "resource.type=\"gce_instance\" AND labels.\"compute.googleapis.com/resource_name\"=\""
            + name
            + "\"";
    return List.of(
        s + " AND textPayload:\"Out of memory\"",
        s + " AND severity>=ERROR",
        s + " AND log_id(\"syslog\") AND textPayload:\"segfault\"");
  }

  private static List<String> dataflow(String job) {
    String s = "resource.type=\"dataflow_step\" AND resource.labels.job_name=\"" + job + "\"";
    return List.of(
        s + " AND severity>=ERROR",
        s + " AND jsonPayload.message:\"retrying\"",
        s + " AND severity>=WARNING AND jsonPayload.step=\"WriteToBigQuery\"");
  }

  private static List<String> composer(String workflow) {
    String s =
        "resource.type=\"cloud_composer_environment\" AND log_id(\"airflow-worker\")"
            + " AND labels.workflow=\""
            + workflow
            + "\"";
    return List.of(s + " AND textPayload:\"Marking task as FAILED\"", s + " AND severity>=ERROR");
  }
}
