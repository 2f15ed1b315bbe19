package dev.logalerts.parse;

import dev.logalerts.model.LogEvent;
import java.io.Serializable;

/** Parses one LogEntry JSON document (UTF-8 bytes) into a {@link LogEvent}. Thread-safe. */
public final class LogEntryParser implements Serializable {

  public LogEvent parse(byte[] json) throws InvalidEntryException {
    throw new UnsupportedOperationException("parser not implemented yet");
  }
}
