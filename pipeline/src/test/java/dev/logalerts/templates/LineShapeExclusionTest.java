package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A text template whose constant words are few ({@code <*> update}) is excluded by the shape of its
 * whole line, not by its words as substrings: those would also take the service's other lines of
 * that severity that hold the word, the failure among them.
 */
@RunWith(JUnit4.class)
public class LineShapeExclusionTest {
  private final TextLineKeys keys = new TextLineKeys();

  private CompiledFilter exclusionOf(String line) throws Exception {
    KV<NoisyKey, NoisyEntry> row = keys.row(keys.entry(line));
    return Filter.compile(TextLineKeys.exclusion(row));
  }

  @Test
  public void aScriptAndOneWordTakesItsLinesNotTheFailureThatNamesTheWord() throws Exception {
    assertThat(keys.template("./deploy.sh update")).isEqualTo("<*> update");
    CompiledFilter exclusion = exclusionOf("./deploy.sh update");
    assertThat(exclusion.test(keys.entry("./deploy.sh update"))).isTrue();
    assertThat(exclusion.test(keys.entry("/opt/app/deploy.sh update"))).isTrue();
    assertThat(exclusion.test(keys.entry("update failed: quota exceeded for instance group")))
        .isFalse();
    assertThat(exclusion.test(keys.entry("Cannot update /etc/app.conf"))).isFalse();
  }

  /**
   * Docker's build output in Cloud Build (a public build log: Google's Cloud Build quickstart):
   * {@code ---> <*>} is a layer id, one word; {@code ---> Running in <*>} is another log call.
   */
  @Test
  public void aPlaceholderThatIsAWordMatchesOneWord() throws Exception {
    assertThat(keys.template("Step #1: ---> 3fa6f1b2c9d0")).isEqualTo("Step <*>: ---> <*>");
    CompiledFilter exclusion = exclusionOf("Step #1: ---> 3fa6f1b2c9d0");
    assertThat(exclusion.test(keys.entry("Step #0: ---> e7d92cdc71fe"))).isTrue();
    assertThat(exclusion.test(keys.entry("Step #1: ---> Running in 9b1c1f6ab0e2"))).isFalse();
  }

  @Test
  public void aCountedNounMatchesSingularAndPlural() throws Exception {
    assertThat(keys.template("Sleeping 5 seconds")).isEqualTo("Sleeping <*> seconds");
    CompiledFilter exclusion = exclusionOf("Sleeping 5 seconds");
    assertThat(exclusion.test(keys.entry("Sleeping 1 second"))).isTrue();
    assertThat(exclusion.test(keys.entry("Sleeping   30 seconds"))).isTrue();
    assertThat(exclusion.test(keys.entry("Sleeping 5 seconds before retrying the upload")))
        .isFalse();
  }

  @Test
  public void manyConstantWordsStaySubstrings() throws Exception {
    String exclusion =
        TextLineKeys.exclusion(keys.row(keys.entry("Cache miss for key 8812 in shard 3")));
    // The first words start the line (WholeValueEdgesTest); the others stay substrings.
    assertThat(exclusion).contains("textPayload=~\"(^\\\\s*|\\\")Cache\\\\s+miss");
    assertThat(exclusion).contains("textPayload:\"in shard\"");
    assertThat(exclusion).doesNotContain("\\\\s*$");
  }

  /**
   * Loghub-2k Linux's PAM lines: {@code user=} ends {@code ruser=} too, so as a substring the row
   * with a user ({@code ... rhost=<*> user=<*>}) would also take the lines without one.
   */
  @Test
  public void aPieceThatEndsAnotherWordMustStartAWord() throws Exception {
    String withUser =
        "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser="
            + " rhost=220-135-151-1.hinet-ip.hinet.net  user=root";
    assertThat(keys.template(withUser)).endsWith("rhost=<*> user=<*>");
    CompiledFilter exclusion = exclusionOf(withUser);
    assertThat(exclusion.test(keys.entry(withUser))).isTrue();
    assertThat(
            exclusion.test(
                keys.entry(
                    "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser="
                        + " rhost=211.46.224.253  user=guest")))
        .isTrue();
    assertThat(
            exclusion.test(
                keys.entry(
                    "authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser="
                        + " rhost=218.188.2.4")))
        .isFalse();
  }

  @Test
  public void tooLittleConstantTextHasNoExclusion() throws Exception {
    assertThat(TextLineKeys.exclusion(keys.keyed("42: 17"))).isEmpty();
  }
}
