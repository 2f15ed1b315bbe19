package dev.logalerts.parse;

import com.fasterxml.jackson.core.JsonToken;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A strict JSON tokenizer over one UTF-8 {@code byte[]}, behind the few {@link
 * com.fasterxml.jackson.core.JsonParser} methods the parse package calls ({@code nextToken}, {@code
 * skipChildren}, {@code currentName}, {@code getText}, {@code getTextCharacters}/{@code
 * getTextOffset}/{@code getTextLength}); every other method throws. It is {@link LogEntryParser}'s
 * fast path: cheaper than Jackson for log entries because strings are scanned eight bytes at a
 * time, materialised only when asked for, field names come from a per-parser cache without
 * allocating, and strict UTF-8 is checked inside strings as they are scanned (no separate pass over
 * the document).
 *
 * <p>It never reports an error: on anything it does not accept (malformed JSON, invalid UTF-8, a
 * control or non-ASCII byte outside a string, an unknown escape, nesting deeper than the limit,
 * input after the root object other than whitespace, a call it does not support) it throws {@link
 * #BAIL}, and the caller parses the document again with Jackson, which words the error. So it only
 * has to agree with Jackson on documents both accept: the text of each token as Jackson gives it
 * (numbers as written, each {@code \\uXXXX} escape one char as Jackson decodes it).
 *
 * <p>One instance per thread, reused for every document ({@link #reset}); not thread-safe.
 */
final class FastJsonParser extends UnsupportedJsonParser {

  /** Thrown when the document is not for the fast path; shared, without a stack trace. */
  static final class Bail extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private Bail() {
      super("not for the fast path", null, false, false);
    }
  }

  static final Bail BAIL = new Bail();

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;
  private static final long SPACES = 0x2020202020202020L;

  /** String flags: the current string has an escape; has a byte >= 0x80. */
  private static final int ESCAPED = 1;

  private static final int NON_ASCII = 2;

  private byte[] b = new byte[0];
  private int n;
  private int pos;
  private int maxDepth;
  private int depth;
  private boolean[] inArray = new boolean[66];

  /** Just after START_OBJECT or START_ARRAY: a close needs no comma before it. */
  private boolean first;

  /** The current string (without quotes) or number: bytes [start, end), string flags. */
  private int start;

  private int end;
  private int flags;

  private char[] chars = new char[256];
  private int charsLen;
  private boolean charsFilled;

  private final NameCache names = new NameCache();

  /** The arrays this thread's entries are read into. */
  final ParsedEntry.Reused reused = new ParsedEntry.Reused();

  /** Documents this instance gave up on (tests check the fast path is really taken). */
  long bails;

  /** Starts on a new document. */
  void reset(byte[] json, int maxDepth) {
    this.b = json;
    this.n = json.length;
    this.pos = 0;
    this.maxDepth = maxDepth;
    this.depth = 0;
    this.gaveUp = false;
    this.texts = 0;
    this.first = false;
    this.charsFilled = false;
    this._currToken = null;
    if (chars.length > 1 << 16) {
      chars = new char[256]; // do not keep a huge entry's buffer
    }
  }

  /** {@link #NON_ASCII} once a string of the document held a non-ASCII or escaped character. */
  private int texts;

  /**
   * True when every string read so far (and every remembered object taken, {@link #noteNonAscii})
   * is ASCII: no byte above 0x7F, no {@code \\u} escape.
   */
  boolean textsAscii() {
    return texts == 0;
  }

  /** A remembered object taken instead of read holds a non-ASCII text. */
  void noteNonAscii() {
    texts = NON_ASCII;
  }

  /** Releases the document. */
  void clear() {
    b = null;
  }

  // ---------------------------------------------------------------------------------------------
  // Tokens

  @Override
  public JsonToken nextToken() {
    charsFilled = false;
    JsonToken prev = _currToken;
    if (prev == JsonToken.FIELD_NAME) {
      return _currToken = value(ws());
    }
    int c = ws();
    if (depth == 0) {
      if (prev == null) {
        if (c != '{') {
          throw bail();
        }
        return _currToken = value(c);
      }
      if (c >= 0) {
        throw bail(); // anything after the root object but whitespace
      }
      return _currToken = null;
    }
    if (c == '}' || c == ']') {
      if ((c == ']') != inArray[depth]) {
        throw bail();
      }
      depth--;
      first = false;
      return _currToken = c == '}' ? JsonToken.END_OBJECT : JsonToken.END_ARRAY;
    }
    if (first) {
      first = false;
    } else {
      if (c != ',') {
        throw bail();
      }
      c = ws();
    }
    if (inArray[depth]) {
      return _currToken = value(c);
    }
    if (c != '"') {
      throw bail();
    }
    string();
    if (ws() != ':') {
      throw bail();
    }
    return _currToken = JsonToken.FIELD_NAME;
  }

  /** The next byte that is not JSON whitespace, consumed; -1 at the end. */
  private int ws() {
    byte[] b = this.b;
    int i = pos;
    if (i < n && b[i] > ' ') {
      pos = i + 1; // the common case: no whitespace
      return b[i];
    }
    while (i < n) {
      int c = b[i++];
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        pos = i;
        return c & 0xff;
      }
    }
    pos = i;
    return -1;
  }

  private JsonToken value(int c) {
    switch (c) {
      case '{':
        push(false);
        return JsonToken.START_OBJECT;
      case '[':
        push(true);
        return JsonToken.START_ARRAY;
      case '"':
        string();
        return JsonToken.VALUE_STRING;
      case 't':
        literal("rue");
        return JsonToken.VALUE_TRUE;
      case 'f':
        literal("alse");
        return JsonToken.VALUE_FALSE;
      case 'n':
        literal("ull");
        return JsonToken.VALUE_NULL;
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        return number(pos - 1);
      default:
        throw bail();
    }
  }

  private void push(boolean array) {
    if (++depth > maxDepth) {
      throw bail(); // Jackson reports the depth
    }
    if (depth == inArray.length) {
      inArray = Arrays.copyOf(inArray, depth * 2); // only as deep as documents go
    }
    inArray[depth] = array;
    first = true;
  }

  private void literal(String rest) {
    int i = pos;
    if (i + rest.length() > n) {
      throw bail();
    }
    for (int k = 0; k < rest.length(); k++) {
      if (b[i + k] != rest.charAt(k)) {
        throw bail();
      }
    }
    pos = i + rest.length();
    // A letter or digit right after the literal fails the next token's check for ',' or a close.
  }

  /** Strict JSON number grammar; the text is the bytes as written. */
  private JsonToken number(int s) {
    byte[] b = this.b;
    int i = s;
    if (b[i] == '-') {
      i++;
    }
    if (i >= n) {
      throw bail();
    }
    if (b[i] == '0') {
      i++; // a digit after a leading zero fails the next token's check
    } else if (b[i] >= '1' && b[i] <= '9') {
      i = digits(i + 1);
    } else {
      throw bail();
    }
    boolean fraction = false;
    if (i < n && b[i] == '.') {
      int d = i + 1;
      i = digits(d);
      if (i == d) {
        throw bail();
      }
      fraction = true;
    }
    if (i < n && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < n && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      int d = i;
      i = digits(d);
      if (i == d) {
        throw bail();
      }
      fraction = true;
    }
    start = s;
    end = i;
    flags = 0;
    pos = i;
    return fraction ? JsonToken.VALUE_NUMBER_FLOAT : JsonToken.VALUE_NUMBER_INT;
  }

  private int digits(int i) {
    while (i < n && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    return i;
  }

  /**
   * Scans a string whose opening quote was consumed: validates escapes and UTF-8 (the rules of
   * {@link Utf8#firstInvalid}), rejects raw control bytes, and notes where the text is.
   */
  private void string() {
    byte[] b = this.b;
    int n = this.n;
    int i = pos;
    int f = 0;
    while (true) {
      if (i + 8 <= n) {
        long v = (long) LONGS.get(b, i);
        long q = v ^ QUOTES;
        long s = v ^ BACKSLASHES;
        long m = (((q - ONES) & ~q) | ((s - ONES) & ~s) | ((v - SPACES) & ~v) | v) & HIGHS;
        if (m == 0) {
          i += 8;
          continue;
        }
        i += Long.numberOfTrailingZeros(m) >>> 3; // the first flagged byte is a real one
      } else if (i >= n) {
        throw bail();
      }
      int c = b[i] & 0xff;
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        f |= ESCAPED;
        if (i + 1 < n && b[i + 1] == 'u') {
          texts = NON_ASCII; // may spell any character
        }
        i = escape(i + 1);
      } else if (c >= 0x80) {
        int len = Utf8.sequenceLength(b, i, n);
        if (len < 0) {
          throw bail();
        }
        f |= NON_ASCII;
        i += len;
      } else if (c < 0x20) {
        throw bail(); // raw control characters (NUL included) are invalid JSON
      } else {
        i++;
      }
    }
    start = pos;
    end = i;
    flags = f;
    texts |= f & NON_ASCII;
    pos = i + 1;
  }

  /** Validates the escape after a backslash at {@code i - 1}; returns the index after it. */
  private int escape(int i) {
    if (i >= n) {
      throw bail();
    }
    switch (b[i]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        return i + 1;
      case 'u':
        if (i + 4 >= n) {
          throw bail();
        }
        for (int k = 1; k <= 4; k++) {
          if (LogNames.hex(b[i + k]) < 0) {
            throw bail();
          }
        }
        return i + 5;
      default:
        throw bail();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Objects read before (RepeatedObjects)

  byte[] document() {
    return b;
  }

  /** The index after the last token read. */
  int position() {
    return pos;
  }

  /** Where the current string's text starts in the document (after its quote). */
  int textStart() {
    if (_currToken != JsonToken.VALUE_STRING) {
      throw bail();
    }
    return start;
  }

  /** Where the current string's text ends (its closing quote). */
  int textEnd() {
    return end;
  }

  /** Whether an object at the current depth may nest {@code levels} more. */
  boolean mayNest(int levels) {
    return depth + levels <= maxDepth;
  }

  /** The index of the current {@code START_OBJECT}'s bracket. */
  int objectStart() {
    if (_currToken != JsonToken.START_OBJECT) {
      throw bail();
    }
    return pos - 1;
  }

  /** Moves to the end of the current object, which ends at {@code end}: as if read to there. */
  void skipObjectTo(int end) {
    pos = end;
    depth--;
    first = false;
    charsFilled = false;
    _currToken = JsonToken.END_OBJECT;
  }

  @Override
  public FastJsonParser skipChildren() {
    JsonToken t = _currToken;
    if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
      return this;
    }
    int target = depth - 1;
    while (depth > target) {
      nextToken();
    }
    return this;
  }

  // ---------------------------------------------------------------------------------------------
  // Text

  @Override
  public String currentName() {
    if (_currToken != JsonToken.FIELD_NAME) {
      throw bail(); // the parse package asks for names on field names only
    }
    return name();
  }

  @Override
  public String getCurrentName() {
    return currentName();
  }

  /** The current field name: from the cache when plain ASCII and short, else decoded. */
  private String name() {
    if (flags != 0) {
      return text();
    }
    String s = names.get(b, start, end);
    return s != null ? s : text();
  }

  /** The current string's text (not cached). */
  private String text() {
    if (flags == 0) {
      return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }
    if (flags == NON_ASCII) {
      return new String(b, start, end - start, StandardCharsets.UTF_8);
    }
    decode();
    return new String(chars, 0, charsLen);
  }

  /** Decodes the current (validated) string into {@code chars}. */
  private void decode() {
    int len = end - start;
    if (chars.length < len) {
      chars = new char[Math.max(len, chars.length * 2)];
    }
    charsLen = JsonStrings.decode(b, start, end, chars);
    charsFilled = true;
  }

  /**
   * {@link FastTimestamps#parseUtc} of the current string, read from its bytes (no char copy); an
   * escaped or non-ASCII string is never the simple form.
   */
  long utcTimestamp() {
    if (_currToken != JsonToken.VALUE_STRING || flags != 0) {
      return FastTimestamps.NOT_SIMPLE;
    }
    return FastTimestamps.parseUtc(b, start, end - start);
  }

  @Override
  public String getText() {
    JsonToken t = _currToken;
    if (t == JsonToken.VALUE_STRING) {
      return text();
    }
    if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
      return new String(b, start, end - start, StandardCharsets.ISO_8859_1);
    }
    if (t == JsonToken.FIELD_NAME) {
      return name();
    }
    return t == null ? null : t.asString();
  }

  /** Fills {@code chars} with the current token's text. */
  private void fillChars() {
    if (charsFilled) {
      return;
    }
    JsonToken t = _currToken;
    boolean raw =
        t == JsonToken.VALUE_NUMBER_INT
            || t == JsonToken.VALUE_NUMBER_FLOAT
            || ((t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) && flags == 0);
    if (raw) {
      int len = end - start;
      if (chars.length < len) {
        chars = new char[Math.max(len, chars.length * 2)];
      }
      char[] out = chars;
      byte[] b = this.b;
      for (int k = 0, i = start; k < len; k++, i++) {
        out[k] = (char) b[i]; // ASCII only
      }
      charsLen = len;
      charsFilled = true;
    } else if ((t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME)
        && (flags & ESCAPED) != 0) {
      decode();
    } else {
      String s = getText();
      if (s == null) {
        throw bail();
      }
      if (chars.length < s.length()) {
        chars = new char[Math.max(s.length(), chars.length * 2)];
      }
      s.getChars(0, s.length(), chars, 0);
      charsLen = s.length();
      charsFilled = true;
    }
  }

  @Override
  public char[] getTextCharacters() {
    fillChars();
    return chars;
  }

  @Override
  public int getTextOffset() {
    return 0;
  }

  @Override
  public int getTextLength() {
    JsonToken t = _currToken;
    if (t == JsonToken.VALUE_NUMBER_INT
        || t == JsonToken.VALUE_NUMBER_FLOAT
        || (t == JsonToken.VALUE_STRING && flags == 0)) {
      return end - start;
    }
    fillChars();
    return charsLen;
  }

  @Override
  public boolean hasTextCharacters() {
    return false;
  }

  @Override
  public void close() {
    clear();
  }

  @Override
  public boolean isClosed() {
    return b == null;
  }
}
