package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Bounded runs end at the newest entry, but the bucket holding that entry is timestamped at the
 * bucket's end: a runner may fire a key's timer at the newest entry's time before delivering that
 * bucket. The key must not be cleared then, or its last bucket starts a fresh key and an open
 * absence incident never resolves (seen as an occasional missing RESOLVED on the DirectRunner).
 */
@RunWith(JUnit4.class)
public class BoundedEndOfTimeTest {
  private static final long MIN = 60_000;

  @Test
  public void absenceKeyWaitsForTheBucketOfTheNewestEntry() {
    Rule absence =
        rule("late", RuleType.ABSENCE, ALL, "service")
            .setExpectWithin(Duration.standardMinutes(75))
            .setForgetAfter(Duration.standardDays(7))
            .setSuppressFor(Duration.standardHours(6))
            .build();
    LifecycleFn fn =
        new LifecycleFn(
            RuleSet.of(List.of(absence), "fixed"), null, "", 0, 100, null, REDACTOR, MINER, null);
    LifecycleStateTest.Cell<Set<String>> known = new LifecycleStateTest.Cell<>();
    List<Alert> alerts = new ArrayList<>();
    String key = "late" + GroupKeys.RULE_SEP + "job";
    long newestEntry = 180 * MIN; // the entry that ends the outage, and the input
    KeyState st = null;
    for (long end : new long[] {1 * MIN, 61 * MIN}) {
      st =
          fn.onBucket(
              absence,
              st,
              key,
              LifecycleStateTest.bucket(end, 1, "done"),
              newestEntry,
              known,
              alerts::add);
    }
    // The deadline passes: FIRING.
    assertThat(fn.onTimer(absence, st, 136 * MIN, known, alerts::add)).isTrue();
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).state()).isEqualTo(AlertState.FIRING);
    // The timer reaches the newest entry's time before its bucket (ending at 181 min) arrived.
    assertThat(fn.onTimer(absence, st, newestEntry + 1, known, alerts::add)).isTrue();
    st =
        fn.onBucket(
            absence,
            st,
            key,
            LifecycleStateTest.bucket(181 * MIN, 1, "done"),
            newestEntry,
            known,
            alerts::add);
    assertThat(fn.onTimer(absence, st, 181 * MIN, known, alerts::add)).isFalse();
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(1).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(alerts.get(1).alertId()).isEqualTo(alerts.get(0).alertId());
  }
}
