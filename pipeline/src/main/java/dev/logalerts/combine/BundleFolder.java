package dev.logalerts.combine;

import dev.logalerts.model.BundleCounter;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PartitioningWindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The per-element work of {@link CombineInBundle}'s partials step, as an object a DoFn holds: key
 * each element, fold it into this bundle's partial of its key and window, put the partials out when
 * the bundle ends. {@link CombineInBundle} runs it in a step of its own; a step that already reads
 * every element can run it too (one pass over each element instead of two on a runner that does not
 * fuse steps, the DirectRunner). Call {@link #startBundle} and {@link #finishBundle} from the
 * DoFn's own methods.
 */
public final class BundleFolder<T, K, InputT, AccumT> implements Serializable {
  private final SerializableFunction<T, KV<K, InputT>> keyFn;
  private final CombineFn<InputT, AccumT, ?> fn;
  private final @Nullable PartitioningWindowFn<?, ?> windowFn;
  private final @Nullable BundleCounter inputs;
  private final int maxPartials;
  private transient @Nullable BundlePartials<K, InputT, AccumT> partials;

  BundleFolder(
      SerializableFunction<T, KV<K, InputT>> keyFn,
      CombineFn<InputT, AccumT, ?> fn,
      @Nullable PartitioningWindowFn<?, ?> windowFn,
      @Nullable String inputsCounter,
      int maxPartials) {
    this.keyFn = keyFn;
    this.fn = fn;
    this.windowFn = windowFn;
    this.inputs = inputsCounter == null ? null : BundleCounter.of(inputsCounter);
    this.maxPartials = maxPartials;
  }

  public void startBundle() {
    partials = new BundlePartials<>(fn, maxPartials);
    if (inputs != null) {
      inputs.startBundle();
    }
  }

  /**
   * Folds {@code element} (of {@code window}, at {@code timestamp}); returns null, or a partial of
   * its own to output right away when the bundle holds its maximum of partials.
   */
  public @Nullable KV<K, AccumT> add(T element, Instant timestamp, BoundedWindow window) {
    KV<K, InputT> kv = keyFn.apply(element);
    if (inputs != null) {
      inputs.inc();
    }
    BoundedWindow bucket = windowFn == null ? window : windowFn.assignWindow(timestamp);
    AccumT single =
        Objects.requireNonNull(partials).add(kv.getKey(), bucket, kv.getValue(), timestamp, window);
    return single == null ? null : KV.of(kv.getKey(), single);
  }

  /** Outputs the bundle's partials to the step's main output. */
  public void finishBundle(DoFn<?, KV<K, AccumT>>.FinishBundleContext c) {
    Objects.requireNonNull(partials).flush(c);
    flushInputs();
  }

  /** Outputs the bundle's partials to the output {@code tag} of a multi-output step. */
  public void finishBundle(DoFn<?, ?>.FinishBundleContext c, TupleTag<KV<K, AccumT>> tag) {
    Objects.requireNonNull(partials).flush(c, tag);
    flushInputs();
  }

  private void flushInputs() {
    if (inputs != null) {
      inputs.flush();
    }
  }
}
