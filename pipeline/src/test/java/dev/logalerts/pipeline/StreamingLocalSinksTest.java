package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The streaming job builds with any subset of destinations: local files (windowed writes), the
 * alert topic alone (no BigQuery, no noisy-log accounting).
 */
@RunWith(JUnit4.class)
public class StreamingLocalSinksTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static LogAlertsOptions streaming() {
    LogAlertsOptions o = PipelineOptionsFactory.create().as(LogAlertsOptions.class);
    o.setInputSubscription("projects/test-project/subscriptions/logs");
    o.as(StreamingOptions.class).setStreaming(true);
    return o;
  }

  private static List<String> steps(Pipeline p) {
    List<String> names = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            names.add(node.getFullName());
            return CompositeBehavior.ENTER_TRANSFORM;
          }
        });
    return names;
  }

  @Test
  public void outputDirectoryBuildsWithWindowedWrites() {
    LogAlertsOptions o = streaming();
    o.setOutputDirectory(tmp.getRoot().toString());
    Pipeline p = Pipeline.create(o);
    LogAlertsPipeline.build(p, o);
    assertThat(steps(p)).contains("WriteAlerts/WriteAlertFiles/FlushEverySeconds");
    assertThat(steps(p)).contains("AccountNoisyLogs");
  }

  @Test
  public void alertsOnlyNeedsNoTables() {
    LogAlertsOptions o = streaming();
    o.setAlertTopic("projects/test-project/topics/alerts");
    Pipeline p = Pipeline.create(o);
    LogAlertsPipeline.build(p, o);
    assertThat(steps(p)).contains("WriteAlerts/PublishAlerts");
    assertThat(steps(p)).doesNotContain("AccountNoisyLogs");
  }
}
