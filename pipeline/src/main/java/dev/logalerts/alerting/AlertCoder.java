package dev.logalerts.alerting;

import dev.logalerts.model.BinaryCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * Deterministic coder for {@link Alert}: its JSON text, whose key order is fixed and whose group
 * map is sorted. Alerts are few (one per incident step), so compactness does not matter here.
 */
public final class AlertCoder extends AtomicCoder<Alert> {
  private static final AlertCoder INSTANCE = new AlertCoder();

  public static AlertCoder of() {
    return INSTANCE;
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
