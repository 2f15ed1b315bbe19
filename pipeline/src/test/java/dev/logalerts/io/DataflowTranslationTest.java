package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import com.google.api.services.dataflow.model.Job;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.RawEntry;
import dev.logalerts.rules.RuleSet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.beam.runners.dataflow.options.DataflowPipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesCoder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionView;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The io transforms translate for Dataflow offline, in streaming (Pub/Sub in and out, BigQuery
 * exactly-once with triggering frequency, dedupe state, refreshing rules side input) and in batch;
 * and a construct Dataflow refuses makes {@link DataflowTranslation} fail.
 */
@RunWith(JUnit4.class)
public class DataflowTranslationTest {
  /** Stand-in for the parser: every raw entry becomes an event with its payload as insertId. */
  static class FakeParseFn extends DoFn<RawEntry, LogEvent> {
    @ProcessElement
    public void process(@Element RawEntry raw, OutputReceiver<LogEvent> out) {
      out.output(
          LogEvent.builder()
              .setInsertId(new String(raw.payload(), StandardCharsets.UTF_8))
              .setTimestampNanos(1L)
              .build());
    }
  }

  /** Stand-in for the rules stage: reads the rules side input. */
  static class UseRulesFn extends DoFn<LogEvent, String> {
    private final PCollectionView<RuleSet> rules;

    UseRulesFn(PCollectionView<RuleSet> rules) {
      this.rules = rules;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      c.output(
          "{\"windowStart\":\"2026-11-20T00:00:00Z\",\"rules\":\""
              + c.sideInput(rules).version()
              + "\"}");
    }
  }

  /** Batch: the rules validated at launch, as a one-element view. */
  static final class LaunchRules
      extends org.apache.beam.sdk.transforms.PTransform<
          org.apache.beam.sdk.values.PBegin, PCollectionView<RuleSet>> {
    @Override
    public PCollectionView<RuleSet> expand(org.apache.beam.sdk.values.PBegin input) {
      return input
          .apply(
              "LaunchRules",
              org.apache.beam.sdk.transforms.Create.of(RuleSet.empty())
                  .withCoder(org.apache.beam.sdk.coders.SerializableCoder.of(RuleSet.class)))
          .apply("RulesView", org.apache.beam.sdk.transforms.View.asSingleton());
    }
  }

  private static void buildIo(Pipeline p, PCollection<RawEntry> raw, boolean streaming) {
    DataflowPipelineOptions options = p.getOptions().as(DataflowPipelineOptions.class);
    CloudSinkOptions sinks = options.as(CloudSinkOptions.class);
    PCollectionView<RuleSet> rules =
        p.apply(
            "Rules",
            streaming
                ? RulesSideInput.refreshing(
                    RuleSet.empty(),
                    "gs://bucket/rules.yaml",
                    Duration.standardMinutes(5),
                    path -> RuleSet.empty())
                : new LaunchRules());
    PCollection<LogEvent> events =
        raw.apply("Parse", ParDo.of(new FakeParseFn()))
            .setCoder(LogEventCoder.of())
            .apply("Dedupe", DeduplicateEntries.fromOptions(sinks));
    PCollection<String> rows =
        events.apply("Evaluate", ParDo.of(new UseRulesFn(rules)).withSideInputs(rules));
    rows.apply(
            "ToAlertMessage",
            MapElements.into(
                    org.apache.beam.sdk.values.TypeDescriptor.of(
                        org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage.class))
                .via(
                    json ->
                        PubsubAlertSink.message(
                            json,
                            Map.of(
                                "rule",
                                "r",
                                "severity",
                                "HIGH",
                                "state",
                                "FIRING",
                                "alertId",
                                "1"))))
        .setCoder(PubsubMessageWithAttributesCoder.of())
        .apply("AlertsToPubsub", new PubsubAlertSink("projects/offline-project/topics/alerts"));
    // The IO steps only, on a test layout; FullPipelineTranslationTest has the job's own tables.
    TableLayout layout = TableLayout.load("test_counts.json", List.of("service"));
    PCollection<DeadLetter> rejectedAlerts =
        rows.apply(
            "AlertsToBigQuery",
            new BigQueryJsonSink(
                StorageWrite.of(
                    "offline-project:logalerts.alerts",
                    layout,
                    StorageWrite.Delivery.EXACTLY_ONCE,
                    sinks)));
    PCollection<DeadLetter> rejectedNoisy =
        rows.apply(
            "NoisyLogsToBigQuery",
            new BigQueryJsonSink(
                StorageWrite.of(
                    "offline-project:logalerts.noisy_logs",
                    layout,
                    StorageWrite.Delivery.EXACTLY_ONCE,
                    sinks)));
    PCollectionList.of(rejectedAlerts)
        .and(rejectedNoisy)
        .apply("AllDeadLetters", Flatten.pCollections())
        .apply(
            "DeadLettersToBigQuery",
            DeadLetterSink.of("offline-project:logalerts.deadletter", sinks));
  }

  @Test
  public void streamingIoTranslates() {
    Pipeline p = Pipeline.create(DataflowTranslation.options(true));
    buildIo(
        p,
        p.apply(
            "ReadLogs",
            new PubsubLogSource(
                "projects/offline-project/subscriptions/logs", Duration.standardHours(1))),
        true);
    Job job = DataflowTranslation.translate(p);
    assertThat(job.getType()).isEqualTo("JOB_TYPE_STREAMING");
    String steps = String.join("\n", DataflowTranslation.stepNames(job));
    assertThat(steps).contains("ReadLogs/ReadPubsub");
    assertThat(steps).contains("Dedupe/DropRedeliveries");
    assertThat(steps).contains("AlertsToPubsub/PublishAlerts");
    assertThat(steps).contains("AlertsToBigQuery/WriteToBigQuery");
    assertThat(steps).contains("DeadLettersToBigQuery/WriteDeadLetters");
    assertThat(steps).contains("Rules/ReloadRules");
  }

  @Test
  public void batchIoTranslates() {
    Pipeline p = Pipeline.create(DataflowTranslation.options(false));
    PCollection<RawEntry> raw =
        p.apply(
            "ReadLogs",
            Create.of(RawEntry.of("a".getBytes(StandardCharsets.UTF_8), Map.of()))
                .withCoder(RawEntry.Coder.of()));
    buildIo(p, raw, false);
    Job job = DataflowTranslation.translate(p);
    assertThat(job.getType()).isEqualTo("JOB_TYPE_BATCH");
    assertThat(String.join("\n", DataflowTranslation.stepNames(job)))
        .contains("NoisyLogsToBigQuery/WriteToBigQuery");
  }

  /** Time-sorted input is a DirectRunner feature Dataflow streaming refuses. */
  static class SortedFn extends DoFn<KV<String, String>, String> {
    @StateId("last")
    private final StateSpec<ValueState<String>> last = StateSpecs.value(StringUtf8Coder.of());

    @RequiresTimeSortedInput
    @ProcessElement
    public void process(@Element KV<String, String> e, @StateId("last") ValueState<String> last) {
      last.write(e.getValue());
    }
  }

  @Test
  public void constructDataflowRefusesFailsTranslation() {
    Pipeline p = Pipeline.create(DataflowTranslation.options(true));
    p.apply(
            Create.of(KV.of("k", "v"))
                .withCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
        .apply("Sorted", ParDo.of(new SortedFn()));
    RuntimeException e =
        assertThrows(RuntimeException.class, () -> DataflowTranslation.translate(p));
    assertThat(String.valueOf(e.getMessage())).contains("RequiresTimeSortedInput");
  }

  @Test
  public void stepNamesAreListed() {
    Pipeline p = Pipeline.create(DataflowTranslation.options(false));
    p.apply("Numbers", Create.of(List.of("1", "2")));
    assertThat(DataflowTranslation.stepNames(DataflowTranslation.translate(p)))
        .contains("Numbers/Read(CreateSource)");
  }
}
