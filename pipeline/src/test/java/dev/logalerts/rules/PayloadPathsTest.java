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
  public void aPathIsCoveredAtOrBelowAKeptOne() {
    List<List<String>> kept =
        List.of(List.of("protoPayload", "request"), List.of("jsonPayload", "user", "id"));
    assertThat(PayloadPaths.covered(kept, List.of("protoPayload", "request"))).isTrue();
    assertThat(PayloadPaths.covered(kept, List.of("protoPayload", "request", "name"))).isTrue();
    // Above a kept path (the object holds more than was kept), or beside one: not covered.
    assertThat(PayloadPaths.covered(kept, List.of("jsonPayload", "user"))).isFalse();
    assertThat(PayloadPaths.covered(kept, List.of("jsonPayload", "tenant"))).isFalse();
    assertThat(PayloadPaths.covered(List.of(), List.of("jsonPayload", "a"))).isFalse();
  }

  @Test
  public void eachRuleReadsItsOwnPathsAndTheVersionsSeenAreRemembered() {
    RuleSet set =
        RulesLoader.parse(
            "rules:\n"
                + "  - {name: a, type: threshold, threshold: 1, filter: 'jsonPayload.kind=x',"
                + " groupBy: [jsonPayload.tenant]}\n"
                + "  - {name: b, type: threshold, threshold: 1, filter: 'severity>=ERROR boom'}\n",
            "inline");
    assertThat(PayloadPaths.of(set.rules().get(0)))
        .containsExactly(List.of("jsonPayload", "kind"), List.of("jsonPayload", "tenant"))
        .inOrder();
    // A rule is judged on what it reads; one searching every value may read anything.
    assertThat(PayloadPaths.readBy(set.rules().get(0)))
        .isEqualTo(PayloadPaths.of(set.rules().get(0)));
    assertThat(PayloadPaths.readBy(set.rules().get(1))).isNull();
    assertThat(PayloadPaths.remembered(set.version())).isNull();
    PayloadPaths.remember(set);
    assertThat(PayloadPaths.remembered(set.version())).isEqualTo(PayloadPaths.of(set));
  }
}
