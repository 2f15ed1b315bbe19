package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.tools.LogGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The benchmark's entries (LogGenerator, seed 42, 24 h, all incidents) and another seed's, parsed
 * by {@link LogEntryParser}'s fast path and by its Jackson path: the fast path is taken for every
 * entry and gives the same events and leaves-left-out flags. Lives here because the generator is in
 * this module; it uses the parser's package-private entry points.
 */
@RunWith(JUnit4.class)
public class GeneratedEntriesFastPathTest {

  @Test
  public void generatedEntriesParseTheSameOnBothPaths() throws InvalidEntryException {
    List<LogEntryParser> parsers =
        List.of(
            new LogEntryParser(),
            new LogEntryParser(1 << 20, 64, 3),
            new LogEntryParser()
                .withPayloadPaths(
                    List.of(
                        List.of("jsonPayload", "provider"), List.of("protoPayload", "status"))));
    int checked = 0;
    for (long seed : new long[] {42, 7}) {
      List<LogGenerator.Line> lines =
          new LogGenerator(
                  new LogGenerator.Config()
                      .entries(10_000)
                      .seed(seed)
                      .duration(Duration.ofHours(24))
                      .allIncidents())
              .lines();
      for (LogGenerator.Line line : lines) {
        for (LogEntryParser parser : parsers) {
          LeavesLeftOut oldLeft = new LeavesLeftOut();
          LogEvent old = parser.parseWithJackson(line.json, oldLeft);
          LeavesLeftOut fastLeft = new LeavesLeftOut();
          LogEvent fast = parser.parseFast(line.json, fastLeft);
          String what = new String(line.json, StandardCharsets.UTF_8);
          assertWithMessage("fast path gave up on %s", what).that(fast).isNotNull();
          assertWithMessage("event of %s", what).that(fast).isEqualTo(old);
          assertWithMessage("left out, %s", what).that(fastLeft.any()).isEqualTo(oldLeft.any());
          assertWithMessage("rule leaves left out, %s", what)
              .that(fastLeft.onRulePaths())
              .isEqualTo(oldLeft.onRulePaths());
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(60_000);
  }
}
