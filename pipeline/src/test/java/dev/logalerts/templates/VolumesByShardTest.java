package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.templates.NoisyLogsTest.BASE;

import dev.logalerts.alerting.MatchRuleFilters;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.templates.NoisyVolumeFn.Volume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The noisy-log merge by shard: the rows do not depend on the number of shards, a shard's pane only
 * names the keys that had entries in it, and shards are the same in every JVM.
 */
@RunWith(JUnit4.class)
public class VolumesByShardTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final String[] SERVICES = {"cart", "auth", "search", "checkout", "pricing"};
  private static final Severity[] SEVERITIES = {Severity.INFO, Severity.WARNING, Severity.ERROR};

  /** 600 entries over 3 hours: 5 services x 3 severities x 8 message shapes, uneven counts. */
  private static List<LogEvent> entries() {
    List<LogEvent> out = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      int shape = (i * 7) % 8;
      out.add(
          NoisyLogsTest.text(
              "id-" + i,
              BASE + (i * 17L % 180) * 60_000L,
              SERVICES[(i * 3) % SERVICES.length],
              SEVERITIES[i % (shape < 4 ? 1 : 3)],
              "shape " + "abcdefgh".charAt(shape) + " request " + i + " took " + (i % 97) + " ms",
              50 + i % 13));
    }
    return out;
  }

  /** What every row must say, computed without the pipeline: (service, severity, hour) -> count. */
  private static Map<String, Long> expectedCounts(List<LogEvent> in) {
    Map<String, Long> counts = new TreeMap<>();
    for (LogEvent e : in) {
      long hour = (e.eventTime().getMillis() - BASE) / 3_600_000L;
      String shape = e.message().substring(0, 7);
      counts.merge(e.service() + "|" + e.severity() + "|" + shape + "|" + hour, 1L, Long::sum);
    }
    return counts;
  }

  private static Map<String, Long> rowCounts(Iterable<NoisyLogRow> rows) {
    Map<String, Long> counts = new TreeMap<>();
    for (NoisyLogRow r : rows) {
      long hour = (r.windowStartMillis() - BASE) / 3_600_000L;
      String shape = r.template().substring(0, 7);
      Long before =
          counts.put(r.service() + "|" + r.severity() + "|" + shape + "|" + hour, r.count());
      assertThat(before).isNull(); // one row per key and window
    }
    return counts;
  }

  @Test
  public void rowsDoNotDependOnTheNumberOfShards() {
    List<LogEvent> in = entries();
    List<TimestampedValue<LogEvent>> stamped = new ArrayList<>();
    for (LogEvent e : in) {
      stamped.add(TimestampedValue.of(e, e.eventTime()));
    }
    Map<String, Long> expected = expectedCounts(in);
    assertThat(expected.size()).isGreaterThan(60); // many keys per shard below
    PCollection<MatchedEvent> matched =
        p.apply(Create.timestamped(stamped)).apply("Match", MatchRuleFilters.of(RuleSet.empty()));
    for (int shards : new int[] {1, 3, NoisyLogOptions.DEFAULT_SHARDS}) {
      PCollection<NoisyLogRow> rows =
          matched.apply(
              "Account" + shards,
              NoisyLogs.create().withMiner(new NoisyLogsTest.DigitMiner()).withShards(shards));
      PAssert.that("shards=" + shards, rows)
          .satisfies(
              rs -> {
                assertThat(rowCounts(rs)).isEqualTo(expected);
                for (NoisyLogRow r : rs) {
                  assertThat(r.paneTiming()).isEqualTo("ON_TIME");
                  assertThat(r.sampleInsertIds()).isNotEmpty();
                }
                return null;
              });
    }
    p.run().waitUntilFinish();
  }

  @Test
  public void aLatePaneNamesOnlyTheKeysWithLateEntries() {
    // One shard for both services: "cart" gets a late entry, "auth" does not.
    TestStream<LogEvent> stream =
        TestStream.create(LogEventCoder.of())
            .addElements(at("a1", "cart", 5), at("a2", "auth", 6), at("a3", "auth", 7))
            .advanceWatermarkTo(new Instant(BASE + 65 * 60_000L))
            .addElements(at("l1", "cart", 20))
            .advanceProcessingTime(Duration.standardMinutes(2))
            .advanceWatermarkToInfinity();
    PCollection<NoisyLogRow> rows =
        p.apply(stream)
            .apply("Match", MatchRuleFilters.of(RuleSet.empty()))
            .apply(
                "Account",
                NoisyLogs.create()
                    .withMiner(new NoisyLogsTest.DigitMiner())
                    .withShards(1)
                    .withAllowedLateness(Duration.standardMinutes(30))
                    .withArrivalClock(e -> e.receiveTimestampNanos() / 1_000_000L));
    PAssert.that(rows)
        .satisfies(
            rs -> {
              Map<String, String> panes = new TreeMap<>();
              for (NoisyLogRow r : rs) {
                panes.put(
                    r.service() + " " + r.paneTiming(),
                    r.count() + " " + r.sampleInsertIds() + " pane " + r.paneIndex());
              }
              assertThat(panes)
                  .containsExactly(
                      "auth ON_TIME", "2 [a2, a3] pane 0",
                      "cart ON_TIME", "1 [a1] pane 0",
                      "cart LATE", "1 [l1] pane 1");
              return null;
            });
    p.run().waitUntilFinish();
  }

  private static TimestampedValue<LogEvent> at(String id, String service, int minute) {
    long millis = BASE + minute * 60_000L;
    LogEvent e =
        NoisyLogsTest.text(id, millis, service, Severity.WARNING, "Slow query " + minute, 10)
            .toBuilder()
            .setReceiveTimestampNanos(millis * 1_000_000L)
            .build();
    return TimestampedValue.of(e, e.eventTime());
  }

  @Test
  public void mergeIsOrderIndependentAndLeavesItsInputsAlone() {
    NoisyVolumeFn volumes = new NoisyVolumeFn();
    List<KV<String, Volume>> partials = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Volume v = volumes.createAccumulator();
      volumes.addInput(
          v, NoisyEntry.of("id-" + (11 - i), i * 1000L, 10 + i, "m " + i, "m <*>", "", List.of()));
      partials.add(KV.of("key-" + (i % 3), v));
    }
    VolumesByShard.MergeFn<String> merge =
        new VolumesByShard.MergeFn<>(org.apache.beam.sdk.coders.StringUtf8Coder.of());
    Map<String, Volume> inOrder = merge.createAccumulator();
    for (KV<String, Volume> kv : partials) {
      inOrder = merge.addInput(inOrder, kv);
    }
    // The same partials in reverse, split over two accumulators, then merged.
    Map<String, Volume> first = merge.createAccumulator();
    Map<String, Volume> second = merge.createAccumulator();
    for (int i = partials.size() - 1; i >= 0; i--) {
      merge.addInput(i % 2 == 0 ? first : second, partials.get(i));
    }
    Map<String, Volume> split = merge.mergeAccumulators(List.of(second, first));

    assertThat(summary(split)).isEqualTo(summary(inOrder));
    assertThat(summary(inOrder))
        .containsExactly(
            "key-0", "4 58 [id-11, id-2, id-5] id-11",
            "key-1", "4 62 [id-1, id-10, id-4] id-1",
            "key-2", "4 66 [id-0, id-3, id-6] id-0");
    for (KV<String, Volume> kv : partials) {
      assertThat(kv.getValue().count()).isEqualTo(1); // inputs not merged into
    }
  }

  private static Map<String, String> summary(Map<String, Volume> volumes) {
    Map<String, String> out = new HashMap<>();
    volumes.forEach(
        (k, v) -> out.put(k, v.count() + " " + v.bytes() + " " + v.sampleIds() + " " + v.sampleId));
    return out;
  }

  @Test
  public void shardsAreTheSameInEveryJvm() {
    NoisyKey key =
        NoisyKey.of("shop", "cart", "k8s_container", "stdout", Severity.WARNING, "abc123");
    // From the String.hashCode formula (specified by Java, unlike an enum's identity hash).
    assertThat(key.stableHash()).isEqualTo(-456208615);
    VolumesByShard.ShardFn<NoisyKey> shards =
        new VolumesByShard.ShardFn<>(NoisyKey::stableHash, 64);
    assertThat(shards.shardOf(key)).isEqualTo(25); // floorMod: never negative
  }
}
