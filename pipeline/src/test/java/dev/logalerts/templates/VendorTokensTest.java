package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertWithMessage;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The shortest token of a prefix is found wherever it stands, up to the text's last char. */
@RunWith(JUnit4.class)
public class VendorTokensTest {
  // Prefix, a body char its vendor uses, the shortest body.
  private static final Object[][] SHORTEST = {
    {"GOCSPX-", '1', 24},
    {"GR1348941", '1', 20},
    {"glsa_", '1', 41},
    {"s.", '1', 24},
    {"hf_", 'a', 34},
    {"dt0c01.", '1', 89},
    {"key-", '1', 32},
    {"SK", 'a', 32},
    {"AGE-SECRET-KEY-1", '1', 58},
    {"pypi-AgENdGVzdC5weXBpLm9yZw", '1', 50},
    {"HRKU-AA", 'a', 58},
    {"ATATT3", '=', 150},
  };

  @Test
  public void theShortestTokenIsFoundUpToTheLastChar() {
    for (Object[] row : SHORTEST) {
      String prefix = (String) row[0];
      String body = String.valueOf((char) row[1]).repeat((int) row[2]);
      String token = prefix + body;
      for (String text : new String[] {token, "key " + token, token + " ok", "a " + token + ","}) {
        assertWithMessage("%s", text).that(VendorTokens.redact(text)).contains("[REDACTED:");
        assertWithMessage("%s", text)
            .that(Redactor.anchors(text) & RedactionAnchors.VENDOR_TOKEN)
            .isNotEqualTo(0);
      }
      String shorter = prefix + body.substring(1);
      for (String text : new String[] {shorter, "key " + shorter}) {
        assertWithMessage("%s", text).that(VendorTokens.redact(text)).isEqualTo(text);
      }
    }
  }
}
