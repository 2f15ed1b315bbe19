package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.parse.LogEntryParser;
import dev.logalerts.parse.ParseLogEntries;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The batch job over a SetIamPolicy audit entry of a project with 1,000 principals (55 KB, 2,035
 * payload leaves, the policy twice before {@code serviceData}): the CIS 2.4 ownership-change rule
 * fires although its fields come after the first {@code maxPayloadLeaves} leaves, and the entry is
 * counted in {@value ParseLogEntries#PAYLOADS_TRUNCATED}.
 */
@RunWith(JUnit4.class)
public class PayloadLeafLimitJobTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** CIS GCP Foundations 2.4, verbatim, and a rule on a field that comes before the policy. */
  private static final String RULES =
      "defaults: {window: 5m}\n"
          + "rules:\n"
          + "  - name: cis-2-4-project-ownership\n"
          + "    type: threshold\n"
          + "    threshold: 1\n"
          + "    filter: |-\n"
          + "      (protoPayload.serviceName=\"cloudresourcemanager.googleapis.com\")\n"
          + "      AND (ProjectOwnership OR projectOwnerInvitee)\n"
          + "      OR (protoPayload.serviceData.policyDelta.bindingDeltas.action=\"REMOVE\"\n"
          + "      AND protoPayload.serviceData.policyDelta.bindingDeltas.role=\"roles/owner\")\n"
          + "      OR (protoPayload.serviceData.policyDelta.bindingDeltas.action=\"ADD\"\n"
          + "      AND protoPayload.serviceData.policyDelta.bindingDeltas.role=\"roles/owner\")\n"
          + "  - name: owner-granted-by-resource-name\n"
          + "    type: threshold\n"
          + "    threshold: 1\n"
          + "    filter: 'protoPayload.methodName=\"SetIamPolicy\""
          + " protoPayload.resourceName=\"projects/shop-prod\"'\n";

  private record Run(List<String> firing, Map<String, Long> counters) {}

  /** A rule whose bare word the entry holds: the job reads every field of it. */
  private static final String WORD_IN_THE_ENTRY =
      "  - name: mallory-anywhere\n"
          + "    type: threshold\n"
          + "    threshold: 1\n"
          + "    filter: '\"mallory@example.net\"'\n";

  private Run run(String ruleText, String... extraArgs) throws Exception {
    Path dir = tmp.newFolder().toPath();
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, ruleText);
    Path input = dir.resolve("audit.jsonl");
    try (InputStream in =
        getClass().getResourceAsStream("/entries/set-iam-policy-1000-principals.json")) {
      Files.write(input, in.readAllBytes());
    }
    Path out = dir.resolve("out");
    List<String> args = new ArrayList<>();
    args.add("--runner=DirectRunner");
    args.add("--inputFilePattern=" + input);
    args.add("--outputDirectory=" + out);
    args.add("--rulesPath=" + rules);
    args.add("--targetParallelism=2");
    args.addAll(List.of(extraArgs));
    LogAlertsOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(new String[0])).as(LogAlertsOptions.class);
    PipelineResult result = LogAlertsPipeline.run(options);
    assertThat(result.waitUntilFinish(Duration.standardMinutes(2)))
        .isEqualTo(PipelineResult.State.DONE);
    List<String> firing = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : SilencedAlertSinksTest.lines(out.resolve("alerts"))) {
      JsonNode a = json.readTree(line);
      if (a.path("state").asText().equals("FIRING")) {
        firing.add(a.path("rule").asText());
      }
    }
    firing.sort(null);
    return new Run(firing, PipelineCounters.all(result));
  }

  @Test
  public void theRulesFieldsAfterTheLeafLimitAreSeenAndTheEntryIsCounted() throws Exception {
    // The CIS rule's bare words are nowhere in the entry's payload bytes: it is read for the
    // rules' fields only, and nothing the rules could see is left out.
    Run fields = run(RULES);
    assertThat(fields.firing())
        .containsExactly("cis-2-4-project-ownership", "owner-granted-by-resource-name");
    assertThat(fields.counters().get(ParseLogEntries.ENTRIES_PARSED)).isEqualTo(1L);
    assertThat(fields.counters().getOrDefault(ParseLogEntries.PAYLOADS_TRUNCATED, 0L))
        .isEqualTo(0L);

    // A bare word the payload holds: every field is read, up to the limit, and that is counted.
    Run r = run(RULES + WORD_IN_THE_ENTRY);
    assertThat(r.firing())
        .containsExactly(
            "cis-2-4-project-ownership", "mallory-anywhere", "owner-granted-by-resource-name");
    assertThat(r.counters().get(ParseLogEntries.ENTRIES_PARSED)).isEqualTo(1L);
    assertThat(r.counters().get(ParseLogEntries.PAYLOADS_TRUNCATED)).isEqualTo(1L);
    assertThat(r.counters().getOrDefault(ParseLogEntries.PAYLOADS_TRUNCATED_ON_RULE_PATHS, 0L))
        .isEqualTo(0L);

    // With room for every leaf nothing is left out.
    Run roomy = run(RULES + WORD_IN_THE_ENTRY, "--maxPayloadLeaves=3000");
    assertThat(roomy.firing()).isEqualTo(r.firing());
    assertThat(roomy.counters().getOrDefault(ParseLogEntries.PAYLOADS_TRUNCATED, 0L)).isEqualTo(0L);
  }

  @Test
  public void maxPayloadLeavesOutsideItsRangeIsRefused() {
    for (String bad :
        new String[] {"-1", String.valueOf(LogEntryParser.MAX_RULE_PATH_LEAVES + 1)}) {
      LogAlertsOptions o =
          PipelineOptionsFactory.fromArgs(
                  "--inputFilePattern=x.json", "--outputDirectory=out", "--maxPayloadLeaves=" + bad)
              .as(LogAlertsOptions.class);
      assertThat(assertThrows(LaunchException.class, () -> LogAlertsPipeline.checkOptions(o)))
          .hasMessageThat()
          .isEqualTo("bad value for --maxPayloadLeaves: " + bad + " (expected 0 to 50000)");
    }
  }
}
