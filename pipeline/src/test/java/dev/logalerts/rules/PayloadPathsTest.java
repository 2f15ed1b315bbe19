package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;

import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The payload paths a rules file reads: what the job's parser keeps whatever its leaf limit. */
@RunWith(JUnit4.class)
public class PayloadPathsTest {
  @Test
  public void rulesReadTheirFiltersNumeratorsAndGroupByPayloadPaths() {
    RuleSet set =
        RulesLoader.parse(
            "rules:\n"
                + "  - {name: t, type: threshold, threshold: 1, filter: 'protoPayload.serviceName=x"
                + " severity>=ERROR', groupBy: [service, jsonPayload.user.id, labels.app]}\n"
                + "  - {name: r, type: ratio, threshold: 0.5, filter: 'jsonPayload.kind=req',"
                + " numerator: 'jsonPayload.ok=false OR httpRequest.cacheLookup=true'}\n"
                + "  - {name: g, type: threshold, threshold: 1, filter: 'boom traceSampled=true"
                + " protoPayload.serviceName=x'}\n",
            "inline");
    assertThat(PayloadPaths.of(set))
        .containsExactly(
            List.of("protoPayload", "serviceName"),
            List.of("jsonPayload", "user", "id"),
            List.of("jsonPayload", "kind"),
            List.of("jsonPayload", "ok"),
            List.of("httpRequest", "cacheLookup"),
            List.of("traceSampled"))
        .inOrder();
    assertThat(PayloadPaths.of(RuleSet.empty())).isEmpty();
  }

  @Test
  public void pathsThatTheLaunchRulesDidNotReadAreNamed() {
    RuleSet launch =
        RulesLoader.parse(
            "rules:\n"
                + "  - {name: a, type: threshold, threshold: 1, filter: 'protoPayload.request:*"
                + " jsonPayload.user.id=x'}\n",
            "launch");
    RuleSet next =
        RulesLoader.parse(
            "rules:\n"
                + "  - {name: a, type: threshold, threshold: 1, filter:"
                + " 'protoPayload.request.name=n jsonPayload.user=y severity>=ERROR'}\n"
                + "  - {name: b, type: threshold, threshold: 1, filter: 'jsonPayload.user.id=z',"
                + " groupBy: [jsonPayload.tenant]}\n",
            "next");
    // protoPayload.request.name is below a launch path; jsonPayload.user is above one.
    assertThat(PayloadPaths.notCovered(launch, next))
        .containsExactly("jsonPayload.user", "jsonPayload.tenant")
        .inOrder();
    assertThat(PayloadPaths.notCovered(next, launch)).containsExactly("protoPayload.request");
    assertThat(PayloadPaths.notCovered(launch, launch)).isEmpty();
  }
}
