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
import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A backlog published at once to a job just started, whose read straddles the watermark's first
 * move: Pub/Sub's watermark follows publish times and moves once the reader has seen a spread of
 * them, so the panes read before come early, those read after come late, and the key's boundaries
 * are due in between. Each (rule, group) settles while the backlog is still being read, not only
 * while its own panes come: here two groups' panes are shuffled together and a settle period passes
 * now and then as bundles end, so a group is often quiet for a step while the other's panes come.
 * Every order is told exactly as the same entries read in order.
 */
@RunWith(JUnit4.class)
public class SplitBacklogTest {
  /**
   * Settle periods that pass while the backlog is read: fewer than a minute's worth, the stepping
   * period after which a settling key evaluates on as far as it may whatever still comes ({@link
   * KeyTimers#STEPPING_MILLIS}).
   */
  private static final int STEPS = 8;

  private static final Duration SETTLE = Duration.standardSeconds(5);

  /** The incident's group and a quiet neighbour of the same rule, read as one backlog. */
  private static void toldAsInOrder(Rule r, Scenario incident, Scenario neighbour, int to) {
    String key = r.name() + "\u001eweb";
    String other = r.name() + "\u001eapi";
    List<String> inOrder = told(inOrder(r, key, 1, to, incident));
    List<String> otherInOrder = told(inOrder(r, other, 1, to, neighbour));
    assertThat(inOrder).isNotEmpty();
    for (int seed = 0; seed < 20; seed++) {
      Harness h = split(r, key, incident, other, neighbour, to, seed);
      assertWithMessage("seed %s", seed).that(toldFor(h, "web")).isEqualTo(inOrder);
      assertWithMessage("seed %s, the neighbour", seed)
          .that(toldFor(h, "api"))
          .isEqualTo(otherInOrder);
    }
  }

  /**
   * The panes of both groups for minutes 1..{@code to}, shuffled by {@code seed}, read by a job
   * started a quarter of an hour after the newest: the first part of them early (the watermark has
   * not moved), then the watermark jumps past them all, then the rest late; after {@link #STEPS}
   * panes at random a bundle ends and a settle period passes, so either group may be quiet for a
   * step or two while the other's panes come.
   */
  static Harness split(
      Rule r, String key, Scenario s, String other, Scenario neighbour, int to, long seed) {
    Harness h =
        Harness.of(r, Duration.standardMinutes(60))
            .settlingFor(SETTLE)
            .clockAt(T0 + (to + 15) * MIN);
    List<Object[]> panes = new ArrayList<>();
    for (int m = 1; m <= to; m++) {
      if (s.at(m).count > 0) {
        panes.add(new Object[] {key, s, m});
      }
      if (neighbour.at(m).count > 0) {
        panes.add(new Object[] {other, neighbour, m});
      }
    }
    Random rnd = new Random(seed);
    Collections.shuffle(panes, rnd);
    int cut = panes.size() / 4 + rnd.nextInt(panes.size() / 2);
    java.util.Set<Integer> steps = new java.util.HashSet<>();
    while (steps.size() < STEPS) {
      steps.add(rnd.nextInt(panes.size()));
    }
    for (int i = 0; i < panes.size(); i++) {
      if (i == cut) {
        h.advanceTo(T0 + (to + 14) * MIN); // the watermark moves: the boundaries are due
      }
      BucketAgg b = ((Scenario) panes.get(i)[1]).at((Integer) panes.get(i)[2]);
      if (i < cut) {
        h.earlyPane((String) panes.get(i)[0], b);
      } else {
        h.latePane((String) panes.get(i)[0], b);
      }
      if (steps.contains(i)) {
        h.settleStep();
      }
    }
    h.settle();
    h.advanceTo(T0 + (to + 75) * MIN); // time goes on without these groups' entries
    return h;
  }

  private static List<String> toldFor(Harness h, String group) {
    return told(
        h.alerts.stream().filter(a -> a.group().containsValue(group)).collect(Collectors.toList()));
  }

  @Test
  public void aThresholdIncidentIsToldAsInOrder() {
    Rule r = rule("errs", RuleType.THRESHOLD, ERRORS, "service").setThreshold(10).build();
    toldAsInOrder(
        r, m -> errors(m, m >= 5 && m <= 9 ? 4 : (m % 4 == 0 ? 1 : 0)), m -> errors(m, 1), 30);
  }

  @Test
  public void aRatioIncidentIsToldAsInOrder() {
    Rule r = BacklogOrderTest.ratio();
    toldAsInOrder(
        r,
        SettledBacklogTest.RATIO_INCIDENT,
        m -> bucket(T0 + m * MIN, requests(10, 0, 0, m), 0),
        30);
  }

  @Test
  public void aPercentileIncidentIsToldAsInOrder() {
    toldAsInOrder(
        SettledBacklogTest.p95(),
        SettledBacklogTest.SLOW_INCIDENT,
        m -> bucket(T0 + m * MIN, requests(10, 0, 0, m), 1.0),
        30);
  }

  @Test
  public void aTrafficDropIsToldAsInOrder() {
    toldAsInOrder(
        BacklogOrderTest.drop(),
        SettledBacklogTest.TRAFFIC_DROP,
        m -> bucket(T0 + m * MIN, requests(5, 0, 0, m), 0),
        110);
  }

  @Test
  public void anAbsenceIsToldAsInOrder() {
    toldAsInOrder(
        SettledBacklogTest.heartbeat(),
        SettledBacklogTest.SILENCE,
        m -> bucket(T0 + m * MIN, List.of(new Entry(false, Double.NaN, "beat")), 0),
        70);
  }

  /**
   * A retry line while the templates are learned and again with a new error after: only the new
   * error is told, as in order.
   */
  @Test
  public void aNewTemplateIsToldAsInOrder() {
    toldAsInOrder(
        SettledBacklogTest.newErrors(),
        SettledBacklogTest.NEW_ERROR,
        m -> bucket(T0 + m * MIN, List.of(new Entry(false, Double.NaN, "GET /api/cart 200")), 0),
        50);
  }

  /**
   * A backlog read for minutes: one group's panes all come in its first seconds, the watermark then
   * moves past them, and another group's keep coming for three minutes. The first group settles on
   * meanwhile and evaluates once a minute; it does so as far as the watermark has passed, so its
   * incident is told at the first of those, as in order, not one boundary a minute (its timer,
   * held, had asked for one) and the rest when the read ends.
   */
  @Test
  public void aGroupWhoseBacklogHasComeIsToldWithinAMinuteWhileTheReadGoesOn() {
    Rule r = BacklogOrderTest.ratio();
    long start = T0 + 45 * MIN;
    EarlyPaneReviewTest.Runner web =
        new EarlyPaneReviewTest.Runner(r, "ratio\u001eweb", SETTLE, Duration.ZERO);
    EarlyPaneReviewTest.Runner api = web.sameFn("ratio\u001eapi");
    web.clockTo(start);
    for (int m = 1; m <= 30; m++) {
      web.early(SettledBacklogTest.RATIO_INCIDENT.at(m));
    }
    long toldAt = -1;
    for (long sec = 1; sec <= 180; sec++) {
      long now = start + sec * 1000;
      web.clockTo(now);
      api.clockTo(now);
      if (sec == 5) {
        web.advanceTo(T0 + 44 * MIN); // the watermark moves past the backlog
        api.advanceTo(T0 + 44 * MIN);
      }
      api.pane(late(bucket(T0 + (1 + sec % 30) * MIN, requests(10, 0, 0, (int) sec % 30), 0)));
      if (toldAt < 0 && EarlyPaneReviewTest.toldOf(web.alerts).size() == 2) {
        toldAt = sec;
      }
    }
    assertThat(EarlyPaneReviewTest.toldOf(web.alerts))
        .containsExactlyElementsIn(
            told(inOrder(r, "ratio\u001eweb", 1, 30, SettledBacklogTest.RATIO_INCIDENT)))
        .inOrder();
    assertThat(toldAt).isIn(com.google.common.collect.Range.closed(55L, 70L));
  }

  private static BucketAgg late(BucketAgg b) {
    b.late = true;
    return b;
  }

  private static BucketAgg errors(int m, int n) {
    List<Entry> e = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      e.add(new Entry(true, Double.NaN, "payment timeout"));
    }
    return bucket(T0 + m * MIN, e, 0);
  }
}
