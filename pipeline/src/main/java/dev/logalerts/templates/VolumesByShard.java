package dev.logalerts.templates;

import dev.logalerts.templates.NoisyVolumeFn.Volume;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;

/**
 * The merge of the noisy-log account's partial volumes, done for many keys at once: each partial
 * (one key, window and bundle, from {@code CombineInBundle}) is keyed by a shard of its key ({@link
 * ShardFn}), and one combine per shard and window merges the partials into a map from key to volume
 * ({@link MergeFn}); every key of the map becomes one row.
 *
 * <p><b>Why shards.</b> A noisy-log key is a (service, log, severity, template): thousands per
 * window in a real project, most with a handful of entries. Grouped by key, each of them is its own
 * group after the shuffle, with its own state, its own end-of-window timer and its own piece of
 * work when the window closes (on Dataflow a work item per key; on the DirectRunner a bundle per
 * key through every following step). Grouped by shard, a window closes with one group per shard,
 * whatever the number of templates. The shard is a hash that every JVM computes alike ({@link
 * NoisyKey#stableHash}), so all partials of a key meet in one shard, and each key still gets
 * exactly one row per pane. What it costs: a pane is the shard's (a LATE pane carries the late
 * entries of all the shard's keys, and {@code pane_index} counts the shard's panes), and a shard's
 * accumulator holds its share of the window's templates ({@code noisyLogShards} spreads them).
 */
final class VolumesByShard {
  private VolumesByShard() {}

  /** The coder of the shuffled elements: shard, then the key's partial volume. */
  static <K> KvCoder<Integer, KV<K, Volume>> shardedCoder(Coder<K> keyCoder) {
    return KvCoder.of(VarIntCoder.of(), KvCoder.of(keyCoder, NoisyVolumeFn.VolumeCoder.of()));
  }

  /** The coder of a shard's merged volumes. */
  static <K> KvCoder<Integer, Map<K, Volume>> mergedCoder(Coder<K> keyCoder) {
    return KvCoder.of(VarIntCoder.of(), volumesCoder(keyCoder));
  }

  private static <K> Coder<Map<K, Volume>> volumesCoder(Coder<K> keyCoder) {
    return MapCoder.of(keyCoder, NoisyVolumeFn.VolumeCoder.of());
  }

  /** Keys each partial by its shard: {@code stableHash(key)} modulo the number of shards. */
  static final class ShardFn<K> extends DoFn<KV<K, Volume>, KV<Integer, KV<K, Volume>>> {
    private final SerializableFunction<K, Integer> stableHash;
    private final int shards;

    ShardFn(SerializableFunction<K, Integer> stableHash, int shards) {
      if (shards < 1) {
        throw new IllegalArgumentException("shards must be at least 1, got " + shards);
      }
      this.stableHash = stableHash;
      this.shards = shards;
    }

    @ProcessElement
    public void process(
        @Element KV<K, Volume> partial, OutputReceiver<KV<Integer, KV<K, Volume>>> out) {
      out.output(KV.of(shardOf(partial.getKey()), partial));
    }

    int shardOf(K key) {
      return Math.floorMod(stableHash.apply(key), shards);
    }
  }

  /**
   * Merges the partial volumes of a shard by key. Input volumes are copied, never changed (they are
   * the pipeline's elements); accumulators are changed in place.
   */
  static final class MergeFn<K> extends CombineFn<KV<K, Volume>, Map<K, Volume>, Map<K, Volume>> {
    private final Coder<K> keyCoder;

    MergeFn(Coder<K> keyCoder) {
      this.keyCoder = keyCoder;
    }

    @Override
    public Map<K, Volume> createAccumulator() {
      return new HashMap<>();
    }

    @Override
    public Map<K, Volume> addInput(Map<K, Volume> volumes, KV<K, Volume> partial) {
      Volume v = volumes.get(partial.getKey());
      if (v == null) {
        v = new Volume();
        volumes.put(partial.getKey(), v);
      }
      NoisyVolumeFn.mergeInto(v, partial.getValue());
      return volumes;
    }

    @Override
    public Map<K, Volume> mergeAccumulators(Iterable<Map<K, Volume>> accumulators) {
      Iterator<Map<K, Volume>> it = accumulators.iterator();
      if (!it.hasNext()) {
        return createAccumulator();
      }
      Map<K, Volume> out = it.next();
      while (it.hasNext()) {
        for (Map.Entry<K, Volume> e : it.next().entrySet()) {
          Volume mine = out.putIfAbsent(e.getKey(), e.getValue());
          if (mine != null) {
            NoisyVolumeFn.mergeInto(mine, e.getValue());
          }
        }
      }
      return out;
    }

    @Override
    public Map<K, Volume> extractOutput(Map<K, Volume> volumes) {
      return volumes;
    }

    @Override
    public Coder<Map<K, Volume>> getAccumulatorCoder(
        CoderRegistry registry, Coder<KV<K, Volume>> inputCoder) {
      return volumesCoder(keyCoder);
    }

    @Override
    public Coder<Map<K, Volume>> getDefaultOutputCoder(
        CoderRegistry registry, Coder<KV<K, Volume>> inputCoder) {
      return volumesCoder(keyCoder);
    }
  }
}
