package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.parse.InvalidEntryException.Reason;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * README's "count by cause" jq command reads the code of every dead-letter reason: its pattern
 * ({@code [a-z_]+}) once left out {@code invalid_utf8}, whose digit it did not take, so the count
 * of the samples' dead letters said 9 of 10 without a word.
 */
@RunWith(JUnit4.class)
public class ReadmeDeadLetterCountTest {
  @Test
  public void theCountByCauseCommandReadsEveryReasonCode() throws Exception {
    Path readme = new File("../README.md").toPath();
    if (!Files.exists(readme)) {
      readme = new File("README.md").toPath();
    }
    String text = Files.readString(readme).replace("\n", " ");
    Matcher command =
        Pattern.compile("capture\\(\"(\\^.*?\\(\\?<code>.*?\\).*?)\"\\)\\.code").matcher(text);
    assertWithMessage("README's jq count-by-cause command").that(command.find()).isTrue();
    // A jq string literal: "\\[" is the regex \[.
    Pattern code = Pattern.compile(command.group(1).replace("\\\\", "\\"));
    for (Reason reason : Reason.values()) {
      String name = reason.name().toLowerCase(Locale.ROOT);
      Matcher m = code.matcher("[" + name + "] what was wrong");
      assertWithMessage("README's pattern %s on [%s]", code, name).that(m.find()).isTrue();
      assertThat(m.group("code")).isEqualTo(name);
    }
  }
}
