package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The Kubernetes API server's errors name the object after its resource ({@code pods "web" not
 * found}, {@code Operation cannot be fulfilled on deployments.apps "web": the object has been
 * modified}), and controllers log them for every object they sync: the quoted name is data, so one
 * error is one noisy-log row whichever object it names. The real line is KHI's controller-manager
 * entry ({@code families/khi/controlplane-error-syncing-deployment.json}); the other forms follow
 * the messages of k8s.io/apimachinery's {@code pkg/api/errors} (NewNotFound, NewAlreadyExists,
 * NewConflict, NewForbidden: the resource with its group, then the name).
 */
@RunWith(JUnit4.class)
public class KubernetesApiErrorsTest {
  private static final String FIXTURE = "/families/khi/controlplane-error-syncing-deployment.json";

  private final TemplateMiner miner = new TemplateMiner();
  private final TextLineKeys keys = new TextLineKeys();

  @Test
  public void conflictsOfEveryDeploymentAreOneRow() throws Exception {
    String json = TextLineKeys.resource(FIXTURE);
    LogEvent konnectivity = keys.parse(json);
    LogEvent metrics =
        keys.parse(
            json.replace("konnectivity-agent\\\\\\\"", "metrics-server\\\\\\\"")
                .replace("kube-system/konnectivity-agent", "kube-system/metrics-server"));
    assertThat(metrics.message()).contains("deployments.apps \\\"metrics-server\\\"");
    KV<NoisyKey, NoisyEntry> a = keys.row(konnectivity);
    assertThat(keys.row(metrics).getKey()).isEqualTo(a.getKey());
    assertThat(a.getValue().template())
        .contains("Operation cannot be fulfilled on deployments.apps \\\"<*>\\\": the object");
    assertThat(a.getValue().template()).doesNotContain("konnectivity");
    NoisyEntry entry = a.getValue();
    CompiledFilter exclusion =
        Filter.compile(
            SuggestedExclusion.build(
                a.getKey(), entry.template(), entry.messageField(), entry.message()));
    assertThat(exclusion.test(konnectivity)).isTrue();
    assertThat(exclusion.test(metrics)).isTrue();
    assertThat(
            exclusion.test(
                keys.parse(
                    TextLineKeys.resource("/families/khi/controlplane-too-few-replicas.json"))))
        .isFalse();
  }

  @Test
  public void theObjectAfterItsResourceIsAPlaceholder() {
    assertThat(miner.templateOf("pods \"web-7d4b9\" not found"))
        .isEqualTo(miner.templateOf("pods \"checkout\" not found"));
    assertThat(miner.templateOf("pods \"checkout\" not found")).isEqualTo("pods \"<*>\" not found");
    assertThat(miner.templateOf("configmaps \"kube-root-ca\" already exists"))
        .isEqualTo("configmaps \"<*>\" already exists");
    // A group with a digit (k8s.io) is masked as a host name is; the name after it still is.
    assertThat(
            miner.templateOf(
                "Operation cannot be fulfilled on leases.coordination.k8s.io \"kube-scheduler\":"
                    + " the object has been modified"))
        .isEqualTo("Operation cannot be fulfilled on <*> \"<*>\": the object has been modified");
  }

  @Test
  public void otherQuotedWordsStay() {
    // A quoted word after a word that is not a resource is templated as before.
    assertThat(miner.templateOf("Loading fixtures \"users\" done"))
        .isEqualTo("Loading fixtures \"users\" done");
    assertThat(miner.templateOf("syntax error at or near \"SELECT\""))
        .isEqualTo("syntax error at or near \"SELECT\"");
    assertThat(miner.templateOf("failed to \"StartContainer\" for \"app\""))
        .contains("\"StartContainer\"");
  }
}
