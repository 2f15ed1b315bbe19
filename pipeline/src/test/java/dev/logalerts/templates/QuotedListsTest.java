package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Lists of quoted strings are one value ({@link QuotedLists}); the real lines are pandas' KeyError
 * in {@code families/exports/}, checked in {@link LogFamilyFixturesTest}.
 */
@RunWith(JUnit4.class)
public class QuotedListsTest {
  private final TemplateMiner miner = new TemplateMiner();

  @Test
  public void aListOfQuotedStringsIsOnePlaceholder() {
    assertThat(miner.templateOf("KeyError: \"['order_id', 'sku'] not in index\""))
        .isEqualTo(miner.templateOf("KeyError: \"['customer'] not in index\""));
    assertThat(miner.templateOf("missing columns [\"orders\", \"users\"] in table"))
        .isEqualTo("missing columns [<*>] in table");
  }

  @Test
  public void otherBracketsStay() {
    assertThat(miner.templateOf("[INFO] worker started")).isEqualTo("[INFO] worker started");
    assertThat(miner.templateOf("empty list [] returned")).isEqualTo("empty list [] returned");
    assertThat(miner.templateOf("['unclosed' list")).contains("unclosed");
  }
}
