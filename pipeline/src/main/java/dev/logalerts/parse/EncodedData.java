package dev.logalerts.parse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An entry that arrived encoded once more than its transport does: base64 text of the JSON (a
 * publisher that base64-encodes the data before a Pub/Sub client library or the REST API encodes it
 * again, so the message's data is base64 text, not JSON), or gzip-compressed bytes. Either used to
 * be refused with the parser's own words only ({@code Unrecognized token 'eyJpbnNlcnRJZCI6…'},
 * {@code invalid UTF-8 sequence at byte offset 1}), which does not tell the producer what to
 * change. Consulted only once a document failed to parse, so well-formed entries never pay for it.
 */
final class EncodedData {
  private EncodedData() {}

  /** Base64 characters read to recognize the text: enough for a few layers of a JSON start. */
  private static final int PREFIX_CHARS = 512;

  /** How much of the decoded JSON the message shows. */
  private static final int SHOWN_CHARS = 40;

  /** How deep layers of base64 are unwrapped to find the JSON. */
  private static final int MAX_LAYERS = 4;

  /**
   * Why {@code data}, which is not JSON, is refused when it is base64 text of a JSON object or
   * array (possibly encoded several times over); null otherwise.
   */
  static @Nullable String whyBase64(byte[] data) {
    byte[] layer = data;
    for (int layers = 1; layers <= MAX_LAYERS; layers++) {
      byte[] decoded = decodePrefix(layer);
      if (decoded == null) {
        return null;
      }
      int start = firstNonBlank(decoded, 0);
      if (startsJson(decoded, start)) {
        return "the data is base64 text of JSON ("
            + shown(decoded, start)
            + "), not the JSON itself: it was base64-encoded "
            + (layers == 1 ? "once" : layers + " times")
            + " more than its transport does (a Pub/Sub client library and the REST API encode"
            + " the data themselves); publish or write the LogEntry JSON as it is";
      }
      layer = decoded;
    }
    return null;
  }

  /** Why {@code data} is refused when it is gzip-compressed (its magic bytes); null otherwise. */
  static @Nullable String whyCompressed(byte[] data) {
    if (data.length >= 2 && (data[0] & 0xff) == 0x1f && (data[1] & 0xff) == 0x8b) {
      return "the data is gzip-compressed (it starts with 1f 8b), not LogEntry JSON text;"
          + " publish the entry uncompressed";
    }
    return null;
  }

  /**
   * The decoded start of {@code text} when all of it is base64 (standard or URL-safe, padded or
   * not, wrapped in lines as {@code base64} prints it); null when it is not.
   */
  private static byte @Nullable [] decodePrefix(byte[] text) {
    StringBuilder prefix = new StringBuilder(Math.min(text.length, PREFIX_CHARS));
    boolean urlSafe = false;
    int chars = 0;
    int padding = 0;
    for (byte b : text) {
      if (b == '\n' || b == '\r' || b == ' ' || b == '\t') {
        continue;
      }
      if (b == '=') {
        padding++;
      } else if (padding > 0 || !isBase64(b)) {
        return null;
      } else {
        urlSafe |= b == '-' || b == '_';
        if (prefix.length() < PREFIX_CHARS) {
          prefix.append((char) b);
        }
      }
      chars++;
    }
    if (chars < 8 || padding > 2) {
      return null;
    }
    prefix.setLength(prefix.length() - prefix.length() % 4);
    String standard =
        urlSafe ? prefix.toString().replace('-', '+').replace('_', '/') : prefix.toString();
    try {
      return Base64.getDecoder().decode(standard);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isBase64(byte b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '+'
        || b == '/'
        || b == '-'
        || b == '_';
  }

  /**
   * Whether a JSON object or array starts at {@code start}: its bracket and the next token's first
   * character, so that a word that happens to decode to a brace ("eyewitness") is not taken for it.
   */
  private static boolean startsJson(byte[] b, int start) {
    if (start >= b.length || (b[start] != '{' && b[start] != '[')) {
      return false;
    }
    int next = firstNonBlank(b, start + 1);
    if (next >= b.length) {
      return true; // the decoded prefix ends here
    }
    byte c = b[next];
    return b[start] == '{' ? c == '"' || c == '}' : c == '{' || c == '[' || c == '"' || c == ']';
  }

  private static int firstNonBlank(byte[] b, int from) {
    int i = from;
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
    return i;
  }

  /** The first characters of the decoded JSON, printable, for the message. */
  private static String shown(byte[] decoded, int start) {
    int end = Math.min(decoded.length, start + SHOWN_CHARS);
    String s = new String(decoded, start, end - start, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(s.length() + 1);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0xfffd ? ' ' : c);
    }
    return out.append('…').toString();
  }
}
