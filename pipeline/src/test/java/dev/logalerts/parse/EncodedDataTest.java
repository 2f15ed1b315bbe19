package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import dev.logalerts.parse.InvalidEntryException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Entries that reach the parser encoded once more than their transport does. Publishers that
 * base64-encode the data before a client library encodes it again are common enough to have public
 * threads: https://github.com/googleapis/google-cloud-python/issues/6127 ("PubSub: double base64
 * encode *sometimes*"), https://github.com/googleapis/google-cloud-python/issues/2577 ("pubsub
 * messages are twice base64 encoded"), https://github.com/kestra-io/plugin-gcp/issues/450 (a
 * workflow tool's Pub/Sub task that base64-encodes what it publishes). Such a message is still
 * dead-lettered (its entry is not guessed at), with a reason that says what to change.
 */
@RunWith(JUnit4.class)
public class EncodedDataTest {
  private final LogEntryParser parser = new LogEntryParser();

  /** A Cloud Run request log entry as a Pub/Sub sink publishes it. */
  private static final String ENTRY =
      "{\"insertId\":\"65a1b2c3000d4e5f6a7b8c9d\",\"logName\":"
          + "\"projects/acme-shop-prod/logs/run.googleapis.com%2Fstderr\",\"resource\":{\"type\":"
          + "\"cloud_run_revision\",\"labels\":{\"service_name\":\"checkout\"}},\"timestamp\":"
          + "\"2026-12-05T10:00:00.123456Z\",\"severity\":\"ERROR\",\"textPayload\":"
          + "\"payment failed for order 4711\"}";

  private static byte[] base64(byte[] b) {
    return Base64.getEncoder().encode(b);
  }

  private InvalidEntryException invalid(byte[] data) {
    return assertThrows(InvalidEntryException.class, () -> parser.parse(data));
  }

  @Test
  public void base64OfTheEntryIsToldAsSuch() {
    InvalidEntryException e = invalid(base64(ENTRY.getBytes(StandardCharsets.UTF_8)));
    assertThat(e.reason()).isEqualTo(Reason.INVALID_JSON);
    assertThat(e.getMessage())
        .startsWith(
            "invalid JSON at line 1, column 257: the data is base64 text of JSON"
                + " ({\"insertId\":\"65a1b2c3000d4e5f6a7b8c9d\",\"…), not the JSON itself: it was"
                + " base64-encoded once more than its transport does");
    assertThat(e.getMessage()).endsWith("publish or write the LogEntry JSON as it is");
  }

  @Test
  public void base64TwiceOverWrappedOrUrlSafeIsToldToo() {
    byte[] twice = base64(base64(ENTRY.getBytes(StandardCharsets.UTF_8)));
    assertThat(invalid(twice).getMessage()).contains("it was base64-encoded 2 times more");

    // What `base64 entry.json` prints: lines of 76 characters and a newline at the end.
    String wrapped =
        Base64.getMimeEncoder().encodeToString(ENTRY.getBytes(StandardCharsets.UTF_8)) + "\n";
    assertThat(invalid(wrapped.getBytes(StandardCharsets.UTF_8)).getMessage())
        .contains(": the data is base64 text of JSON ({\"insertId\"");

    String urlSafe =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(("[" + ENTRY + "]").getBytes(StandardCharsets.UTF_8));
    assertThat(invalid(urlSafe.getBytes(StandardCharsets.UTF_8)).getMessage())
        .contains(": the data is base64 text of JSON ([{\"insertId\"");
  }

  @Test
  public void gzipCompressedEntryIsToldAsSuch() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(ENTRY.getBytes(StandardCharsets.UTF_8));
    }
    InvalidEntryException e = invalid(bytes.toByteArray());
    assertThat(e.reason()).isEqualTo(Reason.INVALID_UTF8);
    assertThat(e.getMessage())
        .isEqualTo(
            "invalid UTF-8 sequence at byte offset 1 (byte 0x8b): the data is gzip-compressed (it"
                + " starts with 1f 8b), not LogEntry JSON text;"
                + " publish the entry uncompressed");
  }

  @Test
  public void otherBadInputKeepsTheParsersWords() {
    // Words and base64-looking text that does not decode to JSON are plain invalid JSON, a word
    // that decodes to a brace and a quote ("eyewitness" decodes to {' and binary) included.
    for (String text :
        new String[] {"this is not json", "helloworld", "c29tZSB0ZXh0", "eyewitness"}) {
      InvalidEntryException e = invalid(text.getBytes(StandardCharsets.UTF_8));
      assertThat(e.reason()).isEqualTo(Reason.INVALID_JSON);
      assertThat(e.getMessage()).startsWith("invalid JSON at line 1, column ");
      assertThat(e.getMessage()).contains("Unrecognized token");
    }
    String truncated = ENTRY.substring(0, ENTRY.length() / 2);
    assertThat(invalid(truncated.getBytes(StandardCharsets.UTF_8)).getMessage())
        .startsWith("invalid JSON at line 1");
  }
}
