package dev.logalerts.rules;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.Assert.assertThrows;

import dev.logalerts.model.FieldPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.beam.sdk.util.SerializableUtils;
import org.joda.time.Duration;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** Valid files, defaults, limits and loading through Beam's FileSystems. */
@RunWith(JUnit4.class)
public class RulesLoaderTest {
  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static String resource(String name) throws Exception {
    return new String(
        Files.readAllBytes(Paths.get(RulesLoaderTest.class.getResource(name).toURI())),
        StandardCharsets.UTF_8);
  }

  private static Map<String, dev.logalerts.rules.Rule> byName(RuleSet set) {
    return set.rules().stream()
        .collect(Collectors.toMap(dev.logalerts.rules.Rule::name, Function.identity()));
  }

  private static Duration min(long m) {
    return Duration.standardMinutes(m);
  }

  @Test
  public void aSilenceNamesSeverityAsFiltersDo() {
    // Alerts grouped by severity carry the name as Cloud Logging writes it (ERROR).
    RuleSet rs =
        RulesLoader.parse(
            "rules:\n"
                + "  - name: by-severity\n"
                + "    type: threshold\n"
                + "    filter: 'severity>=WARNING'\n"
                + "    groupBy: [severity]\n"
                + "    threshold: 5\n"
                + "silences:\n"
                + "  - {name: a, group: {severity: error}, from: 2026-03-01T00:00:00Z,"
                + " until: 2026-03-02T00:00:00Z}\n"
                + "  - {name: b, group: {severity: '400'}, from: 2026-03-01T00:00:00Z,"
                + " until: 2026-03-02T00:00:00Z}\n",
            "inline");
    assertThat(rs.silences().get(0).covers("by-severity", Map.of("severity", "ERROR"))).isTrue();
    assertThat(rs.silences().get(0).covers("by-severity", Map.of("severity", "WARNING"))).isFalse();
    assertThat(rs.silences().get(1).covers("by-severity", Map.of("severity", "WARNING"))).isTrue();
  }

  @Test
  public void everyKeyOfEveryType() throws Exception {
    RuleSet set = RulesLoader.parse(resource("/rules/good/all-keys.yaml"), "all-keys.yaml");
    assertThat(set.rules()).hasSize(9);
    Map<String, dev.logalerts.rules.Rule> r = byName(set);

    dev.logalerts.rules.Rule t = r.get("checkout-errors");
    assertThat(t.type()).isEqualTo(RuleType.THRESHOLD);
    assertThat(t.filter().text()).isEqualTo("resource.type=\"k8s_container\" AND severity>=ERROR");
    assertThat(t.groupBy()).containsExactly("service", "labels.\"k8s-pod/app\"").inOrder();
    assertThat(t.groupByPaths().get(0).segments()).containsExactly("service");
    assertThat(t.groupByPaths().get(1).segments()).containsExactly("labels", "k8s-pod/app");
    assertThat(t.window()).isEqualTo(min(5));
    assertThat(t.period()).isEqualTo(min(1));
    assertThat(t.threshold()).isEqualTo(5.0);
    assertThat(t.severity()).isEqualTo(AlertSeverity.ERROR);
    assertThat(t.suppressFor()).isEqualTo(min(30));
    assertThat(t.resolveAfter()).isEqualTo(3);
    assertThat(t.description())
        .isEqualTo("Checkout errors repeating in {group.service}: {value} >= {threshold}");
    assertThat(t.runbook()).isEqualTo("https://wiki.example.com/runbooks/checkout");
    assertThat(t.numerator()).isNull();
    assertThat(t.minCount()).isEqualTo(0); // defaults' minCount does not apply to threshold

    dev.logalerts.rules.Rule ratio = r.get("web-5xx-ratio");
    assertThat(ratio.type()).isEqualTo(RuleType.RATIO);
    assertThat(ratio.numerator().text()).isEqualTo("httpRequest.status>=500");
    assertThat(ratio.threshold()).isWithin(1e-12).of(0.05);
    assertThat(ratio.minCount()).isEqualTo(50);
    assertThat(ratio.severity()).isEqualTo(AlertSeverity.CRITICAL);
    assertThat(ratio.window()).isEqualTo(min(10)); // from defaults
    assertThat(ratio.period()).isEqualTo(min(2)); // default: window / 5
    assertThat(ratio.suppressFor()).isEqualTo(min(60)); // from defaults
    assertThat(r.get("web-5xx-ratio-fraction").threshold()).isEqualTo(0.25);
    assertThat(r.get("web-5xx-ratio-fraction").minCount()).isEqualTo(7); // from defaults
    assertThat(r.get("web-5xx-ratio-fraction").severity()).isEqualTo(AlertSeverity.INFO);
    assertThat(r.get("web-5xx-ratio-fraction").groupBy()).isEmpty();

    dev.logalerts.rules.Rule lat = r.get("api-latency");
    assertThat(lat.type()).isEqualTo(RuleType.LATENCY);
    assertThat(lat.percentile()).isEqualTo(99.5);
    assertThat(lat.threshold()).isEqualTo(1.5);
    assertThat(lat.minCount()).isEqualTo(7);
    assertThat(lat.groupByPaths().get(0).kind()).isEqualTo(FieldPath.Kind.STRING);
    assertThat(r.get("api-latency-ms").threshold()).isEqualTo(0.5);
    assertThat(r.get("api-latency-ms").percentile()).isEqualTo(95.0);
    assertThat(r.get("api-latency-ms").period()).isEqualTo(min(2));

    dev.logalerts.rules.Rule abs = r.get("nightly-export");
    assertThat(abs.type()).isEqualTo(RuleType.ABSENCE);
    assertThat(abs.expectWithin()).isEqualTo(min(90));
    assertThat(abs.forgetAfter()).isEqualTo(Duration.standardDays(2));
    assertThat(abs.severity()).isEqualTo(AlertSeverity.WARNING);
    assertThat(abs.suppressFor()).isEqualTo(min(360));
    assertThat(abs.runbook()).isEqualTo("http://wiki.example.com/export");
    assertThat(abs.groupBy()).containsExactly("jsonPayload.job.name");

    dev.logalerts.rules.Rule up = r.get("orders-spike");
    assertThat(up.type()).isEqualTo(RuleType.SPIKE);
    assertThat(up.factor()).isEqualTo(2.5);
    assertThat(up.direction()).isEqualTo(SpikeDirection.BOTH);
    assertThat(up.window()).isEqualTo(min(15));
    assertThat(up.period()).isEqualTo(min(5));
    assertThat(up.baseline()).isEqualTo(min(60)); // 4 windows of 15m
    dev.logalerts.rules.Rule down = r.get("orders-drop");
    assertThat(down.direction()).isEqualTo(SpikeDirection.DOWN);
    assertThat(down.factor()).isEqualTo(4.0);
    assertThat(down.baseline()).isEqualTo(min(120));
    assertThat(down.minCount()).isEqualTo(100);

    dev.logalerts.rules.Rule nt = r.get("new-errors");
    assertThat(nt.type()).isEqualTo(RuleType.NEW_TEMPLATE);
    assertThat(nt.learnFor()).isEqualTo(min(120));
    assertThat(nt.groupBy()).containsExactly("service", "template").inOrder();
    assertThat(nt.groupByPaths().get(1)).isNull();
    assertThat(nt.window()).isEqualTo(min(10));
  }

  /**
   * A percentage is the ratio a window of exactly that share computes: 11 errors in 1,000 reach
   * '1.1%' (1.1 / 100.0 rounds just above 11 / 1000.0, and such a window would never fire).
   */
  @Test
  public void percentageThresholdsEqualTheRatioOfThatShare() {
    String[][] cases = {
      {"1.1%", "11", "1000"},
      {"0.9%", "9", "1000"},
      {"1.8%", "18", "1000"},
      {"0.07%", "7", "10000"},
      {"5%", "5", "100"},
      {"12.5%", "1", "8"},
      {"100%", "1", "1"}
    };
    for (String[] c : cases) {
      RuleSet set =
          RulesLoader.parse(
              "rules:\n  - {name: r, type: ratio, filter: '', numerator: x, threshold: '"
                  + c[0]
                  + "'}\n",
              "inline");
      double ratio = Double.parseDouble(c[1]) / Double.parseDouble(c[2]);
      assertWithMessage(c[0]).that(set.rules().get(0).threshold()).isEqualTo(ratio);
    }
  }

  @Test
  public void defaultsWhenKeysAreOmitted() {
    RuleSet set =
        RulesLoader.parse(
            "rules:\n"
                + "  - {name: t, type: threshold, filter: '', threshold: 1}\n"
                + "  - {name: s, type: spike, filter: ''}\n"
                + "  - {name: a, type: absence, filter: x, expectWithin: 2h}\n"
                + "  - {name: n, type: new-template, filter: ''}\n",
            "inline");
    Map<String, dev.logalerts.rules.Rule> r = byName(set);
    dev.logalerts.rules.Rule t = r.get("t");
    assertThat(t.window()).isEqualTo(min(5));
    assertThat(t.period()).isEqualTo(min(1));
    assertThat(t.severity()).isEqualTo(AlertSeverity.WARNING);
    assertThat(t.suppressFor()).isEqualTo(min(30));
    assertThat(t.resolveAfter()).isEqualTo(1);
    assertThat(t.description()).isEmpty();
    assertThat(t.runbook()).isEmpty();
    assertThat(r.get("s").factor()).isEqualTo(3.0);
    assertThat(r.get("s").direction()).isEqualTo(SpikeDirection.UP);
    assertThat(r.get("s").baseline()).isEqualTo(min(30)); // 6 windows
    assertThat(r.get("a").forgetAfter()).isEqualTo(Duration.standardDays(7));
    assertThat(r.get("n").learnFor()).isEqualTo(min(60));
    assertThat(t.flapCount()).isEqualTo(4);
    assertThat(t.flapWindow()).isEqualTo(min(60));
    assertThat(t.renotifyInterval()).isEqualTo(min(30)); // suppressFor
  }

  @Test
  public void notifyKeysApplyToEveryKindWithIncidentsAndComeFromDefaults() {
    RuleSet set =
        RulesLoader.parse(
            "defaults:\n"
                + "  flapCount: 0\n"
                + "  flapWindow: 20m\n"
                + "  renotifyEvery: 4h\n"
                + "rules:\n"
                + "  - {name: t, type: threshold, filter: '', threshold: 1, flapCount: 6}\n"
                + "  - {name: a, type: absence, filter: x, expectWithin: 2h}\n"
                + "  - {name: n, type: new-template, filter: ''}\n",
            "inline");
    Map<String, dev.logalerts.rules.Rule> r = byName(set);
    assertThat(r.get("t").flapCount()).isEqualTo(6);
    assertThat(r.get("t").flapWindow()).isEqualTo(min(20));
    assertThat(r.get("t").renotifyInterval()).isEqualTo(min(240));
    assertThat(r.get("a").flapCount()).isEqualTo(0);
    assertThat(r.get("a").renotifyEvery()).isEqualTo(min(240));
    // new-template has no incidents: the defaults do not apply to it.
    assertThat(r.get("n").flapCount()).isEqualTo(4);
    assertThat(r.get("n").renotifyEvery().getMillis()).isEqualTo(0);
  }

  @Test
  public void ruleOverridesDefaultAndDefaultsApplyOnlyWhereValid() {
    RuleSet set =
        RulesLoader.parse(
            "defaults:\n  window: 20m\n  expectWithin: 3h\n  threshold: 0.1\n  learnFor: 5h\n"
                + "rules:\n"
                + "  - {name: r, type: ratio, filter: '', numerator: x}\n"
                + "  - {name: r2, type: ratio, filter: '', numerator: x, window: 1m}\n"
                + "  - {name: a, type: absence, filter: x}\n",
            "inline");
    Map<String, dev.logalerts.rules.Rule> r = byName(set);
    assertThat(r.get("r").window()).isEqualTo(min(20));
    assertThat(r.get("r").threshold()).isEqualTo(0.1);
    assertThat(r.get("r2").window()).isEqualTo(min(1));
    assertThat(r.get("r2").period()).isEqualTo(Duration.standardSeconds(12));
    assertThat(r.get("a").expectWithin()).isEqualTo(min(180));
  }

  @Test
  public void defaultPeriodDividesWindow() {
    assertThat(RulesLoader.defaultPeriod(min(5))).isEqualTo(min(1));
    assertThat(RulesLoader.defaultPeriod(min(60))).isEqualTo(min(5)); // capped at 5m
    assertThat(RulesLoader.defaultPeriod(Duration.standardSeconds(30)))
        .isEqualTo(Duration.standardSeconds(10)); // at least 10s
    assertThat(RulesLoader.defaultPeriod(Duration.standardSeconds(15)))
        .isEqualTo(Duration.standardSeconds(5)); // 10s would not divide 15s
    assertThat(RulesLoader.defaultPeriod(Duration.standardSeconds(7)))
        .isEqualTo(Duration.standardSeconds(7)); // shorter than 10s: tumbling
    Duration day = Duration.standardDays(1);
    Duration p = RulesLoader.defaultPeriod(day);
    assertThat(day.getMillis() % p.getMillis()).isEqualTo(0);
    assertThat(day.getMillis() / p.getMillis()).isAtMost(RulesLoader.MAX_WINDOWS_PER_PERIOD);
  }

  @Test
  public void emptyRulesListIsValid() {
    assertThat(RulesLoader.parse("rules: []\n", "inline").rules()).isEmpty();
  }

  @Test
  public void tooManyRules() {
    StringBuilder sb = new StringBuilder("rules:\n");
    for (int i = 0; i <= RulesLoader.MAX_RULES; i++) {
      sb.append("  - {name: r").append(i).append(", type: threshold, filter: '', threshold: 1}\n");
    }
    RulesValidationException e =
        assertThrows(RulesValidationException.class, () -> RulesLoader.parse(sb.toString(), "big"));
    assertThat(e.errors()).containsExactly("big:2:3: too many rules: 501 (max 500 per file)");
  }

  @Test
  public void filterTooLong() {
    String filter = "a".repeat(RulesLoader.MAX_FILTER_CHARS + 1);
    RulesValidationException e =
        assertThrows(
            RulesValidationException.class,
            () ->
                RulesLoader.parse(
                    "rules:\n  - {name: r, type: threshold, threshold: 1, filter: '"
                        + filter
                        + "'}\n",
                    "f"));
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0))
        .contains("rule 'r': key 'filter': filter is 20001 characters long (max 20000)");
  }

  @Test
  public void fileTooLarge() throws IOException {
    String body = "# " + "x".repeat((int) RulesLoader.MAX_FILE_BYTES) + "\nrules: []\n";
    Path p = tmp.newFile("big.yaml").toPath();
    Files.write(p, body.getBytes(StandardCharsets.UTF_8));
    RulesValidationException e =
        assertThrows(RulesValidationException.class, () -> RulesLoader.load(p.toString()));
    assertThat(e.getMessage()).contains("is too large: 1048589 bytes (max 1048576 bytes = 1 MiB)");
    assertThrows(RulesValidationException.class, () -> RulesLoader.parse(body, "big"));
  }

  @Test
  public void missingFileHasClearError() {
    String path = tmp.getRoot() + "/nope/rules.yaml";
    RulesValidationException e =
        assertThrows(RulesValidationException.class, () -> RulesLoader.load(path));
    assertThat(e.errors()).containsExactly("rules file not found: " + path);
  }

  @Test
  public void invalidUtf8() throws IOException {
    Path p = tmp.newFile("bin.yaml").toPath();
    Files.write(p, new byte[] {'r', 'u', 'l', 'e', 's', ':', ' ', (byte) 0xC3, (byte) 0x28});
    RulesValidationException e =
        assertThrows(RulesValidationException.class, () -> RulesLoader.load(p.toString()));
    assertThat(e.errors()).containsExactly("rules file " + p + " is not valid UTF-8");
  }

  @Test
  public void loadsLocalFileWithContentVersion() throws IOException {
    Path p = tmp.newFile("ok.yaml").toPath();
    String text =
        "rules:\n  - {name: r, type: threshold, filter: 'severity>=ERROR', threshold: 3}\n";
    Files.write(p, text.getBytes(StandardCharsets.UTF_8));
    RuleSet a = RulesLoader.load(p.toString());
    assertThat(a.rules()).hasSize(1);
    assertThat(a.version()).hasLength(16);
    assertThat(RulesLoader.load(p.toString()).version()).isEqualTo(a.version());
    Files.write(p, text.replace("3}", "4}").getBytes(StandardCharsets.UTF_8));
    assertThat(RulesLoader.load(p.toString()).version()).isNotEqualTo(a.version());
  }

  @Test
  public void ruleSetIsSerializable() throws Exception {
    RuleSet set = RulesLoader.parse(resource("/rules/good/all-keys.yaml"), "all-keys.yaml");
    RuleSet copy = SerializableUtils.ensureSerializable(set);
    assertThat(copy.rules()).hasSize(9);
    assertThat(copy.rules().get(0).groupByPaths()).hasSize(2);
  }

  @Test
  public void sampleRulesValidate() {
    RuleSet set = RulesLoader.load("../samples/rules.yaml");
    Map<String, dev.logalerts.rules.Rule> r = byName(set);
    assertThat(r.keySet())
        .containsExactly(
            "repeated-errors",
            "lb-backend-5xx",
            "cloud-run-5xx-ratio",
            "p95-latency",
            "composer-task-failed",
            "batch-job-late",
            "traffic-drop",
            "new-error-template");
    assertThat(r.get("repeated-errors").groupBy()).containsExactly("service");
    assertThat(r.get("lb-backend-5xx").groupBy())
        .containsExactly("resource.labels.backend_service_name");
    assertThat(r.get("cloud-run-5xx-ratio").threshold()).isWithin(1e-12).of(0.05);
    assertThat(r.get("p95-latency").percentile()).isEqualTo(95.0);
    assertThat(r.get("batch-job-late").type()).isEqualTo(RuleType.ABSENCE);
    assertThat(r.get("traffic-drop").direction()).isEqualTo(SpikeDirection.DOWN);
    assertThat(r.get("traffic-drop").baseline()).isEqualTo(min(60));
    for (dev.logalerts.rules.Rule rule : set.rules()) {
      assertThat(rule.description()).isNotEmpty();
      assertThat(rule.runbook()).startsWith("https://");
    }
  }

  @Test
  public void errorsAreCollectedAcrossRulesInFileOrder() {
    RulesValidationException e =
        assertThrows(
            RulesValidationException.class,
            () ->
                RulesLoader.parse(
                    "rules:\n"
                        + "  - {name: a, type: threshold, filter: '', threshold: 0}\n"
                        + "  - {name: b, type: threshold, filter: '', threshold: 1, window: x}\n",
                    "f.yaml"));
    assertThat(e.errors())
        .containsExactly(
            "f.yaml:2:55: rule 'a': key 'threshold': must be between 1 and 1000000000, got 0",
            "f.yaml:3:66: rule 'b': key 'window': invalid duration 'x' (expected e.g. 30s, 5m,"
                + " 2h, 1d, 1h30m, 1.5s, 500ms)")
        .inOrder();
    assertThat(e.getMessage()).startsWith("invalid rules file f.yaml: 2 errors\n");
  }

  @Test
  public void severityIsCaseInsensitive() {
    RuleSet set =
        RulesLoader.parse(
            "rules:\n"
                + "  - {name: a, type: threshold, filter: '', threshold: 1, severity: CRITICAL}\n",
            "f");
    assertThat(set.rules().get(0).severity()).isEqualTo(AlertSeverity.CRITICAL);
  }

  @Test
  public void filterErrorsNameThePosition() {
    RulesValidationException e =
        assertThrows(
            RulesValidationException.class,
            () ->
                RulesLoader.parse(
                    "rules:\n"
                        + "  - name: r\n"
                        + "    type: ratio\n"
                        + "    filter: 'severity>=ERROR AND (resource.type=\"gae_app\"'\n"
                        + "    numerator: 'httpRequest.status>=>500'\n"
                        + "    threshold: 0.1\n",
                    "f.yaml"));
    assertThat(e.errors()).hasSize(2);
    assertThat(e.errors().get(0))
        .startsWith("f.yaml:4:13: rule 'r': key 'filter': invalid filter: ");
    assertThat(e.errors().get(0)).contains("at position 21");
    assertThat(e.errors().get(1))
        .startsWith("f.yaml:5:16: rule 'r': key 'numerator': invalid filter: ");
    assertThat(e.errors().get(1)).contains("at position ");
  }

  /**
   * A filter written as a YAML block scalar spans lines: its error stays one line (validate-rules
   * prints one error per line) and names the filter's line and column, quoting that line.
   */
  @Test
  public void multiLineFilterErrorIsOneLineNamingTheFilterLine() {
    RulesValidationException e =
        assertThrows(
            RulesValidationException.class,
            () ->
                RulesLoader.parse(
                    "rules:\n"
                        + "  - name: r\n"
                        + "    type: threshold\n"
                        + "    filter: |\n"
                        + "      resource.type=\"k8s_container\"\n"
                        + "      severity>=ERRORR\n"
                        + "    threshold: 5\n"
                        + "  - name: one-line-block\n"
                        + "    type: threshold\n"
                        + "    filter: |\n"
                        + "      severity>=ERRORR\n"
                        + "    threshold: 5\n"
                        + "  - name: dangling\n"
                        + "    type: threshold\n"
                        + "    filter: |\n"
                        + "      resource.type=\"k8s_container\"\n"
                        + "      severity>=ERROR AND\n"
                        + "    threshold: 5\n",
                    "f.yaml"));
    assertThat(e.errors()).hasSize(3);
    assertThat(e.errors().get(1)).endsWith(" in 'severity>=ERRORR'");
    assertThat(e.errors().get(2))
        .endsWith(" in line 2, column 20 of the filter: 'severity>=ERROR AND'");
    String error = e.errors().get(0);
    assertThat(error).startsWith("f.yaml:4:13: rule 'r': key 'filter': invalid filter: ");
    assertThat(error).doesNotContain("\n");
    assertThat(error).contains("at position 41");
    assertThat(error).endsWith(" in line 2, column 11 of the filter: 'severity>=ERRORR'");
  }

  /** In a long filter the error quotes the text around the position, not the filter's start. */
  @Test
  public void longFilterErrorQuotesTheTextAtThePosition() {
    String filter =
        "resource.type=\"k8s_container\" AND resource.labels.namespace_name=\"payments\""
            + " AND resource.labels.container_name=\"checkout\" AND severity>=ERROR"
            + " AND jsonPayload.message:\"timeout\" AND httpRequest.status>=\"slow\"";
    RulesValidationException e =
        assertThrows(
            RulesValidationException.class,
            () ->
                RulesLoader.parse(
                    "rules:\n"
                        + "  - name: r\n"
                        + "    type: threshold\n"
                        + "    filter: '"
                        + filter
                        + "'\n"
                        + "    threshold: 5\n",
                    "f.yaml"));
    String error = e.errors().get(0);
    assertThat(filter.length()).isGreaterThan(120);
    assertThat(error).contains("httpRequest.status>=\"slow\"'");
    assertThat(error).contains(" in '...");
  }

  @Test
  public void tagsOnScalarsAreRejected() {
    RulesValidationException e =
        assertThrows(
            RulesValidationException.class,
            () ->
                RulesLoader.parse(
                    "rules:\n  - {name: a, type: threshold, filter: !!str x, threshold: 1}\n",
                    "f"));
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0)).contains("YAML tags (");
  }

  @Test
  public void deepNestingIsAnErrorNotACrash() {
    String yaml = "rules: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    RulesValidationException e =
        assertThrows(RulesValidationException.class, () -> RulesLoader.parse(yaml, "deep"));
    assertThat(e.errors()).hasSize(1);
    assertThat(e.errors().get(0)).isEqualTo("deep:1:28: nested deeper than 20 levels");
  }

  @Test
  public void hints() {
    assertThat(RulesLoader.hint("groupby", RulesLoader.KEYS.keySet()))
        .isEqualTo("; did you mean 'groupBy'?");
    assertThat(RulesLoader.hint("completelydifferent", RulesLoader.KEYS.keySet())).isEmpty();
    assertThat(List.copyOf(RulesLoader.KEYS.keySet())).contains("learnFor");
  }

  /** A latency rule's own response-time field: kept with its unit, and checked at launch. */
  @Test
  public void latencyFieldAndUnit() {
    RuleSet ok =
        RulesLoader.parse(
            "rules:\n"
                + "  - {name: own, type: latency, threshold: 1s, filter: 'jsonPayload.path:*',"
                + " field: jsonPayload.latency_ms, unit: ms}\n"
                + "  - {name: plain, type: latency, threshold: 1s, filter: 'httpRequest:*'}\n"
                + "  - {name: same, type: latency, threshold: 1s, filter: '',"
                + " field: httpRequest.latency}\n",
            "f");
    Map<String, dev.logalerts.rules.Rule> r = byName(ok);
    assertThat(r.get("own").kindSettings())
        .containsExactly("field", "jsonPayload.latency_ms", "unit", "ms");
    assertThat(r.get("own").valueField().segments()).containsExactly("jsonPayload", "latency_ms");
    // The default, written out or not, is the same rule (its fingerprint does not change).
    assertThat(r.get("plain").kindSettings()).isEmpty();
    assertThat(r.get("same").kindSettings()).isEmpty();
    assertThat(PayloadPaths.of(ok)).contains(List.of("jsonPayload", "latency_ms"));

    String[][] bad = {
      {"field: jsonPayload.latency_ms", "key 'unit': required with field: the unit of the"},
      {"field: jsonPayload.latency_ms, unit: minutes", "key 'unit': must be ns, us, ms or s"},
      {"unit: ms", "key 'unit': unit is only valid with field"},
      {"field: severity, unit: s", "key 'field': must be the field holding each entry's response"},
      {"field: 'jsonPayload.\"a', unit: s", "key 'field': unterminated quoted segment"},
    };
    for (String[] b : bad) {
      RulesValidationException e =
          assertThrows(
              RulesValidationException.class,
              () ->
                  RulesLoader.parse(
                      "rules:\n  - {name: x, type: latency, threshold: 1s, filter: '', "
                          + b[0]
                          + "}\n",
                      "f"));
      assertThat(e.errors()).hasSize(1);
      assertThat(e.errors().get(0)).contains("rule 'x': " + b[1]);
    }
    RulesValidationException other =
        assertThrows(
            RulesValidationException.class,
            () ->
                RulesLoader.parse(
                    "rules:\n  - {name: t, type: threshold, threshold: 1, filter: '',"
                        + " field: jsonPayload.latency_ms}\n",
                    "f"));
    assertThat(other.errors().get(0))
        .contains("rule 't': key 'field': field is only valid for type latency, not threshold");
  }

  /**
   * A file saved by Windows Notepad: a byte-order mark and CRLF line endings, a block filter among
   * them. It loads as written, and a mistake in it is reported at its own line and column.
   */
  @Test
  public void aByteOrderMarkAndCrlfLineEndingsAreRead() throws IOException {
    Path good = tmp.newFile("notepad.yaml").toPath();
    Files.write(
        good,
        ("\uFEFFrules:\r\n  - name: ok\r\n    type: threshold\r\n    filter: |\r\n"
                + "      severity>=ERROR\r\n      AND resource.type=\"k8s_container\"\r\n"
                + "    threshold: 10\r\n")
            .getBytes(StandardCharsets.UTF_8));
    dev.logalerts.rules.Rule r = RulesLoader.load(good.toString()).rule("ok");
    assertThat(r.filter().text())
        .isEqualTo("severity>=ERROR\nAND resource.type=\"k8s_container\"\n");
    assertThat(r.threshold()).isEqualTo(10.0);

    Path bad = tmp.newFile("notepad-bad.yaml").toPath();
    Files.write(
        bad,
        ("\uFEFFrules:\r\n"
                + "  - name: errors\r\n"
                + "    type: threshold\r\n"
                + "    filter: severity>=ERROR\r\n"
                + "    threshold: 10\r\n"
                + "    window: 5\r\n")
            .getBytes(StandardCharsets.UTF_8));
    RulesValidationException e =
        assertThrows(RulesValidationException.class, () -> RulesLoader.load(bad.toString()));
    assertThat(e.errors())
        .containsExactly(
            bad
                + ":6:13: rule 'errors': key 'window': duration '5' needs a unit (ms, s, m, h or"
                + " d), e.g. '5s' or '5m'");
  }

  /**
   * {@code filter: ''} is the documented way to match every entry; {@code filter:} with nothing
   * after it is refused (user-filter-no-value.yaml in the bad corpus), and so is a key with no
   * value under defaults.
   */
  @Test
  public void aQuotedEmptyFilterMatchesEverythingAndAMissingValueIsRefused() {
    RuleSet ok =
        RulesLoader.parse(
            "rules:\n  - name: all\n    type: threshold\n    filter: ''\n    threshold: 1\n"
                + "  - name: all2\n    type: threshold\n    filter: \"\"\n    threshold: 1\n",
            "f");
    assertThat(ok.rule("all").filter().text()).isEmpty();
    assertThat(ok.rule("all2").filter().text()).isEmpty();

    RulesValidationException e =
        assertThrows(
            RulesValidationException.class,
            () ->
                RulesLoader.parse(
                    "defaults:\n  filter:\nrules:\n  - name: a\n    type: threshold\n"
                        + "    threshold: 1\n",
                    "f"));
    assertThat(e.errors())
        .containsExactly(
            "f:2:10: defaults: key 'filter': has no value; write the filter (like"
                + " 'severity>=ERROR'), or '' to match every entry",
            "f:4:5: rule 'a': key 'filter': required (a Cloud Logging filter; '' matches every"
                + " entry)");
  }

  /** Percentiles from 1 up stay valid; a quantile (0.99) is refused in user-percentile-fraction. */
  @Test
  public void percentilesFromOneUpAreValid() {
    for (String p : List.of("1", "50", "99", "99.9", "99.99")) {
      RuleSet set =
          RulesLoader.parse(
              "rules:\n  - {name: l, type: latency, filter: '', threshold: 1s, percentile: "
                  + p
                  + "}\n",
              "f");
      assertThat(set.rule("l").percentile()).isEqualTo(Double.parseDouble(p));
    }
  }

  /**
   * A numerator narrower than the filter is a ratio; one the filter already implies (the same text,
   * or one of its AND terms) is refused in the bad corpus. A numerator that shares only part of an
   * AND term, or adds a term of its own, is not implied.
   */
  @Test
  public void aNumeratorNarrowerThanTheFilterIsValid() {
    String[][] valid = {
      {"httpRequest:*", "httpRequest.status>=500"},
      {"resource.type=\"http_load_balancer\" AND httpRequest:*", "httpRequest.status>=500"},
      {
        "resource.type=\"http_load_balancer\" AND httpRequest.status>=400",
        "httpRequest.status>=400 AND httpRequest.status!=404"
      },
      {"httpRequest.status>=500 OR httpRequest.status=429", "httpRequest.status>=500"},
    };
    for (String[] v : valid) {
      RuleSet set =
          RulesLoader.parse(
              "rules:\n  - name: r\n    type: ratio\n    filter: '"
                  + v[0]
                  + "'\n    numerator: '"
                  + v[1]
                  + "'\n    threshold: 5%\n",
              "f");
      assertWithMessage(v[1]).that(set.rule("r").numerator().text()).isEqualTo(v[1]);
    }
  }
}
