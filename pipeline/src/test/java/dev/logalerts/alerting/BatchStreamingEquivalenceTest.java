package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.Silence;
import dev.logalerts.rules.SpikeDirection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The same entries through a bounded source (Create.timestamped) and through TestStream in a
 * shuffled order (out of order by up to 2 minutes, watermark 3 minutes behind) give identical
 * alerts, field by field, for threshold, ratio, latency, spike and new-template rules, including a
 * flapping group (FLAPPING, held messages released after flapWindow), re-notifications every
 * renotifyEvery and the incident summaries of RESOLVED and FLAPPING.
 */
@RunWith(JUnit4.class)
public class BatchStreamingEquivalenceTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final Map<String, List<Alert>> RESULTS = new ConcurrentHashMap<>();

  static RuleSet mixedRules() {
    RuleSet rules = kinds();
    // The checkout incident (minutes 20-26) is partly silenced: its ratio and latency FIRINGs are
    // held back until minute 24 and published then.
    Silence incidentWindow =
        new Silence(
            "incident-window",
            List.of("error-ratio", "slow"),
            new java.util.TreeMap<>(Map.of("service", "checkout")),
            null,
            0,
            at(18, 0),
            at(24, 0));
    return RuleSet.of(rules.rules(), List.of(incidentWindow), "mixed");
  }

  /**
   * A rule of each kind. The deadline rule's only deadline is 10:30 (minute 30) on the day of the
   * corpus. The next ones are a year apart: the stream's watermark goes on to the end of time, as
   * on a drain, and those deadlines, far ahead of the clock, publish nothing.
   */
  static RuleSet kinds() {
    dev.logalerts.rules.Rule heartbeat =
        rule("heartbeat", RuleType.DEADLINE, HTTP, "service")
            .setKindSettings(
                Map.of(
                    "schedule", "30 10 20 11 *",
                    "timeZone", "UTC",
                    "lookback", "300000",
                    "expectedGroups", "checkout\u001epayments"))
            .build();
    return rules(
        rule("repeated-errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(8).build(),
        rule("error-ratio", RuleType.RATIO, HTTP, "service")
            .setNumerator(HTTP_5XX)
            .setThreshold(0.3)
            .setMinCount(10)
            .build(),
        rule("slow", RuleType.LATENCY, HTTP, "service")
            .setPercentile(90)
            .setThreshold(1.0)
            .setMinCount(5)
            .build(),
        rule("traffic", RuleType.SPIKE, HTTP, "service")
            .setWindow(Duration.standardMinutes(1))
            .setBaseline(Duration.standardMinutes(5))
            .setFactor(2.5)
            .setMinCount(5)
            .setDirection(SpikeDirection.BOTH)
            .build(),
        rule("new-errors", RuleType.NEW_TEMPLATE, ERRORS, "service")
            .setLearnFor(Duration.standardMinutes(30))
            .build(),
        rule("flappy-errors", RuleType.THRESHOLD, FLAPPY, "service")
            .setWindow(Duration.standardMinutes(1))
            .setThreshold(3)
            .setSuppressFor(Duration.standardMinutes(1))
            .setRenotifyEvery(Duration.standardMinutes(3))
            .setFlapWindow(Duration.standardMinutes(10))
            .build(),
        heartbeat);
  }

  static final dev.logalerts.filter.CompiledFilter FLAPPY =
      filter(
          "severity>=ERROR service=flappy",
          e -> e.severity().number() >= Severity.ERROR.number() && e.service().equals("flappy"));

  /**
   * A flapping service: bursts of 3 errors every other minute from 30 (flaps at its 4th change),
   * then steady from 40 to 51 (released as FIRING, re-notified, resolved).
   */
  static void flappy(List<LogEvent> out) {
    Random rnd = new Random(11);
    for (int m = 30; m < 52; m++) {
      if (m < 40 && m % 2 == 1) {
        continue;
      }
      for (int i = 0; i < 3; i++) {
        out.add(
            entry(
                "f" + m + "-" + i,
                at(m, rnd.nextInt(60)),
                "flappy",
                Severity.ERROR,
                "lock wait timeout on table orders " + rnd.nextInt(1000)));
      }
    }
  }

  static List<LogEvent> corpus() {
    Random rnd = new Random(42);
    String[] services = {"checkout", "cart", "search"};
    String[] templates = {
      "payment failed for order %d", "timeout calling db after %d ms", "retrying request %d"
    };
    List<LogEvent> out = new ArrayList<>();
    int id = 0;
    for (int m = 0; m < 70; m++) {
      for (String s : services) {
        boolean incident = s.equals("checkout") && m >= 20 && m < 26;
        int n = (s.equals("search") && m == 60 ? 40 : 5 + rnd.nextInt(10));
        for (int i = 0; i < n; i++) {
          int status = rnd.nextDouble() < (incident ? 0.6 : 0.05) ? 503 : 200;
          double latency = incident && rnd.nextBoolean() ? 2.5 : 0.05 + rnd.nextDouble() * 0.3;
          out.add(request("r" + id++, at(m, rnd.nextInt(60)), s, status, latency));
        }
        int errors = incident ? 3 : (s.equals("cart") && m == 50) ? 1 : rnd.nextInt(2);
        for (int i = 0; i < errors; i++) {
          String t = templates[rnd.nextInt(templates.length)];
          if (s.equals("cart") && m == 50) {
            t = "NullPointerException at line %d";
          }
          out.add(
              entry(
                  "e" + id++,
                  at(m, rnd.nextInt(60)),
                  s,
                  Severity.ERROR,
                  String.format(t, rnd.nextInt(1000))));
        }
      }
    }
    flappy(out);
    out.add(entry("tail", at(200, 0), "idle", Severity.INFO, "the end"));
    return out;
  }

  /** Sorted by time, then shuffled within 2-minute blocks. */
  static List<LogEvent> shuffled(List<LogEvent> in) {
    List<LogEvent> sorted = new ArrayList<>(in);
    sorted.sort(java.util.Comparator.comparingLong(LogEvent::timestampNanos));
    List<LogEvent> out = new ArrayList<>();
    Random rnd = new Random(7);
    int i = 0;
    while (i < sorted.size()) {
      long blockStart = sorted.get(i).eventTime().getMillis() / 120_000L;
      int j = i;
      while (j < sorted.size() && sorted.get(j).eventTime().getMillis() / 120_000L == blockStart) {
        j++;
      }
      List<LogEvent> block = new ArrayList<>(sorted.subList(i, j));
      Collections.shuffle(block, rnd);
      out.addAll(block);
      i = j;
    }
    return out;
  }

  private static void capture(String name, PCollection<Alert> alerts) {
    PAssert.that(alerts)
        .satisfies(
            it -> {
              RESULTS.put(name, sorted(it));
              return null;
            });
  }

  @Test
  public void batchAndStreamingGiveIdenticalAlerts() {
    List<LogEvent> in = corpus();
    capture("batch", p.apply("Bounded", batch(in)).apply("EvalBounded", evaluate(mixedRules())));
    capture(
        "streaming",
        p.apply("Streaming", stream(LogEventCoder.of(), shuffled(in), 3))
            .apply("EvalStreaming", evaluate(mixedRules())));
    p.run().waitUntilFinish();

    List<Alert> batch = RESULTS.get("batch");
    List<Alert> streaming = RESULTS.get("streaming");
    assertThat(streaming).containsExactlyElementsIn(batch).inOrder();
    // The corpus has an incident on checkout and a surge on search: all kinds are exercised.
    List<String> rules = new ArrayList<>();
    for (Alert a : batch) {
      rules.add(a.rule() + "/" + a.state());
    }
    assertThat(rules).contains("repeated-errors/FIRING");
    assertThat(rules).contains("repeated-errors/RESOLVED");
    assertThat(rules).contains("error-ratio/FIRING");
    assertThat(rules).contains("slow/FIRING");
    assertThat(rules).contains("traffic/FIRING");
    assertThat(rules).contains("new-errors/FIRING");
    assertThat(rules).contains("flappy-errors/FLAPPING");
    // Re-notified under the same alertId with the next sequence; summaries on RESOLVED/FLAPPING.
    assertThat(
            batch.stream()
                .anyMatch(
                    a ->
                        a.rule().equals("flappy-errors")
                            && a.state() == AlertState.FIRING
                            && a.sequence() > 2))
        .isTrue();
    for (Alert a : batch) {
      boolean summarized = a.state() != AlertState.FIRING && !a.type().equals("new-template");
      assertThat(a.incident() != null).isEqualTo(summarized);
    }
    // payments never sends anything: only the expected group misses the deadline
    assertThat(
            batch.stream()
                .filter(a -> a.rule().equals("heartbeat"))
                .map(a -> a.state() + " " + a.group() + " " + Alert.rfc3339(a.windowEndMillis()))
                .toList())
        .containsExactly("FIRING {service=payments} 2026-11-20T10:30:00Z");
    // silenced in the window, the open ones published when it ends
    List<String> silenced = new ArrayList<>();
    List<String> released = new ArrayList<>();
    for (Alert a : batch) {
      if (a.silencedBy() != null) {
        assertThat(a.group()).containsEntry("service", "checkout");
        assertThat(a.windowEndMillis()).isLessThan(at(24, 0));
        silenced.add(a.rule() + "/" + a.state());
      } else if (a.state() == AlertState.FIRING
          && (a.rule().equals("error-ratio") || a.rule().equals("slow"))
          && a.windowEndMillis() < at(24, 0)
          && a.group().get("service").equals("checkout")) {
        released.add(a.rule());
      }
    }
    assertThat(silenced).containsAtLeast("error-ratio/FIRING", "slow/FIRING");
    assertThat(released).containsAtLeast("error-ratio", "slow");
    // Every incident is closed in both (the tail entry extends bounded time).
    long firing =
        batch.stream()
            .filter(
                a ->
                    a.state() == AlertState.FIRING
                        && !a.type().equals("new-template")
                        && !a.type().equals("deadline"))
            .map(Alert::alertId)
            .distinct()
            .count();
    long resolved = batch.stream().filter(a -> a.state() == AlertState.RESOLVED).count();
    assertThat(resolved).isEqualTo(firing);
  }
}
