package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** One case per row of docs/service-table.md, through the parser (resource JSON → service). */
@RunWith(JUnit4.class)
public class ServiceDeriverTest {

  private final LogEntryParser parser = new LogEntryParser();

  private String service(String type, String resourceLabels) throws InvalidEntryException {
    return service(type, resourceLabels, "{}", "");
  }

  /** The service of an entry of this resource, entry labels and further top-level fields. */
  static String service(String type, String resourceLabels, String labels, String extra)
      throws InvalidEntryException {
    LogEntryParser parser = new LogEntryParser();
    String json =
        "{\"timestamp\":\"2026-11-20T00:00:00Z\",\"logName\":\"projects/p/logs/app%2Fmain\","
            + "\"resource\":{\"type\":\""
            + type
            + "\",\"labels\":"
            + resourceLabels
            + "},"
            + "\"labels\":"
            + labels
            + extra
            + "}";
    LogEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    return e.service();
  }

  private static final String AUDIT =
      ",\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
          + "\"serviceName\":\"bigquery.googleapis.com\",\"methodName\":\"jobservice.insert\"}";

  @Test
  public void kubernetes() throws Exception {
    assertThat(
            service(
                "k8s_container",
                "{\"namespace_name\":\"shop\",\"container_name\":\"checkout\",\"pod_name\":\"checkout-7d9f8b6c5-x2x7q\"}"))
        .isEqualTo("shop/checkout");
    assertThat(service("k8s_container", "{\"container_name\":\"checkout\"}")).isEqualTo("checkout");
    // a documented type without its labels: the type, never the log name
    assertThat(service("k8s_container", "{}")).isEqualTo("k8s_container");
    // k8s_pod: the app label, else the pod name without generated suffixes
    assertThat(
            service(
                "k8s_pod",
                "{\"namespace_name\":\"shop\",\"pod_name\":\"checkout-7d9f8b6c5-x2x7q\"}",
                "{\"k8s-pod/app\":\"checkout-svc\"}",
                ""))
        .isEqualTo("shop/checkout-svc");
    assertThat(
            service(
                "k8s_pod",
                "{\"namespace_name\":\"shop\",\"pod_name\":\"checkout-7d9f8b6c5-x2x7q\"}"))
        .isEqualTo("shop/checkout");
    assertThat(service("k8s_pod", "{\"namespace_name\":\"db\",\"pod_name\":\"postgres-0\"}"))
        .isEqualTo("db/postgres");
    assertThat(service("k8s_cluster", "{\"cluster_name\":\"prod-gke\"}")).isEqualTo("prod-gke");
  }

  @Test
  public void podWorkload() {
    assertThat(ServiceDeriver.podWorkload("checkout-7d9f8b6c5-x2x7q")).isEqualTo("checkout");
    assertThat(ServiceDeriver.podWorkload("node-exporter-x2x7q"))
        .isEqualTo("node-exporter"); // DaemonSet
    assertThat(ServiceDeriver.podWorkload("web-0")).isEqualTo("web"); // StatefulSet
    assertThat(ServiceDeriver.podWorkload("report-29391840-bdr5k")).isEqualTo("report"); // CronJob
    assertThat(ServiceDeriver.podWorkload("order-worker")).isEqualTo("order-worker"); // a real word
    assertThat(ServiceDeriver.podWorkload("api-server-shard")).isEqualTo("api-server-shard");
    assertThat(ServiceDeriver.podWorkload("standalone")).isEqualTo("standalone");
    // A static pod, one per GKE node and named after it: one service, not one per node.
    assertThat(ServiceDeriver.podWorkload("kube-proxy-gke-shop-gke-default-pool-7d2a1c3b-9xq1"))
        .isEqualTo("kube-proxy");
    assertThat(ServiceDeriver.podWorkload("kube-proxy-gke-prod-pool-1-a6ea5e55-h1ms"))
        .isEqualTo("kube-proxy");
    // Not a node's name after "-gke-": kept as other names are.
    assertThat(ServiceDeriver.podWorkload("sync-gke-config-7d9f8b6c5-x2x7q"))
        .isEqualTo("sync-gke-config");
  }

  @Test
  public void serverless() throws Exception {
    assertThat(
            service(
                "cloud_run_revision",
                "{\"service_name\":\"orders-api\",\"revision_name\":\"orders-api-00042-kux\"}"))
        .isEqualTo("orders-api");
    assertThat(service("cloud_run_job", "{\"job_name\":\"nightly-export\"}"))
        .isEqualTo("nightly-export");
    assertThat(service("cloud_function", "{\"function_name\":\"resize-image\",\"region\":\"eu\"}"))
        .isEqualTo("resize-image");
    assertThat(service("gae_app", "{\"module_id\":\"default\",\"version_id\":\"v1\"}"))
        .isEqualTo("default");
  }

  @Test
  public void loadBalancer() throws Exception {
    assertThat(
            service(
                "http_load_balancer",
                "{\"backend_service_name\":\"shop-backend\",\"url_map_name\":\"shop-map\"}"))
        .isEqualTo("shop-backend");
    assertThat(
            service(
                "http_load_balancer",
                "{\"backend_service_name\":\"\",\"url_map_name\":\"shop-map\"}"))
        .isEqualTo("shop-map");
  }

  @Test
  public void batchAndData() throws Exception {
    assertThat(service("cloud_composer_environment", "{\"environment_name\":\"batch-env\"}"))
        .isEqualTo("batch-env");
    assertThat(
            service(
                "cloud_composer_environment",
                "{\"environment_name\":\"batch-env\"}",
                "{\"workflow\":\"daily_rollup\",\"task-id\":\"load\"}",
                ""))
        .isEqualTo("batch-env/daily_rollup");
    assertThat(
            service(
                "dataflow_step", "{\"job_name\":\"enrich-orders\",\"job_id\":\"2026-11-20_1\"}"))
        .isEqualTo("enrich-orders");
    assertThat(service("cloud_scheduler_job", "{\"job_id\":\"hourly-sync\"}"))
        .isEqualTo("hourly-sync");
    assertThat(service("gcs_bucket", "{\"bucket_name\":\"shop-exports\"}"))
        .isEqualTo("shop-exports");
    assertThat(service("bigquery_dataset", "{\"dataset_id\":\"sales\"}")).isEqualTo("sales");
    assertThat(service("dataproc_cluster", "{\"cluster_name\":\"spark-1\"}")).isEqualTo("spark-1");
    assertThat(service("pubsub_topic", "{\"topic_id\":\"orders\"}")).isEqualTo("orders");
    assertThat(service("pubsub_subscription", "{\"subscription_id\":\"orders-sub\"}"))
        .isEqualTo("orders-sub");
    assertThat(service("cloud_tasks_queue", "{\"queue_id\":\"emails\"}")).isEqualTo("emails");
  }

  /**
   * Data, ML and orchestration products name their job, pipeline or workflow in the resource; their
   * log names ({@code yarn-userlogs}, {@code batch_task_logs}, {@code workerpool0-0}, {@code
   * workflows.googleapis.com/executions_system_log}) are shared by every job of the project.
   */
  @Test
  public void dataAndMlProductsByTheirJobNotTheirLogName() throws Exception {
    assertThat(
            service(
                "cloud_dataproc_cluster",
                "{\"cluster_name\":\"cluster-ca8b\",\"cluster_uuid\":\"4444\",\"region\":\"r\"}"))
        .isEqualTo("cluster-ca8b");
    assertThat(service("cloud_dataproc_batch", "{\"batch_id\":\"daily-1\",\"batch_uuid\":\"7a\"}"))
        .isEqualTo("daily-1");
    assertThat(
            service(
                "batch.googleapis.com/Job",
                "{\"job\":\"nightly-render\",\"job_uid\":\"nightly-render-2e5c\"}"))
        .isEqualTo("nightly-render");
    assertThat(service("batch.googleapis.com/Job", "{\"job_uid\":\"nightly-render-2e5c\"}"))
        .isEqualTo("nightly-render-2e5c");
    assertThat(service("generic_task", "{\"job\":\"nightly-render\",\"task_id\":\"t0\"}"))
        .isEqualTo("nightly-render");
    assertThat(service("ml_job", "{\"job_id\":\"4521\",\"task_name\":\"workerpool0-0\"}"))
        .isEqualTo("4521");
    assertThat(
            service(
                "aiplatform.googleapis.com/PipelineJob",
                "{\"pipeline_job_id\":\"training-1\",\"location\":\"l\"}"))
        .isEqualTo("training-1");
    assertThat(service("aiplatform.googleapis.com/Endpoint", "{\"endpoint_id\":\"8812\"}"))
        .isEqualTo("8812");
    assertThat(
            service(
                "workflows.googleapis.com/Workflow",
                "{\"workflow_id\":\"order-sync\",\"location\":\"l\"}"))
        .isEqualTo("order-sync");
  }

  @Test
  public void infrastructure() throws Exception {
    assertThat(service("gce_instance", "{\"instance_id\":\"4567\",\"zone\":\"europe-west1-b\"}"))
        .isEqualTo("4567");
    assertThat(
            service(
                "gce_instance",
                "{\"instance_id\":\"4567\"}",
                "{\"compute.googleapis.com/resource_name\":\"web-vm-1\"}",
                ""))
        .isEqualTo("web-vm-1");
    assertThat(service("cloudsql_database", "{\"database_id\":\"p:orders-db\"}"))
        .isEqualTo("p:orders-db");
    assertThat(service("spanner_instance", "{\"instance_id\":\"main\"}")).isEqualTo("main");
    // Cloud KMS: the key, not cloudkms.googleapis.com for every key of the project.
    assertThat(
            service(
                "cloudkms_cryptokeyversion",
                "{\"key_ring_id\":\"shop\",\"crypto_key_id\":\"orders-db-key\","
                    + "\"crypto_key_version_id\":\"3\"}"))
        .isEqualTo("orders-db-key");
    assertThat(service("cloudkms_keyring", "{\"key_ring_id\":\"shop\"}")).isEqualTo("shop");
    assertThat(service("redis_instance", "{\"instance_id\":\"cache\"}")).isEqualTo("cache");
    // Memorystore's label is the instance's full path.
    assertThat(
            service(
                "redis_instance",
                "{\"instance_id\":\"projects/p/locations/us-central1/instances/cache\"}"))
        .isEqualTo("cache");
  }

  /** GKE control plane logs: the cluster and the component, never the log id. */
  @Test
  public void controlPlaneComponentsAreTheirClustersComponents() throws Exception {
    assertThat(
            service(
                "k8s_control_plane_component",
                "{\"cluster_name\":\"shop\",\"component_name\":\"apiserver\","
                    + "\"location\":\"us-central1\"}"))
        .isEqualTo("shop/apiserver");
    assertThat(service("k8s_control_plane_component", "{\"cluster_name\":\"shop\"}"))
        .isEqualTo("shop");
  }

  /** A Google API's own resource type is named by the label of its kind, else the type. */
  @Test
  public void googleApiResourcesAreNamedByTheirKindsLabel() throws Exception {
    assertThat(
            service(
                "clouddeploy.googleapis.com/DeliveryPipeline",
                "{\"pipeline_id\":\"web-app\",\"location\":\"us-central1\"}"))
        .isEqualTo("web-app");
    assertThat(
            service(
                "datastream.googleapis.com/Stream",
                "{\"stream_id\":\"orders-cdc\",\"location\":\"us-central1\"}"))
        .isEqualTo("orders-cdc");
    assertThat(service("fleetengine.googleapis.com/Fleet", "{\"location\":\"global\"}"))
        .isEqualTo("fleetengine.googleapis.com/Fleet");
    assertThat(ServiceDeriver.apiResourceIdLabels("clouddeploy.googleapis.com/DeliveryPipeline"))
        .containsExactly("delivery_pipeline_id", "pipeline_id")
        .inOrder();
    assertThat(ServiceDeriver.apiResourceIdLabels("gce_instance")).isEmpty();
  }

  @Test
  public void auditedResources() throws Exception {
    assertThat(service("bigquery_resource", "{}", "{}", AUDIT))
        .isEqualTo("bigquery.googleapis.com");
    assertThat(service("audited_resource", "{\"service\":\"iam.googleapis.com\"}", "{}", AUDIT))
        .isEqualTo("iam.googleapis.com");
    assertThat(service("audited_resource", "{}", "{}", AUDIT)).isEqualTo("bigquery.googleapis.com");
    assertThat(service("project", "{\"project_id\":\"p\"}", "{}", AUDIT))
        .isEqualTo("bigquery.googleapis.com");
    // Not an audit log: serviceName is not consulted; the documented type names itself.
    assertThat(service("bigquery_resource", "{}")).isEqualTo("bigquery_resource");
  }

  @Test
  public void fallbacks() throws Exception {
    assertThat(service("global", "{}")).isEqualTo("app/main"); // undocumented type: LOG_ID
    assertThat(service("cloud_run_revision", "{}")).isEqualTo("cloud_run_revision");
    assertThat(ServiceDeriver.derive("global", Map.of(), Map.of(), "", "")).isEqualTo("global");
    assertThat(ServiceDeriver.derive("", Map.of(), Map.of(), "", "")).isEmpty();
  }

  @Test
  public void workloadNameIsSharedByContainerAndPodEntries() throws Exception {
    String pod = "\"namespace_name\":\"shop\",\"pod_name\":\"checkout-7d9f8b6c5-x2x7q\"";
    assertThat(service("k8s_container", "{" + pod + ",\"container_name\":\"server\"}"))
        .isEqualTo("shop/checkout");
    assertThat(service("k8s_pod", "{" + pod + "}")).isEqualTo("shop/checkout");
    assertThat(
            service(
                "k8s_container",
                "{" + pod + ",\"container_name\":\"server\"}",
                "{\"k8s-pod/app\":\"checkout-svc\"}",
                ""))
        .isEqualTo("shop/checkout-svc");
  }

  @Test
  public void nodesNodePoolsAndNetworks() throws Exception {
    assertThat(
            service(
                "k8s_node",
                "{\"cluster_name\":\"c1\",\"node_name\":\"gke-c1-pool-1a2b3c4d-x9z8\"}"))
        .isEqualTo("c1");
    assertThat(service("gke_nodepool", "{\"cluster_name\":\"c1\",\"nodepool_name\":\"pool\"}"))
        .isEqualTo("c1");
    assertThat(service("gce_subnetwork", "{\"subnetwork_name\":\"west-subnet\"}"))
        .isEqualTo("west-subnet");
    assertThat(service("nat_gateway", "{\"gateway_name\":\"nat-1\",\"router_id\":\"7\"}"))
        .isEqualTo("nat-1");
    assertThat(service("dns_query", "{\"target_name\":\"private-zone\"}"))
        .isEqualTo("private-zone");
    assertThat(
            service(
                "dns_query",
                "{\"target_name\":\"\"}",
                "{}",
                ",\"jsonPayload\":{\"sourceNetwork\":\"prod-vpc\",\"queryType\":\"A\"}"))
        .isEqualTo("prod-vpc");
    assertThat(service("build", "{\"build_id\":\"b1\",\"build_trigger_id\":\"main\"}"))
        .isEqualTo("main");
    assertThat(service("build", "{\"build_id\":\"b1\"}")).isEqualTo("build");
  }

  @Test
  public void loadBalancerTypes() throws Exception {
    String regional =
        "{\"backend_target_name\":\"api-bs\",\"url_map_name\":\"m\",\"forwarding_rule_name\":\"fr\"}";
    assertThat(service("http_external_regional_lb_rule", regional)).isEqualTo("api-bs");
    assertThat(service("internal_http_lb_rule", regional)).isEqualTo("api-bs");
    assertThat(service("internal_http_lb_rule", "{\"forwarding_rule_name\":\"fr\"}"))
        .isEqualTo("fr");
    assertThat(service("l4_proxy_rule", "{\"target_proxy_name\":\"tp\"}")).isEqualTo("tp");
    assertThat(service("tcp_ssl_proxy_rule", "{\"backend_service_name\":\"bs\"}")).isEqualTo("bs");
    assertThat(
            service(
                "loadbalancing.googleapis.com/InternalNetworkLoadBalancerRule",
                "{\"forwarding_rule_name\":\"ilb\"}"))
        .isEqualTo("ilb");
  }

  @Test
  public void gceInstanceAuditLogsNameTheVm() throws Exception {
    String audit =
        ",\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
            + "\"serviceName\":\"compute.googleapis.com\",\"methodName\":\"v1.compute.instances.setMetadata\","
            + "\"resourceName\":\"projects/p/zones/z/instances/web-vm-2\"}";
    assertThat(service("gce_instance", "{\"instance_id\":\"4567\"}", "{}", audit))
        .isEqualTo("web-vm-2");
  }

  /**
   * A generic_node entry (what a custom agent writes for a host outside Google Cloud) is named by
   * its node, and without one by its type: never by its log name, which other resources share.
   */
  @Test
  public void aGkeNodePoolsInstanceGroupIsThePoolAndAServiceAccountItsEmail() throws Exception {
    String group = "{\"instance_group_manager_name\":\"%s\",\"location\":\"europe-west1-b\"}";
    assertThat(
            service(
                "gce_instance_group_manager",
                String.format(group, "gke-gke2-default-pool-11b6ca8e-grp")))
        .isEqualTo("gke-gke2-default-pool");
    assertThat(service("gce_instance_group_manager", String.format(group, "web-backend-mig")))
        .isEqualTo("web-backend-mig");
    assertThat(service("gce_instance_group_manager", String.format(group, "gke-x-zz-grp")))
        .isEqualTo("gke-x-zz-grp");
    assertThat(
            service(
                "service_account",
                "{\"email_id\":\"etl@p.iam.gserviceaccount.com\",\"unique_id\":\"1031\"}"))
        .isEqualTo("etl@p.iam.gserviceaccount.com");
  }

  @Test
  public void anAppEngineFlexibleInstanceIsItsVersion() throws Exception {
    String vm = "{\"instance_id\":\"1\"}";
    String named = "{\"compute.googleapis.com/resource_name\":\"%s\"}";
    assertThat(
            service(
                "gce_instance", vm, String.format(named, "aef-backend-20180822t164014-b75j"), ""))
        .isEqualTo("aef-backend-20180822t164014");
    assertThat(service("gce_instance", vm, String.format(named, "aef-x-B75J"), ""))
        .isEqualTo("aef-x-B75J");
    // Another name with such a suffix is a managed instance group's VM: its base name.
    assertThat(service("gce_instance", vm, String.format(named, "web-1-b75j"), ""))
        .isEqualTo("web-1");
    assertThat(service("gce_instance", vm, String.format(named, "web-1-b75jx"), ""))
        .isEqualTo("web-1-b75jx");
  }

  @Test
  public void genericNodesAreNamedByTheirNode() throws Exception {
    assertThat(
            service(
                "generic_node",
                "{\"location\":\"dc1\",\"namespace\":\"edge\",\"node_id\":\"edge-router-4\"}"))
        .isEqualTo("edge-router-4");
    assertThat(service("generic_node", "{\"namespace\":\"edge\",\"node_id\":\"\"}"))
        .isEqualTo("edge");
    assertThat(service("generic_node", "{\"location\":\"\",\"namespace\":\"\",\"node_id\":\"\"}"))
        .isEqualTo("generic_node");
  }

  /**
   * A VM's journald entry without the resource_name label (written by an agent that does not add
   * it) is named by the host journald recorded, not by the numeric instance id.
   */
  @Test
  public void gceInstanceJournaldEntriesNameTheHost() throws Exception {
    String journal =
        ",\"jsonPayload\":{\"_HOSTNAME\":\"%s\",\"SYSLOG_IDENTIFIER\":\"kubelet\","
            + "\"MESSAGE\":\"I0415 06:18:20.943836    1243 kubelet_getters.go:177] status\"}";
    String vm = "{\"instance_id\":\"1437928523886234104\",\"zone\":\"us-central1-a\"}";
    assertThat(service("gce_instance", vm, "{}", String.format(journal, "web-vm-3")))
        .isEqualTo("web-vm-3");
    // A zonal or global DNS name is the instance name plus domains.
    assertThat(
            service(
                "gce_instance",
                vm,
                "{}",
                String.format(journal, "web-vm-3.us-central1-a.c.my-project.internal")))
        .isEqualTo("web-vm-3");
    assertThat(
            service(
                "gce_instance",
                vm,
                "{}",
                String.format(journal, "gke-k8s-demo-default-pool-8eece21e-z6er")))
        .isEqualTo("gke-k8s-demo-default-pool");
    // The label still wins, and a journald entry without a host keeps the id.
    assertThat(
            service(
                "gce_instance",
                vm,
                "{\"compute.googleapis.com/resource_name\":\"web-vm-4\"}",
                String.format(journal, "web-vm-3")))
        .isEqualTo("web-vm-4");
    assertThat(service("gce_instance", vm, "{}", String.format(journal, "")))
        .isEqualTo("1437928523886234104");
  }

  @Test
  public void aGkeNodeIsItsNodePool() throws Exception {
    String node = "{\"instance_id\":\"1\"}";
    String named = "{\"compute.googleapis.com/resource_name\":\"%s\"}";
    assertThat(
            service(
                "gce_instance",
                node,
                String.format(named, "gke-shop-default-pool-a6ea5e55-h1ms"),
                ""))
        .isEqualTo("gke-shop-default-pool");
    // The same shape without the gke- prefix is another group's VM: only its suffix goes.
    assertThat(service("gce_instance", node, String.format(named, "web-pool-a6ea5e55-h1ms"), ""))
        .isEqualTo("web-pool-a6ea5e55");
    assertThat(service("gce_instance", node, String.format(named, "gke-shop-default-pool-x"), ""))
        .isEqualTo("gke-shop-default-pool-x");
  }

  @Test
  public void aDataflowJobWithBeamsGeneratedNameIsOneServiceForEveryRun() throws Exception {
    assertThat(service("dataflow_step", "{\"job_name\":\"app-kolban-1028200711-651c29be\"}"))
        .isEqualTo("app-kolban");
    assertThat(service("dataflow_step", "{\"job_name\":\"enrich-orders\"}"))
        .isEqualTo("enrich-orders");
    // Beam Python's: beamapp-<user>-MMddHHmmss-<microseconds>[-<8 random>] (real jobs' names in
    // Dataflow quickstart transcripts: Beam's "Create job" lines).
    for (String run :
        List.of(
            "beamapp-root-0615034240-673992-ksvejvim",
            "beamapp-root-0630102022-747304-i8vre7kn",
            "beamapp-root-0421134835-190770")) {
      assertThat(service("dataflow_step", "{\"job_name\":\"" + run + "\"}"))
          .isEqualTo("beamapp-root");
    }
    assertThat(
            service(
                "dataflow_step",
                "{\"job_name\":\"beamapp-gaussjatta1-0427213440-949257-05az4ftp\"}"))
        .isEqualTo("beamapp-gaussjatta1");
    // A run's date and time, as launchers name runs.
    assertThat(service("dataflow_step", "{\"job_name\":\"nightly-20261204-0615\"}"))
        .isEqualTo("nightly");
    assertThat(service("dataflow_step", "{\"job_name\":\"daily-etl-20261205-0600\"}"))
        .isEqualTo("daily-etl");
    assertThat(service("dataflow_step", "{\"job_name\":\"wordcount-2026-12-05t06-00-00\"}"))
        .isEqualTo("wordcount");
    assertThat(service("dataflow_step", "{\"job_name\":\"wordcount-2026-12-05t06-00-00z\"}"))
        .isEqualTo("wordcount");
    assertThat(service("dataflow_step", "{\"job_name\":\"report-20261205\"}")).isEqualTo("report");
    assertThat(service("dataflow_step", "{\"job_name\":\"load-20261205060000\"}"))
        .isEqualTo("load");
    // Trailing numbers that are part of the name, or not a date, stay.
    for (String kept :
        List.of(
            "etl-v2",
            "pipeline-3",
            "etl-2026",
            "backfill-20261305",
            "load-20261205-eu",
            "20261205-0600",
            "orders-12345678")) {
      assertThat(service("dataflow_step", "{\"job_name\":\"" + kept + "\"}")).isEqualTo(kept);
    }
    // A launcher's run id (a real job name seen in a job-message log): a UUID without dashes.
    assertThat(
            service(
                "dataflow_step",
                "{\"job_name\":\"ssp-ing-nscvtefsspchgbalb2ctb-f839676e7fa846079643416473ad8da9\"}"))
        .isEqualTo("ssp-ing-nscvtefsspchgbalb2ctb");
    assertThat(
            service("dataflow_step", "{\"job_name\":\"ingest-f839676e7fa846079643416473ad8dz9\"}"))
        .isEqualTo("ingest-f839676e7fa846079643416473ad8dz9");
    // Airflow's DataflowHook appends "-" and a UUID's first 8 hex digits to every run's name.
    assertThat(service("dataflow_step", "{\"job_name\":\"preprocess-tfrecords-5d3c2b1a\"}"))
        .isEqualTo("preprocess-tfrecords");
    assertThat(service("dataflow_step", "{\"job_name\":\"export-cafebabe\"}"))
        .isEqualTo("export-cafebabe");
    // Epoch seconds and milliseconds.
    assertThat(service("dataflow_step", "{\"job_name\":\"preprocess-1764640800\"}"))
        .isEqualTo("preprocess");
    assertThat(service("dataflow_step", "{\"job_name\":\"preprocess-1764640800123\"}"))
        .isEqualTo("preprocess");
  }

  @Test
  public void otherBatchJobsAreOneServiceForEveryRun() throws Exception {
    // Vertex AI Pipelines name a run <pipeline name>-<YYYYMMDDhhmmss> unless told otherwise.
    assertThat(
            service(
                "aiplatform.googleapis.com/PipelineJob",
                "{\"pipeline_job_id\":\"train-pipeline-20261202020000\"}"))
        .isEqualTo("train-pipeline");
    assertThat(service("cloud_dataproc_batch", "{\"batch_id\":\"daily-features-20261202\"}"))
        .isEqualTo("daily-features");
    assertThat(service("batch.googleapis.com/Job", "{\"job\":\"nightly-inference-20261201\"}"))
        .isEqualTo("nightly-inference");
    assertThat(service("cloud_dataproc_batch", "{\"batch_id\":\"orders-etl\"}"))
        .isEqualTo("orders-etl");
    // A scheduled query or transfer is its config (every run's entries carry it), not the API.
    assertThat(
            service(
                "bigquery_dts_config",
                "{\"project_id\":\"p\",\"location\":\"us\",\"config_id\":\"6353fd5e-0000-2a4a\"}"))
        .isEqualTo("6353fd5e-0000-2a4a");
  }

  @Test
  public void pubsubAndRouterEntriesAreNamedByTheirResource() throws Exception {
    assertThat(service("pubsub_topic", "{\"topic_id\":\"projects/p/topics/orders\"}"))
        .isEqualTo("orders");
    assertThat(service("pubsub_subscription", "{\"subscription_id\":\"orders-sub\"}"))
        .isEqualTo("orders-sub");
    assertThat(service("gce_router", "{\"router_id\":\"3291001\",\"region\":\"us-east1\"}"))
        .isEqualTo("3291001");
  }
}
