package dev.logalerts.parse;

import static dev.logalerts.parse.JsonValues.bool;
import static dev.logalerts.parse.JsonValues.expectObject;
import static dev.logalerts.parse.JsonValues.httpStatus;
import static dev.logalerts.parse.JsonValues.int64;
import static dev.logalerts.parse.JsonValues.latency;
import static dev.logalerts.parse.JsonValues.severity;
import static dev.logalerts.parse.JsonValues.string;
import static dev.logalerts.parse.JsonValues.stringMap;
import static dev.logalerts.parse.JsonValues.timestamp;
import static dev.logalerts.parse.PayloadFlattener.R_JSON_ROOT;
import static dev.logalerts.parse.PayloadFlattener.R_NONE;
import static dev.logalerts.parse.PayloadFlattener.R_PROTO_ROOT;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.PayloadKind;
import java.io.IOException;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads the top-level fields of a LogEntry object from a streaming parser into a {@link
 * ParsedEntry}: the typed fields, {@code resource}, {@code httpRequest}, {@code operation}, and the
 * payloads through {@link PayloadFlattener}. Static helpers of {@link LogEntryParser}, the same for
 * its Jackson and its fast path.
 */
final class EntryReader {
  private EntryReader() {}

  static void readEntry(JsonParser p, ParsedEntry e, PayloadFlattener payload)
      throws IOException, InvalidEntryException {
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
          e.logName =
              p instanceof FastJsonParser && t == JsonToken.VALUE_STRING
                  ? RepeatedStrings.LOG_NAMES.of((FastJsonParser) p)
                  : LogNames.Parts.of(string(p, t, "logName"));
          break;
        case "resource":
          RepeatedObjects.RESOURCES.read(p, t, EntryReader::readResource).setIn(e);
          break;
        case "labels":
          e.labels = RepeatedObjects.LABELS.read(p, t, (q, u) -> stringMap(q, u, "labels"));
          break;
        case "textPayload":
          e.textPayload = string(p, t, "textPayload");
          e.payloadKind = PayloadKind.TEXT;
          break;
        case "jsonPayload":
          expectObject(p, t, "jsonPayload");
          e.payloadKind = PayloadKind.JSON;
          payload.flattenTop(p, e, "jsonPayload", R_JSON_ROOT);
          break;
        case "protoPayload":
          expectObject(p, t, "protoPayload");
          e.payloadKind = PayloadKind.PROTO;
          payload.flattenTop(p, e, "protoPayload", R_PROTO_ROOT);
          break;
        case "sourceLocation":
        case "split":
          expectObject(p, t, name);
          payload.flattenTop(p, e, name, R_NONE);
          break;
        case "httpRequest":
          e.http = readHttp(p, t, e, payload);
          break;
        case "trace":
          e.trace = string(p, t, "trace");
          break;
        case "spanId":
          e.spanId = string(p, t, "spanId");
          break;
        case "traceSampled":
          keepScalar(payload, e, bool(p, t, "traceSampled"), TRACE_SAMPLED);
          break;
        case "operation":
          readOperation(p, t, e);
          break;
        default:
          if (ForeignShapes.marksForeign(name)
              && (e.foreignKey == null || ForeignShapes.outranks(name, e.foreignKey))) {
            e.foreignKey = name;
          }
          p.skipChildren();
          break;
      }
    }
  }

  /** What a {@code resource} object sets: its type and labels, each null when it has none. */
  static final class Resource {
    final @Nullable String type;
    final @Nullable Map<String, String> labels;

    Resource(@Nullable String type, @Nullable Map<String, String> labels) {
      this.type = type;
      this.labels = labels;
    }

    void setIn(ParsedEntry e) {
      if (type != null) {
        e.resourceType = type;
      }
      if (labels != null) {
        e.resourceLabels = labels;
      }
    }
  }

  private static Resource readResource(JsonParser p, JsonToken t)
      throws IOException, InvalidEntryException {
    expectObject(p, t, "resource");
    String type = null;
    Map<String, String> labels = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (v == JsonToken.VALUE_NULL) {
        continue;
      }
      if (name.equals("type")) {
        type = string(p, v, "resource.type");
      } else if (name.equals("labels")) {
        labels = stringMap(p, v, "resource.labels");
      } else {
        p.skipChildren();
      }
    }
    return new Resource(type, labels);
  }

  private static void readOperation(JsonParser p, JsonToken t, ParsedEntry e)
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

  private static HttpRequest readHttp(
      JsonParser p, JsonToken t, ParsedEntry e, PayloadFlattener payload)
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
          keepScalar(payload, e, int64(p, v, "httpRequest.cacheFillBytes"), CACHE_FILL_BYTES);
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
          keepScalar(payload, e, bool(p, v, "httpRequest.cacheLookup"), CACHE_LOOKUP);
          break;
        case "cacheValidatedWithOriginServer":
          keepScalar(
              payload,
              e,
              bool(p, v, "httpRequest.cacheValidatedWithOriginServer"),
              CACHE_VALIDATED);
          break;
        default:
          p.skipChildren();
          break;
      }
    }
    return b.build();
  }

  /**
   * A typed LogEntry field the event has no slot of its own for (traceSampled, the Cloud CDN cache
   * fields of httpRequest), kept with the payload leaves under its own path so that filters can
   * read it. One key instance per field, shared by every entry that has it.
   */
  private static final class KeptScalar {
    final String[] path;
    final String key;

    KeptScalar(String... path) {
      this.path = path;
      this.key = FieldValues.key(path);
    }
  }

  private static final KeptScalar TRACE_SAMPLED = new KeptScalar("traceSampled");
  private static final KeptScalar CACHE_LOOKUP = new KeptScalar("httpRequest", "cacheLookup");
  private static final KeptScalar CACHE_FILL_BYTES =
      new KeptScalar("httpRequest", "cacheFillBytes");
  private static final KeptScalar CACHE_VALIDATED =
      new KeptScalar("httpRequest", "cacheValidatedWithOriginServer");

  private static void keepScalar(
      PayloadFlattener payload, ParsedEntry e, Object value, KeptScalar field) {
    if (payload.keeps(field.path)) {
      e.addLeaf(field.key, String.valueOf(value));
    }
  }
}
