package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.ERRORS;
import static dev.logalerts.alerting.AlertTestSupport.batch;
import static dev.logalerts.alerting.AlertTestSupport.error;
import static dev.logalerts.alerting.AlertTestSupport.evaluate;
import static dev.logalerts.alerting.AlertTestSupport.rule;
import static dev.logalerts.alerting.AlertTestSupport.sorted;
import static dev.logalerts.alerting.AlertTestSupport.stream;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.Severity;
import dev.logalerts.model.Timestamps;
import dev.logalerts.rules.CronSchedule;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.Silence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.Test;

/**
 * Silences over the lifecycle's alerts, in batch and streaming: a recurring maintenance window in a
 * non-UTC zone (02:00-03:00 Asia/Tokyo = 17:00-18:00 UTC), an incident inside it (nothing
 * published), one still firing when it ends (published at 18:00), one far from it (untouched), and
 * a one-off from/until silence.
 */
public class SilencesTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Map<String, List<Alert>> RESULTS = new ConcurrentHashMap<>();

  static long utc(String hhmm) {
    return Timestamps.parse("2026-11-20T" + hhmm + ":00Z") / 1_000_000L;
  }

  static Rule errorsRule() {
    return rule("repeated-errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(3).build();
  }

  static RuleSet rules(Silence... silences) {
    return RuleSet.of(List.of(errorsRule()), List.of(silences), "silenced");
  }

  static Silence nightly() throws Exception {
    TreeMap<String, String> group = new TreeMap<>(Map.of("service", "shop/checkout"));
    return new Silence(
        "nightly-maintenance",
        List.of("repeated-errors"),
        group,
        CronSchedule.parse("0 2 * * *", "Asia/Tokyo"),
        3_600_000L,
        0,
        0);
  }

  /** Bursts of 5 errors a minute on checkout from {@code from} to {@code until} (UTC hh:mm). */
  static void burst(List<LogEvent> out, String service, String from, String until) {
    for (long t = utc(from); t < utc(until); t += 60_000L) {
      for (int i = 0; i < 5; i++) {
        out.add(error(service + "-" + t + "-" + i, t + i * 1000L, service));
      }
    }
  }

  static List<LogEvent> corpus() {
    List<LogEvent> in = new ArrayList<>();
    burst(in, "shop/checkout", "12:00", "12:03"); // far from the window: published
    burst(in, "shop/checkout", "17:10", "17:13"); // inside: silenced, resolved inside
    burst(in, "shop/checkout", "17:40", "18:10"); // still firing at 18:00: published then
    burst(in, "shop/search", "17:20", "17:22"); // other group: not covered
    in.add(
        AlertTestSupport.entry("tail", utc("19:00"), "shop/checkout", Severity.INFO, "tail entry"));
    return in;
  }

  private static void capture(String name, PCollection<Alert> alerts) {
    PAssert.that(alerts)
        .satisfies(
            it -> {
              RESULTS.put(name, sorted(it));
              return null;
            });
  }

  static List<String> lines(List<Alert> alerts) {
    List<String> out = new ArrayList<>();
    for (Alert a : alerts) {
      out.add(
          a.state()
              + " "
              + a.group().get("service")
              + " "
              + Alert.rfc3339(a.windowEndMillis()).substring(11, 16)
              + " seq="
              + a.sequence()
              + (a.silencedBy() == null ? "" : " silencedBy=" + a.silencedBy()));
    }
    return out;
  }

  @Test
  public void recurringWindowInTokyoSilencesAndReleasesTheSameInBatchAndStreaming()
      throws Exception {
    RuleSet rules = rules(nightly());
    List<LogEvent> in = corpus();
    capture("batch", p.apply("Bounded", batch(in)).apply("EvalBounded", evaluate(rules)));
    capture(
        "streaming",
        p.apply("Streaming", stream(LogEventCoder.of(), in, 3))
            .apply("EvalStreaming", evaluate(rules)));
    p.run().waitUntilFinish();

    List<String> batch = lines(RESULTS.get("batch"));
    assertThat(lines(RESULTS.get("streaming"))).containsExactlyElementsIn(batch);
    assertThat(batch)
        .containsExactly(
            "FIRING shop/checkout 12:01 seq=1",
            "RESOLVED shop/checkout 12:08 seq=2",
            "FIRING shop/checkout 17:11 seq=1 silencedBy=nightly-maintenance",
            "RESOLVED shop/checkout 17:18 seq=2 silencedBy=nightly-maintenance",
            "FIRING shop/search 17:21 seq=1",
            "RESOLVED shop/search 17:27 seq=2",
            "FIRING shop/checkout 17:41 seq=1 silencedBy=nightly-maintenance",
            // released when the window ends at 03:00 JST: the same message, now published
            "FIRING shop/checkout 17:41 seq=1",
            "FIRING shop/checkout 18:11 seq=2", // re-notification after suppressFor
            "RESOLVED shop/checkout 18:15 seq=3");
  }

  @Test
  public void fromUntilSilenceCoversOnlyItsSpan() throws Exception {
    Silence migration =
        new Silence(
            "db-migration", List.of(), new TreeMap<>(), null, 0, utc("17:00"), utc("17:30"));
    RuleSet rules = rules(migration);
    capture("once", p.apply(batch(corpus())).apply(evaluate(rules)));
    p.run().waitUntilFinish();
    List<String> out = lines(RESULTS.get("once"));
    assertThat(out).contains("FIRING shop/checkout 12:01 seq=1");
    assertThat(out).contains("FIRING shop/search 17:21 seq=1 silencedBy=db-migration");
    assertThat(out).contains("FIRING shop/checkout 17:41 seq=1");
    assertThat(out).doesNotContain("FIRING shop/checkout 17:41 seq=1 silencedBy=db-migration");
  }

  static final List<RuleSet> VERSIONS = new ArrayList<>();

  @SuppressWarnings("unchecked")
  private static TimestampedValue<KV<Integer, LogEvent>>[] tagged(List<LogEvent> entries) {
    return entries.stream()
        .map(e -> TimestampedValue.of(KV.of(-1, e), e.eventTime()))
        .toArray(TimestampedValue[]::new);
  }

  @Test
  public void silencesReloadWithTheRulesFile() throws Exception {
    VERSIONS.clear();
    VERSIONS.add(RuleSet.of(List.of(errorsRule()), "v1")); // no silences
    VERSIONS.add(rules(nightly())); // adds the nightly window (17:00-18:00 UTC)
    List<LogEvent> before = new ArrayList<>();
    burst(before, "shop/checkout", "12:00", "12:03");
    List<LogEvent> after = new ArrayList<>();
    burst(after, "shop/checkout", "17:10", "17:13");
    after.add(AlertTestSupport.entry("tail", utc("19:00"), "web", Severity.INFO, "tail entry"));
    LogEvent marker = AlertTestSupport.entry("switch", utc("12:00"), "-", Severity.DEFAULT, "");
    TestStream<KV<Integer, LogEvent>> stream =
        TestStream.create(KvCoder.of(VarIntCoder.of(), LogEventCoder.of()))
            .addElements(TimestampedValue.of(KV.of(0, marker), new Instant(utc("12:00"))))
            .addElements(
                tagged(before)[0], java.util.Arrays.copyOfRange(tagged(before), 1, before.size()))
            .advanceWatermarkTo(new Instant(utc("16:00")))
            .addElements(TimestampedValue.of(KV.of(1, marker), new Instant(utc("16:00"))))
            .addElements(
                tagged(after)[0], java.util.Arrays.copyOfRange(tagged(after), 1, after.size()))
            .advanceWatermarkToInfinity();
    PCollection<KV<Integer, LogEvent>> input = p.apply(stream);
    PCollectionView<RuleSet> view =
        input
            .apply("Switches", Filter.by((KV<Integer, LogEvent> kv) -> kv.getKey() >= 0))
            .apply(
                "Version",
                MapElements.into(TypeDescriptor.of(RuleSet.class))
                    .via((KV<Integer, LogEvent> kv) -> VERSIONS.get(kv.getKey())))
            .setCoder(SerializableCoder.of(RuleSet.class))
            .apply(
                Window.<RuleSet>into(new GlobalWindows())
                    .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
                    .discardingFiredPanes()
                    .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY))
            .apply(View.asSingleton());
    capture(
        "reload",
        input
            .apply("Entries", Filter.by((KV<Integer, LogEvent> kv) -> kv.getKey() < 0))
            .apply(Values.create())
            .apply(evaluate(VERSIONS.get(0)).withRulesView(view)));
    p.run().waitUntilFinish();
    assertThat(lines(RESULTS.get("reload")))
        .containsExactly(
            "FIRING shop/checkout 12:01 seq=1",
            "RESOLVED shop/checkout 12:08 seq=2",
            "FIRING shop/checkout 17:11 seq=1 silencedBy=nightly-maintenance",
            "RESOLVED shop/checkout 17:18 seq=2 silencedBy=nightly-maintenance");
  }

  /**
   * A bounded run may deliver an incident's RESOLVED before its FIRING, with the watermark already
   * past the RESOLVED's windowEnd (alerts are stamped later than their windowEnd): the FIRING,
   * silenced at 17:11, must still not be released at the silence's end (18:00), because the
   * incident was resolved at 17:18.
   */
  @Test
  public void anIncidentResolvedInsideItsSilenceIsNotReleasedWhateverTheArrivalOrder()
      throws Exception {
    RuleSet rules = rules(nightly());
    Alert firing =
        AlertJsonTest.sample().toBuilder()
            .setGroupMap(Map.of("service", "shop/checkout"))
            .setWindowStartMillis(utc("17:06"))
            .setWindowEndMillis(utc("17:11"))
            .setFirstSeenMillis(utc("17:11"))
            .build();
    Alert resolved =
        firing.toBuilder().setState(AlertState.RESOLVED).setWindowEndMillis(utc("17:18")).build();
    TestStream<Alert> in =
        TestStream.create(AlertCoder.of())
            .addElements(TimestampedValue.of(resolved, new Instant(utc("19:00"))))
            .advanceWatermarkTo(new Instant(utc("18:30")))
            .addElements(TimestampedValue.of(firing, new Instant(utc("18:45"))))
            .advanceWatermarkToInfinity();
    PCollection<String> out =
        p.apply(in)
            .apply(new Silences(rules, null, "silences-order-test"))
            .apply(MapElements.into(TypeDescriptors.strings()).via(a -> lines(List.of(a)).get(0)));
    PAssert.that(out)
        .containsInAnyOrder(
            "FIRING shop/checkout 17:11 seq=1 silencedBy=nightly-maintenance",
            "RESOLVED shop/checkout 17:18 seq=1 silencedBy=nightly-maintenance");
    p.run().waitUntilFinish();
  }
}
