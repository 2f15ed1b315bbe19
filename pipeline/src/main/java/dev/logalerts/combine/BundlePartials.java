package dev.logalerts.combine;

import dev.logalerts.model.PipelineCounters;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One bundle's partial aggregates per (key, window), for a DoFn that folds its own outputs (see
 * {@link CombineInBundle}): create it in {@code @StartBundle}, {@link #add} instead of outputting,
 * {@link #flush} in {@code @FinishBundle}. Each partial keeps the earliest timestamp of its inputs
 * and is output in the window its inputs came in; the window it aggregates over ({@code
 * bucketWindow}) only separates partials, so a window assignment after the step may place it by
 * that timestamp. Counts what it sends to {@value CombineInBundle#SHUFFLED_COUNTER}.
 */
public final class BundlePartials<K, InputT, AccumT> {
  private final CombineFn<InputT, AccumT, ?> fn;
  private final int maxPartials;
  private final Counter shuffled = PipelineCounters.counter(CombineInBundle.SHUFFLED_COUNTER);
  private final Map<Slot<K>, Partial<AccumT>> held = new HashMap<>();

  /**
   * Holds at most {@code maxPartials} partials ({@link CombineOptions#getMaxPartialsPerBundle}).
   */
  public BundlePartials(CombineFn<InputT, AccumT, ?> fn, int maxPartials) {
    this.fn = fn;
    this.maxPartials = maxPartials;
  }

  /**
   * Folds {@code input} into the partial of ({@code key}, {@code bucketWindow}). Returns null, or,
   * when the bundle already holds {@code maxPartials} partials, the input's own accumulator, for
   * the caller to output right away (with the input's timestamp and window).
   */
  public @Nullable AccumT add(
      K key, BoundedWindow bucketWindow, InputT input, Instant timestamp, BoundedWindow window) {
    Slot<K> slot = new Slot<>(key, bucketWindow);
    Partial<AccumT> partial = held.get(slot);
    if (partial == null) {
      AccumT acc = fn.addInput(fn.createAccumulator(), input);
      if (held.size() >= maxPartials) {
        shuffled.inc();
        return acc;
      }
      held.put(slot, new Partial<>(acc, timestamp, window));
      return null;
    }
    partial.accumulator = fn.addInput(partial.accumulator, input);
    if (timestamp.isBefore(partial.earliest)) {
      partial.earliest = timestamp;
    }
    return null;
  }

  /** Runs {@code action} on every partial held (e.g. to finish them before a flush). */
  public void forEachPartial(java.util.function.Consumer<AccumT> action) {
    for (Partial<AccumT> p : held.values()) {
      action.accept(p.accumulator);
    }
  }

  /** Outputs every partial held and forgets them. */
  public void flush(DoFn<?, KV<K, AccumT>>.FinishBundleContext c) {
    flush((kv, timestamp, window) -> c.output(kv, timestamp, window));
  }

  /** {@link #flush(DoFn.FinishBundleContext)} to the output {@code tag} of a multi-output step. */
  public void flush(DoFn<?, ?>.FinishBundleContext c, TupleTag<KV<K, AccumT>> tag) {
    flush((kv, timestamp, window) -> c.output(tag, kv, timestamp, window));
  }

  private void flush(Output<KV<K, AccumT>> out) {
    for (Map.Entry<Slot<K>, Partial<AccumT>> e : held.entrySet()) {
      Partial<AccumT> p = e.getValue();
      out.output(KV.of(e.getKey().key, p.accumulator), p.earliest, p.window);
    }
    shuffled.inc(held.size());
    held.clear();
  }

  /** Where a flush puts each partial: an output of the finishing bundle. */
  private interface Output<T> {
    void output(T value, Instant timestamp, BoundedWindow window);
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
    final BoundedWindow window;

    Partial(AccumT accumulator, Instant earliest, BoundedWindow window) {
      this.accumulator = accumulator;
      this.earliest = earliest;
      this.window = window;
    }
  }
}
