package dev.logalerts.rules;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A Unix cron expression ({@code minute hour day-of-month month day-of-week}, e.g. {@code "0 6 * *
 * 1-5"}; the extensions {@code definition()} lists) read in an IANA time zone: the one place that
 * parses cron and steps through its times, used by silences (the start of each window) and deadline
 * rules (each deadline). Daylight saving is the zone's: {@code "0 2 * * *"} in {@code
 * Europe/Berlin} is 02:00 local time on every day, 01:00 or 00:00 UTC depending on the season. A
 * local time that does not exist on a day (the hour skipped when clocks go forward) occurs when the
 * clocks pass it, at the end of the gap (as cron runs such jobs): {@code "30 1 * * *"} in {@code
 * Europe/London} is at 01:00 UTC (02:00 BST) on the last Sunday of March; several times in one gap
 * are one occurrence. A local time that occurs twice (clocks go back) is one occurrence, the first.
 * Parsing and stepping are by <a href="https://github.com/jmrozanec/cron-utils">cron-utils</a>.
 *
 * <p>Serializable as its text and zone; the parsed form is rebuilt on first use.
 */
public final class CronSchedule implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final CronParser PARSER = new CronParser(definition());

  /** No occurrence (e.g. {@code "0 0 30 2 *"}): every search gives up at this many steps. */
  private static final int MAX_STEPS = 100_000;

  private final String expression;
  private final String zone;
  private transient ExecutionTime execution;
  private transient ZoneId zoneId;

  private CronSchedule(String expression, String zone) {
    this.expression = expression;
    this.zone = zone;
  }

  /**
   * Parses and checks {@code expression} in {@code zone} (an IANA name such as {@code Asia/Tokyo},
   * or {@code UTC}).
   *
   * @throws BadValue naming what is wrong with the expression or the zone
   */
  public static CronSchedule parse(String expression, String zone) throws BadValue {
    zoneId(zone);
    String text = expression.trim();
    if (!parses(text)) {
      throw new BadValue(
          "not a cron expression: '"
              + expression
              + "': "
              + CronWords.problem(text, CronSchedule::parses)
              + " (five fields: minute hour day-of-month month day-of-week, e.g. '0 6 * * 1-5';"
              + " also L, LW, 15W, 5L, 1#1 and @hourly, @daily, @weekly, @monthly, @yearly)");
    }
    CronSchedule s = new CronSchedule(text, zone);
    if (s.nextAfter(0) == Long.MAX_VALUE) {
      throw new BadValue("cron expression '" + expression + "' never occurs");
    }
    return s;
  }

  /** Whether the rules file reads {@code text} as a schedule. */
  private static boolean parses(String text) {
    try {
      PARSER.parse(text).validate();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Unix cron as Vixie cron, Kubernetes CronJobs and Airflow read it: five fields (ranges, steps,
   * lists, names; day 7 is Sunday; a day-of-month and a day-of-week both given match either), the
   * nicknames {@code @hourly}, {@code @daily} ({@code @midnight}), {@code @weekly}, {@code
   * @monthly}, {@code @yearly} ({@code @annually}), and the forms month-end and weekday jobs are
   * scheduled with elsewhere (Quartz, Spring): {@code L} (last day of the month), {@code LW} (its
   * last weekday), {@code 15W} (the weekday nearest the 15th), {@code 5L} (the month's last
   * Friday), {@code 1#1} (its first Monday). Plain Unix expressions step exactly as cron-utils'
   * own Unix definition.
   */
  private static CronDefinition definition() {
    return CronDefinitionBuilder.defineCron()
        .withMinutes()
        .withValidRange(0, 59)
        .withStrictRange()
        .and()
        .withHours()
        .withValidRange(0, 23)
        .withStrictRange()
        .and()
        .withDayOfMonth()
        .withValidRange(1, 31)
        .supportsL()
        .supportsW()
        .supportsLW()
        .withStrictRange()
        .and()
        .withMonth()
        .withValidRange(1, 12)
        .withStrictRange()
        .and()
        .withDayOfWeek()
        .withValidRange(0, 7)
        .withMondayDoWValue(1)
        .withIntMapping(7, 0)
        .supportsL()
        .supportsHash()
        .withStrictRange()
        .and()
        .withSupportedNicknameHourly()
        .withSupportedNicknameDaily()
        .withSupportedNicknameMidnight()
        .withSupportedNicknameWeekly()
        .withSupportedNicknameMonthly()
        .withSupportedNicknameYearly()
        .withSupportedNicknameAnnually()
        .instance();
  }

  /**
   * The zone of an IANA name; {@code UTC} and {@code Etc/...} included. A fixed offset ({@code
   * +09:00}, {@code UTC+9}) is refused: it does not follow daylight saving, which a deadline in a
   * region's local time must; IANA's {@code Etc/GMT-9} is there for a fixed offset on purpose.
   */
  public static ZoneId zoneId(String zone) throws BadValue {
    try {
      ZoneId id = ZoneId.of(zone);
      // A zone whose offset never changes, but for UTC itself (UTC, GMT, Etc/UTC) and IANA's own
      // fixed zones (Etc/GMT-9); EST5EDT and the like follow daylight saving and stay.
      ZoneRules rules = id.getRules();
      boolean fixed =
          rules.isFixedOffset() && rules.getOffset(Instant.EPOCH).getTotalSeconds() != 0;
      if (id instanceof ZoneOffset || (fixed && !zone.startsWith("Etc/"))) {
        throw new BadValue(
            "'"
                + zone
                + "' is a fixed offset, which does not follow daylight saving: write the region's"
                + " IANA name (Asia/Tokyo, Europe/Berlin, America/New_York), or an Etc/GMT zone"
                + " for a fixed offset (Etc/GMT-9 is UTC+9: POSIX's sign, reversed)");
      }
      return id;
    } catch (DateTimeException e) {
      String meant = zoneMeant(zone);
      throw new BadValue(
          "unknown time zone '"
              + zone
              + "'"
              + (meant == null ? "" : "; did you mean '" + meant + "'?")
              + " (an IANA name such as Asia/Tokyo, Europe/Berlin, UTC)");
    }
  }

  /**
   * The zone a name not found most likely meant: the same name in another case ({@code
   * europe/london}), or the region of a US-style abbreviation ({@code PST}: America/Los_Angeles,
   * which keeps daylight saving, as the user who writes PST in winter expects).
   */
  private static @Nullable String zoneMeant(String zone) {
    String underscored = zone.replace(' ', '_'); // America/Los Angeles, as the city is written
    for (String id : ZoneId.getAvailableZoneIds()) {
      if (id.equalsIgnoreCase(underscored)) {
        return id;
      }
    }
    String region = ZoneId.SHORT_IDS.get(zone.toUpperCase(java.util.Locale.ROOT));
    return region != null && region.contains("/") ? region : null;
  }

  public String expression() {
    return expression;
  }

  public String zone() {
    return zone;
  }

  private ExecutionTime execution() {
    if (execution == null) {
      Cron cron = PARSER.parse(expression);
      execution = ExecutionTime.forCron(cron);
      zoneId = ZoneId.of(zone);
    }
    return execution;
  }

  private ZonedDateTime at(long millis) {
    execution();
    return Instant.ofEpochMilli(millis).atZone(zoneId);
  }

  /** The first occurrence strictly after {@code millis} (epoch ms); Long.MAX_VALUE when none. */
  public long nextAfter(long millis) {
    long next = Long.MAX_VALUE;
    Optional<ZonedDateTime> n = execution().nextExecution(at(millis));
    for (int i = 0; n.isPresent() && i < MAX_STEPS; i++) {
      if (!repeatsLocalTime(n.get())) {
        next = n.get().toInstant().toEpochMilli();
        break;
      }
      n = execution().nextExecution(n.get());
    }
    if (next == Long.MAX_VALUE) {
      return next; // a schedule that never occurs outside gaps is taken as one that never occurs
    }
    // A gap (clocks going forward) before it whose skipped local times the schedule holds.
    ZoneRules rules = zoneId.getRules();
    ZoneOffsetTransition tr = rules.nextTransition(Instant.ofEpochMilli(millis));
    for (int i = 0; tr != null && i < MAX_STEPS; i++) {
      long at = tr.getInstant().toEpochMilli();
      if (at >= next) {
        break;
      }
      if (tr.isGap() && matchesInGap(tr)) {
        return at;
      }
      tr = rules.nextTransition(tr.getInstant());
    }
    return next;
  }

  /**
   * Whether the schedule holds a local time skipped by this gap ({@code [before, after)} of the
   * transition's local times), read with the offset before it so that the fields are as written.
   */
  private boolean matchesInGap(ZoneOffsetTransition tr) {
    ZoneOffset before = tr.getOffsetBefore();
    LocalDateTime start = tr.getDateTimeBefore();
    Optional<ZonedDateTime> n =
        execution().nextExecution(ZonedDateTime.of(start.minusMinutes(1), before));
    return n.isPresent() && n.get().toLocalDateTime().isBefore(tr.getDateTimeAfter());
  }

  /** The last occurrence at or before {@code millis}; Long.MIN_VALUE when none. */
  public long lastAtOrBefore(long millis) {
    // Occurrences are on whole minutes: the last one before millis + 1s is at or before millis
    // unless it lies in that one second.
    long last = Long.MIN_VALUE;
    Optional<ZonedDateTime> p = execution().lastExecution(at(millis + 1000));
    for (int i = 0; p.isPresent() && i < MAX_STEPS; i++) {
      long t = p.get().toInstant().toEpochMilli();
      if (t <= millis && !repeatsLocalTime(p.get())) {
        last = t;
        break;
      }
      p = execution().lastExecution(p.get());
    }
    if (last == Long.MIN_VALUE) {
      return last; // as in nextAfter
    }
    // A gap after it whose skipped local times the schedule holds (see nextAfter).
    ZoneRules rules = zoneId.getRules();
    ZoneOffsetTransition tr = rules.previousTransition(Instant.ofEpochMilli(millis + 1));
    for (int i = 0; tr != null && i < MAX_STEPS; i++) {
      long at = tr.getInstant().toEpochMilli();
      if (at <= last) {
        break;
      }
      if (tr.isGap() && matchesInGap(tr)) {
        return at;
      }
      tr = rules.previousTransition(tr.getInstant());
    }
    return last;
  }

  /**
   * Whether this occurrence is the second instance of the same local time (the hour repeated when
   * clocks go back): each local time is one occurrence, at its first instance.
   */
  private boolean repeatsLocalTime(ZonedDateTime z) {
    ZonedDateTime earlier = z.withEarlierOffsetAtOverlap();
    return !earlier.toInstant().equals(z.toInstant());
  }

  /** The last occurrence strictly before {@code millis}; Long.MIN_VALUE when none. */
  public long lastBefore(long millis) {
    return lastAtOrBefore(millis - 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CronSchedule c && c.expression.equals(expression) && c.zone.equals(zone);
  }

  @Override
  public int hashCode() {
    return expression.hashCode() * 31 + zone.hashCode();
  }

  @Override
  public String toString() {
    return expression + " (" + zone + ")";
  }
}
