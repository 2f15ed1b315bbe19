package dev.logalerts.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A LogEntry field path ({@code resource.labels.container_name}, {@code labels."k8s-pod/app"},
 * {@code jsonPayload.user.id}, {@code httpRequest.latency}) resolved once, at rule-load time, to an
 * accessor on {@link LogEvent}. Evaluating it per entry is a field read or one binary search in
 * {@link LogEvent#payload()}; no JSON is re-read and nothing is allocated for typed fields.
 *
 * <p>Besides LogEntry's own fields it knows the derived {@code service}, {@code message} and {@code
 * logId} (also {@code log_id}) and {@code projectId}.
 */
public final class FieldPath implements Serializable {

  /** How values at this path compare. */
  public enum Kind {
    STRING,
    NUMBER,
    /** Compares in severity order; {@link #number} is Cloud Logging's numeric severity. */
    SEVERITY,
    /** {@link #number} is seconds; string forms are Duration strings ("0.25s"). */
    DURATION,
    BOOLEAN,
    /** A payload leaf: a string that may hold a number. */
    DYNAMIC
  }

  private enum Target {
    INSERT_ID,
    TIMESTAMP,
    RECEIVE_TIMESTAMP,
    SEVERITY,
    LOG_NAME,
    LOG_ID,
    PROJECT_ID,
    RESOURCE_TYPE,
    RESOURCE_LABEL,
    RESOURCE_LABELS,
    LABEL,
    LABELS,
    SERVICE,
    MESSAGE,
    TEXT_PAYLOAD,
    TRACE,
    SPAN_ID,
    OPERATION,
    OPERATION_ID,
    OPERATION_PRODUCER,
    OPERATION_FIRST,
    OPERATION_LAST,
    HTTP,
    HTTP_METHOD,
    HTTP_URL,
    HTTP_STATUS,
    HTTP_REQUEST_SIZE,
    HTTP_RESPONSE_SIZE,
    HTTP_LATENCY,
    HTTP_REMOTE_IP,
    HTTP_SERVER_IP,
    HTTP_USER_AGENT,
    HTTP_REFERER,
    HTTP_PROTOCOL,
    HTTP_CACHE_HIT,
    PAYLOAD,
    UNKNOWN
  }

  private final List<String> segments;
  private final Target target;

  /** Label key for label targets; payload key for PAYLOAD. */
  private final String arg;

  private final Kind kind;

  private FieldPath(List<String> segments, Target target, String arg, Kind kind) {
    this.segments = segments;
    this.target = target;
    this.arg = arg;
    this.kind = kind;
  }

  /**
   * Parses dotted path text; segments may be double-quoted ({@code labels."k8s-pod/app"}) with
   * backslash escapes. Throws IllegalArgumentException naming the position on malformed text.
   */
  public static FieldPath parse(String text) {
    List<String> segs = new ArrayList<>();
    int i = 0;
    int n = text.length();
    if (n == 0) {
      throw new IllegalArgumentException("empty field path");
    }
    while (true) {
      StringBuilder seg = new StringBuilder();
      if (i < n && text.charAt(i) == '"') {
        int start = i++;
        boolean closed = false;
        while (i < n) {
          char c = text.charAt(i++);
          if (c == '\\' && i < n) {
            seg.append(text.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            seg.append(c);
          }
        }
        if (!closed) {
          throw new IllegalArgumentException(
              "unterminated quoted segment at position "
                  + (start + 1)
                  + " in field path '"
                  + text
                  + "'");
        }
      } else {
        while (i < n && text.charAt(i) != '.') {
          char c = text.charAt(i);
          if (Character.isWhitespace(c) || c == '"') {
            throw new IllegalArgumentException(
                "unexpected '" + c + "' at position " + (i + 1) + " in field path '" + text + "'");
          }
          seg.append(c);
          i++;
        }
      }
      if (seg.length() == 0) {
        throw new IllegalArgumentException(
            "empty segment at position " + (i + 1) + " in field path '" + text + "'");
      }
      segs.add(seg.toString());
      if (i >= n) {
        break;
      }
      if (text.charAt(i) != '.') {
        throw new IllegalArgumentException(
            "expected '.' at position " + (i + 1) + " in field path '" + text + "'");
      }
      i++;
      if (i >= n) {
        throw new IllegalArgumentException("field path '" + text + "' ends with '.'");
      }
    }
    return of(segs);
  }

  /**
   * Resolves already-split segments. Unknown top-level fields resolve to an always-missing path.
   */
  public static FieldPath of(List<String> segments) {
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("empty field path");
    }
    List<String> segs = Collections.unmodifiableList(new ArrayList<>(segments));
    String head = segs.get(0);
    int size = segs.size();
    String rest = size > 1 ? segs.get(1) : null;
    switch (head) {
      case "insertId":
        return simple(segs, Target.INSERT_ID, Kind.STRING);
      case "timestamp":
        return simple(segs, Target.TIMESTAMP, Kind.STRING);
      case "receiveTimestamp":
        return simple(segs, Target.RECEIVE_TIMESTAMP, Kind.STRING);
      case "severity":
        return simple(segs, Target.SEVERITY, Kind.SEVERITY);
      case "logName":
        return simple(segs, Target.LOG_NAME, Kind.STRING);
      case "logId":
      case "log_id":
        return simple(segs, Target.LOG_ID, Kind.STRING);
      case "projectId":
      case "project_id":
        return simple(segs, Target.PROJECT_ID, Kind.STRING);
      case "service":
        return simple(segs, Target.SERVICE, Kind.STRING);
      case "message":
        return simple(segs, Target.MESSAGE, Kind.STRING);
      case "textPayload":
        return simple(segs, Target.TEXT_PAYLOAD, Kind.STRING);
      case "trace":
        return simple(segs, Target.TRACE, Kind.STRING);
      case "spanId":
        return simple(segs, Target.SPAN_ID, Kind.STRING);
      case "resource":
        if (size == 2 && rest.equals("type")) {
          return simple(segs, Target.RESOURCE_TYPE, Kind.STRING);
        }
        if (size == 2 && rest.equals("labels")) {
          return simple(segs, Target.RESOURCE_LABELS, Kind.STRING);
        }
        if (size >= 3 && rest.equals("labels")) {
          return new FieldPath(segs, Target.RESOURCE_LABEL, joinTail(segs, 2), Kind.STRING);
        }
        break;
      case "labels":
        if (size == 1) {
          return simple(segs, Target.LABELS, Kind.STRING);
        }
        return new FieldPath(segs, Target.LABEL, joinTail(segs, 1), Kind.STRING);
      case "operation":
        if (size == 1) {
          return simple(segs, Target.OPERATION, Kind.STRING);
        }
        if (size == 2) {
          switch (rest) {
            case "id":
              return simple(segs, Target.OPERATION_ID, Kind.STRING);
            case "producer":
              return simple(segs, Target.OPERATION_PRODUCER, Kind.STRING);
            case "first":
              return simple(segs, Target.OPERATION_FIRST, Kind.BOOLEAN);
            case "last":
              return simple(segs, Target.OPERATION_LAST, Kind.BOOLEAN);
            default:
              break;
          }
        }
        break;
      case "httpRequest":
        if (size == 1) {
          return simple(segs, Target.HTTP, Kind.STRING);
        }
        if (size == 2) {
          switch (rest) {
            case "requestMethod":
              return simple(segs, Target.HTTP_METHOD, Kind.STRING);
            case "requestUrl":
              return simple(segs, Target.HTTP_URL, Kind.STRING);
            case "status":
              return simple(segs, Target.HTTP_STATUS, Kind.NUMBER);
            case "requestSize":
              return simple(segs, Target.HTTP_REQUEST_SIZE, Kind.NUMBER);
            case "responseSize":
              return simple(segs, Target.HTTP_RESPONSE_SIZE, Kind.NUMBER);
            case "latency":
              return simple(segs, Target.HTTP_LATENCY, Kind.DURATION);
            case "remoteIp":
              return simple(segs, Target.HTTP_REMOTE_IP, Kind.STRING);
            case "serverIp":
              return simple(segs, Target.HTTP_SERVER_IP, Kind.STRING);
            case "userAgent":
              return simple(segs, Target.HTTP_USER_AGENT, Kind.STRING);
            case "referer":
              return simple(segs, Target.HTTP_REFERER, Kind.STRING);
            case "protocol":
              return simple(segs, Target.HTTP_PROTOCOL, Kind.STRING);
            case "cacheHit":
              return simple(segs, Target.HTTP_CACHE_HIT, Kind.BOOLEAN);
            case "cacheLookup":
            case "cacheFillBytes":
            case "cacheValidatedWithOriginServer":
              return payload(segs); // kept with the payload leaves (the parser's keepScalar)
            default:
              break;
          }
        }
        break;
      case "jsonPayload":
      case "protoPayload":
      case "sourceLocation":
      case "split":
      case "traceSampled": // a scalar kept with the payload leaves (the parser's keepScalar)
        return payload(segs);
      default:
        break;
    }
    return simple(segs, Target.UNKNOWN, Kind.STRING);
  }

  private static FieldPath payload(List<String> segs) {
    return new FieldPath(segs, Target.PAYLOAD, FieldValues.key(segs), Kind.DYNAMIC);
  }

  private static FieldPath simple(List<String> segs, Target t, Kind k) {
    return new FieldPath(segs, t, "", k);
  }

  /** Label keys may themselves contain dots: {@code labels.a.b} means the key "a.b". */
  private static String joinTail(List<String> segs, int from) {
    return String.join(".", segs.subList(from, segs.size()));
  }

  public List<String> segments() {
    return segments;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * True when its values are payload leaves ({@link LogEvent#payload()}): a path under {@code
   * jsonPayload}, {@code protoPayload}, {@code sourceLocation} or {@code split}, or one of the
   * LogEntry scalars kept with them ({@code traceSampled}, the Cloud CDN fields of httpRequest).
   */
  public boolean isPayload() {
    return target == Target.PAYLOAD;
  }

  /** True when this path names a field this pipeline knows (LogEntry, payload or derived). */
  public boolean isKnown() {
    return target != Target.UNKNOWN;
  }

  /**
   * Which of the values entries share this path reads (log name, log id, resource type, resource
   * labels or labels: a number per kind), or -1: paths with the same number read the same immutable
   * object, {@link #sharedSource}, so their values are the same for every entry that holds that
   * instance.
   */
  public int sharedSourceKind() {
    switch (target) {
      case LOG_NAME:
      case LOG_ID:
      case RESOURCE_TYPE:
      case RESOURCE_LABEL:
      case LABEL:
        return target.ordinal();
      default:
        return -1;
    }
  }

  /** The object of {@code e} this path reads its value from (see {@link #sharedSourceKind}). */
  public @Nullable Object sharedSource(LogEvent e) {
    switch (target) {
      case LOG_NAME:
        return e.logName();
      case LOG_ID:
        return e.logId();
      case RESOURCE_TYPE:
        return e.resourceType();
      case RESOURCE_LABEL:
        return e.resourceLabels();
      case LABEL:
        return e.labels();
      default:
        return null;
    }
  }

  /** The first value at this path as text, or null when the entry has none. */
  public @Nullable String value(LogEvent e) {
    HttpRequest h;
    switch (target) {
      case INSERT_ID:
        return emptyToNull(e.insertId());
      case TIMESTAMP:
        return Timestamps.format(e.timestampNanos());
      case RECEIVE_TIMESTAMP:
        return e.receiveTimestampNanos() == 0 ? null : Timestamps.format(e.receiveTimestampNanos());
      case SEVERITY:
        return e.severity().name();
      case LOG_NAME:
        return emptyToNull(e.logName());
      case LOG_ID:
        return emptyToNull(e.logId());
      case PROJECT_ID:
        return emptyToNull(e.projectId());
      case RESOURCE_TYPE:
        return emptyToNull(e.resourceType());
      case RESOURCE_LABEL:
        return e.resourceLabels().get(arg);
      case LABEL:
        return e.labels().get(arg);
      case SERVICE:
        return emptyToNull(e.service());
      case MESSAGE:
        return emptyToNull(e.message());
      case TEXT_PAYLOAD:
        return e.payloadKind() == PayloadKind.TEXT ? e.message() : null;
      case TRACE:
        return emptyToNull(e.trace());
      case SPAN_ID:
        return emptyToNull(e.spanId());
      case OPERATION_ID:
        return emptyToNull(e.operationId());
      case OPERATION_PRODUCER:
        return emptyToNull(e.operationProducer());
      case OPERATION_FIRST:
        return e.operationId().isEmpty() ? null : Boolean.toString(e.operationFirst());
      case OPERATION_LAST:
        return e.operationId().isEmpty() ? null : Boolean.toString(e.operationLast());
      case PAYLOAD:
        return e.payload().first(arg);
      default:
        break;
    }
    h = e.httpRequest();
    if (h == null) {
      return null;
    }
    switch (target) {
      case HTTP_METHOD:
        return emptyToNull(h.requestMethod());
      case HTTP_URL:
        return emptyToNull(h.requestUrl());
      case HTTP_STATUS:
        return h.status() == 0 ? null : Integer.toString(h.status());
      case HTTP_REQUEST_SIZE:
        return h.requestSize() < 0 ? null : Long.toString(h.requestSize());
      case HTTP_RESPONSE_SIZE:
        return h.responseSize() < 0 ? null : Long.toString(h.responseSize());
      case HTTP_LATENCY:
        return h.latencyNanos() < 0 ? null : Durations.format(h.latencyNanos());
      case HTTP_REMOTE_IP:
        return emptyToNull(h.remoteIp());
      case HTTP_SERVER_IP:
        return emptyToNull(h.serverIp());
      case HTTP_USER_AGENT:
        return emptyToNull(h.userAgent());
      case HTTP_REFERER:
        return emptyToNull(h.referer());
      case HTTP_PROTOCOL:
        return emptyToNull(h.protocol());
      case HTTP_CACHE_HIT:
        return Boolean.toString(h.cacheHit());
      default:
        return null;
    }
  }

  /**
   * True when any value at this path satisfies the test (payload arrays hold several values; whole
   * label maps offer each value). False when the path is missing.
   */
  public boolean anyValue(LogEvent e, Predicate<String> test) {
    switch (target) {
      case PAYLOAD:
        {
          FieldValues p = e.payload();
          int i = p.indexOf(arg);
          if (i < 0) {
            return false;
          }
          for (; i < p.size() && p.keyAt(i).equals(arg); i++) {
            if (test.test(p.valueAt(i))) {
              return true;
            }
          }
          return false;
        }
      case LABELS:
        return e.labels().values().stream().anyMatch(test);
      case RESOURCE_LABELS:
        return e.resourceLabels().values().stream().anyMatch(test);
      default:
        String v = value(e);
        return v != null && test.test(v);
    }
  }

  /**
   * What Cloud Logging compares when an entry lacks this field: a LogEntry scalar is "defaulted"
   * (its proto default: "", 0, false); payload and label fields are missing, and every comparison
   * on them fails. Null for those, textPayload (a oneof member) and the timestamps.
   */
  public @Nullable String defaultValue() {
    switch (target) {
      case INSERT_ID:
      case TRACE:
      case SPAN_ID:
      case OPERATION_ID:
      case OPERATION_PRODUCER:
      case HTTP_METHOD:
      case HTTP_URL:
      case HTTP_REMOTE_IP:
      case HTTP_SERVER_IP:
      case HTTP_USER_AGENT:
      case HTTP_REFERER:
      case HTTP_PROTOCOL:
        return "";
      case OPERATION_FIRST:
      case OPERATION_LAST:
      case HTTP_CACHE_HIT:
        return "false";
      case HTTP_STATUS:
      case HTTP_REQUEST_SIZE:
      case HTTP_RESPONSE_SIZE:
      case HTTP_LATENCY: // seconds
        return "0";
      case PAYLOAD:
        return KeptFieldDefaults.of(arg);
      default:
        return null;
    }
  }

  /** True when the entry has this field (for {@code path:*}); objects count when non-empty. */
  public boolean isPresent(LogEvent e) {
    switch (target) {
      case PAYLOAD:
        return e.payload().hasPrefix(arg);
      case LABELS:
        return !e.labels().isEmpty();
      case RESOURCE_LABELS:
        return !e.resourceLabels().isEmpty();
      case HTTP:
        return e.httpRequest() != null;
      case OPERATION:
        return !e.operationId().isEmpty() || !e.operationProducer().isEmpty();
      case TIMESTAMP:
        return true;
      case RECEIVE_TIMESTAMP:
        return e.receiveTimestampNanos() != 0;
      case HTTP_STATUS:
      case HTTP_REQUEST_SIZE:
      case HTTP_RESPONSE_SIZE:
      case HTTP_LATENCY:
        // What value() tests, without formatting the number (latency rules test it per entry).
        return !Double.isNaN(number(e));
      default:
        return value(e) != null;
    }
  }

  /**
   * The value as a number: status and sizes as-is, latency in seconds, severity as its number,
   * payload leaves when numeric. NaN when missing or not a number.
   */
  public double number(LogEvent e) {
    HttpRequest h = e.httpRequest();
    switch (target) {
      case SEVERITY:
        return e.severity().number();
      case HTTP_STATUS:
        return h == null || h.status() == 0 ? Double.NaN : h.status();
      case HTTP_REQUEST_SIZE:
        return h == null || h.requestSize() < 0 ? Double.NaN : h.requestSize();
      case HTTP_RESPONSE_SIZE:
        return h == null || h.responseSize() < 0 ? Double.NaN : h.responseSize();
      case HTTP_LATENCY:
        return h == null ? Double.NaN : h.latencySeconds();
      default:
        return parseNumber(value(e));
    }
  }

  /** Parses a decimal number, or NaN. */
  public static double parseNumber(@Nullable String s) {
    if (s == null || s.isEmpty()) {
      return Double.NaN;
    }
    char c = s.charAt(0);
    if (!(c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9'))) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException ex) {
      return Double.NaN;
    }
  }

  private static @Nullable String emptyToNull(String s) {
    return s.isEmpty() ? null : s;
  }

  /** The path as written in Cloud Logging syntax (segments quoted where needed). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (String s : segments) {
      if (sb.length() > 0) {
        sb.append('.');
      }
      if (s.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_' || ch == '@')) {
        sb.append(s);
      } else {
        sb.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldPath && ((FieldPath) o).segments.equals(segments);
  }

  @Override
  public int hashCode() {
    return segments.hashCode();
  }

  /** Lower-cased copy, for case-insensitive comparisons. */
  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
