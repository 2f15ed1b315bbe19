package dev.logalerts.combine;

import dev.logalerts.model.PipelineCounters;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.PartitioningWindowFn;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Folds each bundle's elements into one partial aggregate (the combine's accumulator) per key and
 * window, flushed when the bundle ends; the following {@code Combine.perKey} over {@link
 * #mergingAccumulators} merges the partials. The result is the same as combining the raw elements:
 * every element is added to exactly one partial, and partials only merge, so sums stay exact.
 *
 * <p><b>Why by hand.</b> Combiner lifting does this inside Dataflow, but not in the DirectRunner,
 * where every element reached the GroupByKey and was held in memory with a watermark hold until the
 * end of a local run. Here the effect is the same on every runner, and the counter {@value
 * #SHUFFLED_COUNTER} says how many elements went to shuffles (per entry: that over {@code
 * entries_parsed}), the figure the Streaming Engine bill follows.
 *
 * <p><b>Time and windows.</b> Place it after the window assignment: a partial keeps its elements'
 * window and the earliest of their timestamps, so lateness, panes and the downstream timestamp
 * combiner see what the raw elements would have produced. In streaming, bundles are small and
 * short-lived, so flushing at the end of a bundle delays nothing (early panes included). Keys must
 * have value equality (they are value types here: strings and AutoValue keys). At most {@link
 * #MAX_PARTIALS} partials are held per bundle; past that an element goes out on its own.
 *
 * <p><b>Keying and windowing in the same step.</b> {@link #keyedBy} takes unkeyed elements in the
 * global window, keys each with a function and places it in the window of a {@link
 * PartitioningWindowFn} (fixed windows) by its timestamp, then applies the windowing to the
 * partials: the same partials as keying, windowing and folding in three steps, but each element
 * passes one step instead of three. On Dataflow the three fuse anyway; the DirectRunner pays
 * several microseconds per element and step, the largest cost of a local run after parsing.
 */
public final class CombineInBundle<K, InputT, AccumT>
    extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, AccumT>>> {
  /** Elements sent to a shuffle by this step (namespace {@value PipelineCounters#NAMESPACE}). */
  public static final String SHUFFLED_COUNTER = "shuffled_elements";

  /** Bound on the partials held per bundle (keys times windows); see {@link CombineOptions}. */
  public static final int MAX_PARTIALS = 20_000;

  private final CombineFn<InputT, AccumT, ?> fn;

  private CombineInBundle(CombineFn<InputT, AccumT, ?> fn) {
    this.fn = fn;
  }

  /**
   * Partial aggregates of {@code fn}; follow with {@code Combine.perKey(mergingAccumulators(fn))}.
   */
  public static <K, InputT, AccumT> CombineInBundle<K, InputT, AccumT> of(
      CombineFn<InputT, AccumT, ?> fn) {
    return new CombineInBundle<>(fn);
  }

  /** The combine of the partials: {@code fn} with its accumulators as input. */
  public static <InputT, AccumT, OutputT> CombineFn<AccumT, AccumT, OutputT> mergingAccumulators(
      CombineFn<InputT, AccumT, OutputT> fn) {
    return new MergingFn<>(fn);
  }

  /**
   * Keys each element with {@code keyFn}, folds it into the partial of its key and of the window
   * {@code windowing} assigns to its timestamp, and applies {@code windowing} to the partials (each
   * carries the earliest timestamp of its elements, which lies in its window). The input must be in
   * the global window and {@code windowing}'s window function must be a {@link
   * PartitioningWindowFn}. {@code inputsCounter} counts the elements folded.
   */
  public static <T, K, InputT, AccumT> KeyedBy<T, K, InputT, AccumT> keyedBy(
      SerializableFunction<T, KV<K, InputT>> keyFn,
      KvCoder<K, InputT> keyedCoder,
      CombineFn<InputT, AccumT, ?> fn,
      Window<KV<K, AccumT>> windowing,
      String inputsCounter) {
    return new KeyedBy<>(keyFn, keyedCoder, fn, windowing, inputsCounter);
  }

  /** See {@link #keyedBy}: steps {@code Partials} (keys, windows, folds) and {@code Window}. */
  public static final class KeyedBy<T, K, InputT, AccumT>
      extends PTransform<PCollection<T>, PCollection<KV<K, AccumT>>> {
    private final SerializableFunction<T, KV<K, InputT>> keyFn;
    private final KvCoder<K, InputT> keyedCoder;
    private final CombineFn<InputT, AccumT, ?> fn;
    private final Window<KV<K, AccumT>> windowing;
    private final String inputsCounter;

    private KeyedBy(
        SerializableFunction<T, KV<K, InputT>> keyFn,
        KvCoder<K, InputT> keyedCoder,
        CombineFn<InputT, AccumT, ?> fn,
        Window<KV<K, AccumT>> windowing,
        String inputsCounter) {
      this.keyFn = keyFn;
      this.keyedCoder = keyedCoder;
      this.fn = fn;
      this.windowing = windowing;
      this.inputsCounter = inputsCounter;
    }

    @Override
    public PCollection<KV<K, AccumT>> expand(PCollection<T> input) {
      if (!(input.getWindowingStrategy().getWindowFn() instanceof GlobalWindows)) {
        throw new IllegalArgumentException(
            "CombineInBundle.keyedBy needs its input in the global window: it assigns the windows");
      }
      return input
          .apply("Partials", ParDo.of(new PartialsFn<>(folder(input.getPipeline()))))
          .setCoder(outputCoder(input.getPipeline()))
          .apply("Window", windowing);
    }

    /**
     * The keying and folding of this step, for a DoFn of {@code pipeline} that already reads every
     * element: its partials (coded with {@link #outputCoder}, in the global window) then go through
     * {@link #windowing()}, as this step's do.
     */
    public BundleFolder<T, K, InputT, AccumT> folder(Pipeline pipeline) {
      return new BundleFolder<>(
          keyFn, fn, windowFn(), inputsCounter, CombineOptions.maxPartialsPerBundle(pipeline));
    }

    /** The coder of the partials. */
    public KvCoder<K, AccumT> outputCoder(Pipeline pipeline) {
      return KvCoder.of(keyedCoder.getKeyCoder(), accumulatorCoder(fn, pipeline, keyedCoder));
    }

    /** The windowing applied to the partials. */
    public Window<KV<K, AccumT>> windowing() {
      return windowing;
    }

    private PartitioningWindowFn<?, ?> windowFn() {
      if (!(windowing.getWindowFn() instanceof PartitioningWindowFn<?, ?> windowFn)) {
        throw new IllegalArgumentException(
            "CombineInBundle.keyedBy needs a partitioning window function (e.g. FixedWindows),"
                + " not "
                + windowing.getWindowFn());
      }
      return windowFn;
    }
  }

  @Override
  public PCollection<KV<K, AccumT>> expand(PCollection<KV<K, InputT>> input) {
    if (!input.getWindowingStrategy().getWindowFn().isNonMerging()) {
      throw new IllegalArgumentException(
          "CombineInBundle needs non-merging windows: a partial is kept per assigned window");
    }
    KvCoder<K, InputT> inputCoder = (KvCoder<K, InputT>) input.getCoder();
    Coder<AccumT> accumCoder = accumulatorCoder(fn, input.getPipeline(), inputCoder);
    return input
        .apply(
            "Partials",
            ParDo.of(
                PartialsFn.<K, InputT, AccumT>ofKeyed(
                    fn, CombineOptions.maxPartialsPerBundle(input))))
        .setCoder(KvCoder.of(inputCoder.getKeyCoder(), accumCoder));
  }

  private static <InputT, AccumT> Coder<AccumT> accumulatorCoder(
      CombineFn<InputT, AccumT, ?> fn, Pipeline pipeline, KvCoder<?, InputT> inputCoder) {
    try {
      return fn.getAccumulatorCoder(pipeline.getCoderRegistry(), inputCoder.getValueCoder());
    } catch (CannotProvideCoderException e) {
      throw new IllegalStateException("no accumulator coder for " + fn.getClass().getName(), e);
    }
  }

  /**
   * Accumulates per (key, window) during a bundle and outputs the partials at its end ({@link
   * BundleFolder}). Keyed input in its windows ({@link #ofKeyed}), or any input keyed by a function
   * and windowed by a partitioning window function, its partials output in the element's own
   * (global) window.
   */
  static final class PartialsFn<T, K, InputT, AccumT> extends DoFn<T, KV<K, AccumT>> {
    private final BundleFolder<T, K, InputT, AccumT> folder;

    PartialsFn(BundleFolder<T, K, InputT, AccumT> folder) {
      this.folder = folder;
    }

    static <K, InputT, AccumT> PartialsFn<KV<K, InputT>, K, InputT, AccumT> ofKeyed(
        CombineFn<InputT, AccumT, ?> fn, int maxPartials) {
      return new PartialsFn<>(new BundleFolder<>(kv -> kv, fn, null, null, maxPartials));
    }

    @StartBundle
    public void startBundle() {
      folder.startBundle();
    }

    @ProcessElement
    public void process(
        @Element T element,
        @Timestamp Instant timestamp,
        BoundedWindow window,
        OutputReceiver<KV<K, AccumT>> out) {
      KV<K, AccumT> single = folder.add(element, timestamp, window);
      if (single != null) {
        out.output(single);
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      folder.finishBundle(c);
    }
  }

  /** {@code fn} over partials: adding a partial merges it. */
  static final class MergingFn<InputT, AccumT, OutputT> extends CombineFn<AccumT, AccumT, OutputT> {
    private final CombineFn<InputT, AccumT, OutputT> fn;

    MergingFn(CombineFn<InputT, AccumT, OutputT> fn) {
      this.fn = fn;
    }

    @Override
    public AccumT createAccumulator() {
      return fn.createAccumulator();
    }

    @Override
    public AccumT addInput(AccumT accumulator, AccumT partial) {
      List<AccumT> both = new ArrayList<>(2);
      both.add(accumulator);
      both.add(partial);
      return fn.mergeAccumulators(both);
    }

    @Override
    public AccumT mergeAccumulators(Iterable<AccumT> accumulators) {
      return fn.mergeAccumulators(accumulators);
    }

    @Override
    public OutputT extractOutput(AccumT accumulator) {
      return fn.extractOutput(accumulator);
    }

    @Override
    public AccumT compact(AccumT accumulator) {
      return fn.compact(accumulator);
    }

    @Override
    public Coder<AccumT> getAccumulatorCoder(CoderRegistry registry, Coder<AccumT> inputCoder) {
      return inputCoder;
    }

    @Override
    public Coder<OutputT> getDefaultOutputCoder(CoderRegistry registry, Coder<AccumT> inputCoder)
        throws CannotProvideCoderException {
      return registry.getCoder(fn.getOutputType());
    }
  }
}
