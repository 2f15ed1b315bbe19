package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.logalerts.alerting.AlertTestSupport.MINER;
import static dev.logalerts.alerting.AlertTestSupport.batch;
import static dev.logalerts.alerting.AlertTestSupport.rule;
import static dev.logalerts.alerting.AlertTestSupport.rules;
import static dev.logalerts.alerting.AlertTestSupport.sorted;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.rules.RuleType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.values.PCollection;
import org.junit.Rule;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * An audit log's message names the call ({@code SetIamPolicy}); who made it and from where is what
 * an alert on it is about. Entries: panther-labs/panther-analysis
 * rules/gcp_audit_rules/gcp_iam_org_folder_changes.yml (test "Terraform User Agent", an owner
 * granted on an organization) and gcp_access_attempts_violating_vpc_service_controls.yml (test "VPC
 * control violation"), Panther's {@code at_sign_type} written {@code @type} and its own {@code p_}
 * fields left out. A token exchange of Workload Identity Federation, with the fields Google's
 * "Example logs for Workload Identity Federation"
 * (https://cloud.google.com/iam/docs/audit-logging/examples-workload-identity) lists for it: the
 * caller is {@code authenticationInfo.principalSubject} (on AWS, the role's ARN), {@code
 * metadata.mapped_principal}, the provider as {@code resourceName}; no principalEmail.
 */
@RunWith(JUnit4.class)
public class AuditSampleCallerTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  @Test
  public void anAuditSampleNamesWhoMadeTheCallAndFromWhere() throws Exception {
    // Before: the samples read "SetIamPolicy" and "google.storage.objects.get: PERMISSION_DENIED
    // …": a page on an owner granted, grouped by the resource, could not say who granted it, nor
    // from which address, without opening Logs Explorer.
    List<LogEvent> in = new ArrayList<>();
    in.add(AlertTestSupport.entryFixture("audit-org-owner-add-panther.json"));
    in.add(AlertTestSupport.entryFixture("audit-vpcsc-denied-panther.json"));
    in.add(AlertTestSupport.entryFixture("audit-sts-exchange-token-wif.json"));
    dev.logalerts.rules.Rule r =
        rule("audit-calls", RuleType.THRESHOLD, AlertTestSupport.ALL, "protoPayload.resourceName")
            .setThreshold(1)
            .build();
    PCollection<Alert> alerts =
        p.apply(batch(in)).apply(EvaluateRules.of(rules(r)).withMiner(MINER));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<String> samples = new ArrayList<>();
              for (Alert a : sorted(it)) {
                if (a.state() == AlertState.FIRING) {
                  samples.add(a.samples().get(0).message());
                }
              }
              assertWithMessage(samples.toString()).that(samples).hasSize(3);
              assertThat(samples)
                  .containsExactly(
                      "terraform@platform.iam.gserviceaccount.com from 100.100.100.100:"
                          + " SetIamPolicy",
                      "user1@serviceaccount.gcp.com from 1.2.3.4: google.storage.objects.get:"
                          + " PERMISSION_DENIED NO_MATCHING_ACCESS_LEVEL Request is prohibited by"
                          + " organization's policy. vpcServiceControlsUniqueIdentifier:"
                          + " gBc-wuGVCapNMnTUePoHos_VyJmr3CsMKlr48kVa4b6XpsT_OWKRng",
                      "arn:aws:sts::111122223333:assumed-role/deploy-role/i-0abc1234def567890"
                          + " from 203.0.113.7:"
                          + " google.identity.sts.v1.SecurityTokenService.ExchangeToken");
              return null;
            });
    p.run().waitUntilFinish();
  }

  @Test
  public void theCallerCrossesShufflesAndStateWithItsObservation() throws Exception {
    LogEvent e = AlertTestSupport.entryFixture("audit-org-owner-add-panther.json");
    Observation o =
        Observation.of(e, false, Double.NaN, Double.NaN, null, false, 60_000)
            .from(MatchedEvent.of(e, "test", List.of()));
    o.settleSampleTemplate(m -> "t1"); // a kept sample: its caller is worked out with its id
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Observation.ObservationCoder.of().encode(o, out);
    Observation back =
        Observation.ObservationCoder.of().decode(new ByteArrayInputStream(out.toByteArray()));
    assertThat(back.principal).isEqualTo("terraform@platform.iam.gserviceaccount.com");
    assertThat(back.callerIp).isEqualTo("100.100.100.100");
    assertThat(back).isEqualTo(o);
  }
}
