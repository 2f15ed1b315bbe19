package dev.logalerts.alerting;

import dev.logalerts.model.BinaryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Deterministic coder for {@link Alert}: its JSON text, whose key order is fixed and whose group
 * map is sorted. Alerts are few (one per incident step), so compactness does not matter here.
 */
public final class AlertCoder extends AtomicCoder<Alert> {
  private static final AlertCoder INSTANCE = new AlertCoder();

  public static AlertCoder of() {
    return INSTANCE;
  }

  /**
   * Found through {@code @DefaultCoder} on {@link Alert}; also serves the generated AutoValue
   * subclass, so {@code Create.of(alert)} and inferred coders work.
   */
  public static CoderProvider getCoderProvider() {
    return new CoderProvider() {
      @Override
      @SuppressWarnings("unchecked")
      public <T> Coder<T> coderFor(TypeDescriptor<T> type, List<? extends Coder<?>> components)
          throws CannotProvideCoderException {
        if (Alert.class.isAssignableFrom(type.getRawType())) {
          return (Coder<T>) INSTANCE;
        }
        throw new CannotProvideCoderException(type + " is not an Alert");
      }
    };
  }

  @Override
  public void encode(Alert value, OutputStream out) throws IOException {
    BinaryCodec.writeString(out, value.toJson());
  }

  @Override
  public Alert decode(InputStream in) throws IOException {
    return Alert.fromJson(BinaryCodec.readString(in));
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
