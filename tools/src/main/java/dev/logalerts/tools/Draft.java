package dev.logalerts.tools;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logalerts.model.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generated LogEntry before serialization, plus the key of the template that produced its
 * message. Written in the key order Cloud Logging's exports use, so the bytes look like a real
 * export (and are stable for a seed).
 */
final class Draft {
  String templateKey;
  String insertId;
  String textPayload;
  Map<String, Object> jsonPayload;
  Map<String, Object> protoPayload;
  Map<String, Object> httpRequest;
  String resourceType;
  Map<String, String> resourceLabels;
  long timestampNanos;
  int timestampDigits = 9;
  String severity;
  Map<String, String> labels;
  String logName;
  Map<String, Object> operation;
  String trace;
  String spanId;
  Boolean traceSampled;
  Map<String, Object> sourceLocation;
  long receiveTimestampNanos;

  private static final JsonFactory JSON = new JsonFactory();

  /** Builds an insertion-ordered map from alternating keys and values; null values are skipped. */
  static Map<String, Object> obj(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put((String) kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  static Map<String, String> strings(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] != null) {
        m.put(kv[i], kv[i + 1]);
      }
    }
    return m;
  }

  /** One JSON line (without the newline), UTF-8. */
  byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("insertId", insertId);
      if (textPayload != null) {
        g.writeStringField("textPayload", textPayload);
      }
      if (jsonPayload != null) {
        g.writeFieldName("jsonPayload");
        write(g, jsonPayload);
      }
      if (protoPayload != null) {
        g.writeFieldName("protoPayload");
        write(g, protoPayload);
      }
      if (httpRequest != null) {
        g.writeFieldName("httpRequest");
        write(g, httpRequest);
      }
      g.writeObjectFieldStart("resource");
      g.writeStringField("type", resourceType);
      g.writeFieldName("labels");
      write(g, resourceLabels);
      g.writeEndObject();
      g.writeStringField("timestamp", Timestamps.format(timestampNanos, timestampDigits));
      if (severity != null) {
        g.writeStringField("severity", severity);
      }
      if (labels != null && !labels.isEmpty()) {
        g.writeFieldName("labels");
        write(g, labels);
      }
      g.writeStringField("logName", logName);
      if (operation != null) {
        g.writeFieldName("operation");
        write(g, operation);
      }
      if (trace != null) {
        g.writeStringField("trace", trace);
      }
      if (spanId != null) {
        g.writeStringField("spanId", spanId);
      }
      if (traceSampled != null) {
        g.writeBooleanField("traceSampled", traceSampled);
      }
      if (sourceLocation != null) {
        g.writeFieldName("sourceLocation");
        write(g, sourceLocation);
      }
      g.writeStringField("receiveTimestamp", Timestamps.format(receiveTimestampNanos, 9));
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List) {
      g.writeStartArray();
      for (Object o : (List<?>) v) {
        write(g, o);
      }
      g.writeEndArray();
    } else if (v instanceof String) {
      g.writeString((String) v);
    } else if (v instanceof Integer || v instanceof Long) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Double) {
      g.writeNumber((Double) v);
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else {
      throw new IllegalArgumentException("unsupported JSON value " + v);
    }
  }
}
