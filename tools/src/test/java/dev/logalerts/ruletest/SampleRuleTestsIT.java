package dev.logalerts.ruletest;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@code samples/rules.test.yaml} passes, covers every day-one rule with a FIRING, and runs through
 * {@code scripts/test-rules.sh} as a user runs it.
 */
@RunWith(JUnit4.class)
public class SampleRuleTestsIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path TESTS = ROOT.resolve("samples/rules.test.yaml");

  @Test
  public void everyDayOneRuleHasAFiringTest() {
    RuleTestRunner.Prepared p = RuleTestRunner.prepare(TESTS);
    RuleSet rules = p.rules();
    for (Rule r : rules.rules()) {
      boolean covered =
          p.spec().tests().stream()
              .flatMap(t -> t.expect().stream())
              .anyMatch(e -> e.rule().equals(r.name()) && e.state().equals("FIRING"));
      assertWithMessage("rule %s has a test expecting FIRING", r.name()).that(covered).isTrue();
    }
  }

  @Test
  public void scriptPassesOnTheSamples() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    "/bin/bash",
                    ROOT.resolve("scripts/test-rules.sh").toString(),
                    TESTS.toString()))
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    // The script runs on this test JVM's classpath: no nested Maven build.
    pb.environment().put("LOGALERTS_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("PATH", System.getProperty("java.home") + "/bin:" + System.getenv("PATH"));
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertWithMessage("test-rules.sh finished within 2 minutes")
        .that(p.waitFor(2, TimeUnit.MINUTES))
        .isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertWithMessage(text).that(p.exitValue()).isEqualTo(0);
    long tests = RuleTestRunner.prepare(TESTS).spec().tests().size();
    assertThat(text).endsWith(tests + " passed, 0 failed\n");
    assertThat(text).doesNotContain("FAIL ");
  }

  @Test
  public void junitReportOfTheSamples() throws Exception {
    Path xml = Files.createTempDirectory("rule-tests").resolve("samples.xml");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        RuleTestsCli.run(
            new String[] {"--junit=" + xml, TESTS.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err);
    assertThat(code).isEqualTo(0);
    assertThat(Files.readString(xml)).contains("failures=\"0\"");
    new File(xml.toString()).delete();
  }
}
