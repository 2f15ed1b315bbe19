package dev.logalerts.parse;

import dev.logalerts.model.Timestamps;

/**
 * The common LogEntry timestamp form, {@code YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z}, read straight from the
 * document's bytes by {@link FastJsonParser}. Every other form (offsets, leap seconds, lower-case
 * letters) and every error goes to {@link Timestamps#parse}, which stays the reference: this only
 * avoids its per-character {@code CharSequence} calls on the hot path, and must agree with it
 * exactly (a test compares them).
 */
final class FastTimestamps {
  private FastTimestamps() {}

  /** Returned when the text is not the simple form; the caller then uses Timestamps.parse. */
  static final long NOT_SIMPLE = Long.MIN_VALUE;

  static long parseUtc(byte[] b, int off, int len) {
    if (len < 20 || len > 30 || len == 21 || b[off + len - 1] != 'Z') {
      return NOT_SIMPLE;
    }
    if (b[off + 4] != '-'
        || b[off + 7] != '-'
        || b[off + 10] != 'T'
        || b[off + 13] != ':'
        || b[off + 16] != ':'
        || (len > 20 && b[off + 19] != '.')) {
      return NOT_SIMPLE;
    }
    return utc(
        num(b, off, 4),
        num(b, off + 5, 2),
        num(b, off + 8, 2),
        num(b, off + 11, 2),
        num(b, off + 14, 2),
        num(b, off + 17, 2),
        len > 20 ? num(b, off + 20, len - 21) : 0,
        len - 21);
  }

  /** The instant of the fields read (-1: not digits), or NOT_SIMPLE; {@code digits} of fraction. */
  private static long utc(
      int year, int month, int day, int hour, int minute, int second, int fraction, int digits) {
    if (year < Timestamps.MIN_YEAR
        || year > Timestamps.MAX_YEAR
        || month < 1
        || month > 12
        || day < 1
        || day > Timestamps.daysInMonth(year, month)
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || fraction < 0) {
      return NOT_SIMPLE; // includes "not digits" (num returns -1)
    }
    long nanos = fraction;
    for (int k = Math.max(digits, 0); k < 9; k++) {
      nanos *= 10;
    }
    long days = Timestamps.daysFromCivil(year, month, day);
    return (days * 86400L + hour * 3600L + minute * 60L + second) * 1_000_000_000L + nanos;
  }

  /** Non-negative value of {@code count} (1–9) decimal digits, or -1. */
  private static int num(byte[] b, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }
}
