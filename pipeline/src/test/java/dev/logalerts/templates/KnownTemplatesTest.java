package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.MessageTemplate;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class KnownTemplatesTest {

  @Before
  public void forget() {
    TemplateMiner.forgetRecentMessages();
  }

  @Test
  public void rememberedTemplatesEqualFreshlyBuiltOnesOnRealLogs() throws Exception {
    List<String> messages = LoghubTsv.wholeFileMessages();
    Collections.shuffle(messages, new Random(3));
    TemplateScanner scanner = new TemplateScanner();
    for (String m : messages) {
      MessageTemplate t = scanner.mine(m);
      String text = scanner.template(m);
      assertWithMessage("%s", m).that(t.template()).isEqualTo(text);
      assertWithMessage("%s", m).that(t.templateId()).isEqualTo(TemplateIds.idOf(text));
    }
    assertThat(KnownTemplates.size()).isAtLeast(100);
    assertThat(KnownTemplates.size()).isAtMost(KnownTemplates.SLOTS);
  }

  @Test
  public void aTemplateBuiltAgainIsTheRememberedOne() {
    TemplateScanner scanner = new TemplateScanner();
    MessageTemplate first = scanner.mine("Connection to 10.0.0.7 reset by peer");
    MessageTemplate again = scanner.mine("Connection to 10.0.0.9 reset by peer");
    assertThat(again).isSameInstanceAs(first);
    assertThat(again.template()).isEqualTo("Connection to <*> reset by peer");
  }

  @Test
  public void memoryIsBounded() {
    TemplateScanner scanner = new TemplateScanner();
    for (int i = 0; i < 3 * KnownTemplates.SLOTS; i++) {
      scanner.mine("step" + Integer.toString(i, 26).replaceAll("[0-9]", "x") + " done");
    }
    assertThat(KnownTemplates.size()).isAtMost(KnownTemplates.SLOTS);

    TemplateMiner.forgetRecentMessages();
    String longMessage = "upload failed: " + "word ".repeat(KnownTemplates.MAX_TEMPLATE_CHARS);
    MessageTemplate t = scanner.mine(longMessage);
    assertThat(t.templateId()).isEqualTo(TemplateIds.idOf(t.template()));
    assertThat(KnownTemplates.size()).isEqualTo(0);
  }
}
