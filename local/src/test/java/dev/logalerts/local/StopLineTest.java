package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class StopLineTest {
  @Test
  public void saysWhatWasReadAndWhatComesAgain() {
    assertThat(StopLine.of(Map.of("entries_read", 1204L), 0, 42_400))
        .isEqualTo(
            "stopped after 42 s: 1,204 entries read, all acknowledged; windows and incidents still"
                + " open end with this run, and no later run counts the acknowledged entries they"
                + " held.");
    assertThat(StopLine.of(Map.of("entries_read", 1L), 1, 3_000))
        .isEqualTo(
            "stopped after 3 s: 1 entry read; 1 message read but not yet acknowledged: Pub/Sub"
                + " delivers it again to the next run once its ack deadline passes; windows and"
                + " incidents still open end with this run, and no later run counts the"
                + " acknowledged entries they held.");
    assertThat(StopLine.of(Map.of(), 2, 0))
        .startsWith(
            "stopped after 0 s: 0 entries read; 2 messages read but not yet acknowledged: Pub/Sub"
                + " delivers them again");
  }
}
