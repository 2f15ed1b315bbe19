package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.HTTP;
import static dev.logalerts.alerting.AlertTestSupport.at;
import static dev.logalerts.alerting.AlertTestSupport.batch;
import static dev.logalerts.alerting.AlertTestSupport.entry;
import static dev.logalerts.alerting.AlertTestSupport.evaluate;
import static dev.logalerts.alerting.AlertTestSupport.request;
import static dev.logalerts.alerting.AlertTestSupport.rule;
import static dev.logalerts.alerting.AlertTestSupport.rules;
import static dev.logalerts.alerting.AlertTestSupport.sorted;

import dev.logalerts.model.BinaryCodec;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Test;

/**
 * Latency rules decide "the percentile reaches the threshold" exactly, from the count of requests
 * at or above it, not from the KLL sketch's estimate (approximate, and randomised, once a window
 * holds more than a few hundred requests): the same entries fire at the same boundaries in every
 * run, whatever the bundles and the merge order.
 */
public class LatencyDecisionTest {
  @org.junit.Rule public final transient TestPipeline p = TestPipeline.create();

  private static Observation observation(double latencySeconds, double threshold) {
    return new Observation(
        1_000_000L,
        "r",
        "GET /",
        "p",
        "k8s_container",
        "stdout",
        latencySeconds >= threshold,
        latencySeconds,
        threshold,
        "",
        "",
        60_000);
  }

  private static BucketAgg agg(List<Double> latencies, double threshold) {
    BucketAgg a = new BucketAgg();
    for (double l : latencies) {
      a.add(observation(l, threshold));
    }
    return a;
  }

  private static List<Double> millis(int from, int to) {
    List<Double> out = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      out.add(i / 1000.0);
    }
    return out;
  }

  @Test
  public void agreesWithTheSketchWhileTheSketchIsExact() {
    for (int n = 1; n <= 150; n++) {
      List<Double> values = millis(1, n);
      for (double q : new double[] {0.5, 0.9, 0.95, 0.99, 0.999}) {
        for (int k = 1; k <= n; k++) {
          for (double t : new double[] {k / 1000.0, Math.nextUp(k / 1000.0)}) {
            BucketAgg a = agg(values, t);
            assertWithMessage("n=%s q=%s t=%s", n, q, t)
                .that(a.quantileReaches(q, t))
                .isEqualTo(a.quantile(q) >= t);
          }
        }
      }
    }
  }

  @Test
  public void decidesAtTheExactRankWhateverTheMergeOrder() throws Exception {
    // 10,000 requests of 1..10,000 ms: p95 is the 9,500th smallest, 9.5 s exactly.
    List<Double> values = millis(1, 10_000);
    Random random = new Random(20261203);
    for (double t : new double[] {9.5, Math.nextUp(9.5), 9.499, 0.001, 10.0, 10.001}) {
      boolean expected = t <= 9.5;
      for (int order = 0; order < 5; order++) {
        // Seven partials (as bundles make them) through the coder, merged in a shuffled order.
        Collections.shuffle(values, random);
        List<BucketAgg> partials = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
          BucketAgg part =
              agg(values.subList(i * values.size() / 7, (i + 1) * values.size() / 7), t);
          byte[] bytes = CoderUtils.encodeToByteArray(BucketAgg.BucketAggCoder.of(), part);
          partials.add(CoderUtils.decodeFromByteArray(BucketAgg.BucketAggCoder.of(), bytes));
        }
        Collections.shuffle(partials, random);
        BucketAgg window = new BucketAgg();
        for (BucketAgg part : partials) {
          window.merge(part.copy());
        }
        assertThat(window.latencyCount()).isEqualTo(10_000);
        assertWithMessage("t=%s order=%s", t, order)
            .that(window.quantileReaches(0.95, t))
            .isEqualTo(expected);
      }
    }
  }

  @Test
  public void countsAgainstAnotherThresholdLeaveTheDecisionToTheSketch() throws Exception {
    BucketAgg old = agg(millis(1, 100), 0.05);
    assertThat(old.quantileReaches(0.95, 0.05)).isTrue();
    assertThat(old.quantileReaches(0.95, 0.2)).isNull(); // the rule's threshold was edited

    BucketAgg mixed = old.copy();
    mixed.merge(agg(millis(1, 100), 0.2));
    assertThat(mixed.quantileReaches(0.95, 0.2)).isNull();
    assertThat(mixed.quantileReaches(0.95, 0.05)).isNull();

    // A bucket with no latencies does not change what the others were counted against.
    BucketAgg withEmpty = agg(millis(1, 100), 0.2);
    withEmpty.merge(new BucketAgg());
    assertThat(withEmpty.quantileReaches(0.95, 0.2)).isFalse();

    byte[] bytes = CoderUtils.encodeToByteArray(BucketAgg.BucketAggCoder.of(), mixed);
    BucketAgg decoded = CoderUtils.decodeFromByteArray(BucketAgg.BucketAggCoder.of(), bytes);
    assertThat(decoded.count).isEqualTo(200);
    assertThat(decoded.latencyCountedAt).isNaN();
    assertThat(decoded.quantileReaches(0.95, 0.2)).isNull();
  }

  @Test
  public void bucketsWithoutLatencyEncodeAsBefore() throws Exception {
    BucketAgg plain = new BucketAgg();
    plain.endMillis = 60_000;
    plain.periodMillis = 60_000;
    plain.add(observation(Double.NaN, Double.NaN));
    byte[] bytes = CoderUtils.encodeToByteArray(BucketAgg.BucketAggCoder.of(), plain);
    // end, period, then the count as it always was (a negative one means a threshold follows).
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    assertThat(BinaryCodec.readVarLong(in)).isEqualTo(60_000);
    assertThat(BinaryCodec.readVarLong(in)).isEqualTo(60_000);
    assertThat(BinaryCodec.readVarLong(in)).isEqualTo(1);
    BucketAgg decoded = CoderUtils.decodeFromByteArray(BucketAgg.BucketAggCoder.of(), bytes);
    assertThat(decoded.count).isEqualTo(1);
    assertThat(decoded.latency).isNull();
  }

  @Test
  public void theValueShownIsALatencyOnTheSideOfTheThresholdTheExactCountIsOn() {
    // 2,000 requests: p95 is the 1,900th smallest latency, whatever the sketch estimates.
    for (double t : new double[] {1.9, Math.nextUp(1.9)}) {
      assertShownOnTheExactSide(agg(millis(1, 2000), t), millis(1, 2000), t, t == 1.9);
    }
    // Two modes, as when a slow spell ends (from a real window): 472 requests, 449 of them fast.
    // p95 is the 449th smallest, a fast one, but one rank off gives a slow one: the sketch's
    // estimate, over five shuffled buckets as the job merges them, is slow about 30% of the time.
    List<Double> twoModes = millis(100, 548);
    twoModes.addAll(millis(2166, 2188));
    Random random = new Random(20261203);
    int estimateWasSlow = 0;
    for (int round = 0; round < 50; round++) {
      Collections.shuffle(twoModes, random);
      BucketAgg window = new BucketAgg();
      for (int b = 0; b < 5; b++) {
        window.merge(agg(twoModes.subList(b * 472 / 5, (b + 1) * 472 / 5), 2.0));
      }
      estimateWasSlow += window.quantile(0.95) >= 2.0 ? 1 : 0;
      assertShownOnTheExactSide(window, twoModes, 2.0, false);
    }
    assertThat(estimateWasSlow).isGreaterThan(0); // the case above was exercised
  }

  private static void assertShownOnTheExactSide(
      BucketAgg window, List<Double> latencies, double t, boolean fires) {
    Rule r = rule("slow", RuleType.LATENCY, HTTP).setPercentile(95).setThreshold(t).build();
    Eval ev = new Eval();
    ev.agg = window;
    new LatencyKind().evaluate(r, new KeyState("slow"), ev);
    assertThat(ev.cond).isEqualTo(fires);
    assertThat(ev.value >= t).isEqualTo(fires);
    assertThat(latencies).contains(ev.value); // a latency that was seen, not a made-up number
    assertThat(ev.extra).isEqualTo((double) latencies.size());
  }

  @Test
  public void aWindowRightAtThePercentileFiresAndOneJustAboveDoesNot() {
    // 2,000 requests in one minute, latencies 1..2,000 ms in a scrambled order: p95 is the
    // 1,900th smallest. "at" fires (p95 reaches it); "above" (the next double up) must not.
    List<LogEvent> in = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      int ms = 1 + (i * 7919) % 2000;
      in.add(request("r" + i, at(0, 0) + i * 20L, "checkout", 200, ms / 1000.0));
    }
    in.add(entry("tail", at(30, 0), "idle", Severity.INFO, "heartbeat")); // time moves on
    double p95 =
        in.stream()
            .filter(e -> e.httpRequest() != null)
            .map(e -> e.httpRequest().latencySeconds())
            .sorted()
            .skip(1899)
            .findFirst()
            .get();
    Rule atP95 =
        rule("at", RuleType.LATENCY, HTTP, "service").setPercentile(95).setThreshold(p95).build();
    Rule above =
        rule("above", RuleType.LATENCY, HTTP, "service")
            .setPercentile(95)
            .setThreshold(Math.nextUp(p95))
            .build();
    HashMap<String, Double> latencyById = new HashMap<>();
    for (LogEvent e : in) {
      if (e.httpRequest() != null) {
        latencyById.put(e.insertId(), e.httpRequest().latencySeconds());
      }
    }
    PCollection<Alert> alerts = p.apply(batch(in)).apply(evaluate(rules(atP95, above)));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<String> firing = new ArrayList<>();
              for (Alert a : sorted(it)) {
                if (a.state() == AlertState.FIRING) {
                  firing.add(a.rule());
                  assertThat(a.value()).isAtLeast(a.threshold());
                  assertThat(a.summary()).contains("over 2000 requests");
                  // The samples are slow requests (at or above the threshold), not the earliest.
                  assertThat(a.samples()).hasSize(5);
                  for (AlertSample sample : a.samples()) {
                    assertThat(latencyById.get(sample.insertId())).isAtLeast(a.threshold());
                  }
                }
              }
              assertThat(firing).containsExactly("at");
              return null;
            });
    p.run().waitUntilFinish();
  }
}
