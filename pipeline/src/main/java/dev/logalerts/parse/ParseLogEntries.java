package dev.logalerts.parse;

import dev.logalerts.model.BundleCounter;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.EntryFront;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.RawEntry;
import dev.logalerts.model.TimestampSkew;
import dev.logalerts.model.Timestamps;
import dev.logalerts.rules.HumanDurations;
import dev.logalerts.rules.RuleSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Parses raw LogEntry bytes into {@link LogEvent}s, timestamped with their event time; every input
 * that cannot be parsed becomes a {@link DeadLetter} row instead (DataflowTemplates' success +
 * dead-letter pattern). Every input ends in exactly one of the two outputs, so {@code entries_read
 * = entries_parsed + entries_deadlettered}.
 *
 * <p>Counters (namespace {@value #NAMESPACE}): {@value #ENTRIES_READ}, {@value #ENTRIES_PARSED},
 * {@value #ENTRIES_DEADLETTERED}, one {@code deadletter_<code>} per {@link
 * InvalidEntryException.Reason} (plus {@code deadletter_internal_error} for a bug in the parser),
 * {@value #EVENTS_BEFORE_INPUT_TIMESTAMP}, and {@value #PAYLOADS_TRUNCATED} and {@value
 * #PAYLOADS_TRUNCATED_ON_RULE_PATHS} for entries parsed without some of their payload leaves.
 *
 * <p>Dead-letter rows: {@code timestamp} = processing time, the exact input bytes, the input's
 * attributes, {@code errorMessage = "[<code>] <what was wrong>"}, and a stack trace only for
 * unexpected exceptions. They keep the input's element timestamp.
 */
public class ParseLogEntries extends PTransform<PCollection<RawEntry>, PCollectionTuple> {

  public static final TupleTag<LogEvent> PARSED = new TupleTag<LogEvent>("parsed") {};
  public static final TupleTag<DeadLetter> DEAD_LETTER = new TupleTag<DeadLetter>("deadLetter") {};

  public static final String NAMESPACE = PipelineCounters.NAMESPACE;
  public static final String ENTRIES_READ = "entries_read";
  public static final String ENTRIES_PARSED = "entries_parsed";
  public static final String ENTRIES_DEADLETTERED = "entries_deadlettered";

  /** Events whose event time is earlier than their input's element timestamp (see ParseFn). */
  public static final String EVENTS_BEFORE_INPUT_TIMESTAMP = "events_before_input_timestamp";

  /**
   * Entries parsed without some of their payload leaves ({@link LeavesLeftOut#any}): more than the
   * parser's {@code maxPayloadLeaves} outside the paths the rules read. Rules still see their
   * paths; global restrictions (bare words) and {@code SEARCH} without a field see the kept leaves.
   */
  public static final String PAYLOADS_TRUNCATED = "payloads_truncated";

  /**
   * Of those, entries that lost leaves even at or below a path the rules read ({@link
   * LeavesLeftOut#onRulePaths}: more than {@link LogEntryParser#MAX_RULE_PATH_LEAVES}): a rule
   * reading them may have missed the entry.
   */
  public static final String PAYLOADS_TRUNCATED_ON_RULE_PATHS = "payloads_truncated_on_rule_paths";

  /** Code for an unexpected exception (a parser bug), as opposed to invalid input. */
  public static final String INTERNAL_ERROR = "internal_error";

  /** Counter name for dead letters of one reason code, e.g. {@code deadletter_wrong_type}. */
  public static String deadLetterCounter(String code) {
    return "deadletter_" + code;
  }

  private final LogEntryParser parser;

  /** The rules a streaming job reloads, and the parser for each version; null: {@link #parser}. */
  private final @Nullable PCollectionView<RuleSet> rulesView;

  private final @Nullable SerializableFunction<RuleSet, LogEntryParser> parserFor;

  private ParseLogEntries(
      LogEntryParser parser,
      @Nullable PCollectionView<RuleSet> rulesView,
      @Nullable SerializableFunction<RuleSet, LogEntryParser> parserFor) {
    this.parser = parser;
    this.rulesView = rulesView;
    this.parserFor = parserFor;
  }

  private ParseLogEntries(LogEntryParser parser) {
    this(parser, null, null);
  }

  /**
   * Parses each entry with the parser for the rules version the step holds ({@code rulesView}, a
   * streaming job's reloaded rules file): what it parses follows what the rules read.
   */
  public ParseLogEntries forRulesOf(
      PCollectionView<RuleSet> rulesView, SerializableFunction<RuleSet, LogEntryParser> parserFor) {
    return new ParseLogEntries(parser, rulesView, parserFor);
  }

  /** With the default parser limits (1 MiB, depth 64). */
  public static ParseLogEntries create() {
    return new ParseLogEntries(new LogEntryParser());
  }

  /** With a configured parser. */
  public static ParseLogEntries using(LogEntryParser parser) {
    return new ParseLogEntries(parser);
  }

  @Override
  public PCollectionTuple expand(PCollection<RawEntry> input) {
    ParDo.MultiOutput<RawEntry, LogEvent> parse =
        ParDo.of(new ParseFn(parser, rulesView, parserFor))
            .withOutputTags(PARSED, TupleTagList.of(DEAD_LETTER));
    PCollectionTuple out =
        input.apply(
            "ParseLogEntryJson", rulesView == null ? parse : parse.withSideInputs(rulesView));
    out.get(PARSED).setCoder(LogEventCoder.of());
    out.get(DEAD_LETTER).setCoder(DeadLetter.Coder.of());
    return out;
  }

  /**
   * The parsing of this step, for a batch step that parses and goes on with each entry in one pass
   * (the job's rule step, where steps are not fused): the same counters and dead letters.
   */
  public EntryFront<RawEntry> parsing() {
    return new Parsing(parser);
  }

  /** The fallible step; catches everything so that no input can fail the bundle. */
  static class ParseFn extends DoFn<RawEntry, LogEvent> {
    private final Parsing parsing;
    private final @Nullable PCollectionView<RuleSet> rulesView;
    private final @Nullable SerializableFunction<RuleSet, LogEntryParser> parserFor;

    /** The rules {@link #parsing} parses for (with a rules view). */
    private transient @Nullable RuleSet parsingFor;

    ParseFn(LogEntryParser parser) {
      this(parser, null, null);
    }

    ParseFn(
        LogEntryParser parser,
        @Nullable PCollectionView<RuleSet> rulesView,
        @Nullable SerializableFunction<RuleSet, LogEntryParser> parserFor) {
      this.parsing = new Parsing(parser);
      this.rulesView = rulesView;
      this.parserFor = parserFor;
    }

    @StartBundle
    public void startBundle() {
      parsing.startBundle();
    }

    @FinishBundle
    public void finishBundle() {
      parsing.finishBundle();
    }

    @ProcessElement
    public void process(ProcessContext c) {
      if (rulesView != null && parserFor != null) {
        RuleSet rules = c.sideInput(rulesView);
        if (rules != parsingFor) {
          // A new side-input value: a new parser only for a new version.
          if (parsingFor == null || !rules.version().equals(parsingFor.version())) {
            parsing.parser = parserFor.apply(rules);
          }
          parsingFor = rules;
        }
      }
      LogEvent event = parsing.event(c.element(), c.timestamp(), d -> c.output(DEAD_LETTER, d));
      if (event != null) {
        c.outputWithTimestamp(event, event.eventTime());
      }
    }

    /**
     * Events are re-timestamped with their own event time. For file input the element timestamp is
     * the minimum, so that moves forward, which Beam always allows. For Pub/Sub read with the
     * {@code logging.googleapis.com/timestamp} attribute the element timestamp already is the
     * entry's timestamp (to the millisecond), so nothing moves. The only backward move is an entry
     * whose JSON timestamp is earlier than its element timestamp (a source without the attribute, a
     * re-published message); Beam would fail the bundle for it unless the skew allows it. Event
     * time is what the rules window on, so we allow any skew: such an event may arrive behind the
     * watermark, and then the windowing's allowed lateness decides, as for any late entry. They are
     * counted ({@value #EVENTS_BEFORE_INPUT_TIMESTAMP}) so that this is never silent.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return TimestampSkew.UNLIMITED;
    }
  }

  /** Raw bytes to an event or a dead letter, with the step's counters (counted per bundle). */
  private static final class Parsing implements EntryFront<RawEntry> {
    /** The parser; a step following reloaded rules replaces it per version. */
    private LogEntryParser parser;

    private final BundleCounter read = BundleCounter.of(ENTRIES_READ);
    private final BundleCounter parsed = BundleCounter.of(ENTRIES_PARSED);
    private final Counter deadLettered = Metrics.counter(NAMESPACE, ENTRIES_DEADLETTERED);
    private final BundleCounter beforeInput = BundleCounter.of(EVENTS_BEFORE_INPUT_TIMESTAMP);
    private final BundleCounter truncated = BundleCounter.of(PAYLOADS_TRUNCATED);
    private final BundleCounter truncatedOnRulePaths =
        BundleCounter.of(PAYLOADS_TRUNCATED_ON_RULE_PATHS);
    private final LeavesLeftOut leftOut = new LeavesLeftOut();
    private final Counter internalError =
        Metrics.counter(NAMESPACE, deadLetterCounter(INTERNAL_ERROR));
    private final Map<InvalidEntryException.Reason, Counter> byReason =
        new EnumMap<>(InvalidEntryException.Reason.class);

    Parsing(LogEntryParser parser) {
      this.parser = parser;
      for (InvalidEntryException.Reason r : InvalidEntryException.Reason.values()) {
        byReason.put(
            r,
            Metrics.counter(
                NAMESPACE, deadLetterCounter(r.name().toLowerCase(java.util.Locale.ROOT))));
      }
    }

    @Override
    public void startBundle() {
      read.startBundle();
      parsed.startBundle();
      beforeInput.startBundle();
      truncated.startBundle();
      truncatedOnRulePaths.startBundle();
    }

    @Override
    public void finishBundle() {
      read.flush();
      parsed.flush();
      beforeInput.flush();
      truncated.flush();
      truncatedOnRulePaths.flush();
    }

    /** A dead letter for what its reader already found wrong, with the reason's code. */
    private void refuse(
        Consumer<DeadLetter> deadLetters,
        RawEntry raw,
        InvalidEntryException.Reason reason,
        String message) {
      InvalidEntryException e = new InvalidEntryException(reason, message);
      deadLetter(deadLetters, raw, e.reason(), "[" + e.code() + "] " + e.getMessage(), "");
    }

    @Override
    public @Nullable LogEvent event(
        RawEntry raw, Instant inputTimestamp, Consumer<DeadLetter> deadLetters) {
      read.inc();
      String fileError = raw.attributes().get(RawEntry.FILE_ERROR_ATTRIBUTE);
      if (fileError != null) {
        // Not an entry: the rest of its file, which could not be read (its entries are lost).
        refuse(deadLetters, raw, InvalidEntryException.Reason.UNREADABLE_FILE, fileError);
        return null;
      }
      String unreadable = raw.attributes().get(RawEntry.READ_ERROR_ATTRIBUTE);
      if (unreadable != null) {
        // Its file's reader could not read it in the file's format (a YAML document).
        refuse(deadLetters, raw, InvalidEntryException.Reason.INVALID_YAML, unreadable);
        return null;
      }
      if (raw.truncated()) {
        // The source cut an oversized line; what we hold is only its beginning.
        deadLetter(
            deadLetters,
            raw,
            InvalidEntryException.Reason.TOO_LARGE,
            "[too_large] entry is "
                + raw.originalSize()
                + " bytes, more than the source's limit; only its first "
                + raw.payload().length
                + " bytes were kept",
            "");
        return null;
      }
      LogEvent event;
      try {
        event = parser.parse(raw.payload(), leftOut);
      } catch (InvalidEntryException e) {
        String note =
            e.reason() == InvalidEntryException.Reason.EMPTY
                ? ForeignShapes.attributesOnly(raw.attributes())
                : "";
        deadLetter(deadLetters, raw, e.reason(), "[" + e.code() + "] " + e.getMessage() + note, "");
        return null;
      } catch (RuntimeException e) {
        // A parser bug, not bad input: keep the entry and the stack trace for whoever fixes it.
        internalError.inc();
        deadLettered.inc();
        deadLetters.accept(
            DeadLetter.of(
                System.currentTimeMillis(),
                raw.payload(),
                raw.attributes(),
                "[" + INTERNAL_ERROR + "] " + e,
                DeadLetter.stackTraceOf(e)));
        return null;
      }
      String ahead = aheadOfPublish(raw, event, inputTimestamp);
      if (ahead != null) {
        refuse(deadLetters, raw, InvalidEntryException.Reason.INVALID_TIMESTAMP, ahead);
        return null;
      }
      parsed.inc();
      if (event.eventTime().isBefore(inputTimestamp)) {
        beforeInput.inc();
      }
      if (leftOut.any()) {
        truncated.inc();
        if (leftOut.onRulePaths()) {
          truncatedOnRulePaths.inc();
        }
      }
      return event;
    }

    /**
     * Why an entry read from Pub/Sub is stamped too far ahead of its publish time to be counted
     * ({@link RawEntry#MAX_AHEAD_OF_PUBLISH}), or null when it is not.
     */
    private static @Nullable String aheadOfPublish(
        RawEntry raw, LogEvent event, Instant inputTimestamp) {
      if (!event.eventTime().isAfter(inputTimestamp)) {
        // The common case, without reading the publish time: the source stamps an entry with its
        // timestamp attribute only when that is at most the limit ahead of the publish time.
        return null;
      }
      String published = raw.attributes().get(RawEntry.PUBLISH_TIME_ATTRIBUTE);
      if (published == null) {
        return null;
      }
      long publishMillis;
      try {
        publishMillis = Math.floorDiv(Timestamps.parse(published), 1_000_000L);
      } catch (RuntimeException e) {
        return null; // the source writes it; nothing to hold the entry against otherwise
      }
      long ahead = event.eventTime().getMillis() - publishMillis;
      if (ahead <= RawEntry.MAX_AHEAD_OF_PUBLISH.getMillis()) {
        return null;
      }
      return "timestamp: "
          + Timestamps.format(event.timestampNanos())
          + " is "
          + HumanDurations.format(Duration.standardMinutes(ahead / 60_000L))
          + " ahead of the message's publish time "
          + published
          + ": Cloud Logging refuses entries stamped more than a day ahead, so the writer's clock"
          + " is wrong (or the entry did not come through Cloud Logging)";
    }

    private void deadLetter(
        Consumer<DeadLetter> deadLetters,
        RawEntry raw,
        InvalidEntryException.Reason reason,
        String message,
        String stacktrace) {
      byReason.get(reason).inc();
      deadLettered.inc();
      // The caller outputs it with the input's timestamp: a dead letter has no event time.
      deadLetters.accept(
          DeadLetter.of(
              System.currentTimeMillis(), raw.payload(), raw.attributes(), message, stacktrace));
    }
  }
}
