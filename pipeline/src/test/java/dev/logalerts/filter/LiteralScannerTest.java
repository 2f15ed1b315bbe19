package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    "\u00e9",
    "dead",
    "line_",
    "exceeded",
    "DEADLINE_EXCEEDED",
    "the quick brown fox, 0123456789 "
  };

  @Test
  public void findsWhatBareWordsFind() {
    assertFindsWhatBareWordsFind(LITERALS, 12);
  }

  /**
   * Literals of three characters or more, ASCII in their first (shortest literal's length)
   * characters: values in ASCII are read by skipping along pairs of characters, and must still give
   * every literal, at the start, the end, overlapping and after long runs of other text; values
   * with characters that fold to ASCII ones (Kelvin sign, long s, dotted I) go to the automaton.
   */
  @Test
  public void skippingAlongAsciiValuesMissesNone() {
    List<String> skipping =
        List.of("hers", "kernel", "stack", "ab_c", "istanbul", "deadline_exceeded", "stacké");
    assertThat(new LiteralScanner(skipping).skips()).isTrue();
    assertFindsWhatBareWordsFind(skipping, 12);
    assertFindsWhatBareWordsFind(skipping, 40);
    assertFindsWhatBareWordsFind(List.of("she", "his", "hers", "ab_c"), 30);
    assertThat(new LiteralScanner(LITERALS.stream().map(Text::fold).toList()).skips()).isFalse();
  }

  private static void assertFindsWhatBareWordsFind(List<String> literals, int maxPieces) {
    List<String> folded = List.of(literals.stream().map(Text::fold).toArray(String[]::new));
    LiteralScanner scanner = new LiteralScanner(folded);
    Random rnd = new Random(7);
    for (int round = 0; round < 5_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int k = rnd.nextInt(maxPieces); k > 0; k--) {
        text.append(PIECES[rnd.nextInt(PIECES.length)]);
      }
      LogEvent e =
          event(
              text.toString(), "projects/p/logs/log", "global", Map.of(), Map.of(), Severity.INFO);
      assertFindsWhatBareWordsFind(literals, scanner, e, text);
    }
  }

  @Test
  public void valuesSharedByEntriesAreAnsweredPerEntry() {
    // Log names, resources and labels that entries share (the same instances, as the parser hands
    // them out), in turn with entries of their own: what is found is each entry's.
    List<String> folded = List.of(LITERALS.stream().map(Text::fold).toArray(String[]::new));
    LiteralScanner scanner = new LiteralScanner(folded);
    Random rnd = new Random(11);
    List<Map<String, String>> maps = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 700; i++) { // more than the scanner's table holds
      maps.add(Map.of("k", randomText(rnd), "l", randomText(rnd)));
      names.add("projects/p/logs/" + randomText(rnd));
    }
    Severity[] severities = Severity.values();
    for (int round = 0; round < 20_000; round++) {
      String message = randomText(rnd);
      LogEvent e =
          event(
              message,
              names.get(rnd.nextInt(names.size())),
              rnd.nextBoolean() ? "global" : randomText(rnd),
              maps.get(rnd.nextInt(maps.size())),
              rnd.nextInt(4) == 0 ? Map.of("x", randomText(rnd)) : maps.get(rnd.nextInt(9)),
              severities[rnd.nextInt(severities.length)]);
      assertFindsWhatBareWordsFind(LITERALS, scanner, e, e);
    }
  }

  private static String randomText(Random rnd) {
    StringBuilder text = new StringBuilder();
    for (int k = rnd.nextInt(6); k > 0; k--) {
      text.append(PIECES[rnd.nextInt(PIECES.length)]);
    }
    return text.toString();
  }

  private static void assertFindsWhatBareWordsFind(
      List<String> literals, LiteralScanner scanner, LogEvent e, Object in) {
    scanner.scan(e);
    for (int id = 0; id < literals.size(); id++) {
      boolean bareWord = Filter.compile(Filter.quote(literals.get(id))).test(e);
      assertWithMessage("%s in %s", literals.get(id), in)
          .that(scanner.found(id))
          .isEqualTo(bareWord);
    }
  }

  private static LogEvent event(
      String message,
      String logName,
      String resourceType,
      Map<String, String> resourceLabels,
      Map<String, String> labels,
      Severity severity) {
    return LogEvent.builder() // the builder's defaults for the rest
        .setTimestampNanos(0)
        .setSeverity(severity)
        .setLogName(logName)
        .setLogId("log")
        .setProjectId("p")
        .setResourceType(resourceType)
        .setResourceLabels(resourceLabels)
        .setLabels(labels)
        .setMessage(message)
        .setPayloadKind(dev.logalerts.model.PayloadKind.TEXT)
        .build();
  }
}
