package dev.logalerts.model;

import com.google.auto.value.AutoValue;
import java.util.Map;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One parsed Cloud Logging LogEntry: what the rules and the noisy-log accounting need, read once.
 *
 * <p>Well-known fields are typed; every scalar leaf of {@code jsonPayload}, {@code protoPayload},
 * {@code sourceLocation} and {@code split} is kept in {@link #payload()} so that a rule can ask for
 * any path ({@code jsonPayload.user.id}) without re-parsing JSON; so are the LogEntry scalars
 * without a typed slot ({@code traceSampled}, {@code httpRequest.cacheLookup}, {@code
 * cacheFillBytes}, {@code cacheValidatedWithOriginServer}), under their own paths. {@link
 * FieldPath} resolves a Cloud Logging field path against an event. Absent strings are empty, never
 * null (but {@link #httpRequest()} is null when the entry had none). Maps are sorted by key, which
 * keeps the coder deterministic, and never change once the event is built (the parser's and the
 * coder's are immutable; the filters remember answers per instance of a map or string entries
 * share).
 */
@AutoValue
@DefaultCoder(LogEventCoder.class)
public abstract class LogEvent {

  public abstract String insertId();

  /** Event time (the entry's {@code timestamp}, else {@code receiveTimestamp}) in epoch nanos. */
  public abstract long timestampNanos();

  /** {@code receiveTimestamp} in epoch nanos; 0 when absent. */
  public abstract long receiveTimestampNanos();

  public abstract Severity severity();

  /** Full {@code logName}, e.g. {@code projects/p/logs/cloudaudit.googleapis.com%2Factivity}. */
  public abstract String logName();

  /**
   * The decoded LOG_ID part of {@link #logName()}, e.g. {@code cloudaudit.googleapis.com/activity}.
   */
  public abstract String logId();

  /**
   * Project that holds the entry: the project of {@code logName} ({@code projects/P/logs/…}), or
   * for a log held by an organization, folder or billing account that container ({@code
   * organizations/123}); without a logName, {@code resource.labels.project_id}.
   */
  public abstract String projectId();

  public abstract String resourceType();

  public abstract Map<String, String> resourceLabels();

  public abstract Map<String, String> labels();

  /** Service derived from the resource (see README's service table). */
  public abstract String service();

  /** Human message text (see README for where it comes from per payload kind). */
  public abstract String message();

  public abstract PayloadKind payloadKind();

  /**
   * The log family the parser classified the entry as; null for an event built another way (tests,
   * an older encoding), which {@code LogFamilies.of} then classifies from its fields. Set it only
   * together with the fields it was classified from.
   */
  public abstract @Nullable LogFamily family();

  public abstract @Nullable HttpRequest httpRequest();

  public abstract String trace();

  public abstract String spanId();

  public abstract String operationId();

  public abstract String operationProducer();

  public abstract boolean operationFirst();

  public abstract boolean operationLast();

  /** Flattened scalar leaves of the structured parts of the entry. */
  public abstract FieldValues payload();

  /** Size of the entry as received, in bytes (for volume accounting). */
  public abstract int sizeBytes();

  /**
   * The rules version whose payload fields alone the parser kept ({@code RuleSet#version}), or ""
   * when it kept every leaf (within {@code maxPayloadLeaves}). A streaming job that reloads its
   * rules parses each entry for the version it holds; a step holding another version tests only the
   * rules whose fields that parse kept ({@code RuleFilters#match}).
   */
  public abstract String parsedFor();

  /** Event time as a Beam/Joda instant (millisecond precision). */
  public final Instant eventTime() {
    return new Instant(eventTimeMillis());
  }

  /** Event time in epoch milliseconds (rounded down, before 1970 too). */
  public final long eventTimeMillis() {
    return Math.floorDiv(timestampNanos(), 1_000_000L);
  }

  /**
   * Identity of the entry for redelivery dedupe: insertId and exact timestamp within its log. An
   * insertId is unique only within a project (Cloud Logging's own duplicate rule), and one topic
   * may carry several projects' entries (an aggregated sink); the log is finer than the project and
   * a sink's repeat keeps it, so no distinct entry is merged. Without a logName, the project of the
   * resource stands in.
   */
  public final String dedupeKey() {
    String log = logName().isEmpty() ? projectId() : logName();
    return log.isEmpty()
        ? insertId() + '@' + timestampNanos()
        : insertId() + '@' + timestampNanos() + '@' + log;
  }

  /**
   * Set by the parser when every text of the entry is ASCII (no byte of its JSON above 0x7F, no
   * {@code \\u} escape). Not a property: a hint the filters use to compare without looking for
   * characters to normalize; false means "not known", which is always correct, only slower (a
   * decoded or rebuilt event).
   */
  private transient boolean plainAscii;

  public final boolean plainAscii() {
    return plainAscii;
  }

  /** Marks the event's texts as all ASCII; only its parser, which read the bytes, may call this. */
  public final void markPlainAscii() {
    plainAscii = true;
  }

  /**
   * Set by a parser that skipped the payload fields no rule names after finding none of these texts
   * (case folded) in the entry's bytes: no payload value holds them, so a search for one in every
   * field need not look at the payload. Not a property, like {@link #plainAscii}: null means "not
   * known" (a decoded or rebuilt event), which is always correct, only slower.
   */
  private transient java.util.@Nullable Set<String> payloadLacks;

  /** Whether the parser found that no payload value holds the case-folded {@code text}. */
  public final boolean payloadLacks(String folded) {
    java.util.Set<String> lacks = payloadLacks;
    return lacks != null && lacks.contains(folded);
  }

  /** Notes that no payload value holds these folded texts; only the parser may call this. */
  public final void markPayloadLacks(java.util.Set<String> folded) {
    payloadLacks = folded;
  }

  public static Builder builder() {
    return new AutoValue_LogEvent.Builder()
        .setInsertId("")
        .setReceiveTimestampNanos(0L)
        .setSeverity(Severity.DEFAULT)
        .setLogName("")
        .setLogId("")
        .setProjectId("")
        .setResourceType("")
        .setResourceLabels(Map.of())
        .setLabels(Map.of())
        .setService("")
        .setMessage("")
        .setPayloadKind(PayloadKind.NONE)
        .setTrace("")
        .setSpanId("")
        .setOperationId("")
        .setOperationProducer("")
        .setOperationFirst(false)
        .setOperationLast(false)
        .setPayload(FieldValues.EMPTY)
        .setSizeBytes(0)
        .setParsedFor("");
  }

  public abstract Builder toBuilder();

  /** Builder; all fields but the timestamp have defaults meaning "absent". */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setInsertId(String v);

    public abstract Builder setTimestampNanos(long v);

    public abstract Builder setReceiveTimestampNanos(long v);

    public abstract Builder setSeverity(Severity v);

    public abstract Builder setLogName(String v);

    public abstract Builder setLogId(String v);

    public abstract Builder setProjectId(String v);

    public abstract Builder setResourceType(String v);

    /** Pass a sorted map (e.g. TreeMap) so that encoding stays deterministic. */
    public abstract Builder setResourceLabels(Map<String, String> v);

    /** Pass a sorted map (e.g. TreeMap) so that encoding stays deterministic. */
    public abstract Builder setLabels(Map<String, String> v);

    public abstract Builder setService(String v);

    public abstract Builder setMessage(String v);

    public abstract Builder setPayloadKind(PayloadKind v);

    public abstract Builder setFamily(@Nullable LogFamily v);

    public abstract Builder setHttpRequest(@Nullable HttpRequest v);

    public abstract Builder setTrace(String v);

    public abstract Builder setSpanId(String v);

    public abstract Builder setOperationId(String v);

    public abstract Builder setOperationProducer(String v);

    public abstract Builder setOperationFirst(boolean v);

    public abstract Builder setOperationLast(boolean v);

    public abstract Builder setPayload(FieldValues v);

    public abstract Builder setSizeBytes(int v);

    public abstract Builder setParsedFor(String v);

    public abstract LogEvent build();
  }
}
