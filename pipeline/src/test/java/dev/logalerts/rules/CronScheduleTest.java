package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import dev.logalerts.model.Timestamps;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Cron schedules in a zone: weekdays in Tokyo, both DST transitions, bad expressions. */
@RunWith(JUnit4.class)
public class CronScheduleTest {
  static long t(String rfc3339) {
    return Timestamps.parse(rfc3339) / 1_000_000L;
  }

  static String s(long millis) {
    return Timestamps.formatMillis(millis);
  }

  @Test
  public void weekdayDeadlinesInTokyo() throws Exception {
    CronSchedule c = CronSchedule.parse("0 6 * * 1-5", "Asia/Tokyo");
    // Friday 2026-11-20 06:00 JST = Thursday 21:00 UTC; the next is Monday's.
    assertThat(s(c.nextAfter(t("2026-11-19T20:00:00Z")))).isEqualTo("2026-11-19T21:00:00Z");
    assertThat(s(c.nextAfter(t("2026-11-19T21:00:00Z")))).isEqualTo("2026-11-22T21:00:00Z");
    assertThat(s(c.lastAtOrBefore(t("2026-11-19T21:00:00Z")))).isEqualTo("2026-11-19T21:00:00Z");
    assertThat(s(c.lastBefore(t("2026-11-19T21:00:00Z")))).isEqualTo("2026-11-18T21:00:00Z");
    assertThat(s(c.lastAtOrBefore(t("2026-11-22T12:00:00Z")))).isEqualTo("2026-11-19T21:00:00Z");
  }

  @Test
  public void daylightSavingIsTheZones() throws Exception {
    CronSchedule c = CronSchedule.parse("30 2 * * *", "Europe/Berlin");
    // Summer: 02:30 CEST = 00:30 UTC; winter: 02:30 CET = 01:30 UTC.
    assertThat(s(c.nextAfter(t("2026-07-01T00:00:00Z")))).isEqualTo("2026-07-01T00:30:00Z");
    assertThat(s(c.nextAfter(t("2026-12-01T00:00:00Z")))).isEqualTo("2026-12-01T01:30:00Z");
    // 2026-03-29: 02:30 does not exist (02:00 -> 03:00): it occurs when the clocks pass it, at
    // 03:00 CEST = 01:00 UTC, as cron runs such a job.
    assertThat(s(c.nextAfter(t("2026-03-28T12:00:00Z")))).isEqualTo("2026-03-29T01:00:00Z");
    assertThat(s(c.nextAfter(t("2026-03-29T01:00:00Z")))).isEqualTo("2026-03-30T00:30:00Z");
    assertThat(s(c.lastAtOrBefore(t("2026-03-29T12:00:00Z")))).isEqualTo("2026-03-29T01:00:00Z");
    assertThat(s(c.lastBefore(t("2026-03-29T01:00:00Z")))).isEqualTo("2026-03-28T01:30:00Z");
    // 2026-10-25: 02:30 happens twice (00:30 and 01:30 UTC): once, the first time.
    assertThat(s(c.nextAfter(t("2026-10-24T12:00:00Z")))).isEqualTo("2026-10-25T00:30:00Z");
    assertThat(s(c.nextAfter(t("2026-10-25T00:30:00Z")))).isEqualTo("2026-10-26T01:30:00Z");
    assertThat(s(c.lastAtOrBefore(t("2026-10-25T02:00:00Z")))).isEqualTo("2026-10-25T00:30:00Z");
  }

  /**
   * A daily deadline in the hour skipped when clocks go forward is not dropped that day: a day
   * without a deadline would let the run before it serve the next day's deadline too (the default
   * lookback reaches back to the previous deadline), hiding a job that is late every day after the
   * change.
   */
  @Test
  public void timesSkippedByTheClockChangeOccurAtTheEndOfTheGap() throws Exception {
    CronSchedule london = CronSchedule.parse("30 1 * * *", "Europe/London");
    // 2026-03-29: 01:00 GMT -> 02:00 BST at 01:00 UTC.
    assertThat(s(london.nextAfter(t("2026-03-28T01:30:00Z")))).isEqualTo("2026-03-29T01:00:00Z");
    assertThat(s(london.nextAfter(t("2026-03-29T01:00:00Z")))).isEqualTo("2026-03-30T00:30:00Z");
    assertThat(s(london.lastBefore(t("2026-03-30T00:30:00Z")))).isEqualTo("2026-03-29T01:00:00Z");
    // Several times in the gap are one occurrence; the times after it are as usual.
    CronSchedule quarter = CronSchedule.parse("*/15 2 * * *", "America/New_York");
    assertThat(s(quarter.nextAfter(t("2026-03-08T06:00:00Z")))).isEqualTo("2026-03-08T07:00:00Z");
    assertThat(s(quarter.nextAfter(t("2026-03-08T07:00:00Z")))).isEqualTo("2026-03-09T06:00:00Z");
    assertThat(s(quarter.lastAtOrBefore(t("2026-03-09T05:59:00Z"))))
        .isEqualTo("2026-03-08T07:00:00Z");
    // A time at the end of the gap itself is one occurrence too.
    CronSchedule three = CronSchedule.parse("0 3 * * *", "America/New_York");
    assertThat(s(three.nextAfter(t("2026-03-08T06:00:00Z")))).isEqualTo("2026-03-08T07:00:00Z");
    assertThat(s(three.nextAfter(t("2026-03-08T07:00:00Z")))).isEqualTo("2026-03-09T07:00:00Z");
  }

  @Test
  public void badExpressionsAndZonesAreNamed() {
    BadValue e = assertThrows(BadValue.class, () -> CronSchedule.parse("0 25 * * *", "UTC"));
    assertThat(e).hasMessageThat().contains("not a cron expression: '0 25 * * *'");
    e = assertThrows(BadValue.class, () -> CronSchedule.parse("0 6 * * *", "Asia/Tokio"));
    assertThat(e).hasMessageThat().contains("unknown time zone 'Asia/Tokio'");
    e = assertThrows(BadValue.class, () -> CronSchedule.parse("0 0 30 2 *", "UTC"));
    assertThat(e).hasMessageThat().contains("never occurs");
    // In a zone with clock changes too (its gaps are not searched for ever).
    e = assertThrows(BadValue.class, () -> CronSchedule.parse("0 0 30 2 *", "Europe/Berlin"));
    assertThat(e).hasMessageThat().contains("never occurs");
  }

  /**
   * A schedule the file does not read is explained in its terms, naming the field (the cron
   * library's own text, "Cron expression contains 6 parts but we expect one of [5]", was quoted).
   */
  @Test
  public void badExpressionsSayWhatTheFileReads() {
    assertProblem(
        "0 0 6 * * *",
        "it has 6 fields, as Quartz and Spring write a schedule (seconds first); the rules file"
            + " takes the 5 of Unix cron: write '0 6 * * *'");
    assertProblem(
        "0 0 6 ? * MON-FRI *",
        "it has 7 fields, as Quartz and Spring write a schedule (seconds first, a year last); the"
            + " rules file takes the 5 of Unix cron: write '0 6 * * MON-FRI'");
    // Quartz counts weekdays from Sunday = 1: no rewrite is offered for numbered days.
    assertProblem(
        "0 0 6 ? * 2-6",
        "it has 6 fields, as Quartz and Spring write a schedule (seconds first); the rules file"
            + " takes the 5 of Unix cron, without seconds");
    assertProblem(
        "0 6 ? * MON-FRI",
        "the day-of-month field is '?': '?' is Quartz's \"no specific value\", which Unix cron"
            + " writes '*': write '0 6 * * MON-FRI'");
    assertProblem("0 25 * * *", "the hour field has 25, out of its range 0-23");
    assertProblem("0 6 * 13 *", "the month field has 13, out of its range 1-12");
    assertProblem(
        "0 6 * * MON-FRX",
        "the day-of-week field 'MON-FRX' is not a day-of-week (0-7 or SUN-SAT, 0 and 7 both"
            + " Sunday; ranges like 1-5, steps like */15, lists like 1,3)");
    assertProblem("0 6 * *", "it has 4 fields; a schedule has 5");
    assertProblem("@reboot", "'@reboot' is not a nickname the rules file reads");
  }

  private static void assertProblem(String expression, String problem) {
    BadValue e = assertThrows(BadValue.class, () -> CronSchedule.parse(expression, "UTC"));
    assertThat(e)
        .hasMessageThat()
        .isEqualTo(
            "not a cron expression: '"
                + expression
                + "': "
                + problem
                + " (five fields: minute hour day-of-month month day-of-week, e.g. '0 6 * * 1-5';"
                + " also L, LW, 15W, 5L, 1#1 and @hourly, @daily, @weekly, @monthly, @yearly)");
  }

  /**
   * Month-end and weekday jobs as Kubernetes CronJobs, Airflow and Quartz schedule them: each form
   * steps forward and back to the same occurrences (Berlin: local times, so 23:00/22:00 UTC).
   */
  @Test
  public void monthEndWeekdayAndNicknameSchedules() throws Exception {
    assertOccurrences(
        "0 0 L * *", // last day of the month
        "2026-01-31T00:00:00Z",
        "2026-02-28T00:00:00Z",
        "2026-03-31T00:00:00Z");
    assertOccurrences(
        "0 9 LW * *", // its last weekday (2026-01-31 is a Saturday)
        "2026-01-30T09:00:00Z",
        "2026-02-27T09:00:00Z",
        "2026-03-31T09:00:00Z");
    assertOccurrences(
        "0 9 15W * *", // the weekday nearest the 15th (2026-02-15 is a Sunday)
        "2026-01-15T09:00:00Z",
        "2026-02-16T09:00:00Z",
        "2026-03-16T09:00:00Z");
    assertOccurrences(
        "0 9 * * 5L", // the month's last Friday
        "2026-01-30T09:00:00Z",
        "2026-02-27T09:00:00Z",
        "2026-03-27T09:00:00Z");
    assertOccurrences(
        "0 9 * * 1#1", // its first Monday
        "2026-01-05T09:00:00Z",
        "2026-02-02T09:00:00Z",
        "2026-03-02T09:00:00Z");
    assertOccurrences(
        "@daily", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z");
    assertOccurrences(
        "@hourly", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z");
    assertOccurrences(
        "@weekly", "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z", "2026-01-18T00:00:00Z");
    assertOccurrences(
        "@monthly", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z");
    // In a zone: local midnight on the last day, CET.
    CronSchedule berlin = CronSchedule.parse("0 0 L * *", "Europe/Berlin");
    assertThat(s(berlin.nextAfter(t("2026-01-01T00:00:00Z")))).isEqualTo("2026-01-30T23:00:00Z");
    // Plain Unix forms are unchanged: a day-of-month and a day-of-week both given match either.
    assertOccurrences(
        "0 9 1 * 1", "2026-01-01T09:00:00Z", "2026-01-05T09:00:00Z", "2026-01-12T09:00:00Z");
    assertOccurrences(
        "30 2 * * 7", "2026-01-04T02:30:00Z", "2026-01-11T02:30:00Z", "2026-01-18T02:30:00Z");
    BadValue e = assertThrows(BadValue.class, () -> CronSchedule.parse("@reboot", "UTC"));
    assertThat(e).hasMessageThat().contains("not a cron expression: '@reboot'");
    assertThat(e).hasMessageThat().contains("@daily");
  }

  /** The occurrences of {@code expression} in UTC from 2026-01-01, forward and back. */
  private static void assertOccurrences(String expression, String... expected) throws Exception {
    CronSchedule c = CronSchedule.parse(expression, "UTC");
    long at = t("2026-01-01T00:00:00Z") - 1;
    for (String want : expected) {
      at = c.nextAfter(at);
      assertThat(s(at)).isEqualTo(want);
    }
    for (int i = expected.length - 1; i > 0; i--) {
      at = c.lastBefore(at);
      assertThat(s(at)).isEqualTo(expected[i - 1]);
    }
  }

  @Test
  public void aZoneThatNeverChangesItsOffsetIsRefusedButUtcAndDaylightSavingZonesAreRead()
      throws Exception {
    for (String zone : new String[] {"+09:00", "UTC+9", "GMT-5"}) {
      BadValue e = assertThrows(BadValue.class, () -> CronSchedule.zoneId(zone));
      assertThat(e).hasMessageThat().contains("is a fixed offset");
    }
    // UTC under its names, IANA's own fixed zones, and the POSIX-style names that do follow
    // daylight saving (EST5EDT is New York's rules).
    for (String zone : new String[] {"UTC", "GMT", "Etc/UTC", "GMT0", "Etc/GMT-9", "EST5EDT"}) {
      assertThat(CronSchedule.zoneId(zone).getId()).isEqualTo(zone);
    }
  }
}
