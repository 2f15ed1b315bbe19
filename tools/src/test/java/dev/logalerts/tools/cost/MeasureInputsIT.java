package dev.logalerts.tools.cost;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.parse.LogEntryParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.WindowedValues;
import org.junit.Test;

/** The measurement on a slice of the samples: the job's shuffling steps, counted and encoded. */
public class MeasureInputsIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  public void measuresEveryShuffleOfTheJob() throws Exception {
    List<String> lines =
        Files.readAllLines(ROOT.resolve("samples/logs/shop-prod.jsonl")).subList(0, 300);
    Path input = Files.createTempDirectory("measure").resolve("slice.jsonl");
    Files.write(input, lines);

    MeasureInputs.Result r =
        MeasureInputs.measure(input.toString(), ROOT.resolve("samples/rules.yaml").toString(), 8);

    assertThat(r.entries()).isEqualTo(300);
    assertThat(r.steps().stream().map(MeasureInputs.Step::name))
        .containsExactly(
            "AccountNoisyLogs/CombineVolume/GroupByKey",
            "AccountNoisyLogs/PartialVolumes/Partials/ParMultiDo(Partials)",
            "DeduplicateEntries (streaming only)",
            "EvaluateRules/AggregateBuckets/CombineBuckets/GroupByKey",
            "EvaluateRules/EvaluateAndTrackLifecycle/Lifecycle/ParMultiDo(Lifecycle)",
            "EvaluateRules/MatchRules");
    // The partial steps measured with no partial held: every entry is one partial volume of the
    // noisy-log account; the merge, measured as the job runs, gets fewer (folded per bundle).
    assertThat(step(r, "AccountNoisyLogs/PartialVolumes").elements()).isEqualTo(300);
    assertThat(step(r, "AccountNoisyLogs/CombineVolume").elements()).isLessThan(300);
    // Likewise one partial bucket per rule observation, folded before the bucket merge.
    long observations = step(r, "EvaluateRules/MatchRules").elements();
    assertThat(observations).isGreaterThan(0);
    assertThat(step(r, "EvaluateRules/AggregateBuckets/CombineBuckets").elements())
        .isLessThan(observations);

    // The dedup figure is exactly the entries' KV(dedupeKey, entry) in the global window.
    LogEntryParser parser = new LogEntryParser();
    var coder =
        WindowedValues.getFullCoder(
            KvCoder.of(StringUtf8Coder.of(), LogEventCoder.of()), GlobalWindow.Coder.INSTANCE);
    long bytes = 0;
    long withId = 0;
    for (String line : lines) {
      LogEvent e = parser.parse(line.getBytes(StandardCharsets.UTF_8));
      if (!e.insertId().isEmpty()) {
        withId++;
        bytes +=
            CoderUtils.encodeToByteArray(
                    coder, WindowedValues.valueInGlobalWindow(KV.of(e.dedupeKey(), e)))
                .length;
      }
    }
    MeasureInputs.Step dedup = step(r, "DeduplicateEntries");
    assertThat(dedup.elements()).isEqualTo(withId);
    assertThat(dedup.bytes()).isEqualTo(bytes);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MeasureInputs.print(r, new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    for (Param p :
        new Param[] {
          Param.DEDUP_SHUFFLE_BYTES,
          Param.NOISY_SHUFFLE_BYTES,
          Param.RULE_SHUFFLE_BYTES,
          Param.NOISY_KEYED_BYTES_PER_HOUR,
          Param.RULE_KEYED_BYTES_PER_HOUR,
          Param.NOISY_ROWS_PER_HOUR,
          Param.ALERTS_PER_HOUR
        }) {
      assertThat(text).contains("--" + p.flag() + "=");
    }
    assertThat(text)
        .contains(
            String.format(java.util.Locale.ROOT, "--dedup-shuffle-bytes=%.1f", bytes / 300.0));
    // Rows of the run's own output: one noisy-log row per key and window at least.
    assertThat(MeasureInputs.rows(r.output().resolve("noisy_logs")).rows()).isGreaterThan(0);
  }

  private static MeasureInputs.Step step(MeasureInputs.Result r, String prefix) {
    return r.steps().stream().filter(s -> s.name().startsWith(prefix)).findFirst().orElseThrow();
  }
}
