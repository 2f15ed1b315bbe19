package dev.logalerts.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.google.api.services.bigquery.model.TableRow;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.Timestamps;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link DeadLetter} as a row of the DataflowTemplates dead-letter table ({@code
 * schemas/deadletter.json}), for BigQuery and for the local JSON files alike: {@code timestamp}
 * (RFC 3339), {@code payloadString}, {@code payloadBytes} (base64, as BigQuery's JSON form of
 * BYTES), {@code attributes} as a repeated {key, value} record, {@code errorMessage}, {@code
 * stacktrace}.
 *
 * <p>A BigQuery row is at most 10 MB and a Pub/Sub message can be as large, so a payload above
 * {@link #MAX_PAYLOAD_BYTES} is cut and its original size recorded in the attribute {@value
 * #TRUNCATED_ATTRIBUTE}: a row that BigQuery refuses would be lost, a cut one is not.
 */
public final class DeadLetterRows {
  public static final int MAX_PAYLOAD_BYTES = 2 * 1024 * 1024;
  public static final String TRUNCATED_ATTRIBUTE = "logalerts/payloadTruncatedFrom";

  private static final JsonFactory JSON = new JsonFactory();

  private DeadLetterRows() {}

  public static TableRow toTableRow(DeadLetter d) {
    byte[] payload = payload(d);
    List<TableRow> attributes = new ArrayList<>();
    for (Map.Entry<String, String> e : attributes(d).entrySet()) {
      attributes.add(new TableRow().set("key", e.getKey()).set("value", e.getValue()));
    }
    return new TableRow()
        .set("timestamp", Timestamps.formatMillis(d.timestampMillis()))
        .set("payloadString", payloadString(d, payload))
        .set("payloadBytes", Base64.getEncoder().encodeToString(payload))
        .set("attributes", attributes)
        .set("errorMessage", d.errorMessage())
        .set("stacktrace", d.stacktrace());
  }

  /** The same row as one line of JSON (no trailing newline). */
  public static String toJson(DeadLetter d) {
    byte[] payload = payload(d);
    StringWriter w = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("timestamp", Timestamps.formatMillis(d.timestampMillis()));
      g.writeStringField("payloadString", payloadString(d, payload));
      g.writeStringField("payloadBytes", Base64.getEncoder().encodeToString(payload));
      g.writeArrayFieldStart("attributes");
      for (Map.Entry<String, String> e : attributes(d).entrySet()) {
        g.writeStartObject();
        g.writeStringField("key", e.getKey());
        g.writeStringField("value", e.getValue());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("errorMessage", d.errorMessage());
      g.writeStringField("stacktrace", d.stacktrace());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private static byte[] payload(DeadLetter d) {
    byte[] bytes = d.payloadBytes();
    return bytes.length <= MAX_PAYLOAD_BYTES ? bytes : Arrays.copyOf(bytes, MAX_PAYLOAD_BYTES);
  }

  private static String payloadString(DeadLetter d, byte[] payload) {
    return payload.length == d.payloadBytes().length
        ? d.payloadString()
        : new String(payload, StandardCharsets.UTF_8);
  }

  private static Map<String, String> attributes(DeadLetter d) {
    if (d.payloadBytes().length <= MAX_PAYLOAD_BYTES) {
      return d.attributes();
    }
    Map<String, String> attrs = new TreeMap<>(d.attributes());
    attrs.put(TRUNCATED_ATTRIBUTE, Integer.toString(d.payloadBytes().length));
    return attrs;
  }
}
