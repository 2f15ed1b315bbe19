package dev.logalerts.alerting;

import dev.logalerts.model.BinaryCodec;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.parse.LogFamilies;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What one matching entry contributes to one (rule, group): a count of one, whether it hit the
 * numerator (ratio: the numerator filter matched; latency: its latency reached the threshold), its
 * latency, and what a sample needs. The message is raw here (redacted only when an alert is built)
 * and truncated to {@link #MAX_MESSAGE_CHARS}.
 */
@DefaultCoder(Observation.ObservationCoder.class)
public final class Observation {
  static final int MAX_MESSAGE_CHARS = 2000;

  /**
   * Sample order: numerator hits first (ratio samples show the errors, latency samples the slow
   * requests), then earliest, then id.
   */
  static final Comparator<Observation> SAMPLE_ORDER =
      Comparator.comparing((Observation o) -> !o.numeratorHit)
          .thenComparingLong(o -> o.timestampNanos)
          .thenComparing(o -> o.insertId);

  final long timestampNanos;
  final String insertId;
  final String message;
  final String projectId;

  /**
   * The entry's {@code resource.type} and decoded LOG_ID: with the group's {@code service}, what a
   * Logs Explorer link needs to select that service's entries ({@link
   * dev.logalerts.parse.ServiceScope}).
   */
  final String resourceType;

  final String logId;

  final boolean numeratorHit;

  /** Seconds; NaN when the entry has no latency. */
  final double latencySeconds;

  /**
   * Latency rules: the threshold (seconds) {@link #numeratorHit} was decided against, so a bucket
   * knows whether its count of slow requests fits the rule version that evaluates it; else NaN. Not
   * encoded: only the bucket built from the observation needs it (its coder keeps it).
   */
  final double latencyThreshold;

  /** Only set for new-template rules (else ""): the buckets count their entries per template. */
  final String templateId;

  /**
   * The entry's template text, for new-template rules and rules grouped by template (an alert of
   * these names the template it is about); else "".
   */
  final String template;

  /**
   * The entry's template id in the noisy-log account ({@code noisy_logs.template_id}: the
   * structural template of request logs and GCP log families, else the mined one), so that an
   * alert's samples join its volume; "" when unknown. Worked out only for the observations a
   * bundle's partial bucket still keeps as samples when it leaves its step ({@link
   * BucketAgg#settleSamples}): it costs the noisy-log account's key of the entry.
   */
  String sampleTemplateId = "";

  /**
   * Who made an audit log's call and from where ({@link LogFamilies#auditCaller}), which its sample
   * names; "" for other entries.
   */
  String principal = "";

  String callerIp = "";

  /** Until a sample's id is worked out, or the observation dropped: its entry (not encoded). */
  private transient @Nullable MatchedEvent entry;

  /**
   * The bucket size of the rule version that matched the entry: {@link RulePeriodWindows} reads it,
   * because the rules can change while the job runs and a window function has no side input.
   */
  final long periodMillis;

  Observation(
      long timestampNanos,
      String insertId,
      String message,
      String projectId,
      String resourceType,
      String logId,
      boolean numeratorHit,
      double latencySeconds,
      double latencyThreshold,
      String templateId,
      String template,
      long periodMillis) {
    this.timestampNanos = timestampNanos;
    this.insertId = insertId;
    this.message =
        message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) : message;
    this.projectId = projectId;
    this.resourceType = resourceType;
    this.logId = logId;
    this.numeratorHit = numeratorHit;
    this.latencySeconds = latencySeconds;
    this.latencyThreshold = latencyThreshold;
    this.templateId = templateId;
    this.template = template;
    this.periodMillis = periodMillis;
  }

  /**
   * What entry {@code e} contributes: its time, ids, message, project, resource type and log, and
   * for a new-template rule its {@code template} (else null).
   */
  static Observation of(
      LogEvent e,
      boolean numeratorHit,
      double latencySeconds,
      double latencyThreshold,
      @Nullable MessageTemplate template,
      boolean countsTemplates,
      long periodMillis) {
    return new Observation(
        e.timestampNanos(),
        e.insertId(),
        e.message(),
        e.projectId(),
        e.resourceType(),
        e.logId(),
        numeratorHit,
        latencySeconds,
        latencyThreshold,
        template == null || !countsTemplates ? "" : template.templateId(),
        template == null ? "" : template.template(),
        periodMillis);
  }

  /** Lets {@link #settleSampleTemplate} work out the sample's template id from {@code entry}. */
  Observation from(MatchedEvent entry) {
    this.entry = entry;
    return this;
  }

  /**
   * Called for a kept sample: its noisy-log template id ({@code templateIds} of its entry) and, for
   * an audit log, its caller; worked out for the few samples kept, not for every observation.
   */
  void settleSampleTemplate(SerializableFunction<MatchedEvent, String> templateIds) {
    if (entry != null) {
      sampleTemplateId = templateIds.apply(entry);
      List<String> caller = LogFamilies.auditCaller(entry.event());
      principal = caller.get(0);
      callerIp = caller.get(1);
      entry = null;
    }
  }

  /** The insertId of a seed: no entry has it (insertIds come from JSON text without NUL). */
  static final String SEED_ID = "\u0000seed";

  /**
   * A seed: makes the (rule, group) key exist in the bucket at {@code timestampNanos} without
   * counting as an entry, so a deadline rule tracks an expected group that never sent one.
   */
  static Observation seed(long timestampNanos, long periodMillis) {
    return new Observation(
        timestampNanos,
        SEED_ID,
        "",
        "",
        "",
        "",
        false,
        Double.NaN,
        Double.NaN,
        "",
        "",
        periodMillis);
  }

  boolean isSeed() {
    return insertId.equals(SEED_ID);
  }

  long timestampMillis() {
    return Math.floorDiv(timestampNanos, 1_000_000L);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Observation)) {
      return false;
    }
    Observation x = (Observation) o;
    return timestampNanos == x.timestampNanos
        && insertId.equals(x.insertId)
        && message.equals(x.message)
        && projectId.equals(x.projectId)
        && resourceType.equals(x.resourceType)
        && logId.equals(x.logId)
        && numeratorHit == x.numeratorHit
        && Double.compare(latencySeconds, x.latencySeconds) == 0
        && templateId.equals(x.templateId)
        && template.equals(x.template)
        && principal.equals(x.principal)
        && callerIp.equals(x.callerIp)
        && periodMillis == x.periodMillis;
  }

  @Override
  public int hashCode() {
    return Objects.hash(timestampNanos, insertId, templateId);
  }

  @Override
  public String toString() {
    return "Observation{" + insertId + "@" + timestampNanos + "}";
  }

  /** Compact coder. */
  public static final class ObservationCoder extends AtomicCoder<Observation> {
    private static final ObservationCoder INSTANCE = new ObservationCoder();

    public static ObservationCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Observation o, OutputStream out) throws IOException {
      BinaryCodec.writeVarLong(out, o.timestampNanos);
      BinaryCodec.writeString(out, o.insertId);
      BinaryCodec.writeString(out, o.message);
      BinaryCodec.writeString(out, o.projectId);
      // Bit 1: the numerator hit; bit 2: a sample template id follows the rest; bit 4: then the
      // caller of an audit log (observations stored before either was kept read as before).
      boolean sampled = !o.sampleTemplateId.isEmpty();
      boolean called = !(o.principal.isEmpty() && o.callerIp.isEmpty());
      out.write((o.numeratorHit ? 1 : 0) | (sampled ? 2 : 0) | (called ? 4 : 0));
      BinaryCodec.writeVarLong(out, Double.doubleToLongBits(o.latencySeconds));
      BinaryCodec.writeString(out, o.templateId);
      BinaryCodec.writeString(out, o.template);
      // A period is positive: an observation that knows its resource type and log writes the
      // period negated and then those, so observations stored before they were kept (in state, in
      // flight when a job is updated) read as before, without them.
      boolean located = o.periodMillis > 0 && !(o.resourceType.isEmpty() && o.logId.isEmpty());
      BinaryCodec.writeVarLong(out, located ? -o.periodMillis : o.periodMillis);
      if (located) {
        BinaryCodec.writeString(out, o.resourceType);
        BinaryCodec.writeString(out, o.logId);
      }
      if (sampled) {
        BinaryCodec.writeString(out, o.sampleTemplateId);
      }
      if (called) {
        BinaryCodec.writeString(out, o.principal);
        BinaryCodec.writeString(out, o.callerIp);
      }
    }

    @Override
    public Observation decode(InputStream in) throws IOException {
      long ts = BinaryCodec.readVarLong(in);
      String insertId = BinaryCodec.readString(in);
      String message = BinaryCodec.readString(in);
      String projectId = BinaryCodec.readString(in);
      int flags = Math.max(in.read(), 0);
      boolean hit = (flags & 1) != 0;
      double latency = Double.longBitsToDouble(BinaryCodec.readVarLong(in));
      String templateId = BinaryCodec.readString(in);
      String template = BinaryCodec.readString(in);
      long period = BinaryCodec.readVarLong(in);
      String resourceType = "";
      String logId = "";
      if (period < 0) {
        period = -period;
        resourceType = BinaryCodec.readString(in);
        logId = BinaryCodec.readString(in);
      }
      String sampleTemplateId = (flags & 2) != 0 ? BinaryCodec.readString(in) : "";
      Observation o =
          new Observation(
              ts,
              insertId,
              message,
              projectId,
              resourceType,
              logId,
              hit,
              latency,
              Double.NaN,
              templateId,
              template,
              period);
      o.sampleTemplateId = sampleTemplateId;
      if ((flags & 4) != 0) {
        o.principal = BinaryCodec.readString(in);
        o.callerIp = BinaryCodec.readString(in);
      }
      return o;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
