package dev.logalerts.model;

import com.google.auto.value.AutoValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * One entry as read, before parsing: the exact bytes and where they came from (Pub/Sub message
 * attributes, or {@code source}/{@code offset} for files). {@link #originalSize()} is the size the
 * input had; it is larger than the payload when a source cut an oversized line, so that the
 * dead-letter row can say how large it was without holding it all in memory.
 */
@AutoValue
@DefaultCoder(RawEntry.Coder.class)
public abstract class RawEntry {
  /**
   * Attribute of an entry its file's reader could not read in the file's format (a YAML document
   * that is not YAML), saying why: the parse step dead-letters it with that as {@code
   * invalid_yaml}.
   */
  public static final String READ_ERROR_ATTRIBUTE = "readError";

  /**
   * Attribute of the entry that stands for the unreadable rest of a file (compressed data cut short
   * or damaged), saying why: the parse step dead-letters it as {@code unreadable_file}.
   */
  public static final String FILE_ERROR_ATTRIBUTE = "fileError";

  /**
   * Attribute of an entry read from Pub/Sub: when the message was published (RFC 3339), which the
   * parse step holds the entry's own time against.
   */
  public static final String PUBLISH_TIME_ATTRIBUTE = "logalerts/publishTime";

  /**
   * How far ahead of its publish time an entry may be stamped. Cloud Logging refuses entries
   * stamped more than a day ahead, so only another publisher, with a wrong clock, sends them: the
   * source does not take such a time as the event time, and the parse step dead-letters the entry.
   */
  public static final org.joda.time.Duration MAX_AHEAD_OF_PUBLISH =
      org.joda.time.Duration.standardDays(1);

  @SuppressWarnings("mutable")
  public abstract byte[] payload();

  /** Sorted attributes. */
  public abstract Map<String, String> attributes();

  public abstract long originalSize();

  public final boolean truncated() {
    return originalSize() > payload().length;
  }

  public static RawEntry of(byte[] payload, Map<String, String> attributes) {
    return of(payload, attributes, payload.length);
  }

  public static RawEntry of(byte[] payload, Map<String, String> attributes, long originalSize) {
    Map<String, String> attrs =
        attributes.isEmpty()
            ? Collections.emptyMap()
            : Collections.unmodifiableMap(new TreeMap<>(attributes));
    return new AutoValue_RawEntry(payload, attrs, originalSize);
  }

  /** Deterministic binary coder. */
  public static final class Coder extends AtomicCoder<RawEntry> {
    private static final Coder INSTANCE = new Coder();

    public static Coder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(RawEntry.class), INSTANCE);
    }

    @Override
    public void encode(RawEntry r, OutputStream out) throws IOException {
      BinaryCodec.writeBytes(out, r.payload());
      BinaryCodec.writeVarLong(out, r.attributes().size());
      for (Map.Entry<String, String> e : r.attributes().entrySet()) {
        BinaryCodec.writeString(out, e.getKey());
        BinaryCodec.writeString(out, e.getValue());
      }
      BinaryCodec.writeVarLong(out, r.originalSize());
    }

    @Override
    public RawEntry decode(InputStream in) throws IOException {
      byte[] payload = BinaryCodec.readBytes(in);
      int n = (int) BinaryCodec.readVarLong(in);
      TreeMap<String, String> attrs = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        attrs.put(BinaryCodec.readString(in), BinaryCodec.readString(in));
      }
      return RawEntry.of(payload, attrs, BinaryCodec.readVarLong(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}
