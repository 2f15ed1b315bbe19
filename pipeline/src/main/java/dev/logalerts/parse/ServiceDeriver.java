package dev.logalerts.parse;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Derives the {@code service} of an entry from its monitored resource: the name a person would use
 * for "what is logging this" (a workload, not a pod or a revision), so that alerts and noisy-log
 * rows group by something stable across deployments. The full table is in {@code
 * docs/service-table.md}; keep the two in step.
 *
 * <p>A Google API's own resource type ({@code ….googleapis.com/Kind}) without a row is named by the
 * label of its kind ({@link #apiResourceIdLabels}). A documented type whose labels are missing
 * falls back to the audit log's {@code protoPayload.serviceName}, else to the resource type itself
 * (never the log name, which would group unrelated resources). Other types use {@code
 * protoPayload.serviceName} for audit logs, else the decoded LOG_ID, else the resource type.
 */
public final class ServiceDeriver {
  private ServiceDeriver() {}

  /** As {@link #derive(String, Map, Map, String, String, String)} without a payload name. */
  public static String derive(
      String resourceType,
      Map<String, String> resourceLabels,
      Map<String, String> labels,
      String logId,
      String auditServiceName) {
    return derive(resourceType, resourceLabels, labels, logId, auditServiceName, "");
  }

  /**
   * The service for one entry.
   *
   * @param resourceType {@code resource.type} (may be empty)
   * @param resourceLabels {@code resource.labels}
   * @param labels the entry's {@code labels}
   * @param logId the decoded LOG_ID (may be empty)
   * @param auditServiceName {@code protoPayload.serviceName} of an audit log, else empty
   * @param payloadName the name the payload gives the resource (a {@code gce_instance} audit log's
   *     VM from {@code protoPayload.resourceName} or the managed instance group that made its
   *     operation, a DNS query's source network), else empty
   */
  public static String derive(
      String resourceType,
      Map<String, String> resourceLabels,
      Map<String, String> labels,
      String logId,
      String auditServiceName,
      String payloadName) {
    String s = byResource(resourceType, resourceLabels, labels, payloadName);
    if (s != null && !s.isEmpty()) {
      return s;
    }
    if (!auditServiceName.isEmpty()) {
      return auditServiceName;
    }
    if (s != null) {
      return resourceType; // a documented type whose labels are missing: never the log name
    }
    if (resourceType.contains(".googleapis.com/")) {
      // A Google API's own resource we have no table row or kind label for
      // (fleetengine.googleapis.com/Fleet): one service for all its logs, rather than one per log.
      return resourceType;
    }
    if (!logId.isEmpty()) {
      return logId;
    }
    return resourceType;
  }

  /**
   * The types named by a resource label alone: the first non-empty of these labels. {@link
   * ServiceScope} reads the same table backwards; the types with more to it are in {@link
   * #byResource}'s switch.
   */
  static final Map<String, List<String>> NAME_LABELS =
      Map.ofEntries(
          Map.entry("k8s_node", List.of("cluster_name")),
          Map.entry("gke_cluster", List.of("cluster_name")),
          Map.entry("gke_nodepool", List.of("cluster_name")),
          Map.entry("dataproc_cluster", List.of("cluster_name")),
          Map.entry("cloud_dataproc_cluster", List.of("cluster_name")), // Dataproc clusters' logs
          Map.entry("cloud_run_revision", List.of("service_name")),
          Map.entry("cloud_run_job", List.of("job_name")),
          Map.entry(
              "http_load_balancer",
              List.of("backend_service_name", "url_map_name", "forwarding_rule_name")),
          Map.entry(
              "http_external_regional_lb_rule",
              List.of("backend_target_name", "url_map_name", "forwarding_rule_name")),
          Map.entry(
              "internal_http_lb_rule",
              List.of("backend_target_name", "url_map_name", "forwarding_rule_name")),
          Map.entry(
              "l4_proxy_rule",
              List.of("backend_target_name", "target_proxy_name", "forwarding_rule_name")),
          Map.entry(
              "tcp_ssl_proxy_rule",
              List.of("backend_service_name", "target_proxy_name", "forwarding_rule_name")),
          Map.entry(
              "loadbalancing.googleapis.com/ExternalNetworkLoadBalancerRule",
              List.of("backend_service_name", "forwarding_rule_name")),
          Map.entry(
              "loadbalancing.googleapis.com/InternalNetworkLoadBalancerRule",
              List.of("backend_service_name", "forwarding_rule_name")),
          Map.entry("gae_app", List.of("module_id")),
          Map.entry("cloud_function", List.of("function_name")),
          Map.entry("generic_task", List.of("job")), // Batch jobs' former type, other runners'
          Map.entry("generic_node", List.of("node_id", "namespace")), // hosts outside Google Cloud
          Map.entry("ml_job", List.of("job_id")), // Vertex AI custom training jobs
          Map.entry("aiplatform.googleapis.com/Endpoint", List.of("endpoint_id")),
          Map.entry("workflows.googleapis.com/Workflow", List.of("workflow_id")),
          Map.entry("ids.googleapis.com/Endpoint", List.of("id")), // the endpoint that saw it
          Map.entry("gce_instance_group", List.of("instance_group_name")), // health checks
          Map.entry("gce_network_endpoint_group", List.of("network_endpoint_group_id")),
          Map.entry("gce_router", List.of("router_id")),
          Map.entry("gce_subnetwork", List.of("subnetwork_name")),
          // VPC flow logs configured through the Network Management API: the flow logs config.
          Map.entry("vpc_flow_logs_config", List.of("name")),
          Map.entry("nat_gateway", List.of("gateway_name")),
          Map.entry("build", List.of("build_trigger_id")),
          Map.entry("cloud_scheduler_job", List.of("job_id")),
          // BigQuery Data Transfer runs and scheduled queries: the transfer config, not the API.
          Map.entry("bigquery_dts_config", List.of("config_id")),
          Map.entry("gcs_bucket", List.of("bucket_name")),
          Map.entry("service_account", List.of("email_id")), // IAM audit logs on the account
          // Without the label, the audit log's service name (derive's fallback).
          Map.entry("audited_resource", List.of("service")),
          Map.entry("api", List.of("service")),
          Map.entry("bigquery_resource", List.of()), // the audit log's service name
          Map.entry("bigquery_project", List.of()),
          Map.entry("bigquery_dataset", List.of("dataset_id")),
          Map.entry("cloudsql_database", List.of("database_id")),
          Map.entry("cloud_tasks_queue", List.of("queue_id")),
          Map.entry("spanner_instance", List.of("instance_id")),
          // Cloud Monitoring's notification channel events (a webhook's failures): the channel,
          // whose only label is its number, not the log for every channel.
          Map.entry("stackdriver_notification_channel", List.of("channel_id")),
          // Cloud KMS audit logs: the key used, not cloudkms.googleapis.com for every key.
          Map.entry("cloudkms_cryptokeyversion", List.of("crypto_key_id", "key_ring_id")),
          Map.entry("cloudkms_cryptokey", List.of("crypto_key_id", "key_ring_id")),
          Map.entry("cloudkms_keyring", List.of("key_ring_id")));

  /** The service by resource type; "" when its labels are missing, null for an unknown type. */
  private static String byResource(
      String type, Map<String, String> res, Map<String, String> labels, String payloadName) {
    switch (type) {
      case "k8s_container":
      case "k8s_pod":
        {
          // One workload name for a workload's container and pod entries: the app label, else
          // the pod name without its generated suffixes, else (containers) the container name.
          String app = get(labels, "k8s-pod/app");
          if (app.isEmpty()) {
            app = get(labels, "k8s-pod/app_kubernetes_io/name");
          }
          if (app.isEmpty()) {
            // Kubernetes' and GKE's add-ons label their pods k8s-app; some name their Deployment
            // by version (metrics-server-v0.5.2), which the pod name would carry across upgrades.
            app = get(labels, "k8s-pod/k8s-app");
          }
          if (app.isEmpty()) {
            app = podWorkload(get(res, "pod_name"));
          }
          if (app.isEmpty()) {
            app = get(res, "container_name");
          }
          return join(get(res, "namespace_name"), app);
        }
      case "cloud_composer_environment":
        {
          // Composer task logs carry the DAG id as label "workflow": per-DAG is what a failing
          // batch alert should name; scheduler/worker logs without it stay per environment.
          String env = get(res, "environment_name");
          return env.isEmpty() ? "" : join(env, get(labels, "workflow"));
        }
      case "dataflow_step":
        return withoutRunSuffix(get(res, "job_name"));
      case "cloud_dataproc_batch": // Dataproc Serverless
        return withoutRunSuffix(get(res, "batch_id"));
      case "batch.googleapis.com/Job": // Cloud Batch
        return withoutRunSuffix(first(res, List.of("job", "job_uid")));
      case "aiplatform.googleapis.com/PipelineJob": // Vertex AI Pipelines: <name>-<YYYYMMDDhhmmss>
        return withoutRunSuffix(get(res, "pipeline_job_id"));
      case "gce_instance":
        {
          // A managed instance group's VMs are one service, named by their group: the Ops Agent
          // and the guest agent label a MIG VM's entries with it.
          String group = get(labels, VmNames.MIG_NAME_LABEL);
          if (!group.isEmpty()) {
            return VmNames.gkeNodePool(group);
          }
          String name = get(labels, "compute.googleapis.com/resource_name");
          if (name.isEmpty()) {
            name = payloadName;
          }
          if (name.isEmpty()) {
            name = get(labels, "instance_name"); // the OS Config and guest agents' own label
          }
          if (name.isEmpty()) {
            String id = get(res, "instance_id");
            name = id.equals("0") ? "" : id;
          }
          return VmNames.vmService(name);
        }
      case "gce_instance_group_manager":
        return VmNames.gkeNodePool(get(res, "instance_group_manager_name"));
      case "k8s_cluster":
        // GKE logs the events of every object but pods and nodes on the cluster: such an event
        // is its object's workload's, as its pods' entries are (LogFamilies.payloadName).
        return payloadName.isEmpty() ? get(res, "cluster_name") : payloadName;
      case "dns_query":
        return get(res, "target_name").isEmpty() ? payloadName : get(res, "target_name");
      case "pubsub_topic":
        return lastSegment(get(res, "topic_id"));
      case "pubsub_subscription":
        return lastSegment(get(res, "subscription_id"));
      case "redis_instance":
        // Memorystore labels its instances with their full path
        // (projects/p/locations/r/instances/NAME).
        return lastSegment(get(res, "instance_id"));
      case "k8s_control_plane_component":
        // GKE's control plane logs (apiserver, scheduler, controller-manager): per component, as
        // a cluster's workloads are; the cluster alone when the component is not named.
        {
          String cluster = get(res, "cluster_name");
          return cluster.isEmpty() ? "" : join(cluster, get(res, "component_name"));
        }
      default:
        List<String> keys = NAME_LABELS.get(type);
        if (keys == null) {
          // A Google API's own resource (clouddeploy.googleapis.com/DeliveryPipeline) names its
          // instance in the label of its kind (pipeline_id); without one, derive's fallbacks.
          String id = first(res, apiResourceIdLabels(type));
          return id.isEmpty() ? null : id;
        }
        return first(res, keys);
    }
  }

  /** Where a GKE node's name starts inside a static pod's name. */
  private static final String GKE_NODE = "-gke-";

  /**
   * A run's date and time after a Dataflow job name, as launchers name runs ({@code
   * daily-etl-20261205-0600}, {@code wordcount-2026-12-05t06-00-00}, {@code report-20261205}): a
   * valid date (year 19xx or 20xx, month, day; compact or with dashes), then only digits, each
   * group after a "-", "_" or "t", and an optional "z". {@link ServiceScope} selects the same
   * suffix, in Cloud Logging's RE2 (no back-references, no nested ambiguity).
   */
  static final String RUN_DATE_SUFFIX =
      "(19|20)[0-9]{2}-?(0[1-9]|1[0-2])-?(0[1-9]|[12][0-9]|3[01])[0-9]*([t_-][0-9]+)*z?";

  private static final Pattern RUN_DATE = Pattern.compile("^(.+?)-" + RUN_DATE_SUFFIX + "$");

  /**
   * A batch job's name without the suffix that makes it one name per run, so that every run of the
   * same pipeline is one service (the batch types of {@link #byResource}): Beam's for a job that
   * has no name of its own (Java's {@code <app>-<user>-MMddHHmmss-<8 hex>}, Python's {@code
   * beamapp-<user>-MMddHHmmss-<microseconds>[-<8 random>]}), a launcher's run id (a UUID without
   * dashes), Airflow's ({@code -} and the first 8 hex digits of a UUID, with a letter and a digit
   * among them), a run's date and time ({@link #RUN_DATE_SUFFIX}: Vertex AI Pipelines' {@code
   * <name>-<YYYYMMDDhhmmss>}) or epoch seconds or milliseconds. Other names given by the user are
   * kept, trailing numbers included ({@code etl-v2}, {@code pipeline-3}, {@code export-cafebabe}).
   * {@link ServiceScope} selects the same suffixes ({@link #RUN_SUFFIX}).
   */
  static String withoutRunSuffix(String name) {
    int n = name.length();
    int beam = beamPythonRun(name);
    if (beam > 0) {
      return name.substring(0, beam);
    }
    if (n > 33 && name.charAt(n - 33) == '-' && isLowerHex(name, n - 32, n)) {
      // A launcher's run id: "-" and a UUID without its dashes (32 hex digits).
      return name.substring(0, n - 33);
    }
    char last = n == 0 ? ' ' : name.charAt(n - 1);
    if ((last >= '0' && last <= '9') || last == 'z') {
      Matcher m = RUN_DATE.matcher(name);
      if (m.matches()) {
        return m.group(1);
      }
    }
    int hex = n - 8;
    if (hex > 1 && name.charAt(hex - 1) == '-' && isLowerHex(name, hex, n)) {
      int date = hex - 11;
      if (date >= 1 && name.charAt(date - 1) == '-' && isDigits(name, date, hex - 1)) {
        return name.substring(0, date - 1); // Beam's <app>-<user>-MMddHHmmss-<8 hex>
      }
      if (!isHexLetters(name, hex, n) && !isDigits(name, hex, n)) {
        // Airflow's -<8 hex>; not a word (cafebabe) nor a number (orders-12345678), which one
        // run in 44 of Airflow's also is: those runs stay apart.
        return name.substring(0, hex - 1);
      }
    }
    for (int digits : new int[] {10, 13}) { // epoch seconds and milliseconds, 2001 to 2033
      int at = n - digits;
      if (at > 1 && name.charAt(at - 1) == '-' && name.charAt(at) == '1' && isDigits(name, at, n)) {
        return name.substring(0, at - 1);
      }
    }
    return name;
  }

  /**
   * The suffixes {@link #withoutRunSuffix} takes off, as Cloud Logging's RE2 (after the {@code -}
   * that precedes them); the 8 hex digits also select a word like {@code cafebabe}, which the
   * deriver keeps: a link then shows more entries, never fewer.
   */
  static final String RUN_SUFFIX =
      "([0-9]{10}-[0-9a-f]{8}|[0-9]{10}-[0-9]{6}(-[0-9a-z]{8})?|[0-9a-f]{32}|[0-9a-f]{8}|"
          + "1[0-9]{9}|1[0-9]{12}|"
          + RUN_DATE_SUFFIX
          + ")";

  /**
   * Where Beam Python's name for a job that has none of its own ends its user part, {@code
   * beamapp-root-0615034240-673992-ksvejvim} → {@code beamapp-root}: {@code -MMddHHmmss}, {@code -}
   * and the microseconds, and in newer versions {@code -} and 8 random lower-case letters and
   * digits; -1 for any other name.
   */
  private static int beamPythonRun(String name) {
    int end = name.length();
    if (end > 9 && name.charAt(end - 9) == '-' && isLowerAlnum(name, end - 8, end)) {
      end -= 9; // the random part, checked below to follow the time
    }
    int micros = end - 6;
    int time = micros - 11;
    if (time < 2
        || name.charAt(micros - 1) != '-'
        || name.charAt(time - 1) != '-'
        || !isDigits(name, micros, end)
        || !isDigits(name, time, micros - 1)) {
      return -1;
    }
    return time - 1;
  }

  private static boolean isLowerAlnum(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** Whether s[from, to) is only the letters of hex digits (a word, no digit). */
  private static boolean isHexLetters(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 'a' || c > 'f') {
        return false;
      }
    }
    return true;
  }

  private static boolean isLowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The labels that may name the instance of a Google API's own resource type: the kind in snake
   * case, then its last word, with {@code _id} ({@code clouddeploy.googleapis.com/DeliveryPipeline}
   * → {@code delivery_pipeline_id}, {@code pipeline_id}); none for other types.
   */
  static List<String> apiResourceIdLabels(String type) {
    int slash = type.indexOf(".googleapis.com/");
    if (slash < 0) {
      return List.of();
    }
    String kind = type.substring(slash + ".googleapis.com/".length());
    StringBuilder snake = new StringBuilder(kind.length() + 8);
    int lastWord = 0;
    for (int i = 0; i < kind.length(); i++) {
      char c = kind.charAt(i);
      if (!Character.isLetterOrDigit(c)) {
        return List.of();
      }
      if (Character.isUpperCase(c) && i > 0) {
        snake.append('_');
        lastWord = snake.length();
      }
      snake.append(Character.toLowerCase(c));
    }
    if (snake.length() == 0) {
      return List.of();
    }
    String whole = snake + "_id";
    String last = snake.substring(lastWord) + "_id";
    return whole.equals(last) ? List.of(whole) : List.of(whole, last);
  }

  /** {@code projects/p/topics/orders} → {@code orders}: audit entries carry the full path. */
  private static String lastSegment(String id) {
    int slash = id.lastIndexOf('/');
    return slash < 0 ? id : id.substring(slash + 1);
  }

  /** The first non-empty of these labels, else "". */
  private static String first(Map<String, String> m, List<String> keys) {
    for (String k : keys) {
      String v = get(m, k);
      if (!v.isEmpty()) {
        return v;
      }
    }
    return "";
  }

  /**
   * The workload part of a Kubernetes pod name: drops the random 5-character suffix, a ReplicaSet's
   * pod-template-hash and a StatefulSet ordinal or CronJob schedule time ({@code
   * checkout-7d9f8b6c5-x2x7q} → {@code checkout}, {@code db-0} → {@code db}). Kubernetes generates
   * those suffixes from an alphabet without vowels, so real words are not mistaken for them. A
   * static pod, named after its node ({@code kube-proxy-gke-shop-default-pool-a6ea5e55-h1ms}, one
   * per GKE node), is its name without the node's: {@code kube-proxy}. A dotted version after the
   * workload goes too: {@code metrics-server-v0.5.2-6bf74b5d5f-8ntqj} → {@code metrics-server}.
   */
  public static String podWorkload(String pod) {
    String p = pod;
    for (int node = p.indexOf(GKE_NODE); node > 0; node = p.indexOf(GKE_NODE, node + 1)) {
      String name = p.substring(node + 1);
      if (!name.endsWith(VmNames.POOL_GROUP_SUFFIX) && !VmNames.gkeNodePool(name).equals(name)) {
        return p.substring(0, node);
      }
    }
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
    return withoutVersion(p);
  }

  /**
   * A workload name without a dotted version at its end ({@code metrics-server-v0.5.2} → {@code
   * metrics-server}): Kubernetes' and GKE's add-ons name their Deployments so, and a new name with
   * each upgrade would start a new service (their pods' k8s-app label names them without it). A
   * version without a dot ({@code reviews-v2}) is kept: it may name a workload of its own.
   */
  private static String withoutVersion(String w) {
    int dash = w.lastIndexOf("-v");
    if (dash <= 0) {
      return w;
    }
    boolean dot = false;
    boolean digit = false;
    for (int i = dash + 2; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c == '.' && digit) {
        dot = true;
        digit = false;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else {
        return w;
      }
    }
    return dot && digit ? w.substring(0, dash) : w;
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
