package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The restriction of a service reads {@link ServiceDeriver} backwards. */
@RunWith(JUnit4.class)
public class ServiceScopeTest {
  private final LogEntryParser parser = new LogEntryParser();

  private LogEvent parse(String json) throws Exception {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String scope(LogEvent e) {
    return ServiceScope.of(e.resourceType(), e.logId(), e.service());
  }

  private static final String RUN =
      "{\"timestamp\":\"2026-12-04T06:00:00Z\",\"logName\":\"projects/p/logs/run.googleapis.com%%2Fstdout\","
          + "\"resource\":{\"type\":\"cloud_run_revision\",\"labels\":{\"service_name\":\"%s\"}},\"textPayload\":\"Saved"
          + " 1\"}";

  @Test
  public void aCloudRunServiceIsItsServiceName() throws Exception {
    LogEvent mine = parse(String.format(RUN, "datastore-test"));
    LogEvent other = parse(String.format(RUN, "checkout"));
    String scope = scope(mine);
    assertThat(scope).isEqualTo("resource.labels.service_name=\"datastore-test\"");
    CompiledFilter f = Filter.compile(scope);
    assertThat(f.test(mine)).isTrue();
    assertThat(f.test(other)).isFalse();
  }

  private static final String POD =
      "{\"timestamp\":\"2026-12-04T06:00:00Z\",\"logName\":\"projects/p/logs/stdout\","
          + "\"resource\":{\"type\":\"k8s_container\",\"labels\":{\"namespace_name\":\"%s\","
          + "\"pod_name\":\"%s\",\"container_name\":\"%s\"}},%s\"textPayload\":\"x\"}";

  @Test
  public void aWorkloadIsMatchedWhicheverWayItWasNamed() throws Exception {
    LogEvent byLabel =
        parse(
            String.format(POD, "shop", "web-1", "main", "\"labels\":{\"k8s-pod/app\":\"cart\"},"));
    LogEvent byPod = parse(String.format(POD, "shop", "cart-7d9f8b6c5-x2x7q", "main", ""));
    LogEvent byContainer = parse(String.format(POD, "shop", "", "cart", ""));
    LogEvent otherNamespace = parse(String.format(POD, "ops", "cart-7d9f8b6c5-x2x7q", "main", ""));
    LogEvent otherWorkload = parse(String.format(POD, "shop", "cartography-0", "main", ""));
    LogEvent longerName =
        parse(String.format(POD, "shop", "cart-reminders-7d9f8b6c5-x2x7q", "main", ""));
    LogEvent statefulPod = parse(String.format(POD, "shop", "cart-0", "main", ""));
    for (LogEvent e : new LogEvent[] {byLabel, byPod, byContainer}) {
      assertThat(e.service()).isEqualTo("shop/cart");
      assertWithMessage("%s", e.resourceLabels()).that(Filter.compile(scope(e)).test(e)).isTrue();
    }
    CompiledFilter f = Filter.compile(scope(byPod));
    assertThat(f.test(otherNamespace)).isFalse();
    assertThat(f.test(otherWorkload)).isFalse();
    assertThat(longerName.service()).isEqualTo("shop/cart-reminders");
    assertThat(f.test(longerName)).isFalse();
    assertThat(statefulPod.service()).isEqualTo("shop/cart");
    assertThat(f.test(statefulPod)).isTrue();
  }

  // The kube-system add-on's Deployment is named by version, its pods labelled k8s-app:
  // https://github.com/kubernetes/kubernetes/blob/master/cluster/addons/metrics-server/metrics-server-deployment.yaml
  // (metrics-server-v0.5.2); a v0.3.6 pod: https://github.com/kubernetes/kubernetes/issues/94710.
  // Its line: https://github.com/kubernetes-sigs/metrics-server/issues/1089
  private static final String ADDON =
      "{\"timestamp\":\"2022-09-14T04:31:20Z\",\"logName\":\"projects/p/logs/stderr\","
          + "\"resource\":{\"type\":\"k8s_container\",\"labels\":{\"namespace_name\":\"kube-system\","
          + "\"pod_name\":\"%s\",\"container_name\":\"%s\"}},\"labels\":{\"k8s-pod/k8s-app\":\"%s\"},\"severity\":\"ERROR\",\"jsonPayload\":{\"pid\":\"1\",\"message\":\"\\\"Failed"
          + " to scrape node\\\" err=\\\"Get"
          + " \\\\\\\"https://10.100.101.20:10250/metrics/resource\\\\\\\": remote error: tls:"
          + " internal error\\\" node=\\\"ip-10-100-101-20.ec2.internal\\\"\"}}";

  /** An add-on upgraded by GKE stays one service; its scope is its k8s-app label. */
  @Test
  public void anAddOnIsItsK8sAppLabelAcrossVersions() throws Exception {
    LogEvent v5 =
        parse(
            String.format(
                ADDON,
                "metrics-server-v0.5.2-6bf74b5d5f-8ntqj",
                "metrics-server",
                "metrics-server"));
    LogEvent v3 =
        parse(
            String.format(
                ADDON,
                "metrics-server-v0.3.6-86b7b5b85d-bw7x4",
                "metrics-server",
                "metrics-server"));
    LogEvent dns = parse(String.format(ADDON, "kube-dns-5c8f9c8d5b-x2x7q", "kubedns", "kube-dns"));
    assertThat(v5.service()).isEqualTo("kube-system/metrics-server");
    assertThat(v3.service()).isEqualTo("kube-system/metrics-server");
    assertThat(dns.service()).isEqualTo("kube-system/kube-dns");
    CompiledFilter f = Filter.compile(scope(v5));
    assertThat(f.test(v5)).isTrue();
    assertThat(f.test(v3)).isTrue();
    assertThat(f.test(dns)).isFalse();
    // Without the label (an entry of the pod, as its events are), the pod name without the
    // add-on's version: the same service, and the scope still matches it.
    LogEvent unlabelled =
        parse(
            String.format(ADDON, "metrics-server-v0.3.6-86b7b5b85d-bw7x4", "metrics-server", "x")
                .replace("{\"k8s-pod/k8s-app\":\"x\"}", "{}"));
    assertThat(unlabelled.service()).isEqualTo("kube-system/metrics-server");
    assertThat(f.test(unlabelled)).isTrue();
    // A version without a dot names a workload of its own (Istio's bookinfo: reviews-v2).
    assertThat(ServiceDeriver.podWorkload("reviews-v2-5b8f9c7d6-x2x7q")).isEqualTo("reviews-v2");
    assertThat(ServiceDeriver.podWorkload("metrics-server-v0.5.2")).isEqualTo("metrics-server");
    assertThat(ServiceDeriver.podWorkload("vault-1.2-0")).isEqualTo("vault-1.2");
  }

  /** GKE's kube-proxy runs as a static pod on each node, named after it: one workload. */
  @Test
  public void aStaticPodOnEachNodeIsOneWorkload() throws Exception {
    LogEvent one =
        parse(
            String.format(
                POD,
                "kube-system",
                "kube-proxy-gke-shop-default-pool-7d2a1c3b-9xq1",
                "kube-proxy",
                ""));
    LogEvent other =
        parse(
            String.format(
                POD,
                "kube-system",
                "kube-proxy-gke-shop-spot-pool-0e1f2a3b-h1ms",
                "kube-proxy",
                ""));
    LogEvent notProxy =
        parse(String.format(POD, "kube-system", "kube-proxy-agent-x2x7q", "agent", ""));
    assertThat(one.service()).isEqualTo("kube-system/kube-proxy");
    assertThat(other.service()).isEqualTo("kube-system/kube-proxy");
    CompiledFilter f = Filter.compile(scope(one));
    assertThat(f.test(one)).isTrue();
    assertThat(f.test(other)).isTrue();
    assertThat(f.test(notProxy)).isFalse();
  }

  @Test
  public void anAuditLogWithoutLabelsIsNamedByItsServiceName() throws Exception {
    LogEvent e =
        parse(
            "{\"timestamp\":\"2026-12-04T06:00:00Z\","
                + "\"logName\":\"projects/p/logs/cloudaudit.googleapis.com%2Factivity\","
                + "\"resource\":{\"type\":\"gcs_bucket\",\"labels\":{}},"
                + "\"protoPayload\":{\"serviceName\":\"storage.googleapis.com\","
                + "\"methodName\":\"storage.buckets.list\"}}");
    assertThat(e.service()).isEqualTo("storage.googleapis.com");
    String scope = scope(e);
    assertThat(scope).contains("protoPayload.serviceName=\"storage.googleapis.com\"");
    assertThat(Filter.compile(scope).test(e)).isTrue();
  }

  /** A name from a label cannot be a service name (those have a dot): no clause for it. */
  @Test
  public void anAuditLogNamedByItsLabelsHasNoServiceNameChoice() {
    assertThat(
            ServiceScope.of(
                "cloudsql_database", "cloudaudit.googleapis.com/data_access", "shop:orders-pg"))
        .isEqualTo("resource.labels.database_id=\"shop:orders-pg\"");
    assertThat(ServiceScope.of("k8s_cluster", "cloudaudit.googleapis.com/activity", "cluster-1"))
        .isEqualTo("resource.labels.cluster_name=\"cluster-1\"");
  }

  @Test
  public void aNodeOrClusterIsItsCluster() {
    assertThat(ServiceScope.of("k8s_node", "kubelet", "cluster-1"))
        .isEqualTo("resource.labels.cluster_name=\"cluster-1\"");
    assertThat(ServiceScope.of("k8s_cluster", "events", "cluster-1"))
        .isEqualTo("resource.labels.cluster_name=\"cluster-1\"");
  }

  @Test
  public void aNameFromNoFieldHasNoScope() {
    assertThat(ServiceScope.of("global", "my-log", "my-log")).isEmpty();
    assertThat(ServiceScope.of("global", "my-log", "global")).isEmpty();
    assertThat(ServiceScope.of("k8s_container", "stdout", "shop")).isEmpty();
    assertThat(ServiceScope.of("some_new_type", "stdout", "x")).isEmpty();
  }

  private static final String JOURNAL =
      "{\"timestamp\":\"2026-12-04T06:00:00Z\",\"logName\":\"projects/p/logs/journald\","
          + "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"instance_id\":\"%s\"}},"
          + "\"jsonPayload\":{\"MESSAGE\":\"Started Daily apt upgrade.\",\"_HOSTNAME\":\"%s\"}}";

  @Test
  public void aVmNamedByItsHostNameIsSelectedByIt() throws Exception {
    LogEvent mine = parse(String.format(JOURNAL, "1", "batch-vm.us-central1-a.c.p.internal"));
    LogEvent neighbour = parse(String.format(JOURNAL, "2", "batch-vm-2"));
    assertThat(mine.service()).isEqualTo("batch-vm");
    CompiledFilter f = Filter.compile(scope(mine));
    assertThat(f.test(mine)).isTrue();
    assertThat(f.test(parse(String.format(JOURNAL, "1", "batch-vm")))).isTrue();
    assertThat(f.test(neighbour)).isFalse();
  }

  private static final String TYPED =
      "{\"timestamp\":\"2026-12-04T06:00:00Z\",\"logName\":\"projects/p/logs/%s\","
          + "\"resource\":{\"type\":\"%s\",\"labels\":%s},\"labels\":%s,\"textPayload\":\"x\"}";

  /** Names the deriver shortens still select their entries, and not a neighbour's. */
  @Test
  public void shortenedNamesStillSelectTheirEntries() throws Exception {
    String[][] cases = {
      // type, resource labels, entry labels, a neighbour's resource labels, its entry labels
      {
        "gce_instance",
        "{\"instance_id\":\"1\"}",
        "{\"compute.googleapis.com/resource_name\":\"gke-shop-default-pool-a6ea5e55-h1ms\"}",
        "{\"instance_id\":\"2\"}",
        "{\"compute.googleapis.com/resource_name\":\"gke-shop-batch-pool-b7ea5e55-k2ms\"}"
      },
      {
        "gce_instance",
        "{\"instance_id\":\"1\"}",
        "{\"compute.googleapis.com/resource_name\":\"aef-backend-20180822t164014-b75j\"}",
        "{\"instance_id\":\"2\"}",
        "{\"compute.googleapis.com/resource_name\":\"aef-backend-20180901t101500-k2ms\"}"
      },
      {
        "gce_instance",
        "{\"instance_id\":\"1\"}",
        "{\"compute.googleapis.com/resource_name\":\"web-frontend-x7k2\"}",
        "{\"instance_id\":\"2\"}",
        "{\"compute.googleapis.com/resource_name\":\"web-frontend-prod\"}"
      },
      {
        "gce_instance",
        "{\"instance_id\":\"1\"}",
        "{\"compute.googleapis.com/resource_name\":\"web-erra\","
            + "\"compute.googleapis.com/instance_group_manager/name\":\"web-mig\"}",
        "{\"instance_id\":\"2\"}",
        "{\"compute.googleapis.com/resource_name\":\"web-mig-erra\","
            + "\"compute.googleapis.com/instance_group_manager/name\":\"web-mig-2\"}"
      },
      {
        "gce_instance_group_manager",
        "{\"instance_group_manager_name\":\"gke-shop-default-pool-a6ea5e55-grp\"}",
        "{}",
        "{\"instance_group_manager_name\":\"gke-shop-default-pool-2-b7ea5e55-grp\"}",
        "{}"
      },
      {
        "dataflow_step",
        "{\"job_name\":\"app-kolban-1028200711-651c29be\"}",
        "{}",
        "{\"job_name\":\"app-kolban-other-1028200711-651c29be\"}",
        "{}"
      },
      {
        "dataflow_step",
        "{\"job_name\":\"beamapp-root-0615034240-673992-ksvejvim\"}",
        "{}",
        "{\"job_name\":\"beamapp-rooted-0421134835-190770\"}",
        "{}"
      },
      {
        "dataflow_step",
        "{\"job_name\":\"daily-etl-2026-12-05t06-00-00\"}",
        "{}",
        "{\"job_name\":\"daily-etl-v2-2026-12-05t06-00-00\"}",
        "{}"
      },
      {
        "dataflow_step",
        "{\"job_name\":\"preprocess-5d3c2b1a\"}",
        "{}",
        "{\"job_name\":\"preprocess-v2-5d3c2b1a\"}",
        "{}"
      },
      {
        "aiplatform.googleapis.com/PipelineJob",
        "{\"pipeline_job_id\":\"train-20261202020000\"}",
        "{}",
        "{\"pipeline_job_id\":\"train-eval-20261202020000\"}",
        "{}"
      },
      {
        "batch.googleapis.com/Job",
        "{\"job\":\"render-1764640800\"}",
        "{}",
        "{\"job\":\"render-hd-1764640800\"}",
        "{}"
      },
      {
        "pubsub_topic",
        "{\"topic_id\":\"projects/p/topics/orders\"}",
        "{}",
        "{\"topic_id\":\"projects/p/topics/back-orders\"}",
        "{}"
      },
      {
        "redis_instance",
        "{\"instance_id\":\"projects/p/locations/us-central1/instances/cache\"}",
        "{}",
        "{\"instance_id\":\"projects/p/locations/us-central1/instances/session-cache\"}",
        "{}"
      },
      {
        "k8s_control_plane_component",
        "{\"cluster_name\":\"shop\",\"component_name\":\"apiserver\"}",
        "{}",
        "{\"cluster_name\":\"shop\",\"component_name\":\"scheduler\"}",
        "{}"
      },
      {
        // A GKE multi-cloud cluster's name has a slash of its own.
        "k8s_control_plane_component",
        "{\"cluster_name\":\"awsClusters/shop\",\"component_name\":\"controller-manager\"}",
        "{}",
        "{\"cluster_name\":\"awsClusters/cart\",\"component_name\":\"controller-manager\"}",
        "{}"
      },
      {
        "k8s_control_plane_component",
        "{\"cluster_name\":\"awsClusters/shop\"}",
        "{}",
        "{\"cluster_name\":\"awsClusters/shop\",\"component_name\":\"scheduler\"}",
        "{}"
      },
      {
        "clouddeploy.googleapis.com/DeliveryPipeline",
        "{\"pipeline_id\":\"web-app\",\"location\":\"us-central1\"}",
        "{}",
        "{\"pipeline_id\":\"web-app-2\",\"location\":\"us-central1\"}",
        "{}"
      },
    };
    for (String[] c : cases) {
      LogEvent mine = parse(String.format(TYPED, "syslog", c[0], c[1], c[2]));
      LogEvent neighbour = parse(String.format(TYPED, "syslog", c[0], c[3], c[4]));
      CompiledFilter f = Filter.compile(scope(mine));
      assertWithMessage("%s: %s", mine.service(), scope(mine)).that(f.test(mine)).isTrue();
      assertWithMessage("%s: %s", neighbour.service(), scope(mine))
          .that(f.test(neighbour))
          .isFalse();
    }
  }

  /** A VM named by the host its journald entry records is selected by that host, not another. */
  @Test
  public void aVmNamedByItsJournaldHostSelectsItsEntries() throws Exception {
    String journal =
        "{\"timestamp\":\"2026-12-04T06:00:00Z\",\"logName\":\"projects/p/logs/kubelet\","
            + "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"instance_id\":\"%s\"}},"
            + "\"jsonPayload\":{\"_HOSTNAME\":\"%s\",\"SYSLOG_IDENTIFIER\":\"kubelet\","
            + "\"MESSAGE\":\"x\"}}";
    LogEvent mine = parse(String.format(journal, "1", "gke-shop-default-pool-a6ea5e55-h1ms"));
    LogEvent neighbour = parse(String.format(journal, "2", "gke-shop-batch-pool-b7ea5e55-k2ms"));
    assertThat(mine.service()).isEqualTo("gke-shop-default-pool");
    CompiledFilter f = Filter.compile(scope(mine));
    assertWithMessage(scope(mine)).that(f.test(mine)).isTrue();
    assertWithMessage(scope(mine)).that(f.test(neighbour)).isFalse();
  }

  /**
   * A managed instance group's entries: those its agents label with the group, its VMs' by their
   * generated names, its audit logs by the group they name; not a neighbour group's.
   */
  @Test
  public void aManagedInstanceGroupSelectsEveryWayItsVmsAreNamed() throws Exception {
    String typed =
        "{\"timestamp\":\"2026-12-04T06:00:00Z\",\"logName\":\"projects/p/logs/syslog\","
            + "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"instance_id\":\"1\"}},"
            + "\"labels\":%s,\"textPayload\":\"x\"}";
    String audit =
        "{\"timestamp\":\"2026-12-04T06:00:00Z\","
            + "\"logName\":\"projects/p/logs/cloudaudit.googleapis.com%%2Fsystem_event\","
            + "\"resource\":{\"type\":\"gce_instance\",\"labels\":{\"instance_id\":\"0\"}},"
            + "\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
            + "\"status\":{\"message\":\"Instance Group Manager '%s' initiated recreateInstance on"
            + " instance 'projects/1/zones/z/instances/%s'.\"},"
            + "\"serviceName\":\"compute.googleapis.com\","
            + "\"methodName\":\"compute.instances.repair.recreateInstance\","
            + "\"resourceName\":\"projects/p/zones/z/instances/%s\"%s}}";
    LogEvent labelled =
        parse(
            String.format(
                typed,
                "{\"compute.googleapis.com/resource_name\":\"web-erra\","
                    + "\"compute.googleapis.com/instance_group_manager/name\":\"web\"}"));
    LogEvent named =
        parse(String.format(typed, "{\"compute.googleapis.com/resource_name\":\"web-x7k2\"}"));
    LogEvent byPath =
        parse(
            String.format(
                audit, "projects/1/zones/z/instanceGroupManagers/web", "web-erra", "web-erra", ""));
    LogEvent byName = parse(String.format(audit, "web", "web-erra", "web-erra", ""));
    LogEvent byMetadata =
        parse(
            String.format(
                audit,
                "x",
                "web-erra",
                "web-erra",
                ",\"metadata\":{\"instance_group_manager_name\":\"web\"}"));
    LogEvent neighbour = parse(String.format(audit, "web-2", "web-2-erra", "web-2-erra", ""));
    LogEvent otherVm =
        parse(String.format(typed, "{\"compute.googleapis.com/resource_name\":\"web-prod\"}"));
    String scope = scope(labelled);
    CompiledFilter f = Filter.compile(scope);
    for (LogEvent e : new LogEvent[] {labelled, named, byPath, byName, byMetadata}) {
      assertThat(e.service()).isEqualTo("web");
      assertWithMessage("%s", scope).that(f.test(e)).isTrue();
    }
    assertThat(neighbour.service()).isEqualTo("web-2");
    assertWithMessage("%s", scope).that(f.test(neighbour)).isFalse();
    assertWithMessage("%s", scope).that(f.test(otherVm)).isFalse();
  }
}
