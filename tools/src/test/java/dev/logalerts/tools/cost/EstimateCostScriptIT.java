package dev.logalerts.tools.cost;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/** scripts/estimate-cost.sh as a user runs it: output, and one error line for each mistake. */
public class EstimateCostScriptIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private record Run(int exit, String stdout, String stderr) {}

  private static Run script(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(List.of("/bin/bash", ROOT.resolve("scripts/estimate-cost.sh").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
    // The script runs on this test JVM's classpath: no nested Maven build.
    pb.environment().put("LOGALERTS_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("PATH", System.getProperty("java.home") + "/bin:" + System.getenv("PATH"));
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertWithMessage("estimate-cost.sh finished within 2 minutes")
        .that(p.waitFor(2, TimeUnit.MINUTES))
        .isTrue();
    return new Run(
        p.exitValue(),
        new String(out, StandardCharsets.UTF_8),
        new String(err, StandardCharsets.UTF_8));
  }

  @Test
  public void estimatesAVolume() throws Exception {
    Run r = script("--gb-per-day=100", "--rules=20");
    assertWithMessage(r.stderr()).that(r.exit()).isEqualTo(0);
    assertThat(r.stdout()).contains("for 100 GB/day");
    assertThat(r.stdout()).contains("20 rules");
    assertThat(r.stdout()).contains("Datadog total");
  }

  @Test
  public void mistakesEndInOneErrorLineAndExit2() throws Exception {
    String[][] mistakes = {
      {},
      {"--gb-per-day=-5"},
      {"--gb-per-day=0"},
      {"--gbs=5"},
      {"--gb-per-day=1", "--entry-bytes=x"}
    };
    for (String[] args : mistakes) {
      Run r = script(args);
      assertWithMessage("exit of %s", List.of(args)).that(r.exit()).isEqualTo(2);
      assertWithMessage("stderr of %s", List.of(args))
          .that(r.stderr().lines().count())
          .isEqualTo(1);
      assertThat(r.stderr()).startsWith("error: ");
      assertThat(r.stdout()).isEmpty();
    }
  }
}
