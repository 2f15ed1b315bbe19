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
    boolean workload = resourceType.equals("k8s_container") || resourceType.equals("k8s_pod");
    if (workload && !kubernetesName(service)) {
      return ""; // a namespace or a workload alone: which one cannot be told
    }
    List<String> choices = new ArrayList<>(4);
    byResource(resourceType, service, choices);
    if (logId.equals(AccessTransparencyFamily.LOG_ID)) {
      // Named by the product accessed (LogFamilies.payloadService).
      choices.add(FamilyFields.path(FamilyFields.J_AT_PRODUCT) + "=" + Filter.quote(service));
    } else if (logId.startsWith(AUDIT_LOG_PREFIX) && service.indexOf('.') > 0) {
      // An audit log whose resource labels are missing is named by its service name; so is any
      // audit log of a type the deriver does not know. Service names have a dot
      // (cloudsql.googleapis.com, k8s.io); a name without one came from a label.
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
   * Adds the restrictions under which {@code byResource} gives {@code name} for this type; none for
   * a type it does not know.
   */
  private static void byResource(String type, String name, List<String> out) {
    switch (type) {
      case "k8s_container":
      case "k8s_pod":
        kubernetes(type, name, out);
        return;
      case "cloud_composer_environment":
        labelOrBoth(out, name, name.indexOf('/'), "environment_name", "labels.workflow");
        return;
      case "dataflow_step":
        runs(out, "job_name", name);
        return;
      case "cloud_dataproc_batch":
        runs(out, "batch_id", name);
        return;
      case "batch.googleapis.com/Job":
        runs(out, "job", name);
        runs(out, "job_uid", name);
        return;
      case "aiplatform.googleapis.com/PipelineJob":
        runs(out, "pipeline_job_id", name);
        return;
      case "gce_instance":
        {
          // A VM's name stands for a group's generated names: a GKE node pool for its nodes', an
          // App Engine flexible version for its instances', a base name for its managed
          // instances' (VmNames.vmService).
          String suffix = "-" + VmNames.MANAGED_INSTANCE_SUFFIX;
          String node =
              name.startsWith("gke-")
                  ? "(-[0-9a-f]{8}-[0-9a-z]{4}|" + suffix + ")?"
                  : name.startsWith("aef-") ? "(-[0-9a-z]{4})?" : "(" + suffix + ")?";
          String vm = Filter.regexLiteral(name) + node;
          out.add(
              entryLabel("compute.googleapis.com/resource_name")
                  + "=~"
                  + Filter.quote("^" + vm + "$"));
          out.add("protoPayload.resourceName=~" + Filter.quote("/instances/" + vm + "(/|$)"));
          out.add("jsonPayload._HOSTNAME=~" + Filter.quote("^" + vm + "([.]|$)"));
          label(out, "instance_id", name);
          out.add(entryLabel("instance_name") + "=~" + Filter.quote("^" + vm + "$"));
          // A managed instance group: the agents' label, or the group an audit log names.
          if (name.startsWith("gke-")) {
            String pool = "^" + Filter.regexLiteral(name) + "(-[0-9a-f]{8}-grp)?$";
            out.add(entryLabel(VmNames.MIG_NAME_LABEL) + "=~" + Filter.quote(pool));
            out.add(FamilyFields.path(FamilyFields.P_IGM_NAME) + "=~" + Filter.quote(pool));
          } else {
            out.add(entryLabel(VmNames.MIG_NAME_LABEL) + "=" + Filter.quote(name));
            out.add(FamilyFields.path(FamilyFields.P_IGM_NAME) + "=" + Filter.quote(name));
          }
          String group =
              Filter.regexLiteral(name) + (name.startsWith("gke-") ? "(-[0-9a-f]{8}-grp)?" : "");
          out.add(
              FamilyFields.path(FamilyFields.P_STATUS_MESSAGE)
                  + "=~"
                  + Filter.quote(
                      "^"
                          + Filter.regexLiteral(LogFamilies.IGM_STATUS_PREFIX)
                          + "([^']*/)?"
                          + group
                          + "'"));
          return;
        }
      case "gce_instance_group_manager":
        out.add(
            "resource.labels.instance_group_manager_name=~"
                + Filter.quote(
                    "^"
                        + Filter.regexLiteral(name)
                        + (name.startsWith("gke-") ? "(-[0-9a-f]{8}-grp)?" : "")
                        + "$"));
        return;
      case "dns_query":
        // The zone's name first, the source network only when the entry has none.
        label(out, "target_name", name);
        out.add(
            "(NOT resource.labels.target_name:* OR resource.labels.target_name=\"\")"
                + " AND jsonPayload.sourceNetwork="
                + Filter.quote(name));
        return;
      case "pubsub_topic":
        pathLabel(out, "topic_id", name);
        return;
      case "pubsub_subscription":
        pathLabel(out, "subscription_id", name);
        return;
      case "redis_instance":
        pathLabel(out, "instance_id", name);
        return;
      case "k8s_cluster":
        if (kubernetesName(name)) {
          // An event named by its object (ServiceDeriver: LogFamilies.payloadName).
          int slash = name.indexOf('/');
          out.add(
              "jsonPayload.involvedObject.namespace="
                  + Filter.quote(name.substring(0, slash))
                  + " AND jsonPayload.involvedObject.name=~"
                  + Filter.quote(podPattern(name.substring(slash + 1))));
        } else {
          label(out, "cluster_name", name);
        }
        return;
      case "k8s_control_plane_component":
        controlPlane(out, name);
        return;
      default:
        // The first non-empty of several labels: any of them may hold the name.
        List<String> keys = ServiceDeriver.NAME_LABELS.get(type);
        for (String key : keys != null ? keys : ServiceDeriver.apiResourceIdLabels(type)) {
          label(out, key, name);
        }
    }
  }

  /** The runs of a batch job: its name, alone or with a run's suffix (ServiceDeriver). */
  private static void runs(List<String> out, String key, String name) {
    label(out, key, name);
    out.add(
        "resource.labels."
            + key
            + "=~"
            + Filter.quote(
                "^" + Filter.regexLiteral(name) + "-" + ServiceDeriver.RUN_SUFFIX + "$"));
  }

  /**
   * {@code namespace/workload}: the namespace, and the workload as the app label, the
   * app.kubernetes.io/name label, the k8s-app label, the pod name with generated suffixes, or the
   * container name.
   */
  private static void kubernetes(String type, String name, List<String> out) {
    int slash = name.indexOf('/');
    String namespace = name.substring(0, slash);
    String workload = name.substring(slash + 1);
    List<String> workloads = new ArrayList<>(5);
    workloads.add(entryLabel("k8s-pod/app") + "=" + Filter.quote(workload));
    workloads.add(entryLabel("k8s-pod/app_kubernetes_io/name") + "=" + Filter.quote(workload));
    workloads.add(entryLabel("k8s-pod/k8s-app") + "=" + Filter.quote(workload));
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
  }

  /** Kubernetes' generated-name alphabet (ServiceDeriver.podWorkload). */
  private static final String GENERATED = "[bcdfghjklmnpqrstvwxz2456789]";

  /**
   * The pods of a workload, as ServiceDeriver.podWorkload strips their names: the workload, a
   * dotted version, then a ReplicaSet hash or a StatefulSet ordinal / CronJob time, then the random
   * suffix; or the workload and a GKE node's name (a static pod).
   */
  private static String podPattern(String workload) {
    return "^"
        + Filter.regexLiteral(workload)
        + "(-v[0-9]+([.][0-9]+)+)?(-gke-[-0-9a-z]+-[0-9a-f]{8}-[0-9a-z]{4}|(-("
        + GENERATED
        + "{6,10}|[0-9]+))?(-"
        + GENERATED
        + "{5})?)$";
  }

  private static boolean kubernetesName(String name) {
    int slash = name.indexOf('/');
    return slash > 0 && slash < name.length() - 1;
  }

  /**
   * {@code first} or {@code first/second}, split at {@code slash}: the resource label {@code
   * firstKey} alone, or with {@code secondField} (a Composer environment and its task logs' label
   * "workflow", a GKE cluster and its control plane component).
   */
  private static void labelOrBoth(
      List<String> out, String name, int slash, String firstKey, String secondField) {
    if (slash < 0) {
      label(out, firstKey, name);
      return;
    }
    out.add(
        "resource.labels."
            + firstKey
            + "="
            + Filter.quote(name.substring(0, slash))
            + " AND "
            + secondField
            + "="
            + Filter.quote(name.substring(slash + 1)));
  }

  /**
   * {@code cluster/component}, or the cluster alone. A GKE multi-cloud cluster's name has a slash
   * of its own ({@code awsClusters/shop}, {@code azureClusters/shop}): the component is what
   * follows the last slash, and {@code awsClusters/shop} may also be such a cluster without a
   * component.
   */
  private static void controlPlane(List<String> out, String name) {
    int slash = name.lastIndexOf('/');
    labelOrBoth(out, name, slash, "cluster_name", "resource.labels.component_name");
    if (slash < 0 || name.indexOf('/') < slash || !name.substring(0, slash).endsWith("Clusters")) {
      return;
    }
    out.add(
        "resource.labels.cluster_name="
            + Filter.quote(name)
            + " AND (NOT resource.labels.component_name:* OR resource.labels.component_name=\"\")");
  }

  private static void label(List<String> out, String key, String value) {
    out.add("resource.labels." + key + "=" + Filter.quote(value));
  }

  /** A label that holds the name or a path ending in it ({@code projects/p/topics/NAME}). */
  private static void pathLabel(List<String> out, String key, String name) {
    out.add(
        "resource.labels." + key + "=~" + Filter.quote("(^|/)" + Filter.regexLiteral(name) + "$"));
  }

  private static String entryLabel(String key) {
    return FieldPath.of(List.of("labels", key)).toString();
  }
}
