package dev.logalerts.model;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.Locale;

/**
 * RFC 3339 timestamps as LogEntry carries them ({@code 2026-11-20T00:00:02.095084795Z}, 0–9
 * fractional digits, {@code Z} or a numeric offset) to and from epoch nanoseconds. Parsing is
 * hand-written because it runs for every entry and {@code java.time} parsing allocates several
 * objects; formatting (rows, alerts, the sample generator) is {@code java.time}'s instant printer,
 * the one RFC 3339 formatter of the code base.
 */
public final class Timestamps {
  /**
   * A writer's clock off by less than this is ordinary drift; an entry stamped further ahead of
   * when Cloud Logging received or published it comes from a clock that runs ahead.
   */
  public static final long CLOCK_DRIFT_MILLIS = 60_000L;

  private Timestamps() {}

  /** Earliest and latest accepted years: anything outside is a broken clock, not a log. */
  public static final int MIN_YEAR = 1970;

  public static final int MAX_YEAR = 2261; // epoch nanos overflow a long in 2262

  /**
   * Parses an RFC 3339 timestamp into epoch nanoseconds. Throws IllegalArgumentException with a
   * specific reason when the text is not one.
   */
  public static long parse(CharSequence s) {
    int n = s.length();
    if (n < 20) {
      throw new IllegalArgumentException("too short for RFC 3339");
    }
    int year = digits(s, 0, 4);
    expect(s, 4, '-');
    int month = digits(s, 5, 2);
    expect(s, 7, '-');
    int day = digits(s, 8, 2);
    char t = s.charAt(10);
    if (t != 'T' && t != 't' && t != ' ') {
      throw new IllegalArgumentException("expected 'T' at position 11");
    }
    int hour = digits(s, 11, 2);
    expect(s, 13, ':');
    int minute = digits(s, 14, 2);
    expect(s, 16, ':');
    int second = digits(s, 17, 2);
    int i = 19;
    long nanos = 0;
    if (i < n && s.charAt(i) == '.') {
      i++;
      int start = i;
      while (i < n && isDigit(s.charAt(i))) {
        if (i - start < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count == 0) {
        throw new IllegalArgumentException("no digits after '.'");
      }
      if (count > 9) {
        throw new IllegalArgumentException("more than 9 fractional digits");
      }
      for (int k = count; k < 9; k++) {
        nanos *= 10;
      }
    }
    if (i >= n) {
      throw new IllegalArgumentException("missing time zone ('Z' or offset)");
    }
    long offsetSeconds;
    char z = s.charAt(i);
    if (z == 'Z' || z == 'z') {
      offsetSeconds = 0;
      i++;
    } else if (z == '+' || z == '-') {
      if (i + 6 != n) {
        throw new IllegalArgumentException("malformed offset");
      }
      int oh = digits(s, i + 1, 2);
      expect(s, i + 3, ':');
      int om = digits(s, i + 4, 2);
      if (oh > 23 || om > 59) {
        throw new IllegalArgumentException("offset out of range");
      }
      offsetSeconds = (oh * 3600L + om * 60L) * (z == '-' ? -1 : 1);
      i += 6;
    } else {
      throw new IllegalArgumentException("expected 'Z' or offset at position " + (i + 1));
    }
    if (i != n) {
      throw new IllegalArgumentException("trailing characters after time zone");
    }
    if (year < MIN_YEAR || year > MAX_YEAR) {
      throw new IllegalArgumentException(
          "year " + year + " out of range " + MIN_YEAR + "–" + MAX_YEAR);
    }
    if (month < 1 || month > 12) {
      throw new IllegalArgumentException("month " + month + " out of range");
    }
    if (day < 1 || day > daysInMonth(year, month)) {
      throw new IllegalArgumentException("day " + day + " out of range for month " + month);
    }
    if (hour > 23 || minute > 59 || second > 60) {
      throw new IllegalArgumentException("time of day out of range");
    }
    if (second == 60) {
      second = 59; // leap second: clamp, as Cloud Logging's own storage does
    }
    long days = daysFromCivil(year, month, day);
    long secs = days * 86400L + hour * 3600L + minute * 60L + second - offsetSeconds;
    if (secs < 0 || secs > Long.MAX_VALUE / 1_000_000_000L - 1) {
      throw new IllegalArgumentException("timestamp out of range");
    }
    return secs * 1_000_000_000L + nanos;
  }

  /** Formats epoch nanos as RFC 3339 UTC with as many fractional digits as needed (0, 3, 6, 9). */
  public static String format(long epochNanos) {
    return DateTimeFormatter.ISO_INSTANT.format(instant(epochNanos));
  }

  /**
   * Formats epoch nanos as RFC 3339 UTC with exactly {@code fractionDigits} (0–9) fractional
   * digits, truncating ({@code 2026-11-20T00:00:02Z} for 0).
   */
  public static String format(long epochNanos, int fractionDigits) {
    return FIXED_DIGITS[fractionDigits].format(instant(epochNanos));
  }

  /** Formats epoch millis (Beam/Joda instants) as RFC 3339 UTC. */
  public static String formatMillis(long epochMillis) {
    return format(epochMillis * 1_000_000L);
  }

  private static final DateTimeFormatter[] FIXED_DIGITS = new DateTimeFormatter[10];

  static {
    for (int d = 0; d < FIXED_DIGITS.length; d++) {
      FIXED_DIGITS[d] = new DateTimeFormatterBuilder().appendInstant(d).toFormatter(Locale.ROOT);
    }
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digits(CharSequence s, int from, int count) {
    int v = 0;
    for (int k = from; k < from + count; k++) {
      char c = s.charAt(k);
      if (!isDigit(c)) {
        throw new IllegalArgumentException("expected a digit at position " + (k + 1));
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static void expect(CharSequence s, int at, char c) {
    if (s.charAt(at) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at position " + (at + 1));
    }
  }

  /** Days in a month of the proleptic Gregorian calendar. */
  public static int daysInMonth(int year, int month) {
    switch (month) {
      case 2:
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
      case 4:
      case 6:
      case 9:
      case 11:
        return 30;
      default:
        return 31;
    }
  }

  /** Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
  public static long daysFromCivil(long y, long m, long d) {
    y -= m <= 2 ? 1 : 0;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }
}
