package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.parse.LogEntryParserTest.fixture;

import dev.logalerts.model.LogEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Mutates valid entries (byte flips, structural characters, truncations, splices) and checks that
 * every result is either a LogEvent or an InvalidEntryException, never another exception. Seeded,
 * so a failure reproduces.
 */
@RunWith(JUnit4.class)
public class LogEntryParserFuzzTest {

  private static final String[] FIXTURES = {
    "gke-text.json",
    "gke-json.json",
    "lb-request.json",
    "cloud-run-request.json",
    "audit-log.json",
    "composer-task.json",
    "gae-request-log.json"
  };

  private static final byte[] INTERESTING =
      "{}[]\":,\\0123456789-.eEtrufalsn \n\t".getBytes(StandardCharsets.US_ASCII);

  private final LogEntryParser parser = new LogEntryParser(1 << 20, 16, 50);

  @Test
  public void mutatedEntriesNeverThrowAnythingElse() {
    Random rnd = new Random(20261120L);
    Map<InvalidEntryException.Reason, Integer> seen =
        new EnumMap<>(InvalidEntryException.Reason.class);
    int parsed = 0;
    for (String name : FIXTURES) {
      byte[] original = fixture(name);
      for (int i = 0; i < 2000; i++) {
        byte[] mutated = mutate(original, rnd);
        try {
          LogEvent e = parser.parse(mutated);
          assertThat(e.sizeBytes()).isEqualTo(mutated.length);
          parsed++;
        } catch (InvalidEntryException ex) {
          assertThat(ex.getMessage()).isNotEmpty();
          seen.merge(ex.reason(), 1, Integer::sum);
        } catch (Throwable t) {
          throw new AssertionError(
              "unexpected "
                  + t
                  + " for input "
                  + new String(mutated, StandardCharsets.ISO_8859_1)
                  + " bytes "
                  + Arrays.toString(mutated),
              t);
        }
      }
    }
    // The mutations reach deep enough to exercise both outcomes and the main reasons.
    assertThat(parsed).isGreaterThan(100);
    assertThat(seen.keySet())
        .containsAtLeast(
            InvalidEntryException.Reason.INVALID_JSON,
            InvalidEntryException.Reason.INVALID_UTF8,
            InvalidEntryException.Reason.WRONG_TYPE,
            InvalidEntryException.Reason.INVALID_TIMESTAMP);
  }

  private static byte[] mutate(byte[] in, Random rnd) {
    byte[] b;
    switch (rnd.nextInt(6)) {
      case 0: // truncate
        return Arrays.copyOf(in, rnd.nextInt(in.length));
      case 1: // random byte flips
        b = in.clone();
        for (int k = rnd.nextInt(3) + 1; k > 0; k--) {
          b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
        }
        return b;
      case 2: // structural / digit characters
        b = in.clone();
        for (int k = rnd.nextInt(3) + 1; k > 0; k--) {
          b[rnd.nextInt(b.length)] = INTERESTING[rnd.nextInt(INTERESTING.length)];
        }
        return b;
      case 3: // delete a range
        {
          int from = rnd.nextInt(in.length);
          int to = Math.min(in.length, from + 1 + rnd.nextInt(20));
          b = new byte[in.length - (to - from)];
          System.arraycopy(in, 0, b, 0, from);
          System.arraycopy(in, to, b, from, in.length - to);
          return b;
        }
      case 4: // duplicate a range somewhere else
        {
          int from = rnd.nextInt(in.length);
          int len = Math.min(in.length - from, 1 + rnd.nextInt(40));
          int at = rnd.nextInt(in.length);
          b = new byte[in.length + len];
          System.arraycopy(in, 0, b, 0, at);
          System.arraycopy(in, from, b, at, len);
          System.arraycopy(in, at, b, at + len, in.length - at);
          return b;
        }
      default: // flip a single bit
        b = in.clone();
        int i = rnd.nextInt(b.length);
        b[i] ^= (byte) (1 << rnd.nextInt(8));
        return b;
    }
  }
}
