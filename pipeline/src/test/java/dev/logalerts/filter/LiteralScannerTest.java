package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link LiteralScanner} finds a literal in an entry exactly when a bare word of that literal
 * matches the entry: overlapping literals, literals inside others, case, characters that fold to
 * ASCII (Kelvin sign, long s, dotted I) and non-ASCII literals, on random text built from them.
 */
@RunWith(JUnit4.class)
public class LiteralScannerTest {
  private static final List<String> LITERALS =
      List.of("he", "she", "his", "hers", "kernel", "stack", "café", "ab_c", "x", "istanbul");

  private static final String[] PIECES = {
    "h",
    "e",
    "s",
    "r",
    "i",
    "H",
    "E",
    "S",
    "\u212Aernel",
    "\u017Ftack",
    "CAF\u00C9",
    "café",
    "ab",
    "_c",
    "AB_C",
    "X",
    "\u0130stanbul",
    " ",
    "k",
    "ernel",
    "ta",
    "ck",
    "é",
    "\u00e9"
  };

  @Test
  public void findsWhatBareWordsFind() {
    List<String> folded = List.of(LITERALS.stream().map(Text::fold).toArray(String[]::new));
    LiteralScanner scanner = new LiteralScanner(folded);
    Random rnd = new Random(7);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int k = rnd.nextInt(12); k > 0; k--) {
        text.append(PIECES[rnd.nextInt(PIECES.length)]);
      }
      LogEvent e =
          LogEvent.builder()
              .setInsertId("")
              .setTimestampNanos(0)
              .setReceiveTimestampNanos(0)
              .setSeverity(Severity.INFO)
              .setLogName("projects/p/logs/log")
              .setLogId("log")
              .setProjectId("p")
              .setResourceType("global")
              .setResourceLabels(java.util.Map.of())
              .setLabels(java.util.Map.of())
              .setService("")
              .setMessage(text.toString())
              .setPayloadKind(dev.logalerts.model.PayloadKind.TEXT)
              .setHttpRequest(null)
              .setTrace("")
              .setSpanId("")
              .setOperationId("")
              .setOperationProducer("")
              .setOperationFirst(false)
              .setOperationLast(false)
              .setPayload(dev.logalerts.model.FieldValues.EMPTY)
              .setSizeBytes(0)
              .build();
      scanner.scan(e);
      for (int id = 0; id < LITERALS.size(); id++) {
        boolean bareWord = Filter.compile(Filter.quote(LITERALS.get(id))).test(e);
        assertWithMessage("%s in %s", LITERALS.get(id), text)
            .that(scanner.found(id))
            .isEqualTo(bareWord);
      }
    }
  }
}
