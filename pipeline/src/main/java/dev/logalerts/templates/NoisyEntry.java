package dev.logalerts.templates;

import com.google.auto.value.AutoValue;
import dev.logalerts.model.BinaryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * What the volume account needs from one entry once its template is known: size, time, insertId,
 * the raw message (a sample candidate, redacted only when a row is written) and the field the
 * message came from (for the suggested exclusion).
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

  public static NoisyEntry of(
      String insertId,
      long timestampNanos,
      long sizeBytes,
      String message,
      String template,
      String messageField) {
    return new AutoValue_NoisyEntry(
        insertId, timestampNanos, sizeBytes, message, template, messageField);
  }

  /** Deterministic binary coder. */
  public static final class Coder extends AtomicCoder<NoisyEntry> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(NoisyEntry.class), INSTANCE);
    }

    @Override
    public void encode(NoisyEntry e, OutputStream out) throws IOException {
      BinaryCodec.writeString(out, e.insertId());
      BinaryCodec.writeVarLong(out, e.timestampNanos());
      BinaryCodec.writeVarLong(out, e.sizeBytes());
      BinaryCodec.writeString(out, e.message());
      BinaryCodec.writeString(out, e.template());
      BinaryCodec.writeString(out, e.messageField());
    }

    @Override
    public NoisyEntry decode(InputStream in) throws IOException {
      return NoisyEntry.of(
          BinaryCodec.readString(in),
          BinaryCodec.readVarLong(in),
          BinaryCodec.readVarLong(in),
          BinaryCodec.readString(in),
          BinaryCodec.readString(in),
          BinaryCodec.readString(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
