package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Dataflow's job messages ({@code dataflow.googleapis.com/job-message} of a {@code dataflow_step})
 * as runners printed them in public issues: a fused stage's steps are one value, so every stage's
 * "Executing operation" is one row, and "Finished operation" another.
 */
@RunWith(JUnit4.class)
public class DataflowJobMessagesTest {
  private final TextLineKeys keys = new TextLineKeys();
  private final LogEntryParser parser = new LogEntryParser();

  // Two stages of one streaming job, as the Java runner echoes them ("INFO: <time>: " before):
  // https://github.com/apache/beam/issues/23562
  private static final String FINISHED_PASSERT =
      "Finished operation PAssert$49/GroupGlobally/Create.Values/Read(CreateSource)/"
          + "Read(CreateSource)/Read(BoundedToUnboundedSourceAdapter)/"
          + "DataflowRunner.StreamingUnboundedRead.ReadWithIds+PAssert$49/GroupGlobally/"
          + "Create.Values/Read(CreateSource)/Read(CreateSource)/"
          + "Read(BoundedToUnboundedSourceAdapter)/StripIds+PAssert$49/GroupGlobally/WithKeys/"
          + "AddKeys/Map+PAssert$49/GroupGlobally/GroupByKey/WriteStream";
  private static final String FINISHED_SIDE_INPUT =
      "Finished operation ViewSideInput1/Combine.GloballyAsSingletonView/CreatePCollectionView/"
          + "Combine.globally(Concatenate)/Combine.perKey(Concatenate)/GroupByKey/ReadStream+"
          + "ViewSideInput1/Combine.GloballyAsSingletonView/CreatePCollectionView/"
          + "Combine.globally(Concatenate)/Combine.perKey(Concatenate)/Combine.GroupedValues+"
          + "ViewSideInput1/Combine.GloballyAsSingletonView/CreatePCollectionView/"
          + "Combine.globally(Concatenate)/Combine.perKey(Concatenate)/Combine.GroupedValues/"
          + "Extract+ViewSideInput1/Combine.GloballyAsSingletonView/CreatePCollectionView/"
          + "ParDo(StreamingPCollectionViewWriter)";

  // A Python job's stage ("INFO[dataflow_runner.py]: <time>: JOB_MESSAGE_BASIC: " before):
  // https://github.com/google-research/text-to-text-transfer-transformer/issues/986
  private static final String EXECUTING =
      "Executing operation create_wet_path_urls/Read+ReadAllFromText/ReadAllFiles/"
          + "ExpandIntoRanges+ReadAllFromText/ReadAllFiles/Reshard/AddRandomKeys+ReadAllFromText/"
          + "ReadAllFiles/Reshard/ReshufflePerKey/Map(reify_timestamps)+ReadAllFromText/"
          + "ReadAllFiles/Reshard/ReshufflePerKey/GroupByKey/Reify+ReadAllFromText/ReadAllFiles/"
          + "Reshard/ReshufflePerKey/GroupByKey/Write";

  @Test
  public void aStagesStepsAreOneValue() throws Exception {
    assertThat(keys.template(FINISHED_PASSERT)).isEqualTo("Finished operation <*>");
    assertThat(keys.template(FINISHED_SIDE_INPUT)).isEqualTo("Finished operation <*>");
    assertThat(keys.template(EXECUTING)).isEqualTo("Executing operation <*>");
    // As the runner echoes them, the prefix's time masked.
    assertThat(keys.template("INFO: 2022-09-15T21:28:35.301Z: " + FINISHED_SIDE_INPUT))
        .isEqualTo("INFO: <*>: Finished operation <*>");
  }

  /**
   * A Java frame of a named module keeps its file, as frames without a module do (the frames of
   * {@code StackTraceElement.toString}'s documentation,
   * https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/lang/StackTraceElement.html).
   */
  @Test
  public void aJavaModuleFrameIsNoStage() throws Exception {
    assertThat(keys.template("at com.foo.loader/foo@9.0/com.foo.Main.run(Main.java:101)"))
        .isEqualTo("at <*>(Main.java:<*>)");
    assertThat(keys.template("at acme@2.1/org.acme.Lib.test(Lib.java:80)"))
        .isEqualTo("at <*>(Lib.java:<*>)");
  }

  @Test
  public void jobMessagesOfStagesAreOneRowPerKind() throws Exception {
    LogEvent passert = jobMessage(FINISHED_PASSERT);
    LogEvent sideInput = jobMessage(FINISHED_SIDE_INPUT);
    LogEvent executing = jobMessage(EXECUTING);
    assertThat(passert.service()).isEqualTo("beam-validates-runner");
    KV<NoisyKey, NoisyEntry> finished = keys.row(passert);
    assertThat(keys.row(sideInput).getKey()).isEqualTo(finished.getKey());
    assertThat(keys.row(executing).getKey()).isNotEqualTo(finished.getKey());
    String exclusion = TextLineKeys.exclusion(finished);
    assertThat(Filter.compile(exclusion).test(sideInput)).isTrue();
    assertThat(Filter.compile(exclusion).test(executing)).isFalse();
  }

  /** A job-message entry of a {@code dataflow_step} (the job's name, then the run's id). */
  private LogEvent jobMessage(String text) throws Exception {
    String json =
        "{\"textPayload\":"
            + SuggestedExclusion.quote(text)
            + ",\"insertId\":\"-abc123\",\"resource\":{\"type\":\"dataflow_step\",\"labels\":"
            + "{\"job_id\":\"2022-09-15_14_20_11-1234567890123456789\",\"job_name\":"
            + "\"beam-validates-runner\",\"project_id\":\"apache-beam-testing\",\"region\":"
            + "\"us-central1\",\"step_id\":\"\"}},\"timestamp\":\"2022-09-15T21:28:35.301Z\","
            + "\"severity\":\"INFO\",\"logName\":"
            + "\"projects/apache-beam-testing/logs/dataflow.googleapis.com%2Fjob-message\"}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }
}
