package dev.logalerts.templates;

import dev.logalerts.model.BinaryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine.CombineFn;

/**
 * Combines the entries of one key and window pane into count, bytes, first/last event time, the
 * three smallest insertIds, one sample and the alert rules any entry matched (a bounded union,
 * {@link AlertRuleNames}). Every choice is an order-independent minimum, so the result does not
 * depend on how a runner splits, fans out or merges the work: the sample is the entry with the
 * smallest (insertId, timestamp, message), the template text the smallest seen (all entries of a
 * key share one template id, normally one text).
 */
public final class NoisyVolumeFn
    extends CombineFn<NoisyEntry, NoisyVolumeFn.Volume, NoisyVolumeFn.Volume> {
  /** How many insertIds a row keeps. */
  public static final int SAMPLE_IDS = 3;

  /** Mutable accumulator; also the combine's output (the row adds window and pane). */
  public static final class Volume {
    long count;
    long bytes;
    long firstNanos = Long.MAX_VALUE;
    long lastNanos = Long.MIN_VALUE;

    /** Sorted, distinct, non-empty, at most {@link #SAMPLE_IDS}. */
    final List<String> sampleIds = new ArrayList<>(SAMPLE_IDS);

    /** The sample entry's sort key and raw (unredacted) message; null before the first entry. */
    String sampleId;

    long sampleNanos;
    String sampleMessage;
    String template;
    String messageField = "";

    /** Sorted, distinct, at most {@link AlertRuleNames#MAX}: see {@link AlertRuleNames}. */
    final List<String> alertRules = new ArrayList<>(0);

    public long count() {
      return count;
    }

    public long bytes() {
      return bytes;
    }

    public long firstNanos() {
      return firstNanos;
    }

    public long lastNanos() {
      return lastNanos;
    }

    public List<String> sampleIds() {
      return sampleIds;
    }

    /** The raw sample message: redact before storing it. */
    public String rawSampleMessage() {
      return sampleMessage == null ? "" : sampleMessage;
    }

    public String template() {
      return template == null ? "" : template;
    }

    public String messageField() {
      return messageField;
    }

    /** The alert rules any entry matched: sorted, at most {@link AlertRuleNames#MAX}. */
    public List<String> alertRules() {
      return alertRules;
    }

    void addId(String id) {
      if (id.isEmpty()) {
        return;
      }
      int pos = java.util.Collections.binarySearch(sampleIds, id);
      if (pos >= 0) {
        return;
      }
      int ins = -pos - 1;
      if (ins >= SAMPLE_IDS) {
        return;
      }
      sampleIds.add(ins, id);
      if (sampleIds.size() > SAMPLE_IDS) {
        sampleIds.remove(SAMPLE_IDS);
      }
    }

    void offerSample(String id, long nanos, String message, String field) {
      if (sampleMessage == null || compareSample(id, nanos, message) < 0) {
        sampleId = id;
        sampleNanos = nanos;
        sampleMessage = message;
        messageField = field;
      }
    }

    private int compareSample(String id, long nanos, String message) {
      int c = id.compareTo(sampleId);
      if (c != 0) {
        return c;
      }
      c = Long.compare(nanos, sampleNanos);
      return c != 0 ? c : message.compareTo(sampleMessage);
    }

    void offerTemplate(String t) {
      if (template == null || t.compareTo(template) < 0) {
        template = t;
      }
    }
  }

  @Override
  public Volume createAccumulator() {
    return new Volume();
  }

  @Override
  public Volume addInput(Volume v, NoisyEntry e) {
    v.count++;
    v.bytes += e.sizeBytes();
    v.firstNanos = Math.min(v.firstNanos, e.timestampNanos());
    v.lastNanos = Math.max(v.lastNanos, e.timestampNanos());
    v.addId(e.insertId());
    v.offerSample(e.insertId(), e.timestampNanos(), e.message(), e.messageField());
    v.offerTemplate(e.template());
    AlertRuleNames.addAll(v.alertRules, e.alertRules());
    return v;
  }

  @Override
  public Volume mergeAccumulators(Iterable<Volume> accumulators) {
    Volume out = new Volume();
    for (Volume v : accumulators) {
      mergeInto(out, v);
    }
    return out;
  }

  /** Adds {@code v}'s entries to {@code out} (what merging both gives), changing {@code out}. */
  static void mergeInto(Volume out, Volume v) {
    out.count += v.count;
    out.bytes += v.bytes;
    out.firstNanos = Math.min(out.firstNanos, v.firstNanos);
    out.lastNanos = Math.max(out.lastNanos, v.lastNanos);
    for (String id : v.sampleIds) {
      out.addId(id);
    }
    if (v.sampleMessage != null) {
      out.offerSample(v.sampleId, v.sampleNanos, v.sampleMessage, v.messageField);
    }
    if (v.template != null) {
      out.offerTemplate(v.template);
    }
    AlertRuleNames.addAll(out.alertRules, v.alertRules);
  }

  @Override
  public Volume extractOutput(Volume v) {
    return v;
  }

  @Override
  public Coder<Volume> getAccumulatorCoder(CoderRegistry registry, Coder<NoisyEntry> inputCoder) {
    return VolumeCoder.INSTANCE;
  }

  @Override
  public Coder<Volume> getDefaultOutputCoder(CoderRegistry registry, Coder<NoisyEntry> inputCoder) {
    return VolumeCoder.INSTANCE;
  }

  /**
   * Deterministic coder of {@link Volume} (the combine's accumulator, kept in the job's state). The
   * encoding starts with {@link #V2} (a negative varint, where the first encoding had the count,
   * never negative) and ends with the alert rules; a first-version accumulator, written by a job
   * this one replaces, still decodes, with no rules.
   */
  public static final class VolumeCoder extends AtomicCoder<Volume> {
    static final VolumeCoder INSTANCE = new VolumeCoder();

    /** Marks the encoding with alert rules. */
    static final long V2 = -2;

    public static VolumeCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Volume v, OutputStream out) throws IOException {
      BinaryCodec.writeVarLong(out, V2);
      BinaryCodec.writeVarLong(out, v.count);
      BinaryCodec.writeVarLong(out, v.bytes);
      BinaryCodec.writeVarLong(out, v.firstNanos);
      BinaryCodec.writeVarLong(out, v.lastNanos);
      BinaryCodec.writeVarLong(out, v.sampleIds.size());
      for (String id : v.sampleIds) {
        BinaryCodec.writeString(out, id);
      }
      boolean hasSample = v.sampleMessage != null;
      out.write(hasSample ? 1 : 0);
      if (hasSample) {
        BinaryCodec.writeString(out, v.sampleId);
        BinaryCodec.writeVarLong(out, v.sampleNanos);
        BinaryCodec.writeString(out, v.sampleMessage);
        BinaryCodec.writeString(out, v.messageField);
      }
      out.write(v.template != null ? 1 : 0);
      if (v.template != null) {
        BinaryCodec.writeString(out, v.template);
      }
      NoisyEntry.Coder.writeNames(out, v.alertRules);
    }

    @Override
    public Volume decode(InputStream in) throws IOException {
      Volume v = new Volume();
      long first = BinaryCodec.readVarLong(in);
      boolean v2 = first == V2;
      v.count = v2 ? BinaryCodec.readVarLong(in) : first;
      v.bytes = BinaryCodec.readVarLong(in);
      v.firstNanos = BinaryCodec.readVarLong(in);
      v.lastNanos = BinaryCodec.readVarLong(in);
      int n = (int) BinaryCodec.readVarLong(in);
      String[] ids = new String[n];
      for (int i = 0; i < n; i++) {
        ids[i] = BinaryCodec.readString(in);
      }
      v.sampleIds.addAll(Arrays.asList(ids));
      if (in.read() == 1) {
        v.sampleId = BinaryCodec.readString(in);
        v.sampleNanos = BinaryCodec.readVarLong(in);
        v.sampleMessage = BinaryCodec.readString(in);
        v.messageField = BinaryCodec.readString(in);
      }
      if (in.read() == 1) {
        v.template = BinaryCodec.readString(in);
      }
      if (v2) {
        v.alertRules.addAll(NoisyEntry.Coder.readNames(in));
      }
      return v;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
