package dev.logalerts.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.alerting.RuleFilters;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.templates.NoisyEntry;
import dev.logalerts.templates.NoisyKey;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.templates.Redactor;
import dev.logalerts.templates.TemplateMiner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-entry costs of docs/performance.md, each reported as operations per second on one thread
 * over the same {@link BenchData#ENTRIES} generated entries, so ratios within one run compare like
 * with like:
 *
 * <ol>
 *   <li>{@link #readTree} — the baseline: Jackson {@code ObjectMapper.readTree} of each entry's
 *       bytes (the naive cost of reading the JSON at all); {@link #parse} — our parser to a {@link
 *       LogEvent}.
 *   <li>{@link #fullPath} — bytes → event (with the parser the job builds for the 20 rules: every
 *       field of the entries whose bytes hold the bare word, of the others only the fields the
 *       rules and templates read) → derived service → the 20 rule filters, tested once as the job
 *       does ({@link RuleFilters#match}: the entry with the names of the rules it matched, which
 *       alerting and the noisy-log account share) → the entry's key in the noisy-log account
 *       ({@link NoisyLogs#entryKeys}, the job's own step: the structural template of request logs
 *       and GCP log families, else the mined template of the message) → redaction of the template
 *       (the pipeline redacts once per window and template; redacting per entry here is an upper
 *       bound). {@link #fullPathFieldRules}: the same for the 19 rules that name the fields they
 *       read, with the parser the job builds for them. Each invocation is one pass over the
 *       entries: the miner's memory of recent messages is cleared first, so it answers the repeats
 *       within one pass (35% of the entries), as in a stream, not the replay of the previous pass.
 *   <li>{@link #mine} — the template miner alone, messages/s (one pass, as above).
 *   <li>{@link #coderRoundTrip} — {@link LogEventCoder} encode + decode (what each shuffle pays);
 *       the size fraction is printed by {@link BenchReport}.
 *   <li>{@link #filters} — one filter on one entry (ops = entries × 20 rules).
 * </ol>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class PerEntryBenchmarks {
  private static final int N = BenchData.ENTRIES;
  private static final int RULES = BenchData.RULES;

  private BenchData data;
  private final ObjectMapper mapper = new ObjectMapper();
  private final LogEntryParser parser = new LogEntryParser();
  private final TemplateMiner miner = new TemplateMiner();
  private final Redactor redactor = new Redactor();
  private final SerializableFunction<MatchedEvent, KV<NoisyKey, NoisyEntry>> entryKeys =
      NoisyLogs.entryKeys();
  private final LogEventCoder coder = LogEventCoder.of();
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);

  @Setup
  public void setUp() {
    data = new BenchData();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void readTree(Blackhole bh) throws IOException {
    for (byte[] line : data.lines) {
      bh.consume(mapper.readTree(line));
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void parse(Blackhole bh) throws Exception {
    for (byte[] line : data.lines) {
      bh.consume(parser.parse(line));
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void fullPath(Blackhole bh) throws Exception {
    onePass(bh, data.rulesParser, data.ruleFilters);
  }

  /**
   * {@link #fullPath} for the 19 rules that name the fields they read (all but the bare word), with
   * the parser the job builds for them: it skips the payload fields no rule or template reads.
   */
  @Benchmark
  @OperationsPerInvocation(N)
  public void fullPathFieldRules(Blackhole bh) throws Exception {
    onePass(bh, data.fieldRulesParser, data.fieldRuleFilters);
  }

  /** One pass of a stream over the entries, not a replay of messages seen in the previous one. */
  private void onePass(Blackhole bh, LogEntryParser entryParser, RuleFilters ruleFilters)
      throws Exception {
    TemplateMiner.forgetRecentMessages();
    for (byte[] line : data.lines) {
      bh.consume(afterTheParse(entryParser.parse(line), ruleFilters, entryKeys, redactor));
    }
  }

  /**
   * The full path's work after the parse: service, filters, template key, redaction. Returns a
   * checksum of what it made (for the caller to consume).
   */
  static long afterTheParse(
      LogEvent e,
      RuleFilters ruleFilters,
      SerializableFunction<MatchedEvent, KV<NoisyKey, NoisyEntry>> entryKeys,
      Redactor redactor) {
    long h = e.service().length();
    MatchedEvent m = ruleFilters.match(e);
    h += m.ruleNames().size();
    KV<NoisyKey, NoisyEntry> kv = entryKeys.apply(m);
    h += kv.getKey().templateId().length();
    return h + redactor.redact(kv.getValue().template()).length();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void mine(Blackhole bh) {
    TemplateMiner.forgetRecentMessages();
    for (String m : data.messages) {
      bh.consume(miner.mine(m));
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public void coderRoundTrip(Blackhole bh) throws IOException {
    for (LogEvent e : data.events) {
      buffer.reset();
      coder.encode(e, buffer);
      bh.consume(coder.decode(new ByteArrayInputStream(buffer.toByteArray())));
    }
  }

  @Benchmark
  @OperationsPerInvocation(N * RULES)
  public void filters(Blackhole bh) {
    CompiledFilter[] filters = data.filters;
    for (LogEvent e : data.events) {
      for (CompiledFilter f : filters) {
        bh.consume(f.test(e));
      }
    }
  }
}
