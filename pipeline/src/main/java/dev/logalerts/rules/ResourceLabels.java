package dev.logalerts.rules;

import dev.logalerts.filter.Prerequisites;
import dev.logalerts.model.FieldPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The labels of the monitored resource types rules most often name, as Cloud Logging's resource
 * list gives them (https://cloud.google.com/logging/docs/api/v2/resource-list): a rule whose filter
 * pins such a type and groups by a label none of them has ({@code resource.labels.pod} for {@code
 * k8s_container}, whose label is {@code pod_name}) puts every entry in the group {@code (none)}.
 */
final class ResourceLabels {
  private ResourceLabels() {}

  private static final Map<String, List<String>> LABELS =
      Map.ofEntries(
          Map.entry(
              "k8s_container",
              List.of(
                  "project_id",
                  "location",
                  "cluster_name",
                  "namespace_name",
                  "pod_name",
                  "container_name")),
          Map.entry(
              "k8s_pod",
              List.of("project_id", "location", "cluster_name", "namespace_name", "pod_name")),
          Map.entry("k8s_node", List.of("project_id", "location", "cluster_name", "node_name")),
          Map.entry("k8s_cluster", List.of("project_id", "location", "cluster_name")),
          Map.entry("gce_instance", List.of("project_id", "instance_id", "zone")),
          Map.entry(
              "cloud_run_revision",
              List.of(
                  "project_id", "service_name", "revision_name", "location", "configuration_name")),
          Map.entry("cloud_run_job", List.of("project_id", "job_name", "location")),
          Map.entry(
              "http_load_balancer",
              List.of(
                  "project_id",
                  "forwarding_rule_name",
                  "url_map_name",
                  "target_proxy_name",
                  "backend_service_name",
                  "zone")),
          Map.entry("cloud_function", List.of("project_id", "function_name", "region")),
          Map.entry("gae_app", List.of("project_id", "module_id", "version_id", "zone")),
          Map.entry(
              "cloud_composer_environment", List.of("project_id", "location", "environment_name")),
          Map.entry("cloudsql_database", List.of("project_id", "database_id", "region")));

  private static final FieldPath RESOURCE_TYPE = FieldPath.parse("resource.type");

  /**
   * A note when {@code groupBy} key {@code k} is a resource label that none of the resource types
   * the rule's filter requires has; null when it has, or when the types are not all known.
   */
  static @Nullable String missingLabel(Rule r, String k) {
    if (!k.startsWith("resource.labels.") || r.filter() == null) {
      return null;
    }
    String label = k.substring("resource.labels.".length());
    Set<String> types = Prerequisites.of(r.filter()).equalities().get(RESOURCE_TYPE);
    if (types == null || types.isEmpty()) {
      return null;
    }
    List<String> known = new ArrayList<>();
    for (String t : types) {
      List<String> labels = LABELS.get(t);
      if (labels == null || labels.contains(label)) {
        return null;
      }
      for (String l : labels) {
        if (!known.contains(l)) {
          known.add(l);
        }
      }
    }
    return "groupBy "
        + k
        + ": "
        + String.join(", ", types)
        + " entries have no label '"
        + label
        + "'"
        + KeyHints.hint(label, known)
        + " (theirs: "
        + String.join(", ", known)
        + "), so every entry is in the group (none)";
  }
}
