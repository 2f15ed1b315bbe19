package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.HttpRequest;
import java.util.Random;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Which messages are the request line the parser makes up from an entry's httpRequest. */
@RunWith(JUnit4.class)
public class RequestLineTest {
  private static HttpRequest http(String method, String url, int status) {
    return HttpRequest.builder()
        .setRequestMethod(method)
        .setRequestUrl(url)
        .setStatus(status)
        .build();
  }

  @Test
  public void theLineOfMethodPathAndStatusIsARequestLine() {
    HttpRequest h = http("GET", "https://shop.example.com/api/cart?id=7#top", 200);
    assertThat(RequestTemplates.isRequestLine("GET /api/cart 200", h)).isTrue();
    assertThat(RequestTemplates.isRequestLine("GET /api/cart 200 ", h)).isFalse();
    assertThat(RequestTemplates.isRequestLine("GET /api/cart 20", h)).isFalse();
    assertThat(RequestTemplates.isRequestLine("GET  /api/cart 200", h)).isFalse();
    assertThat(RequestTemplates.isRequestLine("GET /api/carts 200", h)).isFalse();
    assertThat(RequestTemplates.isRequestLine("cart checkout failed", h)).isFalse();
    // Parts that are absent are left out, with their space.
    assertThat(RequestTemplates.isRequestLine("GET /api/cart", http("GET", "/api/cart", 0)))
        .isTrue();
    assertThat(RequestTemplates.isRequestLine("/api/cart 503", http("", "/api/cart", 503)))
        .isTrue();
    assertThat(RequestTemplates.isRequestLine("POST 201", http("POST", "", 201))).isTrue();
    assertThat(RequestTemplates.isRequestLine("GET / 200", http("GET", "https://h.example", 200)))
        .isTrue();
    assertThat(RequestTemplates.isRequestLine("", http("", "", 0))).isTrue();
  }

  /** The former definition: build the line, then compare. */
  private static String line(HttpRequest http) {
    StringBuilder sb = new StringBuilder();
    sb.append(http.requestMethod());
    if (!http.requestUrl().isEmpty()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(http.path());
    }
    if (http.status() != 0) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(http.status());
    }
    return sb.toString();
  }

  @Test
  public void agreesWithBuildingTheLineOnRandomRequests() {
    Random r = new Random(7);
    String[] methods = {"", "GET", "POST", "G"};
    String[] urls = {"", "/", "/a", "/a/b?q=1", "https://h.example/a", "https://h.example", "?x"};
    int[] statuses = {0, 200, 404, 5, -1, 10, 1000, 2147483647};
    int requestLines = 0;
    for (int iter = 0; iter < 20_000; iter++) {
      HttpRequest h =
          http(
              methods[r.nextInt(methods.length)],
              urls[r.nextInt(urls.length)],
              statuses[r.nextInt(statuses.length)]);
      String line = line(h);
      String message =
          switch (r.nextInt(5)) {
            case 0 -> line;
            case 1 -> line + (r.nextBoolean() ? " " : "0");
            case 2 -> line.isEmpty() ? "x" : line.substring(0, r.nextInt(line.length()));
            case 3 -> line.replace(r.nextBoolean() ? '0' : '4', r.nextBoolean() ? '1' : '0');
            default -> line.replace(' ', r.nextBoolean() ? '_' : ' ');
          };
      boolean expected = message.equals(line(h));
      requestLines += expected ? 1 : 0;
      assertWithMessage("%s / %s %s %s", message, h.requestMethod(), h.requestUrl(), h.status())
          .that(RequestTemplates.isRequestLine(message, h))
          .isEqualTo(expected);
    }
    assertThat(requestLines).isGreaterThan(5_000);
  }
}
