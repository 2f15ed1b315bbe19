package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Values in the lines of GKE's system components that look like words: Prometheus metric names
 * (other snake-case words stay words) and the name of a kube-dns probe in Go's struct dump.
 */
@RunWith(JUnit4.class)
public class GkeSystemTemplatesTest {
  private final TemplateMiner miner = new TemplateMiner();

  /**
   * GKE's prometheus-to-sd sidecar warns for each metric it has not seen yet (the three lines of
   * https://github.com/GoogleCloudPlatform/k8s-stackdriver/issues/43): one call, one template.
   */
  @Test
  public void metricsNotFoundInTheCacheAreOneTemplate() {
    String t =
        miner.templateOf("Metric stackdriver_sink_request_count was not found in the cache.");
    assertThat(t).isEqualTo("Metric <*> was not found in the cache.");
    assertThat(
            miner.templateOf(
                "Metric stackdriver_sink_received_entry_count was not found in the cache."))
        .isEqualTo(t);
    assertThat(
            miner.templateOf(
                "Metric stackdriver_sink_successfully_sent_entry_count was not found in the"
                    + " cache."))
        .isEqualTo(t);
    assertThat(miner.templateOf("Metric apiserver_request_duration_seconds was not found"))
        .isEqualTo("Metric <*> was not found");
  }

  /** A C function heading a message names the call (Loghub's Mac lines); so does a short name. */
  @Test
  public void otherSnakeCaseWordsStay() {
    assertThat(miner.templateOf("wl_update_tcpkeep_seq: Original Seq: 1, Ack: 2"))
        .startsWith("wl_update_tcpkeep_seq:");
    assertThat(miner.templateOf("scheduler_evaluate_activity told me to run this job"))
        .startsWith("scheduler_evaluate_activity ");
    assertThat(miner.templateOf("retry_count exceeded")).isEqualTo("retry_count exceeded");
    assertThat(miner.templateOf("Metric Request_Total_Count missing"))
        .isEqualTo("Metric Request_Total_Count missing");
  }

  /**
   * A limit's setting written like a metric ({@code max_<what>_bytes}) names which limit a request
   * ran into: real rejections of one importer ({@code max_file_import_bytes exceeded: 17 > 16},
   * github.com code, a DICOM archive's import limits) and of a Go mail service's outbound policy
   * ({@code domain outbound policy max_message_bytes exceeded: 5 > 4}) stay apart, each name kept.
   */
  @Test
  public void aLimitsSettingIsNoMetricName() {
    String file = miner.templateOf("max_file_import_bytes exceeded: 17 > 16");
    String message = miner.templateOf("domain outbound policy max_message_bytes exceeded: 5 > 4");
    assertThat(file).startsWith("max_file_import_bytes exceeded:");
    assertThat(message).startsWith("domain outbound policy max_message_bytes exceeded:");
  }

  /**
   * kube-dns' sidecar starts one probe per DNS server, named by its {@code Label} in Go's {@code
   * %+v} dump (https://github.com/kubernetes/dns/issues/257): one call, one template.
   */
  @Test
  public void aKubeDnsProbesLabelIsAName() {
    String t =
        miner.templateOf(
            "Starting dnsProbe {Label:kubedns Server:127.0.0.1:10053"
                + " Name:kubernetes.default.svc.cluster.local. Interval:5s Type:33}");
    assertThat(t)
        .isEqualTo("Starting dnsProbe {Label:<*> Server:<*> Name:<*>. Interval:<*> Type:<*>}");
    assertThat(
            miner.templateOf(
                "Starting dnsProbe {Label:dnsmasq Server:127.0.0.1:53"
                    + " Name:kubernetes.default.svc.cluster.local. Interval:5s Type:33}"))
        .isEqualTo(t);
  }
}
