package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import dev.logalerts.notifier.NotifierConfig.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The config is strict, reports every problem as FILE:LINE:COL, and substitutes ${ENV}. */
@RunWith(JUnit4.class)
public class ConfigLoaderTest {
  static final Map<String, String> ENV =
      Map.of(
          "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T1/B2/slacksecret",
          "CHAT_WEBHOOK_URL",
              "https://chat.googleapis.com/v1/spaces/S/messages?key=k1&token=chatsecret",
          "PD_ROUTING_KEY", "pdroutingkey",
          "HOOK_SECRET", "hooksecret");

  private static NotifierConfig parse(String yaml) throws ConfigException {
    return ConfigLoader.parse("n.yaml", yaml, ENV::get);
  }

  private static String errors(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
    return String.join("\n", e.errors());
  }

  @Test
  public void loadsTheDocumentedExample() throws Exception {
    NotifierConfig c = ConfigLoader.load(Path.of("examples/notifier.yaml"), ENV::get);
    assertThat(c.receivers()).hasSize(4);
    assertThat(c.receiver("sre-slack").kind()).isEqualTo(Kind.SLACK);
    assertThat(c.receiver("sre-slack").url()).isEqualTo(ENV.get("SLACK_WEBHOOK_URL"));
    assertThat(c.receiver("oncall").url()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
    assertThat(c.receiver("oncall").secret()).isEqualTo("pdroutingkey");
    assertThat(c.receiver("audit").secret()).isEqualTo("hooksecret");
    assertThat(c.routes()).hasSize(2);
    assertThat(c.routes().get(0).continueMatching()).isTrue();
    assertThat(c.routes().get(0).match().get("severity")).containsExactly("critical", "error");
    assertThat(c.routes().get(1).match()).isEmpty();
    assertThat(c.secrets()).containsAtLeastElementsIn(ENV.values());
  }

  @Test
  public void everyProblemHasFileLineAndColumn() {
    String e =
        errors(
            String.join(
                "\n",
                "receivers:",
                "  - name: a",
                "    slack: {webhookUrl: \"https://x.example/a\", colour: red}",
                "  - name: b",
                "    pagerduty: {routingKey: \"${NOT_SET}\"}",
                "  - name: c",
                "    slack: {webhookUrl: \"https://x.example/c\"}",
                "    webhook: {url: \"https://x.example/w\"}",
                "routes:",
                "  - match: {severity: [fatal], team: x}",
                "    receivers: [a, nobody]",
                "    continue: yes please",
                ""));
    assertThat(e).contains("n.yaml:3:48: unknown key 'colour'");
    assertThat(e).contains("n.yaml:5:29: environment variable NOT_SET is not set");
    assertThat(e).contains("n.yaml:6:5: receiver 'c' needs exactly one of");
    assertThat(e).contains("n.yaml:10:23: unknown severity 'fatal'");
    assertThat(e).contains("n.yaml:10:32: unknown match key 'team'");
    assertThat(e).contains("n.yaml:11:16: unknown receiver 'nobody'");
    assertThat(e).contains("n.yaml:12:15: continue: must be true or false");
  }

  /** A receiver with errors of its own is not also "unknown" to the routes that name it. */
  @Test
  public void aBrokenReceiverIsNotUnknownToItsRoutes() {
    String e =
        errors(
            String.join(
                "\n",
                "receivers:",
                "  - name: a",
                "    slak: {webhookUrl: \"https://x.example/a\"}",
                "routes:",
                "  - match: {severity: [error]}",
                "    receivers: [a, nobody]",
                ""));
    assertThat(e).contains("n.yaml:3:5: unknown key 'slak'");
    assertThat(e).contains("n.yaml:2:5: receiver 'a' needs exactly one of");
    assertThat(e).contains("unknown receiver 'nobody'");
    assertThat(e).doesNotContain("unknown receiver 'a'");
  }

  /** The rules file given as the config: one error saying so, not one per key. */
  @Test
  public void aRulesFileIsSaidToBeOne() throws Exception {
    String e = errors(java.nio.file.Files.readString(Path.of("../samples/rules.yaml")));
    assertThat(e.lines().count()).isEqualTo(1);
    assertThat(e).contains("this is a rules file (it has 'rules:'), not the notifier's config");
    assertThat(e).contains("scripts/validate-rules.sh");
  }

  @Test
  public void duplicateKeysAndBadYamlAreErrors() {
    assertThat(errors("receivers: []\nreceivers: []\nroutes: []\n"))
        .contains("n.yaml:2:1: duplicate key 'receivers'");
    assertThat(errors("receivers: [\n")).startsWith("n.yaml:");
  }

  @Test
  public void templatesAreCheckedAndWebhooksTakeNone() {
    String e =
        errors(
            String.join(
                "\n",
                "receivers:",
                "  - name: a",
                "    slack: {webhookUrl: \"https://x.example/a\"}",
                "    text: \"{{#firing}}unclosed\"",
                "  - name: w",
                "    webhook: {url: \"https://x.example/w\"}",
                "    text: hi",
                "routes:",
                "  - match: {}",
                "    receivers: [a, w]",
                ""));
    assertThat(e).contains("n.yaml:4:11: invalid template");
    assertThat(e).contains("n.yaml:7:5: text: is not used by a webhook receiver");
    String partial =
        errors(
            String.join(
                "\n",
                "receivers: [{name: a, slack: {webhookUrl: \"https://x.example/a\"}, text: \"{{>"
                    + " /etc/passwd}}\"}]",
                "routes: [{match: {}, receivers: [a]}]",
                ""));
    assertThat(partial)
        .contains("n.yaml:1:73: invalid template: partials ({{> name}}) are not supported");
  }

  @Test
  public void deliverySettingsAreValidated() throws Exception {
    NotifierConfig c =
        parse(
            String.join(
                "\n",
                "receivers: [{name: a, webhook: {url: \"http://127.0.0.1:1/x\"}}]",
                "routes: [{match: {}, receivers: a}]",
                "delivery: {maxAttempts: 2, initialBackoff: 10ms, maxBackoff: 2s, timeout: 5s}",
                ""));
    assertThat(c.delivery().maxAttempts()).isEqualTo(2);
    assertThat(c.delivery().initialBackoff().toMillis()).isEqualTo(10);
    assertThat(
            errors(
                String.join(
                    "\n",
                    "receivers: [{name: a, webhook: {url: \"http://127.0.0.1:1/x\"}}]",
                    "routes: [{match: {}, receivers: a}]",
                    "delivery: {maxAttempts: 0, timeout: soon}",
                    "")))
        .contains("n.yaml:3:25: maxAttempts: must be an integer from 1 to 10");
  }

  @Test
  public void unreadableFileIsOneError() throws Exception {
    Path missing = Files.createTempDirectory("cfg").resolve("missing.yaml");
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, ENV::get));
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0)).contains("cannot read");
  }

  @Test
  public void anAlertmanagerReceiverPostsToItsAlertsEndpoint() throws Exception {
    NotifierConfig c =
        parse(
            String.join(
                "\n",
                "receivers:",
                "  - {name: am, alertmanager: {url: \"http://alertmanager.monitoring:9093/\"}}",
                "  - name: am2",
                "    alertmanager:",
                "      url: https://am.example.com/prefix/api/v2/alerts",
                "      bearerToken: \"${HOOK_SECRET}\"",
                "      resolveTimeout: 7d",
                "      eventTimeout: 30m",
                "routes: [{match: {}, receivers: [am, am2]}]",
                ""));
    assertThat(c.receiver("am").kind()).isEqualTo(Kind.ALERTMANAGER);
    assertThat(c.receiver("am").url())
        .isEqualTo("http://alertmanager.monitoring:9093/api/v2/alerts");
    assertThat(c.receiver("am").secret()).isNull();
    assertThat(c.receiver("am").lifetimes()).isEqualTo(NotifierConfig.AlertLifetimes.DEFAULT);
    assertThat(c.receiver("am2").url()).isEqualTo("https://am.example.com/prefix/api/v2/alerts");
    assertThat(c.receiver("am2").secret()).isEqualTo("hooksecret");
    assertThat(c.receiver("am2").lifetimes())
        .isEqualTo(
            new NotifierConfig.AlertLifetimes(
                java.time.Duration.ofDays(7), java.time.Duration.ofMinutes(30)));
    assertThat(c.secrets()).contains("hooksecret");
  }

  @Test
  public void anAlertmanagerReceiversMistakesAreNamed() {
    String e =
        errors(
            String.join(
                "\n",
                "receivers:",
                "  - {name: a, alertmanager: {url: \"http://am:9093/api/v1/alerts\"}}",
                "  - {name: b, alertmanager: {url: \"am:9093\", resolveTimeout: soon}}",
                "  - {name: c, alertmanager: {url: \"http://am:9093\", eventTimeout: 45d,"
                    + " routingKey: x}}",
                "routes: [{match: {}, receivers: [a, b, c]}]",
                ""));
    assertThat(e)
        .contains(
            "n.yaml:2:35: url: give Alertmanager's address (http://host:9093) or its"
                + " /api/v2/alerts endpoint");
    assertThat(e).contains("n.yaml:3:35: url must be an http(s) URL with a host");
    assertThat(e).contains("n.yaml:3:62: resolveTimeout: must be a duration like 30m, 24h or 7d");
    assertThat(e).contains("eventTimeout: must be from 1m to 30d, got 45d");
    assertThat(
            errors(
                "receivers: [{name: a, alertmanager: {url: \"http://am:9093\", resolveTimeout:"
                    + " 30s}}]\nroutes: [{match: {}, receivers: [a]}]\n"))
        .contains("resolveTimeout: must be from 1m to 30d, got 30s");
    assertThat(
            errors(
                "receivers: [{name: a, slack: {webhookUrl: \"https://x.example/s\"}}]\n"
                    + "routes: [{match: {}, receivers: [a]}]\ndelivery: {timeout: 1h}\n"))
        .contains("timeout: must be at most 10m, got 1h");
    assertThat(e).contains("unknown key 'routingKey' (allowed: url, bearerToken, resolveTimeout,");
  }

  @Test
  public void theConfigInTheDocsLoads() throws Exception {
    String doc = Files.readString(Path.of("../docs/notifier.md"));
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("AM_TOKEN", "amtoken");
    NotifierConfig c = ConfigLoader.parse("notifier.md", yaml, env::get);
    assertThat(c.receiver("team-alertmanager").url())
        .isEqualTo("http://alertmanager.monitoring.internal:9093/api/v2/alerts");
    assertThat(c.receiver("team-alertmanager").lifetimes())
        .isEqualTo(NotifierConfig.AlertLifetimes.DEFAULT);
    assertThat(c.receivers()).hasSize(5);
  }
}
