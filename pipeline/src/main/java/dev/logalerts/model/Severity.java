package dev.logalerts.model;

import java.util.Locale;

/**
 * Cloud Logging severity, in the order used by {@code severity>=ERROR} comparisons. The numeric
 * value is Cloud Logging's own (0, 100, ... 800).
 */
public enum Severity {
  DEFAULT(0),
  DEBUG(100),
  INFO(200),
  NOTICE(300),
  WARNING(400),
  ERROR(500),
  CRITICAL(600),
  ALERT(700),
  EMERGENCY(800);

  private static final Severity[] VALUES = values();

  private final int number;

  Severity(int number) {
    this.number = number;
  }

  /** Cloud Logging's numeric severity (DEFAULT=0 ... EMERGENCY=800). */
  public int number() {
    return number;
  }

  /**
   * Parses a severity name (case-insensitive) or its numeric form ("500"). Also accepts the common
   * aliases WARN, ERR, FATAL, CRIT, TRACE. Returns null when the text is none of these.
   */
  public static Severity parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim();
    if (t.isEmpty()) {
      return null;
    }
    char c = t.charAt(0);
    if (c >= '0' && c <= '9') {
      try {
        return fromNumber(Integer.parseInt(t));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    switch (t.toUpperCase(Locale.ROOT)) {
      case "DEFAULT":
        return DEFAULT;
      case "DEBUG":
      case "TRACE":
        return DEBUG;
      case "INFO":
        return INFO;
      case "NOTICE":
        return NOTICE;
      case "WARNING":
      case "WARN":
        return WARNING;
      case "ERROR":
      case "ERR":
        return ERROR;
      case "CRITICAL":
      case "CRIT":
      case "FATAL":
        return CRITICAL;
      case "ALERT":
        return ALERT;
      case "EMERGENCY":
        return EMERGENCY;
      default:
        return null;
    }
  }

  /** The severity for a numeric level; values between levels round down (Cloud Logging does). */
  public static Severity fromNumber(int number) {
    if (number < 0) {
      return null;
    }
    int idx = Math.min(number / 100, VALUES.length - 1);
    return VALUES[idx];
  }

  static Severity fromOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
