package dev.logalerts.alerting;

import dev.logalerts.model.BinaryCodec;
import dev.logalerts.model.MatchedEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.apache.datasketches.quantilescommon.QuantilesUtil;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Aggregate of one (rule, group) over one bucket (one {@code period} of event time), and the
 * accumulator of {@link BucketAggFn}. Everything is mergeable: counts add, the latency sketch is a
 * DataSketches KLL sketch (merge, never a list of values), samples keep the first {@link
 * #MAX_SAMPLES} by {@link Observation#SAMPLE_ORDER} (deterministic whatever the merge order), and
 * templates (new-template rules only) keep the {@link #MAX_TEMPLATES} smallest template ids.
 */
@DefaultCoder(BucketAgg.BucketAggCoder.class)
public final class BucketAgg {
  static final int MAX_SAMPLES = 5;
  static final int MAX_TEMPLATES = 200;

  /** Bucket end (exclusive, epoch millis); set once the bucket's window is known. */
  long endMillis;

  /** Bucket size (millis), stamped with {@link #endMillis}: which rule version made the bucket. */
  long periodMillis;

  /**
   * Streaming: an early pane, i.e. a partial bucket sent before the watermark reached its end, so
   * that a threshold can fire within seconds. Never stored: only the arriving element carries it.
   */
  boolean early;

  /**
   * Streaming: a late pane, i.e. entries that came after the watermark had passed the bucket's end
   * (a backlog read behind the watermark, an agent's delayed batch). Never stored, as {@link
   * #early}: the key's evaluation waits for the rest of such panes ({@link LifecycleFn}).
   */
  boolean late;

  long count;

  /** Ratio: entries that matched the numerator; latency: requests at or above the threshold. */
  long numerator;

  @Nullable KllDoublesSketch latency;

  /**
   * Latency: the threshold every request in {@link #latency} was compared with for {@link
   * #numerator}; NaN when not one threshold (a rule edited while its buckets filled, or a bucket
   * stored before slow requests were counted): then the sketch alone decides.
   */
  double latencyCountedAt = Double.NaN;

  final List<Observation> samples = new ArrayList<>(MAX_SAMPLES + 1);
  long minTsMillis = Long.MAX_VALUE;
  long maxTsMillis = Long.MIN_VALUE;

  /** new-template rules: template id → what was seen of it in this bucket. */
  final TreeMap<String, TemplateStat> templates = new TreeMap<>();

  /** One template inside a bucket. */
  static final class TemplateStat {
    String template;
    long count;
    final List<Observation> samples = new ArrayList<>(MAX_SAMPLES + 1);

    TemplateStat(String template) {
      this.template = template;
    }

    long firstMillis() {
      return samples.isEmpty() ? Long.MAX_VALUE : samples.get(0).timestampMillis();
    }
  }

  void add(Observation o) {
    periodMillis = o.periodMillis; // a partial's bucket size, for RulePeriodWindows
    if (o.isSeed()) {
      return; // only makes the bucket (and so the key) exist
    }
    count++;
    if (o.numeratorHit) {
      numerator++;
    }
    if (!Double.isNaN(o.latencySeconds)) {
      countedAt(o.latencyThreshold);
      if (latency == null) {
        latency = KllDoublesSketch.newHeapInstance();
      }
      latency.update(o.latencySeconds);
    }
    addSample(samples, o);
    long ts = o.timestampMillis();
    minTsMillis = Math.min(minTsMillis, ts);
    maxTsMillis = Math.max(maxTsMillis, ts);
    if (!o.templateId.isEmpty()) {
      TemplateStat t = templates.get(o.templateId);
      if (t == null) {
        t = new TemplateStat(o.template);
        templates.put(o.templateId, t);
      }
      t.count++;
      addSample(t.samples, o);
      capTemplates();
    }
  }

  void merge(BucketAgg other) {
    count += other.count;
    numerator += other.numerator;
    if (other.latency != null) {
      if (!other.latency.isEmpty()) {
        countedAt(other.latencyCountedAt);
      }
      if (latency == null) {
        latency = KllDoublesSketch.newHeapInstance();
      }
      latency.merge(other.latency);
    }
    for (Observation o : other.samples) {
      addSample(samples, o);
    }
    minTsMillis = Math.min(minTsMillis, other.minTsMillis);
    maxTsMillis = Math.max(maxTsMillis, other.maxTsMillis);
    for (Map.Entry<String, TemplateStat> e : other.templates.entrySet()) {
      TemplateStat mine = templates.get(e.getKey());
      if (mine == null) {
        mine = new TemplateStat(e.getValue().template);
        templates.put(e.getKey(), mine);
      }
      mine.count += e.getValue().count;
      for (Observation o : e.getValue().samples) {
        addSample(mine.samples, o);
      }
    }
    capTemplates();
  }

  /** Latency quantile (0..1) over this aggregate, or NaN when it holds no latency. */
  double quantile(double rank) {
    return latency == null || latency.isEmpty()
        ? Double.NaN
        : latency.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
  }

  long latencyCount() {
    return latency == null ? 0 : latency.getN();
  }

  /** Before latencies counted against {@code threshold} join this aggregate's. */
  private void countedAt(double threshold) {
    boolean first = latency == null || latency.isEmpty();
    boolean same = Double.compare(latencyCountedAt, threshold) == 0;
    latencyCountedAt = first || same ? threshold : Double.NaN;
  }

  /**
   * Whether the latencies' {@code rank} quantile (inclusive, as {@link #quantile}) reaches {@code
   * threshold}, decided exactly: the quantile is the n-th smallest latency for the natural rank n,
   * so it reaches the threshold when fewer than n latencies are below it. The counts add up the
   * same whatever the merge order, where the sketch's own answer is approximate (and randomised)
   * once it holds more than a few hundred values. Null when the slow requests were not counted
   * against this threshold ({@link #latencyCountedAt}), or there are no latencies.
   */
  @Nullable Boolean quantileReaches(double rank, double threshold) {
    long n = latencyCount();
    if (n == 0 || Double.compare(latencyCountedAt, threshold) != 0) {
      return null;
    }
    double naturalRank = QuantilesUtil.getNaturalRank(rank, n, QuantileSearchCriteria.INCLUSIVE);
    return n - numerator < naturalRank;
  }

  /**
   * The latency the sketch kept that is nearest to {@code threshold} on one side: the smallest at
   * or above it, or the largest below it; the extreme value (always kept) when none is. For showing
   * a value on the side of the threshold the exact decision is on when the estimate is not.
   */
  double nearestKept(double threshold, boolean atOrAbove) {
    DoublesSortedView view = latency.getSortedView();
    double[] kept = view.getQuantiles(); // ascending
    int i = 0;
    while (i < kept.length && kept[i] < threshold) {
      i++;
    }
    if (atOrAbove) {
      return i < kept.length ? kept[i] : view.getMaxItem();
    }
    return i > 0 ? kept[i - 1] : view.getMinItem();
  }

  private void capTemplates() {
    while (templates.size() > MAX_TEMPLATES) {
      templates.pollLastEntry();
    }
  }

  /** Inserts in sample order and keeps the first MAX_SAMPLES; an exact duplicate is ignored. */
  static void addSample(List<Observation> list, Observation o) {
    int i = 0;
    while (i < list.size()) {
      int c = Observation.SAMPLE_ORDER.compare(o, list.get(i));
      if (c == 0 && o.equals(list.get(i))) {
        return;
      }
      if (c < 0) {
        break;
      }
      i++;
    }
    if (i >= MAX_SAMPLES) {
      return;
    }
    list.add(i, o);
    if (list.size() > MAX_SAMPLES) {
      list.remove(list.size() - 1);
    }
  }

  /**
   * Works out the noisy-log template id of the samples this bucket keeps (see {@link
   * Observation#settleSampleTemplate}): when a bundle's partial leaves its step, so that only the
   * samples kept at the end of a bundle pay for it.
   */
  void settleSamples(SerializableFunction<MatchedEvent, String> templateIds) {
    for (Observation o : samples) {
      o.settleSampleTemplate(templateIds);
    }
    for (TemplateStat t : templates.values()) {
      for (Observation o : t.samples) {
        o.settleSampleTemplate(templateIds);
      }
    }
  }

  BucketAgg copy() {
    BucketAgg c = new BucketAgg();
    c.endMillis = endMillis;
    c.periodMillis = periodMillis;
    c.merge(this);
    return c;
  }

  /** Combines observations of one key and bucket into a {@link BucketAgg}. */
  public static final class BucketAggFn extends CombineFn<Observation, BucketAgg, BucketAgg> {
    @Override
    public BucketAgg createAccumulator() {
      return new BucketAgg();
    }

    @Override
    public BucketAgg addInput(BucketAgg acc, Observation input) {
      acc.add(input);
      return acc;
    }

    @Override
    public BucketAgg mergeAccumulators(Iterable<BucketAgg> accs) {
      BucketAgg out = null;
      for (BucketAgg a : accs) {
        if (out == null) {
          out = a;
        } else {
          out.merge(a);
        }
      }
      return out == null ? new BucketAgg() : out;
    }

    @Override
    public BucketAgg extractOutput(BucketAgg acc) {
      return acc;
    }

    @Override
    public Coder<BucketAgg> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, Coder<Observation> inputCoder) {
      return BucketAggCoder.of();
    }

    @Override
    public Coder<BucketAgg> getDefaultOutputCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, Coder<Observation> inputCoder) {
      return BucketAggCoder.of();
    }
  }

  /** Coder; the sketch travels as its DataSketches byte image. */
  public static final class BucketAggCoder extends AtomicCoder<BucketAgg> {
    private static final BucketAggCoder INSTANCE = new BucketAggCoder();
    private static final Observation.ObservationCoder OBS = Observation.ObservationCoder.of();
    private static final long LATE_MARK = Long.MIN_VALUE;

    public static BucketAggCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(BucketAgg a, OutputStream out) throws IOException {
      if (a.late) {
        // No bucket ends at the earliest long: a late pane travels behind that marker, so the
        // encoding of every other bucket (in flight and in state) is unchanged.
        BinaryCodec.writeVarLong(out, LATE_MARK);
      }
      BinaryCodec.writeVarLong(out, a.endMillis);
      // A period is positive: an early pane travels as its negated period, so the encoding of
      // every other bucket (in flight and in state) is unchanged.
      BinaryCodec.writeVarLong(out, a.early ? -a.periodMillis : a.periodMillis);
      // A count is never negative: a bucket whose slow requests were counted against a latency
      // threshold writes -(count + 1) and then the threshold, so every other bucket (in flight and
      // in state, and those stored before the threshold was kept) encodes as before.
      boolean counted = a.latency != null && !Double.isNaN(a.latencyCountedAt);
      BinaryCodec.writeVarLong(out, counted ? -(a.count + 1) : a.count);
      if (counted) {
        BinaryCodec.writeVarLong(out, Double.doubleToLongBits(a.latencyCountedAt));
      }
      BinaryCodec.writeVarLong(out, a.numerator);
      BinaryCodec.writeBytes(out, a.latency == null ? new byte[0] : a.latency.toByteArray());
      BinaryCodec.writeVarLong(out, a.minTsMillis);
      BinaryCodec.writeVarLong(out, a.maxTsMillis);
      writeSamples(a.samples, out);
      BinaryCodec.writeVarLong(out, a.templates.size());
      for (Map.Entry<String, TemplateStat> e : a.templates.entrySet()) {
        BinaryCodec.writeString(out, e.getKey());
        BinaryCodec.writeString(out, e.getValue().template);
        BinaryCodec.writeVarLong(out, e.getValue().count);
        writeSamples(e.getValue().samples, out);
      }
    }

    @Override
    public BucketAgg decode(InputStream in) throws IOException {
      BucketAgg a = new BucketAgg();
      a.endMillis = BinaryCodec.readVarLong(in);
      if (a.endMillis == LATE_MARK) {
        a.late = true;
        a.endMillis = BinaryCodec.readVarLong(in);
      }
      long period = BinaryCodec.readVarLong(in);
      a.early = period < 0;
      a.periodMillis = Math.abs(period);
      long count = BinaryCodec.readVarLong(in);
      a.count = count < 0 ? -(count + 1) : count;
      if (count < 0) {
        a.latencyCountedAt = Double.longBitsToDouble(BinaryCodec.readVarLong(in));
      }
      a.numerator = BinaryCodec.readVarLong(in);
      byte[] sketch = BinaryCodec.readBytes(in);
      a.latency = sketch.length == 0 ? null : KllDoublesSketch.heapify(Memory.wrap(sketch));
      a.minTsMillis = BinaryCodec.readVarLong(in);
      a.maxTsMillis = BinaryCodec.readVarLong(in);
      readSamples(a.samples, in);
      long n = BinaryCodec.readVarLong(in);
      for (long i = 0; i < n; i++) {
        String id = BinaryCodec.readString(in);
        TemplateStat t = new TemplateStat(BinaryCodec.readString(in));
        t.count = BinaryCodec.readVarLong(in);
        readSamples(t.samples, in);
        a.templates.put(id, t);
      }
      return a;
    }

    private static void writeSamples(List<Observation> samples, OutputStream out)
        throws IOException {
      BinaryCodec.writeVarLong(out, samples.size());
      for (Observation o : samples) {
        OBS.encode(o, out);
      }
    }

    private static void readSamples(List<Observation> samples, InputStream in) throws IOException {
      long n = BinaryCodec.readVarLong(in);
      for (long i = 0; i < n; i++) {
        samples.add(OBS.decode(in));
      }
    }
  }
}
