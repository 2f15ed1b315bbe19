package dev.logalerts.parse;

import static dev.logalerts.parse.EntryReader.readEntry;
import static dev.logalerts.parse.JsonValues.describe;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.InvalidEntryException.Reason;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Parses one Cloud Logging LogEntry JSON document (UTF-8 bytes, REST v2 camelCase form) into a
 * {@link LogEvent}. Thread-safe and Serializable: one instance serves a whole DoFn.
 *
 * <p>This is the hottest path of the product, so it reads the document once, keeps only what {@link
 * LogEvent} holds, and skips every other subtree with {@code skipChildren()}. No tree is built. It
 * first reads with {@link FastJsonParser} (a strict byte-level tokenizer that also checks UTF-8
 * inside strings); when that gives up, on any doubt or error, it reads again from scratch the
 * reference way: our strict UTF-8 scan, then Jackson's streaming {@link JsonParser} (one {@link
 * JsonFactory} per parser instance, so symbol tables and buffers are shared and recycled). Only the
 * reference path words errors, so both paths give the same event or the same error (tests compare
 * them on every fixture and on mutated ones).
 *
 * <h3>What it accepts (liberal where Cloud Logging is, strict where a value would be wrong)</h3>
 *
 * <ul>
 *   <li>Unknown fields are ignored; a JSON {@code null} for any field means "absent".
 *   <li>{@code timestamp}: RFC 3339 with 0–9 fractional digits; missing → {@code receiveTimestamp};
 *       neither → {@link Reason#MISSING_TIMESTAMP}; either one malformed → {@link
 *       Reason#INVALID_TIMESTAMP} naming the field and quoting the text.
 *   <li>{@code severity}: a name (case-insensitive; aliases WARN, ERR, FATAL, CRIT, TRACE) or a
 *       number 0–800, as a JSON number or a string; numbers between levels round down. An unknown
 *       name is treated as DEFAULT (Cloud Logging would have rejected it at write time; we would
 *       rather keep the entry), but a number outside 0–800 or a non-integer is {@link
 *       Reason#WRONG_TYPE}.
 *   <li>{@code httpRequest} sizes: int64 as strings (the REST form) or JSON numbers; {@code status}
 *       a JSON integer or a numeric string in 0–999; {@code latency} a Duration string ({@code
 *       "0.123s"}).
 *   <li>{@code labels}, {@code resource.labels}: string values (a null value is skipped); kept as
 *       unmodifiable sorted maps.
 * </ul>
 *
 * <h3>Payloads</h3>
 *
 * {@code jsonPayload}, {@code protoPayload}, {@code sourceLocation} and {@code split} are flattened
 * into {@link LogEvent#payload()}: one entry per scalar leaf, key = path segments joined by {@link
 * FieldValues#SEP} starting with the top-level field name, arrays as repeated keys, {@code null} as
 * {@link FieldValues#NULL} (reads as ""), numbers and booleans as written. To bound memory per
 * entry, at most {@code maxPayloadLeaves} (default {@value #DEFAULT_MAX_PAYLOAD_LEAVES}) leaves are
 * kept, the first ones in document order; the rest is read (the message may still come from it) but
 * not stored. The leaves at or below the paths given to {@link #alwaysKeeping} (the paths the rules
 * read) are kept whatever that limit, up to {@value #MAX_RULE_PATH_LEAVES} leaves per entry in all,
 * so a rule's field is never lost behind a large subtree that comes first. {@link #parse(byte[],
 * LeavesLeftOut)} tells whether an entry lost leaves to either limit. Empty objects and arrays
 * leave no key. The LogEntry scalars the event has no typed slot for ({@code traceSampled}, the
 * Cloud CDN fields {@code httpRequest.cacheLookup}, {@code cacheFillBytes}, {@code
 * cacheValidatedWithOriginServer}) are kept the same way, under their own paths, outside those
 * limits. {@link #withPayloadPaths} keeps only the leaves the rules read and skips the other
 * payload subtrees unread (the cheaper mode for production).
 *
 * <h3>Message text</h3>
 *
 * The first non-empty of: {@code textPayload}; {@code jsonPayload.message} (or its {@code .msg},
 * {@code .message} or {@code .text} when {@code message} is an object), {@code .msg}, {@code .log},
 * the first string of {@code .Message}, {@code .@m}, {@code .RenderedMessage} or {@code .event}
 * (Windows event logs, Serilog, structlog) or {@code .fields.message} (Rust's tracing), {@code
 * .error} (or {@code .error.message} when {@code error} is an object) (a text payload, message, msg
 * or log that is a structured logger's JSON line: the message inside it, {@link JsonLineMessage});
 * for an App Engine RequestLog, the {@code logMessage} of its most severe {@code line[]} (first on
 * ties), else {@code "<method> <path> <status>"}; the message of the entry's GCP log family ({@link
 * LogFamilies}, {@code docs/log-families.md}: for an audit log {@code "<methodName>"} followed,
 * when the status is an error, by {@code ": <CODE_NAME> <status.message>"}, e.g. {@code
 * "google.cloud.sql.v1.SqlInstancesService.Delete: PERMISSION_DENIED caller lacks permission"};
 * journald {@code MESSAGE}; VPC flow, firewall, DNS, NAT, load-balancer connection, Scheduler and
 * Tasks logs from their key fields); for an entry with {@code httpRequest}, {@code "<METHOD> <path>
 * <status>"} (path without query string; absent parts left out); Cloud Endpoints' {@code
 * .log_message}, then {@code ": <error_cause>"}; a top-level string under a key that names a
 * message ({@link MessageKeys}); for a {@code jsonPayload} with no message field at all (not even
 * an empty one; an object under {@code message} counts as a key), its top-level keys, sorted
 * ({@code "{decision}"}, at most four then {@code ", …"}). Else "". ANSI escape sequences are
 * removed. The log-family fields are captured while the payload streams, whatever {@link
 * #withPayloadPaths} keeps.
 *
 * <h3>Errors</h3>
 *
 * Every way bad input can fail becomes an {@link InvalidEntryException} with a specific message:
 * {@link Reason#TOO_LARGE}, {@link Reason#EMPTY}, {@link Reason#INVALID_UTF8} (checked by our own
 * strict scan; raw NUL bytes included), {@link Reason#INVALID_JSON} (with Jackson's line and
 * column), {@link Reason#NOT_AN_OBJECT}, {@link Reason#TOO_DEEP}, {@link Reason#WRONG_TYPE} (naming
 * the full field path: {@code "httpRequest: expected an object, got a string"}), and the timestamp
 * reasons.
 *
 * <h3>Where the code is</h3>
 *
 * This class holds the limits and words the errors; {@link EntryReader} reads the top-level fields,
 * {@link PayloadFlattener} the payloads, {@link JsonValues} the typed values (and words their
 * errors), {@link ParsedEntry} holds what one parse read and builds the event, {@link MessageText}
 * picks its message.
 */
public final class LogEntryParser implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default maximum entry size: 1 MiB (Cloud Logging's own limit is 256 KB). */
  public static final int DEFAULT_MAX_ENTRY_BYTES = 1 << 20;

  /** Default maximum JSON nesting depth (the entry object itself is depth 1). */
  public static final int DEFAULT_MAX_DEPTH = 64;

  /** Default maximum number of payload leaves kept per entry. */
  public static final int DEFAULT_MAX_PAYLOAD_LEAVES = 2000;

  /**
   * Most payload leaves kept per entry when they are at or below the paths the rules read ({@link
   * #alwaysKeeping}), or {@code maxPayloadLeaves} if larger: a hard bound on what a hostile entry
   * can make the parser hold (a 256 KB entry has this many leaves only if they average 5 bytes).
   */
  public static final int MAX_RULE_PATH_LEAVES = 50_000;

  /**
   * The jsonPayload fields a message is taken from, in the parser's order ("Message text" above;
   * {@link PayloadFlattener#childRole} captures them): where a noisy-log exclusion looks for it.
   */
  public static final List<String> JSON_MESSAGE_FIELDS =
      List.of(
          "message",
          "message.msg",
          "message.message",
          "message.text",
          "msg",
          "log",
          "Message",
          "@m",
          "RenderedMessage",
          "event",
          "fields.message",
          "error",
          "error.message",
          "errorResponse",
          "errorResponse.message");

  private static final JsonFactory DEFAULT_FACTORY = newFactory(DEFAULT_MAX_DEPTH);

  private final int maxEntryBytes;
  private final int maxDepth;
  private final int maxPayloadLeaves;

  /** Payload flattening with the selected paths (see {@link #withPayloadPaths}) and leaf limit. */
  private final PayloadFlattener payload;

  /**
   * What the events say they were parsed for ({@link LogEvent#parsedFor}; see {@link #stampedFor}).
   */
  private final String parsedFor;

  /**
   * With {@link #widenedWhen}: the parser keeping every field, for the entries whose bytes may hold
   * a text some rule searches every field for; null otherwise.
   */
  private final @Nullable LogEntryParser wide;

  private final @Nullable TextCheck wideWhen;

  private transient volatile JsonFactory factory;

  /** A parser with the defaults: 1 MiB, depth 64, 2000 payload leaves. */
  public LogEntryParser() {
    this(DEFAULT_MAX_ENTRY_BYTES, DEFAULT_MAX_DEPTH);
  }

  public LogEntryParser(int maxEntryBytes, int maxDepth) {
    this(maxEntryBytes, maxDepth, DEFAULT_MAX_PAYLOAD_LEAVES);
  }

  public LogEntryParser(int maxEntryBytes, int maxDepth, int maxPayloadLeaves) {
    if (maxEntryBytes <= 0 || maxDepth < 2 || maxPayloadLeaves < 0) {
      throw new IllegalArgumentException(
          "need maxEntryBytes > 0, maxDepth >= 2, maxPayloadLeaves >= 0; got "
              + maxEntryBytes
              + ", "
              + maxDepth
              + ", "
              + maxPayloadLeaves);
    }
    this.maxEntryBytes = maxEntryBytes;
    this.maxDepth = maxDepth;
    this.maxPayloadLeaves = maxPayloadLeaves;
    this.payload = new PayloadFlattener(maxPayloadLeaves, null, false);
    this.parsedFor = "";
    this.wide = null;
    this.wideWhen = null;
  }

  private LogEntryParser(LogEntryParser base, PayloadFlattener payload, String parsedFor) {
    this(base, payload, parsedFor, null, null);
  }

  private LogEntryParser(
      LogEntryParser base,
      PayloadFlattener payload,
      String parsedFor,
      @Nullable LogEntryParser wide,
      @Nullable TextCheck wideWhen) {
    this.maxEntryBytes = base.maxEntryBytes;
    this.maxDepth = base.maxDepth;
    this.maxPayloadLeaves = base.maxPayloadLeaves;
    this.payload = payload;
    this.parsedFor = parsedFor;
    this.wide = wide;
    this.wideWhen = wideWhen;
  }

  /**
   * Whether an entry's bytes may hold one of the texts some rule searches every field for (a bare
   * word, {@code SEARCH} without a field), so that its payload must be kept whole.
   */
  public interface TextCheck extends java.io.Serializable {
    /**
     * False only when no value the JSON bytes {@code [from, to)} spell without a {@code \\u} escape
     * holds one of {@link #texts} (case folded): the caller reads every entry whose texts are not
     * all ASCII or hold such an escape as if this said true.
     */
    boolean mayHold(byte[] json, int from, int to);

    /** The case-folded texts looked for. */
    java.util.Set<String> texts();
  }

  /**
   * This parser (made {@link #withPayloadPaths}, perhaps {@link #stampedFor}) for the entries whose
   * payload objects' bytes cannot hold a text of {@code check}, and {@code wide} (keeping every
   * field) for the others: a rule searching every field then sees the same as with {@code wide}
   * alone, since a payload value this parser skipped can hold the text only if those bytes do. Each
   * entry is read with this parser first, then looked into where its payload objects lay, and read
   * again with {@code wide} when they may hold a text, or when its texts are not all ASCII or spell
   * a character as {@code \\u} escape (a search folds and normalizes what it compares); while many
   * recent entries were such, a thread reads the next ones with {@code wide} at once. Events read
   * here say so ({@link LogEvent#payloadLacks}). Call it last: the other ways of deriving a parser
   * drop it.
   */
  public LogEntryParser widenedWhen(TextCheck check, LogEntryParser wide) {
    return new LogEntryParser(this, payload, parsedFor, wide, check);
  }

  /**
   * This parser, its events saying they hold the payload fields of rules version {@code version}
   * alone ({@link LogEvent#parsedFor}): for a parser made {@link #withPayloadPaths} the paths of
   * that version, in a job whose later steps may hold another version.
   */
  public LogEntryParser stampedFor(String version) {
    return new LogEntryParser(this, payload, version);
  }

  /**
   * A parser that stores only the payload leaves at or below these paths (segment lists starting
   * with {@code jsonPayload}, {@code protoPayload}, {@code sourceLocation}, {@code split}, {@code
   * traceSampled} or {@code httpRequest} (its cache fields), as {@link
   * dev.logalerts.model.FieldPath#segments()} gives them), and the few the message text and the
   * log-family and request templates are made of (read back from the event when entries are
   * grouped); every other payload subtree is skipped unread, which is where much of the parse time
   * goes for structured logs. Everything else about the event (typed fields, message text, service)
   * is unchanged. Use the union of the paths the rules read; paths on other fields are ignored. An
   * empty collection keeps no payload leaves. The leaves kept are limited as by {@link
   * #alwaysKeeping}, and the paths replace earlier ones.
   */
  public LogEntryParser withPayloadPaths(
      java.util.Collection<? extends java.util.List<String>> paths) {
    return new LogEntryParser(
        this, payload.withPaths(PayloadFlattener.trie(withStackTraces(paths)), true), parsedFor);
  }

  /**
   * Structured loggers' stack traces written beside the message (logback's logstash encoder,
   * log4j2's EcsLayout, winston, pino, bunyan, python-json-logger, structlog, Serilog, .NET's JSON
   * console, Spring Boot's GELF, logback patterns and Quarkus writing {@code stacktrace} or {@code
   * stackTrace}): the noisy-log template reads the exception type from them, so a parser keeping
   * only some paths keeps these too.
   */
  public static final java.util.List<java.util.List<String>> STACK_TRACE_PATHS =
      java.util.List.of(
          java.util.List.of("jsonPayload", "stack_trace"),
          java.util.List.of("jsonPayload", "error.stack_trace"),
          java.util.List.of("jsonPayload", "error", "stack_trace"),
          java.util.List.of("jsonPayload", "stack"),
          java.util.List.of("jsonPayload", "err", "stack"),
          java.util.List.of("jsonPayload", "error", "stack"),
          java.util.List.of("jsonPayload", "exc_info"),
          java.util.List.of("jsonPayload", "exception"),
          java.util.List.of("jsonPayload", "@x"),
          java.util.List.of("jsonPayload", "Exception"),
          java.util.List.of("jsonPayload", "_error_stack_trace"),
          java.util.List.of("jsonPayload", "stacktrace"),
          java.util.List.of("jsonPayload", "stackTrace"));

  /**
   * The level a structured logger writes in its line (pino's and bunyan's number, zap's, logrus',
   * zerolog's, slog's and logback's {@code level}, Serilog's {@code @l}, ECS' {@code log.level},
   * .NET's {@code LogLevel}), which GKE's logging agent does not lift: a stdout line gets the
   * stream's INFO whatever it says. The noisy-log template reads it to find an error's stack trace
   * beside the message, so a parser keeping only some paths keeps these too.
   */
  public static final java.util.List<java.util.List<String>> LINE_LEVEL_PATHS =
      java.util.List.of(
          java.util.List.of("jsonPayload", "level"),
          java.util.List.of("jsonPayload", "@l"),
          java.util.List.of("jsonPayload", "log.level"),
          java.util.List.of("jsonPayload", "LogLevel"));

  private static java.util.List<java.util.List<String>> withStackTraces(
      java.util.Collection<? extends java.util.List<String>> paths) {
    java.util.List<java.util.List<String>> all = new java.util.ArrayList<>(paths);
    all.addAll(STACK_TRACE_PATHS);
    all.addAll(LINE_LEVEL_PATHS);
    return all;
  }

  /**
   * A parser that keeps the payload leaves at or below these paths (given as to {@link
   * #withPayloadPaths}: the union of the paths the rules read) whatever {@code maxPayloadLeaves},
   * up to {@value #MAX_RULE_PATH_LEAVES} leaves per entry, and the other leaves within {@code
   * maxPayloadLeaves} as before. The paths replace earlier ones. The parse follows them as it goes
   * down the document: a map lookup per field along a path's prefixes, nothing per other field, no
   * allocation per leaf.
   */
  public LogEntryParser alwaysKeeping(
      java.util.Collection<? extends java.util.List<String>> paths) {
    return new LogEntryParser(
        this, payload.withPaths(PayloadFlattener.trie(withStackTraces(paths)), false), parsedFor);
  }

  public int maxEntryBytes() {
    return maxEntryBytes;
  }

  public int maxDepth() {
    return maxDepth;
  }

  public int maxPayloadLeaves() {
    return maxPayloadLeaves;
  }

  private static JsonFactory newFactory(int maxDepth) {
    return JsonFactory.builder()
        // Jackson enforces the depth for skipped subtrees too; number and string lengths are
        // already bounded by maxEntryBytes, and long numbers are legal JSON.
        .streamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth)
                .maxNumberLength(Integer.MAX_VALUE)
                .maxStringLength(Integer.MAX_VALUE)
                .build())
        // Error messages carry line/column only; the dead-letter row holds the input anyway.
        .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
        .build();
  }

  private JsonFactory factory() {
    JsonFactory f = factory;
    if (f == null) {
      f = maxDepth == DEFAULT_MAX_DEPTH ? DEFAULT_FACTORY : newFactory(maxDepth);
      factory = f;
    }
    return f;
  }

  /**
   * Parses one entry. {@code json} is not modified or retained.
   *
   * @throws InvalidEntryException for every kind of bad input; nothing else escapes
   */
  public LogEvent parse(byte[] json) throws InvalidEntryException {
    return parse(json, null);
  }

  /** As {@link #parse(byte[])}; when it returns, {@code leftOut} (if not null) tells the limits. */
  public LogEvent parse(byte[] json, LeavesLeftOut leftOut) throws InvalidEntryException {
    if (wide != null) {
      return parseNarrowWhereTheyLack(json, leftOut, wide);
    }
    if (json != null && json.length <= maxEntryBytes) {
      LogEvent event = parseFast(json, leftOut);
      if (event != null) {
        return event;
      }
    }
    return parseWithJackson(json, leftOut);
  }

  /** {@link #parse} of a parser {@link #widenedWhen}. */
  private LogEvent parseNarrowWhereTheyLack(byte[] json, LeavesLeftOut leftOut, LogEntryParser wide)
      throws InvalidEntryException {
    TextCheck check = java.util.Objects.requireNonNull(wideWhen);
    PayloadBytes payloadBytes = FAST.get().reused.payloadBytes;
    if (json != null && json.length <= maxEntryBytes && !payloadBytes.readWholeAtOnce()) {
      LogEvent event = parseFast(json, leftOut);
      if (event != null && event.plainAscii() && !payloadBytes.mayHold(json, check)) {
        payloadBytes.read(true);
        event.markPayloadLacks(check.texts());
        return event;
      }
    }
    LogEvent event = wide.parse(json, leftOut);
    payloadBytes.read(event.plainAscii());
    return event;
  }

  /** One fast parser per thread (a static: nothing of it is serialized). */
  private static final ThreadLocal<FastJsonParser> FAST =
      ThreadLocal.withInitial(FastJsonParser::new);

  /**
   * The fast path: the event {@link #parseWithJackson} would return, read with {@link
   * FastJsonParser}, or null when that parser or the reading gave up on the document (any doubt:
   * malformed input, an unusual value, any exception), which the caller then parses again from
   * scratch with Jackson, so that every error is as that path words it.
   */
  LogEvent parseFast(byte[] json, LeavesLeftOut leftOut) {
    FastJsonParser p = FAST.get();
    try {
      p.reset(json, maxDepth);
      p.reused.payloadBytes.clear();
      ParsedEntry e = new ParsedEntry(json.length, p.reused);
      if (p.nextToken() == JsonToken.START_OBJECT) {
        readEntry(p, e, payload);
        if (p.nextToken() == null && !p.gaveUp) {
          LogEvent event = e.build(parsedFor);
          p.reused.keep(e);
          if (p.textsAscii()) {
            event.markPlainAscii(); // the filters then compare without looking for non-ASCII
          }
          if (leftOut != null) {
            leftOut.set(e.leavesLeftOut, e.ruleLeavesLeftOut);
          }
          return event;
        }
      }
    } catch (InvalidEntryException | IOException | RuntimeException ex) {
      // Bail out: Jackson reads it again and decides.
    } finally {
      p.clear();
    }
    p.bails++;
    return null;
  }

  /**
   * What an array of objects most likely is: several entries sent as one message (or written on one
   * line), which is told apart from an array nested for nothing by its first element.
   */
  private static String batchNote(JsonParser p, JsonToken t) {
    if (t != JsonToken.START_ARRAY) {
      return "";
    }
    try {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "";
      }
    } catch (IOException e) {
      return "";
    }
    return " of objects: several entries in one message or line? Each must hold one LogEntry, as"
        + " a Logging sink publishes them; publish (or write) the entries one by one";
  }

  /** Documents the fast path gave up on in this thread so far (for tests). */
  static long fastPathBails() {
    return FAST.get().bails;
  }

  /** The reference path: strict UTF-8 check, then Jackson; every error comes from here. */
  LogEvent parseWithJackson(byte[] json, LeavesLeftOut leftOut) throws InvalidEntryException {
    if (json == null || json.length == 0) {
      throw new InvalidEntryException(Reason.EMPTY, "empty entry");
    }
    if (json.length > maxEntryBytes) {
      throw new InvalidEntryException(
          Reason.TOO_LARGE,
          "entry is " + json.length + " bytes, more than the limit of " + maxEntryBytes + " bytes");
    }
    if (isBlank(json)) {
      throw new InvalidEntryException(Reason.EMPTY, "entry is only whitespace");
    }
    int bad = Utf8.firstInvalid(json);
    if (bad >= 0) {
      String what =
          json[bad] == 0
              ? "NUL byte at byte offset " + bad
              : String.format(
                  "invalid UTF-8 sequence at byte offset %d (byte 0x%02x)", bad, json[bad] & 0xff);
      String compressed = EncodedData.whyCompressed(json);
      throw new InvalidEntryException(
          Reason.INVALID_UTF8, compressed == null ? what : what + ": " + compressed);
    }
    ParsedEntry e = new ParsedEntry(json.length);
    JsonParser p = null;
    try {
      p = factory().createParser(json);
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new InvalidEntryException(
            Reason.NOT_AN_OBJECT, "expected a JSON object, got " + describe(t) + batchNote(p, t));
      }
      readEntry(p, e, payload);
      if (p.nextToken() != null) {
        JsonLocation loc = p.currentTokenLocation();
        throw new InvalidEntryException(
            Reason.INVALID_JSON,
            "trailing content after the JSON object at line "
                + loc.getLineNr()
                + ", column "
                + loc.getColumnNr());
      }
    } catch (StreamConstraintsException ex) {
      // The only constraint we leave finite is the nesting depth.
      throw new InvalidEntryException(
          Reason.TOO_DEEP,
          "JSON nested deeper than " + maxDepth + " levels" + at(p.currentLocation()),
          ex);
    } catch (JsonProcessingException ex) {
      // Base64 text: Jackson's words would quote its first 256 characters of noise.
      String base64 = EncodedData.whyBase64(json);
      throw new InvalidEntryException(
          Reason.INVALID_JSON,
          "invalid JSON"
              + at(ex.getLocation())
              + ": "
              + (base64 != null ? base64 : cleanMessage(ex)),
          ex);
    } catch (IOException ex) {
      // Cannot happen for a byte[] source; keep the contract anyway.
      throw new InvalidEntryException(Reason.INVALID_JSON, "invalid JSON: " + ex.getMessage(), ex);
    } finally {
      closeQuietly(p);
    }
    LogEvent event = e.build(parsedFor);
    if (leftOut != null) {
      leftOut.set(e.leavesLeftOut, e.ruleLeavesLeftOut);
    }
    return event;
  }

  private static String at(JsonLocation loc) {
    if (loc == null || loc.getLineNr() < 0) {
      return "";
    }
    return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  /** Jackson's message without its location suffix (we print line/column ourselves). */
  private static String cleanMessage(JsonProcessingException ex) {
    String m = ex.getOriginalMessage();
    if (m == null) {
      return ex.getClass().getSimpleName();
    }
    return m.replace(
        "Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "");
  }

  /** Releases the parser's recycled buffers; cannot fail for a byte[] source. */
  private static void closeQuietly(JsonParser p) {
    if (p != null) {
      try {
        p.close();
      } catch (IOException ignored) {
        // nothing to release that could fail
      }
    }
  }

  private static boolean isBlank(byte[] b) {
    for (byte c : b) {
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return false;
      }
    }
    return true;
  }
}
