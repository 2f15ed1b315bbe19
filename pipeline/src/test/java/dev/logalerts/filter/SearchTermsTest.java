package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

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
}
