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
public final class ResourceLabels {
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
          Map.entry("cloudsql_database", List.of("project_id", "database_id", "region")),
          // Batch and ML workloads, which deadline and absence rules watch.
          Map.entry(
              "dataflow_step", List.of("project_id", "job_id", "step_id", "job_name", "region")),
          Map.entry("ml_job", List.of("project_id", "job_id", "task_name")),
          Map.entry(
              "aiplatform.googleapis.com/PipelineJob",
              List.of("resource_container", "location", "pipeline_job_id")),
          Map.entry(
              "batch.googleapis.com/Job",
              List.of("resource_container", "location", "job", "job_uid")),
          Map.entry(
              "cloud_dataproc_cluster",
              List.of("project_id", "cluster_name", "cluster_uuid", "region")),
          Map.entry(
              "cloud_dataproc_batch", List.of("project_id", "batch_id", "batch_uuid", "location")),
          Map.entry("cloud_scheduler_job", List.of("project_id", "job_id", "location")),
          Map.entry("bigquery_dts_config", List.of("project_id", "config_id", "location")),
          Map.entry("build", List.of("project_id", "build_id", "build_trigger_id")),
          Map.entry(
              "cloud_tasks_queue", List.of("project_id", "queue_id", "target_type", "location")),
          Map.entry("gcs_bucket", List.of("project_id", "bucket_name", "location")),
          Map.entry("pubsub_topic", List.of("project_id", "topic_id")),
          Map.entry("pubsub_subscription", List.of("project_id", "subscription_id")));

  private static final FieldPath RESOURCE_TYPE = FieldPath.parse("resource.type");

  /**
   * Group keys whose value is one run of a batch workload, by resource type: a run's id, and for
   * {@code ml_job} the service too (its entries name no job but the run's id).
   */
  private static final Map<String, List<String>> PER_RUN =
      Map.of(
          "ml_job", List.of("service", "resource.labels.job_id"),
          "dataflow_step", List.of("resource.labels.job_id"),
          "batch.googleapis.com/Job", List.of("resource.labels.job_uid"),
          "cloud_dataproc_batch", List.of("resource.labels.batch_uuid"),
          "build", List.of("resource.labels.build_id"));

  /**
   * The first group key of {@code r} whose values are runs of a batch workload for every resource
   * type its filter requires (each run a group of its own), with those types; null when none.
   */
  public static @Nullable String perRunGroup(Rule r) {
    if (r.filter() == null) {
      return null;
    }
    Set<String> types = Prerequisites.of(r.filter()).equalities().get(RESOURCE_TYPE);
    if (types == null || types.isEmpty()) {
      return null;
    }
    for (String k : r.groupBy()) {
      boolean everyType = true;
      for (String t : types) {
        everyType &= PER_RUN.getOrDefault(t, List.of()).contains(k);
      }
      if (everyType) {
        return "groupBy "
            + k
            + ": the "
            + k
            + " of every "
            + String.join(" or ", types)
            + " entry is its run";
      }
    }
    return null;
  }

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
