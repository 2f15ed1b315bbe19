package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.Filter;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Text access-log lines (Envoy's default format as Istio writes it, the combined format of nginx
 * and gunicorn) get the request template, and an exclusion that the filter language compiles and
 * that matches the line's own kind of request only.
 */
@RunWith(JUnit4.class)
public class AccessLinesTest {
  private final TextLineKeys lines = new TextLineKeys();

  private static final String ENVOY_503 =
      "[2026-11-30T09:12:44.303Z] \"GET /api/orders/8f41c2?expand=items HTTP/1.1\" 503 UF"
          + " upstream_reset_before_response_started{connection_failure} - \"-\" 0 91 19 -"
          + " \"-\" \"okhttp/4.12.0\" \"054c265b-46eb-4524-a892-810ceeb26e64\""
          + " \"orders:8080\" \"10.8.2.14:8080\" inbound|8080|| - 10.8.2.14:8080"
          + " 10.8.1.7:51234 outbound_.8080_._.orders.shop.svc.cluster.local default";
  private static final String ENVOY_200 =
      "[2026-11-30T09:12:45.001Z] \"GET /api/orders/77d0e1 HTTP/1.1\" 200 - via_upstream - \"-\""
          + " 0 612 4 3 \"-\" \"curl/8.5.0\" \"8db9c925-02b9-43a9-a1a2-57d18951f4e4\""
          + " \"orders.shop:8080\" \"10.8.2.15:8080\" inbound|8080|| 127.0.0.6:34497"
          + " 10.8.2.15:8080 10.8.1.9:40022 - default";
  private static final String COMBINED_404 =
      "10.8.0.1 - - [30/Nov/2026:10:00:00 +0000] \"GET /api/v1/users/1042?x=1 HTTP/1.1\" 404 153"
          + " \"-\" \"python-requests/2.31.0\"";

  @Test
  public void envoyAndCombinedLinesGetTheRequestTemplate() throws Exception {
    assertThat(lines.template(ENVOY_503)).isEqualTo("GET /api/orders/<*> 5xx UF");
    assertThat(lines.template(ENVOY_200)).isEqualTo("GET /api/orders/<*> 2xx");
    assertThat(lines.template(COMBINED_404)).isEqualTo("GET /api/v1/users/<*> 4xx");
    // Another client, authority, time and ids: the same template.
    assertThat(
            lines.template(
                ENVOY_503
                    .replace("okhttp/4.12.0", "Go-http-client/1.1")
                    .replace("orders:8080", "orders.shop.svc.cluster.local:8080")
                    .replace("09:12:44.303Z", "11:40:02.915Z")))
        .isEqualTo("GET /api/orders/<*> 5xx UF");
  }

  @Test
  public void theExclusionMatchesItsOwnKindOfLineOnly() throws Exception {
    String envoy = lines.exclusion(ENVOY_503);
    assertThat(envoy)
        .endsWith(
            "textPayload=~\"^[[][^\\\"]* \\\"GET /api/orders/[^/?\\\" ]*([?][^ \\\"]*)?"
                + " HTTP/[^\\\"]*\\\" 5[0-9][0-9] UF \"");
    assertWithMessage(envoy).that(Filter.compile(envoy).test(lines.entry(ENVOY_503))).isTrue();
    assertWithMessage(envoy).that(Filter.compile(envoy).test(lines.entry(ENVOY_200))).isFalse();
    assertWithMessage(envoy)
        .that(
            Filter.compile(envoy)
                .test(lines.entry(ENVOY_503.replace("/api/orders/", "/api/carts/"))))
        .isFalse();
    String combined = lines.exclusion(COMBINED_404);
    assertWithMessage(combined)
        .that(Filter.compile(combined).test(lines.entry(COMBINED_404)))
        .isTrue();
    assertWithMessage(combined)
        .that(
            Filter.compile(combined).test(lines.entry(COMBINED_404.replace("\" 404 ", "\" 500 "))))
        .isFalse();
  }

  @Test
  public void aRedactedPathGivesNoSuggestion() throws Exception {
    // The exclusion is made from the redacted template: what the redactor removed never reaches
    // it, and a template it changed is no request template any more.
    KV<NoisyKey, NoisyEntry> kv = lines.keyed(ENVOY_503);
    String field = kv.getValue().messageField();
    assertThat(field).isEqualTo("accessLine:envoy:textPayload");
    String redacted = "GET /api/[REDACTED:token]/<*> 5xx UF";
    assertThat(SuggestedExclusion.build(kv.getKey(), redacted, field, ENVOY_503))
        .isEqualTo(SuggestedExclusion.NONE);
  }

  @Test
  public void otherLinesAreLeftToTheMiner() throws Exception {
    for (String text :
        List.of(
            "Error: \"GET /x HTTP/1.1\" 500 upstream failed",
            "[pid1] \"GET / HTTP/1.1\" 200 12 bytes",
            "[2026-11-30 10:00:00 +0000] [11] [INFO] Listening at: http://0.0.0.0:8081 (11)",
            "a b [t] \"GET /x?y HTTP/1.1\" abc",
            "10.8.0.1 - - [30/Nov/2026:10:00:00 +0000] \"GET /cart;x HTTP/1.1\" 200 1")) {
      assertWithMessage(text)
          .that(lines.keyed(text).getValue().messageField())
          .doesNotContain(AccessLines.FIELD_PREFIX);
    }
  }
}
