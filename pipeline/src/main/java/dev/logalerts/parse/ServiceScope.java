package dev.logalerts.parse;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.FieldPath;
import java.util.ArrayList;
import java.util.List;

/**
 * The Cloud Logging restriction that selects one service's entries: {@link ServiceDeriver} read
 * backwards, so that a suggested exclusion removes a noisy template from the service it was found
 * in and not from every service of the same resource type ({@code Saved <*>} of one Cloud Run
 * service is not every Cloud Run service's {@code Saved}).
 *
 * <p>Built from the resource type and the derived name alone (what a noisy-log row keeps). Where
 * the deriver had a choice (the first non-empty of several labels, a Kubernetes workload from a
 * label, the pod name or the container name, an audit log's service name when the labels are
 * missing), the restriction allows every choice that gives this name: it may match a little more
 * than the service, never less, so an exclusion still removes each of the row's entries. "" when
 * the name came from no field (the resource type itself, the log id) or cannot be read back.
 */
public final class ServiceScope {
  private ServiceScope() {}

  private static final String AUDIT_LOG_PREFIX = "cloudaudit.googleapis.com/";

  /**
   * @param resourceType {@code resource.type}
   * @param logId the decoded LOG_ID
   * @param service what {@link ServiceDeriver#derive} gave the entries
   */
  public static String of(String resourceType, String logId, String service) {
    if (service.isEmpty() || service.equals(resourceType) || service.equals(logId)) {
      return "";
    }
    if (resourceType.startsWith("k8s_") && !kubernetesName(service)) {
      return ""; // a namespace or a workload alone: which one cannot be told
    }
    List<String> choices = new ArrayList<>(4);
    boolean known = byResource(resourceType, service, choices);
    if (!known) {
      choices.clear();
    }
    if (logId.equals(AccessTransparencyFamily.LOG_ID)) {
      // Named by the product accessed (LogFamilies.payloadService).
      choices.add(FamilyFields.path(FamilyFields.J_AT_PRODUCT) + "=" + Filter.quote(service));
    } else if (logId.startsWith(AUDIT_LOG_PREFIX)) {
      // An audit log whose resource labels are missing is named by its service name; so is any
      // audit log of a type the deriver does not know.
      choices.add("protoPayload.serviceName=" + Filter.quote(service));
    }
    if (choices.isEmpty()) {
      return "";
    }
    if (choices.size() == 1) {
      return choices.get(0);
    }
    // OR binds tighter than AND in Cloud Logging's language: a choice of several restrictions
    // needs its own parentheses.
    StringBuilder sb = new StringBuilder("(");
    for (String c : choices) {
      if (sb.length() > 1) {
        sb.append(" OR ");
      }
      sb.append(c.contains(" AND ") ? "(" + c + ")" : c);
    }
    return sb.append(')').toString();
  }

  /**
   * Adds the restrictions under which {@code byResource} gives {@code name} for this type; false
   * for a type it does not know, or a name it cannot read back (a Kubernetes namespace or workload
   * alone).
   */
  private static boolean byResource(String type, String name, List<String> out) {
    switch (type) {
      case "k8s_container":
      case "k8s_pod":
        return kubernetes(type, name, out);
      case "k8s_node":
      case "k8s_cluster":
      case "gke_cluster":
      case "gke_nodepool":
      case "dataproc_cluster":
      case "cloud_dataproc_cluster":
        return label(out, "cluster_name", name);
      case "cloud_dataproc_batch":
        return label(out, "batch_id", name);
      case "cloud_run_revision":
        return label(out, "service_name", name);
      case "cloud_run_job":
        return label(out, "job_name", name);
      case "http_load_balancer":
        return label(out, "backend_service_name", name)
            && label(out, "url_map_name", name)
            && label(out, "forwarding_rule_name", name);
      case "http_external_regional_lb_rule":
      case "internal_http_lb_rule":
        return label(out, "backend_target_name", name)
            && label(out, "url_map_name", name)
            && label(out, "forwarding_rule_name", name);
      case "l4_proxy_rule":
        return label(out, "backend_target_name", name)
            && label(out, "target_proxy_name", name)
            && label(out, "forwarding_rule_name", name);
      case "tcp_ssl_proxy_rule":
        return label(out, "backend_service_name", name)
            && label(out, "target_proxy_name", name)
            && label(out, "forwarding_rule_name", name);
      case "loadbalancing.googleapis.com/ExternalNetworkLoadBalancerRule":
      case "loadbalancing.googleapis.com/InternalNetworkLoadBalancerRule":
        return label(out, "backend_service_name", name) && label(out, "forwarding_rule_name", name);
      case "gae_app":
        return label(out, "module_id", name);
      case "cloud_function":
        return label(out, "function_name", name);
      case "cloud_composer_environment":
        return composer(name, out);
      case "dataflow_step":
        label(out, "job_name", name);
        out.add(
            "resource.labels.job_name=~"
                + Filter.quote("^" + Filter.regexLiteral(name) + "-[0-9]{10}-[0-9a-f]{8}$"));
        return true;
      case "batch.googleapis.com/Job":
        return label(out, "job", name) && label(out, "job_uid", name);
      case "generic_task":
        return label(out, "job", name);
      case "ml_job":
        return label(out, "job_id", name);
      case "aiplatform.googleapis.com/PipelineJob":
        return label(out, "pipeline_job_id", name);
      case "aiplatform.googleapis.com/Endpoint":
        return label(out, "endpoint_id", name);
      case "workflows.googleapis.com/Workflow":
        return label(out, "workflow_id", name);
      case "ids.googleapis.com/Endpoint":
        return label(out, "id", name);
      case "gce_instance_group":
        return label(out, "instance_group_name", name);
      case "gce_network_endpoint_group":
        return label(out, "network_endpoint_group_id", name);
      case "gce_instance":
        {
          // A GKE node pool stands for its nodes' names (ServiceDeriver.gkeNodePool).
          String node = name.startsWith("gke-") ? "(-[0-9a-f]{8}-[0-9a-z]{4})?" : "";
          out.add(
              entryLabel("compute.googleapis.com/resource_name")
                  + "=~"
                  + Filter.quote("^" + Filter.regexLiteral(name) + node + "$"));
          out.add(
              "protoPayload.resourceName=~"
                  + Filter.quote("/instances/" + Filter.regexLiteral(name) + node + "$"));
          return label(out, "instance_id", name);
        }
      case "gce_router":
        return label(out, "router_id", name);
      case "gce_subnetwork":
        return label(out, "subnetwork_name", name);
      case "nat_gateway":
        return label(out, "gateway_name", name);
      case "dns_query":
        // The zone's name first, the source network only when the entry has none.
        label(out, "target_name", name);
        out.add(
            "(NOT resource.labels.target_name:* OR resource.labels.target_name=\"\")"
                + " AND jsonPayload.sourceNetwork="
                + Filter.quote(name));
        return true;
      case "build":
        return label(out, "build_trigger_id", name);
      case "cloud_scheduler_job":
        return label(out, "job_id", name);
      case "gcs_bucket":
        return label(out, "bucket_name", name);
      case "audited_resource":
      case "api":
        return label(out, "service", name);
      case "bigquery_dataset":
        return label(out, "dataset_id", name);
      case "cloudsql_database":
        return label(out, "database_id", name);
      case "pubsub_topic":
        return pathLabel(out, "topic_id", name);
      case "pubsub_subscription":
        return pathLabel(out, "subscription_id", name);
      case "cloud_tasks_queue":
        return label(out, "queue_id", name);
      case "spanner_instance":
      case "redis_instance":
        return label(out, "instance_id", name);
      default:
        return false; // bigquery_resource and bigquery_project are named by the audit service
    }
  }

  /**
   * {@code namespace/workload}: the namespace, and the workload as the app label, the
   * app.kubernetes.io/name label, the pod name with generated suffixes, or the container name.
   */
  private static boolean kubernetes(String type, String name, List<String> out) {
    if (!kubernetesName(name)) {
      return false;
    }
    int slash = name.indexOf('/');
    String namespace = name.substring(0, slash);
    String workload = name.substring(slash + 1);
    List<String> workloads = new ArrayList<>(4);
    workloads.add(entryLabel("k8s-pod/app") + "=" + Filter.quote(workload));
    workloads.add(entryLabel("k8s-pod/app_kubernetes_io/name") + "=" + Filter.quote(workload));
    workloads.add("resource.labels.pod_name=~" + Filter.quote(podPattern(workload)));
    if (type.equals("k8s_container")) {
      workloads.add("resource.labels.container_name=" + Filter.quote(workload));
    }
    out.add(
        "resource.labels.namespace_name="
            + Filter.quote(namespace)
            + " AND ("
            + String.join(" OR ", workloads)
            + ")");
    return true;
  }

  /** Kubernetes' generated-name alphabet (ServiceDeriver.podWorkload). */
  private static final String GENERATED = "[bcdfghjklmnpqrstvwxz2456789]";

  /**
   * The pods of a workload, as ServiceDeriver.podWorkload strips their names: the workload, then a
   * ReplicaSet hash or a StatefulSet ordinal / CronJob time, then the random suffix.
   */
  private static String podPattern(String workload) {
    return "^"
        + Filter.regexLiteral(workload)
        + "(-("
        + GENERATED
        + "{6,10}|[0-9]+))?(-"
        + GENERATED
        + "{5})?$";
  }

  private static boolean kubernetesName(String name) {
    int slash = name.indexOf('/');
    return slash > 0 && slash < name.length() - 1;
  }

  /** {@code environment} or {@code environment/DAG id} (the task logs' label "workflow"). */
  private static boolean composer(String name, List<String> out) {
    int slash = name.indexOf('/');
    if (slash < 0) {
      return label(out, "environment_name", name);
    }
    out.add(
        "resource.labels.environment_name="
            + Filter.quote(name.substring(0, slash))
            + " AND labels.workflow="
            + Filter.quote(name.substring(slash + 1)));
    return true;
  }

  private static boolean label(List<String> out, String key, String value) {
    out.add("resource.labels." + key + "=" + Filter.quote(value));
    return true;
  }

  /** A label that holds the name or a path ending in it ({@code projects/p/topics/NAME}). */
  private static boolean pathLabel(List<String> out, String key, String name) {
    out.add(
        "resource.labels." + key + "=~" + Filter.quote("(^|/)" + Filter.regexLiteral(name) + "$"));
    return true;
  }

  private static String entryLabel(String key) {
    return FieldPath.of(List.of("labels", key)).toString();
  }
}
