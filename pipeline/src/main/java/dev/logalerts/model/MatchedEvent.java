package dev.logalerts.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.coders.CoderProvider;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * A parsed entry with the alert rules whose filter it matched: each filter is tested once per entry
 * (the job's {@code MatchRuleFilters} step), and both the alert evaluation and the noisy-log
 * account read the result. {@link #rulesVersion()} is the version of the rules file those filters
 * came from (streaming jobs reload it), so a consumer holding a different version knows the names
 * are not its own.
 */
@DefaultCoder(MatchedEvent.Coder.class)
public final class MatchedEvent {
  private final LogEvent event;
  private final String rulesVersion;
  private final List<String> ruleNames;

  private MatchedEvent(LogEvent event, String rulesVersion, List<String> ruleNames) {
    this.event = event;
    this.rulesVersion = rulesVersion;
    this.ruleNames = ruleNames;
  }

  /**
   * {@code ruleNames}: the matched rules in rules-file order, distinct. An immutable list ({@code
   * List.of}, {@code List.copyOf}) is kept as is, so entries matching the same rules can share one;
   * any other list is copied.
   */
  public static MatchedEvent of(LogEvent event, String rulesVersion, List<String> ruleNames) {
    return new MatchedEvent(
        Objects.requireNonNull(event),
        Objects.requireNonNull(rulesVersion),
        List.copyOf(ruleNames));
  }

  public LogEvent event() {
    return event;
  }

  public String rulesVersion() {
    return rulesVersion;
  }

  /** Names of the rules whose filter matched, in rules-file order; empty when none did. */
  public List<String> ruleNames() {
    return ruleNames;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MatchedEvent)) {
      return false;
    }
    MatchedEvent m = (MatchedEvent) o;
    return event.equals(m.event)
        && rulesVersion.equals(m.rulesVersion)
        && ruleNames.equals(m.ruleNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, rulesVersion, ruleNames);
  }

  @Override
  public String toString() {
    return "MatchedEvent{" + event.insertId() + ", " + rulesVersion + ", " + ruleNames + "}";
  }

  /**
   * Deterministic coder: a version byte, the {@link LogEventCoder} encoding, the rules version and
   * the names.
   */
  public static final class Coder extends AtomicCoder<MatchedEvent> {
    private static final int VERSION = 1;
    private static final Coder INSTANCE = new Coder();
    private static final LogEventCoder EVENTS = LogEventCoder.of();

    public static Coder of() {
      return INSTANCE;
    }

    /** Lets {@code @DefaultCoder} find this coder. */
    public static CoderProvider getCoderProvider() {
      return CoderProviders.forCoder(TypeDescriptor.of(MatchedEvent.class), INSTANCE);
    }

    @Override
    public void encode(MatchedEvent m, OutputStream out) throws IOException {
      out.write(VERSION);
      EVENTS.encode(m.event, out);
      BinaryCodec.writeString(out, m.rulesVersion);
      BinaryCodec.writeVarLong(out, m.ruleNames.size());
      for (String name : m.ruleNames) {
        BinaryCodec.writeString(out, name);
      }
    }

    @Override
    public MatchedEvent decode(InputStream in) throws IOException {
      int version = in.read();
      if (version != VERSION) {
        throw new CoderException("unknown MatchedEvent encoding version " + version);
      }
      LogEvent event = EVENTS.decode(in);
      String rulesVersion = BinaryCodec.readString(in);
      int n = (int) BinaryCodec.readVarLong(in);
      if (n < 0) {
        throw new CoderException("negative rule count " + n);
      }
      List<String> names = n == 0 ? List.of() : new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        names.add(BinaryCodec.readString(in));
      }
      return MatchedEvent.of(event, rulesVersion, names);
    }

    @Override
    public void verifyDeterministic() {}
  }
}
