package dev.logalerts.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logalerts.alerting.RuleFilters;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.templates.NoisyEntry;
import dev.logalerts.templates.NoisyKey;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.templates.Redactor;
import dev.logalerts.templates.TemplateMiner;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Where the full path's time goes, beside {@link PerEntryBenchmarks} (not part of {@code
 * scripts/bench.sh}; docs/performance.md, "What the 0.75× bar would take"): the parse without
 * payload leaves, the work after the parse on already parsed events, and Jackson's bare token walk
 * — the floor of any parse built on Jackson. Run with {@code java -cp <bench classpath>
 * org.openjdk.jmh.Main ParseCostBenchmarks -f 1 -wi 10 -w 2s -i 3 -r 2s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ParseCostBenchmarks {
  private static final int N = BenchData.ENTRIES;

  private BenchData data;
  private final LogEntryParser noPayload = new LogEntryParser().withPayloadPaths(List.of());
  private final SerializableFunction<MatchedEvent, KV<NoisyKey, NoisyEntry>> entryKeys =
      NoisyLogs.entryKeys();
  private final Redactor redactor = new Redactor();
  private final JsonFactory factory = new JsonFactory();

  @Setup
  public void setUp() {
    data = new BenchData();
  }

  /** The parse keeping no payload leaves: what storing them costs. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void parseWithoutPayloadLeaves(Blackhole bh) throws Exception {
    for (byte[] line : data.lines) {
      bh.consume(noPayload.parse(line));
    }
  }

  /** The full path's work after the parse (service, 20 filters, template key, redaction). */
  @Benchmark
  @OperationsPerInvocation(N)
  public void afterTheParse(Blackhole bh) {
    TemplateMiner.forgetRecentMessages();
    RuleFilters ruleFilters = data.ruleFilters;
    for (LogEvent e : data.events) {
      bh.consume(PerEntryBenchmarks.afterTheParse(e, ruleFilters, entryKeys, redactor));
    }
  }

  /** Jackson's token walk making every name and value a string, no tree and no event. */
  @Benchmark
  @OperationsPerInvocation(N)
  public void jacksonTokenWalk(Blackhole bh) throws IOException {
    for (byte[] line : data.lines) {
      try (JsonParser p = factory.createParser(line)) {
        JsonToken t;
        while ((t = p.nextToken()) != null) {
          if (t == JsonToken.FIELD_NAME) {
            bh.consume(p.currentName());
          } else if (t.isScalarValue()) {
            bh.consume(p.getText());
          }
        }
      }
    }
  }
}
