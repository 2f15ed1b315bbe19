package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** A request template's exclusion names its own path and no other. */
@RunWith(JUnit4.class)
public class RequestPathPatternTest {
  private static LogEvent get(String url) {
    return LogEvent.builder()
        .setInsertId("x")
        .setTimestampNanos(1L)
        .setLogName("projects/p/logs/requests")
        .setLogId("requests")
        .setProjectId("p")
        .setResourceType("http_load_balancer")
        .setService("lb")
        .setHttpRequest(
            HttpRequest.builder().setRequestMethod("GET").setRequestUrl(url).setStatus(200).build())
        .build();
  }

  private static CompiledFilter exclusionOf(String url) {
    LogEvent e = get(url);
    String path = RequestTemplates.normalisePath(e.httpRequest().path());
    return Filter.compile(
        "httpRequest.requestUrl=~"
            + SuggestedExclusion.quote(SuggestedExclusion.pathPattern(path)));
  }

  private static void assertMatches(String rowUrl, String url, boolean expected) {
    assertWithMessage("row of %s, entry %s", rowUrl, url)
        .that(exclusionOf(rowUrl).test(get(url)))
        .isEqualTo(expected);
  }

  @Test
  public void theHomePageIsNotEveryPage() {
    for (String home :
        new String[] {"https://shop.example.com", "https://shop.example.com/", "/"}) {
      assertMatches("https://shop.example.com/", home, true);
    }
    assertMatches("https://shop.example.com/", "https://shop.example.com/?utm=1", true);
    assertMatches("https://shop.example.com/", "https://shop.example.com/cart", false);
  }

  @Test
  public void aPathIsNotAnotherPathThatContainsIt() {
    assertMatches("https://shop.example.com/cart", "https://shop.example.com/cart?x=1", true);
    assertMatches("https://shop.example.com/cart", "http://10.0.0.1:8080/cart", true);
    assertMatches("https://shop.example.com/cart", "https://shop.example.com/api/v1/cart/9", false);
    assertMatches("https://shop.example.com/cart", "https://shop.example.com/cart/items", false);
  }

  @Test
  public void aMaskedSegmentIsOneSegment() {
    assertMatches("/api/v1/cart/9387", "/api/v1/cart/12", true);
    assertMatches("/api/v1/cart/9387", "/api/v1/cart/12/items", false);
    assertMatches("/static/js/app.1f3a9.js", "/static/js/vendor.77b2c.js", true);
    // Regex characters in a literal segment are literal.
    assertMatches("/a.b/1", "/aXb/1", false);
  }

  @Test
  public void aPathCutShortByTheNormaliserHasNoPattern() {
    assertThat(SuggestedExclusion.pathPattern("/a/b/c/d/e/f/g/h/i/j/k/l/<*>")).isNull();
    assertThat(SuggestedExclusion.pathPattern("cart")).isNull();
  }
}
