package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class RecentRedactionsTest {

  private static final String[] SECRETS = {
    "login ok password=hunter2 for <*>",
    "Authorization: Bearer abcdefgh12345678",
    "Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    "connecting to postgres://app:s3cret@db.internal:5432/shop",
    "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl issued",
    "using key AKIAIOSFODNN7EXAMPLE",
    "client secret GOCSPX-abcdefghijklmnopqrstuvwxyz12",
    "vault hvs.CAESIJlU8qQ2pJk7jF2v3yYxQhXr9",
    "mail from jane.doe@example.com bounced",
    "card 4111 1111 1111 1111 declined",
    "curl -u admin:pw https://example.com",
    "Cookie: session=abc123; theme=dark",
  };

  private final Redactor redactor = new Redactor();
  private final TemplateMiner miner = new TemplateMiner();

  @Before
  public void forget() {
    Redactor.RECENT.clear();
    TemplateMiner.forgetRecentMessages();
  }

  @Test
  public void rememberedRedactionsEqualFreshOnesOnRealLogsAndSecrets() throws Exception {
    // Every Loghub-2k line, its template and each secret line, shuffled, redacted twice: about
    // 18,000 distinct texts over 4,096 slots, so slots are shared and overwritten all the time.
    List<String> texts = new ArrayList<>();
    for (String line : LoghubTsv.wholeFileMessages()) {
      texts.add(line);
      texts.add(miner.mine(line).template());
    }
    for (String s : SECRETS) {
      texts.add(s);
      texts.add(miner.mine(s).template());
      texts.add("[" + s + "]");
    }
    Collections.shuffle(texts, new Random(11));
    int remembered = 0;
    int changed = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (String t : texts) {
        String text = new String(t); // its own instance: a hit must compare the text
        boolean known = Redactor.RECENT.remembered(text) != null;
        String out = redactor.redact(text);
        String fresh = Redactor.redactFresh(text);
        assertWithMessage("%s", text).that(out).isEqualTo(fresh);
        if (fresh == text) {
          assertWithMessage("%s", text).that(out).isSameInstanceAs(text);
        }
        remembered += known ? 1 : 0;
        changed += out.equals(text) ? 0 : 1;
      }
    }
    assertThat(changed).isAtLeast(2 * SECRETS.length * 2);
    assertThat(remembered).isAtLeast(texts.size() / 2);
  }

  @Test
  public void aRepeatedTemplateIsAnsweredFromMemory() {
    String t = "User <*> logged in with password=hunter2";
    String first = redactor.redact(t);
    assertThat(first).isEqualTo("User <*> logged in with password=[REDACTED:password]");
    assertThat(redactor.redact(new String(t))).isSameInstanceAs(first);

    String clean = "Connection to <*> reset by peer";
    assertThat(redactor.redact(clean)).isSameInstanceAs(clean);
    String again = new String(clean);
    assertThat(redactor.redact(again)).isSameInstanceAs(again); // the caller's own instance
  }

  @Test
  public void memoryIsBounded() {
    for (int i = 0; i < 3 * Redactor.RECENT.slots(); i++) {
      redactor.redact("request " + i + " done token=abc" + i);
    }
    assertThat(Redactor.RECENT.size()).isAtMost(Redactor.RECENT.slots());

    Redactor.RECENT.clear();
    String longText = "password=hunter2 " + "x".repeat(Redactor.RECENT.maxTextChars);
    assertThat(redactor.redact(longText)).isEqualTo(Redactor.redactFresh(longText));
    assertThat(Redactor.RECENT.size()).isEqualTo(0);
  }
}
