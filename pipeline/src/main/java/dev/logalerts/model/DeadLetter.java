package dev.logalerts.model;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A row of the dead-letter table, in the shape of DataflowTemplates' {@code
 * streaming_source_deadletter_table_schema.json}: {@code timestamp}, {@code payloadString}, {@code
 * payloadBytes}, {@code attributes}, {@code errorMessage}, {@code stacktrace}. The original bytes
 * are kept exactly so that a fixed pipeline can replay them.
 */
@AutoValue
@DefaultCoder(DeadLetter.Coder.class)
public abstract class DeadLetter {
  /** When the failure was recorded, epoch millis. */
  public abstract long timestampMillis();

  /** The input decoded as UTF-8 (invalid sequences replaced). */
  public abstract String payloadString();

  /** The input exactly as received. */
  @SuppressWarnings("mutable")
  public abstract byte[] payloadBytes();

  /** Pub/Sub attributes of the message, or the source file for file input; sorted. */
  public abstract Map<String, String> attributes();

  /** Which step and field failed, and how. */
  public abstract String errorMessage();

  /** Stack trace of the failure; empty for input that was simply invalid. */
  public abstract String stacktrace();

  public static DeadLetter of(
      long timestampMillis,
      byte[] payload,
      Map<String, String> attributes,
      String errorMessage,
      String stacktrace) {
    return new AutoValue_DeadLetter(
        timestampMillis,
        new String(payload, StandardCharsets.UTF_8),
        payload,
        Collections.unmodifiableMap(new TreeMap<>(attributes)),
        errorMessage,
        stacktrace);
  }

  /** Stack trace text of an unexpected exception, for the {@code stacktrace} column. */
  public static String stackTraceOf(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    return sw.toString();
  }

  /** Deterministic binary coder. */
  public static final class Coder extends AtomicCoder<DeadLetter> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(DeadLetter.class), INSTANCE);
    }

    @Override
    public void encode(DeadLetter d, OutputStream out) throws IOException {
      BinaryCodec.writeVarLong(out, d.timestampMillis());
      BinaryCodec.writeBytes(out, d.payloadBytes());
      BinaryCodec.writeVarLong(out, d.attributes().size());
      for (Map.Entry<String, String> e : d.attributes().entrySet()) {
        BinaryCodec.writeString(out, e.getKey());
        BinaryCodec.writeString(out, e.getValue());
      }
      BinaryCodec.writeString(out, d.errorMessage());
      BinaryCodec.writeString(out, d.stacktrace());
    }

    @Override
    public DeadLetter decode(InputStream in) throws IOException {
      long ts = BinaryCodec.readVarLong(in);
      byte[] payload = BinaryCodec.readBytes(in);
      int n = (int) BinaryCodec.readVarLong(in);
      TreeMap<String, String> attrs = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        attrs.put(BinaryCodec.readString(in), BinaryCodec.readString(in));
      }
      String error = BinaryCodec.readString(in);
      String stack = BinaryCodec.readString(in);
      return DeadLetter.of(ts, payload, attrs, error, stack);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
