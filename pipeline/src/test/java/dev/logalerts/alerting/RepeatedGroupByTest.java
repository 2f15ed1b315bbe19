package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.MINER;
import static dev.logalerts.alerting.AlertTestSupport.batch;
import static dev.logalerts.alerting.AlertTestSupport.rule;
import static dev.logalerts.alerting.AlertTestSupport.rules;
import static dev.logalerts.alerting.AlertTestSupport.sorted;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.rules.RuleType;
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
 * A groupBy path that names a repeated field puts the entry in the group of each of its values.
 * Entries: panther-labs/panther-analysis rules/gcp_audit_rules/gcp_iam_org_folder_changes.yml, an
 * owner granted to {@code user:backdoor@example.com} (test "Terraform User Agent") with, before it,
 * the owner binding the same file's test "Manual Change" removes (one policy change that swaps an
 * owner); gcp_firewall_rule_modified.yml, a firewall patched with two permissions checked.
 * Panther's {@code at_sign_type} is written {@code @type}, its own fields left out.
 */
@RunWith(JUnit4.class)
public class RepeatedGroupByTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final String MEMBER = "protoPayload.serviceData.policyDelta.bindingDeltas.member";
  private static final String PERMISSION = "protoPayload.authorizationInfo.permission";

  @Test
  public void anEntryIsInTheGroupOfEachValueOfARepeatedField() throws Exception {
    // Before: the group was the first element's value only, so "owner granted to {member}" named
    // serviceAccount:diana@…, whose owner role the change removed, and never the member it was
    // granted to; grouped by the permissions checked, the firewall change was the first one's.
    List<LogEvent> in = new ArrayList<>();
    in.add(AlertTestSupport.entryFixture("audit-org-owner-swap-panther.json"));
    in.add(AlertTestSupport.entryFixture("audit-firewall-patch-panther.json"));
    dev.logalerts.rules.Rule granted =
        rule(
                "owner-granted-to",
                RuleType.THRESHOLD,
                Filter.compile(
                    "protoPayload.serviceData.policyDelta.bindingDeltas.action=\"ADD\" AND"
                        + " protoPayload.serviceData.policyDelta.bindingDeltas.role=\"roles/owner\""),
                MEMBER)
            .setThreshold(1)
            .build();
    dev.logalerts.rules.Rule checked =
        rule(
                "firewall-permissions",
                RuleType.THRESHOLD,
                Filter.compile("resource.type=\"gce_firewall_rule\""),
                PERMISSION)
            .setThreshold(1)
            .build();
    PCollection<Alert> alerts =
        p.apply(batch(in)).apply(EvaluateRules.of(rules(granted, checked)).withMiner(MINER));
    PAssert.that(alerts)
        .satisfies(
            it -> {
              List<String> groups = new ArrayList<>();
              for (Alert a : sorted(it)) {
                if (a.state() == AlertState.FIRING) {
                  String key = a.rule().equals("owner-granted-to") ? MEMBER : PERMISSION;
                  groups.add(a.rule() + " " + a.group().get(key) + " " + a.value());
                }
              }
              assertThat(groups)
                  .containsExactly(
                      "owner-granted-to serviceAccount:diana@platform.iam.gserviceaccount.com 1.0",
                      "owner-granted-to user:backdoor@example.com 1.0",
                      "firewall-permissions compute.firewalls.update 1.0",
                      "firewall-permissions compute.networks.updatePolicy 1.0");
              return null;
            });
    p.run().waitUntilFinish();
  }
}
