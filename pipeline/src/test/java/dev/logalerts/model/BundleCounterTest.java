package dev.logalerts.model;

import static com.google.common.truth.Truth.assertThat;

import java.io.Closeable;
import org.apache.beam.runners.core.metrics.MetricsContainerImpl;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.MetricName;
import org.apache.beam.sdk.metrics.MetricsEnvironment;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class BundleCounterTest {
  @Rule public final transient TestPipeline pipeline = TestPipeline.create();

  /** Counts each element once, through a counter flushed per bundle. */
  static class CountFn extends DoFn<Integer, Integer> {
    private final BundleCounter seen = BundleCounter.of("bundle_counter_test");

    @StartBundle
    public void startBundle() {
      seen.startBundle();
    }

    @ProcessElement
    public void process(@Element Integer i) {
      seen.inc();
      if (i % 10 == 0) {
        seen.inc(2);
      }
    }

    @FinishBundle
    public void finishBundle() {
      seen.flush();
    }
  }

  @Test
  public void totalsOverManyBundlesAreThoseOfEveryElement() {
    TestStream.Builder<Integer> stream = TestStream.create(VarIntCoder.of());
    for (int bundle = 0; bundle < 5; bundle++) {
      Integer[] more = new Integer[99];
      for (int i = 0; i < more.length; i++) {
        more[i] = bundle * 1000 + i + 1;
      }
      stream = stream.addElements(bundle * 1000, more);
    }
    pipeline.apply(stream.advanceWatermarkToInfinity()).apply(ParDo.of(new CountFn()));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    // 5 bundles of 100 elements, 10 of each a multiple of 10 counting 2 more.
    assertThat(PipelineCounters.get(result, "bundle_counter_test")).isEqualTo(5 * (100 + 2 * 10));
  }

  @Test
  public void aCreatedCollectionOfTenThousandIsCountedExactly() {
    java.util.List<Integer> xs = new java.util.ArrayList<>();
    for (int i = 1; i <= 10000; i++) {
      xs.add(i * 10 + 1);
    }
    pipeline.apply(org.apache.beam.sdk.transforms.Create.of(xs)).apply(ParDo.of(new CountFn()));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertThat(PipelineCounters.get(result, "bundle_counter_test")).isEqualTo(10000L);
  }

  @Test
  public void aNewBundleForgetsCountsThatWereNotFlushed() throws Exception {
    BundleCounter counter = BundleCounter.of("c");
    MetricsContainerImpl container = new MetricsContainerImpl("step");
    try (Closeable scope = MetricsEnvironment.scopedMetricsContainer(container)) {
      counter.inc(7); // a bundle that failed before its end
      counter.startBundle();
      counter.inc();
      counter.inc(4);
      counter.flush();
      counter.flush(); // nothing new: adds nothing
    }
    MetricName name = MetricName.named(PipelineCounters.NAMESPACE, "c");
    assertThat(container.getCounter(name).getCumulative()).isEqualTo(5L);
  }
}
