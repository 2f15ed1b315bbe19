package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import dev.logalerts.model.HttpRequest;
import dev.logalerts.parse.InvalidEntryException.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A latency beyond what a long holds in nanoseconds (about 292 years; protobuf Durations go up to
 * 10,000 years) is refused as out of range, not wrapped into a wrong or negative value.
 */
@RunWith(JUnit4.class)
public class LatencyRangeTest {
  private final LogEntryParser parser = new LogEntryParser();

  private static byte[] entry(String latency) {
    return ("{\"timestamp\":\"2026-11-20T00:00:00Z\",\"httpRequest\":{\"latency\":\""
            + latency
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  public void latenciesBeyondALongOfNanosecondsAreOutOfRange() {
    // 18446744074 s wrapped to 0.29 s; 9999999999 s to a negative value.
    for (String latency : new String[] {"18446744074s", "9999999999s", "315576000000s"}) {
      InvalidEntryException e =
          assertThrows(InvalidEntryException.class, () -> parser.parse(entry(latency)));
      assertThat(e.reason()).isEqualTo(Reason.WRONG_TYPE);
      assertThat(e.getMessage()).contains("out of range");
    }
  }

  @Test
  public void theLongestLatencyThatFitsIsKept() throws Exception {
    HttpRequest h = parser.parse(entry("9223372035.5s")).httpRequest();
    assertThat(h.latencyNanos()).isEqualTo(9_223_372_035_500_000_000L);
  }
}
