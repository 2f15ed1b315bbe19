package dev.logalerts.alerting;

import static dev.logalerts.combine.CombineInBundle.mergingAccumulators;

import dev.logalerts.model.PipelineCounters;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/** Per (rule, group) and rule period: the partial buckets merged into one per event-time bucket. */
final class AggregateBuckets
    extends PTransform<PCollection<KV<String, BucketAgg>>, PCollection<KV<String, BucketAgg>>> {
  private final Duration allowedLateness;
  private final int fanout;
  private final Duration earlyFiring;

  AggregateBuckets(Duration allowedLateness, int fanout, Duration earlyFiring) {
    this.allowedLateness = allowedLateness;
    this.fanout = fanout;
    this.earlyFiring = earlyFiring;
  }

  @Override
  public PCollection<KV<String, BucketAgg>> expand(PCollection<KV<String, BucketAgg>> in) {
    Combine.PerKey<String, BucketAgg, BucketAgg> merge =
        Combine.perKey(mergingAccumulators(new BucketAgg.BucketAggFn()));
    PTransform<PCollection<KV<String, BucketAgg>>, PCollection<KV<String, BucketAgg>>> combine =
        fanout > 1 ? merge.withHotKeyFanout(fanout) : merge;
    AfterWatermark.AfterWatermarkEarlyAndLate trigger =
        AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1));
    if (in.isBounded() == PCollection.IsBounded.UNBOUNDED
        && earlyFiring.isLongerThan(Duration.ZERO)) {
      // Partial buckets every earlyFiring while data arrives, so threshold rules fire within
      // seconds (see ThresholdKind); discarding panes make each a delta to add.
      trigger =
          trigger.withEarlyFirings(
              AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiring));
    }
    return in.apply(
            "BucketWindows",
            Window.<KV<String, BucketAgg>>into(new RulePeriodWindows())
                .triggering(trigger)
                .withAllowedLateness(allowedLateness)
                .discardingFiredPanes()
                // After early panes the on-time pane is a delta; an empty one adds nothing.
                .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY))
        .apply("CombineBuckets", combine)
        .setCoder(KvCoder.of(StringUtf8Coder.of(), BucketAgg.BucketAggCoder.of()))
        .apply("StampBuckets", ParDo.of(new StampFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), BucketAgg.BucketAggCoder.of()));
  }

  /** Records the bucket's end and size in the aggregate (the global window forgets them). */
  static final class StampFn extends DoFn<KV<String, BucketAgg>, KV<String, BucketAgg>> {
    private final Counter latePanes = PipelineCounters.counter("late_panes");

    @ProcessElement
    public void process(
        @Element KV<String, BucketAgg> kv,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<KV<String, BucketAgg>> out) {
      BucketAgg a = kv.getValue().copy();
      IntervalWindow w = (IntervalWindow) window;
      a.endMillis = w.end().getMillis();
      a.periodMillis = w.end().getMillis() - w.start().getMillis();
      a.early = pane.getTiming() == PaneInfo.Timing.EARLY;
      a.late = pane.getTiming() == PaneInfo.Timing.LATE;
      if (a.late) {
        latePanes.inc();
      }
      out.output(KV.of(kv.getKey(), a));
    }
  }
}
