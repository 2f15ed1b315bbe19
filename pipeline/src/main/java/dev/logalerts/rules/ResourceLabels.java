package dev.logalerts.rules;

import dev.logalerts.filter.Filter;
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
    String why = absentLabel(r, k);
    return why == null
        ? null
        : "groupBy " + k + ": " + why + ", so every entry is in the group (none)";
  }

  /**
   * Notes for the resource labels the rule's filter reads that none of the types it requires has
   * ({@code resource.labels.contianer_name}): a clause on one is never true of them (or always,
   * negated), as a misspelt label usually is not meant.
   */
  static List<String> missingFilterLabels(Rule r) {
    List<String> notes = new ArrayList<>();
    if (r.filter() == null) {
      return notes;
    }
    for (FieldPath p : Filter.fieldsRead(r.filter())) {
      String k = p.toString();
      String why = absentLabel(r, k);
      if (why != null) {
        notes.add("filter reads " + k + ": " + why + ", so no entry of theirs has it");
      }
    }
    return notes;
  }

  /**
   * Why resource label key {@code k} ({@code resource.labels.x}) is absent from every entry the
   * rule's filter lets through: the types it requires, and theirs; null when one has it, or when
   * the types are not all known.
   */
  private static @Nullable String absentLabel(Rule r, String k) {
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
    return String.join(", ", types)
        + " entries have no label '"
        + label
        + "'"
        + KeyHints.hint(label, known)
        + " (theirs: "
        + String.join(", ", known)
        + ")";
  }
}
