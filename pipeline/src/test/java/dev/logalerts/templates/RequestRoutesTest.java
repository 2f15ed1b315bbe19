package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Request lines that frameworks write as text (formats as their documentation shows them) get a
 * noisy-log row per route, not one row for every request of the service; the row's exclusion
 * matches its own route and status class only.
 */
@RunWith(JUnit4.class)
public class RequestRoutesTest {
  private final TextLineKeys lines = new TextLineKeys();

  /** Message, then the template of its row. */
  private static final String[][] FORMATS = {
    // Express's morgan: dev, tiny.
    {"GET /healthz 200 1.234 ms - 2", "GET /healthz 2xx <*> - <*>"},
    {"GET /api/v1/products/8812 200 14.101 ms - 512", "GET /api/v1/products/<*> 2xx <*> - <*>"},
    {"POST /api/cart 503 2 - 0.345 ms", "POST /api/cart 5xx <*> - <*>"},
    {"GET /search?q=socks&page=2 200 3.1 ms - 512", "GET /search?<*> 2xx <*> - <*>"},
    // uvicorn.
    {
      "INFO:     10.0.0.1:5000 - \"GET /health HTTP/1.1\" 200 OK",
      "INFO: <*> - \"GET /health HTTP/1.1\" 2xx OK"
    },
    {
      "INFO:     10.0.0.7:41234 - \"POST /api/orders/991 HTTP/1.1\" 201 Created",
      "INFO: <*> - \"POST /api/orders/<*> HTTP/1.1\" 2xx Created"
    },
    // Gin.
    {
      "[GIN] 2026/12/04 - 10:00:00 | 200 |    1.234ms |  10.1.2.3 | GET      \"/v1/items/77\"",
      "[GIN] <*> - <*> | 2xx | <*> | <*> | GET \"/v1/items/<*>\""
    },
    // Rails.
    {
      "Started GET \"/admin/users/42/edit\" for 127.0.0.1 at 2026-12-04 10:00:00 +0000",
      "Started GET \"/admin/users/<*>/edit\" for <*> at <*>"
    },
    // ASP.NET Core: a URL, whose scheme and host stay a placeholder.
    {
      "Request finished HTTP/1.1 GET http://localhost:5000/health - - - 200 - text/plain 0.4567ms",
      "Request finished HTTP/1.1 GET <*>/health - - - 2xx - text/plain <*>"
    },
    // Punctuation after the path stays the template's.
    {"GET /cart, took 3 ms", "GET /cart, took <*>"},
  };

  @Test
  public void eachRouteIsItsOwnTemplate() throws Exception {
    for (String[] f : FORMATS) {
      assertWithMessage(f[0]).that(lines.template(f[0])).isEqualTo(f[1]);
    }
    // Another id on the same route: the same row; another route: another row.
    assertThat(lines.keyed("GET /api/v1/products/17 200 9.9 ms - 80").getKey())
        .isEqualTo(lines.keyed("GET /api/v1/products/8812 200 14.101 ms - 512").getKey());
    assertThat(lines.keyed("GET /healthz 200 1.234 ms - 2").getKey())
        .isNotEqualTo(lines.keyed("GET /readyz 200 1.234 ms - 2").getKey());
  }

  @Test
  public void otherMessagesKeepTheMinedTemplate() throws Exception {
    for (String text :
        List.of(
            "GET request failed for user 42",
            "POST to /var/run/docker.sock failed: connection refused",
            "upstream GET //cdn.example.com/x failed",
            "method=GET path=/api/items/5 status=200",
            "TARGET /x 200",
            "get /x 200")) {
      String mined = new TemplateMiner().mine(text).template();
      assertWithMessage(text).that(lines.template(text)).isEqualTo(mined);
      assertWithMessage(text)
          .that(lines.keyed(text).getKey().templateId())
          .isEqualTo(new TemplateMiner().mine(text).templateId());
    }
  }

  @Test
  public void theExclusionMatchesItsRouteAndStatusClassOnly() throws Exception {
    String health = "GET /healthz 200 1.234 ms - 2";
    String rule = lines.exclusion(health);
    CompiledFilter f = Filter.compile(rule);
    assertWithMessage(rule).that(f.test(lines.entry(health))).isTrue();
    assertWithMessage(rule).that(f.test(lines.entry("GET /healthz 200 0.9 ms - 2"))).isTrue();
    assertWithMessage(rule).that(f.test(lines.entry("GET /healthz 503 0.9 ms - 2"))).isFalse();
    assertWithMessage(rule).that(f.test(lines.entry("GET /api/items/5 200 0.9 ms - 2"))).isFalse();

    String items = "GET /api/v1/products/8812 200 14.101 ms - 512";
    rule = lines.exclusion(items);
    f = Filter.compile(rule);
    assertWithMessage(rule)
        .that(f.test(lines.entry("GET /api/v1/products/17 200 3 ms - 5")))
        .isTrue();
    assertWithMessage(rule).that(f.test(lines.entry(health))).isFalse();

    String uvicorn = "INFO:     10.0.0.1:5000 - \"GET /health HTTP/1.1\" 200 OK";
    rule = lines.exclusion(uvicorn);
    f = Filter.compile(rule);
    assertWithMessage(rule).that(f.test(lines.entry(uvicorn))).isTrue();
    assertWithMessage(rule)
        .that(f.test(lines.entry(uvicorn.replace("/health", "/api/orders"))))
        .isFalse();
  }
}
