package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.pipeline.RepoRoot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The fast path against the Jackson path on hand-written edge cases (numbers, literals, escapes,
 * surrogates, invalid UTF-8, control bytes, depth, trailing content) and on seeded random mutations
 * of real entries: always the same outcome, and a fast path that accepts only what Jackson accepts.
 */
@RunWith(JUnit4.class)
public class FastPathFuzzTest {

  private static final String BASE =
      "{\"timestamp\":\"2024-05-01T12:00:00.123456Z\",\"severity\":\"ERROR\","
          + "\"logName\":\"projects/p/logs/app\",\"resource\":{\"type\":\"k8s_container\","
          + "\"labels\":{\"namespace_name\":\"shop\"}},\"jsonPayload\":{\"message\":\"boom\","
          + "\"n\":%s,\"s\":\"%s\",\"a\":[1,{\"b\":null}]},\"httpRequest\":{\"status\":%s}}";

  private static String entry(String number, String str, String status) {
    return String.format(BASE, number, str, status);
  }

  private static final String[] NUMBERS = {
    "0",
    "-0",
    "1",
    "-1",
    "01",
    "-01",
    "1.",
    "1.5",
    ".5",
    "-",
    "+1",
    "1e",
    "1e5",
    "1E+5",
    "1e-5",
    "1.5e3",
    "1e+",
    "0.0",
    "00",
    "1x",
    "123456789012345678901234567890",
    "-9223372036854775808",
    "1.0e",
    "2.",
    "0e0",
    "-0.0E-0",
    "9223372036854775807",
    "9223372036854775808",
    "NaN",
    "Infinity",
    "true",
    "false",
    "null",
    "tru",
    "nul",
    "truex",
    "nulll",
    "fals",
    "\"7\"",
    "[]",
    "{}",
    "[1,]",
    "[,1]",
    "{\"x\":1,}",
    "[1 2]",
    "1 ",
    " 1",
    "1\t",
    "1/"
  };

  private static final String[] STRINGS = {
    "",
    "plain",
    "tab\\there",
    "q\\\"uote",
    "back\\\\slash",
    "sl\\/ash",
    "\\b\\f\\n\\r\\t",
    "\\u0041",
    "\\u00e9",
    "\\u00E9",
    "\\uD83D\\uDE00",
    "\\uD800",
    "\\uDC00x",
    "\\uDE00\\uD83D",
    "\\u0000",
    "\\u001f",
    "\\uZZZZ",
    "\\u12",
    "\\x",
    "\\'",
    "\\a",
    "\\",
    "é",
    "日本語",
    "😀",
    "mixed é and \\n",
    "\t",
    "\u0001",
    "\u007f",
    "a\"b",
    "ends with \\\\"
  };

  private static final String[] STATUSES = {"200", "\"503\"", "1000", "-1", "2.0", "\"\"", "null"};

  private static final byte[][] RAW_BYTES = {
    {(byte) 0xc3, (byte) 0xa9}, // é
    {(byte) 0xc0, (byte) 0x80}, // overlong NUL
    {(byte) 0xc1, (byte) 0xbf}, // overlong
    {(byte) 0xe0, (byte) 0x80, (byte) 0x80}, // overlong 3-byte
    {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // surrogate
    {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
    {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, // 😀
    {(byte) 0xf5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
    {(byte) 0x80},
    {(byte) 0xbf},
    {(byte) 0xe2, (byte) 0x82}, // truncated
    {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, // BOM
    {0},
    {0x1f},
    {0x7f},
    {(byte) 0xff}
  };

  @Test
  public void handWrittenEdgeCases() {
    FastPathCheck check = new FastPathCheck();
    List<byte[]> docs = new ArrayList<>();
    for (String n : NUMBERS) {
      docs.add(utf8(entry(n, "x", "200")));
    }
    for (String s : STRINGS) {
      docs.add(utf8(entry("1", s, "200")));
      docs.add(utf8(entry("1", "x", "200").replace("\"namespace_name\"", "\"" + s + "\"")));
    }
    for (String st : STATUSES) {
      docs.add(utf8(entry("1", "x", st)));
    }
    String valid = entry("1", "x", "200");
    for (byte[] raw : RAW_BYTES) {
      docs.add(splice(valid, valid.indexOf("boom") + 2, raw)); // inside a string
      docs.add(splice(valid, valid.indexOf("\"n\":") + 4, raw)); // before a value
      docs.add(splice(valid, 0, raw)); // before the object
      docs.add(splice(valid, valid.length(), raw)); // after it
      docs.add(splice(valid, valid.indexOf("namespace_name") + 3, raw)); // inside a name
    }
    for (String s :
        new String[] {
          "{}",
          " {} ",
          "{}\n\n",
          "{} {}",
          "{}x",
          "{},",
          "[]",
          "\"s\"",
          "1",
          "",
          " ",
          "{",
          "{\"a\"}",
          "{\"a\":}",
          "{\"a\" 1}",
          "{\"a\":1",
          "{\"a\":1}}",
          "{'a':1}",
          "{a:1}",
          "{\"a\":[}",
          "{\"a\":[1}",
          "{\"a\":{]}",
          "\ufeff{}",
          "{\"timestamp\":null}",
          "{\"textPayload\":\"x\",\"timestamp\":\"2024-01-01T00:00:00Z\"}",
          "{\"timestamp\":\"2024-01-01T00:00:00+01:00\",\"severity\":\" 400 \"}",
          "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"severity\":\"\\u0045RROR\"}",
          "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"httpRequest\":{\"latency\":\"1.5s\","
              + "\"requestSize\":\"12\",\"responseSize\":3}}",
          "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"labels\":{\"a\\u00e9\":\"\\u00e9\"}}",
          "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"jsonPayload\":{\""
              + "x".repeat(100)
              + "\":1,\"\\u0078\":2}}"
        }) {
      docs.add(utf8(s));
    }
    // Nesting around each parser's limit.
    for (int d = 1; d <= 70; d++) {
      docs.add(utf8(nested(d, "[", "]")));
      docs.add(utf8(nested(d, "{\"k\":", "}")));
    }
    docs.add(utf8(nested(300, "[", "]")));
    docs.add(utf8(nested(300, "{\"k\":", "}")));
    int fast = 0;
    for (byte[] doc : docs) {
      for (LogEntryParser parser : FastPathDifferentialTest.PARSERS) {
        if (check.check(parser, doc, "edge case")) {
          fast++;
        }
      }
    }
    assertThat(fast).isGreaterThan(100);
    assertThat(check.rejected).isGreaterThan(100);
  }

  private static String nested(int depth, String open, String close) {
    return "{\"timestamp\":\"2024-01-01T00:00:00Z\",\"jsonPayload\":{\"x\":"
        + open.repeat(depth)
        + "1"
        + close.repeat(depth)
        + "}}";
  }

  @Test
  public void mutatedRealEntriesParseTheSameOnBothPaths() {
    List<byte[]> seeds = new ArrayList<>();
    for (Path file : FastPathDifferentialTest.documentFiles()) {
      String name = file.getFileName().toString();
      if (name.endsWith(".json") && !name.startsWith("set-iam-policy")) {
        seeds.add(FastPathDifferentialTest.documents(file).get(0));
      }
    }
    List<byte[]> shop =
        FastPathDifferentialTest.documents(RepoRoot.get().resolve("samples/logs/shop-prod.jsonl"));
    for (int i = 0; i < shop.size(); i += 500) {
      seeds.add(shop.get(i));
    }
    assertThat(seeds.size()).isGreaterThan(80);
    Random rnd = new Random(20261204L);
    FastPathCheck check = new FastPathCheck();
    for (int i = 0; i < 6000; i++) {
      byte[] doc = seeds.get(rnd.nextInt(seeds.size()));
      byte[] mutated = doc;
      for (int k = rnd.nextInt(3); k >= 0; k--) {
        mutated = mutate(mutated, rnd);
      }
      LogEntryParser parser =
          FastPathDifferentialTest.PARSERS.get(
              rnd.nextInt(FastPathDifferentialTest.PARSERS.size()));
      check.check(parser, mutated, "mutation " + i);
    }
    // Both outcomes occur often, and most accepted mutations take the fast path.
    assertWithMessage("accepted %s, fast %s", check.accepted, check.fast)
        .that(check.fast)
        .isAtLeast(check.accepted * 9 / 10);
    assertThat(check.accepted).isGreaterThan(1000);
    assertThat(check.rejected).isGreaterThan(1000);
  }

  private static final String[] INSERTS = {
    "\"",
    "\\",
    "\\\"",
    "\\u",
    "\\uD83D",
    "\\uDE00",
    "\\uD83D\\uDE00",
    "\\u00e9",
    "\\n",
    "\\/",
    "\\x",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    " ",
    "\n",
    "\t",
    "0",
    "01",
    "-",
    "1.",
    "1e",
    "1e+9",
    ".",
    "e",
    "true",
    "null",
    "fals",
    "123456789012345678901234567890",
    "[[[[[[[[[[[[[[[[[[[[",
    "]]]]]]]]]]]]]]]]]]]]",
    "{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":{\"k\":",
    "}}}}}}",
    "é",
    "😀"
  };

  private static byte[] mutate(byte[] in, Random rnd) {
    if (in.length == 0) {
      return utf8("{}");
    }
    int at = rnd.nextInt(in.length + 1);
    switch (rnd.nextInt(8)) {
      case 0: // delete a range
        {
          int to = Math.min(in.length, at + 1 + rnd.nextInt(8));
          return concat(
              Arrays.copyOf(in, Math.min(at, in.length)), Arrays.copyOfRange(in, to, in.length));
        }
      case 1: // insert a token-ish string
        return splice(in, at, utf8(INSERTS[rnd.nextInt(INSERTS.length)]));
      case 2: // insert raw bytes: control, high, invalid UTF-8
        return splice(in, at, RAW_BYTES[rnd.nextInt(RAW_BYTES.length)]);
      case 3: // replace a byte with an interesting one
        {
          byte[] b = in.clone();
          int i = Math.min(at, in.length - 1);
          byte[] pool = utf8("\"\\{}[],:0123456789-+.eEtrufalsn /u");
          b[i] = pool[rnd.nextInt(pool.length)];
          return b;
        }
      case 4: // replace a byte with any byte
        {
          byte[] b = in.clone();
          b[Math.min(at, in.length - 1)] = (byte) rnd.nextInt(256);
          return b;
        }
      case 5: // truncate
        return Arrays.copyOf(in, Math.min(at, in.length));
      case 6: // wrap a value in deep nesting right after a colon
        {
          int colon = indexOf(in, (byte) ':', at);
          if (colon < 0) {
            return in;
          }
          return spliceValue(in, colon + 1, 1 + rnd.nextInt(70));
        }
      default: // duplicate a range somewhere else
        {
          int from = rnd.nextInt(in.length);
          int len = Math.min(in.length - from, 1 + rnd.nextInt(20));
          return splice(in, at, Arrays.copyOfRange(in, from, from + len));
        }
    }
  }

  /** Replaces the value after a colon by a nested array of depth d holding it. */
  private static byte[] spliceValue(byte[] in, int at, int d) {
    return splice(in, at, utf8("[".repeat(d) + "1" + "]".repeat(d) + ",\"zz\":"));
  }

  private static int indexOf(byte[] b, byte c, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static byte[] splice(String s, int at, byte[] insert) {
    return splice(utf8(s), utf8(s.substring(0, at)).length, insert);
  }

  private static byte[] splice(byte[] in, int at, byte[] insert) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + insert.length);
    out.write(in, 0, at);
    out.write(insert, 0, insert.length);
    out.write(in, at, in.length - at);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return splice(a, a.length, b);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
