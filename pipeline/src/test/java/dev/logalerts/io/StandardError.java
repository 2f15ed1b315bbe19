package dev.logalerts.io;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** What code writes to standard error, for tests of the lines a user sees there. */
final class StandardError {
  private StandardError() {}

  interface Body {
    void run() throws Exception;
  }

  /** What {@code body} wrote to {@code System.err} while it ran. */
  static String of(Body body) throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(stderr);
    }
    return err.toString(StandardCharsets.UTF_8);
  }
}
