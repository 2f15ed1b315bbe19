package dev.logalerts.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic corpus of newline-delimited LogEntry lines for the reliability tests: about half
 * valid entries (the parser test fixtures of every payload kind and resource type, varied), half
 * mutated in the ways real exports and hostile producers break input. Every line records its {@link
 * Mutation} and the outcomes it may have ("parsed" or a dead-letter reason code), so a test can
 * check each line's fate, not only totals.
 *
 * <p>Same seed, same bytes: a failure reproduces from the seed printed by the test.
 */
public final class CorpusGenerator {

  /** Outcome of a line that becomes an event. */
  public static final String PARSED = "parsed";

  /** How a line was made, and what the pipeline may do with it. */
  public enum Mutation {
    VALID(PARSED),
    /** Valid entry with a CRLF line end (Windows-made files). */
    CRLF(PARSED),
    /** UTF-8 byte order mark in front of the first line of the file. */
    BOM(PARSED),
    /** A known field given twice; JSON says nothing, we take the last one (Jackson's default). */
    DUPLICATE_KEYS(PARSED),
    /** A duplicate key whose last value is an impossible timestamp. */
    DUPLICATE_KEY_BAD_LAST("invalid_timestamp"),
    /** {@code {}}: a JSON object without any field. */
    EMPTY_OBJECT("missing_timestamp"),
    /** A valid entry whose payload, labels, resource and httpRequest are empty objects. */
    EMPTY_SUBOBJECTS(PARSED),
    /** Escaped NUL ({@code \u0000}) in a string: legal JSON, kept. */
    ESCAPED_NUL(PARSED),
    /** 2 KB to 600 KB of payload (the outcome depends on maxEntryBytes, see {@link #expected}). */
    LARGE(PARSED),
    /** Cut at a random point. */
    TRUNCATED("invalid_json", "invalid_utf8"),
    /** 1–4 random bytes replaced (never by a line break): anything may come out. */
    BYTE_FLIP(),
    /** A known field with a JSON type it cannot have. */
    WRONG_TYPE("wrong_type"),
    /** timestamp given as a JSON number. */
    TIMESTAMP_NUMBER("wrong_type"),
    /** jsonPayload (or an unknown top-level field) nested thousands of levels deep. */
    DEEP_NESTING("too_deep"),
    /** A top-level array nested thousands of levels deep. */
    DEEP_ARRAY("not_an_object"),
    /** Not valid UTF-8: stray continuation bytes, overlong forms, surrogates, Latin-1. */
    INVALID_UTF8("invalid_utf8"),
    /** A raw NUL byte inside the line. */
    RAW_NUL("invalid_utf8"),
    /**
     * Month 13, year 99999, Feb 30, hour 25… in timestamp or receiveTimestamp. (A space instead of
     * 'T' and a leap second :60 are legal RFC 3339 and accepted, so they are not here.)
     */
    IMPOSSIBLE_TIMESTAMP("invalid_timestamp"),
    /** status 1e400, sizes above int64, severity out of range. */
    NUMBER_OUT_OF_RANGE("wrong_type"),
    /** Not JSON at all (a plain log line, a JSON scalar or array). */
    NOT_JSON("invalid_json"),
    NOT_AN_OBJECT("not_an_object");

    private final Set<String> outcomes;

    Mutation(String... outcomes) {
      this.outcomes = Set.of(outcomes);
    }

    /** Allowed outcomes; empty means "any outcome, as long as it is specific". */
    public Set<String> outcomes() {
      return outcomes;
    }
  }

  /** One non-blank line of the corpus. */
  public static final class Line {
    public final long lineNumber;

    /** Byte offset of the line in the file: the file source's {@code offset} attribute. */
    public final long offset;

    public final Mutation mutation;
    public final byte[] bytes;

    Line(long lineNumber, long offset, Mutation mutation, byte[] bytes) {
      this.lineNumber = lineNumber;
      this.offset = offset;
      this.mutation = mutation;
      this.bytes = bytes;
    }

    /**
     * The outcomes allowed for this line when lines above {@code maxEntryBytes} are cut by the
     * source; empty = any.
     */
    public Set<String> expected(int maxEntryBytes) {
      // The source counts the BOM as part of the first line.
      if (bytes.length > maxEntryBytes) {
        return Set.of("too_large");
      }
      return mutation.outcomes();
    }
  }

  private static final byte[] BOM_BYTES = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FIXTURES = {
    "audit-log",
    "cloud-run-request",
    "composer-task",
    "gae-request-log",
    "gke-json",
    "gke-text",
    "lb-request"
  };

  /** Payload sizes of the LARGE lines: 2 KB to 600 KB, across LogEntry's 256 KB limit. */
  public static final int[] LARGE_SIZES = {
    2_000, 8_000, 32_000, 100_000, 200_000, 250_000, 262_000, 300_000, 450_000, 600_000
  };

  private final Random rnd;
  private final List<ObjectNode> bases = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private final ByteArrayOutputStream file = new ByteArrayOutputStream();
  private long lineNumber = 0;

  private CorpusGenerator(long seed) {
    this.rnd = new Random(seed);
    for (String name : FIXTURES) {
      try (InputStream in =
          CorpusGenerator.class.getResourceAsStream("/entries/" + name + ".json")) {
        bases.add((ObjectNode) JSON.readTree(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Generates {@code entries} non-blank lines (plus a few blank ones, which carry no entry), about
   * half of them mutated, including one LARGE line per {@link #LARGE_SIZES} entry.
   */
  public static CorpusGenerator generate(long seed, int entries) {
    CorpusGenerator g = new CorpusGenerator(seed);
    g.build(entries);
    return g;
  }

  public List<Line> lines() {
    return Collections.unmodifiableList(lines);
  }

  public byte[] fileBytes() {
    return file.toByteArray();
  }

  public Path writeTo(Path path) throws IOException {
    Files.write(path, file.toByteArray());
    return path;
  }

  public long mutatedCount() {
    return lines.stream().filter(l -> l.mutation != Mutation.VALID).count();
  }

  public Map<Mutation, Integer> countsByMutation() {
    Map<Mutation, Integer> counts = new EnumMap<>(Mutation.class);
    for (Line l : lines) {
      counts.merge(l.mutation, 1, Integer::sum);
    }
    return counts;
  }

  // ---------------------------------------------------------------------------------------------

  private void build(int entries) {
    add(Mutation.BOM, concat(BOM_BYTES, bytes(valid(0))), "\n");
    int largeEvery = Math.max(1, entries / (LARGE_SIZES.length + 1));
    int large = 0;
    Mutation[] mutations = {
      Mutation.CRLF,
      Mutation.DUPLICATE_KEYS,
      Mutation.DUPLICATE_KEY_BAD_LAST,
      Mutation.EMPTY_OBJECT,
      Mutation.EMPTY_SUBOBJECTS,
      Mutation.ESCAPED_NUL,
      Mutation.TRUNCATED,
      Mutation.TRUNCATED,
      Mutation.BYTE_FLIP,
      Mutation.BYTE_FLIP,
      Mutation.BYTE_FLIP,
      Mutation.WRONG_TYPE,
      Mutation.WRONG_TYPE,
      Mutation.TIMESTAMP_NUMBER,
      Mutation.DEEP_NESTING,
      Mutation.DEEP_ARRAY,
      Mutation.INVALID_UTF8,
      Mutation.RAW_NUL,
      Mutation.IMPOSSIBLE_TIMESTAMP,
      Mutation.NUMBER_OUT_OF_RANGE,
      Mutation.NOT_JSON,
      Mutation.NOT_AN_OBJECT
    };
    for (int i = 1; i < entries; i++) {
      if (i % largeEvery == 0 && large < LARGE_SIZES.length) {
        add(Mutation.LARGE, bytes(large(i, LARGE_SIZES[large++])), "\n");
      } else if (rnd.nextInt(2) == 0) {
        add(Mutation.VALID, bytes(valid(i)), "\n");
      } else {
        Mutation m = mutations[rnd.nextInt(mutations.length)];
        add(m, mutate(m, i), m == Mutation.CRLF ? "\r\n" : "\n");
      }
      if (rnd.nextInt(500) == 0) {
        blank(rnd.nextBoolean() ? "" : "  \t");
      }
    }
  }

  private void add(Mutation m, byte[] line, String end) {
    lineNumber++;
    lines.add(new Line(lineNumber, file.size(), m, line));
    file.writeBytes(line);
    file.writeBytes(end.getBytes(StandardCharsets.US_ASCII));
  }

  private void blank(String text) {
    lineNumber++;
    file.writeBytes((text + "\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** A fixture with a fresh insertId, timestamp and a little message variety. */
  private ObjectNode valid(int i) {
    ObjectNode e = bases.get(rnd.nextInt(bases.size())).deepCopy();
    e.put("insertId", "corpus-" + i);
    e.put("timestamp", String.format("2026-11-20T10:%02d:%02d.%06dZ", (i / 60) % 60, i % 60, i));
    if (e.has("textPayload")) {
      e.put("textPayload", e.get("textPayload").asText() + " #" + i);
    }
    return e;
  }

  private ObjectNode large(int i, int size) {
    ObjectNode e = valid(i);
    StringBuilder sb = new StringBuilder(size);
    while (sb.length() < size) {
      sb.append("chunk-").append(rnd.nextInt(1_000_000)).append(' ');
    }
    sb.setLength(size);
    if (rnd.nextBoolean()) {
      e.remove("jsonPayload");
      e.remove("protoPayload");
      e.put("textPayload", sb.toString());
    } else {
      e.remove("textPayload");
      e.remove("protoPayload");
      e.putObject("jsonPayload").put("message", "large " + i).put("blob", sb.toString());
    }
    return e;
  }

  private byte[] mutate(Mutation m, int i) {
    ObjectNode e = valid(i);
    String ts = e.get("timestamp").asText();
    switch (m) {
      case CRLF:
        return bytes(e);
      case DUPLICATE_KEYS:
        return insertAfterBrace(
            bytes(e), "\"severity\":\"DEBUG\",\"timestamp\":\"2020-01-01T00:00:00Z\",");
      case DUPLICATE_KEY_BAD_LAST:
        return appendBeforeBrace(bytes(e), ",\"timestamp\":\"2026-02-30T10:00:00Z\"");
      case EMPTY_OBJECT:
        return ascii(rnd.nextBoolean() ? "{}" : "{ }");
      case EMPTY_SUBOBJECTS:
        return ascii(
            "{\"timestamp\":\""
                + ts
                + "\",\"jsonPayload\":{},\"labels\":{},\"resource\":{},"
                + "\"httpRequest\":{},\"sourceLocation\":{},\"operation\":{}}");
      case ESCAPED_NUL:
        e.remove("jsonPayload");
        e.remove("protoPayload");
        e.put("textPayload", "before\u0000after");
        return bytes(e);
      case TRUNCATED:
        {
          byte[] b = bytes(e);
          int cut = 1 + rnd.nextInt(b.length - 1);
          byte[] out = java.util.Arrays.copyOf(b, cut);
          return isBlank(out) ? ascii("{") : out;
        }
      case BYTE_FLIP:
        {
          byte[] b = bytes(e);
          int flips = 1 + rnd.nextInt(4);
          for (int k = 0; k < flips; k++) {
            byte v;
            do {
              v = (byte) rnd.nextInt(256);
            } while (v == '\n' || v == '\r');
            b[rnd.nextInt(b.length)] = v;
          }
          return b;
        }
      case WRONG_TYPE:
        return bytes(wrongType(e));
      case TIMESTAMP_NUMBER:
        e.put("timestamp", 1763632800L + i);
        return bytes(e);
      case DEEP_NESTING:
        {
          int depth = 1000 + rnd.nextInt(9000);
          String deep = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
          String field = rnd.nextBoolean() ? "jsonPayload" : "unknownTopLevel";
          return appendBeforeBrace(bytes(e), ",\"" + field + "\":" + deep);
        }
      case DEEP_ARRAY:
        {
          int depth = 1000 + rnd.nextInt(9000);
          return ascii("[".repeat(depth) + "]".repeat(depth));
        }
      case INVALID_UTF8:
        {
          byte[][] bad = {
            {(byte) 0x80}, {(byte) 0xC3, '('}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xF5, (byte) 0x80},
            {(byte) 0xE9, 't', (byte) 0xE9}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}
          };
          e.put("insertId", "utf8-" + i + "-MARK");
          return replace(bytes(e), "MARK", bad[rnd.nextInt(bad.length)]);
        }
      case RAW_NUL:
        e.put("insertId", "nul-" + i + "-MARK");
        return replace(bytes(e), "MARK", new byte[] {0});
      case IMPOSSIBLE_TIMESTAMP:
        {
          String[] bad = {
            "2026-13-01T00:00:00Z",
            "99999-01-01T00:00:00Z",
            "2026-02-30T10:00:00Z",
            "2026-11-20T25:00:00Z",
            "2026-11-20T10:61:00Z",
            "2026-11-20T10:00:00",
            "2026-04-31T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "yesterday",
            "",
            "2026-00-10T00:00:00Z",
            "2026-11-20T10:00:00.1234567890Z"
          };
          String field = rnd.nextInt(4) == 0 ? "receiveTimestamp" : "timestamp";
          e.put(field, bad[rnd.nextInt(bad.length)]);
          return bytes(e);
        }
      case NUMBER_OUT_OF_RANGE:
        {
          String[] bad = {
            "\"httpRequest\":{\"status\":1e400}",
            "\"httpRequest\":{\"status\":99999999999999999999}",
            "\"httpRequest\":{\"status\":1000}",
            "\"httpRequest\":{\"status\":-1}",
            "\"httpRequest\":{\"requestSize\":\"99999999999999999999\"}",
            "\"httpRequest\":{\"responseSize\":9223372036854775808}",
            "\"httpRequest\":{\"responseSize\":1e400}",
            "\"severity\":1e400",
            "\"severity\":99999999999999999999",
            "\"severity\":801",
            "\"httpRequest\":{\"latency\":\"1e400s\"}"
          };
          e.remove("httpRequest");
          e.remove("severity");
          return appendBeforeBrace(bytes(e), "," + bad[rnd.nextInt(bad.length)]);
        }
      case NOT_JSON:
        {
          String[] bad = {
            "2026-11-20 10:00:00 ERROR payment failed",
            "{\"timestamp\":",
            "{'a': 1}",
            "{\"timestamp\":\"" + ts + "\"}}",
            "{\"a\":1,}",
            "NaN",
            "{\"a\" 1}",
            "{\"timestamp\":\"" + ts + "\"} {\"b\":2}"
          };
          return ascii(bad[rnd.nextInt(bad.length)]);
        }
      case NOT_AN_OBJECT:
        {
          String[] bad = {
            "[]", "[{\"timestamp\":\"" + ts + "\"}]", "\"text\"", "42", "null", "true"
          };
          return ascii(bad[rnd.nextInt(bad.length)]);
        }
      default:
        throw new IllegalArgumentException(m.name());
    }
  }

  private ObjectNode wrongType(ObjectNode e) {
    switch (rnd.nextInt(9)) {
      case 0:
        e.put("httpRequest", "GET /index.html 200");
        break;
      case 1:
        e.putArray("resource").add("k8s_container");
        break;
      case 2:
        e.put("labels", 42);
        break;
      case 3:
        e.putObject("severity").put("level", "ERROR");
        break;
      case 4:
        e.putObject("httpRequest").put("status", "abc");
        break;
      case 5:
        e.putObject("httpRequest").put("requestSize", "12x");
        break;
      case 6:
        e.putArray("insertId").add(1);
        break;
      case 7:
        e.put("logName", 7);
        break;
      default:
        e.putObject("resource").put("type", "gce_instance").put("labels", "zone=a");
        break;
    }
    return e;
  }

  // ---------------------------------------------------------------------------------------------

  private static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static byte[] insertAfterBrace(byte[] json, String text) {
    return concat(
        concat(new byte[] {'{'}, ascii(text)), java.util.Arrays.copyOfRange(json, 1, json.length));
  }

  private static byte[] appendBeforeBrace(byte[] json, String text) {
    return concat(java.util.Arrays.copyOf(json, json.length - 1), ascii(text + "}"));
  }

  private static byte[] replace(byte[] json, String marker, byte[] with) {
    String s = new String(json, StandardCharsets.UTF_8);
    int at = s.indexOf(marker);
    byte[] before = ascii(s.substring(0, at));
    byte[] after = ascii(s.substring(at + marker.length()));
    return concat(concat(before, with), after);
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }

  /** Writes {@code out} with the corpus; for the command line. */
  public static void main(String[] args) throws IOException {
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 7L;
    int n = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    try (OutputStream out = Files.newOutputStream(Path.of(args[0]))) {
      out.write(generate(seed, n).fileBytes());
    }
  }
}
