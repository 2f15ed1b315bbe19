package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** First match wins unless continue: true; keys rule, severity, state, group.KEY. */
@RunWith(JUnit4.class)
public class RouterTest {
  private static Router router(String routes) throws Exception {
    NotifierConfig c =
        ConfigLoader.parse(
            "n.yaml",
            String.join(
                "\n",
                "receivers:",
                "  - {name: pd, pagerduty: {routingKey: k123}}",
                "  - {name: slack, slack: {webhookUrl: \"https://x.example/s\"}}",
                "  - {name: chat, googleChat: {webhookUrl: \"https://x.example/c\"}}",
                "routes:",
                routes,
                ""),
            k -> null);
    return new Router(c.routes());
  }

  private static AlertMessage alert(String state, String severity) {
    return AlertMessage.parse(TestAlerts.json("a".repeat(32), state, severity));
  }

  @Test
  public void firstMatchWinsUnlessContinue() throws Exception {
    Router r =
        router(
            String.join(
                "\n",
                "  - match: {severity: [critical, error], state: [FIRING, RESOLVED]}",
                "    receivers: [pd, slack]",
                "    continue: true",
                "  - match: {}",
                "    receivers: [chat]",
                "  - match: {}",
                "    receivers: [pd]"));
    assertThat(r.receivers(alert("FIRING", "error")))
        .containsExactly("pd", "slack", "chat")
        .inOrder();
    assertThat(r.receivers(alert("FIRING", "warning"))).containsExactly("chat");
    assertThat(r.receivers(alert("FLAPPING", "critical"))).containsExactly("chat");
  }

  @Test
  public void groupRuleAndSingleValues() throws Exception {
    Router r =
        router(
            String.join(
                "\n",
                "  - match: {group.service: shop/checkout, rule: repeated-errors}",
                "    receivers: slack",
                "  - match: {group.service: [shop/cart]}",
                "    receivers: [chat]"));
    assertThat(r.receivers(alert("FIRING", "info"))).containsExactly("slack");
    AlertMessage other =
        AlertMessage.parse(
            TestAlerts.tree("b".repeat(32), "FIRING", "info").put("rule", "x").toString());
    assertThat(r.receivers(other)).isEmpty();
  }

  @Test
  public void aReceiverReachedTwiceIsSentOnce() throws Exception {
    Router r =
        router(
            String.join(
                "\n",
                "  - {match: {}, receivers: [slack, pd], continue: true}",
                "  - {match: {state: FIRING}, receivers: [slack, chat]}"));
    assertThat(r.receivers(alert("FIRING", "error")))
        .containsExactly("slack", "pd", "chat")
        .inOrder();
  }

  @Test
  public void aRouteWithNoReceiversSendsWhatItMatchesNowhere() throws Exception {
    // A one-off event's rule (an owner grant, threshold 1) resolves a window later: its RESOLVED
    // is kept from the catch-all route by a route that sends nowhere (was refused: "receivers:
    // must name at least one receiver").
    Router r =
        router(
            String.join(
                "\n",
                "  - match: {rule: [repeated-errors], state: [RESOLVED]}",
                "    receivers: []",
                "  - match: {}",
                "    receivers: [slack]"));
    assertThat(r.receivers(alert("RESOLVED", "error"))).isEmpty();
    assertThat(r.receivers(alert("FIRING", "error"))).containsExactly("slack");
    // Still a mistake: a receivers key with nothing in it.
    ConfigException e =
        org.junit.Assert.assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "n.yaml",
                    "receivers: [{name: s, slack: {webhookUrl: \"https://x.example/s\"}}]\n"
                        + "routes: [{match: {}, receivers: }]\n",
                    k -> null));
    assertThat(String.join("\n", e.errors())).contains("n.yaml:2:32: unknown receiver ''");
  }
}
