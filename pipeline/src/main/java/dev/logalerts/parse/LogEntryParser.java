package dev.logalerts.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.logalerts.model.Durations;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.PayloadKind;
import dev.logalerts.model.Severity;
import dev.logalerts.model.Timestamps;
import dev.logalerts.parse.InvalidEntryException.Reason;
import java.io.IOException;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses one Cloud Logging LogEntry JSON document (UTF-8 bytes, REST v2 camelCase form) into a
 * {@link LogEvent}. Thread-safe and Serializable: one instance serves a whole DoFn.
 *
 * <p>This is the hottest path of the product, so it reads the document once with Jackson's
 * streaming {@link JsonParser} (one {@link JsonFactory} per parser instance, so symbol tables and
 * buffers are shared and recycled), keeps only what {@link LogEvent} holds, and skips every other
 * subtree with {@code skipChildren()}. No tree is built.
 *
 * <h3>What it accepts (liberal where Cloud Logging is, strict where a value would be wrong)</h3>
 *
 * <ul>
 *   <li>Unknown fields are ignored; a JSON {@code null} for any field means "absent".
 *   <li>{@code timestamp}: RFC 3339 with 0–9 fractional digits; missing → {@code
 *       receiveTimestamp}; neither → {@link Reason#MISSING_TIMESTAMP}; either one malformed →
 *       {@link Reason#INVALID_TIMESTAMP} naming the field and quoting the text.
 *   <li>{@code severity}: a name (case-insensitive; aliases WARN, ERR, FATAL, CRIT, TRACE) or a
 *       number 0–800, as a JSON number or a string; numbers between levels round down. An
 *       unknown name is treated as DEFAULT (Cloud Logging would have rejected it at write time;
 *       we would rather keep the entry), but a number outside 0–800 or a non-integer is {@link
 *       Reason#WRONG_TYPE}.
 *   <li>{@code httpRequest} sizes: int64 as strings (the REST form) or JSON numbers; {@code
 *       status} a JSON integer or a numeric string in 0–999; {@code latency} a Duration string
 *       ({@code "0.123s"}).
 *   <li>{@code labels}, {@code resource.labels}: string values (a null value is skipped); kept as
 *       unmodifiable sorted maps.
 * </ul>
 *
 * <h3>Payloads</h3>
 *
 * {@code jsonPayload}, {@code protoPayload}, {@code sourceLocation} and {@code split} are
 * flattened into {@link LogEvent#payload()}: one entry per scalar leaf, key = path segments
 * joined by {@link FieldValues#SEP} starting with the top-level field name, arrays as repeated
 * keys, {@code null} as {@link FieldValues#NULL} (reads as ""), numbers and booleans as written.
 * To bound memory per entry, at most
 * {@code maxPayloadLeaves} (default {@value #DEFAULT_MAX_PAYLOAD_LEAVES}) leaves are kept, the
 * first ones in document order; the rest is read (the message may still come from it) but not
 * stored. Empty objects and arrays leave no key. {@link #withPayloadPaths} keeps only the leaves
 * the rules read and skips the other payload subtrees unread (the cheaper mode for production).
 *
 * <h3>Message text</h3>
 *
 * The first non-empty of: {@code textPayload}; {@code jsonPayload.message}, {@code .msg}, {@code
 * .log}, {@code .error} (or {@code .error.message} when {@code error} is an object); for an App
 * Engine RequestLog, the {@code logMessage} of its most severe {@code line[]} (first on ties),
 * else {@code "<method> <path> <status>"}; for an audit log (any {@code protoPayload} with a
 * {@code methodName}), {@code "<methodName>"} followed, when the status is an error, by {@code ":
 * <CODE_NAME> <status.message>"} (e.g. {@code "google.cloud.sql.v1.SqlInstancesService.Delete:
 * PERMISSION_DENIED caller lacks permission"}); for an entry with {@code httpRequest}, {@code
 * "<METHOD> <path> <status>"} (path without query string; absent parts left out). Else "".
 *
 * <h3>Errors</h3>
 *
 * Every way bad input can fail becomes an {@link InvalidEntryException} with a specific message:
 * {@link Reason#TOO_LARGE}, {@link Reason#EMPTY}, {@link Reason#INVALID_UTF8} (checked by our own
 * strict scan; raw NUL bytes included), {@link Reason#INVALID_JSON} (with Jackson's line and
 * column), {@link Reason#NOT_AN_OBJECT}, {@link Reason#TOO_DEEP}, {@link Reason#WRONG_TYPE}
 * (naming the full field path: {@code "httpRequest: expected an object, got a string"}), and the
 * timestamp reasons.
 */
public final class LogEntryParser implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Default maximum entry size: 1 MiB (Cloud Logging's own limit is 256 KB). */
  public static final int DEFAULT_MAX_ENTRY_BYTES = 1 << 20;

  /** Default maximum JSON nesting depth (the entry object itself is depth 1). */
  public static final int DEFAULT_MAX_DEPTH = 64;

  /** Default maximum number of payload leaves kept per entry. */
  public static final int DEFAULT_MAX_PAYLOAD_LEAVES = 2000;

  private static final JsonFactory DEFAULT_FACTORY = newFactory(DEFAULT_MAX_DEPTH);

  private static final String[] RPC_CODES = {
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"
  };

  private final int maxEntryBytes;
  private final int maxDepth;
  private final int maxPayloadLeaves;
  /** Selected payload paths, or null for all (see {@link #withPayloadPaths}). */
  private final PathNode selection;
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
              + maxEntryBytes + ", " + maxDepth + ", " + maxPayloadLeaves);
    }
    this.maxEntryBytes = maxEntryBytes;
    this.maxDepth = maxDepth;
    this.maxPayloadLeaves = maxPayloadLeaves;
    this.selection = null;
  }

  private LogEntryParser(LogEntryParser base, PathNode selection) {
    this.maxEntryBytes = base.maxEntryBytes;
    this.maxDepth = base.maxDepth;
    this.maxPayloadLeaves = base.maxPayloadLeaves;
    this.selection = selection;
  }

  /**
   * A parser that stores only the payload leaves at or below these paths (segment lists starting
   * with {@code jsonPayload}, {@code protoPayload}, {@code sourceLocation} or {@code split}, as
   * {@link dev.logalerts.model.FieldPath#segments()} gives them); every other payload subtree is
   * skipped unread, which is where most of the parse time goes for structured logs. Everything
   * else about the event (typed fields, message text, service) is unchanged. Use the union of the
   * paths the rules read; paths on other fields are ignored. An empty collection keeps no
   * payload leaves.
   */
  public LogEntryParser withPayloadPaths(java.util.Collection<? extends java.util.List<String>> paths) {
    PathNode root = new PathNode();
    for (java.util.List<String> path : paths) {
      if (path.isEmpty()) {
        continue;
      }
      switch (path.get(0)) {
        case "jsonPayload":
        case "protoPayload":
        case "sourceLocation":
        case "split":
          break;
        default:
          continue;
      }
      PathNode n = root;
      for (String seg : path) {
        n = n.children.computeIfAbsent(seg, k -> new PathNode());
      }
      n.all = true;
    }
    return new LogEntryParser(this, root);
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
      throw new InvalidEntryException(
          Reason.INVALID_UTF8,
          json[bad] == 0
              ? "NUL byte at byte offset " + bad
              : String.format(
                  "invalid UTF-8 sequence at byte offset %d (byte 0x%02x)", bad, json[bad] & 0xff));
    }
    Entry e = new Entry(json.length);
    JsonParser p = null;
    try {
      p = factory().createParser(json);
      JsonToken t = p.nextToken();
      if (t != JsonToken.START_OBJECT) {
        throw new InvalidEntryException(
            Reason.NOT_AN_OBJECT, "expected a JSON object, got " + describe(t));
      }
      readEntry(p, e);
      if (p.nextToken() != null) {
        JsonLocation loc = p.currentTokenLocation();
        throw new InvalidEntryException(
            Reason.INVALID_JSON,
            "trailing content after the JSON object at line "
                + loc.getLineNr() + ", column " + loc.getColumnNr());
      }
    } catch (StreamConstraintsException ex) {
      // The only constraint we leave finite is the nesting depth.
      throw new InvalidEntryException(
          Reason.TOO_DEEP,
          "JSON nested deeper than " + maxDepth + " levels" + at(p.currentLocation()),
          ex);
    } catch (JsonProcessingException ex) {
      throw new InvalidEntryException(
          Reason.INVALID_JSON, "invalid JSON" + at(ex.getLocation()) + ": " + cleanMessage(ex), ex);
    } catch (IOException ex) {
      // Cannot happen for a byte[] source; keep the contract anyway.
      throw new InvalidEntryException(Reason.INVALID_JSON, "invalid JSON: " + ex.getMessage(), ex);
    } finally {
      closeQuietly(p);
    }
    return e.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Top level

  private void readEntry(JsonParser p, Entry e) throws IOException, InvalidEntryException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (t == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "insertId":
          e.insertId = string(p, t, "insertId");
          break;
        case "timestamp":
          e.timestampNanos = timestamp(p, t, "timestamp", e);
          e.hasTimestamp = true;
          break;
        case "receiveTimestamp":
          e.receiveNanos = timestamp(p, t, "receiveTimestamp", e);
          e.hasReceive = true;
          break;
        case "severity":
          e.severity = severity(p, t);
          break;
        case "logName":
          e.logName = string(p, t, "logName");
          break;
        case "resource":
          readResource(p, t, e);
          break;
        case "labels":
          e.labels = stringMap(p, t, "labels");
          break;
        case "textPayload":
          e.textPayload = string(p, t, "textPayload");
          e.payloadKind = PayloadKind.TEXT;
          break;
        case "jsonPayload":
          expectObject(p, t, "jsonPayload");
          e.payloadKind = PayloadKind.JSON;
          flattenTop(p, e, "jsonPayload", R_JSON_ROOT);
          break;
        case "protoPayload":
          expectObject(p, t, "protoPayload");
          e.payloadKind = PayloadKind.PROTO;
          flattenTop(p, e, "protoPayload", R_PROTO_ROOT);
          break;
        case "sourceLocation":
        case "split":
          expectObject(p, t, name);
          flattenTop(p, e, name, R_NONE);
          break;
        case "httpRequest":
          e.http = readHttp(p, t, e);
          break;
        case "trace":
          e.trace = string(p, t, "trace");
          break;
        case "spanId":
          e.spanId = string(p, t, "spanId");
          break;
        case "traceSampled":
          bool(p, t, "traceSampled");
          break;
        case "operation":
          readOperation(p, t, e);
          break;
        default:
          p.skipChildren();
          break;
      }
    }
  }

  private void readResource(JsonParser p, JsonToken t, Entry e)
      throws IOException, InvalidEntryException {
    expectObject(p, t, "resource");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      if (name.equals("type")) {
        e.resourceType = string(p, v, "resource.type");
      } else if (name.equals("labels")) {
        e.resourceLabels = stringMap(p, v, "resource.labels");
      } else {
        p.skipChildren();
      }
    }
  }

  private void readOperation(JsonParser p, JsonToken t, Entry e)
      throws IOException, InvalidEntryException {
    expectObject(p, t, "operation");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "id":
          e.operationId = string(p, v, "operation.id");
          break;
        case "producer":
          e.operationProducer = string(p, v, "operation.producer");
          break;
        case "first":
          e.operationFirst = bool(p, v, "operation.first");
          break;
        case "last":
          e.operationLast = bool(p, v, "operation.last");
          break;
        default:
          p.skipChildren();
          break;
      }
    }
  }

  private HttpRequest readHttp(JsonParser p, JsonToken t, Entry e)
      throws IOException, InvalidEntryException {
    expectObject(p, t, "httpRequest");
    HttpRequest.Builder b = HttpRequest.builder();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      switch (name) {
        case "requestMethod":
          b.setRequestMethod(string(p, v, "httpRequest.requestMethod"));
          break;
        case "requestUrl":
          b.setRequestUrl(string(p, v, "httpRequest.requestUrl"));
          break;
        case "status":
          b.setStatus(httpStatus(p, v));
          break;
        case "requestSize":
          b.setRequestSize(int64(p, v, "httpRequest.requestSize"));
          break;
        case "responseSize":
          b.setResponseSize(int64(p, v, "httpRequest.responseSize"));
          break;
        case "cacheFillBytes":
          int64(p, v, "httpRequest.cacheFillBytes");
          break;
        case "latency":
          b.setLatencyNanos(latency(p, v, e));
          break;
        case "remoteIp":
          b.setRemoteIp(string(p, v, "httpRequest.remoteIp"));
          break;
        case "serverIp":
          b.setServerIp(string(p, v, "httpRequest.serverIp"));
          break;
        case "userAgent":
          b.setUserAgent(string(p, v, "httpRequest.userAgent"));
          break;
        case "referer":
          b.setReferer(string(p, v, "httpRequest.referer"));
          break;
        case "protocol":
          b.setProtocol(string(p, v, "httpRequest.protocol"));
          break;
        case "cacheHit":
          b.setCacheHit(bool(p, v, "httpRequest.cacheHit"));
          break;
        case "cacheLookup":
          bool(p, v, "httpRequest.cacheLookup");
          break;
        case "cacheValidatedWithOriginServer":
          bool(p, v, "httpRequest.cacheValidatedWithOriginServer");
          break;
        default:
          p.skipChildren();
          break;
      }
    }
    return b.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Payload flattening. A "role" marks the few positions whose values feed the message text.

  private static final int R_NONE = 0;
  private static final int R_JSON_ROOT = 1;
  private static final int R_JSON_MESSAGE = 2;
  private static final int R_JSON_MSG = 3;
  private static final int R_JSON_LOG = 4;
  private static final int R_JSON_ERROR = 5;
  private static final int R_JSON_ERROR_MESSAGE = 6;
  private static final int R_PROTO_ROOT = 10;
  private static final int R_PROTO_TYPE = 11;
  private static final int R_PROTO_METHOD_NAME = 12;
  private static final int R_PROTO_SERVICE_NAME = 13;
  private static final int R_PROTO_STATUS = 14;
  private static final int R_PROTO_STATUS_CODE = 15;
  private static final int R_PROTO_STATUS_MESSAGE = 16;
  private static final int R_PROTO_METHOD = 17;
  private static final int R_PROTO_RESOURCE = 18;
  private static final int R_PROTO_LINE = 19;
  private static final int R_PROTO_LINE_ELEM = 20;
  private static final int R_LINE_SEVERITY = 21;
  private static final int R_LINE_MESSAGE = 22;

  private static int childRole(int role, String name) {
    switch (role) {
      case R_NONE:
        return R_NONE;
      case R_JSON_ROOT:
        switch (name) {
          case "message":
            return R_JSON_MESSAGE;
          case "msg":
            return R_JSON_MSG;
          case "log":
            return R_JSON_LOG;
          case "error":
            return R_JSON_ERROR;
          default:
            return R_NONE;
        }
      case R_JSON_ERROR:
        return name.equals("message") ? R_JSON_ERROR_MESSAGE : R_NONE;
      case R_PROTO_ROOT:
        switch (name) {
          case "@type":
            return R_PROTO_TYPE;
          case "methodName":
            return R_PROTO_METHOD_NAME;
          case "serviceName":
            return R_PROTO_SERVICE_NAME;
          case "status":
            return R_PROTO_STATUS;
          case "method":
            return R_PROTO_METHOD;
          case "resource":
            return R_PROTO_RESOURCE;
          case "line":
            return R_PROTO_LINE;
          default:
            return R_NONE;
        }
      case R_PROTO_STATUS:
        switch (name) {
          case "code":
            return R_PROTO_STATUS_CODE;
          case "message":
            return R_PROTO_STATUS_MESSAGE;
          default:
            return R_NONE;
        }
      case R_PROTO_LINE_ELEM:
        switch (name) {
          case "severity":
            return R_LINE_SEVERITY;
          case "logMessage":
            return R_LINE_MESSAGE;
          default:
            return R_NONE;
        }
      default:
        return R_NONE;
    }
  }

  private void flattenTop(JsonParser p, Entry e, String top, int role)
      throws IOException, InvalidEntryException {
    PathNode node = selection == null ? null : selection.child(top);
    boolean keepAll = selection == null || (node != null && node.all);
    if (!keepAll && node == null && role == R_NONE) {
      p.skipChildren(); // no selected path below, nothing feeds the message
      return;
    }
    StringBuilder path = e.path;
    path.setLength(0);
    path.append(top);
    flattenObject(p, e, role, node, keepAll);
  }

  /**
   * Current token is START_OBJECT; reads through the matching END_OBJECT. {@code keep}: leaves
   * here are stored; else {@code node} is the selection below this point (null: none), and
   * subtrees that neither hold a selected path nor feed the message are skipped unread.
   */
  private void flattenObject(JsonParser p, Entry e, int role, PathNode node, boolean keep)
      throws IOException {
    StringBuilder path = e.path;
    int base = path.length();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      int childRole = childRole(role, name);
      JsonToken t = p.nextToken();
      PathNode childNode = null;
      boolean childKeep = keep;
      if (!keep) {
        childNode = node == null ? null : node.child(name);
        childKeep = childNode != null && childNode.all;
        if (childNode == null && childRole == R_NONE) {
          p.skipChildren();
          continue;
        }
      }
      path.append(FieldValues.SEP).append(name);
      flattenValue(p, e, t, childRole, childNode, childKeep);
      path.setLength(base);
    }
  }

  private void flattenValue(
      JsonParser p, Entry e, JsonToken t, int role, PathNode node, boolean keep)
      throws IOException {
    switch (t) {
      case START_OBJECT:
        if (role == R_NONE && e.leaves >= maxPayloadLeaves) {
          p.skipChildren(); // nothing more to keep, nothing feeds the message
          return;
        }
        if (role == R_PROTO_LINE_ELEM) {
          e.lineSeverity = null;
          e.lineMessage = null;
          flattenObject(p, e, role, node, keep);
          e.offerLine();
        } else {
          flattenObject(p, e, role, node, keep);
        }
        return;
      case START_ARRAY:
        if (role == R_NONE && e.leaves >= maxPayloadLeaves) {
          p.skipChildren();
          return;
        }
        int elementRole = role == R_PROTO_LINE ? R_PROTO_LINE_ELEM : R_NONE;
        JsonToken el;
        while ((el = p.nextToken()) != JsonToken.END_ARRAY) {
          flattenValue(p, e, el, elementRole, node, keep);
        }
        return;
      default:
        String value = t == JsonToken.VALUE_NULL ? FieldValues.NULL : p.getText();
        if (keep && e.leaves < maxPayloadLeaves) {
          e.addLeaf(e.path.toString(), value);
        }
        if (role != R_NONE) {
          e.capture(role, value);
        }
    }
  }

  /** A trie of selected payload paths; {@code all}: everything at and below is selected. */
  private static final class PathNode implements Serializable {
    private static final long serialVersionUID = 1L;
    final java.util.HashMap<String, PathNode> children = new java.util.HashMap<>();
    boolean all;

    PathNode child(String name) {
      return children.get(name);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Typed values

  private static void expectObject(JsonParser p, JsonToken t, String path)
      throws InvalidEntryException {
    if (t != JsonToken.START_OBJECT) {
      throw wrongType(path, "an object", t);
    }
  }

  private static String string(JsonParser p, JsonToken t, String path)
      throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(path, "a string", t);
    }
    return p.getText();
  }

  private static boolean bool(JsonParser p, JsonToken t, String path)
      throws InvalidEntryException {
    if (t == JsonToken.VALUE_TRUE) {
      return true;
    }
    if (t == JsonToken.VALUE_FALSE) {
      return false;
    }
    throw wrongType(path, "a boolean", t);
  }

  private static Map<String, String> stringMap(JsonParser p, JsonToken t, String path)
      throws IOException, InvalidEntryException {
    expectObject(p, t, path);
    TreeMap<String, String> m = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      if (v != JsonToken.VALUE_STRING) {
        throw wrongType(path + '.' + quoteSegment(key), "a string", v);
      }
      if (m == null) {
        m = new TreeMap<>();
      }
      m.put(key, p.getText());
    }
    return m == null ? Collections.emptyMap() : Collections.unmodifiableMap(m);
  }

  private static long timestamp(JsonParser p, JsonToken t, String path, Entry e)
      throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType(path, "an RFC 3339 timestamp string", t);
    }
    long fast = FastTimestamps.parseUtc(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (fast != FastTimestamps.NOT_SIMPLE) {
      return fast;
    }
    CharSequence text = e.view.of(p);
    try {
      return Timestamps.parse(text);
    } catch (RuntimeException ex) {
      throw new InvalidEntryException(
          Reason.INVALID_TIMESTAMP,
          path + ": '" + abbreviate(text) + "' is not an RFC 3339 timestamp (" + ex.getMessage() + ")");
    }
  }

  private static long latency(JsonParser p, JsonToken t, Entry e)
      throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING) {
      throw wrongType("httpRequest.latency", "a Duration string like \"0.25s\"", t);
    }
    CharSequence text = e.view.of(p);
    if (text.length() == 0) {
      return HttpRequest.ABSENT;
    }
    long nanos;
    try {
      nanos = Durations.parse(text);
    } catch (RuntimeException ex) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE,
          "httpRequest.latency: '" + abbreviate(text) + "' is not a Duration (" + ex.getMessage() + ")");
    }
    if (nanos < 0) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "httpRequest.latency: negative Duration '" + abbreviate(text) + "'");
    }
    return nanos;
  }

  /** An int64 as the REST API writes it (a string) or as a JSON number; must be >= 0. */
  private static long int64(JsonParser p, JsonToken t, String path)
      throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType(path, "an integer (string or number)", t);
    }
    if (t == JsonToken.VALUE_STRING && p.getTextLength() == 0) {
      return HttpRequest.ABSENT;
    }
    long v = parseNonNegative(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (v < 0) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE,
          path + ": expected a non-negative int64, got " + quoted(p, t));
    }
    return v;
  }

  private static int httpStatus(JsonParser p, JsonToken t)
      throws IOException, InvalidEntryException {
    if (t != JsonToken.VALUE_STRING && t != JsonToken.VALUE_NUMBER_INT) {
      throw wrongType("httpRequest.status", "an integer", t);
    }
    long v = parseNonNegative(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
    if (v < 0) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "httpRequest.status: expected an integer, got " + quoted(p, t));
    }
    if (v > 999) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "httpRequest.status: " + v + " is not an HTTP status (0–999)");
    }
    return (int) v;
  }

  private static Severity severity(JsonParser p, JsonToken t)
      throws IOException, InvalidEntryException {
    if (t == JsonToken.VALUE_STRING) {
      char[] buf = p.getTextCharacters();
      int off = p.getTextOffset();
      int len = p.getTextLength();
      Severity s = exactSeverity(buf, off, len);
      if (s != null) {
        return s;
      }
      if (allDigits(buf, off, len)) {
        return numericSeverity(parseNonNegative(buf, off, len), p, t);
      }
      s = Severity.parse(p.getText());
      return s == null ? Severity.DEFAULT : s; // unknown names: liberal, see class javadoc
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return numericSeverity(
          parseNonNegative(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()), p, t);
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "severity: expected an integer 0–800, got " + abbreviate(p.getText()));
    }
    throw wrongType("severity", "a severity name or number", t);
  }

  private static Severity numericSeverity(long v, JsonParser p, JsonToken t)
      throws IOException, InvalidEntryException {
    if (v < 0 || v > Severity.EMERGENCY.number()) {
      throw new InvalidEntryException(
          Reason.WRONG_TYPE, "severity: " + quoted(p, t) + " is out of range 0–800");
    }
    return Severity.fromNumber((int) v);
  }

  /** The canonical upper-case names, matched without allocating. */
  private static Severity exactSeverity(char[] b, int off, int len) {
    switch (len) {
      case 4:
        return eq(b, off, "INFO") ? Severity.INFO : null;
      case 5:
        if (eq(b, off, "ERROR")) {
          return Severity.ERROR;
        }
        if (eq(b, off, "DEBUG")) {
          return Severity.DEBUG;
        }
        return eq(b, off, "ALERT") ? Severity.ALERT : null;
      case 6:
        return eq(b, off, "NOTICE") ? Severity.NOTICE : null;
      case 7:
        if (eq(b, off, "WARNING")) {
          return Severity.WARNING;
        }
        return eq(b, off, "DEFAULT") ? Severity.DEFAULT : null;
      case 8:
        return eq(b, off, "CRITICAL") ? Severity.CRITICAL : null;
      case 9:
        return eq(b, off, "EMERGENCY") ? Severity.EMERGENCY : null;
      default:
        return null;
    }
  }

  private static boolean eq(char[] b, int off, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[off + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allDigits(char[] b, int off, int len) {
    if (len == 0) {
      return false;
    }
    for (int i = off; i < off + len; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return false;
      }
    }
    return true;
  }

  /** Decimal digits only, at most 18 of them (no overflow); -1 when not that. */
  private static long parseNonNegative(char[] b, int off, int len) {
    if (len == 0 || len > 18) {
      return -1;
    }
    long v = 0;
    for (int i = off; i < off + len; i++) {
      char c = b[i];
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  private static InvalidEntryException wrongType(String path, String expected, JsonToken got) {
    return new InvalidEntryException(
        Reason.WRONG_TYPE, path + ": expected " + expected + ", got " + describe(got));
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "nothing";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }

  private static String quoted(JsonParser p, JsonToken t) throws IOException {
    String text = abbreviate(p.getText());
    return t == JsonToken.VALUE_STRING ? "the string \"" + text + "\"" : text;
  }

  /** Cloud Logging path syntax for a map key: quoted unless it is a plain identifier. */
  private static String quoteSegment(String key) {
    boolean plain = !key.isEmpty();
    for (int i = 0; i < key.length() && plain; i++) {
      char c = key.charAt(i);
      plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    return plain ? key : '"' + key.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String abbreviate(CharSequence s) {
    return s.length() <= 100 ? s.toString() : s.subSequence(0, 100) + "…";
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
    return m.replace("Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ", "");
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

  // ---------------------------------------------------------------------------------------------
  // Per-call state

  /** A CharSequence over Jackson's current text buffer, reused within one parse. */
  private static final class CharsView implements CharSequence {
    private char[] buf;
    private int off;
    private int len;

    CharSequence of(JsonParser p) throws IOException {
      buf = p.getTextCharacters();
      off = p.getTextOffset();
      len = p.getTextLength();
      return this;
    }

    @Override
    public int length() {
      return len;
    }

    @Override
    public char charAt(int index) {
      if (index < 0 || index >= len) {
        throw new IndexOutOfBoundsException("index " + index + ", length " + len);
      }
      return buf[off + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return toString().substring(start, end);
    }

    @Override
    public String toString() {
      return new String(buf, off, len);
    }
  }

  private static final String[] NO_STRINGS = new String[0];

  /** Up to this many leaves are sorted by binary insertion on sort prefixes; more by merge sort. */
  private static final int PRESORT_MAX = 256;

  /** Everything read from one entry; lives for one {@link #parse} call. */
  private static final class Entry {
    final int size;
    final StringBuilder path = new StringBuilder(64);
    final CharsView view = new CharsView();
    String[] keys = NO_STRINGS;
    String[] values = NO_STRINGS;
    int leaves;

    String insertId = "";
    boolean hasTimestamp;
    long timestampNanos;
    boolean hasReceive;
    long receiveNanos;
    Severity severity = Severity.DEFAULT;
    String logName = "";
    String resourceType = "";
    Map<String, String> resourceLabels = Collections.emptyMap();
    Map<String, String> labels = Collections.emptyMap();
    PayloadKind payloadKind = PayloadKind.NONE;
    String textPayload = "";
    HttpRequest http;
    String trace = "";
    String spanId = "";
    String operationId = "";
    String operationProducer = "";
    boolean operationFirst;
    boolean operationLast;

    // Message candidates from the payloads.
    String jsonMessage;
    String jsonMsg;
    String jsonLog;
    String jsonError;
    String protoType = "";
    String methodName = "";
    String serviceName = "";
    String statusCode = "";
    String statusMessage = "";
    String rlMethod = "";
    String rlResource = "";
    String rlStatus = "";
    String lineSeverity;
    String lineMessage;
    String bestLine;
    Severity bestLineSeverity;

    Entry(int size) {
      this.size = size;
    }

    void addLeaf(String key, String value) {
      if (leaves == keys.length) {
        int n = Math.max(16, leaves * 2);
        keys = java.util.Arrays.copyOf(keys, n);
        values = java.util.Arrays.copyOf(values, n);
      }
      keys[leaves] = key;
      values[leaves] = value;
      leaves++;
    }

    /**
     * The leaves as FieldValues, sorted stably by key. Keys of one entry share long prefixes
     * ({@code protoPayload␟…}), so each key gets a 64-bit sort prefix: its four characters after
     * the prefix all keys share. Most comparisons are then one unsigned long comparison; only ties
     * compare the strings. Binary insertion sort (stable) suits the typical 5–50 leaves; large
     * payloads use a stable merge sort (Arrays.sort on objects).
     */
    FieldValues payload() {
      int n = leaves;
      if (n == 0) {
        return FieldValues.EMPTY;
      }
      String[] k = java.util.Arrays.copyOf(keys, n);
      String[] v = java.util.Arrays.copyOf(values, n);
      if (n == 1) {
        return FieldValues.ofSorted(k, v);
      }
      if (n > PRESORT_MAX) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> k[a].compareTo(k[b])); // stable
        String[] sk = new String[n];
        String[] sv = new String[n];
        for (int i = 0; i < n; i++) {
          sk[i] = k[order[i]];
          sv[i] = v[order[i]];
        }
        return FieldValues.ofSorted(sk, sv);
      }
      int common = k[0].length();
      for (int i = 1; i < n && common > 0; i++) {
        common = Math.min(common, commonPrefix(k[0], k[i], common));
      }
      long[] pre = new long[n];
      for (int i = 0; i < n; i++) {
        pre[i] = sortPrefix(k[i], common);
      }
      for (int i = 1; i < n; i++) {
        long p = pre[i];
        String key = k[i];
        String val = v[i];
        int lo = 0;
        int hi = i;
        while (lo < hi) { // first position whose key is greater (keeps ties in order)
          int mid = (lo + hi) >>> 1;
          int c = Long.compareUnsigned(p, pre[mid]);
          if (c == 0) {
            c = key.compareTo(k[mid]);
          }
          if (c < 0) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        if (lo < i) {
          System.arraycopy(pre, lo, pre, lo + 1, i - lo);
          System.arraycopy(k, lo, k, lo + 1, i - lo);
          System.arraycopy(v, lo, v, lo + 1, i - lo);
          pre[lo] = p;
          k[lo] = key;
          v[lo] = val;
        }
      }
      return FieldValues.ofSorted(k, v);
    }

    private static int commonPrefix(String a, String b, int max) {
      int m = Math.min(max, b.length());
      for (int i = 0; i < m; i++) {
        if (a.charAt(i) != b.charAt(i)) {
          return i;
        }
      }
      return m;
    }

    /**
     * Characters [from, from+4) as an unsigned number, 0-padded: ordered like the strings (a
     * shorter string pads with 0, which ties with a real U+0000 and falls to the full compare).
     */
    private static long sortPrefix(String s, int from) {
      long r = 0;
      for (int i = from; i < from + 4; i++) {
        r = (r << 16) | (i < s.length() ? s.charAt(i) : 0);
      }
      return r;
    }

    void capture(int role, String v) {
      switch (role) {
        case R_JSON_MESSAGE:
          jsonMessage = v;
          break;
        case R_JSON_MSG:
          jsonMsg = v;
          break;
        case R_JSON_LOG:
          jsonLog = v;
          break;
        case R_JSON_ERROR:
        case R_JSON_ERROR_MESSAGE:
          jsonError = v;
          break;
        case R_PROTO_TYPE:
          protoType = v;
          break;
        case R_PROTO_METHOD_NAME:
          methodName = v;
          break;
        case R_PROTO_SERVICE_NAME:
          serviceName = v;
          break;
        case R_PROTO_STATUS:
          rlStatus = v; // RequestLog: status is an integer
          break;
        case R_PROTO_STATUS_CODE:
          statusCode = v; // AuditLog: status is google.rpc.Status
          break;
        case R_PROTO_STATUS_MESSAGE:
          statusMessage = v;
          break;
        case R_PROTO_METHOD:
          rlMethod = v;
          break;
        case R_PROTO_RESOURCE:
          rlResource = v;
          break;
        case R_LINE_SEVERITY:
          lineSeverity = v;
          break;
        case R_LINE_MESSAGE:
          lineMessage = v;
          break;
        default:
          break;
      }
    }

    /** End of one RequestLog line: keep the most severe message (first on ties). */
    void offerLine() {
      if (lineMessage == null || lineMessage.isEmpty()) {
        return;
      }
      Severity s = Severity.parse(lineSeverity);
      if (s == null) {
        s = Severity.DEFAULT;
      }
      if (bestLine == null || s.compareTo(bestLineSeverity) > 0) {
        bestLine = lineMessage;
        bestLineSeverity = s;
      }
    }

    LogEvent build() throws InvalidEntryException {
      long ts;
      if (hasTimestamp) {
        ts = timestampNanos;
      } else if (hasReceive) {
        ts = receiveNanos;
      } else {
        throw new InvalidEntryException(
            Reason.MISSING_TIMESTAMP, "entry has neither timestamp nor receiveTimestamp");
      }
      String logId = LogNames.logId(logName);
      String projectId = resourceLabels.get("project_id");
      if (projectId == null || projectId.isEmpty()) {
        projectId = LogNames.projectId(logName);
      }
      boolean audit = !methodName.isEmpty() && !isRequestLog();
      String service =
          ServiceDeriver.derive(
              resourceType, resourceLabels, labels, logId, audit ? serviceName : "");
      return LogEvent.builder()
          .setInsertId(insertId)
          .setTimestampNanos(ts)
          .setReceiveTimestampNanos(hasReceive ? receiveNanos : 0L)
          .setSeverity(severity)
          .setLogName(logName)
          .setLogId(logId)
          .setProjectId(projectId)
          .setResourceType(resourceType)
          .setResourceLabels(resourceLabels)
          .setLabels(labels)
          .setService(service)
          .setMessage(message(audit))
          .setPayloadKind(payloadKind)
          .setHttpRequest(http)
          .setTrace(trace)
          .setSpanId(spanId)
          .setOperationId(operationId)
          .setOperationProducer(operationProducer)
          .setOperationFirst(operationFirst)
          .setOperationLast(operationLast)
          .setPayload(payload())
          .setSizeBytes(size)
          .build();
    }

    private boolean isRequestLog() {
      return protoType.endsWith("appengine.logging.v1.RequestLog");
    }

    private String message(boolean audit) {
      if (!textPayload.isEmpty()) {
        return textPayload;
      }
      if (nonEmpty(jsonMessage)) {
        return jsonMessage;
      }
      if (nonEmpty(jsonMsg)) {
        return jsonMsg;
      }
      if (nonEmpty(jsonLog)) {
        return jsonLog;
      }
      if (nonEmpty(jsonError)) {
        return jsonError;
      }
      if (isRequestLog()) {
        if (bestLine != null) {
          return bestLine;
        }
        String line = requestLine(rlMethod, rlResource, parseStatus(rlStatus));
        if (!line.isEmpty()) {
          return line;
        }
      }
      if (audit) {
        return auditMessage();
      }
      if (http != null) {
        return requestLine(http.requestMethod(), http.requestUrl(), http.status());
      }
      return "";
    }

    private String auditMessage() {
      int code = parseStatus(statusCode);
      if (code == 0) {
        return statusMessage.isEmpty() ? methodName : methodName + ": " + statusMessage;
      }
      String name = code > 0 && code < RPC_CODES.length ? RPC_CODES[code] : "CODE_" + statusCode;
      return statusMessage.isEmpty()
          ? methodName + ": " + name
          : methodName + ": " + name + ' ' + statusMessage;
    }

    private static int parseStatus(String s) {
      if (s.isEmpty() || s.length() > 9) {
        return 0;
      }
      int v = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return 0;
        }
        v = v * 10 + (c - '0');
      }
      return v;
    }

    private static String requestLine(String method, String url, int status) {
      StringBuilder sb = new StringBuilder();
      if (!method.isEmpty()) {
        sb.append(method);
      }
      if (!url.isEmpty()) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        appendPath(sb, url);
      }
      if (status != 0) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(status);
      }
      return sb.toString();
    }

    /** Same as {@link HttpRequest#path()}, appended without building an HttpRequest. */
    private static void appendPath(StringBuilder sb, String url) {
      int start = 0;
      int scheme = url.indexOf("://");
      if (scheme >= 0) {
        int slash = url.indexOf('/', scheme + 3);
        start = slash < 0 ? url.length() : slash;
      }
      int end = url.length();
      for (int i = start; i < end; i++) {
        char c = url.charAt(i);
        if (c == '?' || c == '#') {
          end = i;
          break;
        }
      }
      if (end > start) {
        sb.append(url, start, end);
      } else {
        sb.append('/');
      }
    }

    private static boolean nonEmpty(String s) {
      return s != null && !s.isEmpty();
    }
  }
}
