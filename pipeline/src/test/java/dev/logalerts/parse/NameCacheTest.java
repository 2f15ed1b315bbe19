package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** NameCache returns the name its bytes spell, the same instance while it holds it. */
@RunWith(JUnit4.class)
public class NameCacheTest {

  /** The name inside a document-like buffer: quotes around it and bytes after it. */
  private static String lookUp(NameCache cache, String name) {
    byte[] b =
        ("{\"" + name + "\":\"some value after the name\"}").getBytes(StandardCharsets.UTF_8);
    return cache.get(b, 2, 2 + name.length());
  }

  @Test
  public void namesOfEveryLengthAndSimilarNamesStayApart() {
    NameCache cache = new NameCache();
    Random rnd = new Random(3);
    List<String> names = new ArrayList<>();
    for (int len = 0; len <= NameCache.MAX_BYTES; len++) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < len; i++) {
        sb.append((char) ('a' + rnd.nextInt(3)));
      }
      names.add(sb.toString());
      // Same first and last eight bytes, different middle; a prefix; a different last byte.
      if (len > 17) {
        char[] c = sb.toString().toCharArray();
        c[len / 2] = c[len / 2] == 'x' ? 'y' : 'x';
        names.add(new String(c));
      }
      if (len > 0) {
        names.add(sb.substring(0, len - 1) + "z");
      }
    }
    for (int round = 0; round < 2; round++) {
      for (String name : names) {
        String got = lookUp(cache, name);
        assertThat(got).isEqualTo(name);
        assertThat(lookUp(cache, name)).isSameInstanceAs(got);
      }
    }
  }

  @Test
  public void tooLongOrTooNearTheEndIsLeftToTheCaller() {
    NameCache cache = new NameCache();
    assertThat(lookUp(cache, "n".repeat(NameCache.MAX_BYTES + 1))).isNull();
    byte[] b = "{\"ab\"".getBytes(StandardCharsets.US_ASCII);
    assertThat(cache.get(b, 2, 4)).isNull();
  }

  @Test
  public void startsAfreshWhenFullAndStaysRight() {
    NameCache cache = new NameCache();
    String recurring = "severity";
    String first = lookUp(cache, recurring);
    for (int i = 0; i < 3 * NameCache.MAX_NAMES; i++) {
      String name = "id_" + i;
      assertThat(lookUp(cache, name)).isEqualTo(name);
      assertThat(lookUp(cache, recurring)).isEqualTo(recurring);
    }
    assertThat(first).isEqualTo(recurring);
    String again = lookUp(cache, recurring);
    assertThat(lookUp(cache, recurring)).isSameInstanceAs(again);
  }
}
