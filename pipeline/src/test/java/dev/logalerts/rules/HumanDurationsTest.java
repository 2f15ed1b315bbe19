package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class HumanDurationsTest {
  @Test
  public void parsesUnitsAndCombinations() {
    assertThat(HumanDurations.parse("30s")).isEqualTo(Duration.standardSeconds(30));
    assertThat(HumanDurations.parse("5m")).isEqualTo(Duration.standardMinutes(5));
    assertThat(HumanDurations.parse("2h")).isEqualTo(Duration.standardHours(2));
    assertThat(HumanDurations.parse("1d")).isEqualTo(Duration.standardDays(1));
    assertThat(HumanDurations.parse("1h30m")).isEqualTo(Duration.standardMinutes(90));
    assertThat(HumanDurations.parse("1d2h3m4s5ms")).isEqualTo(Duration.millis(93_784_005L));
    assertThat(HumanDurations.parse("1.5s")).isEqualTo(Duration.millis(1500));
    assertThat(HumanDurations.parse("500ms")).isEqualTo(Duration.millis(500));
    assertThat(HumanDurations.parse(" 0.25h ")).isEqualTo(Duration.standardMinutes(15));
  }

  @Test
  public void rejectsGarbage() {
    assertThat(msg("0s")).contains("is zero");
    assertThat(msg("-1m")).contains("is negative");
    assertThat(msg("5")).contains("needs a unit");
    assertThat(msg("5 m")).contains("invalid duration '5 m'");
    assertThat(msg("5x")).contains("unknown unit 'x'");
    assertThat(msg("m")).contains("invalid duration");
    assertThat(msg("")).contains("empty duration");
    assertThat(msg("1m1h")).contains("largest to smallest");
    assertThat(msg("1m1m")).contains("largest to smallest");
    assertThat(msg("0.5ms")).contains("finer than a millisecond");
    assertThat(msg("366d")).contains("longer than 365d");
    assertThat(msg("1.2.3s")).contains("invalid duration");
  }

  @Test
  public void formatsShortestRoundTrip() {
    assertThat(HumanDurations.format(Duration.standardMinutes(90))).isEqualTo("1h30m");
    assertThat(HumanDurations.format(Duration.millis(1500))).isEqualTo("1s500ms");
    assertThat(HumanDurations.format(Duration.standardDays(7))).isEqualTo("7d");
    for (String s : new String[] {"1h30m", "5m", "1d2h3m4s5ms", "250ms"}) {
      assertThat(HumanDurations.format(HumanDurations.parse(s))).isEqualTo(s);
    }
  }

  private static String msg(String s) {
    return assertThrows(IllegalArgumentException.class, () -> HumanDurations.parse(s)).getMessage();
  }
}
