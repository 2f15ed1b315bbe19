package dev.logalerts.model;

/**
 * Protobuf Duration strings as JSON carries them ({@code "0.123456s"}, {@code "3s"}, {@code
 * "-1.5s"}), to and from nanoseconds.
 */
public final class Durations {
  private Durations() {}

  /** Most whole seconds whose nanoseconds (plus a fraction) fit a long: ~292 years. */
  private static final long MAX_SECONDS = (Long.MAX_VALUE - 999_999_999L) / 1_000_000_000L;

  /** Parses a Duration string; throws IllegalArgumentException with a reason. */
  public static long parse(CharSequence s) {
    int n = s.length();
    if (n < 2 || s.charAt(n - 1) != 's') {
      throw new IllegalArgumentException("Duration must end with 's'");
    }
    int i = 0;
    boolean neg = false;
    if (s.charAt(0) == '-') {
      neg = true;
      i++;
    }
    long secs = 0;
    int intDigits = 0;
    while (i < n - 1 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      secs = secs * 10 + (s.charAt(i) - '0');
      if (++intDigits > 12) {
        throw new IllegalArgumentException("Duration out of range");
      }
      i++;
    }
    long nanos = 0;
    int frac = 0;
    if (i < n - 1 && s.charAt(i) == '.') {
      i++;
      while (i < n - 1 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (frac < 9) {
          nanos = nanos * 10 + (s.charAt(i) - '0');
        }
        frac++;
        i++;
      }
      if (frac > 9) {
        throw new IllegalArgumentException("more than 9 fractional digits in Duration");
      }
      for (int k = frac; k < 9; k++) {
        nanos *= 10;
      }
    }
    if (i != n - 1 || (intDigits == 0 && frac == 0)) {
      throw new IllegalArgumentException("malformed Duration");
    }
    if (secs > MAX_SECONDS) {
      // Nanoseconds would overflow a long (wrapping to a wrong, even negative, value).
      throw new IllegalArgumentException("Duration out of range");
    }
    long total = secs * 1_000_000_000L + nanos;
    return neg ? -total : total;
  }

  /**
   * Seconds per unit of a duration written with one: {@code ns}, {@code us} ({@code µs}, {@code
   * μs}), {@code ms}, {@code s}, {@code m}, {@code h}; NaN for anything else. The one table behind
   * the filter language's duration literals and latency rules' duration texts.
   */
  public static double unitSeconds(String unit) {
    switch (unit) {
      case "ns":
        return 1e-9;
      case "us":
      case "\u00b5s":
      case "\u03bcs":
        return 1e-6;
      case "ms":
        return 1e-3;
      case "s":
        return 1;
      case "m":
        return 60;
      case "h":
        return 3600;
      default:
        return Double.NaN;
    }
  }

  /** Formats nanoseconds as a Duration string with no trailing zeros ("0.25s", "3s"). */
  public static String format(long nanos) {
    StringBuilder sb = new StringBuilder();
    if (nanos < 0) {
      sb.append('-');
      nanos = -nanos;
    }
    sb.append(nanos / 1_000_000_000L);
    long frac = nanos % 1_000_000_000L;
    if (frac != 0) {
      String f = Long.toString(frac + 1_000_000_000L).substring(1);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      sb.append('.').append(f, 0, end);
    }
    return sb.append('s').toString();
  }
}
