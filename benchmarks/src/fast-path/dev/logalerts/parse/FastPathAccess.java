package dev.logalerts.parse;

import dev.logalerts.model.LogEvent;

/** The parser's package-private paths, for the fast-path harness (not part of the suite). */
public final class FastPathAccess {
  private FastPathAccess() {}

  /** The reference path: UTF-8 check, then Jackson. */
  public static LogEvent jackson(LogEntryParser p, byte[] json) throws InvalidEntryException {
    return p.parseWithJackson(json, null);
  }

  /** The fast path alone: null when it gave up. */
  public static LogEvent fast(LogEntryParser p, byte[] json) {
    return p.parseFast(json, null);
  }

  /** Entries the fast path gave up on in this thread so far. */
  public static long bails() {
    return LogEntryParser.fastPathBails();
  }
}
