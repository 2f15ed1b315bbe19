package dev.logalerts.local;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A local run whose heap runs out ends at once with one {@code error:} line. Without this the run
 * hung: the {@link OutOfMemoryError} killed the thread it hit (the main thread waiting for the
 * pipeline, the progress line's), and the DirectRunner's own threads kept the JVM alive with
 * nothing left to finish the job (seen with five 900 MB files and {@code -Xmx1g}: a full heap, then
 * no CPU used, for good).
 */
final class OutOfMemory {
  private OutOfMemory() {}

  /** Made up front: when it is needed, there may be no memory left to build it. */
  private static final byte[] MESSAGE =
      String.format(
              Locale.ROOT,
              "error: the job ran out of memory (a heap of %d MB); give it more with"
                  + " JAVA_OPTS=-Xmx<size> (e.g. -Xmx4g), or read fewer files at once; its"
                  + " outputs are incomplete%n",
              Runtime.getRuntime().maxMemory() >> 20)
          .getBytes(StandardCharsets.UTF_8);

  /** Any thread that dies of an out-of-memory error ends the run. */
  static void endTheRunOnIt() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if (causedByIt(e)) {
            end();
          } else if (previous != null) {
            previous.uncaughtException(thread, e);
          } else {
            // What the JVM prints without a handler (ThreadGroup's own would call this one).
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            e.printStackTrace(System.err);
          }
        });
  }

  static boolean causedByIt(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /** Says so and halts: exit hooks and the runner's threads need memory that is not there. */
  static void end() {
    try {
      System.err.write(MESSAGE, 0, MESSAGE.length);
      System.err.flush();
    } finally {
      Runtime.getRuntime().halt(LocalRun.EXIT_JOB_FAILED);
    }
  }
}
