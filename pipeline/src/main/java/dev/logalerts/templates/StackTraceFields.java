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
    if (level != Severity.DEFAULT && level.number() < Severity.WARNING.number()) {
      // Loggers write traces with warnings and errors; DEFAULT is a level the agent did not lift
      // (pino's and bunyan's numeric ones), so such an entry is looked at.
      return message;
    }
    FieldValues p = e.payload();
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

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }
}
