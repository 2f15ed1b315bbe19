package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;

import com.google.api.services.bigquery.model.TableRow;
import com.google.cloud.bigquery.storage.v1.TableSchema;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.logalerts.model.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowToStorageApiProto;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowToStorageApiProto.SchemaInformation;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Dead-letter rows as the Storage Write API sink converts them with {@code schemas/deadletter.json}
 * (Beam's {@link TableRowToStorageApiProto}): invalid UTF-8 keeps its exact bytes in {@code
 * payloadBytes} and a valid {@code payloadString}; the largest row the cut allows, a payload of
 * bytes that are all invalid (each one U+FFFD, three bytes, in {@code payloadString}), still fits
 * an AppendRows request (10 MB, https://cloud.google.com/bigquery/quotas#write-api-limits).
 */
@RunWith(JUnit4.class)
public class DeadLetterRowLimitsTest {
  private static final int APPEND_ROWS_LIMIT = 10_000_000;

  private static DynamicMessage convert(TableRow row) throws Exception {
    TableSchema schema =
        TableRowToStorageApiProto.schemaToProtoTableSchema(TableLayout.deadLetters().schema());
    Descriptor descriptor =
        TableRowToStorageApiProto.getDescriptorFromTableSchema(schema, true, false);
    return TableRowToStorageApiProto.messageFromTableRow(
        SchemaInformation.fromTableSchema(schema), descriptor, row, false, false, null, null, -1L);
  }

  private static Object field(DynamicMessage m, String name) {
    return m.getField(m.getDescriptorForType().findFieldByName(name.toLowerCase()));
  }

  @Test
  public void invalidUtf8KeepsItsBytesAndAValidString() throws Exception {
    // Malformed sequences of Markus Kuhn's UTF-8 decoder stress test
    // (https://www.cl.cam.ac.uk/~mgk25/ucs/examples/UTF-8-test.txt): an overlong '/', a lone
    // surrogate, 0xFE 0xFF, and a Latin-1 'é' inside a LogEntry line.
    byte[] payload = {
      '{',
      '"',
      't',
      'e',
      'x',
      't',
      'P',
      'a',
      'y',
      'l',
      'o',
      'a',
      'd',
      '"',
      ':',
      '"',
      'c',
      'a',
      'f',
      (byte) 0xE9,
      ' ',
      (byte) 0xC0,
      (byte) 0xAF,
      (byte) 0xED,
      (byte) 0xA0,
      (byte) 0x80,
      (byte) 0xFE,
      (byte) 0xFF,
      '"',
      '}'
    };
    DeadLetter d =
        DeadLetter.of(
            1_763_596_800_123L,
            payload,
            Map.of("source", "f.json", "line", "7"),
            "parse: [invalid_utf8] \uD800 lone surrogate",
            "");
    DynamicMessage m = convert(DeadLetterRows.toTableRow(d));
    assertThat(((ByteString) field(m, "payloadBytes")).toByteArray()).isEqualTo(payload);
    String text = (String) field(m, "payloadString");
    assertThat(text).startsWith("{\"textPayload\":\"caf\uFFFD ");
    assertThat(ByteString.copyFromUtf8(text).isValidUtf8()).isTrue();
    assertThat(field(m, "timestamp")).isEqualTo(1_763_596_800_123_000L);
  }

  @Test
  public void theLargestRowFitsAnAppendRowsRequest() throws Exception {
    byte[] payload = new byte[10 * 1024 * 1024]; // a Pub/Sub message can be 10 MB
    Arrays.fill(payload, (byte) 0xFF);
    DeadLetter d =
        DeadLetter.of(0L, payload, Map.of("messageId", "1"), "parse: [too_large]", "trace");
    DynamicMessage m = convert(DeadLetterRows.toTableRow(d));
    assertThat(((ByteString) field(m, "payloadBytes")).size())
        .isEqualTo(DeadLetterRows.MAX_PAYLOAD_BYTES);
    assertThat(((String) field(m, "payloadString")).getBytes(StandardCharsets.UTF_8).length)
        .isEqualTo(3 * DeadLetterRows.MAX_PAYLOAD_BYTES);
    assertThat(m.getSerializedSize()).isLessThan(APPEND_ROWS_LIMIT);
  }
}
