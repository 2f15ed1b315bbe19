package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Family rows that one code or outcome used to join: a Cloud Run deploy's failures by the reason of
 * its Ready condition, a Cloud Armor policy's denials by rule or by rate limit.
 */
@RunWith(JUnit4.class)
public class FamilyReasonRowsTest {
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  private static byte[] fixture(String name) throws Exception {
    try (InputStream in = FamilyReasonRowsTest.class.getResourceAsStream("/families/" + name)) {
      return in.readAllBytes();
    }
  }

  private LogEvent parse(String json) throws Exception {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private KV<NoisyKey, NoisyEntry> keyed(String name) throws Exception {
    return keyedJson(new String(fixture(name), StandardCharsets.UTF_8));
  }

  private String exclusion(String name) throws Exception {
    return exclusionOfJson(new String(fixture(name), StandardCharsets.UTF_8));
  }

  private KV<NoisyKey, NoisyEntry> keyedJson(String json) throws Exception {
    return keyFn.apply(MatchedEvent.of(parse(json), "test", List.of()));
  }

  private String exclusionOfJson(String json) throws Exception {
    KV<NoisyKey, NoisyEntry> kv = keyedJson(json);
    NoisyEntry e = kv.getValue();
    return SuggestedExclusion.build(kv.getKey(), e.template(), e.messageField(), e.message());
  }

  /**
   * A rate-based ban's denials (a real ban's payload, exports/armor-rate-based-ban-429.json) are a
   * row apart from the same policy's rule denials of the same path, which were one row: neither
   * exclusion takes the other's requests. A request under the limit stays an accepted one.
   */
  @Test
  public void aRateLimitsDenialsAreNotItsPolicysRuleDenials() throws Exception {
    String ban =
        new String(fixture("exports/armor-rate-based-ban-429.json"), StandardCharsets.UTF_8);
    String rule =
        ban.replace("\"RATE_BASED_BAN\"", "\"DENY\"")
            .replace(",\"rateLimitAction\":{\"outcome\":\"BAN_THRESHOLD_EXCEED\"}", "")
            .replace("\"status\":429", "\"status\":403");
    assertThat(rule).isNotEqualTo(ban);
    assertThat(keyedJson(ban).getValue().template())
        .isEqualTo(
            "GET / 4xx denied_by_security_policy armor production-cbp-armor-policy DENY"
                + " RATE_BASED_BAN");
    assertThat(keyedJson(rule).getValue().template())
        .isEqualTo("GET / 4xx denied_by_security_policy armor production-cbp-armor-policy DENY");
    CompiledFilter banExclusion = Filter.compile(exclusionOfJson(ban));
    CompiledFilter ruleExclusion = Filter.compile(exclusionOfJson(rule));
    assertThat(banExclusion.test(parse(ban))).isTrue();
    assertThat(ruleExclusion.test(parse(rule))).isTrue();
    assertThat(banExclusion.test(parse(rule))).isFalse();
    assertThat(ruleExclusion.test(parse(ban))).isFalse();
    assertThat(keyed("exports/armor-rate-based-ban-conform-accept.json").getValue().template())
        .isEqualTo("GET / 2xx armor ajbx-public-armor ACCEPT");
  }

  /**
   * A Cloud Run revision or service that did not become ready is a row per reason of its Ready
   * condition (the container did not listen, a secret not found, a revision failed), not one row
   * per method and code whose exclusion hid every failed deploy of the service.
   */
  @Test
  public void aFailedDeployIsARowPerReadyReason() throws Exception {
    assertThat(
            keyed("exports/cloud-run-system-event-ready-false-revision.json").getValue().template())
        .isEqualTo("/Services.ReplaceService: FAILED_PRECONDITION HealthCheckContainerError");
    assertThat(
            keyed("exports/cloud-run-system-event-service-ready-false-revision-failed.json")
                .getValue()
                .template())
        .isEqualTo("/Services.ReplaceService: FAILED_PRECONDITION RevisionFailed");
    assertThat(
            keyed("exports/cloud-run-system-event-service-ready-false-secrets.json")
                .getValue()
                .template())
        .isEqualTo("/Services.ReplaceService: FAILED_PRECONDITION SecretsAccessCheckFailed");
    assertThat(exclusion("exports/cloud-run-system-event-ready-false-revision.json"))
        .endsWith(
            "protoPayload.status.code=9 AND"
                + " protoPayload.response.status.conditions.reason=\"HealthCheckContainerError\"");
    // The same service's next deploy failing on its image: another row, not in this exclusion.
    String listen =
        new String(
            fixture("exports/cloud-run-system-event-ready-false-revision.json"),
            StandardCharsets.UTF_8);
    String missing = listen.replace("HealthCheckContainerError", "ContainerMissing");
    assertThat(keyedJson(missing).getKey()).isNotEqualTo(keyedJson(listen).getKey());
    assertThat(Filter.compile(exclusionOfJson(listen)).test(parse(missing))).isFalse();
    assertThat(Filter.compile(exclusionOfJson(missing)).test(parse(missing))).isTrue();
    // Ready True has no reason: the row of a successful deploy is as before.
    assertThat(
            keyed("exports/cloud-run-system-event-ready-true-service.json").getValue().template())
        .isEqualTo("/Services.CreateService");
  }

  /** The job's lean parser (no payload leaves but the families') gives the same rows. */
  @Test
  public void theLeanParserKeepsWhatTheRowsRead() throws Exception {
    LogEntryParser lean = parser.withPayloadPaths(List.of());
    for (String name :
        List.of(
            "exports/cloud-run-system-event-service-ready-false-revision-failed.json",
            "exports/cloud-run-system-event-ready-false-revision.json",
            "exports/armor-rate-based-ban-429.json")) {
      LogEvent e = lean.parse(fixture(name));
      assertThat(keyFn.apply(MatchedEvent.of(e, "test", List.of())).getValue().template())
          .isEqualTo(keyed(name).getValue().template());
    }
  }
}
