package dev.logalerts.parse;

import java.util.Map;

/**
 * Derives the {@code service} of an entry from its monitored resource: the name a person would use
 * for "what is logging this" (a workload, not a pod or a revision), so that alerts and noisy-log
 * rows group by something stable across deployments. The full table is in {@code
 * docs/service-table.md}; keep the two in step.
 *
 * <p>Every rule falls back to the decoded LOG_ID when the labels it needs are missing or empty;
 * audit logs on resources with no rule use {@code protoPayload.serviceName} (the API that was
 * called), and when there is no LOG_ID either the resource type is used.
 */
public final class ServiceDeriver {
  private ServiceDeriver() {}

  /**
   * The service for one entry.
   *
   * @param resourceType {@code resource.type} (may be empty)
   * @param resourceLabels {@code resource.labels}
   * @param labels the entry's {@code labels}
   * @param logId the decoded LOG_ID (may be empty)
   * @param auditServiceName {@code protoPayload.serviceName} of an audit log, else empty
   */
  public static String derive(
      String resourceType,
      Map<String, String> resourceLabels,
      Map<String, String> labels,
      String logId,
      String auditServiceName) {
    String s = byResource(resourceType, resourceLabels, labels, auditServiceName);
    if (!s.isEmpty()) {
      return s;
    }
    if (!auditServiceName.isEmpty()) {
      return auditServiceName;
    }
    if (!logId.isEmpty()) {
      return logId;
    }
    return resourceType;
  }

  private static String byResource(
      String type, Map<String, String> res, Map<String, String> labels, String auditService) {
    switch (type) {
      case "k8s_container":
        return join(get(res, "namespace_name"), get(res, "container_name"));
      case "k8s_pod":
        {
          String app = get(labels, "k8s-pod/app");
          if (app.isEmpty()) {
            app = get(labels, "k8s-pod/app_kubernetes_io/name");
          }
          if (app.isEmpty()) {
            app = podWorkload(get(res, "pod_name"));
          }
          return join(get(res, "namespace_name"), app);
        }
      case "k8s_cluster":
      case "gke_cluster":
      case "dataproc_cluster":
        return get(res, "cluster_name");
      case "cloud_run_revision":
        return get(res, "service_name");
      case "cloud_run_job":
        return get(res, "job_name");
      case "http_load_balancer":
        {
          String backend = get(res, "backend_service_name");
          return backend.isEmpty() ? get(res, "url_map_name") : backend;
        }
      case "gae_app":
        return get(res, "module_id");
      case "cloud_function":
        return get(res, "function_name");
      case "cloud_composer_environment":
        {
          // Composer task logs carry the DAG id as label "workflow": per-DAG is what a failing
          // batch alert should name; scheduler/worker logs without it stay per environment.
          String env = get(res, "environment_name");
          return env.isEmpty() ? "" : join(env, get(labels, "workflow"));
        }
      case "dataflow_step":
        return get(res, "job_name");
      case "gce_instance":
        {
          String name = get(labels, "compute.googleapis.com/resource_name");
          return name.isEmpty() ? get(res, "instance_id") : name;
        }
      case "cloud_scheduler_job":
        return get(res, "job_id");
      case "gcs_bucket":
        return get(res, "bucket_name");
      case "audited_resource":
      case "api":
        {
          String svc = get(res, "service");
          return svc.isEmpty() ? auditService : svc;
        }
      case "bigquery_resource":
      case "bigquery_project":
        return auditService;
      case "bigquery_dataset":
        return get(res, "dataset_id");
      case "cloudsql_database":
        return get(res, "database_id");
      case "pubsub_topic":
        return get(res, "topic_id");
      case "pubsub_subscription":
        return get(res, "subscription_id");
      case "cloud_tasks_queue":
        return get(res, "queue_id");
      case "spanner_instance":
      case "redis_instance":
        return get(res, "instance_id");
      default:
        return "";
    }
  }

  /**
   * The workload part of a Kubernetes pod name: drops the random 5-character suffix, a ReplicaSet's
   * pod-template-hash and a StatefulSet ordinal or CronJob schedule time ({@code
   * checkout-7d9f8b6c5-x2x7q} → {@code checkout}, {@code db-0} → {@code db}). Kubernetes generates
   * those suffixes from an alphabet without vowels, so real words are not mistaken for them.
   */
  public static String podWorkload(String pod) {
    String p = pod;
    int dash = p.lastIndexOf('-');
    if (dash > 0 && p.length() - dash - 1 == 5 && generated(p, dash + 1)) {
      p = p.substring(0, dash);
      dash = p.lastIndexOf('-');
    }
    if (dash > 0) {
      int len = p.length() - dash - 1;
      if ((len >= 6 && len <= 10 && generated(p, dash + 1)) || (len > 0 && digits(p, dash + 1))) {
        p = p.substring(0, dash);
      }
    }
    return p;
  }

  /** Kubernetes' rand.String alphabet: "bcdfghjklmnpqrstvwxz2456789". */
  private static boolean generated(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      if ("bcdfghjklmnpqrstvwxz2456789".indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean digits(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String get(Map<String, String> m, String key) {
    String v = m.get(key);
    return v == null ? "" : v;
  }

  /** "a/b", or whichever is non-empty. */
  private static String join(String a, String b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a + '/' + b;
  }
}
