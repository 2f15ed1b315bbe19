package dev.logalerts.model;

/** Which of LogEntry's three payload fields the entry carried (NONE: only httpRequest etc.). */
public enum PayloadKind {
  NONE,
  TEXT,
  JSON,
  PROTO;

  private static final PayloadKind[] VALUES = values();

  static PayloadKind fromOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
