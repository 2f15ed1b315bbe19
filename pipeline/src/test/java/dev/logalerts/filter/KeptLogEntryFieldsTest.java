package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * LogEntry fields the event has no slot of its own for, kept for filters: {@code traceSampled} and
 * the Cloud CDN cache fields of {@code httpRequest} ({@code cacheLookup}, {@code cacheFillBytes},
 * {@code cacheValidatedWithOriginServer}), read from LogEntry JSON as exported.
 */
@RunWith(JUnit4.class)
public class KeptLogEntryFieldsTest {
  /** A load balancer request served from the origin after a cache lookup (a cache miss). */
  private static final String CDN_MISS =
      "{\"insertId\":\"1q2w3e\",\"timestamp\":\"2026-11-20T10:00:00Z\","
          + "\"resource\":{\"type\":\"http_load_balancer\",\"labels\":{\"project_id\":\"shop\","
          + "\"backend_service_name\":\"static-assets\"}},"
          + "\"httpRequest\":{\"requestMethod\":\"GET\",\"requestUrl\":\"https://cdn.example.com/a.js\","
          + "\"status\":200,\"responseSize\":\"52311\",\"cacheLookup\":true,\"cacheHit\":false,"
          + "\"cacheFillBytes\":\"52311\",\"cacheValidatedWithOriginServer\":false},"
          + "\"trace\":\"projects/shop/traces/abc\",\"traceSampled\":true,"
          + "\"logName\":\"projects/shop/logs/requests\"}";

  /** The same request without the optional fields. */
  private static final String PLAIN =
      "{\"insertId\":\"4r5t6y\",\"timestamp\":\"2026-11-20T10:00:00Z\","
          + "\"resource\":{\"type\":\"http_load_balancer\",\"labels\":{\"project_id\":\"shop\"}},"
          + "\"httpRequest\":{\"requestMethod\":\"GET\",\"requestUrl\":\"https://cdn.example.com/a.js\","
          + "\"status\":200},\"logName\":\"projects/shop/logs/requests\"}";

  private static LogEvent parse(String json) throws Exception {
    return new LogEntryParser().parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertMatch(String filter, String json, boolean expected) throws Exception {
    assertWithMessage(filter).that(Filter.compile(filter).test(parse(json))).isEqualTo(expected);
  }

  @Test
  public void cdnCacheFields() throws Exception {
    assertMatch("httpRequest.cacheLookup=true AND httpRequest.cacheHit=false", CDN_MISS, true);
    assertMatch("httpRequest.cacheLookup=false", CDN_MISS, false);
    assertMatch("httpRequest.cacheFillBytes>50000", CDN_MISS, true);
    assertMatch("httpRequest.cacheFillBytes>60000", CDN_MISS, false);
    assertMatch("httpRequest.cacheValidatedWithOriginServer=false", CDN_MISS, true);
    assertMatch("httpRequest.cacheLookup:*", CDN_MISS, true);
    assertMatch("httpRequest.cacheLookup:*", PLAIN, false);
    assertMatch("httpRequest.cacheLookup=true", PLAIN, false);
    assertMatch("NOT httpRequest.cacheLookup=true", PLAIN, true);
  }

  @Test
  public void traceSampled() throws Exception {
    assertMatch("traceSampled=true", CDN_MISS, true);
    assertMatch("traceSampled=false", CDN_MISS, false);
    assertMatch("traceSampled:*", CDN_MISS, true);
    assertMatch("traceSampled:*", PLAIN, false);
    assertMatch("severity>=DEFAULT AND NOT traceSampled=true", PLAIN, true);
  }

  @Test
  public void withPayloadPathsKeepsThemOnlyWhenSelected() throws Exception {
    LogEntryParser none = new LogEntryParser().withPayloadPaths(java.util.List.of());
    LogEvent e = none.parse(CDN_MISS.getBytes(StandardCharsets.UTF_8));
    assertWithMessage("no paths selected").that(Filter.compile("traceSampled:*").test(e)).isFalse();
    LogEntryParser sampled =
        new LogEntryParser().withPayloadPaths(java.util.List.of(java.util.List.of("traceSampled")));
    assertWithMessage("traceSampled selected")
        .that(
            Filter.compile("traceSampled=true")
                .test(sampled.parse(CDN_MISS.getBytes(StandardCharsets.UTF_8))))
        .isTrue();
  }
}
