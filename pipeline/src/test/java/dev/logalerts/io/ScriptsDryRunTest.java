package dev.logalerts.io;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * The GCP scripts' {@code --dry-run} output: the exact commands a user's project would see, with
 * the key flags; setup-gcp creates tables with the same partitioning and clustering as the
 * pipeline's CREATE_IF_NEEDED ({@link TableLayout}); missing variables fail clearly.
 */
@RunWith(JUnit4.class)
public class ScriptsDryRunTest {
  private static final File ROOT = new File("..").getAbsoluteFile();

  record Result(int exit, String out, String err) {}

  private static Result run(String script, Map<String, String> env, String... args)
      throws Exception {
    assumeTrue(
        "bash is needed",
        new File("/bin/bash").canExecute() || new File("/usr/bin/bash").canExecute());
    List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/" + script));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT);
    pb.environment().remove("PROJECT_ID");
    pb.environment().remove("REGION");
    pb.environment().putAll(env);
    File out = File.createTempFile("script", ".out");
    File err = File.createTempFile("script", ".err");
    pb.redirectOutput(out).redirectError(err);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Result r =
        new Result(
            p.exitValue(),
            java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
            java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
    out.delete();
    err.delete();
    return r;
  }

  private static final Map<String, String> ENV =
      Map.of("PROJECT_ID", "demo", "REGION", "europe-west1");

  @Test
  public void setupPrintsEveryResourceWithLeastPrivilegeRoles() throws Exception {
    Result r =
        run(
            "setup-gcp.sh",
            Map.of(
                "PROJECT_ID", "demo", "REGION", "europe-west1", "LOG_FILTER", "severity>=WARNING"),
            "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    String out = r.out();
    // What setup creates carries the label teardown checks.
    assertThat(out)
        .contains(
            "gcloud pubsub topics create logalerts-logs --labels app=log-alerts --project demo");
    assertThat(out)
        .contains(
            "gcloud storage buckets update gs://demo-logalerts --update-labels app=log-alerts"
                + " --project demo");
    assertThat(out)
        .contains(
            "--ack-deadline 60 --message-retention-duration 7d --labels app=log-alerts --project"
                + " demo");
    assertThat(out)
        .contains(
            "--enable-message-ordering --ack-deadline 60 --labels app=log-alerts --project demo");
    assertThat(out)
        .contains(
            "bq --project_id demo --location europe-west1 mk --dataset --label app:log-alerts"
                + " demo:logalerts");
    assertThat(out)
        .contains(
            "gcloud artifacts repositories create logalerts --repository-format docker --location"
                + " europe-west1 --labels app=log-alerts --project demo");
    assertThat(out)
        .contains(
            "gcloud iam service-accounts create logalerts-worker --display-name 'log-alerts"
                + " Dataflow worker' --description 'log-alerts (app=log-alerts): created by"
                + " scripts/setup-gcp.sh' --project demo");
    assertThat(out)
        .contains("gcloud pubsub subscriptions create logalerts-logs-sub --topic logalerts-logs");
    assertThat(out)
        .contains(
            "gcloud pubsub subscriptions create logalerts-alerts-sub --topic logalerts-alerts"
                + " --enable-message-ordering");
    assertThat(out)
        .contains(
            "gcloud logging sinks create logalerts-sink"
                + " pubsub.googleapis.com/projects/demo/topics/logalerts-logs"
                + " --log-filter 'severity>=WARNING' --description 'log-alerts (app=log-alerts):"
                + " created by scripts/setup-gcp.sh' --project demo");
    assertThat(out)
        .contains(
            "gcloud pubsub topics add-iam-policy-binding logalerts-logs --member WRITER_IDENTITY"
                + " --role roles/pubsub.publisher");
    assertThat(out)
        .contains(
            "gcloud pubsub topics create logalerts-alerts --labels app=log-alerts --project demo");
    String sa = "serviceAccount:logalerts-worker@demo.iam.gserviceaccount.com";
    assertThat(out).contains("--member " + sa + " --role roles/dataflow.worker");
    assertThat(out)
        .contains(
            "subscriptions add-iam-policy-binding logalerts-logs-sub --member "
                + sa
                + " --role roles/pubsub.subscriber");
    assertThat(out)
        .contains(
            "topics add-iam-policy-binding logalerts-alerts --member "
                + sa
                + " --role roles/pubsub.publisher");
    assertThat(out).contains("--member " + sa + " --role roles/bigquery.dataEditor demo:logalerts");
    // Storage Object Admin on the bucket (Google's Flex Template run page), not viewer + creator,
    // which cannot overwrite or delete temp and staging files.
    assertThat(out)
        .contains(
            "gcloud storage buckets add-iam-policy-binding gs://demo-logalerts --member "
                + sa
                + " --role roles/storage.objectAdmin --project demo");
    assertThat(out).doesNotContain("roles/storage.objectViewer");
    assertThat(out).doesNotContain("roles/storage.objectCreator");
    // build-template.sh builds the image with Cloud Build.
    assertThat(out)
        .containsMatch(
            "(?m)^gcloud services enable .* cloudbuild\\.googleapis\\.com --project demo$");
    // No project-wide grants beyond dataflow.worker.
    assertThat(
            out.lines().filter(l -> l.startsWith("gcloud projects add-iam-policy-binding")).count())
        .isEqualTo(1);

    // Tables as the pipeline would create them.
    assertTable(out, "deadletter", TableLayout.deadLetters());
    String alerts = tableLine(out, "alerts");
    assertThat(alerts)
        .contains("--time_partitioning_field windowStart --clustering_fields rule,severity,state");
    String noisy = tableLine(out, "noisy_logs");
    assertThat(noisy)
        .contains("--time_partitioning_field window_start --clustering_fields service,template_id");
    for (String[] t :
        new String[][] {{"alerts", "alerts.json"}, {"noisy_logs", "noisy_logs.json"}}) {
      if (getClass().getClassLoader().getResource("schemas/" + t[1]) != null) {
        assertTable(
            out,
            t[0],
            TableLayout.load(
                t[1],
                t[0].equals("alerts")
                    ? List.of("rule", "severity", "state")
                    : List.of("service", "template_id")));
      }
    }
  }

  private static String tableLine(String out, String table) {
    return out.lines()
        .filter(l -> l.contains(" mk --table ") && l.contains("demo:logalerts." + table + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bq mk for " + table + " in\n" + out));
  }

  private static void assertTable(String out, String table, TableLayout layout) {
    String line = tableLine(out, table);
    assertThat(line)
        .contains(
            "--time_partitioning_type DAY --time_partitioning_field " + layout.partitionField());
    if (layout.clusteringFields().isEmpty()) {
      assertThat(line).doesNotContain("--clustering_fields");
    } else {
      assertThat(line)
          .contains("--clustering_fields " + String.join(",", layout.clusteringFields()));
    }
    assertThat(line).endsWith("schemas/" + layout.schemaFile());
  }

  @Test
  public void buildTemplateUsesTheJava17LauncherAndMetadata() throws Exception {
    Result r =
        run(
            "build-template.sh",
            Map.of("PROJECT_ID", "demo", "REGION", "europe-west1", "IMAGE_TAG", "v1"),
            "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).contains("-Pdist -DskipTests -pl pipeline -am package");
    assertThat(r.out())
        .contains(
            "gcloud dataflow flex-template build gs://demo-logalerts/templates/log-alerts-v1.json"
                + " --image-gcr-path europe-west1-docker.pkg.dev/demo/logalerts/log-alerts:v1"
                + " --sdk-language JAVA --flex-template-base-image JAVA17 --metadata-file ");
    assertThat(r.out()).contains("templates/metadata.json --jar ");
    assertThat(r.out()).contains("pipeline/target/log-alerts-pipeline-bundled.jar");
    assertThat(r.out())
        .contains("--env FLEX_TEMPLATE_JAVA_MAIN_CLASS=dev.logalerts.pipeline.LogAlertsPipeline");
  }

  @Test
  public void eachBuildKeepsAVersionedSpecAndLaunchCanStartAnOlderOne() throws Exception {
    // Before: one fixed spec path, rewritten by every build: no rollback but a rebuild.
    Result build =
        run(
            "build-template.sh",
            Map.of("PROJECT_ID", "demo", "REGION", "europe-west1", "IMAGE_TAG", "1a2b3c4"),
            "--dry-run");
    assertThat(build.exit()).isEqualTo(0);
    List<String> lines = build.out().lines().toList();
    assertThat(lines.get(1))
        .startsWith(
            "gcloud dataflow flex-template build"
                + " gs://demo-logalerts/templates/log-alerts-1a2b3c4.json --image-gcr-path"
                + " europe-west1-docker.pkg.dev/demo/logalerts/log-alerts:1a2b3c4 ");
    assertThat(lines.get(2))
        .isEqualTo(
            "gcloud storage cp gs://demo-logalerts/templates/log-alerts-1a2b3c4.json"
                + " gs://demo-logalerts/templates/log-alerts.json --project demo");
    assertThat(lines).hasSize(3);
    assertThat(
            run(
                    "build-template.sh",
                    Map.of("PROJECT_ID", "demo", "REGION", "europe-west1", "IMAGE_TAG", "a/b"),
                    "--dry-run")
                .err())
        .isEqualTo(
            "error: IMAGE_TAG must be letters, digits, '.', '_' and '-' (an image tag and part of"
                + " the spec's name), got 'a/b'\n");

    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("TEMPLATE_PATH", "gs://demo-logalerts/templates/log-alerts-0ld5ha.json");
    env.put("UPDATE", "1");
    Result rollback = run("launch.sh", env, "--dry-run");
    assertThat(rollback.exit()).isEqualTo(0);
    assertThat(rollback.out())
        .startsWith(
            "gcloud dataflow flex-template run log-alerts --template-file-gcs-location"
                + " gs://demo-logalerts/templates/log-alerts-0ld5ha.json --region europe-west1");
    env.put("TEMPLATE_PATH", "templates/log-alerts.json");
    Result local = run("launch.sh", env, "--dry-run");
    assertThat(local.exit()).isEqualTo(2);
    assertThat(local.err())
        .isEqualTo(
            "error: TEMPLATE_PATH must be a template spec in Cloud Storage"
                + " (gs://BUCKET/PATH.json), got 'templates/log-alerts.json'\n");
  }

  /**
   * templates/Dockerfile is the image build-template.sh's gcloud generates, for building it
   * yourself: same main class and jar, and its instructions build it from the folder that holds the
   * jar. Before: it claimed build-template.sh copied the jar into it (it never used the file).
   */
  @Test
  public void theDockerfileBuildsTheImageBuildTemplateMakes() throws Exception {
    String dockerfile =
        java.nio.file.Files.readString(ROOT.toPath().resolve("templates/Dockerfile"));
    String build = run("build-template.sh", ENV, "--dry-run").out();
    java.util.regex.Matcher main =
        java.util.regex.Pattern.compile("FLEX_TEMPLATE_JAVA_MAIN_CLASS=(\\S+)").matcher(build);
    assertThat(main.find()).isTrue();
    assertThat(dockerfile).contains("ENV FLEX_TEMPLATE_JAVA_MAIN_CLASS=" + main.group(1) + "\n");
    java.util.regex.Matcher jar =
        java.util.regex.Pattern.compile(" --jar \\S*/(pipeline/target)/(\\S+\\.jar) ")
            .matcher(build);
    assertThat(jar.find()).isTrue();
    assertThat(dockerfile).contains("\nCOPY " + jar.group(2) + " ");
    assertThat(dockerfile)
        .containsMatch("#   docker build -f templates/Dockerfile -t \\S+ " + jar.group(1) + "\n");
    assertThat(dockerfile)
        .contains("--image REGION-docker.pkg.dev/PROJECT/logalerts/log-alerts:TAG");
    assertThat(dockerfile).doesNotContain("copied by scripts/build-template.sh");
  }

  @Test
  public void launchPassesTheTemplateParameters() throws Exception {
    Result r =
        run(
            "launch.sh",
            Map.of(
                "PROJECT_ID",
                "demo",
                "REGION",
                "europe-west1",
                "EXTRA_PARAMETERS",
                "dedupeHorizonMinutes=15"),
            "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    String out = r.out();
    assertThat(out)
        .startsWith(
            "gcloud dataflow flex-template run log-alerts --template-file-gcs-location"
                + " gs://demo-logalerts/templates/log-alerts.json --region europe-west1");
    assertThat(out)
        .contains("--service-account-email logalerts-worker@demo.iam.gserviceaccount.com");
    assertThat(out).contains("--enable-streaming-engine");
    assertThat(out)
        .contains(
            "--parameters inputSubscription=projects/demo/subscriptions/logalerts-logs-sub,"
                + "rulesPath=gs://demo-logalerts/rules/rules.yaml,"
                + "alertTopic=projects/demo/topics/logalerts-alerts,"
                + "alertTable=demo:logalerts.alerts,noisyLogTable=demo:logalerts.noisy_logs,"
                + "deadLetterTable=demo:logalerts.deadletter,dedupeHorizonMinutes=15");
    assertThat(out).doesNotContain("--update");
  }

  /**
   * Dataflow refuses a Flex Template launch that omits a parameter metadata.json marks as not
   * optional, before the job's own checks run (DataflowTemplates' maintainers on mandatory
   * parameters: https://github.com/GoogleCloudPlatform/DataflowTemplates/pull/905, and a template
   * that needs one of two inputs:
   * https://github.com/GoogleCloudPlatform/DataflowTemplates/pull/2319). So both of launch.sh's
   * forms, the streaming job and the backfill README shows, must give every required parameter.
   */
  @Test
  public void everyLaunchFormGivesEveryRequiredTemplateParameter() throws Exception {
    java.util.Set<String> required = new java.util.TreeSet<>();
    for (com.fasterxml.jackson.databind.JsonNode p :
        TemplateMetadataTest.metadata().get("parameters")) {
      if (!p.get("isOptional").asBoolean()) {
        required.add(p.get("name").asText());
      }
    }
    Map<String, String> backfill = new java.util.HashMap<>(ENV);
    backfill.put("INPUT_FILE_PATTERN", "gs://exports/logs/**.json");
    for (Map<String, String> env : List.of(ENV, backfill)) {
      Result r = run("launch.sh", env, "--dry-run");
      assertThat(r.exit()).isEqualTo(0);
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("--parameters '?([^' \n]+)").matcher(r.out());
      assertThat(m.find()).isTrue();
      java.util.Set<String> given = new java.util.TreeSet<>();
      for (String kv : m.group(1).split(",")) {
        given.add(kv.substring(0, kv.indexOf('=')));
      }
      assertWithMessage("launch.sh with %s", env.keySet())
          .that(given)
          .containsAtLeastElementsIn(required);
    }
  }

  @Test
  public void launchRunsABackfillOverExportedFiles() throws Exception {
    // Before: README's backfill ("the same template in batch with inputFilePattern") had no
    // launch.sh form; EXTRA_PARAMETERS=inputFilePattern=... also kept inputSubscription, and the
    // job refused two inputs.
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("INPUT_FILE_PATTERN", "gs://exports/logs/**.json");
    Result r = run("launch.sh", env, "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out()).startsWith("gcloud dataflow flex-template run log-alerts-backfill-2");
    assertThat(r.out())
        .contains(
            "--parameters 'inputFilePattern=gs://exports/logs/**.json,"
                + "rulesPath=gs://demo-logalerts/rules/rules.yaml,"
                + "alertTable=demo:logalerts.alerts,noisyLogTable=demo:logalerts.noisy_logs,"
                + "deadLetterTable=demo:logalerts.deadletter'");
    // A backfill is a batch job that pages nobody: no Streaming Engine, no alert topic.
    assertThat(r.out()).doesNotContain("--enable-streaming-engine");
    assertThat(r.out()).doesNotContain("inputSubscription");
    assertThat(r.out()).doesNotContain("alertTopic");

    env.put("INPUT_FILE_PATTERN", "logs/*.json");
    Result local = run("launch.sh", env, "--dry-run");
    assertThat(local.exit()).isEqualTo(2);
    assertThat(local.err())
        .isEqualTo(
            "error: INPUT_FILE_PATTERN must be a Cloud Storage pattern (gs://BUCKET/PATH), got"
                + " 'logs/*.json'\n");
    env.put("INPUT_FILE_PATTERN", "gs://exports/logs/*.json");
    env.put("UPDATE", "1");
    Result update = run("launch.sh", env, "--dry-run");
    assertThat(update.exit()).isEqualTo(2);
    assertThat(update.err().lines().count()).isEqualTo(1);
    assertThat(update.err()).startsWith("error: UPDATE=1 replaces a running streaming job");
  }

  @Test
  public void launchSetsThePrivateNetworkCmekAndMachineEnvironment() throws Exception {
    // Before: no way to name the network, drop public addresses or set a KMS key; the launcher VM
    // and the workers went to the network "default" with external IPs.
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("NETWORK", "shared-vpc");
    env.put("SUBNETWORK", "regions/europe-west1/subnetworks/dataflow");
    env.put("DISABLE_PUBLIC_IPS", "1");
    env.put("DATAFLOW_KMS_KEY", "projects/kms/locations/europe-west1/keyRings/r/cryptoKeys/k");
    env.put("WORKER_MACHINE_TYPE", "n2-standard-2");
    env.put("LAUNCHER_MACHINE_TYPE", "n2-standard-2");
    env.put("NUM_WORKERS", "2");
    env.put("MAX_WORKERS", "8");
    env.put("ADDITIONAL_USER_LABELS", "team=sre,cost-center=42");
    env.put("ADDITIONAL_EXPERIMENTS", "use_runner_v2");
    Result r = run("launch.sh", env, "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains(
            " --enable-streaming-engine --max-workers 8 --num-workers 2 --network shared-vpc"
                + " --subnetwork regions/europe-west1/subnetworks/dataflow --disable-public-ips"
                + " --dataflow-kms-key"
                + " projects/kms/locations/europe-west1/keyRings/r/cryptoKeys/k"
                + " --worker-machine-type n2-standard-2 --launcher-machine-type n2-standard-2"
                + " --additional-user-labels team=sre,cost-center=42"
                + " --additional-experiments use_runner_v2 --parameters ");
    // Unset, gcloud's defaults apply: none of the flags.
    Result plain = run("launch.sh", ENV, "--dry-run");
    for (String flag :
        List.of(
            "--network",
            "--subnetwork",
            "--disable-public-ips",
            "--dataflow-kms-key",
            "--worker-machine-type",
            "--num-workers",
            "--additional-user-labels")) {
      assertThat(plain.out()).doesNotContain(flag + " ");
    }
    // gcloud's own flag on the command line names the setting.
    assertThat(run("launch.sh", ENV, "--disable-public-ips").err())
        .isEqualTo(
            "error: --disable-public-ips is not an option: set it in the environment,"
                + " DISABLE_PUBLIC_IPS=VALUE scripts/launch.sh (see --help)\n");
    assertThat(run("launch.sh", ENV, "--subnetwork=s").err())
        .isEqualTo(
            "error: --subnetwork is not an option: set it in the environment, SUBNETWORK=s"
                + " scripts/launch.sh (see --help)\n");
    String[][] mistakes = {
      {
        "DISABLE_PUBLIC_IPS",
        "true",
        "error: DISABLE_PUBLIC_IPS must be 1 (internal addresses only) or 0, got 'true'\n"
      },
      {"NUM_WORKERS", "9", "error: NUM_WORKERS (9) must not exceed MAX_WORKERS (5)\n"},
      {"NUM_WORKERS", "x", "error: NUM_WORKERS must be a whole number of workers, got 'x'\n"}
    };
    for (String[] m : mistakes) {
      Map<String, String> bad = new java.util.HashMap<>(ENV);
      bad.put(m[0], m[1]);
      Result e = run("launch.sh", bad, "--dry-run");
      assertThat(e.exit()).isEqualTo(2);
      assertThat(e.err()).isEqualTo(m[2]);
    }
  }

  @Test
  public void aServiceAccountGivenAsAnAddressIsUsedAsItIs() throws Exception {
    // Before: NAME@central.iam.gserviceaccount.com@demo.iam.gserviceaccount.com, and setup
    // tried to create an account of that name in this project.
    Map<String, String> env = new java.util.HashMap<>(ENV);
    String sa = "df-worker@central-sa.iam.gserviceaccount.com";
    env.put("SERVICE_ACCOUNT", sa);
    Result launch = run("launch.sh", env, "--dry-run");
    assertThat(launch.exit()).isEqualTo(0);
    assertThat(launch.out()).contains(" --service-account-email " + sa + " --temp-location ");

    Result setup = run("setup-gcp.sh", env, "--dry-run");
    assertThat(setup.exit()).isEqualTo(0);
    assertThat(setup.out()).doesNotContain("service-accounts create");
    assertThat(setup.out())
        .contains(
            "gcloud projects add-iam-policy-binding demo --member serviceAccount:"
                + sa
                + " --role roles/dataflow.worker");
    assertThat(setup.err())
        .contains(
            "note: SERVICE_ACCOUNT="
                + sa
                + " is a full address: used as it is, not created here (it must exist; its"
                + " project's owner keeps it)\n");

    Result teardown = run("teardown-gcp.sh", env, "--dry-run");
    assertThat(teardown.out()).doesNotContain(sa);
    assertThat(teardown.err()).contains("skipped: service account " + sa);

    // An account ID stays an account of the project.
    assertThat(run("launch.sh", ENV, "--dry-run").out())
        .contains(" --service-account-email logalerts-worker@demo.iam.gserviceaccount.com ");
  }

  @Test
  public void anUpdateCanMapRenamedSteps() throws Exception {
    // Before: no way to pass --transform-name-mappings with UPDATE=1.
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("UPDATE", "1");
    env.put("TRANSFORM_NAME_MAPPINGS", "OldStep/Combine=NewStep/Combine");
    Result r = run("launch.sh", env, "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out().strip())
        .endsWith(" --update --transform-name-mappings OldStep/Combine=NewStep/Combine");
    env.remove("UPDATE");
    Result noUpdate = run("launch.sh", env, "--dry-run");
    assertThat(noUpdate.exit()).isEqualTo(2);
    assertThat(noUpdate.err())
        .isEqualTo(
            "error: TRANSFORM_NAME_MAPPINGS renames steps for an update: set UPDATE=1 too\n");
    env.put("UPDATE", "1");
    env.put("TRANSFORM_NAME_MAPPINGS", "OldStep");
    assertThat(run("launch.sh", env, "--dry-run").err())
        .isEqualTo(
            "error: TRANSFORM_NAME_MAPPINGS must be OLD=NEW,OLD=NEW (step names), got"
                + " 'OldStep'\n");
  }

  @Test
  public void launchChecksExtraParametersAgainstTheTemplate() throws Exception {
    // Before: both reached the Flex launcher VM, which refused them minutes later in its log.
    Map<String, String> mistakes =
        Map.of(
            "maxGroupsPerRul=5",
            "error: EXTRA_PARAMETERS: unknown template parameter maxGroupsPerRul (did you mean"
                + " maxGroupsPerRule?)",
            "bogusThing=1",
            "error: EXTRA_PARAMETERS: unknown template parameter bogusThing"
                + " (templates/metadata.json lists them)",
            "rulesPath=gs://x/y",
            "error: EXTRA_PARAMETERS: rulesPath is set by launch.sh already"
                + " (rulesPath=gs://demo-logalerts/rules/rules.yaml); set it once, with"
                + " RULES_PATH=gs://BUCKET/PATH",
            "dedupeHorizonMinutes=5,dedupeHorizonMinutes=6",
            "error: EXTRA_PARAMETERS: dedupeHorizonMinutes is given twice; give it once",
            "dedupeHorizonMinutes",
            "error: EXTRA_PARAMETERS must be name=value,name=value, got 'dedupeHorizonMinutes' in"
                + " 'dedupeHorizonMinutes'");
    for (Map.Entry<String, String> m : mistakes.entrySet()) {
      Map<String, String> env = new java.util.HashMap<>(ENV);
      env.put("EXTRA_PARAMETERS", m.getKey());
      Result r = run("launch.sh", env, "--dry-run");
      assertWithMessage(m.getKey()).that(r.exit()).isEqualTo(2);
      assertWithMessage(m.getKey()).that(r.out()).isEmpty();
      assertWithMessage(m.getKey()).that(r.err()).isEqualTo(m.getValue() + "\n");
    }
    // Every parameter of the template that launch.sh does not set is accepted.
    for (com.fasterxml.jackson.databind.JsonNode p :
        TemplateMetadataTest.metadata().get("parameters")) {
      String name = p.get("name").asText();
      if (List.of(
              "rulesPath",
              "inputSubscription",
              "alertTopic",
              "alertTable",
              "noisyLogTable",
              "deadLetterTable")
          .contains(name)) {
        continue;
      }
      Map<String, String> env = new java.util.HashMap<>(ENV);
      env.put("EXTRA_PARAMETERS", name + "=1");
      assertWithMessage(name).that(run("launch.sh", env, "--dry-run").exit()).isEqualTo(0);
    }
  }

  /**
   * README's backfill into tables of its own (a backfill into the live tables counts the hours the
   * live job covered twice): its launch.sh line writes all three tables in the backfill's dataset
   * and none in the live one.
   */
  @Test
  public void readmeBackfillIntoSeparateTablesWritesNoLiveTable() throws Exception {
    String readme = java.nio.file.Files.readString(ROOT.toPath().resolve("README.md"));
    java.util.regex.Matcher line =
        java.util.regex.Pattern.compile(
                "(?m)^DATASET=(\\S+) INPUT_FILE_PATTERN='([^']+)' scripts/launch\\.sh$")
            .matcher(readme);
    assertWithMessage("README's backfill into separate tables").that(line.find()).isTrue();
    assertThat(readme).contains("**A backfill writes into the live tables**");
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("DATASET", line.group(1));
    env.put("INPUT_FILE_PATTERN", line.group(2));
    Result r = run("launch.sh", env, "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    String ds = "demo:" + line.group(1);
    assertThat(r.out())
        .contains(
            "alertTable="
                + ds
                + ".alerts,noisyLogTable="
                + ds
                + ".noisy_logs,deadLetterTable="
                + ds
                + ".deadletter");
    assertThat(r.out()).doesNotContain("demo:logalerts.");
  }

  @Test
  public void launchRefusesSettingsTheJobWouldMisread() throws Exception {
    // Before: UPDATE=yes launched a new job beside the running one; a local RULES_PATH reached
    // the workers, which cannot read this machine's files; MAX_WORKERS=abc reached gcloud.
    String[][] cases = {
      {"UPDATE", "yes", "error: UPDATE must be 1 (update the running job) or 0, got 'yes'"},
      {"RULES_PATH", "samples/rules.yaml", "error: RULES_PATH must be a Cloud Storage path"},
      {"MAX_WORKERS", "abc", "error: MAX_WORKERS must be a whole number of workers, got 'abc'"}
    };
    for (String[] c : cases) {
      Map<String, String> env = new java.util.HashMap<>(ENV);
      env.put(c[0], c[1]);
      Result r = run("launch.sh", env, "--dry-run");
      assertWithMessage(c[0]).that(r.exit()).isEqualTo(2);
      assertWithMessage(c[0]).that(r.err().lines().count()).isEqualTo(1);
      assertWithMessage(c[0]).that(r.err()).startsWith(c[2]);
    }
  }

  @Test
  public void validateRulesNamesAnUnknownOptionBesideAFile() throws Exception {
    // Before: "one rules file at a time, got 2 arguments" for --json beside the file.
    for (String[] args :
        new String[][] {{"--json", "samples/rules.yaml"}, {"samples/rules.yaml", "--json"}}) {
      Result r = run("validate-rules.sh", Map.of(), args);
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).startsWith("error: unknown option --json (usage: ");
      assertThat(r.err().lines().count()).isEqualTo(1);
    }
    assertThat(run("validate-rules.sh", Map.of(), "a.yaml", "b.yaml").err())
        .startsWith("error: one rules file at a time, got 2 arguments");
  }

  @Test
  public void benchHelpIsItsWholeHeader() throws Exception {
    // Before: the header's last line was cut ("... when the end-to-end run").
    Result r = run("bench.sh", Map.of(), "--help");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out().strip()).endsWith("(always so with --quick).");
    assertThat(r.out()).doesNotContain("set -euo pipefail");
  }

  /**
   * A fake gcloud and bq first on PATH: each call is logged to FAKE_LOG; {@code jobs list} prints
   * FAKE_ACTIVE_JOB; a describe or show of a name in FAKE_MISSING fails as NOT_FOUND, of a name in
   * FAKE_FOREIGN prints no label, with FAKE_DENIED set every describe fails with PERMISSION_DENIED;
   * otherwise the resource carries setup's label.
   */
  static Map<String, String> fakeCloud(java.nio.file.Path dir) throws Exception {
    java.nio.file.Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
    String fake =
        String.join(
            "\n",
            "#!/bin/bash",
            "echo \"$(basename \"$0\") $*\" >> \"$FAKE_LOG\"",
            "name=''; prev=''",
            "for a in \"$@\"; do",
            "  if [[ $prev == describe || $prev == --dataset ]]; then name=$a; fi",
            "  prev=$a",
            "done",
            "case \" $* \" in",
            "  *' jobs list '*) [[ -z ${FAKE_ACTIVE_JOB:-} ]] || echo \"$FAKE_ACTIVE_JOB\";"
                + " echo 'Listed 0 items.' >&2; exit 0 ;;",
            "  *' describe '* | *' show '*)",
            "    if [[ -n ${FAKE_DENIED:-} ]]; then",
            "      echo 'ERROR: (gcloud) PERMISSION_DENIED: The caller does not have permission'"
                + " >&2; exit 1",
            "    fi",
            "    for m in ${FAKE_MISSING:-}; do",
            "      if [[ $name == \"$m\" ]]; then",
            "        echo \"ERROR: (gcloud) NOT_FOUND: Resource not found: $name\" >&2; exit 1",
            "      fi",
            "    done",
            "    for m in ${FAKE_FOREIGN:-}; do [[ $name != \"$m\" ]] || { echo '{}'; exit 0; };"
                + " done",
            "    if [[ $0 == */bq ]]; then echo '{\"labels\": {\"app\": \"log-alerts\"}}';",
            "    elif [[ \" $* \" == *'value(description)'* ]]; then",
            "      echo 'log-alerts (app=log-alerts): created by scripts/setup-gcp.sh'",
            "    else echo log-alerts; fi",
            "    exit 0 ;;",
            "esac",
            "exit 0",
            "");
    for (String tool : List.of("gcloud", "bq")) {
      java.nio.file.Path f = bin.resolve(tool);
      java.nio.file.Files.writeString(f, fake);
      f.toFile().setExecutable(true);
    }
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    env.put("FAKE_LOG", dir.resolve("calls.log").toString());
    return env;
  }

  private static List<String> calls(Map<String, String> env) throws Exception {
    java.nio.file.Path log = java.nio.file.Path.of(env.get("FAKE_LOG"));
    return java.nio.file.Files.exists(log) ? java.nio.file.Files.readAllLines(log) : List.of();
  }

  @Test
  public void setupCreatesWhatIsMissingAndStopsOnACheckThatCannotLook() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("setup");
    Map<String, String> env = fakeCloud(dir);
    env.put("FAKE_MISSING", "logalerts-logs");
    Result r = run("setup-gcp.sh", env);
    assertThat(r.exit()).isEqualTo(0);
    List<String> creates =
        calls(env).stream().filter(c -> c.contains(" create ") || c.contains(" mk ")).toList();
    assertThat(creates).hasSize(1);
    assertThat(creates.get(0)).startsWith("gcloud pubsub topics create logalerts-logs ");
    java.nio.file.Files.delete(java.nio.file.Path.of(env.get("FAKE_LOG")));

    // Before: any failing describe read as "missing", so a caller without permission to look
    // went on to create (or fail to create) every resource.
    env.put("FAKE_DENIED", "1");
    Result denied = run("setup-gcp.sh", env);
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.err())
        .endsWith(
            "error: cannot check gcloud storage buckets describe gs://demo-logalerts --project"
                + " demo (exit 1): ERROR: (gcloud) PERMISSION_DENIED: The caller does not have"
                + " permission; setup stopped: what it made so far stays; run it again once that"
                + " is fixed\n");
    assertThat(calls(env).stream().filter(c -> c.contains(" create ") || c.contains(" mk ")))
        .isEmpty();
  }

  @Test
  public void teardownDeletesOnlyWhatSetupLabelled() throws Exception {
    // Before: it deleted whatever BUCKET, DATASET and SERVICE_ACCOUNT named, without asking.
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("teardown");
    Map<String, String> env = fakeCloud(dir);
    env.put("BUCKET", "shared-platform-bucket");
    env.put("DATASET", "analytics");
    env.put("FAKE_FOREIGN", "gs://shared-platform-bucket demo:analytics");
    env.put("FAKE_MISSING", "logalerts-alerts-sub");
    Result r = run("teardown-gcp.sh", env, "--yes");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.err())
        .contains(
            "skipped: bucket gs://shared-platform-bucket (not created by setup-gcp.sh: no"
                + " app=log-alerts label)\n");
    assertThat(r.err())
        .contains(
            "skipped: BigQuery dataset demo:analytics (not created by setup-gcp.sh: no"
                + " app=log-alerts label)\n");
    assertThat(r.err()).contains("not found: Pub/Sub subscription logalerts-alerts-sub\n");
    List<String> deletes =
        calls(env).stream()
            .filter(c -> c.contains(" delete ") || c.contains(" rm ") || c.contains(" remove-"))
            .toList();
    assertThat(deletes)
        .containsExactly(
            "gcloud logging sinks delete logalerts-sink --quiet --project demo",
            "gcloud pubsub subscriptions delete logalerts-logs-sub --project demo",
            "gcloud pubsub topics delete logalerts-logs --project demo",
            "gcloud pubsub topics delete logalerts-alerts --project demo",
            "gcloud artifacts repositories delete logalerts --location europe-west1 --quiet"
                + " --project demo",
            "gcloud projects remove-iam-policy-binding demo --member"
                + " serviceAccount:logalerts-worker@demo.iam.gserviceaccount.com --role"
                + " roles/dataflow.worker --condition None",
            "gcloud iam service-accounts delete logalerts-worker@demo.iam.gserviceaccount.com"
                + " --quiet --project demo")
        .inOrder();
    // The label is what is checked.
    assertThat(calls(env))
        .contains(
            "gcloud storage buckets describe gs://shared-platform-bucket --format"
                + " value(labels.app) --project demo");
  }

  @Test
  public void teardownAsksFirstAndStopsOnAFailedCheckOrARunningJob() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("teardown");
    Map<String, String> env = fakeCloud(dir);
    // No terminal and no --yes: one error line, nothing queried.
    Result noTty = run("teardown-gcp.sh", env);
    assertThat(noTty.exit()).isEqualTo(2);
    assertThat(noTty.err())
        .isEqualTo(
            "error: teardown-gcp.sh deletes data and asks first, but there is no terminal to ask"
                + " on: run it with --yes (--dry-run lists the deletes)\n");
    assertThat(calls(env)).isEmpty();

    // A describe failing for another reason than "not found" is an error, not "gone".
    env.put("FAKE_DENIED", "1");
    Result denied = run("teardown-gcp.sh", env, "--yes");
    assertThat(denied.exit()).isEqualTo(1);
    assertThat(denied.err())
        .isEqualTo(
            "error: cannot check logging sink logalerts-sink (exit 1): ERROR: (gcloud)"
                + " PERMISSION_DENIED: The caller does not have permission; nothing was"
                + " deleted\n");
    assertThat(calls(env).stream().filter(c -> c.contains(" delete "))).isEmpty();
    env.remove("FAKE_DENIED");

    // A running job of the configured name: refused, with how to stop it.
    env.put("FAKE_ACTIVE_JOB", "2026-12-01_01_02_03-123");
    Result running = run("teardown-gcp.sh", env, "--yes");
    assertThat(running.exit()).isEqualTo(1);
    assertThat(running.err())
        .isEqualTo(
            "error: job log-alerts (2026-12-01_01_02_03-123) is running in europe-west1: stop it"
                + " first, gcloud dataflow jobs drain 2026-12-01_01_02_03-123 --region"
                + " europe-west1 --project demo (finishes what it read; or cancel, which stops at"
                + " once), then run teardown again\n");
    assertThat(calls(env))
        .contains(
            "gcloud dataflow jobs list --region europe-west1 --project demo --status active"
                + " --filter name=log-alerts --format value(id)");
    assertThat(calls(env).stream().filter(c -> c.contains(" delete "))).isEmpty();
  }

  @Test
  public void teardownRemovesTheSinkFirst() throws Exception {
    Result r = run("teardown-gcp.sh", ENV, "--dry-run");
    assertThat(r.exit()).isEqualTo(0);
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo("gcloud logging sinks delete logalerts-sink --quiet --project demo");
    assertThat(r.out()).contains("bq --project_id demo rm -r -f --dataset demo:logalerts");
    assertThat(r.out())
        .contains(
            "gcloud iam service-accounts delete logalerts-worker@demo.iam.gserviceaccount.com");
  }

  @Test
  public void helpAndMissingVariables() throws Exception {
    for (String script :
        List.of("setup-gcp.sh", "teardown-gcp.sh", "build-template.sh", "launch.sh")) {
      Result help = run(script, Map.of(), "--help");
      assertThat(help.exit()).isEqualTo(0);
      assertThat(help.out()).contains("Usage:");
      assertThat(help.out()).contains("--dry-run");
      Result missing = run(script, Map.of(), "--dry-run");
      assertThat(missing.exit()).isEqualTo(2);
      assertThat(missing.err()).contains("PROJECT_ID must be set");
    }
  }

  /** The scripts that call gcloud, which read their settings from the environment. */
  private static final List<String> GCP_SCRIPTS =
      List.of(
          "setup-gcp.sh",
          "teardown-gcp.sh",
          "build-template.sh",
          "launch.sh",
          "deploy-notifier.sh");

  @Test
  public void gcpScriptsRefuseUnknownArgumentsInOneErrorLine() throws Exception {
    // Before: the error line, then the whole usage on stderr.
    for (String script : GCP_SCRIPTS) {
      Result r = run(script, ENV, "--dryrun");
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).isEqualTo("error: unknown option --dryrun (did you mean --dry-run?)\n");
      assertThat(run(script, ENV, "--dry-run", "extra").err())
          .isEqualTo("error: unexpected argument 'extra' (see --help)\n");
    }
  }

  /**
   * gcloud's habit, {@code --project=demo}, was "unknown option --project": the GCP scripts read
   * their settings from the environment, so the error names the variable to set.
   */
  @Test
  public void gcpScriptsAnswerAGcloudStyleOptionWithItsVariable() throws Exception {
    for (String script : GCP_SCRIPTS) {
      Result r = run(script, Map.of(), "--project=demo");
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err())
          .isEqualTo(
              "error: --project is not an option: set it in the environment, PROJECT_ID=demo"
                  + " scripts/"
                  + script
                  + " (see --help)\n");
    }
    assertThat(run("launch.sh", ENV, "--max-workers=3").err())
        .isEqualTo(
            "error: --max-workers is not an option: set it in the environment, MAX_WORKERS=3"
                + " scripts/launch.sh (see --help)\n");
    // A name the script's help does not list as a variable stays an unknown option.
    assertThat(run("launch.sh", ENV, "--zone=a").err())
        .isEqualTo("error: unknown option --zone (see --help)\n");
  }

  @Test
  public void benchRefusesMistakesBeforeBuildingAnything() throws Exception {
    // Before: exit 1 for an unknown option, and --entries=abc started the benchmarks.
    Map<String, String> mistakes =
        Map.of(
            "--entires=5", "error: unknown option --entires (did you mean --entries?)",
            "--entries", "error: --entries needs a value: --entries=VALUE",
            "--entries=abc", "error: --entries must be a whole number above 0, got 'abc'",
            "--rules=/nonexistent.yaml", "error: --rules=/nonexistent.yaml: no such file",
            "--quick=yes", "error: --quick takes no value, got '--quick=yes'");
    for (Map.Entry<String, String> m : mistakes.entrySet()) {
      Result r = run("bench.sh", Map.of(), m.getKey());
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).isEqualTo(m.getValue() + "\n");
    }
  }

  @Test
  public void scriptsWithoutArgumentsRefuseUnknownOnesInOneErrorLine() throws Exception {
    // Before: check-samples.sh and lint.sh ignored them and ran (exit 0).
    for (String script : List.of("check-samples.sh", "lint.sh")) {
      Result help = run(script, Map.of(), "--help");
      assertThat(help.exit()).isEqualTo(0);
      assertThat(help.out()).startsWith("Usage: scripts/" + script);
      assertThat(run(script, Map.of(), "-h").exit()).isEqualTo(0);
      Map<String, String> mistakes =
          Map.of(
              "--x", "error: unknown option --x (see --help)",
              "--hepl", "error: unknown option --hepl (did you mean --help?)",
              "--help=yes", "error: --help takes no value, got '--help=yes'",
              "extra", "error: unexpected argument 'extra' (see --help)",
              "", "error: unexpected argument '' (see --help)");
      for (Map.Entry<String, String> m : mistakes.entrySet()) {
        Result r = run(script, Map.of(), m.getKey());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(m.getValue() + "\n");
      }
    }
  }

  @Test
  public void withoutGcloudEachScriptSaysSoInOneErrorLine() throws Exception {
    // Before: "common.sh: line 26: gcloud: command not found" (exit 127), and teardown-gcp.sh
    // exited 0 having removed nothing (every existence check failed, so all looked gone).
    java.nio.file.Path bin = java.nio.file.Files.createTempDirectory("no-gcloud");
    for (String dir : List.of("/usr/bin", "/bin")) {
      File[] files = new File(dir).listFiles();
      if (files == null) {
        continue;
      }
      for (File f : files) {
        java.nio.file.Path link = bin.resolve(f.getName());
        if (!f.getName().equals("gcloud") && !java.nio.file.Files.exists(link)) {
          java.nio.file.Files.createSymbolicLink(link, f.toPath());
        }
      }
    }
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("PATH", bin.toString());
    for (String script :
        List.of("setup-gcp.sh", "teardown-gcp.sh", "build-template.sh", "launch.sh")) {
      Result r = run(script, env);
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err().strip()).startsWith("error: gcloud not found on PATH");
      assertThat(r.err().strip().lines().count()).isEqualTo(1);
      // --dry-run only prints commands: it needs no gcloud.
      assertThat(run(script, env, "--dry-run").exit()).isEqualTo(0);
    }
  }
}
