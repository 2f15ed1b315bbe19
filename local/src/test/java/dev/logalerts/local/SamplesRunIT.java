package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code scripts/run-local.sh} on the bundled samples, as the README's first command: no runner
 * warning in the output, progress lines on stderr while it runs, and the summary's estimated
 * monthly cost per template equal to report.html's (both computed the analyst SQL's way).
 */
@RunWith(JUnit4.class)
public class SamplesRunIT {
  private static final Pattern COST = Pattern.compile("\\$\\s*([0-9,]+\\.[0-9]{2})/mo");

  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void quietRunWithProgressAndAgreeingCosts() throws Exception {
    Path out = tmp.newFolder("out").toPath();
    ScriptRunner.Result r =
        ScriptRunner.run(
            tmp.newFolder("logs").toPath(),
            // Progress from the start: the samples may be read before the usual quiet period ends.
            Map.of("LOGALERTS_PROGRESS_INTERVAL_MS", "1000", "LOGALERTS_PROGRESS_QUIET_MS", "0"),
            "scripts/run-local.sh",
            "--output=" + out);

    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.all()).doesNotContain("WARNING");
    assertThat(r.all()).doesNotContain("SEVERE");
    assertThat(r.stdout()).containsMatch("entries read\\s+11,010");
    // Progress on stderr, plain lines (not a terminal), with the input's size known.
    assertThat(r.stderr()).containsMatch("(?m)^progress: [0-9,]+ entries read");
    assertThat(r.stderr()).contains("entries/s");
    for (String line : r.stderr().split("\n")) {
      assertThat(line).startsWith("progress: ");
    }

    List<String> summaryCosts = costs(r.stdout());
    List<String> reportCosts =
        costs(Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8));
    assertThat(summaryCosts).hasSize(10);
    assertThat(reportCosts.size()).isAtLeast(10);
    assertThat(summaryCosts).isEqualTo(reportCosts.subList(0, 10));
  }

  private static List<String> costs(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = COST.matcher(text);
    while (m.find()) {
      out.add(m.group(1).replace(",", ""));
    }
    return out;
  }
}
