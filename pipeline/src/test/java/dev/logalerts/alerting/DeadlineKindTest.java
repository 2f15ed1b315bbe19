package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.batch;
import static dev.logalerts.alerting.AlertTestSupport.entry;
import static dev.logalerts.alerting.AlertTestSupport.evaluate;
import static dev.logalerts.alerting.AlertTestSupport.filter;
import static dev.logalerts.alerting.AlertTestSupport.inOneBundle;
import static dev.logalerts.alerting.AlertTestSupport.sorted;
import static dev.logalerts.alerting.AlertTestSupport.stream;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.Severity;
import dev.logalerts.model.Timestamps;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Test;

/**
 * The deadline kind: "the nightly export's success log by 06:00 Asia/Tokyo on weekdays" (21:00 UTC
 * the day before), with an expected group that never reports, in batch and streaming.
 */
public class DeadlineKindTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Map<String, List<Alert>> RESULTS = new ConcurrentHashMap<>();

  static final CompiledFilter SUCCESS =
      filter("textPayload:\"export succeeded\"", e -> e.message().contains("export succeeded"));

  /** Tokyo local time on 2026-11-DD (16 = Monday). */
  static long tokyo(int day, String hhmm) {
    return Timestamps.parse(String.format("2026-11-%02dT%s:00+09:00", day, hhmm)) / 1_000_000L;
  }

  static Rule nightlyExport() {
    return RulesLoader.parse(
            "rules:\n"
                + "  - name: nightly-export\n"
                + "    type: deadline\n"
                + "    filter: 'textPayload:\"export succeeded\"'\n"
                + "    groupBy: service\n"
                + "    schedule: '0 6 * * 1-5'\n"
                + "    timeZone: Asia/Tokyo\n"
                + "    expectedGroups: [{service: export}, {service: backup}]\n",
            "inline")
        .rule("nightly-export")
        .toBuilder()
        .setFilter(SUCCESS) // the same filter, as a test predicate over the test entries
        .build();
  }

  static List<LogEvent> corpus() {
    List<LogEvent> in = new ArrayList<>();
    // Tracking starts with the first entry: Saturday 14:00 Tokyo, before Monday's run may come
    // (halfway from Friday's deadline), so Monday's deadline is checked.
    in.add(entry("start", tokyo(14, "14:00"), "web", Severity.INFO, "hello"));
    in.add(entry("mon", tokyo(16, "05:30"), "export", Severity.INFO, "export succeeded"));
    in.add(entry("tue", tokyo(17, "05:40"), "export", Severity.INFO, "export succeeded"));
    // Wednesday's arrives late, at 07:10: FIRING at 06:00, RESOLVED at 07:10.
    in.add(entry("wed", tokyo(18, "07:10"), "export", Severity.INFO, "export succeeded"));
    in.add(entry("thu", tokyo(19, "05:50"), "export", Severity.INFO, "export succeeded"));
    // Hourly noise keeps time moving; the input ends Thursday 12:00 Tokyo.
    for (long t = tokyo(16, "00:00"); t <= tokyo(19, "12:00"); t += 3_600_000L) {
      in.add(entry("noise-" + t, t + 1000, "web", Severity.INFO, "GET /"));
    }
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
              + Alert.rfc3339(a.windowEndMillis())
              + " seq="
              + a.sequence());
    }
    return out;
  }

  /** The alerts of {@link #corpus} up to its end. */
  static final List<String> EXPECTED =
      List.of(
          // backup never reports: FIRING at Monday's deadline, re-notified at each one after
          "FIRING backup 2026-11-15T21:00:00Z seq=1",
          "FIRING backup 2026-11-16T21:00:00Z seq=2",
          "FIRING backup 2026-11-17T21:00:00Z seq=3",
          "FIRING backup 2026-11-18T21:00:00Z seq=4",
          // export misses Wednesday 06:00 Tokyo, its entry comes at 07:10
          "FIRING export 2026-11-17T21:00:00Z seq=1",
          "RESOLVED export 2026-11-17T22:10:00Z seq=2");

  @Test
  public void missedWeekdayDeadlineInTokyoAndNeverSeenExpectedGroup() {
    RuleSet rules = RuleSet.of(List.of(nightlyExport()), "deadline");
    List<LogEvent> in = corpus();
    capture("batch", p.apply("Bounded", batch(in)).apply("EvalBounded", evaluate(rules)));
    capture(
        "streaming",
        p.apply("Streaming", stream(LogEventCoder.of(), in, 3))
            .apply("EvalStreaming", evaluate(rules)));
    p.run().waitUntilFinish();

    List<Alert> batch = RESULTS.get("batch");
    // A bounded run ends at its newest entry; streaming time goes on (here the watermark jumps to
    // the end of time), so Friday's deadline fires there too: up to the input's end both agree.
    long end = tokyo(19, "12:00");
    List<Alert> streamed = new ArrayList<>();
    List<String> afterEnd = new ArrayList<>();
    for (Alert a : RESULTS.get("streaming")) {
      if (a.windowEndMillis() <= end) {
        streamed.add(a);
      } else {
        afterEnd.add(a.state() + " " + a.group().get("service"));
      }
    }
    assertThat(streamed).containsExactlyElementsIn(batch).inOrder();
    assertThat(afterEnd).containsExactly("FIRING backup", "FIRING export");
    assertThat(lines(batch)).containsExactlyElementsIn(EXPECTED);
    Alert fired =
        batch.stream().filter(a -> a.group().get("service").equals("export")).findFirst().get();
    assertThat(fired.type()).isEqualTo("deadline");
    assertThat(fired.summary()).contains("2026-11-17T21:00:00Z");
    assertThat(fired.summary()).contains("'0 6 * * 1-5' Asia/Tokyo");
    // On-call reads the deadline in the schedule's zone, not only in UTC.
    assertThat(fired.summary())
        .contains(
            "by the deadline 2026-11-17T21:00:00Z (Wed 06:00 local, '0 6 * * 1-5' Asia/Tokyo)");
    // How long the group has been silent, in words as absence alerts say it; value in seconds.
    assertThat(fired.summary())
        .contains(
            "no matching entry for "
                + AlertText.duration((long) (fired.value() * 1000))
                + " since ");
    assertThat(fired.windowStartMillis()).isEqualTo(tokyo(17, "06:00"));

    // Each re-notification is about its own missed deadline: the silence grows by a day, and the
    // window and threshold are that deadline's lookback (since the previous weekday deadline).
    List<Alert> backup =
        batch.stream().filter(a -> a.group().get("service").equals("backup")).toList();
    assertThat(backup).hasSize(4);
    for (int i = 1; i < backup.size(); i++) {
      Alert prev = backup.get(i - 1);
      Alert a = backup.get(i);
      assertThat(a.value() - prev.value()).isEqualTo(86_400.0);
      assertThat(a.windowStartMillis()).isEqualTo(prev.windowEndMillis());
      assertThat(a.threshold()).isEqualTo(86_400.0);
      assertThat(a.summary()).contains("by the deadline " + Alert.rfc3339(a.windowEndMillis()));
      // A group never seen says since when it has been watched, as absence alerts do.
      assertThat(a.summary())
          .contains(
              "no matching entry since tracking began at 2026-11-14T05:00:00Z by the deadline");
    }
  }

  /**
   * A job launched between a run and its deadline could not see that run: the first deadline is not
   * a miss (a FIRING after every restart is what users of heartbeat alerts complain of). With a
   * lookback that tracking covers, the first deadline is checked.
   */
  @Test
  public void freshLaunchJustBeforeADeadlineDoesNotReportTheRunItCouldNotSee() {
    Rule shortLookback =
        RulesLoader.parse(
                "rules:\n"
                    + "  - name: export-lookback-30m\n"
                    + "    type: deadline\n"
                    + "    filter: 'textPayload:\"export succeeded\"'\n"
                    + "    groupBy: service\n"
                    + "    schedule: '0 6 * * 1-5'\n"
                    + "    timeZone: Asia/Tokyo\n"
                    + "    lookback: 30m\n"
                    + "    expectedGroups: [{service: export}, {service: backup}]\n",
                "inline")
            .rule("export-lookback-30m")
            .toBuilder()
            .setFilter(SUCCESS)
            .build();
    RuleSet rules = RuleSet.of(List.of(nightlyExport(), shortLookback), "deadline");
    List<LogEvent> in = new ArrayList<>();
    // Launched Monday 05:00 Tokyo, an hour before the deadline; export runs on Tuesday only.
    for (long t = tokyo(16, "05:00"); t <= tokyo(17, "12:00"); t += 3_600_000L) {
      in.add(entry("noise-" + t, t, "web", Severity.INFO, "GET /"));
    }
    in.add(entry("tue", tokyo(17, "05:40"), "export", Severity.INFO, "export succeeded"));
    capture("fresh", p.apply("Fresh", batch(in)).apply("Eval", evaluate(rules)));
    p.run().waitUntilFinish();

    List<String> got = new ArrayList<>();
    for (Alert a : RESULTS.get("fresh")) {
      got.add(
          a.state()
              + " "
              + a.rule()
              + " "
              + a.group().get("service")
              + " "
              + Alert.rfc3339(a.windowEndMillis()));
    }
    assertThat(got)
        .containsExactly(
            // [05:30, 06:00) on Monday lies within tracking: both groups missed it
            "FIRING export-lookback-30m backup 2026-11-15T21:00:00Z",
            "FIRING export-lookback-30m export 2026-11-15T21:00:00Z",
            "RESOLVED export-lookback-30m export 2026-11-16T20:40:00Z",
            "FIRING export-lookback-30m backup 2026-11-16T21:00:00Z",
            // without a lookback, Monday's run may have come before 05:00: Tuesday is the first
            "FIRING nightly-export backup 2026-11-16T21:00:00Z");
  }

  static List<LogEvent> newestFirst(List<LogEvent> in) {
    List<LogEvent> out = new ArrayList<>(in);
    LogEvent newest = in.stream().max(Comparator.comparing(LogEvent::eventTime)).get();
    out.remove(newest);
    out.add(0, newest);
    return out;
  }

  @Test
  public void expectedGroupKeepsEveryDeadlineWhenOneBundleHoldsTheDaysOutOfOrder() {
    RuleSet rules = RuleSet.of(List.of(nightlyExport()), "deadline");
    capture(
        "newest-first",
        p.apply("NewestFirst", inOneBundle(newestFirst(corpus()))).apply("Eval", evaluate(rules)));
    p.run().waitUntilFinish();

    // The expected group that never reports stays tracked from the first entry to the last, so it
    // is re-notified at every deadline, as when the entries come in time order.
    assertThat(lines(RESULTS.get("newest-first"))).containsExactlyElementsIn(EXPECTED);
  }
}
