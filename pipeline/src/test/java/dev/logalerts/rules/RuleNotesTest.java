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

  /**
   * Loki's documented HighPercentageError rule and ElastAlert's example percentage_match have no
   * minimum: ported as they are, a group's single failing request is 100%. Noted; a rule with
   * minCount is not.
   */
  @Test
  public void aRatioWithoutMinCountIsNoted() {
    RuleSet rules =
        RulesLoader.parse(
            "rules:\n"
                + "  - name: high-percentage-error\n    type: ratio\n"
                + "    filter: 'labels.app=\"foo\"'\n    numerator: 'textPayload=~\"error\"'\n"
                + "    groupBy: [labels.job]\n    threshold: 0.05\n"
                + "  - name: guarded\n    type: ratio\n"
                + "    filter: 'labels.app=\"foo\"'\n    numerator: 'textPayload=~\"error\"'\n"
                + "    threshold: 0.05\n    minCount: 20\n"
                + "  - name: all-failing-guarded\n    type: ratio\n"
                + "    filter: 'labels.app=\"foo\"'\n    numerator: 'textPayload=~\"error\"'\n"
                + "    threshold: 1\n    minCount: 20\n",
            "f.yaml");
    assertThat(RuleNotes.of(rules))
        .containsExactly(
            "rule 'high-percentage-error': no minCount: a window holding one matching entry that"
                + " hits the numerator is a ratio of 100% (1 of 1) and fires; set minCount to the"
                + " fewest entries a ratio should be judged on (ElastAlert's min_denominator), e.g."
                + " minCount: 20",
            "rule 'all-failing-guarded': threshold 1 is a ratio of 100%: it fires only when every"
                + " matching entry is in the numerator; for 1% write 0.01 or '1%'");
  }
}
