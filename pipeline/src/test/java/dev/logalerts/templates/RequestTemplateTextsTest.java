package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.model.HttpRequest;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.LogFamilies;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class RequestTemplateTextsTest {
  private final LogEntryParser parser = new LogEntryParser();

  private LogEvent fixture(String name) throws Exception {
    try (InputStream in = getClass().getResourceAsStream("/families/" + name)) {
      return parser.parse(in.readAllBytes());
    }
  }

  private LogEvent request(String method, String url, int status) throws Exception {
    String json =
        "{\"logName\":\"projects/p/logs/requests\",\"timestamp\":\"2024-01-01T00:00:00Z\","
            + "\"httpRequest\":{\"requestMethod\":\""
            + method
            + "\",\"requestUrl\":\""
            + url
            + "\",\"status\":"
            + status
            + "}}";
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String made(LogEvent e) {
    return RequestTemplates.template(e.httpRequest()) + LogFamilies.requestDetails(e);
  }

  @Test
  public void aLoadBalancerRequestKeepsItsDetailsAndRepeatsAsOneString() throws Exception {
    RequestTemplateTexts texts = new RequestTemplateTexts();
    LogEvent first = fixture("otel/armor-edge-security-policy.json");
    LogEvent again = fixture("otel/armor-edge-security-policy.json");
    String t = texts.template(first, first.httpRequest());
    assertThat(t).isEqualTo("GET / 4xx denied_by_security_policy armor test-edge-policy DENY");
    assertThat(t).isEqualTo(made(first));
    assertThat(texts.template(again, again.httpRequest())).isSameInstanceAs(t);
  }

  @Test
  public void eachTextIsTheRequestTemplate() throws Exception {
    RequestTemplateTexts texts = new RequestTemplateTexts();
    String longPath = "/a".repeat(RequestTemplateTexts.MAX_CHARS);
    LogEvent[] events = {
      request("GET", "https://shop.example.com/api/items/123?x=1", 200),
      request("POST", "/api/items/456", 503),
      request("", "/healthz", 0),
      request("GET", "/", 99),
      request("GET", "", 600),
      request("PUT", longPath, 204),
    };
    for (int round = 0; round < 2; round++) {
      for (LogEvent e : events) {
        assertThat(texts.template(e, e.httpRequest())).isEqualTo(made(e));
      }
    }
    assertThat(texts.template(events[0], events[0].httpRequest()))
        .isEqualTo("GET /api/items/<*> 2xx");
    assertThat(texts.template(events[2], events[2].httpRequest())).isEqualTo("- /healthz -");
  }

  @Test
  public void statusClasses() {
    assertThat(RequestTemplates.statusClass(503)).isEqualTo("5xx");
    assertThat(RequestTemplates.statusClass(99)).isEqualTo("0xx");
    assertThat(RequestTemplates.statusClass(600)).isEqualTo("6xx");
    assertThat(RequestTemplates.statusClass(0)).isEqualTo("-");
    assertThat(RequestTemplates.statusClass(-1)).isEqualTo("-");
    HttpRequest none = HttpRequest.builder().build();
    assertThat(RequestTemplates.template(none)).isEqualTo("- / -");
  }
}
