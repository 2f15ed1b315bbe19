package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.alerting.RuleFilters;
import dev.logalerts.model.FieldValues;
import dev.logalerts.model.LogEvent;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.RulesLoader;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A streaming job that reloads its rules parses each entry for the rules version its parse step
 * holds, keeping only that version's payload fields. When the filter step holds another version (an
 * entry in flight across a reload), the rules whose fields that parse kept are tested exactly and
 * the others are not tested, never judged on fields the parse skipped.
 */
@RunWith(JUnit4.class)
public class ReloadedRulesParseTest {
  private static final byte[] ENTRY =
      ("{\"insertId\":\"1\",\"timestamp\":\"2026-12-01T10:00:00Z\",\"severity\":\"ERROR\","
              + "\"logName\":\"projects/p/logs/app\",\"resource\":{\"type\":\"k8s_container\"},"
              + "\"jsonPayload\":{\"message\":\"card declined\",\"provider\":\"stripe\","
              + "\"detail\":{\"code\":\"DEADLINE_EXCEEDED\"}}}")
          .getBytes(StandardCharsets.UTF_8);

  private static final String PROVIDER =
      "  - {name: provider, type: threshold, threshold: 1, filter:"
          + " 'jsonPayload.provider=stripe'}\n";
  private static final String ERRORS =
      "  - {name: errors, type: threshold, threshold: 1, filter: 'severity>=ERROR'}\n";
  private static final String DETAIL =
      "  - {name: detail, type: threshold, threshold: 1,"
          + " filter: 'jsonPayload.detail.code=DEADLINE_EXCEEDED'}\n";
  private static final String NOT_DETAIL =
      "  - {name: not-detail, type: threshold, threshold: 1,"
          + " filter: 'NOT jsonPayload.detail.code=DEADLINE_EXCEEDED'}\n";
  private static final String WORD =
      "  - {name: word, type: threshold, threshold: 1, filter: 'declined'}\n";

  private static RuleSet rules(String... rules) {
    return RulesLoader.parse("rules:\n" + String.join("", rules), "rules.yaml");
  }

  private static LogEntryParser parserFor(RuleSet rules) {
    LogAlertsOptions options =
        PipelineOptionsFactory.fromArgs(
                "--rulesPath=rules.yaml",
                "--inputSubscription=projects/p/subscriptions/s",
                "--rulesRefreshMinutes=5")
            .as(LogAlertsOptions.class);
    return LogAlertsPipeline.parsers(options).apply(rules);
  }

  @Test
  public void anEntryParsedForAnotherVersionIsTestedOnlyByTheRulesWhoseFieldsItHolds()
      throws Exception {
    RuleSet v1 = rules(PROVIDER, ERRORS);
    RuleSet v2 = rules(PROVIDER, ERRORS, DETAIL, NOT_DETAIL);
    LogEvent parsedForV1 = parserFor(v1).parse(ENTRY);
    assertThat(parsedForV1.parsedFor()).isEqualTo(v1.version());
    assertThat(parsedForV1.payload().first(FieldValues.key("jsonPayload", "detail", "code")))
        .isNull();

    // Under its own version: exact.
    assertThat(RuleFilters.of(v1).match(parsedForV1).ruleNames())
        .containsExactly("provider", "errors")
        .inOrder();
    // Under the next version: the two rules on the skipped field are not tested; without the
    // version's paths, NOT detail would have matched an entry whose detail is DEADLINE_EXCEEDED.
    assertThat(RuleFilters.of(v2).match(parsedForV1).ruleNames())
        .containsExactly("provider", "errors")
        .inOrder();
    // Parsed for the next version, all four are tested exactly.
    LogEvent parsedForV2 = parserFor(v2).parse(ENTRY);
    assertThat(RuleFilters.of(v2).match(parsedForV2).ruleNames())
        .containsExactly("provider", "errors", "detail")
        .inOrder();
    // And an older filter step tests its rules on it: their fields are among v2's.
    assertThat(RuleFilters.of(v1).match(parsedForV2).ruleNames())
        .containsExactly("provider", "errors")
        .inOrder();
  }

  @Test
  public void aVersionThisWorkerNeverSawLeavesOnlyTheRulesWithoutPayloadFields() throws Exception {
    RuleSet v2 = rules(PROVIDER, ERRORS, DETAIL);
    LogEvent unknown = parserFor(v2).stampedFor("feedfacefeedface").parse(ENTRY);
    assertThat(RuleFilters.of(v2).match(unknown).ruleNames()).containsExactly("errors");
  }

  @Test
  public void aVersionSearchingEveryValueParsesEverythingForEveryVersion() throws Exception {
    RuleSet v1 = rules(PROVIDER, WORD);
    RuleSet v2 = rules(PROVIDER, ERRORS, DETAIL, WORD);
    LogEvent whole = parserFor(v1).parse(ENTRY);
    assertThat(whole.parsedFor()).isEmpty();
    assertThat(RuleFilters.of(v2).match(whole).ruleNames())
        .containsExactly("provider", "errors", "detail", "word")
        .inOrder();
    // An entry parsed for a version without the word is not searched by it.
    LogEvent parsedForFields = parserFor(rules(PROVIDER, ERRORS)).parse(ENTRY);
    assertThat(RuleFilters.of(v2).match(parsedForFields).ruleNames())
        .containsExactly("provider", "errors")
        .inOrder();
  }
}
