package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.*;
import static dev.logalerts.alerting.BacklogOrderTest.MIN;
import static dev.logalerts.alerting.BacklogOrderTest.bucket;
import static dev.logalerts.alerting.BacklogOrderTest.inOrder;
import static dev.logalerts.alerting.BacklogOrderTest.requests;
import static dev.logalerts.alerting.BacklogOrderTest.told;

import dev.logalerts.alerting.BacklogOrderTest.Entry;
import dev.logalerts.alerting.BacklogOrderTest.Scenario;
import dev.logalerts.alerting.EarlyPaneReviewTest.Runner;
import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A review of how a streaming key settles while a backlog is being read ({@link BacklogPanes}):
 * what the kinds that wait for their boundaries tell when a backlog's newest panes come first, what
 * a source steadily behind costs the keys on time and itself, and what settling on costs in settle
 * steps. Driven through LifecycleFn's own methods ({@link Runner}) or the simulated runner ({@link
 * Harness}).
 */
@RunWith(JUnit4.class)
public class BacklogPanesReviewTest {
  @org.junit.Rule
  public final transient org.apache.beam.sdk.testing.TestPipeline p =
      org.apache.beam.sdk.testing.TestPipeline.create();

  private static final Duration SETTLE = Duration.standardSeconds(5);

  /**
   * A job started on a backlog published at once, a minute after its newest entries: the panes of
   * the last {@code newest} minutes (ended less than two minutes before the clock, so not told old)
   * are handed over first, the watermark then moves past them all, and the older panes come late in
   * shuffled order, all within a settle step.
   */
  static Harness newestFirst(Rule r, String key, Scenario s, int to, int newest, long seed) {
    Harness h =
        Harness.of(r, Duration.standardMinutes(60))
            .settlingFor(SETTLE)
            .clockAt(T0 + (to + 1) * MIN);
    for (int m = to; m > to - newest; m--) {
      h.earlyPane(key, s.at(m));
    }
    h.advanceTo(T0 + to * MIN); // the watermark moves: the key's boundaries are due
    List<Integer> rest = new ArrayList<>();
    for (int m = 1; m <= to - newest; m++) {
      rest.add(m);
    }
    Collections.shuffle(rest, new Random(seed));
    for (int m : rest) {
      BucketAgg b = s.at(m);
      if (b.count > 0) {
        h.latePane(key, b);
      }
    }
    h.settle();
    h.advanceTo(T0 + (to + 75) * MIN);
    return h;
  }

  private static void newestFirstToldAsInOrder(Rule r, Scenario s, int to, String... inOrder) {
    String key = r.name() + "\u001eweb";
    assertThat(told(inOrder(r, key, 1, to, s))).containsExactlyElementsIn(inOrder).inOrder();
    for (int newest = 1; newest <= 2; newest++) {
      for (int seed = 0; seed < 5; seed++) {
        assertWithMessage("newest %s first, seed %s", newest, seed)
            .that(told(newestFirst(r, key, s, to, newest, seed)))
            .containsExactlyElementsIn(inOrder)
            .inOrder();
      }
    }
  }

  /**
   * A restart during an outage: 2 of 10 requests fail from 10:25. Before: with the panes of 10:30
   * and 10:29 first, the ratio was judged on them alone when the watermark moved (FIRING 10:30,
   * 0.2) instead of at 10:26 (0.08).
   */
  @Test
  public void aRatioIncidentWhoseNewestPanesComeFirstIsToldAsInOrder() {
    newestFirstToldAsInOrder(
        BacklogOrderTest.ratio(),
        m -> bucket(T0 + m * MIN, requests(10, m >= 25 ? 2 : 0, 0, m), 0),
        30,
        "FIRING 10:26 v=0.08",
        "RESOLVED 10:35 v=0");
  }

  /**
   * {@link #aRatioIncidentWhoseNewestPanesComeFirstIsToldAsInOrder} through the whole transform in
   * streaming: a job started at 10:31 on a backlog published at once whose entries of 10:28–10:30
   * are handed over first; the watermark then moves past them all (10:30:30) and the older entries,
   * shuffled, come late. Before: FIRING 10:25–10:30 on 0.2, judged on the newest two minutes alone.
   */
  @Test
  public void streamingBacklogsNewestEntriesFirstFireTheRatioAsInOrder() {
    List<Integer> minutes = new ArrayList<>();
    for (int m = 0; m < 28; m++) {
      minutes.add(m);
    }
    Collections.shuffle(minutes, new Random(7));
    org.apache.beam.sdk.testing.TestStream.Builder<dev.logalerts.model.LogEvent> in =
        org.apache.beam.sdk.testing.TestStream.create(dev.logalerts.model.LogEventCoder.of())
            .advanceWatermarkTo(new org.joda.time.Instant(at(0, 0)));
    in = requestsOf(in, 29);
    in = requestsOf(in, 28).advanceProcessingTime(Duration.standardSeconds(2));
    in = in.advanceWatermarkTo(new org.joda.time.Instant(at(30, 30)));
    for (int m : minutes) {
      in = requestsOf(in, m);
    }
    org.apache.beam.sdk.values.PCollection<Alert> alerts =
        EarlyPaneReviewTest.startedAt1031(p, in, BacklogOrderTest.ratio());
    org.apache.beam.sdk.testing.PAssert.that(alerts)
        .satisfies(
            it -> {
              assertThat(brief(sorted(it)))
                  .containsExactly(
                      "FIRING ratio {service=run} value=0.08 10:21-10:26",
                      "RESOLVED ratio {service=run} value=0 10:30-10:35")
                  .inOrder();
              return null;
            });
    p.run().waitUntilFinish();
  }

  /** The 10 requests of minute {@code m} after 10:00, 2 of them 503 from 10:24 on. */
  private static org.apache.beam.sdk.testing.TestStream.Builder<dev.logalerts.model.LogEvent>
      requestsOf(
          org.apache.beam.sdk.testing.TestStream.Builder<dev.logalerts.model.LogEvent> in, int m) {
    for (int i = 0; i < 10; i++) {
      dev.logalerts.model.LogEvent e =
          request("r" + m + "-" + i, at(m, 5 + 5 * i), "run", m >= 24 && i < 2 ? 503 : 200, 0.1);
      in = in.addElements(org.apache.beam.sdk.values.TimestampedValue.of(e, e.eventTime()));
    }
    return in;
  }

  /**
   * A new error in the last two minutes of a backlog, after the group's templates were learned for
   * half an hour. Before: its pane came first, the group's first, so it was learned, never told.
   */
  @Test
  public void aNewTemplateWhosePaneComesFirstIsTold() {
    Rule fresh =
        rule("new-errors", RuleType.NEW_TEMPLATE, ALL, "service")
            .setLearnFor(Duration.standardMinutes(30))
            .build();
    newestFirstToldAsInOrder(
        fresh,
        m -> {
          List<Entry> e = new ArrayList<>();
          e.add(new Entry(false, Double.NaN, "GET /api/cart 200"));
          if (m >= 45) {
            e.add(new Entry(true, Double.NaN, "Connection refused by db-primary:5432"));
          }
          return bucket(T0 + m * MIN, e, 0);
        },
        46,
        "FIRING 10:45 v=1");
  }

  /** What one key of a simulated job was told, and at which processing time each alert came. */
  record Told(List<String> alerts, List<Long> at) {
    long first() {
      return at.isEmpty() ? -1 : at.get(0);
    }
  }

  /** The on-time group's entries of second {@code sec} (from 10:00): a pane, or null. */
  interface Traffic {
    BucketAgg at(long sec, long end, int minute);
  }

  /** Errors: one a minute, one each 6 s in 10:18–10:22. */
  static final Traffic ERRORS_ON_TIME =
      (sec, end, m) ->
          sec % 60 == 0 || (m >= 18 && m < 23 && sec % 6 == 0)
              ? EarlyPaneReviewTest.errorsAt(end, 1)
              : null;

  /** Requests: one each 3 s, one in four failing in 10:18–10:22. */
  static final Traffic REQUESTS_ON_TIME =
      (sec, end, m) ->
          sec % 3 == 0
              ? bucket(end, requests(1, m >= 18 && m < 23 && sec % 12 == 0 ? 1 : 0, 0, m), 0)
              : null;

  /**
   * A job running on time for 40 minutes, a second at a time: the group "web" logs {@code web} (its
   * panes early, the watermark 2 s behind the clock) while, with {@code lagMillis} above 0, the
   * group "agent" of the same rule and DoFn instance logs {@code agent} that long behind (a pane a
   * second, late, or early while the watermark is behind it). In {@code [stallFrom, stallTo)} (ms
   * from 10:00) the watermark does not move. Returns what "web" and "agent" were told.
   */
  static Told[] job(
      Rule r, Traffic web, Traffic agent, long lagMillis, long stallFrom, long stallTo) {
    Runner w = new Runner(r, r.name() + "\u001eweb", SETTLE, Duration.ZERO);
    Runner a = w.sameFn(r.name() + "\u001eagent");
    Told[] told = {
      new Told(new ArrayList<>(), new ArrayList<>()), new Told(new ArrayList<>(), new ArrayList<>())
    };
    long watermark = T0;
    for (long sec = 0; sec <= 40 * 60; sec++) {
      long now = T0 + sec * 1000;
      w.clockTo(now);
      a.clockTo(now);
      int m = (int) (sec / 60);
      BucketAgg b = web.at(sec, T0 + (m + 1) * MIN, m);
      if (b != null) {
        w.early(b);
      }
      long lagged = now - lagMillis;
      if (lagMillis > 0 && lagged >= T0) {
        int lm = (int) ((lagged - T0) / MIN);
        BucketAgg p = agent.at((lagged - T0) / 1000, T0 + (lm + 1) * MIN, lm);
        if (p != null) {
          p.early = p.endMillis - 1 > watermark;
          p.late = !p.early;
          a.pane(p);
        }
      }
      if (sec * 1000 < stallFrom || sec * 1000 >= stallTo) {
        watermark = now - 2000;
      }
      w.advanceTo(watermark);
      a.advanceTo(watermark);
      noteNew(w, told[0], now);
      noteNew(a, told[1], now);
    }
    return told;
  }

  private static void noteNew(Runner r, Told t, long now) {
    List<String> all = EarlyPaneReviewTest.toldOf(r.alerts);
    for (int i = t.alerts.size(); i < all.size(); i++) {
      t.alerts.add(all.get(i));
      t.at.add(now);
    }
  }

  private static String when(Told t) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.alerts.size(); i++) {
      out.add(t.alerts.get(i) + " @" + Alert.rfc3339(t.at.get(i)).substring(11, 19));
    }
    return out.toString();
  }

  /**
   * A live group beside a source of the same rule steadily 3 or 10 minutes behind (its late panes
   * move the backlog count every second): the live group's alerts, threshold (early firing) and
   * ratio (at the boundary), come at the same second as without the lagging source.
   */
  @Test
  public void anOnTimeGroupBesideALaggingSourceIsToldAsWithoutIt() {
    Rule ratio = BacklogOrderTest.ratio();
    Rule errors = EarlyPaneReviewTest.errors(20);
    Traffic steady = (sec, end, m) -> bucket(end, requests(1, 0, 0, m), 0);
    for (Rule r : List.of(errors, ratio)) {
      Traffic web = r == errors ? ERRORS_ON_TIME : REQUESTS_ON_TIME;
      Told alone = job(r, web, steady, 0, -1, -1)[0];
      assertThat(alone.alerts).isNotEmpty();
      for (long lag : new long[] {3 * MIN, 10 * MIN}) {
        Told beside = job(r, web, steady, lag, -1, -1)[0];
        System.out.printf(
            "%s, a source %d min behind: %s; alone: %s%n",
            r.name(), lag / MIN, when(beside), when(alone));
        assertWithMessage("%s, lag %s min", r.name(), lag / MIN)
            .that(when(beside))
            .isEqualTo(when(alone));
      }
    }
  }

  /**
   * The lagging source's own incident (its errors of 10:18–10:22, read 3, 5 or 15 minutes late, in
   * 12 phases of the settle steps against its entries): its FIRING (the window of 10:20, as on
   * time) comes within a minute of the pane that completed the window. Printed: how long after
   * 10:20 plus the lag, on average and at worst (before the backlog count its late windows were
   * re-checked at every settle step; now once a minute, when the key evaluates on: see
   * FINDINGS.md).
   */
  @Test
  public void aLaggingSourcesOwnIncidentIsToldWithinAMinute() {
    Rule r = EarlyPaneReviewTest.errors(20);
    Traffic quiet = (sec, end, m) -> null;
    for (long lag : new long[] {3 * MIN, 5 * MIN, 15 * MIN}) {
      long worst = Long.MIN_VALUE;
      long sum = 0;
      int n = 0;
      for (long phase = 0; phase < 60_000; phase += 5000) {
        long shift = phase / 1000;
        Traffic agent = (sec, end, m) -> ERRORS_ON_TIME.at(sec + shift, end, m);
        Told own = job(r, quiet, agent, lag, -1, -1)[1];
        assertWithMessage("lag %s, phase %s", lag, phase)
            .that(own.alerts.get(0))
            .startsWith("FIRING 10:20");
        long after = own.first() - (T0 + 20 * MIN + lag);
        assertThat(after).isAtMost(KeyTimers.STEPPING_MILLIS);
        worst = Math.max(worst, after);
        sum += after;
        n++;
      }
      System.out.printf(
          "a source %d min behind: its FIRING %.1f s after 10:20 + lag on average, %d s at worst%n",
          lag / MIN, sum / 1000.0 / n, worst / 1000);
    }
  }

  /**
   * The watermark stalls for 20 minutes at 10:08 (a message not acknowledged holds it) while a
   * source of the same instance 5 minutes behind keeps coming (its panes old, early once the stall
   * is longer than its lag): the live group's panes are set aside a settle step (the watermark not
   * seen near the clock), and it is told as without the lagging source. Before: set-aside panes of
   * the last minutes kept it "in the backlog" while the lagging source's panes moved the count, so
   * it settled on, its wakes held, evaluating one boundary a minute (FIRING 19 s later, and no
   * RESOLVED by 10:40: at 10:40 it had evaluated to 10:22, and stayed that far behind).
   */
  @Test
  public void aStalledWatermarkBesideALaggingSourceDelaysNothing() {
    Rule r = EarlyPaneReviewTest.errors(20);
    Traffic steady = (sec, end, m) -> EarlyPaneReviewTest.errorsAt(end, 0);
    Told alone = job(r, ERRORS_ON_TIME, steady, 0, 8 * MIN, 28 * MIN)[0];
    Told beside = job(r, ERRORS_ON_TIME, steady, 5 * MIN, 8 * MIN, 28 * MIN)[0];
    System.out.printf(
        "stalled, alone: %s; beside a source 5 min behind: %s%n", when(alone), when(beside));
    assertThat(alone.alerts).hasSize(2);
    assertThat(when(beside)).isEqualTo(when(alone));
  }

  /**
   * A backlog's old panes set aside for one group (errors of 40 to 30 minutes ago, 8 a minute in
   * three of them) while another group's old panes keep coming, so it settles on; then the job is
   * drained: the end of time judges the panes set aside (the FIRING at the window in order), the
   * key is cleared, and its settle timer firing after finds nothing to do and re-arms nothing.
   */
  @Test
  public void aDrainWhileAKeySettlesOnTheCountJudgesItsPanesAndClearsIt() {
    long now = System.currentTimeMillis();
    long base = now / MIN * MIN - 40 * MIN;
    Rule r = EarlyPaneReviewTest.errors(20);
    Runner a = new Runner(r, "errors\u001eweb", SETTLE, Duration.ZERO);
    Runner b = a.sameFn("errors\u001eagent");
    a.clockTo(now);
    for (int m = 10; m >= 1; m--) {
      a.early(EarlyPaneReviewTest.errorsAt(base + m * MIN, m >= 4 && m <= 6 ? 8 : 1));
    }
    for (int step = 1; step <= 6; step++) {
      now += SETTLE.getMillis();
      b.early(EarlyPaneReviewTest.errorsAt(base + (10 + step) * MIN, 1));
      a.clockTo(now);
      b.clockTo(now);
    }
    assertWithMessage("settles on while the other group's old panes come")
        .that(a.state.read().settling)
        .isTrue();
    assertThat(a.alerts).isEmpty();
    a.advanceTo(Long.MAX_VALUE / 2);
    assertThat(a.alerts).hasSize(2);
    assertThat(a.alerts.get(0).state()).isEqualTo(AlertState.FIRING);
    assertThat(a.alerts.get(0).windowEndMillis()).isEqualTo(base + 6 * MIN);
    assertThat(a.alerts.get(1).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(a.state.read()).isNull();
    a.clockTo(now + SETTLE.getMillis());
    assertThat(a.settle.armed()).isFalse();
    assertThat(a.atEnd.armed()).isFalse();
    assertThat(a.wake.armed()).isFalse();
  }

  /**
   * What settling on costs: {@code groups} groups' panes of 30 minutes, read by a job started a
   * quarter of an hour after the newest, shuffled, {@code perStep} panes per settle step, the first
   * 40% early, then the watermark moves past them all, the rest late. Returns the settle steps (a
   * processing-time timer firing and a state read and write each) of all keys, and of the key that
   * took most, and how many groups were told as the same entries in order.
   */
  static long[] settleSteps(Rule r, int groups, int perStep, long seed) {
    Harness h =
        Harness.of(r, Duration.standardMinutes(60)).settlingFor(SETTLE).clockAt(T0 + 45 * MIN);
    List<long[]> panes = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      for (int m = 1; m <= 30; m++) {
        panes.add(new long[] {g, m});
      }
    }
    Collections.shuffle(panes, new Random(seed));
    java.util.Map<String, Integer> perKey = new java.util.HashMap<>();
    long steps = 0;
    int cut = panes.size() * 2 / 5;
    for (int i = 0; i < panes.size(); i++) {
      if (i == cut) {
        h.advanceTo(T0 + 44 * MIN);
      }
      String key = r.name() + "\u001eg" + panes.get(i)[0];
      int m = (int) panes.get(i)[1];
      BucketAgg b = bucket(T0 + m * MIN, requests(10, m >= 18 && m <= 22 ? 2 : 0, 0, m), 0);
      if (i < cut) {
        h.earlyPane(key, b);
      } else {
        h.latePane(key, b);
      }
      if ((i + 1) % perStep == 0) {
        steps += count(h, perKey);
        h.settleStep();
      }
    }
    while (!h.settling.isEmpty()) {
      steps += count(h, perKey);
      h.settleStep();
    }
    h.advanceTo(T0 + 120 * MIN);
    String any = r.name() + "\u001eg0";
    List<String> inOrder =
        told(
            inOrder(
                r,
                any,
                1,
                30,
                m -> bucket(T0 + m * MIN, requests(10, m >= 18 && m <= 22 ? 2 : 0, 0, m), 0)));
    int asInOrder = 0;
    for (int g = 0; g < groups; g++) {
      String group = "g" + g;
      List<Alert> own = new ArrayList<>();
      h.alerts.stream().filter(a -> a.group().containsValue(group)).forEach(own::add);
      asInOrder += EarlyPaneReviewTest.toldOf(own).equals(inOrder) ? 1 : 0;
    }
    return new long[] {steps, perKey.values().stream().mapToInt(x -> x).max().orElse(0), asInOrder};
  }

  private static int count(Harness h, java.util.Map<String, Integer> perKey) {
    h.settling.forEach(k -> perKey.merge(k, 1, Integer::sum));
    return h.settling.size();
  }

  /**
   * Printed: settle steps per key, and groups told as in order, for a backlog read in 3 steps, in
   * 15, and in 88 (over seven minutes: the keys evaluate on once a minute meanwhile).
   */
  @Test
  public void settleStepsABacklogCosts() {
    for (Rule r : List.of(BacklogOrderTest.ratio(), EarlyPaneReviewTest.errors(20))) {
      for (int perStep : new int[] {500, 100, 17}) {
        long[] c = settleSteps(r, 50, perStep, 1);
        System.out.printf(
            "%s, 50 groups x 30 panes, %d panes a step (%d steps to read): %d settle steps, %.1f a"
                + " key, %d at most; %d of 50 groups told as in order%n",
            r.name(), perStep, 1500 / perStep, c[0], c[0] / 50.0, c[1], c[2]);
        assertThat(c[1]).isAtMost(1500 / perStep + 2);
      }
    }
  }

  /**
   * A job catching up on its input: started at 10:15 on the entries of 10:00, it reads {@code
   * speed} seconds of entries a second until it is on time, the watermark two seconds behind what
   * it reads, so every pane is early, and old until it has caught up. A group answers a request a
   * second, one in four failing in 10:10–10:14 of event time. Returns its alerts and when each came
   * on the clock.
   */
  static Told catchingUp(Rule r, Duration settle, int speed) {
    Runner w = new Runner(r, r.name() + "\u001eweb", settle, Duration.ZERO);
    Told told = new Told(new ArrayList<>(), new ArrayList<>());
    long start = T0 + 15 * MIN;
    long read = T0;
    for (long now = start; now <= T0 + 60 * MIN; now += 1000) {
      w.clockTo(now);
      long to = Math.min(now, read + speed * 1000L);
      for (long e = read; e < to; e += 1000) {
        int m = (int) ((e - T0) / MIN);
        boolean bad = m >= 10 && m < 15 && (e / 1000) % 4 == 0;
        w.early(bucket(T0 + (m + 1) * MIN, requests(1, bad ? 1 : 0, 0, m), 0));
      }
      read = to;
      w.advanceTo(read - 2000);
      noteNew(w, told, now);
    }
    return told;
  }

  /**
   * What settling a ratio's old early panes costs a job catching up: the same alerts, later on the
   * clock (printed: at 2x, 5x, 10x the FIRING 90, 48, 24 s later; before the backlog count, ratio
   * panes were never set aside and came as judged at once).
   */
  @Test
  public void aJobCatchingUpTellsARatioTheSameAlertsAtMostTwoMinutesLater() {
    Rule r = BacklogOrderTest.ratio();
    for (int speed : new int[] {2, 5, 10}) {
      Told atOnce = catchingUp(r, Duration.ZERO, speed);
      Told settled = catchingUp(r, SETTLE, speed);
      System.out.printf(
          "catching up at %dx, judged at once: %s; settled: %s%n",
          speed, when(atOnce), when(settled));
      assertThat(settled.alerts).isEqualTo(atOnce.alerts);
      for (int i = 0; i < atOnce.at.size(); i++) {
        assertThat(settled.at.get(i) - atOnce.at.get(i)).isAtMost(2 * KeyTimers.STEPPING_MILLIS);
      }
    }
  }
}
