package dev.logalerts.pipeline;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.StreamingOptions;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

@RunWith(JUnit4.class)
public class CommandLineTest {
  private static String error(String... args) {
    return assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(args))
        .getMessage();
  }

  @Test
  public void parsesKnownOptions() {
    LogAlertsOptions o =
        CommandLine.parse("--noisyLogWindowMinutes=15", "--inputFilePattern=x/*.json");
    assertThat(o.getNoisyLogWindowMinutes()).isEqualTo(15);
    assertThat(o.getInputFilePattern()).isEqualTo("x/*.json");
  }

  @Test
  public void unknownOptionSuggestsTheClosest() {
    assertThat(error("--noisyLogWindowMinuts=15"))
        .isEqualTo("unknown option --noisyLogWindowMinuts (did you mean --noisyLogWindowMinutes?)");
    assertThat(error("--inputfilepattern=a")).contains("did you mean --inputFilePattern?");
    // A name near none is not given a far-off suggestion (it got one before: any name did).
    assertThat(error("--bogusOption=1")).isEqualTo("unknown option --bogusOption (see --help)");
  }

  @Test
  public void aWordOfAnOptionsNameSuggestsTheOption() {
    // "--window=5" was answered "did you mean --input?" (the nearest name, 5 edits away).
    assertThat(error("--window=5"))
        .isEqualTo("unknown option --window (did you mean --noisyLogWindowMinutes?)");
    assertThat(error("--lateness=5")).contains("did you mean --allowedLatenessMinutes?");
    assertThat(error("--win=5")).isEqualTo("unknown option --win (see --help)");
  }

  @Test
  public void badValueNamesTheOptionAndTheForm() {
    assertThat(error("--noisyLogWindowMinutes=abc"))
        .isEqualTo("bad value for --noisyLogWindowMinutes: 'abc' is not a whole number (e.g. 60)");
    // A whole number's example is the option's default: a byte limit's, not a minute count's.
    assertThat(error("--maxEntryBytes=1k"))
        .isEqualTo("bad value for --maxEntryBytes: '1k' is not a whole number (e.g. 1048576)");
    assertThat(error("--ingestionPricePerGib=cheap")).contains("is not a number");
    assertThat(error("--streaming=yes")).contains("true or false");
    assertThat(error("--noisyLogWindowMinutes")).contains("needs a value");
  }

  @Test
  public void aWrapperScriptsOwnOptionsAreSuggestedToo() {
    java.util.Set<String> names = CommandLine.suggestable();
    names.addAll(CommandLine.scriptOptions("input,rules,output, subscription"));
    // Without run-local.sh's own --output among the names, --ouput got "did you mean --update?".
    assertThat(CommandLine.closest("ouput", names)).isEqualTo("output");
    assertThat(CommandLine.closest("rulse", names)).isEqualTo("rules");
    assertThat(CommandLine.scriptOptions(null)).isEmpty();
  }

  @Test
  public void anOptionGivenTwiceIsNamedWithBothValues() {
    // Beam said "expected one element but was: <5, 6>", naming neither the option nor the fix.
    assertThat(error("--maxPayloadLeaves=5", "--maxPayloadLeaves=6"))
        .isEqualTo("--maxPayloadLeaves is given twice ('5', then '6'); give it once");
    assertThat(error("--inputFilePattern=a", "--noisyLogWindowMinutes=5", "--inputFilePattern=b"))
        .contains("--inputFilePattern is given twice");
    // A list option accumulates, as in Beam.
    LogAlertsOptions o = CommandLine.parse("--experiments=a", "--experiments=b");
    assertThat(o.as(org.apache.beam.sdk.options.ExperimentalOptions.class).getExperiments())
        .containsExactly("a", "b");
  }

  @Test
  public void strayArgument() {
    assertThat(error("input.json")).contains("unexpected argument 'input.json'");
  }

  @Test
  public void booleanFlagWithoutValue() {
    assertThat(CommandLine.parse("--streaming").as(StreamingOptions.class).isStreaming()).isTrue();
  }

  @Test
  public void takeFlagRemovesIt() {
    List<String> args = new ArrayList<>(List.of("--a=1", "--verbose", "--b=2"));
    assertThat(CommandLine.takeFlag(args, "--verbose")).isTrue();
    assertThat(args).containsExactly("--a=1", "--b=2");
    assertThat(CommandLine.takeFlag(args, "--verbose")).isFalse();
  }
}
