package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;
import static dev.logalerts.alerting.BacklogOrderTest.MIN;
import static dev.logalerts.alerting.BacklogOrderTest.bucket;
import static dev.logalerts.alerting.BacklogOrderTest.requests;

import dev.logalerts.alerting.LifecycleStateTest.Harness;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.SpikeDirection;
import java.util.List;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A source whose entries come a steady while behind the watermark (an agent that flushes every few
 * minutes): each minute's entries arrive as a late pane 4 minutes after the watermark passed them.
 * Evaluated as soon as the watermark passes a boundary, the newest minutes of every window are
 * still empty, and a traffic-drop rule pages for traffic that is there; with an evaluation delay of
 * the lag, windows are judged with their entries, and a real drop still fires.
 */
@RunWith(JUnit4.class)
public class EvaluationDelayTest {
  private static final int LAG_MINUTES = 4;
  private static final String KEY = "drop\u001eweb";

  /** A drop: a third or less of the last hour's mean per 5 minutes, at least 10 requests. */
  static Rule drop() {
    return rule("drop", RuleType.SPIKE, HTTP, "service")
        .setWindow(Duration.standardMinutes(5))
        .setBaseline(Duration.standardHours(1))
        .setDirection(SpikeDirection.DOWN)
        .setFactor(3)
        .setMinCount(10)
        .setResolveAfter(2)
        .build();
  }

  /**
   * 5 requests a minute in minutes 1..{@code last}, each minute's pane arriving {@code lag} minutes
   * after the watermark passed it; then time goes on without entries (a real drop).
   */
  static List<String> told(int lag, Duration delay, int last) {
    Harness h =
        Harness.of(drop(), Duration.standardMinutes(60))
            .settlingFor(Duration.standardSeconds(5))
            .delayingEvaluationBy(delay);
    for (int m = 1; m <= last + 30; m++) {
      h.advanceTo(T0 + (m + lag) * MIN);
      if (m <= last) {
        BucketAgg b = bucket(T0 + m * MIN, requests(5, 0, 0, m), 0);
        if (lag > 0) {
          h.latePane(KEY, b);
        } else {
          h.bucket(KEY, b);
        }
      }
      h.settle();
    }
    h.advanceTo(T0 + (last + 60) * MIN);
    return BacklogOrderTest.told(h);
  }

  @Test
  public void evaluatedAsTheWatermarkPassesALaggingSourceLooksLikeADrop() {
    List<String> told = told(LAG_MINUTES, Duration.ZERO, 80);
    assertThat(told).isNotEmpty();
    // Once the baseline has its hour: a window whose minutes have not come yet, while the traffic
    // flowed (to 11:20).
    assertThat(told.get(0)).isEqualTo("FIRING 11:05 v=0");
  }

  @Test
  public void delayedByTheLagALaggingSourceIsToldAsOneOnTime() {
    List<String> onTime = told(0, Duration.ZERO, 80);
    assertThat(onTime.get(0)).isEqualTo("FIRING 11:24 v=5"); // the traffic stopped at 11:20
    assertThat(told(LAG_MINUTES, Duration.standardMinutes(LAG_MINUTES), 80))
        .containsExactlyElementsIn(onTime)
        .inOrder();
  }
}
