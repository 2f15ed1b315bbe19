package dev.logalerts.rules;

import java.math.BigDecimal;
import org.joda.time.Duration;

/**
 * Durations as people write them in a rules file: a sequence of number+unit parts, units {@code ms
 * s m h d}, like {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 1.5s}, {@code 500ms}. A
 * hand-written scanner: no regex, exact decimal arithmetic, millisecond resolution.
 */
public final class HumanDurations {
  private HumanDurations() {}

  /** Largest accepted duration (365 days): anything longer is a typo, not a window. */
  public static final Duration MAX = Duration.standardDays(365);

  /**
   * Parses a duration; throws IllegalArgumentException with a readable reason for anything else
   * (missing unit, unknown unit, zero, negative, sub-millisecond, longer than a year).
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    if (s.charAt(0) == '-') {
      throw new IllegalArgumentException("duration '" + text + "' is negative");
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    int n = s.length();
    int lastRank = Integer.MAX_VALUE;
    while (i < n) {
      int start = i;
      boolean dot = false;
      while (i < n && (Character.isDigit(s.charAt(i)) || (s.charAt(i) == '.' && !dot))) {
        dot |= s.charAt(i) == '.';
        i++;
      }
      if (start == i || (i - start == 1 && dot)) {
        throw invalid(text);
      }
      BigDecimal number = new BigDecimal(s.substring(start, i));
      int unitStart = i;
      while (i < n && Character.isLetter(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (unit.isEmpty() && i < n) {
        throw invalid(text);
      }
      if (unit.isEmpty()) {
        throw new IllegalArgumentException(
            "duration '" + text + "' needs a unit (ms, s, m, h or d), e.g. '" + s + "s'");
      }
      long unitMillis;
      int rank;
      switch (unit) {
        case "d":
          unitMillis = 86_400_000L;
          rank = 4;
          break;
        case "h":
          unitMillis = 3_600_000L;
          rank = 3;
          break;
        case "m":
          unitMillis = 60_000L;
          rank = 2;
          break;
        case "s":
          unitMillis = 1_000L;
          rank = 1;
          break;
        case "ms":
          unitMillis = 1L;
          rank = 0;
          break;
        default:
          throw new IllegalArgumentException(
              "duration '" + text + "' has unknown unit '" + unit + "' (use ms, s, m, h or d)");
      }
      if (rank >= lastRank) {
        throw new IllegalArgumentException(
            "duration '"
                + text
                + "': units must go from largest to smallest, each once (like 1h30m)");
      }
      lastRank = rank;
      total = total.add(number.multiply(BigDecimal.valueOf(unitMillis)));
      if (total.compareTo(BigDecimal.valueOf(MAX.getMillis())) > 0) {
        throw new IllegalArgumentException("duration '" + text + "' is longer than 365d");
      }
    }
    if (total.signum() == 0) {
      throw new IllegalArgumentException("duration '" + text + "' is zero; it must be positive");
    }
    if (total.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("duration '" + text + "' is finer than a millisecond");
    }
    return Duration.millis(total.longValueExact());
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException(
        "invalid duration '" + text + "' (expected e.g. 30s, 5m, 2h, 1d, 1h30m, 1.5s, 500ms)");
  }

  /** Formats as the shortest exact text {@link #parse} reads back: 90 minutes is "1h30m". */
  public static String format(Duration d) {
    long ms = d.getMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    if (ms < 0) {
      sb.append('-');
      ms = -ms;
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] names = {"d", "h", "m", "s", "ms"};
    for (int u = 0; u < units.length; u++) {
      long q = ms / units[u];
      if (q > 0) {
        sb.append(q).append(names[u]);
        ms -= q * units[u];
      }
    }
    return sb.toString();
  }
}
