package dev.logalerts.combine;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.combine.CombineInBundle.mergingAccumulators;

import dev.logalerts.model.PipelineCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.SimpleFunction;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Sessions;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CombineInBundleTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Duration MINUTE = Duration.standardMinutes(1);

  /** Per key and window: what a plain Combine.perKey gives, keyed "key@windowStart". */
  private static PCollection<KV<String, Long>> sumsByWindow(PCollection<KV<String, Long>> in) {
    return in.apply(
        "Label",
        ParDo.of(
            new DoFn<KV<String, Long>, KV<String, Long>>() {
              @ProcessElement
              public void process(
                  @Element KV<String, Long> kv,
                  BoundedWindow w,
                  PaneInfo pane,
                  OutputReceiver<KV<String, Long>> out) {
                String label =
                    kv.getKey()
                        + "@"
                        + ((IntervalWindow) w).start().getMillis()
                        + "/"
                        + pane.getTiming();
                out.output(KV.of(label, kv.getValue()));
              }
            }));
  }

  @Test
  public void partialsThenMergeEqualThePlainCombine() {
    equalsThePlainCombine(
        in ->
            in.apply(Window.into(FixedWindows.of(MINUTE)))
                .apply("Partials", CombineInBundle.of(Sum.ofLongs())));
  }

  @Test
  public void keyedByEqualsKeyingWindowingAndPartialsInThreeSteps() {
    PipelineResult result = equalsThePlainCombine(keyedSums(Window.into(FixedWindows.of(MINUTE))));
    assertThat(PipelineCounters.get(result, "test_inputs")).isEqualTo(5_000);
  }

  /** Unkeys the input and sums it with {@link CombineInBundle#keyedBy} in {@code windowing}. */
  private static SerializableFunction<
          PCollection<KV<String, Long>>, PCollection<KV<String, long[]>>>
      keyedSums(Window<KV<String, long[]>> windowing) {
    return in ->
        in.apply("Unkey", MapElements.via(new Unkey()))
            .apply(
                "Partials",
                CombineInBundle.keyedBy(
                    new KeyOf(),
                    KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()),
                    Sum.ofLongs(),
                    windowing,
                    "test_inputs"));
  }

  /** "key=value": the unkeyed input of {@link CombineInBundle#keyedBy}. */
  private static final class Unkey extends SimpleFunction<KV<String, Long>, String> {
    @Override
    public String apply(KV<String, Long> kv) {
      return kv.getKey() + "=" + kv.getValue();
    }
  }

  private static final class KeyOf implements SerializableFunction<String, KV<String, Long>> {
    @Override
    public KV<String, Long> apply(String s) {
      int eq = s.indexOf('=');
      return KV.of(s.substring(0, eq), Long.parseLong(s.substring(eq + 1)));
    }
  }

  /**
   * 5,000 timestamped values of 5 keys over 10 minutes through {@code partials} and a merge give
   * the per-key, per-minute sums; fewer elements reach the merge than went in.
   */
  private PipelineResult equalsThePlainCombine(
      SerializableFunction<PCollection<KV<String, Long>>, PCollection<KV<String, long[]>>>
          partials) {
    Random random = new Random(7);
    List<TimestampedValue<KV<String, Long>>> input = new ArrayList<>();
    List<KV<String, Long>> expected = new ArrayList<>();
    long[][] sums = new long[5][10];
    for (int i = 0; i < 5_000; i++) {
      int key = random.nextInt(5);
      int minute = random.nextInt(10);
      long value = random.nextInt(1000);
      sums[key][minute] += value;
      input.add(
          TimestampedValue.of(
              KV.of("k" + key, value), new Instant(minute * 60_000L + random.nextInt(60_000))));
    }
    for (int k = 0; k < 5; k++) {
      for (int m = 0; m < 10; m++) {
        if (sums[k][m] > 0) {
          expected.add(KV.of("k" + k + "@" + m * 60_000L + "/ON_TIME", sums[k][m]));
        }
      }
    }
    PCollection<KV<String, Long>> combined =
        partials
            .apply(p.apply(Create.timestamped(input)))
            .apply("Merge", Combine.perKey(mergingAccumulators(Sum.ofLongs())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    PAssert.that(sumsByWindow(combined)).containsInAnyOrder(expected);

    PipelineResult result = p.run();
    result.waitUntilFinish();
    long shuffled = PipelineCounters.get(result, CombineInBundle.SHUFFLED_COUNTER);
    // At least one partial per (key, window), and fewer than the raw elements.
    assertThat(shuffled).isAtLeast(expected.size());
    assertThat(shuffled).isLessThan(input.size());
    return result;
  }

  private static <T> Window<T> lateWindowing() {
    return Window.<T>into(FixedWindows.of(MINUTE))
        .triggering(
            AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1)))
        .withAllowedLateness(Duration.standardMinutes(5))
        .discardingFiredPanes();
  }

  @Test
  public void lateElementsStayLateAndDroppedOnesStayDropped() {
    lateStaysLate(
        in ->
            in.apply(CombineInBundleTest.<KV<String, Long>>lateWindowing())
                .apply("Partials", CombineInBundle.of(Sum.ofLongs())));
  }

  @Test
  public void keyedByKeepsLateElementsLateAndDroppedOnesDropped() {
    lateStaysLate(keyedSums(lateWindowing()));
  }

  /** On time 1 + 2, late (within the allowed lateness) 4 + 8, past it 16: dropped. */
  private void lateStaysLate(
      SerializableFunction<PCollection<KV<String, Long>>, PCollection<KV<String, long[]>>>
          partials) {
    Instant base = new Instant(0);
    TestStream<KV<String, Long>> stream =
        TestStream.create(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()))
            .advanceWatermarkTo(base)
            .addElements(
                TimestampedValue.of(KV.of("a", 1L), base.plus(Duration.standardSeconds(10))),
                TimestampedValue.of(KV.of("a", 2L), base.plus(Duration.standardSeconds(20))))
            .advanceWatermarkTo(base.plus(Duration.standardMinutes(2)))
            // Late for window [0, 1m) but within the allowed lateness (5 min).
            .addElements(
                TimestampedValue.of(KV.of("a", 4L), base.plus(Duration.standardSeconds(30))),
                TimestampedValue.of(KV.of("a", 8L), base.plus(Duration.standardSeconds(40))))
            .advanceWatermarkTo(base.plus(Duration.standardMinutes(10)))
            // Past the allowed lateness: dropped, as the raw element would be.
            .addElements(
                TimestampedValue.of(KV.of("a", 16L), base.plus(Duration.standardSeconds(50))))
            .advanceWatermarkToInfinity();
    PCollection<KV<String, Long>> combined =
        partials
            .apply(p.apply(stream))
            .apply("Merge", Combine.perKey(mergingAccumulators(Sum.ofLongs())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of()));
    PCollection<KV<String, Long>> labelled = sumsByWindow(combined);
    PAssert.that(labelled)
        .satisfies(
            rows -> {
              long onTime = 0;
              long late = 0;
              for (KV<String, Long> kv : rows) {
                if (kv.getKey().endsWith("/ON_TIME")) {
                  onTime += kv.getValue();
                } else if (kv.getKey().endsWith("/LATE")) {
                  late += kv.getValue();
                }
              }
              assertThat(onTime).isEqualTo(3L);
              assertThat(late).isEqualTo(12L);
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void refusesMergingWindows() {
    PCollection<KV<String, Long>> in =
        p.apply(Create.of(KV.of("a", 1L))).apply(Window.into(Sessions.withGapDuration(MINUTE)));
    try {
      in.apply(CombineInBundle.of(Sum.ofLongs()));
      throw new AssertionError("expected a refusal");
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageThat().contains("non-merging windows");
    }
    p.enableAbandonedNodeEnforcement(false);
  }

  @Test
  public void keyedByRefusesWindowedInputAndNonPartitioningWindows() {
    PCollection<String> global = p.apply(Create.of("a=1"));
    KvCoder<String, Long> coder = KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());
    try {
      global.apply(
          "Sessions",
          CombineInBundle.keyedBy(
              new KeyOf(),
              coder,
              Sum.ofLongs(),
              Window.<KV<String, long[]>>into(Sessions.withGapDuration(MINUTE)),
              "test_inputs"));
      throw new AssertionError("expected a refusal of session windows");
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageThat().contains("partitioning window function");
    }
    try {
      global
          .apply("Minutes", Window.into(FixedWindows.of(MINUTE)))
          .apply(
              "Windowed",
              CombineInBundle.keyedBy(
                  new KeyOf(),
                  coder,
                  Sum.ofLongs(),
                  Window.<KV<String, long[]>>into(FixedWindows.of(MINUTE)),
                  "test_inputs"));
      throw new AssertionError("expected a refusal of windowed input");
    } catch (IllegalArgumentException e) {
      assertThat(e).hasMessageThat().contains("global window");
    }
    p.enableAbandonedNodeEnforcement(false);
  }
}
