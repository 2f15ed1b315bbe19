package dev.logalerts.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.services.bigquery.model.TableRow;
import com.google.auto.value.AutoValue;
import dev.logalerts.model.BinaryCodec;
import dev.logalerts.model.Timestamps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * One row of the {@code noisy_logs} table (schema: {@code schemas/noisy_logs.json}): the volume of
 * one template of one log in one window, as a delta for one pane.
 *
 * <p>Row semantics: rows are <b>deltas</b>. For a window and key there is one ON_TIME row (batch:
 * the only row), then zero or more LATE rows for entries that arrived behind the watermark but
 * within the allowed lateness, and TOO_LATE rows for entries that arrived after that (see {@link
 * NoisyLogs}); in streaming with early firings also EARLY rows before them. No entry is in two
 * rows, so {@code SUM(count)}, {@code SUM(bytes)} and {@code SUM(est_monthly_cost_usd)} over any
 * set of rows are exact; {@code first_seen}/{@code last_seen} aggregate with MIN/MAX. {@code
 * row_id} is unique per row and stable across retries (BigQuery insertId). {@code alert_rules}
 * aggregates as a union.
 */
@AutoValue
@DefaultCoder(NoisyLogRow.Coder.class)
public abstract class NoisyLogRow {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Unique, deterministic id of this row (window, key, pane); the BigQuery insertId. */
  public abstract String rowId();

  public abstract long windowStartMillis();

  public abstract long windowEndMillis();

  public abstract String projectId();

  public abstract String service();

  public abstract String resourceType();

  public abstract String logId();

  /** Severity name (DEFAULT … EMERGENCY). */
  public abstract String severity();

  public abstract String templateId();

  /** The template, redacted. */
  public abstract String template();

  public abstract long count();

  /** Sum of the entries' sizes. */
  public abstract long bytes();

  /** One message of this template, redacted and cut to {@link NoisyLogs#MAX_SAMPLE_CHARS}. */
  public abstract String sampleMessage();

  /** Up to three insertIds (the smallest) of this row's entries. */
  public abstract List<String> sampleInsertIds();

  public abstract long firstSeenNanos();

  public abstract long lastSeenNanos();

  public abstract String suggestedExclusion();

  /** This row's bytes extrapolated from the window length to 30 days, times the price per GiB. */
  public abstract double estMonthlyCostUsd();

  /** EARLY, ON_TIME, LATE or TOO_LATE. */
  public abstract String paneTiming();

  /** Index of the pane within its window and key (0 for the first row). */
  public abstract long paneIndex();

  /**
   * Names of the alert rules whose filter matched at least one of this row's entries (the rules in
   * force when each entry was matched), sorted; at most {@link AlertRuleNames#MAX}, the
   * alphabetically first when more matched. Empty when no rule depends on these entries.
   */
  public abstract List<String> alertRules();

  public static Builder builder() {
    return new AutoValue_NoisyLogRow.Builder()
        .setSampleInsertIds(Collections.emptyList())
        .setAlertRules(Collections.emptyList());
  }

  /** Builder. */
  @AutoValue.Builder
  public abstract static class Builder {
    public abstract Builder setRowId(String v);

    public abstract Builder setWindowStartMillis(long v);

    public abstract Builder setWindowEndMillis(long v);

    public abstract Builder setProjectId(String v);

    public abstract Builder setService(String v);

    public abstract Builder setResourceType(String v);

    public abstract Builder setLogId(String v);

    public abstract Builder setSeverity(String v);

    public abstract Builder setTemplateId(String v);

    public abstract Builder setTemplate(String v);

    public abstract Builder setCount(long v);

    public abstract Builder setBytes(long v);

    public abstract Builder setSampleMessage(String v);

    public abstract Builder setSampleInsertIds(List<String> v);

    public abstract Builder setFirstSeenNanos(long v);

    public abstract Builder setLastSeenNanos(long v);

    public abstract Builder setSuggestedExclusion(String v);

    public abstract Builder setEstMonthlyCostUsd(double v);

    public abstract Builder setPaneTiming(String v);

    public abstract Builder setPaneIndex(long v);

    public abstract Builder setAlertRules(List<String> v);

    public abstract NoisyLogRow build();
  }

  /** RFC 3339 at microsecond precision, what a BigQuery TIMESTAMP holds. */
  static String micros(long epochNanos) {
    return Timestamps.format(epochNanos - Math.floorMod(epochNanos, 1000L));
  }

  /** The row as a JSON object with the table's snake_case columns. */
  public ObjectNode toJsonNode() {
    ObjectNode o = JSON.createObjectNode();
    o.put("row_id", rowId());
    o.put("window_start", Timestamps.formatMillis(windowStartMillis()));
    o.put("window_end", Timestamps.formatMillis(windowEndMillis()));
    o.put("project_id", projectId());
    o.put("service", service());
    o.put("resource_type", resourceType());
    o.put("log_id", logId());
    o.put("severity", severity());
    o.put("template_id", templateId());
    o.put("template", template());
    o.put("count", count());
    o.put("bytes", bytes());
    o.put("sample_message", sampleMessage());
    ArrayNode ids = o.putArray("sample_insert_ids");
    for (String id : sampleInsertIds()) {
      ids.add(id);
    }
    o.put("first_seen", micros(firstSeenNanos()));
    o.put("last_seen", micros(lastSeenNanos()));
    o.put("suggested_exclusion", suggestedExclusion());
    o.put("est_monthly_cost_usd", estMonthlyCostUsd());
    o.put("pane_timing", paneTiming());
    o.put("pane_index", paneIndex());
    ArrayNode rules = o.putArray("alert_rules");
    for (String r : alertRules()) {
      rules.add(r);
    }
    return o;
  }

  /** One line of newline-delimited JSON: the local {@code noisy_logs/} files and BigQuery rows. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(toJsonNode());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same row for BigQueryIO (timestamps as RFC 3339 strings, INT64 as numbers). */
  public TableRow toTableRow() {
    TableRow row = new TableRow();
    row.set("row_id", rowId());
    row.set("window_start", Timestamps.formatMillis(windowStartMillis()));
    row.set("window_end", Timestamps.formatMillis(windowEndMillis()));
    row.set("project_id", projectId());
    row.set("service", service());
    row.set("resource_type", resourceType());
    row.set("log_id", logId());
    row.set("severity", severity());
    row.set("template_id", templateId());
    row.set("template", template());
    row.set("count", count());
    row.set("bytes", bytes());
    row.set("sample_message", sampleMessage());
    row.set("sample_insert_ids", new ArrayList<>(sampleInsertIds()));
    row.set("first_seen", micros(firstSeenNanos()));
    row.set("last_seen", micros(lastSeenNanos()));
    row.set("suggested_exclusion", suggestedExclusion());
    row.set("est_monthly_cost_usd", estMonthlyCostUsd());
    row.set("pane_timing", paneTiming());
    row.set("pane_index", paneIndex());
    row.set("alert_rules", new ArrayList<>(alertRules()));
    return row;
  }

  /**
   * Deterministic binary coder. The encoding starts with {@link #V2} (a negative varint, where the
   * first encoding had the row id's length, never negative) and ends with the alert rules; a
   * first-version encoding still decodes, with no rules.
   */
  public static final class Coder extends AtomicCoder<NoisyLogRow> {
    private static final Coder INSTANCE = new Coder();

    /** Marks the encoding with alert rules. */
    static final long V2 = -2;

    public static Coder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(NoisyLogRow.class), INSTANCE);
    }

    @Override
    public void encode(NoisyLogRow r, OutputStream out) throws IOException {
      BinaryCodec.writeVarLong(out, V2);
      BinaryCodec.writeString(out, r.rowId());
      BinaryCodec.writeVarLong(out, r.windowStartMillis());
      BinaryCodec.writeVarLong(out, r.windowEndMillis());
      BinaryCodec.writeString(out, r.projectId());
      BinaryCodec.writeString(out, r.service());
      BinaryCodec.writeString(out, r.resourceType());
      BinaryCodec.writeString(out, r.logId());
      BinaryCodec.writeString(out, r.severity());
      BinaryCodec.writeString(out, r.templateId());
      BinaryCodec.writeString(out, r.template());
      BinaryCodec.writeVarLong(out, r.count());
      BinaryCodec.writeVarLong(out, r.bytes());
      BinaryCodec.writeString(out, r.sampleMessage());
      BinaryCodec.writeVarLong(out, r.sampleInsertIds().size());
      for (String id : r.sampleInsertIds()) {
        BinaryCodec.writeString(out, id);
      }
      BinaryCodec.writeVarLong(out, r.firstSeenNanos());
      BinaryCodec.writeVarLong(out, r.lastSeenNanos());
      BinaryCodec.writeString(out, r.suggestedExclusion());
      BinaryCodec.writeVarLong(out, Double.doubleToLongBits(r.estMonthlyCostUsd()));
      BinaryCodec.writeString(out, r.paneTiming());
      BinaryCodec.writeVarLong(out, r.paneIndex());
      NoisyEntry.Coder.writeNames(out, r.alertRules());
    }

    @Override
    public NoisyLogRow decode(InputStream in) throws IOException {
      long first = BinaryCodec.readVarLong(in);
      boolean v2 = first == V2;
      Builder b =
          builder()
              .setRowId(v2 ? BinaryCodec.readString(in) : BinaryCodec.readString(in, first))
              .setWindowStartMillis(BinaryCodec.readVarLong(in))
              .setWindowEndMillis(BinaryCodec.readVarLong(in))
              .setProjectId(BinaryCodec.readString(in))
              .setService(BinaryCodec.readString(in))
              .setResourceType(BinaryCodec.readString(in))
              .setLogId(BinaryCodec.readString(in))
              .setSeverity(BinaryCodec.readString(in))
              .setTemplateId(BinaryCodec.readString(in))
              .setTemplate(BinaryCodec.readString(in))
              .setCount(BinaryCodec.readVarLong(in))
              .setBytes(BinaryCodec.readVarLong(in))
              .setSampleMessage(BinaryCodec.readString(in));
      int n = (int) BinaryCodec.readVarLong(in);
      List<String> ids = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        ids.add(BinaryCodec.readString(in));
      }
      b.setSampleInsertIds(Collections.unmodifiableList(ids))
          .setFirstSeenNanos(BinaryCodec.readVarLong(in))
          .setLastSeenNanos(BinaryCodec.readVarLong(in))
          .setSuggestedExclusion(BinaryCodec.readString(in))
          .setEstMonthlyCostUsd(Double.longBitsToDouble(BinaryCodec.readVarLong(in)))
          .setPaneTiming(BinaryCodec.readString(in))
          .setPaneIndex(BinaryCodec.readVarLong(in));
      if (v2) {
        b.setAlertRules(Collections.unmodifiableList(NoisyEntry.Coder.readNames(in)));
      }
      return b.build();
    }

    @Override
    public void verifyDeterministic() {}
  }
}
