package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assert.assertThrows;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Tokenization and token-boundary matching behind {@code SEARCH}. */
@RunWith(JUnit4.class)
public class SearchTermsTest {
  @Test
  public void queryTokens() {
    assertThat(SearchTerms.parse("Hello World")).containsExactly("hello", "world").inOrder();
    assertThat(SearchTerms.parse("user@example.com")).containsExactly("user", "example", "com");
    assertThat(SearchTerms.parse("a_b-c.d/e:f=g"))
        .containsExactly("a", "b", "c", "d", "e", "f", "g");
    assertThat(SearchTerms.parse("a%20b%2Cc")).containsExactly("a", "b", "c");
    assertThat(SearchTerms.parse("x `Hello World` y")).containsExactly("x", "hello world", "y");
    assertThrows(IllegalArgumentException.class, () -> SearchTerms.parse("`open"));
    assertThrows(IllegalArgumentException.class, () -> SearchTerms.parse(" ... "));
  }

  @Test
  public void tokenBoundaries() {
    assertThat(SearchTerms.containsTerm("Hello, world", "hello")).isTrue();
    assertThat(SearchTerms.containsTerm("hello-world", "world")).isTrue();
    assertThat(SearchTerms.containsTerm("helloworld", "world")).isFalse();
    assertThat(SearchTerms.containsTerm("worlds", "world")).isFalse();
    assertThat(SearchTerms.containsTerm("GET%20/index", "index")).isTrue();
    assertThat(SearchTerms.containsTerm("GET%20/index", "20")).isFalse();
    assertThat(SearchTerms.containsTerm("a%2Cb", "b")).isTrue();
    assertThat(SearchTerms.containsTerm("say hello world now", "hello world")).isTrue();
    assertThat(SearchTerms.containsTerm("say hello worldwide", "hello world")).isFalse();
    assertThat(SearchTerms.containsTerm("x=foo.bar;", "foo.bar")).isTrue();
    assertThat(SearchTerms.containsTerm("", "a")).isFalse();
  }

  /**
   * The indexOf jump of {@link SearchTerms#containsTerm} finds what folding every character finds,
   * on values with the characters that fold to i, k and s and with encoded delimiters.
   */
  @Test
  public void jumpingToTheFirstCharacterFindsWhatTheScanFinds() {
    java.util.Random r = new java.util.Random(5);
    String alphabet = "aAbiIkKsSx1 -%2C0\u0130\u0131\u212A\u017F\u00e9";
    int found = 0;
    for (int iter = 0; iter < 20_000; iter++) {
      String hay = random(r, alphabet, r.nextInt(16));
      String phrase = random(r, alphabet, 1 + r.nextInt(3)).trim();
      for (String term :
          phrase.isEmpty() ? List.<String>of() : SearchTerms.parse("`" + phrase + "`")) {
        boolean expected = SearchTerms.containsTermByScan(hay, term);
        assertWithMessage("%s in %s", term, hay)
            .that(SearchTerms.containsTerm(hay, term))
            .isEqualTo(expected);
        found += expected ? 1 : 0;
      }
      String term = SearchTerms.parse(random(r, "abiksx1", 1 + r.nextInt(2))).get(0);
      boolean expected = SearchTerms.containsTermByScan(hay, term);
      assertWithMessage("%s in %s", term, hay)
          .that(SearchTerms.containsTerm(hay, term))
          .isEqualTo(expected);
      found += expected ? 1 : 0;
    }
    assertThat(found).isGreaterThan(500);
  }

  private static String random(java.util.Random r, String alphabet, int len) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
