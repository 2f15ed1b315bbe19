package dev.logalerts.combine;

import dev.logalerts.model.PipelineCounters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
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
 */
public final class CombineInBundle<K, InputT, AccumT>
    extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, AccumT>>> {
  /** Elements sent to a shuffle by this step (namespace {@value PipelineCounters#NAMESPACE}). */
  public static final String SHUFFLED_COUNTER = "shuffled_elements";

  /** Bound on the partials held per bundle (keys times windows). */
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

  @Override
  public PCollection<KV<K, AccumT>> expand(PCollection<KV<K, InputT>> input) {
    if (!input.getWindowingStrategy().getWindowFn().isNonMerging()) {
      throw new IllegalArgumentException(
          "CombineInBundle needs non-merging windows: a partial is kept per assigned window");
    }
    KvCoder<K, InputT> inputCoder = (KvCoder<K, InputT>) input.getCoder();
    Coder<AccumT> accumCoder;
    try {
      accumCoder =
          fn.getAccumulatorCoder(
              input.getPipeline().getCoderRegistry(), inputCoder.getValueCoder());
    } catch (CannotProvideCoderException e) {
      throw new IllegalStateException("no accumulator coder for " + fn.getClass().getName(), e);
    }
    return input
        .apply("Partials", ParDo.of(new PartialsFn<K, InputT, AccumT>(fn)))
        .setCoder(KvCoder.of(inputCoder.getKeyCoder(), accumCoder));
  }

  /** Accumulates per (key, window) during a bundle and outputs the partials at its end. */
  static final class PartialsFn<K, InputT, AccumT> extends DoFn<KV<K, InputT>, KV<K, AccumT>> {
    private final CombineFn<InputT, AccumT, ?> fn;
    private final Counter shuffled = PipelineCounters.counter(SHUFFLED_COUNTER);
    private transient @Nullable Map<Slot<K>, Partial<AccumT>> partials;

    PartialsFn(CombineFn<InputT, AccumT, ?> fn) {
      this.fn = fn;
    }

    @StartBundle
    public void startBundle() {
      partials = new HashMap<>();
    }

    @ProcessElement
    public void process(
        @Element KV<K, InputT> element,
        @Timestamp Instant timestamp,
        BoundedWindow window,
        OutputReceiver<KV<K, AccumT>> out) {
      Map<Slot<K>, Partial<AccumT>> held = Objects.requireNonNull(partials);
      Slot<K> slot = new Slot<>(element.getKey(), window);
      Partial<AccumT> partial = held.get(slot);
      if (partial == null) {
        AccumT acc = fn.addInput(fn.createAccumulator(), element.getValue());
        if (held.size() >= MAX_PARTIALS) {
          shuffled.inc();
          out.output(KV.of(element.getKey(), acc));
          return;
        }
        held.put(slot, new Partial<>(acc, timestamp));
        return;
      }
      partial.accumulator = fn.addInput(partial.accumulator, element.getValue());
      if (timestamp.isBefore(partial.earliest)) {
        partial.earliest = timestamp;
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext c) {
      Map<Slot<K>, Partial<AccumT>> held = Objects.requireNonNull(partials);
      for (Map.Entry<Slot<K>, Partial<AccumT>> e : held.entrySet()) {
        Partial<AccumT> p = e.getValue();
        c.output(KV.of(e.getKey().key, p.accumulator), p.earliest, e.getKey().window);
      }
      shuffled.inc(held.size());
      held.clear();
    }
  }

  private static final class Slot<K> {
    final K key;
    final BoundedWindow window;
    final int hash;

    Slot(K key, BoundedWindow window) {
      this.key = key;
      this.window = window;
      this.hash = 31 * key.hashCode() + window.hashCode();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Slot<?> s
          && hash == s.hash
          && key.equals(s.key)
          && window.equals(s.window);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private static final class Partial<AccumT> {
    AccumT accumulator;
    Instant earliest;

    Partial(AccumT accumulator, Instant earliest) {
      this.accumulator = accumulator;
      this.earliest = earliest;
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
