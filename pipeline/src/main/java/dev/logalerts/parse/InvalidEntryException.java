package dev.logalerts.parse;

/**
 * Input that cannot become a {@link dev.logalerts.model.LogEvent}. The {@link #reason()} is a short
 * stable code (for counters and summaries); the message says which field and what was wrong.
 */
public class InvalidEntryException extends Exception {
  /** Stable reason codes; each is a Beam counter {@code deadletter_<code>}. */
  public enum Reason {
    /** Not JSON, truncated JSON, or trailing garbage. */
    INVALID_JSON,
    /** A document of a YAML file (gcloud logging read's default output) that is not YAML. */
    INVALID_YAML,
    /** Valid JSON but not an object. */
    NOT_AN_OBJECT,
    /** Another record than a LogEntry: a Pub/Sub message, protobuf field names, a BigQuery row. */
    NOT_A_LOG_ENTRY,
    /** Bytes that are not valid UTF-8 (or a NUL byte). */
    INVALID_UTF8,
    /** Neither timestamp nor receiveTimestamp usable. */
    MISSING_TIMESTAMP,
    /** A timestamp that is not RFC 3339 or not a real time. */
    INVALID_TIMESTAMP,
    /** A known LogEntry field with the wrong JSON type or an unusable value. */
    WRONG_TYPE,
    /** Nesting deeper than the parser accepts. */
    TOO_DEEP,
    /** Larger than the accepted maximum entry size. */
    TOO_LARGE,
    /** Empty line or message. */
    EMPTY,
    /** The rest of a file that could not be read (compressed data cut short or damaged). */
    UNREADABLE_FILE
  }

  private final Reason reason;

  public InvalidEntryException(Reason reason, String message) {
    this(reason, message, null);
  }

  /**
   * No stack trace is recorded: this is an expected outcome for bad input (the dead-letter row's
   * stacktrace column stays empty for it), and a flood of bad input should not cost a stack walk
   * per entry.
   */
  public InvalidEntryException(Reason reason, String message, Throwable cause) {
    super(message, cause, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** Lower-case code used in counters and summaries, e.g. {@code wrong_type}. */
  public String code() {
    return reason.name().toLowerCase(java.util.Locale.ROOT);
  }
}
