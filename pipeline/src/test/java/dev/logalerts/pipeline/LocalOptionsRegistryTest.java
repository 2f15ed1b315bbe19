package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * What a local run's trimmed options registry accepts. Beam's options factory is initialised once
 * per JVM, and this test JVM's already is, so each check runs {@link Probe} in a JVM of its own.
 */
@RunWith(JUnit4.class)
public class LocalOptionsRegistryTest {
  private static final String DATAFLOW_OPTIONS =
      "org.apache.beam.runners.dataflow.options.DataflowPipelineOptions";

  @Test
  public void aFreshJvmRegistersTheLocalRunsInterfacesAndNotTheDataflowRunners() throws Exception {
    List<String> out = probe("registered");

    assertThat(out).contains("fresh true");
    assertThat(out)
        .containsAtLeast(
            LogAlertsOptions.class.getName(),
            DirectOptions.class.getName(),
            PubsubOptions.class.getName(),
            PipelineOptions.class.getName());
    assertThat(out).doesNotContain(DATAFLOW_OPTIONS);
  }

  @Test
  public void theOptionsOfALocalRunStillParse() throws Exception {
    List<String> out =
        probe(
            "parse",
            "--inputFilePattern=in.jsonl",
            "--outputDirectory=out",
            "--targetParallelism=1",
            "--enforceImmutability=false",
            "--pubsubRootUrl=http://localhost:8085",
            "--project=demo",
            "--tempLocation=/tmp/t",
            "--noisyLogWindowMinutes=5");

    assertThat(out).contains("parsed pubsubRootUrl=http://localhost:8085 targetParallelism=1");
  }

  @Test
  public void aDataflowOnlyOptionIsAnUnknownOptionOfALocalRun() throws Exception {
    List<String> out = probe("parse", "--inputFilePattern=in.jsonl", "--region=europe-west1");

    assertThat(out)
        .contains(
            "usage --region is an option of the Dataflow runner, which a local run does not use"
                + " (on Dataflow: REGION=europe-west1 scripts/launch.sh)");
  }

  @Test
  public void aDataflowNetworkOptionNamesTheLaunchSettingThatSetsIt() throws Exception {
    // Before: "(scripts/launch.sh starts the job on Dataflow)", and launch.sh had no way to set
    // the network, the subnetwork or public addresses.
    assertThat(probe("parse", "--inputFilePattern=in.jsonl", "--usePublicIps=false"))
        .contains(
            "usage --usePublicIps is an option of the Dataflow runner, which a local run does not"
                + " use (on Dataflow: DISABLE_PUBLIC_IPS=1 scripts/launch.sh)");
    assertThat(probe("parse", "--inputFilePattern=in.jsonl", "--subnetwork=s"))
        .contains(
            "usage --subnetwork is an option of the Dataflow runner, which a local run does not"
                + " use (on Dataflow: SUBNETWORK=regions/REGION/subnetworks/NAME"
                + " scripts/launch.sh)");
  }

  /** Each setting the local run names is one launch.sh's help lists. */
  @Test
  public void everyNamedLaunchSettingIsInLaunchHelp() throws Exception {
    String help = java.nio.file.Files.readString(RepoRoot.get().resolve("scripts/launch.sh"));
    for (String setting : CommandLine.LAUNCH_SETTINGS.values()) {
      String variable = setting.substring(0, setting.indexOf('='));
      assertThat(help).containsMatch("\\b" + variable + "\\b");
    }
  }

  @Test
  public void anUnknownOptionThatIsNotDataflowsKeepsItsMessage() throws Exception {
    List<String> out = probe("parse", "--inputFilePattern=in.jsonl", "--bogus=1");

    // Its own message (with or without a suggestion), not the Dataflow one.
    String usage = out.stream().filter(l -> l.startsWith("usage ")).findFirst().orElseThrow();
    assertThat(usage).startsWith("usage unknown option --bogus");
  }

  @Test
  public void anAlreadyInitialisedFactoryIsLeftAsItIs() {
    PipelineOptionsFactory.getRegisteredOptions(); // this JVM's factory: the full registry
    int before = PipelineOptionsFactory.getRegisteredOptions().size();

    assertThat(LocalOptionsRegistry.install()).isFalse();
    assertThat(PipelineOptionsFactory.getRegisteredOptions().size()).isAtLeast(before);
  }

  /** Runs {@link Probe} with {@code args} in a new JVM; returns its output lines. */
  private static List<String> probe(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Probe.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      in.transferTo(bytes);
    }
    assertWithMessage("probe timed out").that(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertWithMessage(text).that(p.exitValue()).isEqualTo(0);
    return List.of(text.split("\n"));
  }

  /** The local run's start: install, then list the registry or parse a command line. */
  public static final class Probe {
    public static void main(String[] args) {
      boolean fresh = LocalOptionsRegistry.install();
      System.out.println("fresh " + fresh);
      if (args[0].equals("registered")) {
        TreeSet<String> names = new TreeSet<>();
        PipelineOptionsFactory.getRegisteredOptions().forEach(c -> names.add(c.getName()));
        names.forEach(System.out::println);
        return;
      }
      String[] rest = List.of(args).subList(1, args.length).toArray(new String[0]);
      try {
        LogAlertsOptions o = CommandLine.parse(rest);
        System.out.println(
            "parsed pubsubRootUrl="
                + o.as(PubsubOptions.class).getPubsubRootUrl()
                + " targetParallelism="
                + o.as(DirectOptions.class).getTargetParallelism());
      } catch (CommandLine.UsageException e) {
        System.out.println("usage " + e.getMessage());
      }
    }
  }
}
