package dev.logalerts.model;

import java.io.Serializable;
import java.util.function.Consumer;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The first part of a step that takes its input as log entries: each input becomes a {@link
 * LogEvent}, or goes to the dead letters (the parsing of raw entries, {@code
 * parse.ParseLogEntries#parsing}), or is one already ({@link #events}). A DoFn holds it and calls
 * {@link #startBundle} and {@link #finishBundle} from its own methods.
 */
public interface EntryFront<I> extends Serializable {
  void startBundle();

  /**
   * The event of {@code input} (whose element timestamp is {@code inputTimestamp}), or null when it
   * went to {@code deadLetters}.
   */
  @Nullable LogEvent event(I input, Instant inputTimestamp, Consumer<DeadLetter> deadLetters);

  void finishBundle();

  /** Input that is parsed already. */
  static EntryFront<LogEvent> events() {
    return new EntryFront<LogEvent>() {
      @Override
      public void startBundle() {}

      @Override
      public LogEvent event(
          LogEvent input, Instant inputTimestamp, Consumer<DeadLetter> deadLetters) {
        return input;
      }

      @Override
      public void finishBundle() {}
    };
  }
}
