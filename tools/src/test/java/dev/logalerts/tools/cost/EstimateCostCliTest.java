package dev.logalerts.tools.cost;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

public class EstimateCostCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return EstimateCostCli.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private void assertUsageError(String expected, String... args) {
    out.reset();
    err.reset();
    assertThat(run(args)).isEqualTo(2);
    assertThat(err().lines().count()).isEqualTo(1);
    assertThat(err()).startsWith("error: ");
    assertThat(err()).contains(expected);
    assertThat(out()).isEmpty();
  }

  @Test
  public void missingVolume() {
    assertUsageError("--gb-per-day is required");
  }

  @Test
  public void negativeVolume() {
    assertUsageError(
        "error: --gb-per-day must be a number above 0 and at most 1000000, got '-3'\n",
        "--gb-per-day=-3");
  }

  @Test
  public void notANumber() {
    // Was "must be a number, got 'lots'", without the range the other mistakes name.
    assertUsageError(
        "error: --gb-per-day must be a number above 0 and at most 1000000, got 'lots'\n",
        "--gb-per-day=lots");
    // Was an estimate for 9223372036854775807 GB/day.
    assertUsageError(
        "error: --gb-per-day must be a number above 0 and at most 1000000, got '1e99'\n",
        "--gb-per-day=1e99");
  }

  @Test
  public void unknownFlag() {
    assertUsageError("unknown option --gb-per-week", "--gb-per-week=3");
  }

  @Test
  public void strayArgument() {
    assertUsageError("unexpected argument 100", "100");
  }

  @Test
  public void negativeParameter() {
    // Was "--rules must be a number of 0 or more", without the value given.
    assertUsageError(
        "error: --rules must be a whole number of 0 or more, got '-2'\n",
        "--gb-per-day=1",
        "--rules=-2");
    assertUsageError(
        "error: --entry-bytes must be a number above 0, got '0'\n",
        "--gb-per-day=1",
        "--entry-bytes=0");
    assertUsageError(
        "error: --entry-bytes must be a number above 0, got 'abc'\n",
        "--gb-per-day=1",
        "--entry-bytes=abc");
  }

  @Test
  public void switchesAreZeroOrOne() {
    assertUsageError(
        "error: --early-panes must be 0 or 1, got '2'\n", "--gb-per-day=1", "--early-panes=2");
  }

  @Test
  public void rulesAreWhole() {
    assertUsageError(
        "error: --rules must be a whole number of 0 or more, got '2.5'\n",
        "--gb-per-day=1",
        "--rules=2.5");
  }

  @Test
  public void inputOnlyWithMeasure() {
    assertUsageError("--input and --rules-file go with --measure", "--gb-per-day=1", "--input=x");
  }

  @Test
  public void nearMissesAndTheSpaceFormAreNamed() {
    assertUsageError(
        "error: unknown option --gb-per-dy (did you mean --gb-per-day?) (try --list)",
        "--gb-per-dy=100");
    assertUsageError(
        "error: --gb-per-day needs a value: --gb-per-day=VALUE", "--gb-per-day", "100");
    assertUsageError("error: --input needs a value: --input=VALUE", "--measure", "--input", "x");
  }

  @Test
  public void measureRefusesAnInputThatCannotBeRead() throws Exception {
    // Before: a missing path ran the job over no file, which never finished.
    assertUsageError(
        "error: --input=/nonexistent/logs.jsonl: no such file",
        "--measure",
        "--input=/nonexistent/logs.jsonl");
    Path dir = Files.createTempDirectory("measure-input");
    assertUsageError(
        "--input=" + dir + " is a directory; give a glob of files", "--measure", "--input=" + dir);
    assertUsageError(
        "error: --input=" + dir + "/*.jsonl matches no file",
        "--measure",
        "--input=" + dir + "/*.jsonl");
    assertUsageError("error: --input needs a value", "--measure", "--input=");
    assertUsageError("error: --rules-file needs a value", "--measure", "--rules-file=");
    Files.delete(dir);
  }

  @Test
  public void textNamesEveryServiceAndTheComparisons() {
    assertThat(run("--gb-per-day=100")).isEqualTo(0);
    String text = out();
    for (String s :
        new String[] {
          "worker vCPU",
          "worker memory",
          "Streaming Engine data processed",
          "log sink publish + delivery",
          "alert topic",
          "Storage Write API",
          "storage (active logical)",
          "total (this job)",
          "Cloud Logging total",
          "Datadog total"
        }) {
      assertThat(text).contains(s);
    }
    String total =
        String.format(java.util.Locale.ROOT, "%,.2f", CostModel.defaults().estimate(100).jobUsd());
    assertThat(text).contains("$" + total);
    assertThat(err()).isEmpty();
  }

  @Test
  public void jsonCarriesTheSameFiguresAndOverrides() throws Exception {
    assertThat(run("--gb-per-day=250", "--entry-bytes=1200", "--rules=40", "--json")).isEqualTo(0);
    JsonNode json = new ObjectMapper().readTree(out());
    CostModel.Estimate e =
        CostModel.defaults().with(Param.ENTRY_BYTES, 1200).with(Param.RULES, 40).estimate(250);
    assertThat(json.get("jobUsd").asDouble()).isWithin(1e-6).of(e.jobUsd());
    assertThat(EstimateCostCli.dollars(100.0).toString()).isEqualTo("100");
    assertThat(EstimateCostCli.dollars(100.74000000000001).toString()).isEqualTo("100.74");
    // Dollars print as written, not as the binary double's noise (100.74000000000001).
    for (JsonNode line : json.get("job")) {
      assertThat(line.get("usd").toString()).matches("-?[0-9]+(\\.[0-9]{1,6})?");
    }
    assertThat(json.get("workers").asInt()).isEqualTo(e.workers());
    assertThat(json.get("datadogUsd").asDouble()).isWithin(1e-6).of(e.comparisonUsd("Datadog"));
    assertThat(json.get("parameters").get("entry-bytes").asDouble()).isEqualTo(1200.0);
    assertThat(json.get("job").size()).isEqualTo(e.job().size());
  }

  @Test
  public void readmeAndDocsShowTheCurrentOutputFor100GbPerDay() throws Exception {
    assertThat(run("--gb-per-day=100")).isEqualTo(0);
    Path root = Path.of("..").toAbsolutePath().normalize();
    for (String doc : new String[] {"README.md", "docs/cost.md"}) {
      String text = Files.readString(root.resolve(doc));
      assertWithMessage("%s shows the output of scripts/estimate-cost.sh --gb-per-day=100", doc)
          .that(text)
          .contains("```\n" + out() + "```\n");
    }
  }

  @Test
  public void listShowsEveryParameter() {
    assertThat(run("--list")).isEqualTo(0);
    for (Param p : Param.values()) {
      assertThat(out()).contains("--" + p.flag() + "=");
    }
  }
}
