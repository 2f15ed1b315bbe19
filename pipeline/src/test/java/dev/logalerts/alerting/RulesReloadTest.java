package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Rules that change while a streaming job runs ({@link EvaluateRules#withRulesView}): one
 * TestStream carries the entries and, at 10:05:05 of event time, the switch from rules version 1 to
 * version 2, so the order of entries, watermark and rules versions is exact. Version 2 lowers a
 * threshold, removes a firing rule and an absence rule, changes a firing rule's period and adds a
 * rule; every one of these must show in the alerts exactly as a user editing the file expects.
 */
@RunWith(JUnit4.class)
public class RulesReloadTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  /** Marker key of a log entry in the test stream; keys 0.. switch to {@link #VERSIONS}(key). */
  private static final int ENTRY = -1;

  static CompiledFilter errorsOf(String service) {
    return filter(
        "service=" + service + " severity>=ERROR",
        e -> e.service().equals(service) && e.severity().number() >= Severity.ERROR.number());
  }

  static Rule errorsRule(int threshold) {
    return rule("errors", RuleType.THRESHOLD, errorsOf("pay"), "service")
        .setThreshold(threshold)
        .build();
  }

  static final Rule GONE =
      rule("gone", RuleType.THRESHOLD, errorsOf("legacy")).setThreshold(3).build();

  static final Rule HEARTBEAT =
      rule(
              "heartbeat",
              RuleType.ABSENCE,
              filter("service=batch", e -> e.service().equals("batch")),
              "service")
          .setExpectWithin(Duration.standardMinutes(10))
          .build();

  static Rule reshaped(int periodMinutes, int windowMinutes) {
    return rule("reshaped", RuleType.THRESHOLD, errorsOf("cart"))
        .setThreshold(3)
        .setPeriod(Duration.standardMinutes(periodMinutes))
        .setWindow(Duration.standardMinutes(windowMinutes))
        .build();
  }

  static final Rule ADDED =
      rule("added", RuleType.THRESHOLD, errorsOf("shop"), "service").setThreshold(2).build();

  static final List<RuleSet> VERSIONS =
      List.of(
          RuleSet.of(List.of(errorsRule(5), GONE, HEARTBEAT, reshaped(1, 5)), "v1"),
          RuleSet.of(List.of(errorsRule(3), reshaped(2, 6), ADDED), "v2"));

  static LogEvent err(String service, int minute, int second) {
    return error(service + "-" + minute + "-" + second, at(minute, second), service);
  }

  @Test
  public void editsAdditionsAndRemovalsApplyWhileRunning() {
    List<LogEvent> beforeSwitch = new ArrayList<>();
    List<LogEvent> afterSwitch = new ArrayList<>();
    for (int m = 0; m < 5; m++) {
      beforeSwitch.add(entry("hb-" + m, at(m, 30), "batch", Severity.INFO, "alive"));
    }
    for (int m = 0; m < 4; m++) {
      beforeSwitch.add(err("pay", m, 10)); // 4 errors: below v1's threshold of 5
    }
    for (int m = 0; m < 3; m++) {
      beforeSwitch.add(err("legacy", m, 10)); // gone fires at 10:03
      beforeSwitch.add(err("cart", m, 10)); // reshaped (1m buckets) fires at 10:03
    }
    beforeSwitch.add(err("shop", 3, 20)); // no rule matches shop before v2
    beforeSwitch.add(err("shop", 4, 20));
    afterSwitch.add(err("pay", 5, 10)); // with v2's threshold 3: 4 in (10:01, 10:06]
    afterSwitch.add(err("shop", 5, 20));
    afterSwitch.add(err("shop", 6, 20)); // added fires at 10:07 on these two only
    for (int s : new int[] {5 * 60 + 10, 5 * 60 + 40, 6 * 60 + 10, 6 * 60 + 40}) {
      afterSwitch.add(err("cart", s / 60, s % 60)); // reshaped (2m buckets): 4 by 10:08
    }

    TestStream<KV<Integer, LogEvent>> stream =
        TestStream.create(KvCoder.of(VarIntCoder.of(), LogEventCoder.of()))
            .addElements(TimestampedValue.of(KV.of(0, marker()), new Instant(at(0, 0))))
            .addElements(first(beforeSwitch), rest(beforeSwitch))
            // Past 10:05 so that the boundary 10:05 is evaluated under version 1 (a timer fires
            // once the watermark is beyond its time).
            .advanceWatermarkTo(new Instant(at(5, 5)))
            .addElements(TimestampedValue.of(KV.of(1, marker()), new Instant(at(5, 5))))
            .addElements(first(afterSwitch), rest(afterSwitch))
            .advanceWatermarkTo(new Instant(at(7, 0)))
            .advanceWatermarkToInfinity();

    PCollection<KV<Integer, LogEvent>> input = p.apply(stream);
    PCollectionView<RuleSet> rules =
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
    PCollection<Alert> alerts =
        input
            .apply("Entries", Filter.by((KV<Integer, LogEvent> kv) -> kv.getKey() == ENTRY))
            .apply(Values.create())
            .apply(evaluate(VERSIONS.get(0)).withRulesView(rules));

    PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(it))
                  .containsExactly(
                      // v1
                      "FIRING gone {} value=3 09:58-10:03",
                      "FIRING reshaped {} value=3 09:58-10:03",
                      // v2: gone removed while firing; reshaped's period changed while firing
                      "RESOLVED gone {} value=3 10:00-10:05",
                      "RESOLVED reshaped {} value=3 10:00-10:05",
                      // v2's lower threshold counts the errors logged under v1
                      "FIRING errors {service=pay} value=4 10:01-10:06",
                      "RESOLVED errors {service=pay} value=2 10:03-10:08",
                      // added: only entries after the switch
                      "FIRING added {service=shop} value=2 10:02-10:07",
                      "RESOLVED added {service=shop} value=1 10:06-10:11",
                      // reshaped restarts on 2-minute buckets, aligned to even minutes
                      "FIRING reshaped {} value=4 10:02-10:08",
                      "RESOLVED reshaped {} value=2 10:06-10:12");
              // heartbeat was removed: its silent group must not fire.
              List<Alert> byRule = sorted(it);
              assertThat(byRule.stream().map(Alert::rule).collect(Collectors.toSet()))
                  .doesNotContain("heartbeat");
              for (Alert a : byRule) {
                if (a.state() == AlertState.RESOLVED && a.rule().equals("gone")) {
                  assertThat(a.summary()).contains("the rule was removed from the rules file");
                  assertThat(a.alertId()).isEqualTo(firingId(byRule, "gone"));
                }
                if (a.rule().equals("errors")) {
                  assertThat(a.threshold()).isEqualTo(3.0);
                }
              }
              Alert reshapedResolved =
                  byRule.stream()
                      .filter(a -> a.rule().equals("reshaped") && a.state() == AlertState.RESOLVED)
                      .findFirst()
                      .get();
              assertThat(reshapedResolved.summary()).contains("period or groupBy changed");
              return null;
            });
    p.run().waitUntilFinish();
  }

  /**
   * A timer can fire on a worker that has never read the key's rule version (after a restart or a
   * rebalance): the version comes from the key's {@code rule} cell, and an edit of the same shape
   * carries the state over, writing the new version.
   */
  @Test
  public void keyRuleVersionComesFromItsCellWhenTheWorkerDoesNotKnowIt() {
    LifecycleFn fn = lifecycle(VERSIONS.get(0));
    Rule v2 = errorsRule(3);
    Rule v3 = errorsRule(4);
    LifecycleStateTest.Cell<Rule> cell = new LifecycleStateTest.Cell<>();
    cell.write(v2);
    KeyState st = new KeyState("errors\u001epay");
    st.ruleFingerprint = v2.fingerprint();
    List<Alert> out = new ArrayList<>();

    assertThat(fn.underNewestRule(st, v2, cell, out::add)).isSameInstanceAs(st);
    assertThat(fn.underNewestRule(st, v3, cell, out::add)).isSameInstanceAs(st);
    assertThat(st.ruleFingerprint).isEqualTo(v3.fingerprint());
    assertThat(cell.read()).isSameInstanceAs(v3);
    // Back to the launch version: every worker knows it, the cell is not needed for it.
    Rule launch = VERSIONS.get(0).rule("errors");
    assertThat(fn.underNewestRule(st, launch, cell, out::add)).isSameInstanceAs(st);
    assertThat(cell.read()).isSameInstanceAs(v3); // not rewritten
    LifecycleStateTest.Cell<Rule> empty = new LifecycleStateTest.Cell<>();
    assertThat(fn.underNewestRule(st, v2, empty, out::add)).isSameInstanceAs(st);
    assertThat(empty.read()).isSameInstanceAs(v2);
    assertThat(out).isEmpty();

    KeyState orphan = new KeyState("errors\u001epay");
    orphan.ruleFingerprint = "0123456789abcdef";
    IllegalStateException e =
        org.junit.Assert.assertThrows(
            IllegalStateException.class,
            () -> fn.underNewestRule(orphan, v3, new LifecycleStateTest.Cell<>(), out::add));
    assertThat(e).hasMessageThat().contains("no rule stored for key");
  }

  /** A rule removed while its incident is open: RESOLVED with the incident's id, then retired. */
  @Test
  public void removedRuleResolvesItsOpenIncidentWithTheSameId() {
    LifecycleFn fn = lifecycle(VERSIONS.get(0));
    KeyState st = new KeyState("gone\u001e");
    st.ruleFingerprint = GONE.fingerprint();
    st.firing = true;
    st.alertId = "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f";
    st.incidentStart = at(3, 0);
    st.lastNotified = at(3, 0);
    st.lastEvaluated = at(5, 0);
    List<Alert> out = new ArrayList<>();

    assertThat(fn.underNewestRule(st, null, new LifecycleStateTest.Cell<>(), out::add)).isNull();

    assertThat(out).hasSize(1);
    Alert a = out.get(0);
    assertThat(a.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(a.alertId()).isEqualTo("0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f");
    assertThat(a.firstSeenMillis()).isEqualTo(at(3, 0));
    assertThat(a.windowEndMillis()).isEqualTo(at(5, 0));
    assertThat(a.summary()).contains("resolved: the rule was removed from the rules file");
  }

  private static LifecycleFn lifecycle(RuleSet launch) {
    return new LifecycleFn(launch, null, "unit", 0, 100, null, REDACTOR, MINER, null);
  }

  private static String firingId(List<Alert> alerts, String rule) {
    return alerts.stream()
        .filter(a -> a.rule().equals(rule) && a.state() == AlertState.FIRING)
        .findFirst()
        .get()
        .alertId();
  }

  private static LogEvent marker() {
    return entry("rules-switch", at(0, 0), "-", Severity.DEFAULT, "");
  }

  private static TimestampedValue<KV<Integer, LogEvent>> first(List<LogEvent> entries) {
    return timestamped(entries.get(0));
  }

  @SuppressWarnings("unchecked")
  private static TimestampedValue<KV<Integer, LogEvent>>[] rest(List<LogEvent> entries) {
    return entries.subList(1, entries.size()).stream()
        .map(RulesReloadTest::timestamped)
        .toArray(TimestampedValue[]::new);
  }

  private static TimestampedValue<KV<Integer, LogEvent>> timestamped(LogEvent e) {
    return TimestampedValue.of(KV.of(ENTRY, e), e.eventTime());
  }
}
