package dev.logalerts.parse;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Where the payload objects lie, and when a thread reads entries whole at once. */
@RunWith(JUnit4.class)
public class PayloadBytesTest {
  /** Says "may hold" when the range holds an 'x'. */
  private static final LogEntryParser.TextCheck X =
      new LogEntryParser.TextCheck() {
        @Override
        public boolean mayHold(byte[] json, int from, int to) {
          return new String(json, from, to - from, StandardCharsets.ISO_8859_1).contains("x");
        }

        @Override
        public Set<String> texts() {
          return Set.of("x");
        }
      };

  @Test
  public void onlyTheNotedRangesAreLookedInto() {
    byte[] json = "{\"a\":\"x\",\"jsonPayload\":{\"b\":\"y\"}}".getBytes(StandardCharsets.UTF_8);
    PayloadBytes bytes = new PayloadBytes();
    assertThat(bytes.mayHold(json, X)).isFalse(); // no payload object: nothing to look into
    bytes.add(23, 32);
    assertThat(bytes.mayHold(json, X)).isFalse();
    bytes.add(5, 8);
    assertThat(bytes.mayHold(json, X)).isTrue();
    bytes.clear();
    for (int i = 0; i < 5; i++) {
      bytes.add(23, 32); // more objects than it notes: not known, so it may
    }
    assertThat(bytes.mayHold(json, X)).isTrue();
  }

  @Test
  public void aThreadReadsWholeAtOnceWhileManyRecentEntriesWereNotPlainAscii() {
    PayloadBytes bytes = new PayloadBytes();
    assertThat(bytes.readWholeAtOnce()).isFalse();
    bytes.read(false); // one in a while: still read narrowly first
    assertThat(bytes.readWholeAtOnce()).isFalse();
    for (int i = 0; i < 30; i++) {
      bytes.read(true);
    }
    bytes.read(false);
    bytes.read(false);
    assertThat(bytes.readWholeAtOnce()).isTrue();
    int ascii = 0;
    while (bytes.readWholeAtOnce()) {
      bytes.read(true);
      ascii++;
    }
    assertThat(ascii).isIn(com.google.common.collect.Range.closed(1, 8));
  }
}
