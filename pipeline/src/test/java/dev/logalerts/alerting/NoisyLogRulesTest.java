package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.EntryFront;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import dev.logalerts.templates.NoisyKey;
import dev.logalerts.templates.NoisyLogRow;
import dev.logalerts.templates.NoisyLogs;
import dev.logalerts.templates.NoisyVolumeFn.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The job's shape around the one filter test: {@link MatchRuleFilters} feeds both {@link
 * EvaluateRules#onMatched} and {@link NoisyLogs}, so a noisy-log row names exactly the rules that
 * matched its entries (as they were when matched), the alerts are those of the plain evaluation,
 * and the rows still add up to the entries.
 */
@RunWith(JUnit4.class)
public class NoisyLogRulesTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  static final Rule ERRORS_RULE =
      rule("any-errors", RuleType.THRESHOLD, ERRORS).setThreshold(3).build();
  static final Rule PAY_RULE =
      rule("pay-volume", RuleType.THRESHOLD, filter("service=pay", e -> e.service().equals("pay")))
          .setThreshold(1000)
          .build();
  static final Rule NEVER_RULE =
      rule("never", RuleType.THRESHOLD, filter("service=nowhere", e -> false))
          .setThreshold(1)
          .build();

  /** "template/severity" -> the row's rule names; the counts summed in {@code counts}. */
  static Map<String, List<String>> rulesByTemplate(
      Iterable<NoisyLogRow> rows, Map<String, Long> counts) {
    Map<String, List<String>> out = new TreeMap<>();
    for (NoisyLogRow r : rows) {
      String key = r.service() + " " + r.template() + " " + r.windowStartMillis();
      assertThat(out).doesNotContainKey(key);
      out.put(key, r.alertRules());
      counts.merge("entries", r.count(), Long::sum);
    }
    return out;
  }

  /** Errors and volume at pay, ticks and one crash at cart, all in one hour. */
  static List<LogEvent> payAndCartEntries() {
    List<LogEvent> entries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      entries.add(error("pay-" + i, at(1, 10 + i), "pay")); // any-errors + pay-volume
      entries.add(entry("ok-" + i, at(1, 20 + i), "pay", Severity.INFO, "charged order " + i));
      entries.add(entry("tick-" + i, at(1, 30 + i), "cart", Severity.INFO, "tick " + i));
    }
    entries.add(entry("crash", at(1, 40), "cart", Severity.ERROR, "cart crashed")); // any-errors
    return entries;
  }

  /** The rows of {@link #payAndCartEntries}: each template with the rules its entries matched. */
  static Void payAndCartRows(Iterable<NoisyLogRow> rows) {
    long hour = T0 - Math.floorMod(T0, 3_600_000L);
    Map<String, Long> counts = new TreeMap<>();
    assertThat(rulesByTemplate(rows, counts))
        .containsExactly(
            "pay payment failed for order pay-<*> " + hour,
            List.of("any-errors", "pay-volume"),
            "pay charged order <*> " + hour,
            List.of("pay-volume"),
            "cart tick <*> " + hour,
            List.of(),
            "cart cart crashed " + hour,
            List.of("any-errors"));
    assertThat(counts).containsExactly("entries", (long) payAndCartEntries().size());
    return null;
  }

  /** The alerts of {@link #payAndCartEntries}: the five errors fire any-errors. */
  static Void payAndCartAlerts(Iterable<Alert> alerts) {
    assertThat(brief(alerts)).containsExactly("FIRING any-errors {} value=5 09:57-10:02");
    return null;
  }

  @Test
  public void rowsNameTheRulesTheirEntriesMatchedAndAlertsAreUnchanged() {
    List<LogEvent> entries = payAndCartEntries();
    RuleSet rules = rules(ERRORS_RULE, PAY_RULE, NEVER_RULE);
    EvaluateRules evaluate = evaluate(rules);

    PCollection<MatchedEvent> matched =
        p.apply(batch(entries)).apply("MatchRuleFilters", evaluate.matchFilters());
    PCollection<Alert> alerts = matched.apply("EvaluateRules", evaluate.onMatched());
    PCollection<NoisyLogRow> rows =
        matched.apply("AccountNoisyLogs", NoisyLogs.create().withMiner(MINER));

    PAssert.that(rows).satisfies(NoisyLogRulesTest::payAndCartRows);
    // Same alerts as the evaluation over plain entries (which tests the filters itself).
    PCollection<Alert> plain = p.apply("Plain", batch(entries)).apply("Plain/Eval", evaluate);
    PAssert.that(alerts).satisfies(NoisyLogRulesTest::payAndCartAlerts);
    PAssert.that(plain).satisfies(NoisyLogRulesTest::payAndCartAlerts);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(PipelineCounters.get(result, MatchRulesFn.REMATCHED_COUNTER)).isEqualTo(0);
  }

  /** Static: a tag made in a test method would hold the test instance (the DoFn keeps its tag). */
  private static final TupleTag<KV<NoisyKey, Volume>> VOLUMES =
      new TupleTag<KV<NoisyKey, Volume>>() {};

  private static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<DeadLetter>() {};

  @Test
  public void theBatchJobsSingleStepGivesTheSameRowsAndAlerts() {
    // EvaluateRules.withAccount: the filter test, the rule observations and the noisy-log folding
    // in one step (the job's batch graph), against the expectations of the separate steps above.
    List<LogEvent> entries = payAndCartEntries();
    NoisyLogs account = NoisyLogs.create().withMiner(MINER);
    TupleTag<KV<NoisyKey, Volume>> volumes = VOLUMES;

    PCollectionTuple out =
        p.apply(batch(entries))
            .apply(
                "EvaluateRules",
                evaluate(rules(ERRORS_RULE, PAY_RULE, NEVER_RULE))
                    .withAccount(
                        EntryFront.events(),
                        DEAD_LETTERS,
                        account.entryFolder(p),
                        volumes,
                        account.partialsCoder(p)));
    PAssert.that(out.get(DEAD_LETTERS)).empty();
    PCollection<NoisyLogRow> rows =
        out.get(volumes).apply("AccountNoisyLogs", account.fromPartials());

    final long total = entries.size();
    PAssert.that(rows).satisfies(NoisyLogRulesTest::payAndCartRows);
    PAssert.that(out.get(EvaluateRules.ALERTS)).satisfies(NoisyLogRulesTest::payAndCartAlerts);
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // 5 errors match any-errors, 8 pay entries pay-volume; every entry is counted once.
    assertThat(PipelineCounters.get(result, "rule_matches")).isEqualTo(13);
    assertThat(PipelineCounters.get(result, NoisyLogs.ENTRIES_COUNTER)).isEqualTo(total);
  }

  @Test
  public void theSingleStepIsForBoundedInputs() {
    NoisyLogs account = NoisyLogs.create().withMiner(MINER);
    TupleTag<KV<NoisyKey, Volume>> volumes = VOLUMES;
    LogEvent error = error("e", at(1, 10), "pay");
    TestStream<LogEvent> stream =
        TestStream.create(LogEventCoder.of())
            .addElements(TimestampedValue.of(error, error.eventTime()))
            .advanceWatermarkToInfinity();

    IllegalArgumentException e =
        org.junit.Assert.assertThrows(
            IllegalArgumentException.class,
            () ->
                p.apply(stream)
                    .apply(
                        evaluate(rules(ERRORS_RULE))
                            .withAccount(
                                EntryFront.events(),
                                DEAD_LETTERS,
                                account.entryFolder(p),
                                volumes,
                                account.partialsCoder(p))));
    assertThat(e).hasMessageThat().contains("bounded inputs");
    p.enableAbandonedNodeEnforcement(false);
  }

  @Test
  public void entriesMatchedUnderAnotherRulesVersionAreTestedAgain() {
    // The names say "never" under version "old"; this step holds version "test", where the entries
    // match any-errors: the alerts follow the rules the step holds.
    List<TimestampedValue<MatchedEvent>> in = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      LogEvent e = error("e-" + i, at(1, i), "pay");
      in.add(TimestampedValue.of(MatchedEvent.of(e, "old", List.of("never")), e.eventTime()));
    }
    PCollection<Alert> alerts =
        p.apply(Create.timestamped(in).withCoder(MatchedEvent.Coder.of()))
            .apply(evaluate(rules(ERRORS_RULE, NEVER_RULE)).onMatched());
    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(it)).containsExactly("FIRING any-errors {} value=4 09:57-10:02");
              return null;
            });
    PipelineResult result = p.run();
    result.waitUntilFinish();
    assertThat(PipelineCounters.get(result, MatchRulesFn.REMATCHED_COUNTER)).isEqualTo(4);
  }

  /** Marker key of a log entry in the test stream; keys 0.. switch to {@link #VERSIONS}(key). */
  private static final int ENTRY = -1;

  static final Rule PAY_ERRORS_V2 =
      rule(
              "pay-errors",
              RuleType.THRESHOLD,
              filter(
                  "service=pay severity>=ERROR",
                  e -> e.service().equals("pay") && e.severity().number() >= 500))
          .setThreshold(100)
          .build();

  /** v1 has any-errors; v2 drops it and adds pay-errors and pay-volume. */
  static final List<RuleSet> VERSIONS =
      List.of(
          RuleSet.of(List.of(ERRORS_RULE), "v1"),
          RuleSet.of(List.of(PAY_ERRORS_V2, PAY_RULE), "v2"));

  @Test
  public void streamingRowsNameTheRulesInForceWhenTheirEntriesWereMatched() {
    // One-minute noisy windows: 10:01 holds entries matched under v1, 10:06 under v2, 10:02 both
    // (one entry before the switch, one after, same template).
    List<LogEvent> before = List.of(error("e1", at(1, 10), "pay"), error("e2", at(2, 10), "pay"));
    List<LogEvent> after = List.of(error("e3", at(2, 20), "pay"), error("e4", at(6, 10), "pay"));
    TestStream<KV<Integer, LogEvent>> stream =
        TestStream.create(KvCoder.of(VarIntCoder.of(), LogEventCoder.of()))
            .addElements(TimestampedValue.of(KV.of(0, marker()), new Instant(at(0, 0))))
            .addElements(timestamped(before.get(0)), timestamped(before.get(1)))
            .advanceWatermarkTo(new Instant(at(2, 15)))
            .addElements(TimestampedValue.of(KV.of(1, marker()), new Instant(at(2, 15))))
            .addElements(timestamped(after.get(0)), timestamped(after.get(1)))
            .advanceWatermarkToInfinity();
    PCollection<KV<Integer, LogEvent>> input = p.apply(stream);
    PCollectionView<RuleSet> view =
        input
            .apply("RulesSwitches", Filter.by((KV<Integer, LogEvent> kv) -> kv.getKey() != ENTRY))
            .apply(
                "RulesVersion",
                MapElements.into(TypeDescriptor.of(RuleSet.class))
                    .via((KV<Integer, LogEvent> kv) -> VERSIONS.get(kv.getKey())))
            .setCoder(SerializableCoder.of(RuleSet.class))
            .apply(
                Window.<RuleSet>into(new GlobalWindows())
                    .triggering(Repeatedly.forever(AfterPane.elementCountAtLeast(1)))
                    .discardingFiredPanes()
                    .withOnTimeBehavior(Window.OnTimeBehavior.FIRE_IF_NON_EMPTY))
            .apply(View.asSingleton());
    EvaluateRules evaluate = evaluate(VERSIONS.get(0)).withRulesView(view);
    PCollection<NoisyLogRow> rows =
        input
            .apply("Entries", Filter.by((KV<Integer, LogEvent> kv) -> kv.getKey() == ENTRY))
            .apply(Values.create())
            .apply("MatchRuleFilters", evaluate.matchFilters())
            .apply(
                "AccountNoisyLogs",
                NoisyLogs.create()
                    .withMiner(MINER)
                    .withWindow(Duration.standardMinutes(1))
                    .withArrivalClock(e -> e.eventTime().getMillis()));
    PAssert.that(rows)
        .satisfies(
            rs -> {
              Map<Long, List<String>> byMinute = new TreeMap<>();
              long entries = 0;
              for (NoisyLogRow r : rs) {
                long minute = (r.windowStartMillis() - T0) / 60_000L;
                assertWithMessage("one row per window: %s", rs)
                    .that(byMinute)
                    .doesNotContainKey(minute);
                byMinute.put(minute, r.alertRules());
                entries += r.count();
              }
              assertThat(byMinute)
                  .containsExactly(
                      1L, List.of("any-errors"),
                      2L, List.of("any-errors", "pay-errors", "pay-volume"),
                      6L, List.of("pay-errors", "pay-volume"));
              assertThat(entries).isEqualTo(4);
              return null;
            });
    p.run().waitUntilFinish();
  }

  private static LogEvent marker() {
    return entry("rules-switch", at(0, 0), "-", Severity.DEFAULT, "");
  }

  private static TimestampedValue<KV<Integer, LogEvent>> timestamped(LogEvent e) {
    return TimestampedValue.of(KV.of(ENTRY, e), e.eventTime());
  }
}
