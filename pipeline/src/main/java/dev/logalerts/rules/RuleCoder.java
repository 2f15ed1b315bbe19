package dev.logalerts.rules;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.BinaryCodec;
import dev.logalerts.model.FieldPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Deterministic Beam coder of a validated {@link Rule}, for state (the lifecycle's {@code rule}
 * cell): no Java serialization, so the bytes depend only on the rule's settings, never on class
 * layout, serialVersionUID or the JVM.
 *
 * <p>Form: a format version byte, then every property in a fixed order as text and numbers: filters
 * by their text (compiled again on decode), groupBy by the keys as written (paths resolved again),
 * enums by their rules-file spelling, durations in milliseconds, doubles as their IEEE bits, {@link
 * Rule#kindSettings()} sorted by key. A decoded rule has the same {@link Rule#fingerprint()} as the
 * encoded one, which is how the lifecycle matches it to its state.
 *
 * <p><b>Pipeline update ({@code --update}).</b> The replacement job reads the cells the old job
 * wrote, so the coder keeps reading every format it ever wrote:
 *
 * <ul>
 *   <li>Format 2 (this one) adds, after the kind settings, {@link Rule#flapCount()}, {@link
 *       Rule#flapWindow()} and {@link Rule#renotifyEvery()}; format 1 bytes decode with their
 *       defaults (the fingerprint of such a rule is unchanged, as it only includes them when set).
 *   <li>Format 1 carries {@link Rule#kindSettings()}, so a kind added later stores its settings
 *       without a new format. A new {@link Rule} property is a new format version ({@code 2}, ...):
 *       encode writes the newest, decode still reads every older one (older bytes get the
 *       property's default). A version byte is never reused. An older job cannot read a newer
 *       format: update forward only.
 *   <li>The coder's class and step names are unchanged between versions, so the update check sees
 *       the same graph; the version byte, not the coder identity, tells formats apart.
 *   <li>Filters are stored as their text and compiled by the new job: a filter grammar change must
 *       keep accepting texts that validated before (as it must for the rules file anyway).
 *   <li>From a job older than this coder (its cell held Java-serialized rules): drain it and start
 *       the new job rather than update it. Only keys under a reloaded rule version that the new
 *       launch rules no longer contain would read such a cell (launch versions are never stored),
 *       and that read fails with a {@link CoderException} saying so instead of misreading bytes.
 * </ul>
 */
public final class RuleCoder extends AtomicCoder<Rule> {
  private static final long serialVersionUID = 1L;

  /** The format written; decode accepts every version up to this one. */
  static final int VERSION = 2;

  /** First byte of a Java serialization stream (0xACED): the cell's format before this coder. */
  private static final int JAVA_SERIALIZATION_MAGIC = 0xAC;

  private static final RuleCoder INSTANCE = new RuleCoder();

  private RuleCoder() {}

  public static RuleCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Rule r, OutputStream out) throws IOException {
    out.write(VERSION);
    BinaryCodec.writeString(out, r.name());
    BinaryCodec.writeString(out, r.type().key());
    BinaryCodec.writeString(out, r.filter().text());
    BinaryCodec.writeVarLong(out, r.groupBy().size());
    for (String k : r.groupBy()) {
      BinaryCodec.writeString(out, k);
    }
    BinaryCodec.writeVarLong(out, r.window().getMillis());
    BinaryCodec.writeVarLong(out, r.period().getMillis());
    writeDouble(out, r.threshold());
    BinaryCodec.writeString(out, r.severity().key());
    BinaryCodec.writeVarLong(out, r.suppressFor().getMillis());
    BinaryCodec.writeVarLong(out, r.resolveAfter());
    BinaryCodec.writeString(out, r.description());
    BinaryCodec.writeString(out, r.runbook());
    CompiledFilter num = r.numerator();
    out.write(num == null ? 0 : 1);
    if (num != null) {
      BinaryCodec.writeString(out, num.text());
    }
    BinaryCodec.writeVarLong(out, r.minCount());
    writeDouble(out, r.percentile());
    BinaryCodec.writeVarLong(out, r.expectWithin().getMillis());
    BinaryCodec.writeVarLong(out, r.forgetAfter().getMillis());
    writeDouble(out, r.factor());
    BinaryCodec.writeString(out, r.direction().name());
    BinaryCodec.writeVarLong(out, r.baseline().getMillis());
    BinaryCodec.writeVarLong(out, r.learnFor().getMillis());
    BinaryCodec.writeVarLong(out, r.kindSettings().size());
    for (Map.Entry<String, String> e : new TreeMap<>(r.kindSettings()).entrySet()) {
      BinaryCodec.writeString(out, e.getKey());
      BinaryCodec.writeString(out, e.getValue());
    }
    BinaryCodec.writeVarLong(out, r.flapCount());
    BinaryCodec.writeVarLong(out, r.flapWindow().getMillis());
    BinaryCodec.writeVarLong(out, r.renotifyEvery().getMillis());
  }

  @Override
  public Rule decode(InputStream in) throws IOException {
    int version = in.read();
    if (version == JAVA_SERIALIZATION_MAGIC) {
      throw new CoderException(
          "rule state written with Java serialization by a job older than RuleCoder; drain that"
              + " job and start a new one instead of updating it");
    }
    if (version < 1 || version > VERSION) {
      throw new CoderException(
          "rule state in format version " + version + "; this job reads 1.." + VERSION);
    }
    Rule.Builder b = Rule.builder();
    b.setName(BinaryCodec.readString(in));
    String typeKey = BinaryCodec.readString(in);
    RuleType type = RuleType.fromKey(typeKey);
    if (type == null) {
      throw new CoderException("unknown rule type in state: " + typeKey);
    }
    b.setType(type);
    b.setFilter(compile(BinaryCodec.readString(in)));
    int n = (int) BinaryCodec.readVarLong(in);
    List<String> groupBy = new ArrayList<>(n);
    List<@Nullable FieldPath> paths = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String k = BinaryCodec.readString(in);
      groupBy.add(k);
      paths.add(k.equals(Rule.TEMPLATE_KEY) ? null : FieldPath.parse(k));
    }
    b.setGroupBy(List.copyOf(groupBy));
    b.setGroupByPaths(Collections.unmodifiableList(paths));
    b.setWindow(Duration.millis(BinaryCodec.readVarLong(in)));
    b.setPeriod(Duration.millis(BinaryCodec.readVarLong(in)));
    b.setThreshold(readDouble(in));
    String severity = BinaryCodec.readString(in);
    AlertSeverity sev = AlertSeverity.fromKey(severity);
    if (sev == null) {
      throw new CoderException("unknown severity in state: " + severity);
    }
    b.setSeverity(sev);
    b.setSuppressFor(Duration.millis(BinaryCodec.readVarLong(in)));
    b.setResolveAfter((int) BinaryCodec.readVarLong(in));
    b.setDescription(BinaryCodec.readString(in));
    b.setRunbook(BinaryCodec.readString(in));
    if (in.read() == 1) {
      b.setNumerator(compile(BinaryCodec.readString(in)));
    }
    b.setMinCount(BinaryCodec.readVarLong(in));
    b.setPercentile(readDouble(in));
    b.setExpectWithin(Duration.millis(BinaryCodec.readVarLong(in)));
    b.setForgetAfter(Duration.millis(BinaryCodec.readVarLong(in)));
    b.setFactor(readDouble(in));
    try {
      b.setDirection(SpikeDirection.valueOf(BinaryCodec.readString(in)));
    } catch (IllegalArgumentException e) {
      throw new CoderException("unknown spike direction in state", e);
    }
    b.setBaseline(Duration.millis(BinaryCodec.readVarLong(in)));
    b.setLearnFor(Duration.millis(BinaryCodec.readVarLong(in)));
    long m = BinaryCodec.readVarLong(in);
    Map<String, String> settings = new TreeMap<>();
    for (long i = 0; i < m; i++) {
      settings.put(BinaryCodec.readString(in), BinaryCodec.readString(in));
    }
    b.setKindSettings(settings);
    if (version >= 2) {
      b.setFlapCount((int) BinaryCodec.readVarLong(in));
      b.setFlapWindow(Duration.millis(BinaryCodec.readVarLong(in)));
      b.setRenotifyEvery(Duration.millis(BinaryCodec.readVarLong(in)));
    }
    return b.build();
  }

  /** The bytes depend only on the rule's settings. */
  @Override
  public void verifyDeterministic() {}

  private static CompiledFilter compile(String text) throws CoderException {
    try {
      return Filter.compile(text);
    } catch (RuntimeException e) {
      throw new CoderException("rule filter in state does not compile: " + e.getMessage(), e);
    }
  }

  private static void writeDouble(OutputStream out, double d) throws IOException {
    BinaryCodec.writeVarLong(out, Double.doubleToLongBits(d));
  }

  private static double readDouble(InputStream in) throws IOException {
    return Double.longBitsToDouble(BinaryCodec.readVarLong(in));
  }
}
