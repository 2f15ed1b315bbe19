package dev.logalerts.notifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;

/**
 * One-line JSON logs (Cloud Run turns them into structured entries with a severity), every message
 * passed through the {@link Redactor} first so that no secret reaches the log.
 */
public final class Log {
  private final PrintStream out;
  private volatile Redactor redactor;

  public Log(PrintStream out, Redactor redactor) {
    this.out = out;
    this.redactor = redactor;
  }

  void setRedactor(Redactor redactor) {
    this.redactor = redactor;
  }

  public void info(String message) {
    write("INFO", message);
  }

  public void warn(String message) {
    write("WARNING", message);
  }

  public void error(String message) {
    write("ERROR", message);
  }

  private void write(String severity, String message) {
    ObjectNode o = AlertMessage.MAPPER.createObjectNode();
    o.put("severity", severity);
    o.put("time", Instant.now().toString());
    o.put("message", redactor.redact(message));
    synchronized (out) {
      out.println(o.toString());
    }
  }
}
