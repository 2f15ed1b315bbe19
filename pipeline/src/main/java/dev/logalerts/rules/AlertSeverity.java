package dev.logalerts.rules;

import java.util.Locale;

/** Severity of an alert (not of a log entry): how urgently a human must look. */
public enum AlertSeverity {
  CRITICAL,
  ERROR,
  WARNING,
  INFO;

  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses the rules-file spelling, or returns null. */
  public static AlertSeverity fromKey(String key) {
    for (AlertSeverity s : values()) {
      if (s.key().equals(key)) {
        return s;
      }
    }
    return null;
  }
}
