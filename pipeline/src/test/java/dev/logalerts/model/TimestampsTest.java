package dev.logalerts.model;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import java.time.Instant;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class TimestampsTest {

  private static long nanos(String iso) {
    Instant i = Instant.parse(iso);
    return i.getEpochSecond() * 1_000_000_000L + i.getNano();
  }

  @Test
  public void parsesZeroToNineFractionalDigits() {
    assertThat(Timestamps.parse("2026-11-20T00:00:02Z")).isEqualTo(nanos("2026-11-20T00:00:02Z"));
    assertThat(Timestamps.parse("2026-11-20T00:00:02.1Z"))
        .isEqualTo(nanos("2026-11-20T00:00:02.100Z"));
    assertThat(Timestamps.parse("2026-11-20T00:00:02.095084795Z"))
        .isEqualTo(nanos("2026-11-20T00:00:02.095084795Z"));
    assertThat(Timestamps.parse("2024-02-29T23:59:59.123456Z"))
        .isEqualTo(nanos("2024-02-29T23:59:59.123456Z"));
  }

  @Test
  public void appliesOffsets() {
    assertThat(Timestamps.parse("2026-11-20T01:30:00+01:30"))
        .isEqualTo(nanos("2026-11-20T00:00:00Z"));
    assertThat(Timestamps.parse("2026-11-19T20:00:00-04:00"))
        .isEqualTo(nanos("2026-11-20T00:00:00Z"));
  }

  @Test
  public void rejectsImpossibleTimes() {
    assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("2026-13-01T00:00:00Z"));
    assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("2026-02-29T00:00:00Z"));
    assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("2026-11-20T24:00:00Z"));
    assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("9999-11-20T00:00:00Z"));
    assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("2026-11-20T00:00:00"));
    assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("2026-11-20T00:00:00.Z"));
    assertThrows(
        IllegalArgumentException.class, () -> Timestamps.parse("2026-11-20T00:00:00.1234567890Z"));
    assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("yesterday"));
  }

  @Test
  public void formatRoundTrips() {
    for (String s :
        new String[] {
          "2026-11-20T00:00:02Z",
          "2026-11-20T00:00:02.100Z",
          "2026-11-20T00:00:02.123456Z",
          "2026-11-20T00:00:02.095084795Z",
          "1999-12-31T23:59:59Z",
          "2024-02-29T12:00:00Z"
        }) {
      assertThat(Timestamps.format(Timestamps.parse(s))).isEqualTo(s);
    }
  }

  @Test
  public void formatWithFixedDigitsTruncates() {
    long t = Timestamps.parse("2026-11-20T00:00:02.095084795Z");
    assertThat(Timestamps.format(t, 0)).isEqualTo("2026-11-20T00:00:02Z");
    assertThat(Timestamps.format(t, 1)).isEqualTo("2026-11-20T00:00:02.0Z");
    assertThat(Timestamps.format(t, 3)).isEqualTo("2026-11-20T00:00:02.095Z");
    assertThat(Timestamps.format(t, 9)).isEqualTo("2026-11-20T00:00:02.095084795Z");
    long whole = Timestamps.parse("2026-11-20T00:01:00Z");
    assertThat(Timestamps.format(whole, 6)).isEqualTo("2026-11-20T00:01:00.000000Z");
    assertThat(Timestamps.format(whole)).isEqualTo("2026-11-20T00:01:00Z");
    assertThat(Timestamps.format(-1L)).isEqualTo("1969-12-31T23:59:59.999999999Z");
    assertThat(Timestamps.formatMillis(1_500L)).isEqualTo("1970-01-01T00:00:01.500Z");
  }

  @Test
  public void durationsParseAndFormat() {
    assertThat(Durations.parse("0.123456s")).isEqualTo(123_456_000L);
    assertThat(Durations.parse("3s")).isEqualTo(3_000_000_000L);
    assertThat(Durations.parse("-1.5s")).isEqualTo(-1_500_000_000L);
    assertThat(Durations.format(250_000_000L)).isEqualTo("0.25s");
    assertThat(Durations.format(3_000_000_000L)).isEqualTo("3s");
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("12ms"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("s"));
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("1.2.3s"));
  }
}
