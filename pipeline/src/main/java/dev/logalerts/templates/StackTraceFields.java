package dev.logalerts.templates;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;

/**
 * A structured logger's stack trace written beside its message rather than in it: logback's
 * logstash encoder ({@code stack_trace}), log4j2's EcsLayout ({@code error.stack_trace}), winston
 * ({@code stack}), pino and bunyan ({@code err.stack}), python-json-logger ({@code exc_info}),
 * structlog ({@code exception}), Serilog's compact JSON ({@code @x}) and .NET's JSON console logger
 * ({@code Exception}). The miner is given the message followed by that trace, so the template gets
 * the exception type the trace names ({@code Order <*> failed | IllegalStateException}), as it does
 * for a trace inside the message ({@link ExceptionTypes}); the message itself is unchanged. Go's
 * zap writes frames only ({@code stacktrace}), without a type: not read.
 */
final class StackTraceFields {
  private StackTraceFields() {}

  private static final String[] KEYS = {
    key("stack_trace"),
    key("error.stack_trace"),
    key("error", "stack_trace"),
    key("stack"),
    key("err", "stack"),
    key("error", "stack"),
    key("exc_info"),
    key("exception"),
    key("@x"),
    key("Exception"),
    key("_error_stack_trace"),
  };

  private static String key(String... names) {
    String[] segments = new String[names.length + 1];
    segments[0] = "jsonPayload";
    System.arraycopy(names, 0, segments, 1, names.length);
    return FieldValues.key(segments);
  }

  /**
   * The text to mine for this entry's message: the message, followed on a new line by the trace of
   * a stack-trace field when the message is one line and the trace has more than one.
   */
  static String minedText(LogEvent e, String message) {
    if (message.isEmpty() || hasLineBreak(message)) {
      return message;
    }
    FieldValues p = e.payload();
    for (String k : KEYS) {
      String trace = p.first(k);
      if (trace != null && hasLineBreak(trace)) {
        return message + '\n' + trace;
      }
    }
    return message;
  }

  private static boolean hasLineBreak(String s) {
    return s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
  }
}
