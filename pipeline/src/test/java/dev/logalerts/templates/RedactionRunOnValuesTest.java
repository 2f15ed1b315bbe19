package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.templates.GcpSecretLeaksTest.assertRedacted;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Key values whose value runs on: long values are secrets without judgement, unclosed quoted ones
 * end where reading stops, and a text of many rejected names with run-on values is read in linear
 * time. Before, each rejected name matched its whole run-on value again: 100,000 characters of
 * {@code monkey=} took over three minutes, {@code key=user:} over two.
 */
@RunWith(JUnit4.class)
public class RedactionRunOnValuesTest {
  private static String repeat(String unit, int length) {
    StringBuilder sb = new StringBuilder();
    while (sb.length() < length) {
      sb.append(unit);
    }
    return sb.toString();
  }

  // A guard against the quadratic reading coming back (minutes at this size), not a speed target:
  // the redaction takes well under a second.
  @Test(timeout = 120_000)
  public void manyRejectedNamesWithRunOnValuesAreReadOnce() {
    String monkeys = repeat("monkey=", 200_000);
    assertThat(new Redactor().redact(monkeys)).isEqualTo(monkeys);
    String partitions = repeat("partition_key=a", 200_000);
    assertThat(new Redactor().redact(partitions)).isEqualTo(partitions);
    assertThat(new Redactor().redact(repeat("key=user:", 200_000))).isEqualTo("key=[REDACTED:key]");
    assertThat(new Redactor().redact(repeat("PWD=/", 200_000)))
        .isEqualTo("PWD=[REDACTED:password]");
  }

  // Vendor tokens (VendorTokens): every word start is checked, reading at most a token's length,
  // so texts of many prefixes whose bodies run on, or of many Azure "Q~", stay linear; so do
  // many Docker config "auth" keys.
  @Test(timeout = 120_000)
  public void manyVendorPrefixesAreReadInBoundedSteps() {
    for (String unit :
        new String[] {
          "-pypi-AgEIcHlwaS5vcmc",
          "x-glrt-",
          "/glc_AAAA",
          "aQ1Q~",
          "8Q~",
          " hvs.",
          "-hvs.aaaa",
          " hf_",
          " dt0c01.",
          "GOOG1",
          " GOCSPX-abcdefghijklmnopqrstuvwxyz01",
          "{\"auth\":\"QUFBOkJC",
          "\\\"auth\\\":\\\""
        }) {
      String text = repeat(unit, 100_000);
      long start = System.nanoTime();
      String out = new Redactor().redact(text);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(out.length()).isAtMost(text.length() + 10_000);
      assertWithMessage("redacting 100,000 characters of %s took %s ms", unit, millis)
          .that(millis)
          .isLessThan(20_000L);
    }
    // Tokens side by side are each replaced.
    String token = "hvs." + repeat("aB3", 30);
    assertThat(new Redactor().redact(token + " " + token))
        .isEqualTo("[REDACTED:vault_token] [REDACTED:vault_token]");
  }

  // User options (CommandLineCredentials): reading goes on after each option's value, so options
  // glued into one long value, or many with rejected values, are each read once.
  @Test(timeout = 120_000)
  public void manyUserOptionsAreReadOnce() {
    for (String unit :
        new String[] {" -u x", ",-ux", " -sSu ", "\"-u\",\"", "-u a:$", " --user 1:2", "(-U"}) {
      String text = repeat(unit, 200_000);
      long start = System.nanoTime();
      new Redactor().redact(text);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertWithMessage("redacting 200,000 characters of %s took %s ms", unit, millis)
          .that(millis)
          .isLessThan(20_000L);
    }
    String glued = "-u" + repeat(",-ua:b", 200_000);
    assertThat(new Redactor().redact(glued)).isEqualTo("-u[REDACTED:url_credentials]");
  }

  @Test
  public void longValuesAreSecretsWhateverTheySay() {
    String ids = "user:" + repeat("1234:", 300);
    // Short, the same shape is a cache key; long, it is not judged.
    assertRedacted("cache miss key=user:1234:5678 ok", "cache miss key=user:1234:5678 ok");
    assertRedacted("cache miss key=" + ids + " ok", "cache miss key=[REDACTED:key] ok");
  }

  @Test
  public void unclosedQuotedValues() {
    // Short: no value, as the pattern would find none.
    assertRedacted("token=\"abc", "token=\"abc");
    // Long: a secret up to where reading stopped (the end, or an escaped line break).
    String tail = repeat("x", 300);
    assertRedacted("token=\"" + tail, "token=\"[REDACTED:token]");
    assertRedacted("token=\"" + tail + "\\\nnext", "token=\"[REDACTED:token]\\\nnext");
    // Closed, long or short, as before.
    assertRedacted(
        "{\"token\":\"" + tail + "\",\"a\":1}", "{\"token\":\"[REDACTED:token]\",\"a\":1}");
    assertRedacted("{\\\"token\\\":\\\"abc123\\\"}", "{\\\"token\\\":\\\"[REDACTED:token]\\\"}");
  }
}
