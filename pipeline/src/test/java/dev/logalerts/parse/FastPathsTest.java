package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Timestamps;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The parser's hot-path shortcuts agree with the reference implementations. */
@RunWith(JUnit4.class)
public class FastPathsTest {

  @Test
  public void fastTimestampsAgreeWithTimestamps() {
    Random rnd = new Random(7);
    for (int i = 0; i < 20_000; i++) {
      long nanos = (long) (rnd.nextDouble() * 9_000_000_000_000_000_000.0);
      String s = Timestamps.format(nanos);
      if (rnd.nextBoolean() && s.indexOf('.') > 0) {
        s = s.substring(0, s.length() - 1 - rnd.nextInt(3)) + "Z"; // fewer digits
        if (s.endsWith(".Z")) {
          s = s.replace(".Z", "Z");
        }
      }
      byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.US_ASCII);
      assertThat(FastTimestamps.parseUtc(b, 2, s.length())).isEqualTo(Timestamps.parse(s));
    }
    // Forms the fast path leaves to Timestamps (offsets, leap second, lower case, errors).
    for (String s :
        new String[] {
          "2026-11-20T01:00:00+01:00", "2026-12-31T23:59:60Z", "2026-11-20t00:00:00z",
          "2026-11-20 00:00:00Z", "2026-11-20T00:00:00.Z", "2026-02-30T00:00:00Z",
          "1969-12-31T23:59:59Z", "2026-11-20T00:00:00.1234567890Z", "2026-1a-20T00:00:00Z",
          "2026-11-20T0x:00:00Z", "2026-11-20T00:-1:00Z", "2026-11-20T00:00:0/Z"
        }) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertThat(FastTimestamps.parseUtc(b, 0, b.length)).isEqualTo(FastTimestamps.NOT_SIMPLE);
    }
  }

  @Test
  public void payloadIsSortedLikeStringCompareToAndStable() throws Exception {
    Random rnd = new Random(11);
    String[] names = {
      "a", "ab", "auth", "authA", "authB", "a\u0001", "b", "ä", "日本", "status", "\u0000"
    };
    LogEntryParser parser = new LogEntryParser();
    for (int round = 0; round < 300; round++) {
      StringBuilder json =
          new StringBuilder("{\"timestamp\":\"2026-11-20T00:00:00Z\",\"jsonPayload\":{");
      List<String[]> expected = new ArrayList<>();
      int n = 1 + rnd.nextInt(round < 250 ? 40 : 400); // both the insertion and the merge path
      List<String[]> fields = new ArrayList<>(); // {a, b or null}
      for (int i = 0; i < n; i++) {
        boolean nested = rnd.nextBoolean();
        fields.add(
            new String[] {
              names[rnd.nextInt(names.length)], nested ? names[rnd.nextInt(names.length)] : null
            });
      }
      if (round % 3 == 0) { // already in key order (as Cloud Logging exports), ties kept
        fields.sort((x, y) -> leafKey(x).compareTo(leafKey(y)));
      }
      for (int i = 0; i < n; i++) {
        String a = fields.get(i)[0];
        String b = fields.get(i)[1];
        boolean nested = b != null;
        String value = "v" + i;
        json.append(i == 0 ? "" : ",").append('"').append(escape(a)).append("\":");
        if (nested) {
          json.append("{\"").append(escape(b)).append("\":\"").append(value).append("\"}");
          expected.add(new String[] {FieldValues.key("jsonPayload", a, b), value});
        } else {
          json.append('"').append(value).append('"');
          expected.add(new String[] {FieldValues.key("jsonPayload", a), value});
        }
      }
      json.append("}}");
      LogEvent e = parser.parse(json.toString().getBytes(StandardCharsets.UTF_8));
      Collections.sort(expected, (x, y) -> x[0].compareTo(y[0])); // stable
      FieldValues p = e.payload();
      assertThat(p.size()).isEqualTo(expected.size());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(p.keyAt(i)).isEqualTo(expected.get(i)[0]);
        assertThat(p.valueAt(i)).isEqualTo(expected.get(i)[1]);
      }
    }
  }

  private static String leafKey(String[] field) {
    return field[1] == null
        ? FieldValues.key("jsonPayload", field[0])
        : FieldValues.key("jsonPayload", field[0], field[1]);
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
