package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Looking for the texts searched in every field in an entry's bytes before the parse. */
@RunWith(JUnit4.class)
public class TextsInEntryBytesTest {
  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static boolean mayHold(TextsInEntryBytes check, byte[] json) {
    return check.mayHold(json, 0, json.length);
  }

  @Test
  public void findsTheTextsInAnyCaseAnywhereInTheBytes() {
    TextsInEntryBytes check = TextsInEntryBytes.of(List.of("DEADLINE_EXCEEDED", "oomkilled"));
    assertThat(check.texts()).containsExactly("deadline_exceeded", "oomkilled");
    assertThat(mayHold(check, bytes("{\"jsonPayload\":{\"code\":\"deadline_Exceeded\"}}")))
        .isTrue();
    assertThat(mayHold(check, bytes("{\"reason\":\"OOMKilled\"}"))).isTrue();
    assertThat(mayHold(check, bytes("OOMKILLED"))).isTrue(); // the whole input, at its end
    assertThat(mayHold(check, bytes("{\"code\":\"DEADLINE_EXCEEDE\",\"x\":\"EXCEEDED\"}")))
        .isFalse();
    assertThat(mayHold(check, bytes("{}"))).isFalse();
    byte[] json = bytes("{\"a\":\"OOMKilled\",\"b\":\"ok\"}");
    assertThat(check.mayHold(json, 0, 14)).isFalse(); // the text ends at 15: only the range counts
    assertThat(check.mayHold(json, 6, 15)).isTrue();
  }

  @Test
  public void textsAJsonEncoderMayRewriteAreNotLookedFor() {
    assertThat(TextsInEntryBytes.of(List.of("timeout"))).isNotNull();
    assertThat(TextsInEntryBytes.of(List.of("disk full"))).isNotNull();
    assertThat(TextsInEntryBytes.of(List.of("500"))).isNull(); // may be a number written anew
    assertThat(TextsInEntryBytes.of(List.of("1.5s"))).isNull();
    assertThat(TextsInEntryBytes.of(List.of("RUE"))).isNull(); // traceSampled's "true"
    assertThat(TextsInEntryBytes.of(List.of("fals"))).isNull();
    assertThat(TextsInEntryBytes.of(List.of("/api/v1"))).isNull(); // JSON may write \/
    assertThat(TextsInEntryBytes.of(List.of("say \"hi\""))).isNull();
    assertThat(TextsInEntryBytes.of(List.of("C:\\temp"))).isNull();
    assertThat(TextsInEntryBytes.of(List.of("café"))).isNull();
    assertThat(TextsInEntryBytes.of(List.of("timeout", ""))).isNull();
    assertThat(TextsInEntryBytes.of(List.of())).isNull();
  }

  @Test
  public void aTextIsLookedForByItsRarestLetterNotByTheCharactersThatFillJson() {
    assertThat(TextsInEntryBytes.anchor("deadline_exceeded")).isEqualTo(10); // the 'x'
    assertThat(TextsInEntryBytes.anchor("a-1:2")).isEqualTo(0);
    assertThat(TextsInEntryBytes.anchor("12:30")).isEqualTo(0);
  }
}
