package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEventCoder;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.Create;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Dataflow {@code --update} keeps state only for steps whose names match: this list of the stage's
 * steps (the stateful "Lifecycle" and the bucket combine among them) must not change by accident.
 * Update it deliberately, with a note on update compatibility.
 */
@RunWith(JUnit4.class)
public class StepNamesTest {
  @Test
  public void stepNamesAreStable() {
    AlertingOptions options = PipelineOptionsFactory.as(AlertingOptions.class);
    assertThat(options.getAllowedLatenessMinutes()).isEqualTo(60);
    Pipeline p = Pipeline.create();
    p.apply("Entries", Create.empty(LogEventCoder.of()))
        .apply(
            "EvaluateRules",
            EvaluateRules.of(rules(rule("r", RuleType.THRESHOLD, ERRORS).build()), options));
    List<String> names = new ArrayList<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public CompositeBehavior enterCompositeTransform(TransformHierarchy.Node node) {
            if (node.getFullName().startsWith("EvaluateRules")
                && node.getFullName().split("/").length <= 3) {
              names.add(node.getFullName());
            }
            return CompositeBehavior.ENTER_TRANSFORM;
          }

          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            if (node.getFullName().startsWith("EvaluateRules")
                && node.getFullName().split("/").length <= 3) {
              names.add(node.getFullName());
            }
          }
        });
    assertThat(names)
        .containsAtLeast(
            "EvaluateRules",
            "EvaluateRules/MatchRules",
            "EvaluateRules/InputEnd",
            "EvaluateRules/AggregateBuckets",
            "EvaluateRules/AggregateBuckets/BucketWindows",
            "EvaluateRules/AggregateBuckets/CombineBuckets",
            "EvaluateRules/AggregateBuckets/StampBuckets",
            "EvaluateRules/EvaluateAndTrackLifecycle",
            "EvaluateRules/EvaluateAndTrackLifecycle/GlobalWindow",
            "EvaluateRules/EvaluateAndTrackLifecycle/Lifecycle")
        .inOrder();
  }
}
