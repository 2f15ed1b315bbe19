package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.MessageTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class RecentTemplatesTest {

  private final TemplateMiner miner = new TemplateMiner();

  @Before
  public void forget() {
    TemplateMiner.forgetRecentMessages();
  }

  @Test
  public void aRepeatedMessageIsAnsweredWithoutMiningIt() {
    MessageTemplate first = miner.mine("Connection to 10.0.0.7 reset by peer");
    MessageTemplate again = miner.mine(new String("Connection to 10.0.0.7 reset by peer"));
    assertThat(again).isSameInstanceAs(first);
    assertThat(again.template()).isEqualTo("Connection to <*> reset by peer");

    TemplateMiner.forgetRecentMessages();
    MessageTemplate afterForgetting = miner.mine("Connection to 10.0.0.7 reset by peer");
    assertThat(afterForgetting).isNotSameInstanceAs(first);
    assertThat(afterForgetting).isEqualTo(first);
  }

  @Test
  public void longMessagesAreMinedEveryTime() {
    String message = "upload of part 7 failed: " + "x".repeat(TemplateMiner.RECENT.maxTextChars);
    MessageTemplate first = miner.mine(message);
    // Not held as a message (its template, short enough, may be held by KnownTemplates).
    assertThat(TemplateMiner.RECENT.remembered(message)).isNull();
    assertThat(miner.mine(message)).isEqualTo(first);
  }

  @Test
  public void rememberedTemplatesEqualFreshlyMinedOnesOnRealLogs() throws Exception {
    // Every line of the 16 Loghub-2k files, shuffled: about 15,500 distinct messages over 4,096
    // slots, so slots are shared and overwritten all the time.
    List<String> messages = new ArrayList<>();
    for (String line : LoghubTsv.wholeFileMessages()) {
      messages.add(new String(line)); // its own instance: a hit must compare the text
    }
    Collections.shuffle(messages, new Random(7));
    int remembered = 0;
    for (String m : messages) {
      boolean known = TemplateMiner.RECENT.remembered(m) != null;
      MessageTemplate t = miner.mine(m);
      assertWithMessage("%s", m).that(t).isEqualTo(new TemplateScanner().mine(m));
      remembered += known ? 1 : 0;
    }
    assertThat(messages.size()).isEqualTo(32_000);
    // Shuffled across systems the repeats are far apart; still a good share of them is answered.
    assertThat(remembered).isAtLeast(5_000);
    assertThat(remembered).isLessThan(16_513); // at most the exact repeats (32,000 - 15,487)
  }
}
