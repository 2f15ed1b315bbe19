package dev.logalerts.model;

import static com.google.common.truth.Truth.assertThat;

import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class LogEventCoderTest {

  static LogEvent fullEvent() {
    TreeMap<String, String> res = new TreeMap<>();
    res.put("project_id", "shop-prod");
    res.put("namespace_name", "shop");
    res.put("container_name", "checkout");
    TreeMap<String, String> labels = new TreeMap<>();
    labels.put("k8s-pod/app", "checkout");
    return LogEvent.builder()
        .setInsertId("abc123")
        .setTimestampNanos(Timestamps.parse("2026-11-20T00:00:02.095084795Z"))
        .setReceiveTimestampNanos(Timestamps.parse("2026-11-20T00:00:03Z"))
        .setSeverity(Severity.ERROR)
        .setLogName("projects/shop-prod/logs/stdout")
        .setLogId("stdout")
        .setProjectId("shop-prod")
        .setResourceType("k8s_container")
        .setResourceLabels(res)
        .setLabels(labels)
        .setService("shop/checkout")
        .setMessage("payment failed for order 123 — ü")
        .setPayloadKind(PayloadKind.JSON)
        .setHttpRequest(
            HttpRequest.builder()
                .setRequestMethod("POST")
                .setRequestUrl("https://shop.example.com/api/pay?x=1")
                .setStatus(503)
                .setLatencyNanos(1_250_000_000L)
                .setResponseSize(1234)
                .setCacheHit(true)
                .build())
        .setTrace("projects/shop-prod/traces/0af7651916cd43dd8448eb211c80319c")
        .setSpanId("b7ad6b7169203331")
        .setOperationId("op-1")
        .setOperationProducer("batch")
        .setOperationLast(true)
        .setPayload(
            FieldValues.builder()
                .add(FieldValues.key("jsonPayload", "user", "id"), "42")
                .add(FieldValues.key("jsonPayload", "tags"), "a")
                .add(FieldValues.key("jsonPayload", "message"), "payment failed")
                .add(FieldValues.key("jsonPayload", "tags"), "b")
                .build())
        .setSizeBytes(812)
        .build();
  }

  @Test
  public void roundTripsEveryField() throws Exception {
    Coder<LogEvent> coder = LogEventCoder.of();
    CoderProperties.coderDecodeEncodeEqual(coder, fullEvent());
    CoderProperties.coderDecodeEncodeEqual(coder, LogEvent.builder().setTimestampNanos(1L).build());
    CoderProperties.coderDeterministic(coder, fullEvent(), fullEvent());
  }

  @Test
  public void roundTripsTheFamily() throws Exception {
    Coder<LogEvent> coder = LogEventCoder.of();
    for (LogFamily family : LogFamily.values()) {
      LogEvent e = fullEvent().toBuilder().setFamily(family).build();
      assertThat(CoderUtils.clone(coder, e).family()).isEqualTo(family);
    }
    assertThat(CoderUtils.clone(coder, fullEvent()).family()).isNull();
  }

  /** {@link #fullEvent()} as the previous encoding (version 2, no family byte) wrote it. */
  private static final String FULL_EVENT_VERSION_2 =
      "AhJhYmMxMjP207uYuPHL6TEViqT/3gYYc2hvcC1wcm9kBGIBBAwGBAoWY2hlY2tvdXQEBg5zaG9wBAACAgIEVAIEAUxw"
          + "YXltZW50IGZhaWxlZCBmb3Igb3JkZXIgMTIzIOKAlCDDvAICBHROaHR0cHM6Ly9zaG9wLmV4YW1wbGUuY29tL2Fw"
          + "aS9wYXk/eD0x7gcBpBOA8ouoCQAAAAAAAUYwYWY3NjUxOTE2Y2Q0M2RkODQ0OGViMjExYzgwMzE5YyZiN2FkNmI3"
          + "MTY5MjAzMzMxDm9wLTEQYmF0Y2gCCAAmanNvblBheWxvYWQfbWVzc2FnZSJwYXltZW50IGZhaWxlZBgIdGFncwhh"
          + "IAAIYhgOdXNlch9pZAo0MtgM";

  /** What a running job still holds in the previous encoding decodes, without a family. */
  @Test
  public void decodesThePreviousVersion() throws Exception {
    byte[] v2 = java.util.Base64.getDecoder().decode(FULL_EVENT_VERSION_2);
    LogEvent decoded = CoderUtils.decodeFromByteArray(LogEventCoder.of(), v2);
    assertThat(decoded).isEqualTo(fullEvent());
    assertThat(decoded.family()).isNull();
  }

  /** Sorted read-only views are written as they are, other maps sorted first: same bytes. */
  @Test
  public void encodingDoesNotDependOnTheMapClass() throws Exception {
    LogEvent e = fullEvent();
    byte[] expected = CoderUtils.encodeToByteArray(LogEventCoder.of(), e);
    java.util.Map<String, String> unsorted = new java.util.LinkedHashMap<>();
    unsorted.put("project_id", "shop-prod");
    unsorted.put("container_name", "checkout");
    unsorted.put("namespace_name", "shop");
    for (java.util.Map<String, String> labels :
        java.util.List.of(
            unsorted,
            java.util.Collections.unmodifiableMap(unsorted),
            java.util.Collections.unmodifiableSortedMap(new TreeMap<>(unsorted)),
            SortedLabels.builder()
                .put("namespace_name", "shop")
                .put("project_id", "shop-prod")
                .put("container_name", "checkout")
                .build())) {
      LogEvent same = e.toBuilder().setResourceLabels(labels).build();
      assertThat(CoderUtils.encodeToByteArray(LogEventCoder.of(), same)).isEqualTo(expected);
    }
  }

  @Test
  public void isDefaultCoderAndDeterministic() throws Exception {
    LogEventCoder.of().verifyDeterministic();
    byte[] a = CoderUtils.encodeToByteArray(LogEventCoder.of(), fullEvent());
    byte[] b = CoderUtils.encodeToByteArray(LogEventCoder.of(), fullEvent());
    assertThat(a).isEqualTo(b);
  }

  @Test
  public void coderRegistryInfersTheModelCoders() throws Exception {
    org.apache.beam.sdk.coders.CoderRegistry registry =
        org.apache.beam.sdk.coders.CoderRegistry.createDefault();
    assertThat(registry.getCoder(LogEvent.class)).isInstanceOf(LogEventCoder.class);
    assertThat(registry.getCoder(RawEntry.class)).isInstanceOf(RawEntry.Coder.class);
    assertThat(registry.getCoder(DeadLetter.class)).isInstanceOf(DeadLetter.Coder.class);
  }

  @Test
  public void payloadArraysKeepDocumentOrderAndPrefixLookups() {
    FieldValues p = fullEvent().payload();
    assertThat(p.first(FieldValues.key("jsonPayload", "tags"))).isEqualTo("a");
    assertThat(p.hasPrefix(FieldValues.key("jsonPayload", "user"))).isTrue();
    assertThat(p.hasPrefix(FieldValues.key("jsonPayload", "use"))).isFalse();
    assertThat(p.first(FieldValues.key("jsonPayload", "nope"))).isNull();
  }

  @Test
  public void fieldPathsResolve() {
    LogEvent e = fullEvent();
    assertThat(FieldPath.parse("labels.\"k8s-pod/app\"").value(e)).isEqualTo("checkout");
    assertThat(FieldPath.parse("resource.labels.container_name").value(e)).isEqualTo("checkout");
    assertThat(FieldPath.parse("httpRequest.status").number(e)).isEqualTo(503.0);
    assertThat(FieldPath.parse("httpRequest.latency").number(e)).isEqualTo(1.25);
    assertThat(FieldPath.parse("httpRequest.latency").value(e)).isEqualTo("1.25s");
    assertThat(FieldPath.parse("severity").number(e)).isEqualTo(500.0);
    assertThat(FieldPath.parse("jsonPayload.user.id").number(e)).isEqualTo(42.0);
    assertThat(FieldPath.parse("jsonPayload.tags").anyValue(e, "b"::equals)).isTrue();
    assertThat(FieldPath.parse("jsonPayload.user").isPresent(e)).isTrue();
    assertThat(FieldPath.parse("jsonPayload.missing").isPresent(e)).isFalse();
    assertThat(FieldPath.parse("service").value(e)).isEqualTo("shop/checkout");
    assertThat(FieldPath.parse("timestamp").value(e)).isEqualTo("2026-11-20T00:00:02.095084795Z");
    assertThat(FieldPath.parse("labels.\"k8s-pod/app\"").toString())
        .isEqualTo("labels.\"k8s-pod/app\"");
    assertThat(FieldPath.parse("nosuchfield").isKnown()).isFalse();
  }
}
