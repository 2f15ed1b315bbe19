package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.io.RulesSideInput;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A local streaming run whose rules file is edited while it runs says, one line each, whether the
 * job took the new version (the job's log records of {@link RulesSideInput}, as SLF4J hands them to
 * java.util.logging).
 */
@RunWith(JUnit4.class)
public class RulesReloadLinesTest {
  @Test
  public void reloadsAreOneLineEachAndAFailureIsAWarning() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LocalRun.quietLogs();
      Logger log = Logger.getLogger(RulesSideInput.class.getName());
      log.severe(
          "Rules reload from rules.yaml failed; keeping rules version 0b709d68e438bd87 until the"
              + " file is valid (said again only if the error changes): invalid rules file"
              + " rules.yaml: 1 error\n"
              + "rules.yaml:6:16: rule 'checkout-errors': key 'threshold': got 'three'");
      log.info("Rules file rules.yaml is valid again: version 0b709d68e438bd87 stays in effect");
      log.info("Rules updated from rules.yaml: version cee936d522e82ae6 in effect (1 rule)");
    } finally {
      System.setErr(err);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8).split("\n"))
        .asList()
        .containsExactly(
            "warning: Rules reload from rules.yaml failed; keeping rules version 0b709d68e438bd87"
                + " until the file is valid (said again only if the error changes): invalid rules"
                + " file rules.yaml: 1 error",
            "rules.yaml:6:16: rule 'checkout-errors': key 'threshold': got 'three'",
            "Rules file rules.yaml is valid again: version 0b709d68e438bd87 stays in effect",
            "Rules updated from rules.yaml: version cee936d522e82ae6 in effect (1 rule)")
        .inOrder();
  }
}
