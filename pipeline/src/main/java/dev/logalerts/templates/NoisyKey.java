package dev.logalerts.templates;

import com.google.auto.value.AutoValue;
import dev.logalerts.model.BinaryCodec;
import dev.logalerts.model.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The grouping key of the volume account: one {@code noisy_logs} row per window and pane for each
 * (project, service, resource type, log, severity, template id). Deterministic coder, as a shuffle
 * key must have.
 */
@AutoValue
@DefaultCoder(NoisyKey.Coder.class)
public abstract class NoisyKey {
  public abstract String projectId();

  public abstract String service();

  public abstract String resourceType();

  public abstract String logId();

  public abstract Severity severity();

  public abstract String templateId();

  public static NoisyKey of(
      String projectId,
      String service,
      String resourceType,
      String logId,
      Severity severity,
      String templateId) {
    return new AutoValue_NoisyKey(projectId, service, resourceType, logId, severity, templateId);
  }

  /**
   * A hash of the key's values that every JVM computes alike (String hash codes are specified; an
   * enum's {@code hashCode} is not), so that workers agree on the key's shard ({@link
   * VolumesByShard}).
   */
  public int stableHash() {
    int h = projectId().hashCode();
    h = 31 * h + service().hashCode();
    h = 31 * h + resourceType().hashCode();
    h = 31 * h + logId().hashCode();
    h = 31 * h + severity().ordinal();
    return 31 * h + templateId().hashCode();
  }

  /** Deterministic binary coder. */
  public static final class Coder extends AtomicCoder<NoisyKey> {
    private static final Coder INSTANCE = new Coder();
    private static final Severity[] SEVERITIES = Severity.values();

    public static Coder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(NoisyKey.class), INSTANCE);
    }

    @Override
    public void encode(NoisyKey k, OutputStream out) throws IOException {
      BinaryCodec.writeString(out, k.projectId());
      BinaryCodec.writeString(out, k.service());
      BinaryCodec.writeString(out, k.resourceType());
      BinaryCodec.writeString(out, k.logId());
      BinaryCodec.writeVarLong(out, k.severity().ordinal());
      BinaryCodec.writeString(out, k.templateId());
    }

    @Override
    public NoisyKey decode(InputStream in) throws IOException {
      String project = BinaryCodec.readString(in);
      String service = BinaryCodec.readString(in);
      String resourceType = BinaryCodec.readString(in);
      String logId = BinaryCodec.readString(in);
      int sev = (int) BinaryCodec.readVarLong(in);
      if (sev < 0 || sev >= SEVERITIES.length) {
        throw new CoderException("bad severity ordinal " + sev);
      }
      return NoisyKey.of(
          project, service, resourceType, logId, SEVERITIES[sev], BinaryCodec.readString(in));
    }

    @Override
    public void verifyDeterministic() {}

    @Override
    public boolean consistentWithEquals() {
      return true;
    }
  }
}
