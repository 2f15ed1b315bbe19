package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.obj;
import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.LogSources.CLUSTER;
import static dev.logalerts.tools.LogSources.PROJECT;
import static dev.logalerts.tools.LogSources.REGION;
import static dev.logalerts.tools.LogSources.duration;

import dev.logalerts.model.Timestamps;
import dev.logalerts.tools.ShopData.Workload;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Control-plane and managed-service logs of the shop's project, in the layout Cloud Logging exports
 * them (see the fixtures under pipeline/src/test/resources/families/): Kubernetes audit logs of the
 * GKE cluster, policy-denied audit logs (VPC Service Controls, an organization policy), BigQuery
 * job completions, Cloud Scheduler attempts and Cloud Tasks attempts. Every ERROR message here
 * comes from a fixed list (the {@code *_FAILURES}/{@code POLICY_DENIALS} variants) that {@link
 * FamilySources} shows once early, so none is a new error template later. Part of {@link
 * FamilySources}.
 */
final class OpsSources {
  static final int TASK_FAILURES = 2;
  static final int JOB_FAILURES = 2;
  static final int POLICY_DENIALS = 2;

  private static final String RUN_HOST = "-3kq7x2mzra-ew.a.run.app";

  private final Rng r;
  private final LogSources shop;

  OpsSources(Rng r) {
    this.r = r;
    this.shop = new LogSources(r);
  }

  private static String serviceAccount(String name) {
    return name + "@" + PROJECT + ".iam.gserviceaccount.com";
  }

  private Map<String, Object> audit(
      String service,
      String method,
      String resourceName,
      Map<String, Object> status,
      Map<String, Object> authentication,
      String callerIp,
      String agent) {
    return obj(
        "@type",
        "type.googleapis.com/google.cloud.audit.AuditLog",
        "status",
        status,
        "authenticationInfo",
        authentication,
        "requestMetadata",
        requestMetadata(callerIp, agent),
        "serviceName",
        service,
        "methodName",
        method,
        "resourceName",
        resourceName);
  }

  /** An audit log's requestMetadata as Cloud Audit Logs write it for API calls. */
  static Map<String, Object> requestMetadata(String callerIp, String agent) {
    return obj(
        "callerIp",
        callerIp,
        "callerSuppliedUserAgent",
        agent,
        "requestAttributes",
        obj(),
        "destinationAttributes",
        obj());
  }

  /** The two insertId forms audit logs have ({@code -abc…} and {@code …e…}). */
  static String auditInsertId(Rng r) {
    return r.chance(0.5) ? "-" + r.alnum(12) : r.alnum(10) + "e" + r.alnum(3);
  }

  private Draft auditDraft(
      String key, String log, String resourceType, Map<String, String> labels) {
    Draft d = new Draft();
    d.templateKey = key;
    d.insertId = auditInsertId(r);
    d.resourceType = resourceType;
    d.resourceLabels = labels;
    d.logName = "projects/" + PROJECT + "/logs/cloudaudit.googleapis.com%2F" + log;
    d.timestampDigits = 9;
    return d;
  }

  // ---------------------------------------------------------------- Kubernetes audit

  private static final Workload[] WORKLOADS = {
    ShopData.FRONTEND, ShopData.CART, ShopData.CHECKOUT, ShopData.INVENTORY, ShopData.RECOMMEND
  };

  /** An admin-activity entry of the GKE cluster's Kubernetes API server. */
  Draft k8sAudit(long t) {
    Workload w = r.pick(WORKLOADS);
    String pod = r.pick(w.pods);
    String method;
    String who;
    String resource;
    String agent = "kube-controller-manager/v1.31.3 (linux/amd64) kubernetes/gke";
    int u = r.nextInt(100);
    if (u < 55) {
      String lease =
          r.pick(
              new String[] {
                "gcp-controller-manager",
                "kube-scheduler",
                "kube-controller-manager",
                "cluster-autoscaler"
              });
      method = "io.k8s.coordination.v1.leases.update";
      who = "system:" + lease;
      resource = "coordination.k8s.io/v1/namespaces/kube-system/leases/" + lease;
      agent = lease + "/v1.31.3 (linux/amd64) kubernetes/gke/leader-election";
    } else if (u < 65) {
      method = "io.k8s.core.v1.configmaps.update";
      who = "system:cluster-autoscaler";
      resource = "core/v1/namespaces/kube-system/configmaps/cluster-autoscaler-status";
      agent = "cluster-autoscaler/v1.31.0";
    } else if (u < 73) {
      method = "io.k8s.core.v1.pods.create";
      who = "system:serviceaccount:kube-system:replicaset-controller";
      resource = "core/v1/namespaces/" + w.namespace + "/pods/" + pod;
    } else if (u < 79) {
      method = "io.k8s.core.v1.pods.delete";
      who = "system:serviceaccount:kube-system:replicaset-controller";
      resource = "core/v1/namespaces/" + w.namespace + "/pods/" + pod;
    } else if (u < 85) {
      method = "io.k8s.core.v1.pods.binding.create";
      who = "system:kube-scheduler";
      resource = "core/v1/namespaces/" + w.namespace + "/pods/" + pod + "/binding";
      agent = "kube-scheduler/v1.31.3 (linux/amd64) kubernetes/gke/scheduler";
    } else if (u < 93) {
      method = "io.k8s.autoscaling.v2.horizontalpodautoscalers.status.update";
      who = "system:serviceaccount:kube-system:horizontal-pod-autoscaler";
      resource =
          "autoscaling/v2/namespaces/"
              + w.namespace
              + "/horizontalpodautoscalers/"
              + w.container
              + "/status";
    } else if (u < 98) {
      method = "io.k8s.apps.v1.deployments.patch";
      who = serviceAccount("deployer");
      resource = "apps/v1/namespaces/" + w.namespace + "/deployments/" + w.container;
      agent = "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46";
    } else {
      method = "io.k8s.core.v1.pods.exec.create";
      who = shop.email();
      resource = "core/v1/namespaces/" + w.namespace + "/pods/" + pod + "/exec";
      agent = "kubectl/v1.31.2 (darwin/arm64) kubernetes/5864a46";
    }
    String id = r.uuid();
    Draft d =
        auditDraft(
            "audit:" + method,
            "activity",
            "k8s_cluster",
            strings("cluster_name", CLUSTER, "location", REGION, "project_id", PROJECT));
    d.insertId = id;
    boolean human = who.contains("@");
    d.protoPayload =
        obj(
            "@type",
            "type.googleapis.com/google.cloud.audit.AuditLog",
            "authenticationInfo",
            obj("principalEmail", who),
            "authorizationInfo",
            List.of(obj("granted", true, "permission", method, "resource", resource)),
            "methodName",
            method,
            "requestMetadata",
            obj(
                "callerIp",
                human ? shop.publicIp() : "172.16.0." + r.between(2, 4),
                "callerSuppliedUserAgent",
                agent),
            "resourceName",
            resource,
            "serviceName",
            "k8s.io",
            "status",
            obj("code", 0));
    d.severity = "NOTICE";
    d.labels =
        strings(
            "authorization.k8s.io/decision",
            "allow",
            "authorization.k8s.io/reason",
            human
                ? "access granted by IAM permissions."
                : "RBAC: allowed by ClusterRoleBinding \""
                    + who
                    + "\" of ClusterRole \""
                    + who
                    + "\" to User \""
                    + who
                    + "\"");
    d.operation = obj("id", id, "producer", "k8s.io", "first", true, "last", true);
    d.timestampDigits = 6;
    return d;
  }

  // ---------------------------------------------------------------- policy-denied audit

  /** A request a VPC Service Controls perimeter (0) or an organization policy (1) refused. */
  Draft policyDenied(long t, int variant) {
    Draft d;
    String caller = shop.publicIp();
    if (variant == 0) {
      d =
          auditDraft(
              "audit:google.storage.buckets.get:vpcsc",
              "policy",
              "audited_resource",
              strings(
                  "method", "google.storage.buckets.get",
                  "project_id", PROJECT,
                  "service", "storage.googleapis.com"));
      String uniqueId = r.base64Url(56);
      Map<String, Object> p =
          audit(
              "storage.googleapis.com",
              "google.storage.buckets.get",
              "projects/" + PROJECT,
              obj(
                  "code",
                  7,
                  "message",
                  "PERMISSION_DENIED",
                  "details",
                  List.of(
                      obj(
                          "@type",
                          "type.googleapis.com/google.rpc.PreconditionFailure",
                          "violations",
                          List.of(obj("type", "VPC_SERVICE_CONTROLS", "description", uniqueId))))),
              obj(),
              caller,
              "gsutil/5.31 (linux) google-cloud-sdk/502.0.0");
      p.put(
          "metadata",
          obj(
              "@type",
              "type.googleapis.com/google.cloud.audit.VpcServiceControlAuditMetadata",
              "accessLevels",
              List.of("accessPolicies/418733302219/accessLevels/corp_network"),
              "ingressViolations",
              List.of(
                  obj(
                      "servicePerimeter",
                      "accessPolicies/418733302219/servicePerimeters/shop_prod",
                      "targetResource",
                      "projects/" + LogSources.PROJECT_NUMBER)),
              "resourceNames",
              List.of("projects/_/buckets/acme-shop-exports"),
              "securityPolicyInfo",
              obj(
                  "organizationId",
                  "771020048231",
                  "servicePerimeterName",
                  "accessPolicies/418733302219/servicePerimeters/shop_prod"),
              "violationReason",
              "NO_MATCHING_ACCESS_LEVEL",
              "vpcServiceControlsUniqueId",
              uniqueId));
      d.protoPayload = p;
    } else {
      d =
          auditDraft(
              "audit:bigquery.googleapis.com:orgpolicy",
              "policy",
              "audited_resource",
              strings("method", "", "project_id", PROJECT, "service", "bigquery.googleapis.com"));
      d.protoPayload =
          obj(
              "@type",
              "type.googleapis.com/google.cloud.audit.AuditLog",
              "status",
              obj("code", 7, "message", "Request is prohibited by organization's policy."),
              "authenticationInfo",
              obj(),
              "requestMetadata",
              obj("callerIp", caller),
              "serviceName",
              "bigquery.googleapis.com");
    }
    d.severity = "ERROR";
    return d;
  }

  // ---------------------------------------------------------------- BigQuery jobs

  private static final String[][] JOB_ERRORS = {
    {"5", "Not found: Table acme-shop-prod:analytics.sessions_daily was not found in location EU"},
    {"3", "Syntax error: Unexpected keyword WHERE at [4:1]"},
  };

  /** A query job that completed; {@code failure} >= 0 picks its error, -1 is a success. */
  Draft bigQueryJob(long t, int failure) {
    String jobName =
        "projects/"
            + PROJECT
            + "/jobs/"
            + (r.chance(0.5) ? "scheduled_query_" : "bquxjob_")
            + r.hex(8)
            + "_"
            + r.hex(12);
    String who = serviceAccount(r.pick(new String[] {"looker", "dataform", "composer-worker"}));
    Map<String, Object> jobStatus =
        failure < 0
            ? obj("jobState", "DONE")
            : obj(
                "jobState",
                "DONE",
                "errorResult",
                obj(
                    "code",
                    Integer.parseInt(JOB_ERRORS[failure][0]),
                    "message",
                    JOB_ERRORS[failure][1]));
    Draft d =
        auditDraft(
            failure < 0 ? "audit:bigquery.job_done" : "audit:bigquery.job_failed:" + failure,
            "data_access",
            "bigquery_project",
            strings("location", "EU", "project_id", PROJECT));
    Map<String, Object> p =
        audit(
            "bigquery.googleapis.com",
            "google.cloud.bigquery.v2.JobService.InsertJob",
            jobName,
            obj(),
            obj("principalEmail", who),
            "10.8." + r.between(0, 15) + "." + r.between(2, 254),
            "google-cloud-sdk gcloud/502.0.0");
    long bytes = failure < 0 ? r.betweenLong(10_000_000L, 40_000_000_000L) : 0;
    p.put(
        "metadata",
        obj(
            "@type",
            "type.googleapis.com/google.cloud.audit.BigQueryAuditMetadata",
            "jobChange",
            obj(
                "before",
                "RUNNING",
                "after",
                "DONE",
                "job",
                obj(
                    "jobName",
                    jobName,
                    "jobConfig",
                    obj("type", "QUERY", "queryConfig", obj("priority", "QUERY_BATCH")),
                    "jobStatus",
                    jobStatus,
                    "jobStats",
                    obj(
                        "createTime",
                        Timestamps.format(t - r.betweenLong(2_000_000_000L, 90_000_000_000L), 3),
                        "endTime",
                        Timestamps.format(t, 3),
                        "queryStats",
                        obj("totalBilledBytes", Long.toString(bytes)))))));
    d.protoPayload = p;
    d.severity = failure < 0 ? "INFO" : "ERROR";
    return d;
  }

  // ---------------------------------------------------------------- Cloud Scheduler

  /** A Cloud Scheduler job: its schedule, target and the status it fails with (if it does). */
  static final class SchedulerJob {
    final String id;
    final int everyMinutes;
    final int offsetMinutes;
    final String url;
    final String failure;
    final int failureHttp;

    SchedulerJob(
        String id,
        int everyMinutes,
        int offsetMinutes,
        String url,
        String failure,
        int failureHttp) {
      this.id = id;
      this.everyMinutes = everyMinutes;
      this.offsetMinutes = offsetMinutes;
      this.url = url;
      this.failure = failure;
      this.failureHttp = failureHttp;
    }
  }

  static final SchedulerJob[] SCHEDULER_JOBS = {
    new SchedulerJob(
        "refresh-exchange-rates",
        15,
        2,
        "https://pricing-api" + RUN_HOST + "/internal/refresh-rates",
        "UNAVAILABLE",
        503),
    new SchedulerJob(
        "sitemap-rebuild",
        60,
        30,
        "https://sitemap" + RUN_HOST + "/rebuild",
        "DEADLINE_EXCEEDED",
        504),
    new SchedulerJob("cart-reminders", 30, 10, null, null, 0),
  };

  private Draft schedulerDraft(SchedulerJob job, String type) {
    Draft d = new Draft();
    d.templateKey = "scheduler:" + job.id + ":" + type;
    d.insertId = r.alnum(13);
    d.resourceType = "cloud_scheduler_job";
    d.resourceLabels = strings("job_id", job.id, "location", REGION, "project_id", PROJECT);
    d.logName = "projects/" + PROJECT + "/logs/cloudscheduler.googleapis.com%2Fexecutions";
    d.severity = "INFO";
    d.timestampDigits = 9;
    return d;
  }

  /**
   * A Cloud Scheduler attempt's payload: its type, the job's name and target, and the attempt's own
   * fields; keys in alphabetical order, as Cloud Logging exports them.
   */
  private static Map<String, Object> schedulerPayload(
      String type, SchedulerJob job, Object... attemptFields) {
    Map<String, Object> payload =
        new TreeMap<>(
            obj(
                "@type",
                "type.googleapis.com/google.cloud.scheduler.logging." + type,
                "jobName",
                "projects/" + PROJECT + "/locations/" + REGION + "/jobs/" + job.id,
                "targetType",
                job.url == null ? "PUB_SUB" : "HTTP",
                "topicName",
                job.url == null ? "projects/" + PROJECT + "/topics/" + job.id : null,
                "url",
                job.url));
    payload.putAll(obj(attemptFields));
    return payload;
  }

  Draft attemptStarted(SchedulerJob job, long scheduledNanos) {
    Draft d = schedulerDraft(job, "started");
    d.jsonPayload =
        schedulerPayload(
            "AttemptStarted", job, "scheduledTime", Timestamps.format(scheduledNanos, 6));
    return d;
  }

  Draft attemptFinished(SchedulerJob job, boolean failed) {
    Draft d = schedulerDraft(job, failed ? "failed" : "finished");
    boolean fail = failed && job.failure != null;
    d.jsonPayload =
        schedulerPayload(
            "AttemptFinished",
            job,
            "debugInfo",
            fail
                ? "URL_UNREACHABLE-UNREACHABLE_5xx. Original HTTP response code number = "
                    + job.failureHttp
                : null,
            "status",
            fail ? job.failure : null);
    if (job.url != null) {
      d.httpRequest = obj("status", fail ? job.failureHttp : 200);
    }
    d.severity = fail ? "ERROR" : "INFO";
    return d;
  }

  // ---------------------------------------------------------------- Cloud Tasks

  private static final String[][] QUEUES = {
    {"order-emails", "POST https://mailer" + RUN_HOST + "/send", "UNAVAILABLE"},
    {"image-resize", "POST https://image-resizer" + RUN_HOST + "/resize", "DEADLINE_EXCEEDED"},
  };

  /** One dispatch attempt of a task; {@code failure} >= 0 makes it the queue's failure. */
  Draft taskAttempt(long t, int failure) {
    int q = failure >= 0 ? failure : r.chance(0.7) ? 0 : 1;
    String[] queue = QUEUES[q];
    boolean failed = failure >= 0;
    int dispatch = failed ? r.between(1, 5) : 1;
    Draft d = new Draft();
    d.templateKey = "tasks:" + queue[0] + ":" + (failed ? queue[2] : "OK");
    d.insertId = r.alnum(12);
    d.resourceType = "cloud_tasks_queue";
    d.resourceLabels =
        strings(
            "location", REGION, "project_id", PROJECT, "queue_id", queue[0], "target_type", "HTTP");
    d.logName = "projects/" + PROJECT + "/logs/cloudtasks.googleapis.com%2Ftask_operations_log";
    d.severity = failed ? "ERROR" : "INFO";
    d.timestampDigits = 6;
    long scheduled = t - r.betweenLong(100_000_000L, 20_000_000_000L);
    d.jsonPayload =
        obj(
            "@type",
            "type.googleapis.com/google.cloud.tasks.logging.v1.TaskActivityLog",
            "attemptResponseLog",
            obj(
                "attemptDuration",
                duration((long) (r.logNormal(failed ? 8 : 0.3, 0.5) * 1e9) / 1000 * 1000),
                "dispatchCount",
                Integer.toString(dispatch),
                "maxAttempts",
                0,
                "responseCount",
                Integer.toString(dispatch),
                "retryTime",
                failed ? Timestamps.format(t + (1L << dispatch) * 1_000_000_000L, 6) : null,
                "scheduleTime",
                Timestamps.format(scheduled, 6),
                "status",
                failed ? queue[2] : "OK",
                "targetAddress",
                queue[1],
                "targetType",
                "HTTP"),
            "task",
            "projects/"
                + PROJECT
                + "/locations/"
                + REGION
                + "/queues/"
                + queue[0]
                + "/tasks/"
                + r.digits(19));
    return d;
  }
}
