package dev.logalerts.local;

import dev.logalerts.io.DeduplicateEntries;
import dev.logalerts.io.FileLogSource;
import dev.logalerts.io.PubsubLogSource;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.parse.ParseLogEntries;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.beam.sdk.PipelineResult;

/**
 * The progress line of a local run on stderr: entries read, MB read, entries/s and, when the
 * input's size is known, the percentage. Nothing for the first {@link #QUIET_MILLIS} (a short run
 * stays quiet); then, on a terminal, one line redrawn in place twice a second, otherwise a plain
 * line every {@code plainIntervalMillis}. Tests set both through the environment ({@code
 * LOGALERTS_PROGRESS_QUIET_MS}, {@code LOGALERTS_PROGRESS_INTERVAL_MS}), since how long a run takes
 * is not theirs to rely on.
 */
final class Progress implements AutoCloseable {
  static final long QUIET_MILLIS = 3_000;

  private final Supplier<Map<String, Long>> counters;
  private final PrintStream err;
  private final boolean terminal;
  private final long totalBytes;
  private final long plainIntervalMillis;
  private final long quietMillis;
  private final long startMillis = System.currentTimeMillis();
  private final Thread thread;
  private volatile boolean stopped;
  private boolean drewInPlace;

  /**
   * @param totalBytes the input's size, or -1 when unknown (compressed or streaming input)
   */
  Progress(
      Supplier<Map<String, Long>> counters,
      PrintStream err,
      boolean terminal,
      long totalBytes,
      long plainIntervalMillis,
      long quietMillis) {
    this.counters = counters;
    this.err = err;
    this.terminal = terminal;
    this.totalBytes = totalBytes;
    this.plainIntervalMillis = plainIntervalMillis;
    this.quietMillis = quietMillis;
    this.thread = new Thread(this::loop, "progress");
    thread.setDaemon(true);
  }

  static Progress start(PipelineResult result, PrintStream err, long totalBytes) {
    boolean terminal = "1".equals(System.getenv("LOGALERTS_STDERR_TTY"));
    long interval = Math.max(100, millisFromEnv("LOGALERTS_PROGRESS_INTERVAL_MS", 10_000));
    long quiet = millisFromEnv("LOGALERTS_PROGRESS_QUIET_MS", QUIET_MILLIS);
    Progress p =
        new Progress(
            () -> PipelineCounters.all(result), err, terminal, totalBytes, interval, quiet);
    p.thread.start();
    return p;
  }

  private static long millisFromEnv(String name, long otherwise) {
    String env = System.getenv(name);
    return env != null && env.matches("\\d{1,9}") ? Long.parseLong(env) : otherwise;
  }

  private void loop() {
    try {
      Thread.sleep(quietMillis);
      while (!stopped) {
        String line = line(safeCounters(), System.currentTimeMillis() - startMillis);
        synchronized (this) {
          if (stopped) {
            return;
          }
          if (terminal) {
            err.print("\r\033[K" + line);
            drewInPlace = true;
          } else {
            err.println(line);
          }
          err.flush();
        }
        Thread.sleep(terminal ? 500 : plainIntervalMillis);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Map<String, Long> safeCounters() {
    try {
      return counters.get();
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  private long lastEntries = -1;
  private long lastChangeMillis;

  /**
   * The text of the line for these counters after {@code elapsedMillis}. The rate is over the time
   * entries kept arriving; once they stop, the line says the run is finishing.
   */
  String line(Map<String, Long> c, long elapsedMillis) {
    long entries = c.getOrDefault("entries_read", 0L);
    long bytes = c.getOrDefault(FileLogSource.BYTES_READ_COUNTER, 0L);
    if (entries != lastEntries) {
      lastEntries = entries;
      lastChangeMillis = elapsedMillis;
    }
    double seconds = Math.max(0.001, elapsedMillis / 1000.0);
    double readingSeconds = Math.max(0.001, lastChangeMillis / 1000.0);
    StringBuilder sb = new StringBuilder("progress: ");
    sb.append(String.format(Locale.ROOT, "%,d entries read", entries));
    // A streaming run has no summary: without these, bad input kept nowhere (no --output, no
    // --deadLetterTable), redeliveries and entries too old for their windows would leave no trace
    // the user sees, only fewer alerts than entries read.
    StringBuilder notes = new StringBuilder();
    note(notes, c, ParseLogEntries.ENTRIES_DEADLETTERED, "dead-lettered", "dead-lettered");
    note(
        notes, c, DeduplicateEntries.DUPLICATES_COUNTER, "duplicate dropped", "duplicates dropped");
    String late = "published past the allowed lateness";
    note(notes, c, PubsubLogSource.LATE_ON_ARRIVAL, late, late);
    note(
        notes,
        c,
        PubsubLogSource.AHEAD_ON_ARRIVAL,
        "stamped over a minute ahead of its publish time",
        "stamped over a minute ahead of their publish time");

    if (notes.length() > 0) {
      sb.append(" (").append(notes).append(')');
    }
    if (bytes > 0) {
      sb.append(String.format(Locale.ROOT, ", %.1f MB", bytes / 1e6));
    }
    double rate = entries / readingSeconds;
    // A trickle (a streaming run's usual pace) is not "0 entries/s".
    sb.append(
        String.format(
            Locale.ROOT, rate > 0 && rate < 1 ? ", %.2g entries/s" : ", %,.0f entries/s", rate));
    // Counted at the source, before entries_read: never shown above it.
    long backlog = Math.min(entries, c.getOrDefault(PubsubLogSource.FROM_BACKLOG, 0L));
    if (backlog > 0) {
      // Messages that waited on the subscription (the job was stopped, or falls behind): their
      // alerts come as the job catches up, with their own windows' times.
      sb.append(
          String.format(
              Locale.ROOT, ", %,d from a backlog (read over 2 min after publish)", backlog));
    }
    boolean allRead = totalBytes > 0 && bytes >= totalBytes;
    if (totalBytes > 0 && !allRead) {
      double pct = Math.min(99.0, 100.0 * bytes / totalBytes);
      sb.append(String.format(Locale.ROOT, ", %.0f%% of %.1f MB", pct, totalBytes / 1e6));
    }
    if (allRead) {
      sb.append(", all input read; evaluating windows and writing");
    }
    sb.append(String.format(Locale.ROOT, " (%.0f s)", seconds));
    return sb.toString();
  }

  /** Appends "N what" to {@code notes} when the counter is above 0. */
  private static void note(
      StringBuilder notes, Map<String, Long> c, String counter, String one, String many) {
    long n = c.getOrDefault(counter, 0L);
    if (n > 0) {
      notes.append(notes.length() > 0 ? ", " : "");
      notes.append(String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many));
    }
  }

  /** Stops the line; on a terminal, clears it so the summary starts on a clean line. */
  @Override
  public void close() {
    synchronized (this) {
      stopped = true;
      if (drewInPlace) {
        err.print("\r\033[K");
        err.flush();
      }
    }
    thread.interrupt();
  }
}
