package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.google.api.services.dataflow.model.Job;
import dev.logalerts.alerting.MatchRuleFilters;
import dev.logalerts.io.DataflowTranslation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.reflect.DoFnSignature;
import org.apache.beam.sdk.transforms.reflect.DoFnSignatures;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The whole job, as users launch it, translates for the Dataflow runner offline (streaming from
 * Pub/Sub to Pub/Sub + BigQuery, and a batch backfill from files), so a Dataflow-only failure — a
 * non-deterministic key coder, an unsupported construct — fails CI here. Also keeps the names of
 * every stateful step (stateful DoFns and GroupByKeys): Dataflow {@code --update} keeps state only
 * for steps whose names match, so a rename must be a deliberate change of {@code
 * stateful-steps.txt}.
 */
@RunWith(JUnit4.class)
public class FullPipelineTranslationTest {

  static LogAlertsOptions streamingOptions() {
    DataflowPipelineOptions dataflow = DataflowTranslation.options(true);
    LogAlertsOptions o = dataflow.as(LogAlertsOptions.class);
    o.setInputSubscription("projects/my-project/subscriptions/logs");
    o.setAlertTopic("projects/my-project/topics/alerts");
    o.setAlertTable("my-project:logalerts.alerts");
    o.setNoisyLogTable("my-project:logalerts.noisy_logs");
    o.setDeadLetterTable("my-project:logalerts.deadletter");
    o.setRulesPath(RepoRoot.get().resolve("samples/rules.yaml").toString());
    return o;
  }

  @Test
  public void streamingJobTranslatesForDataflow() {
    LogAlertsOptions options = streamingOptions();
    Pipeline p = Pipeline.create(options);
    LogAlertsPipeline.build(p, options);
    Job job = DataflowTranslation.translate(p);
    String steps = String.join("\n", DataflowTranslation.stepNames(job));
    assertThat(steps).contains("ReadEntries");
    assertThat(steps).contains("DeduplicateEntries");
    assertThat(steps).contains("EvaluateRules");
    assertThat(steps).contains("AccountNoisyLogs");
    assertThat(steps).contains("WriteAlerts");
    assertThat(steps).contains("WriteDeadLetters");
    // The rules file is re-read while the job runs and feeds EvaluateRules as a side input.
    assertThat(steps).contains("RulesFile/ReloadRules/LoadAndValidate");
    assertThat(LogAlertsPipeline.reloadsRules(options)).isTrue();
  }

  /**
   * Each rule filter is tested once per entry: one filter step, whose output both the alert
   * evaluation and the noisy-log account read.
   */
  @Test
  public void filtersAreTestedOnceForAlertsAndNoisyLogs() {
    LogAlertsOptions options = streamingOptions();
    Pipeline p = Pipeline.create(options);
    LogAlertsPipeline.build(p, options);
    List<String> filterSteps = new ArrayList<>();
    List<org.apache.beam.sdk.values.PValue> matched = new ArrayList<>();
    TreeSet<String> readers = new TreeSet<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            PTransform<?, ?> t = node.getTransform();
            if (t instanceof ParDo.MultiOutput
                && ((ParDo.MultiOutput<?, ?>) t)
                    .getFn()
                    .getClass()
                    .getName()
                    .startsWith(MatchRuleFilters.class.getName())) {
              filterSteps.add(node.getFullName());
              matched.addAll(node.getOutputs().values());
            }
            for (Object in : node.getInputs().values()) {
              if (matched.contains(in)) {
                readers.add(node.getFullName().split("/")[0]);
              }
            }
          }
        });
    assertThat(filterSteps).containsExactly("MatchRuleFilters/TestFilters/ParMultiDo(Match)");
    assertThat(readers).containsExactly("EvaluateRules", "AccountNoisyLogs");
  }

  @Test
  public void rulesAreReadOnceWhenRefreshIsOff() {
    LogAlertsOptions options = streamingOptions();
    options.setRulesRefreshMinutes(0);
    Pipeline p = Pipeline.create(options);
    LogAlertsPipeline.build(p, options);
    String steps =
        String.join("\n", DataflowTranslation.stepNames(DataflowTranslation.translate(p)));
    assertThat(steps).contains("EvaluateRules");
    assertThat(steps).doesNotContain("RulesFile");
  }

  @Test
  public void batchBackfillTranslatesForDataflow() {
    DataflowPipelineOptions dataflow = DataflowTranslation.options(false);
    LogAlertsOptions o = dataflow.as(LogAlertsOptions.class);
    o.setInputFilePattern("gs://bucket/logs/**.json");
    o.setAlertTable("my-project:logalerts.alerts");
    o.setNoisyLogTable("my-project:logalerts.noisy_logs");
    o.setDeadLetterTable("my-project:logalerts.deadletter");
    o.setRulesPath(RepoRoot.get().resolve("samples/rules.yaml").toString());
    Pipeline p = Pipeline.create(o);
    LogAlertsPipeline.build(p, o);
    Job job = DataflowTranslation.translate(p);
    String steps = String.join("\n", DataflowTranslation.stepNames(job));
    assertThat(steps).contains("EvaluateRules");
    assertThat(steps).doesNotContain("RulesFile"); // a backfill uses the rules validated at launch
  }

  /**
   * README "Update the job": which options an update may change (the stateful steps keep their
   * names) and which change the job graph (a drain and a new launch).
   */
  @Test
  public void optionsAnUpdateMayChangeKeepTheStatefulStepNames() throws Exception {
    TreeSet<String> base = statefulSteps(streamingOptions());
    String[][] keep = {
      {"dedupeHorizonMinutes", "30"},
      {"maxGroupsPerRule", "50"},
      {"maxKnownTemplatesPerGroup", "50"},
      {"maxEntryBytes", "2048"},
      {"maxPayloadLeaves", "100"},
      {"alertEarlyFiringSeconds", "0"},
      {"noisyLogEarlyFiringMinutes", "5"},
      {"ingestionPricePerGib", "0.25"},
      {"noisyLogShards", "7"},
      {"numStorageWriteApiStreams", "3"},
      {"storageWriteApiTriggeringFrequencySec", "30"},
      {"rulesRefreshMinutes", "15"},
      {"noisyLogWindowMinutes", "30"},
      {"allowedLatenessMinutes", "10"},
    };
    for (String[] option : keep) {
      assertWithMessage("--%s=%s", option[0], option[1])
          .that(statefulSteps(with(option[0], option[1])))
          .containsExactlyElementsIn(base);
    }
    String[][] change = {
      {"alertHotKeyFanout", "8"}, {"noisyLogHotKeyFanout", "8"}, {"rulesRefreshMinutes", "0"}
    };
    for (String[] option : change) {
      assertWithMessage("--%s=%s", option[0], option[1])
          .that(statefulSteps(with(option[0], option[1])))
          .isNotEqualTo(base);
    }
  }

  /** The streaming options with one option set from its text. */
  private static LogAlertsOptions with(String name, String value) throws Exception {
    LogAlertsOptions o = streamingOptions();
    String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    for (java.lang.reflect.Method m : LogAlertsOptions.class.getMethods()) {
      if (m.getName().equals(setter) && m.getParameterCount() == 1) {
        Class<?> type = m.getParameterTypes()[0];
        Object v =
            type == int.class || type == Integer.class
                ? (Object) Integer.valueOf(value)
                : type == long.class || type == Long.class
                    ? (Object) Long.valueOf(value)
                    : type == double.class || type == Double.class
                        ? (Object) Double.valueOf(value)
                        : value;
        m.invoke(o, v);
        return o;
      }
    }
    throw new AssertionError("no option " + name);
  }

  private static TreeSet<String> statefulSteps(LogAlertsOptions options) {
    Pipeline p = Pipeline.create(options);
    LogAlertsPipeline.build(p, options);
    TreeSet<String> stateful = new TreeSet<>();
    p.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            PTransform<?, ?> t = node.getTransform();
            if (t instanceof GroupByKey) {
              stateful.add(node.getFullName());
            } else if (t instanceof ParDo.MultiOutput) {
              DoFnSignature sig =
                  DoFnSignatures.getSignature(((ParDo.MultiOutput<?, ?>) t).getFn().getClass());
              if (sig.usesState() || sig.usesTimers()) {
                stateful.add(node.getFullName());
              }
            }
          }
        });
    return stateful;
  }

  @Test
  public void statefulStepNamesAreStable() throws IOException {
    TreeSet<String> stateful = statefulSteps(streamingOptions());
    Path golden = RepoRoot.get().resolve("pipeline/src/test/resources/pipeline/stateful-steps.txt");
    List<String> expected = new ArrayList<>();
    for (String line : Files.readAllLines(golden, StandardCharsets.UTF_8)) {
      if (!line.isBlank() && !line.startsWith("#")) {
        expected.add(line.trim());
      }
    }
    assertWithMessage(
            "stateful step names changed: Dataflow --update would lose their state. If the"
                + " change is deliberate, update %s (actual list below)",
            golden)
        .that(new ArrayList<>(stateful))
        .containsExactlyElementsIn(expected);
  }
}
