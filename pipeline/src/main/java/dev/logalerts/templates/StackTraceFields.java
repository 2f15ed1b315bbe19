package dev.logalerts.templates;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.parse.LogEntryParser;

/**
 * A structured logger's stack trace written beside its message rather than in it: logback's
 * logstash encoder ({@code stack_trace}), log4j2's EcsLayout ({@code error.stack_trace}), winston
 * ({@code stack}), pino and bunyan ({@code err.stack}), python-json-logger ({@code exc_info}),
 * structlog ({@code exception}), Serilog's compact JSON ({@code @x}) and .NET's JSON console logger
 * ({@code Exception}). The miner is given the message followed by that trace, so the template gets
 * the exception type the trace names ({@code Order <*> failed | IllegalStateException}), as it does
 * for a trace inside the message ({@link ExceptionTypes}); the message itself is unchanged. A
 * {@code stacktrace} or {@code stackTrace} field holds a Java trace where a logback JSON pattern or
 * Quarkus writes it, and frames only where Go's zap does: frames name no type, so they add nothing.
 */
final class StackTraceFields {
  private StackTraceFields() {}

  /** The fields' keys, as the parser keeps them ({@link LogEntryParser#STACK_TRACE_PATHS}). */
  private static final String[] KEYS =
      LogEntryParser.STACK_TRACE_PATHS.stream().map(FieldValues::key).toArray(String[]::new);

  /**
   * The text to mine for this entry's message: the message, followed on a new line by the trace of
   * a stack-trace field when the message is one line and the trace has more than one.
   */
  static String minedText(LogEvent e, String message) {
    if (message.isEmpty() || hasLineBreak(message)) {
      return message;
    }
    Severity level = e.severity();
    FieldValues p = e.payload();
    if (level != Severity.DEFAULT
        && level.number() < Severity.WARNING.number()
        && !(level == Severity.INFO
            && STDOUT.equals(e.logId())
            && p.hasPrefix(JSON_PAYLOAD)
            && warningOrWorse(p))) {
      // Loggers write traces with warnings and errors; DEFAULT is a level the agent did not lift
      // (pino's and bunyan's numeric ones), so such an entry is looked at, and so is GKE's stdout
      // INFO when the line's own level, which that agent does not lift, is a warning or worse.
      return message;
    }
    if (!p.hasPrefix(JSON_PAYLOAD)) {
      return message;
    }
    for (String k : KEYS) {
      String trace = p.first(k);
      if (trace != null && hasLineBreak(trace)) {
        return message + '\n' + trace;
      }
    }
    return message;
  }

  private static final String JSON_PAYLOAD = "jsonPayload";

  /** The log GKE writes a container's stdout to, every line without a lifted severity at INFO. */
  private static final String STDOUT = "stdout";

  private static final String[] LEVEL_KEYS =
      LogEntryParser.LINE_LEVEL_PATHS.stream().map(FieldValues::key).toArray(String[]::new);

  private static final String[] WORSE_LEVELS = {
    "warn", "err", "fatal", "crit", "panic", "dpanic", "alert", "emerg", "severe"
  };

  /**
   * Whether the line's own level ({@link LogEntryParser#LINE_LEVEL_PATHS}) is a warning or worse: a
   * name ({@code error}, {@code WARN}, Serilog's {@code Error}, zap's {@code dpanic}), pino's and
   * bunyan's number (40 and up) or a syslog number as GELF writes it (4 and down).
   */
  static boolean warningOrWorse(FieldValues p) {
    for (String key : LEVEL_KEYS) {
      String v = p.first(key);
      if (v == null || v.isEmpty()) {
        continue;
      }
      char c = v.charAt(0);
      if (c >= '0' && c <= '9') {
        int n = 0;
        for (int i = 0; i < v.length() && i < 4; i++) {
          char d = v.charAt(i);
          if (d < '0' || d > '9') {
            return false;
          }
          n = n * 10 + (d - '0');
        }
        return v.length() <= 4 && (n >= 40 || n <= 4);
      }
      for (String w : WORSE_LEVELS) {
        if (v.regionMatches(true, 0, w, 0, w.length())) {
          return true;
        }
      }
      return false;
    }
    return false;
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }
}
