package dev.logalerts.notifier;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code scripts/deploy-notifier.sh --dry-run}: every command, least-privilege grants (no
 * project-wide role), secrets never on a command line, OIDC push with a dead-letter policy; and
 * shellcheck, when installed, finds nothing in the notifier's scripts.
 */
@RunWith(JUnit4.class)
public class DeployScriptTest {
  private static final File ROOT = canonicalRoot();

  private static File canonicalRoot() {
    try {
      return new File("..").getCanonicalFile();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  record Result(int exit, String out, String err) {}

  private static Result run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT);
    for (String v : List.of("PROJECT_ID", "REGION", "CONFIG_FILE", "SECRETS")) {
      pb.environment().remove(v);
    }
    pb.environment().putAll(env);
    File out = File.createTempFile("deploy", ".out");
    File err = File.createTempFile("deploy", ".err");
    pb.redirectOutput(out).redirectError(err);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
  }

  /** The settings that deploy the example config: project, region, config and its secrets. */
  private static Map<String, String> exampleDeployment() {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("PROJECT_ID", "demo");
    env.put("REGION", "europe-west1");
    env.put("CONFIG_FILE", "notifier/examples/notifier.yaml");
    env.put("SECRETS", "SLACK_WEBHOOK_URL,PD_ROUTING_KEY,CHAT_WEBHOOK_URL,HOOK_SECRET");
    return env;
  }

  @Test
  public void dryRunPrintsEveryCommand() throws Exception {
    assumeTrue(new File("/bin/bash").canExecute());
    Map<String, String> env = exampleDeployment();
    env.put("SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/topSECRET");
    env.put("IMAGE_TAG", "t1");
    Result r = run(env, "bash", "scripts/deploy-notifier.sh", "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    String out = r.out();
    String run = "serviceAccount:logalerts-notifier@demo.iam.gserviceaccount.com";
    String push = "logalerts-push@demo.iam.gserviceaccount.com";
    assertThat(out).contains("mvn -B -f " + ROOT + "/pom.xml -DskipTests -pl notifier -am package");
    assertThat(out)
        .contains(
            "gcloud builds submit "
                + ROOT
                + "/notifier --tag"
                + " europe-west1-docker.pkg.dev/demo/logalerts/log-alerts-notifier:t1");
    assertThat(out)
        .contains(
            "gcloud secrets versions add logalerts-notifier-config --data-file"
                + " notifier/examples/notifier.yaml");
    assertThat(out)
        .contains("gcloud secrets versions add logalerts-slack-webhook-url --data-file -");
    assertThat(out)
        .contains(
            "gcloud secrets add-iam-policy-binding logalerts-pd-routing-key --member "
                + run
                + " --role roles/secretmanager.secretAccessor");
    assertThat(out)
        .contains(
            "--service-account logalerts-notifier@demo.iam.gserviceaccount.com"
                + " --no-allow-unauthenticated");
    assertThat(out)
        .contains(
            "--set-secrets /etc/notifier/config.yaml=logalerts-notifier-config:latest,"
                + "SLACK_WEBHOOK_URL=logalerts-slack-webhook-url:latest,"
                + "PD_ROUTING_KEY=logalerts-pd-routing-key:latest,"
                + "CHAT_WEBHOOK_URL=logalerts-chat-webhook-url:latest,"
                + "HOOK_SECRET=logalerts-hook-secret:latest");
    assertThat(out)
        .contains(
            "gcloud pubsub topics add-iam-policy-binding logalerts-alerts-dead --member "
                + run
                + " --role roles/pubsub.publisher");
    assertThat(out).contains("--member serviceAccount:" + push + " --role roles/run.invoker");
    assertThat(out)
        .contains(
            "gcloud pubsub subscriptions create logalerts-alerts-notifier --topic logalerts-alerts"
                + " --push-endpoint SERVICE_URL/push --push-auth-service-account "
                + push
                + " --push-auth-token-audience SERVICE_URL --ack-deadline 600 --dead-letter-topic"
                + " logalerts-alerts-dead --max-delivery-attempts 10");
    assertThat(out).contains("--update-env-vars PUSH_AUDIENCE=SERVICE_URL");
    assertThat(out).contains("--concurrency 20 --max-instances 1 --timeout 600");
    assertThat(out).doesNotContain("gcloud projects add-iam-policy-binding");
    assertThat(out + r.err()).doesNotContain("topSECRET");
  }

  @Test
  public void aSecretTheConfigUsesButSecretsLeavesOutStopsTheDeployment() throws Exception {
    // Before: deployed, and the service then refused to start ("environment variable
    // CHAT_WEBHOOK_URL is not set"), which only Cloud Run's logs showed.
    assumeTrue(new File("/bin/bash").canExecute());
    Result r =
        run(
            Map.of(
                "PROJECT_ID",
                "demo",
                "REGION",
                "europe-west1",
                "CONFIG_FILE",
                "notifier/examples/notifier.yaml",
                "SECRETS",
                "SLACK_WEBHOOK_URL,PD_ROUTING_KEY"),
            "bash",
            "scripts/deploy-notifier.sh",
            "--dry-run");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .isEqualTo(
            "error: notifier/examples/notifier.yaml uses ${CHAT_WEBHOOK_URL}, ${HOOK_SECRET}, not"
                + " in SECRETS: the service would refuse to start"
                + " (SECRETS=SLACK_WEBHOOK_URL,PD_ROUTING_KEY,CHAT_WEBHOOK_URL,HOOK_SECRET)\n");
  }

  @Test
  public void aPrivateReceiverIsReachedThroughTheVpcAndOnlyPrivateRangesGoThere() throws Exception {
    assumeTrue(new File("/bin/bash").canExecute());
    Map<String, String> base = exampleDeployment();
    Map<String, String> direct = new java.util.HashMap<>(base);
    direct.put("VPC_NETWORK", "monitoring");
    direct.put("VPC_SUBNET", "monitoring-ew1");
    Result r = run(direct, "bash", "scripts/deploy-notifier.sh", "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains(
            "--timeout 600 --network monitoring --subnet monitoring-ew1 --vpc-egress"
                + " private-ranges-only --project demo");
    Map<String, String> connector = new java.util.HashMap<>(base);
    connector.put("VPC_CONNECTOR", "am-connector");
    r = run(connector, "bash", "scripts/deploy-notifier.sh", "--dry-run");
    assertThat(r.out())
        .contains("--vpc-connector am-connector --vpc-egress private-ranges-only --project demo");
    connector.put("VPC_NETWORK", "monitoring");
    r = run(connector, "bash", "scripts/deploy-notifier.sh", "--dry-run");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip())
        .isEqualTo("error: set VPC_CONNECTOR or VPC_NETWORK (Direct VPC egress), not both");
    // Without either, the service has no VPC egress at all (as before).
    assertThat(run(base, "bash", "scripts/deploy-notifier.sh", "--dry-run").out())
        .doesNotContain("--vpc-egress");
  }

  @Test
  public void missingSettingsAreOneErrorLine() throws Exception {
    assumeTrue(new File("/bin/bash").canExecute());
    Result r =
        run(
            Map.of("PROJECT_ID", "demo", "REGION", "europe-west1"),
            "bash",
            "scripts/deploy-notifier.sh",
            "--dry-run");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: CONFIG_FILE must be set (see --help)");
    Result bad = run(Map.of(), "bash", "scripts/deploy-notifier.sh", "--dry-runn");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).isEqualTo("error: unknown option --dry-runn (did you mean --dry-run?)\n");
  }

  @Test
  public void shellcheckIsClean() throws Exception {
    boolean installed =
        new File("/usr/bin/shellcheck").canExecute()
            || new File("/usr/local/bin/shellcheck").canExecute();
    assumeTrue("shellcheck is not installed", installed);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "shellcheck",
                "-x",
                "scripts/notify.sh",
                "scripts/deploy-notifier.sh",
                "scripts/lib.sh",
                "scripts/common.sh"));
    Result r = run(Map.of(), cmd.toArray(new String[0]));
    assertThat(r.out() + r.err()).isEmpty();
    assertThat(r.exit()).isEqualTo(0);
  }
}
