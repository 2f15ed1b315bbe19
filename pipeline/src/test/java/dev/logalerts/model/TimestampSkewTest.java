package dev.logalerts.model;

import static com.google.common.truth.Truth.assertThat;

import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.joda.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class TimestampSkewTest {
  /** Beam's output check computes input time minus skew: it must not overflow, for any input. */
  @Test
  public void inputTimeMinusSkewDoesNotOverflowAndAllowsEveryTimestamp() {
    for (Instant input :
        new Instant[] {
          BoundedWindow.TIMESTAMP_MIN_VALUE, new Instant(0), BoundedWindow.TIMESTAMP_MAX_VALUE
        }) {
      Instant lowerBound = input.minus(TimestampSkew.UNLIMITED); // would throw on overflow
      assertThat(lowerBound).isLessThan(BoundedWindow.TIMESTAMP_MIN_VALUE);
    }
  }
}
