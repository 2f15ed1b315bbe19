package dev.logalerts.templates;

import com.google.auto.value.AutoValue;
import dev.logalerts.model.BinaryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * What the volume account needs from one entry once its template is known: size, time, insertId,
 * the raw message (a sample candidate, redacted only when a row is written) and the field the
 * message came from (for the suggested exclusion), and the alert rules whose filter it matched.
 */
@AutoValue
@DefaultCoder(NoisyEntry.Coder.class)
public abstract class NoisyEntry {
  public abstract String insertId();

  public abstract long timestampNanos();

  public abstract long sizeBytes();

  public abstract String message();

  public abstract String template();

  /**
   * The Cloud Logging field that holds the message ({@code textPayload}, {@code
   * jsonPayload.message}…), {@link NoisyLogs#HTTP_REQUEST_FIELD} for structural request-log
   * templates, or empty when unknown (the exclusion then uses global restrictions).
   */
  public abstract String messageField();

  /** Names of the alert rules whose filter matched this entry (any order, distinct). */
  public abstract List<String> alertRules();

  public static NoisyEntry of(
      String insertId,
      long timestampNanos,
      long sizeBytes,
      String message,
      String template,
      String messageField) {
    return of(insertId, timestampNanos, sizeBytes, message, template, messageField, List.of());
  }

  public static NoisyEntry of(
      String insertId,
      long timestampNanos,
      long sizeBytes,
      String message,
      String template,
      String messageField,
      List<String> alertRules) {
    return new AutoValue_NoisyEntry(
        insertId, timestampNanos, sizeBytes, message, template, messageField, alertRules);
  }

  /**
   * Deterministic binary coder. The encoding starts with {@link #V2} (a negative varint, where the
   * first encoding had the insertId's length, never negative) and ends with the alert rules; a
   * first-version encoding still decodes, with no rules.
   */
  public static final class Coder extends AtomicCoder<NoisyEntry> {
    private static final Coder INSTANCE = new Coder();

    /** Marks the encoding with alert rules. */
    static final long V2 = -2;

    public static Coder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(NoisyEntry.class), INSTANCE);
    }

    @Override
    public void encode(NoisyEntry e, OutputStream out) throws IOException {
      BinaryCodec.writeVarLong(out, V2);
      BinaryCodec.writeString(out, e.insertId());
      BinaryCodec.writeVarLong(out, e.timestampNanos());
      BinaryCodec.writeVarLong(out, e.sizeBytes());
      BinaryCodec.writeString(out, e.message());
      BinaryCodec.writeString(out, e.template());
      BinaryCodec.writeString(out, e.messageField());
      writeNames(out, e.alertRules());
    }

    @Override
    public NoisyEntry decode(InputStream in) throws IOException {
      long first = BinaryCodec.readVarLong(in);
      boolean v2 = first == V2;
      String insertId = v2 ? BinaryCodec.readString(in) : BinaryCodec.readString(in, first);
      long nanos = BinaryCodec.readVarLong(in);
      long size = BinaryCodec.readVarLong(in);
      String message = BinaryCodec.readString(in);
      String template = BinaryCodec.readString(in);
      String field = BinaryCodec.readString(in);
      List<String> rules = v2 ? readNames(in) : List.of();
      return NoisyEntry.of(insertId, nanos, size, message, template, field, rules);
    }

    static void writeNames(OutputStream out, List<String> names) throws IOException {
      BinaryCodec.writeVarLong(out, names.size());
      for (String n : names) {
        BinaryCodec.writeString(out, n);
      }
    }

    static List<String> readNames(InputStream in) throws IOException {
      long n = BinaryCodec.readVarLong(in);
      if (n < 0 || n > 1_000_000) {
        throw new CoderException("bad rule-name count " + n);
      }
      if (n == 0) {
        return List.of();
      }
      List<String> names = new ArrayList<>((int) n);
      for (int i = 0; i < n; i++) {
        names.add(BinaryCodec.readString(in));
      }
      return names;
    }

    @Override
    public void verifyDeterministic() {}
  }
}
