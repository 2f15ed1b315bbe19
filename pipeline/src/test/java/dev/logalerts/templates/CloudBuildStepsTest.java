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
 * Cloud Build prefixes each line of a step's output with the step's number and id ({@code Step #5 -
 * "inverse-proxy-agent": …}): the lines of a public build log quoted in
 * https://github.com/kubeflow/pipelines/pull/2673, as entries of log {@code cloudbuild} ({@code
 * families/issues/cloudbuild-step-id-already-have-image-*.json}). The id names the step, so one
 * line of a tool run in several steps is one row.
 */
@RunWith(JUnit4.class)
public class CloudBuildStepsTest {
  private final TextLineKeys keys = new TextLineKeys();
  private final TemplateMiner miner = new TemplateMiner();

  @Test
  public void aToolsLineInTwoStepsIsOneRow() throws Exception {
    String agentJson =
        TextLineKeys.resource("/families/issues/cloudbuild-step-id-already-have-image-agent.json");
    LogEvent agent = keys.parse(agentJson);
    LogEvent frontend =
        keys.parse(
            TextLineKeys.resource(
                "/families/issues/cloudbuild-step-id-already-have-image-frontend.json"));
    KV<NoisyKey, NoisyEntry> a = keys.row(agent);
    assertThat(a.getValue().template())
        .isEqualTo("Step <*> - \"<*>\": Already have image (with digest): <*>");
    assertThat(keys.row(frontend).getKey()).isEqualTo(a.getKey());
    NoisyEntry e = a.getValue();
    CompiledFilter exclusion =
        Filter.compile(
            SuggestedExclusion.build(a.getKey(), e.template(), e.messageField(), e.message()));
    assertThat(exclusion.test(agent)).isTrue();
    assertThat(exclusion.test(frontend)).isTrue();
    // Another line of the same step is not that row's.
    LogEvent sending =
        keys.parse(
            agentJson.replace(
                "Already have image (with digest): gcr.io/cloud-builders/docker",
                "Sending build context to Docker daemon  15.36kB"));
    assertThat(exclusion.test(sending)).isFalse();
  }

  @Test
  public void theBuildsOwnStepLinesAndOtherQuotesKeepTheirShape() {
    assertThat(miner.templateOf("Starting Step #5 - \"inverse-proxy-agent\""))
        .isEqualTo("Starting Step <*> - \"<*>\"");
    assertThat(miner.templateOf("Finished Step #1 - \"scheduledworkflow\""))
        .isEqualTo("Finished Step <*> - \"<*>\"");
    assertThat(
            miner.templateOf(
                "Step #5 - \"inverse-proxy-agent\": Step 1/14 : FROM"
                    + " gcr.io/inverting-proxy/agent@sha256:d0a06a247bb443f9528356a1341cadfa4c4479a034097ef9ed8cf200c6383ec0"))
        .isEqualTo("Step <*> - \"<*>\": Step <*> : FROM <*>");
    // Not a build step's prefix: a quoted word after " - " elsewhere stays.
    assertThat(miner.templateOf("Test Step #5 - \"smoke\" passed"))
        .isEqualTo("Test Step <*> - \"smoke\" passed");
    assertThat(miner.templateOf("phase 2 - \"compile\" done"))
        .isEqualTo("phase <*> - \"compile\" done");
  }
}
