package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Valid settings that rarely mean what they say, told as notes. */
@RunWith(JUnit4.class)
public class RuleNotesTest {
  @Test
  public void anEtcGmtZoneIsNotedWithItsReversedSign() {
    RuleSet rules =
        RulesLoader.parse(
            "rules:\n"
                + "  - name: tokyo\n    type: deadline\n    filter: textPayload:done\n"
                + "    schedule: '0 6 * * *'\n    timeZone: Etc/GMT+9\n"
                + "  - name: utc\n    type: deadline\n    filter: textPayload:done\n"
                + "    schedule: '0 6 * * *'\n    timeZone: Etc/GMT\n",
            "f.yaml");
    assertThat(RuleNotes.of(rules))
        .containsExactly(
            "rule 'tokyo': timeZone Etc/GMT+9 is UTC-9 (its sign is POSIX's, reversed); for UTC+9"
                + " write Etc/GMT-9");
  }
}
