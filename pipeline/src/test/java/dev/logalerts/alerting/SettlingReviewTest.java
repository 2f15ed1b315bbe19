package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.*;
import static dev.logalerts.alerting.BacklogOrderTest.MIN;
import static dev.logalerts.alerting.BacklogOrderTest.told;

import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Settling late panes ({@link LifecycleFn#settleFor}) meeting the other things that happen to a key
 * meanwhile: an early pane of a monotone kind, which fires at once while the late buckets merged
 * before it still wait for their re-check.
 */
@RunWith(JUnit4.class)
public class SettlingReviewTest {
  private static final Duration SETTLE = Duration.standardSeconds(5);
  private static final Duration LATENESS = Duration.standardMinutes(60);

  private static Rule errors() {
    return rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(10).build();
  }

  /**
   * A group logging one error a minute; ten more errors of 10:05 come late (an agent's buffer,
   * after evaluation passed 10:30), and, before they have settled, an early pane of 10:31 with ten
   * errors. The late errors' window fires (at 10:05, as when late panes are judged at once); the
   * early pane does not take their place, leaving them never re-checked.
   */
  @Test
  public void anEarlyFiringDuringTheHoldDoesNotHideTheLateWindows() {
    for (Duration settle : new Duration[] {Duration.ZERO, SETTLE}) {
      String key = "errors\u001erun";
      Harness h = Harness.of(errors(), LATENESS).settlingFor(settle);
      for (int m = 1; m <= 30; m++) {
        h.bucket(key, LifecycleStateTest.bucket(T0 + m * MIN, 1, "error: timeout " + m));
        h.advanceTo(T0 + m * MIN);
      }
      assertThat(h.alerts).isEmpty();
      h.latePane(key, LifecycleStateTest.bucket(T0 + 5 * MIN, 10, "error: timeout 5"));
      BucketAgg early = LifecycleStateTest.bucket(T0 + 31 * MIN, 10, "error: timeout 31");
      early.early = true;
      h.bucket(key, early);
      h.settle();
      h.advanceTo(T0 + 31 * MIN);
      h.advanceTo(T0 + 60 * MIN);
      assertWithMessage("settle %s: %s", settle, told(h))
          .that(told(h).get(0))
          .isEqualTo("FIRING 10:05 v=15");
    }
  }
}
