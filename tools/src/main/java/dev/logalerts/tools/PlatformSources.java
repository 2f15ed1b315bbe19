package dev.logalerts.tools;

import static dev.logalerts.tools.Draft.obj;
import static dev.logalerts.tools.Draft.strings;
import static dev.logalerts.tools.LogSources.CLUSTER;
import static dev.logalerts.tools.LogSources.PROJECT;
import static dev.logalerts.tools.LogSources.REGION;
import static dev.logalerts.tools.LogSources.fmt;
import static dev.logalerts.tools.ShopData.FIRST;

import java.util.List;
import java.util.Map;

/**
 * Logs of the shop's managed platform: Cloud Audit Logs, Dataflow workers, GCE syslog and Cloud
 * Functions. Part of {@link LogSources}; draws from the same {@link Rng}.
 */
final class PlatformSources {
  private final LogSources src;
  private final Rng r;

  PlatformSources(LogSources src, Rng r) {
    this.src = src;
    this.r = r;
  }

  // ---------------------------------------------------------------- Cloud Audit Logs

  /** An audit log entry; {@code deniedIam} forces a PERMISSION_DENIED SetIamPolicy (ERROR). */
  Draft audit(long t, boolean deniedIam) {
    String who =
        r.chance(0.6)
            ? r.pick(new String[] {"deployer", "terraform", "composer-worker", "dataflow-runner"})
                + "@"
                + PROJECT
                + ".iam.gserviceaccount.com"
            : src.email();
    String service;
    String method;
    String resourceName;
    String resourceType;
    Map<String, String> resourceLabels;
    String log = "activity";
    boolean denied = false;
    Map<String, Object> operation = null;
    switch (deniedIam ? 3 : r.nextInt(6)) {
      case 0:
        service = "storage.googleapis.com";
        method = "storage.objects.get";
        String bucket = r.pick(new String[] {"acme-shop-exports", "acme-shop-media"});
        resourceName =
            "projects/_/buckets/"
                + bucket
                + "/objects/"
                + fmt(t, "yyyy/MM/dd")
                + "/part-"
                + r.digits(5)
                + ".json";
        resourceType = "gcs_bucket";
        resourceLabels = strings("bucket_name", bucket, "location", REGION, "project_id", PROJECT);
        log = "data_access";
        break;
      case 1:
        service = "iam.googleapis.com";
        method = "google.iam.admin.v1.CreateServiceAccountKey";
        resourceName = "projects/-/serviceAccounts/1" + r.digits(20);
        resourceType = "service_account";
        resourceLabels =
            strings(
                "email_id",
                "deployer@" + PROJECT + ".iam.gserviceaccount.com",
                "project_id",
                PROJECT,
                "unique_id",
                "1" + r.digits(20));
        break;
      case 2:
        service = "compute.googleapis.com";
        method = "v1.compute.instances.insert";
        String zone = REGION + "-" + r.pick(new String[] {"b", "c", "d"});
        String instanceId = r.digits(19);
        resourceName =
            "projects/" + PROJECT + "/zones/" + zone + "/instances/ci-runner-" + r.alnum(5);
        resourceType = "gce_instance";
        resourceLabels = strings("instance_id", instanceId, "project_id", PROJECT, "zone", zone);
        operation =
            obj(
                "id",
                "operation-" + r.digits(13) + "-" + r.hex(12),
                "producer",
                "compute.googleapis.com",
                "first",
                Boolean.TRUE);
        break;
      case 3:
        service = "cloudresourcemanager.googleapis.com";
        method = "SetIamPolicy";
        resourceName = "projects/" + PROJECT;
        resourceType = "project";
        resourceLabels = strings("project_id", PROJECT);
        denied = deniedIam || r.chance(0.15);
        break;
      case 4:
        service = "bigquery.googleapis.com";
        method = "google.cloud.bigquery.v2.JobService.InsertJob";
        resourceName = "projects/" + PROJECT + "/jobs/bquxjob_" + r.hex(8) + "_" + r.hex(12);
        resourceType = "bigquery_project";
        resourceLabels = strings("location", "EU", "project_id", PROJECT);
        log = "data_access";
        break;
      default:
        service = "k8s.io";
        method = "io.k8s.core.v1.secrets.get";
        resourceName = "core/v1/namespaces/shop/secrets/checkout-db-credentials";
        resourceType = "k8s_cluster";
        resourceLabels =
            strings("cluster_name", CLUSTER, "location", REGION, "project_id", PROJECT);
        log = "data_access";
        break;
    }
    Draft d = new Draft();
    d.templateKey = "audit:" + method + (denied ? ":denied" : "");
    d.insertId = OpsSources.auditInsertId(r);
    d.protoPayload =
        obj(
            "@type",
            "type.googleapis.com/google.cloud.audit.AuditLog",
            "status",
            denied ? obj("code", 7, "message", "PERMISSION_DENIED") : obj(),
            "authenticationInfo",
            obj("principalEmail", who),
            "requestMetadata",
            OpsSources.requestMetadata(
                who.endsWith("gserviceaccount.com") ? src.podIp() : src.publicIp(),
                who.endsWith("gserviceaccount.com")
                    ? "google-api-go-client/0.5 Terraform/1.9.8"
                    : "gcloud/502.0.0 command/" + "gcloud.projects.set-iam-policy"),
            "serviceName",
            service,
            "methodName",
            method,
            "authorizationInfo",
            List.of(
                obj(
                    "resource",
                    resourceName,
                    "permission",
                    permissionFor(method),
                    "granted",
                    !denied,
                    "resourceAttributes",
                    obj())),
            "resourceName",
            resourceName,
            "resourceLocation",
            obj("currentLocations", List.of(REGION)));
    d.resourceType = resourceType;
    d.resourceLabels = resourceLabels;
    d.severity = denied ? "ERROR" : log.equals("activity") ? "NOTICE" : "INFO";
    d.logName = "projects/" + PROJECT + "/logs/cloudaudit.googleapis.com%2F" + log;
    d.operation = operation;
    d.timestampDigits = 9;
    return d;
  }

  private static String permissionFor(String method) {
    switch (method) {
      case "storage.objects.get":
        return "storage.objects.get";
      case "google.iam.admin.v1.CreateServiceAccountKey":
        return "iam.serviceAccountKeys.create";
      case "v1.compute.instances.insert":
        return "compute.instances.create";
      case "SetIamPolicy":
        return "resourcemanager.projects.setIamPolicy";
      case "google.cloud.bigquery.v2.JobService.InsertJob":
        return "bigquery.jobs.create";
      default:
        return "io.k8s.core.v1.secrets.get";
    }
  }

  // ---------------------------------------------------------------- Dataflow

  Draft dataflow(long t) {
    String job = "orders-streaming-enrichment";
    String jobId = "2026-11-19_23_10_41-" + "1234567890123456789";
    Draft d = new Draft();
    d.insertId = r.alnum(12) + "_" + r.digits(2);
    d.resourceType = "dataflow_step";
    String step =
        r.pick(
            new String[] {"ReadFromPubSub", "ParseOrders", "EnrichWithCatalog", "WriteToBigQuery"});
    d.resourceLabels =
        strings(
            "job_id",
            jobId,
            "job_name",
            job,
            "project_id",
            PROJECT,
            "region",
            REGION,
            "step_id",
            step);
    d.labels =
        strings(
            "compute.googleapis.com/resource_id",
            r.digits(19),
            "compute.googleapis.com/resource_name",
            job + "-11192310-" + r.alnum(4) + "-harness-" + r.alnum(4),
            "compute.googleapis.com/resource_type",
            "instance",
            "dataflow.googleapis.com/job_id",
            jobId,
            "dataflow.googleapis.com/job_name",
            job,
            "dataflow.googleapis.com/region",
            REGION);
    d.timestampDigits = 3;
    String message;
    switch (r.nextInt(4)) {
      case 0:
        d.templateKey = "dataflow.bq_insert";
        message =
            "Flushed "
                + r.between(1, 500)
                + " rows to BigQuery table "
                + PROJECT
                + ":orders.enriched in "
                + r.between(20, 900)
                + " ms";
        d.severity = "INFO";
        break;
      case 1:
        d.templateKey = "dataflow.autoscaling";
        message =
            "Autoscaling: Raised the number of workers to "
                + r.between(2, 6)
                + " based on the rate of progress in the currently running stage(s).";
        d.severity = "INFO";
        break;
      case 2:
        d.templateKey = "dataflow.catalog_retry";
        message =
            "Catalog lookup for sku "
                + src.sku()
                + " failed, retrying (attempt "
                + r.between(1, 3)
                + " of 3): io.grpc.StatusRuntimeException: UNAVAILABLE";
        d.severity = "WARNING";
        break;
      default:
        d.templateKey = "dataflow.gc";
        message =
            "Memory is used/total/max = "
                + r.between(800, 2900)
                + "/"
                + 3072
                + "/"
                + 3072
                + " MB, GC last/max = "
                + r.between(0, 40)
                + ".00/"
                + r.between(40, 90)
                + ".00 %, #pushbacks=0, gc thrashing=false";
        d.severity = "INFO";
        break;
    }
    d.jsonPayload =
        obj(
            "job",
            jobId,
            "logger",
            "org.apache.beam.runners.dataflow.worker.StreamingDataflowWorker",
            "message",
            message,
            "stage",
            "F" + r.between(10, 60),
            "step",
            step,
            "thread",
            r.between(20, 400) + "",
            "worker",
            job + "-11192310-" + r.alnum(4) + "-harness-" + r.alnum(4));
    d.logName = "projects/" + PROJECT + "/logs/dataflow.googleapis.com%2Fworker";
    return d;
  }

  // ---------------------------------------------------------------- GCE syslog

  /** A syslog line; {@code oom} forces the (rare) kernel OOM-killer ERROR. */
  Draft syslog(long t, boolean oom) {
    Draft d = new Draft();
    d.insertId = r.alnum(6) + r.digits(2) + r.alnum(4);
    d.resourceType = "gce_instance";
    // The legacy ERP box is the one that runs out of memory now and then.
    String host =
        oom ? "legacy-erp-1" : r.pick(new String[] {"bastion-1", "vpn-gw-1", "legacy-erp-1"});
    d.resourceLabels =
        strings(
            "instance_id",
            host.equals("bastion-1")
                ? "4518834091283746512"
                : host.equals("vpn-gw-1") ? "8863120984512390117" : "2290117834501928341",
            "project_id",
            PROJECT,
            "zone",
            REGION + "-b");
    d.labels = strings("compute.googleapis.com/resource_name", host);
    d.logName = "projects/" + PROJECT + "/logs/syslog";
    d.timestampDigits = r.chance(0.5) ? 0 : 6;
    String prefix = fmt(t, "MMM d HH:mm:ss") + " " + host + " ";
    switch (oom ? 4 : r.nextInt(4)) {
      case 0:
        d.templateKey = "syslog.cron";
        d.textPayload =
            prefix
                + "CRON["
                + r.between(1000, 65000)
                + "]: (root) CMD ("
                + "/usr/local/bin/backup.sh >/dev/null 2>&1)";
        break;
      case 1:
        d.templateKey = "syslog.sshd_accepted";
        d.textPayload =
            prefix
                + "sshd["
                + r.between(1000, 65000)
                + "]: Accepted publickey for "
                + r.pick(FIRST)
                + " from "
                + src.publicIp()
                + " port "
                + r.between(30000, 65000)
                + " ssh2: ED25519 SHA256:"
                + r.base64Url(43);
        break;
      case 2:
        d.templateKey = "syslog.sshd_invalid_user";
        d.textPayload =
            prefix
                + "sshd["
                + r.between(1000, 65000)
                + "]: Invalid user "
                + r.pick(new String[] {"admin", "test", "oracle", "ubuntu", "git"})
                + " from "
                + src.publicIp()
                + " port "
                + r.between(30000, 65000);
        d.severity = "NOTICE";
        break;
      case 3:
        d.templateKey = "syslog.google_guest_agent";
        d.textPayload =
            prefix
                + "google_guest_agent["
                + r.between(500, 900)
                + "]: Updating keys for user "
                + r.pick(FIRST)
                + ".";
        break;
      default:
        d.templateKey = "syslog.oom";
        d.textPayload =
            prefix
                + "kernel: ["
                + r.between(10000, 999999)
                + "."
                + r.digits(6)
                + "] Out of memory: Killed process "
                + r.between(1000, 65000)
                + " (java) total-vm:"
                + r.between(4000000, 9000000)
                + "kB, anon-rss:"
                + r.between(2000000, 4000000)
                + "kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:"
                + r.between(4000, 9000)
                + "kB oom_score_adj:0";
        d.severity = "ERROR";
        break;
    }
    return d;
  }

  // ---------------------------------------------------------------- Cloud Functions

  Draft function(long t) {
    Draft d = new Draft();
    d.insertId = r.alnum(6) + "f" + r.alnum(6);
    d.resourceType = "cloud_function";
    String fn = r.chance(0.7) ? "thumbnail-on-upload" : "order-confirmation-mailer";
    d.resourceLabels = strings("function_name", fn, "project_id", PROJECT, "region", REGION);
    d.labels = strings("execution_id", r.alnum(12));
    d.logName = "projects/" + PROJECT + "/logs/cloudfunctions.googleapis.com%2Fcloud-functions";
    d.timestampDigits = 9;
    d.trace = r.chance(0.5) ? src.trace() : null;
    switch (r.nextInt(4)) {
      case 0:
        d.templateKey = "fn.started";
        d.textPayload = "Function execution started";
        d.severity = "DEBUG";
        break;
      case 1:
        d.templateKey = "fn.took";
        int status = r.chance(0.97) ? 200 : 500;
        d.textPayload =
            "Function execution took "
                + r.between(20, 3000)
                + " ms, finished with status code: "
                + status;
        d.severity = "DEBUG";
        break;
      case 2:
        if (fn.equals("thumbnail-on-upload")) {
          d.templateKey = "fn.thumbnail";
          d.textPayload =
              "Processed upload gs://acme-shop-media/uploads/"
                  + r.uuid()
                  + ".jpg ("
                  + r.between(20000, 9000000)
                  + " bytes)";
        } else {
          d.templateKey = "fn.mail_sent";
          d.textPayload = "Sent order confirmation for " + src.orderId() + " to " + src.email();
        }
        d.severity = "INFO";
        break;
      default:
        d.templateKey = "fn.smtp_auth";
        d.textPayload =
            "SMTP login to smtp.mail.example.net:587 as notifications@example.com"
                + " with password="
                + r.alnum(10)
                + r.digits(3)
                + " ok";
        d.severity = "DEBUG";
        break;
    }
    return d;
  }
}
