package dev.logalerts.ruletest;

import static com.google.common.truth.Truth.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The rule-test command on small files: pass, fail with a diff, invalid files, JUnit XML. */
@RunWith(JUnit4.class)
public class RuleTestsCliTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String RULES =
      "rules:\n"
          + "  - name: repeated-errors\n"
          + "    type: threshold\n"
          + "    filter: 'severity>=ERROR'\n"
          + "    groupBy: [service]\n"
          + "    window: 5m\n"
          + "    threshold: 5\n";

  private static final String ERRORS_INPUT =
      "    input:\n"
          + "      - entry:\n"
          + "          severity: ERROR\n"
          + "          resource: {type: k8s_container, labels: {namespace_name: shop,"
          + " container_name: checkout}}\n"
          + "          textPayload: \"Payment gateway timeout\"\n"
          + "        at: 1m\n"
          + "        every: 10s\n"
          + "        count: 6\n";

  private record Run(int code, String out, String err) {}

  private Path write(String name, String text) throws Exception {
    Path p = tmp.getRoot().toPath().resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private Path testFile(String tests) throws Exception {
    write("rules.yaml", RULES);
    return write(
        "rules.test.yaml", "rules: rules.yaml\nstart: 2026-03-02T10:00:00Z\ntests:\n" + tests);
  }

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        RuleTestsCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  public void passingTestPrintsPassAndCounts() throws Exception {
    Path f =
        testFile(
            "  - name: checkout errors fire\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - rule: repeated-errors\n"
                + "        state: FIRING\n"
                + "        group: {service: shop/checkout}\n"
                + "        at: 2m\n"
                + "      - rule: repeated-errors\n"
                + "        state: RESOLVED\n");
    Run r = run(f.toString());
    assertThat(r.err).isEmpty();
    assertThat(r.out).isEqualTo("PASS checkout errors fire\n1 passed, 0 failed\n");
    assertThat(r.code).isEqualTo(0);
  }

  private static final String DEADLINE_RULE =
      "  - name: nightly-export\n"
          + "    type: deadline\n"
          + "    filter: 'textPayload:\"export succeeded\"'\n"
          + "    groupBy: [service]\n"
          + "    schedule: '5 19 * * 1-5'\n" // 10:05 UTC = 19:05 Tokyo, Monday 2026-03-02
          + "    timeZone: Asia/Tokyo\n"
          // the input begins at 10:01: a lookback it covers, so this first deadline is checked
          + "    lookback: 4m\n"
          + "    expectedGroups: [{service: shop/export}]\n";

  private Path silencedFile(String silence) throws Exception {
    write("rules.yaml", RULES + DEADLINE_RULE + "silences:\n" + silence);
    return write(
        "rules.test.yaml",
        "rules: rules.yaml\nstart: 2026-03-02T10:00:00Z\ntests:\n"
            + "  - name: errors and a missed deadline\n"
            + ERRORS_INPUT
            + "      - entry: {severity: INFO, textPayload: later}\n"
            + "        at: 10m\n"
            + "    expect:\n"
            + "      - rule: repeated-errors\n"
            + "        state: FIRING\n"
            + "        count: COUNT\n"
            + "      - rule: nightly-export\n"
            + "        state: FIRING\n"
            + "        group: {service: shop/export}\n"
            + "        at: 5m\n"
            + "    unexpected: ignore\n");
  }

  @Test
  public void ruleTestsSeeDeadlinesAndOnlyPublishedAlerts() throws Exception {
    // A silence far from the test input silences nothing.
    Path far =
        silencedFile(
            "  - name: far-away\n"
                + "    from: 2026-05-01T00:00:00Z\n"
                + "    until: 2026-05-02T00:00:00Z\n");
    Files.writeString(far, Files.readString(far).replace("COUNT", "1"));
    Run r = run(far.toString());
    assertThat(r.err).isEmpty();
    assertThat(r.out).isEqualTo("PASS errors and a missed deadline\n1 passed, 0 failed\n");

    // A recurring window over the input (19:00-20:00 Tokyo) holds the threshold alert back.
    Path over =
        silencedFile(
            "  - name: evening-maintenance\n"
                + "    rules: [repeated-errors]\n"
                + "    schedule: '0 19 * * *'\n"
                + "    duration: 1h\n"
                + "    timeZone: Asia/Tokyo\n");
    Files.writeString(over, Files.readString(over).replace("COUNT", "1"));
    r = run(over.toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).contains("expected 1 × repeated-errors FIRING, got 0");
    assertThat(r.out).contains("(silenced by evening-maintenance, not published)");
  }

  @Test
  public void failingTestShowsExpectedAndActualAlerts() throws Exception {
    Path f =
        testFile(
            "  - name: wrong group and a missing resolve\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - rule: repeated-errors\n"
                + "        state: FIRING\n"
                + "        group: {service: shop/cart}\n"
                + "  - name: count zero asserts none\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - rule: repeated-errors\n"
                + "        state: FIRING\n"
                + "        count: 0\n"
                + "    unexpected: ignore\n");
    Run r = run(f.toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).contains("FAIL wrong group and a missing resolve\n");
    assertThat(r.out)
        .contains("expected 1 × repeated-errors FIRING group {service=shop/cart}, got 0");
    assertThat(r.out)
        .containsMatch(
            "FIRING +repeated-errors group \\{service=shop/checkout\\} windowEnd"
                + " 2026-03-02T10:0\\dT?:?\\d*:00Z value 6 threshold 5");
    assertThat(r.out).contains("unexpected alert: FIRING   repeated-errors");
    assertThat(r.out).contains("FAIL count zero asserts none\n");
    assertThat(r.out).contains("expected 0 × repeated-errors FIRING, got 1");
    assertThat(r.out).endsWith("0 passed, 2 failed\n");
  }

  @Test
  public void unexpectedAlertsFailUnlessIgnored() throws Exception {
    String strict = "  - name: strict\n" + ERRORS_INPUT + "    expect: []\n";
    String lenient = "  - name: lenient\n" + ERRORS_INPUT + "    unexpected: ignore\n";
    Run r = run(testFile(strict + lenient).toString());
    assertThat(r.out).contains("FAIL strict\n  unexpected alert: FIRING   repeated-errors");
    assertThat(r.out).contains("PASS lenient\n");
    assertThat(r.code).isEqualTo(1);
  }

  @Test
  public void failureShowsTheRulesEvaluationTimeline() throws Exception {
    Path f =
        testFile(
            "  - name: threshold not reached\n"
                + "    input:\n"
                + "      - entry: {severity: ERROR, textPayload: boom,\n"
                + "                resource: {type: cloud_run_revision, labels: {service_name:"
                + " cart}}}\n"
                + "        every: 30s\n"
                + "        count: 4\n"
                + "    expect:\n"
                + "      - rule: repeated-errors\n"
                + "        state: FIRING\n"
                + "        group: {service: cart}\n");
    Run r = run(f.toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).contains("alerts of rule repeated-errors: none");
    assertThat(r.out).contains("timeline of repeated-errors group {service=cart}:");
    // Each evaluation: its window, the count so far against the threshold, the condition.
    assertThat(r.out)
        .containsMatch(
            "2026-03-02T09:56:00Z – 2026-03-02T10:01:00Z  value 2 +threshold 5 +not met");
    assertThat(r.out)
        .containsMatch(
            "2026-03-02T09:57:00Z – 2026-03-02T10:02:00Z  value 4 +threshold 5 +not met");
    assertThat(r.out).doesNotContainMatch("value [5-9] ");
  }

  @Test
  public void openIncidentsResolveAfterTheLastEntryButSilenceStartsNone() throws Exception {
    write(
        "rules.yaml",
        RULES
            + "  - name: heartbeat-missing\n"
            + "    type: absence\n"
            + "    filter: 'textPayload:heartbeat'\n"
            + "    expectWithin: 10m\n");
    Path f =
        write(
            "rules.test.yaml",
            "rules: rules.yaml\nstart: 2026-03-02T10:00:00Z\ntests:\n"
                + "  - name: errors then nothing\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - {rule: repeated-errors, state: FIRING}\n"
                + "      - {rule: repeated-errors, state: RESOLVED, at: 7m}\n"
                + "  - name: a heartbeat stops; the end of input is no outage\n"
                + "    input:\n"
                + "      - entry: {textPayload: heartbeat}\n"
                + "    expect: []\n"
                + "  - name: an expectation's at lets time run on\n"
                + "    input:\n"
                + "      - entry: {textPayload: heartbeat}\n"
                + "    expect:\n"
                + "      - {rule: heartbeat-missing, state: FIRING, at: 10m}\n");
    Run r = run(f.toString());
    assertThat(r.out)
        .isEqualTo(
            "PASS errors then nothing\n"
                + "PASS a heartbeat stops; the end of input is no outage\n"
                + "PASS an expectation's at lets time run on\n"
                + "3 passed, 0 failed\n");
  }

  @Test
  public void atIsCheckedWithinOnePeriod() throws Exception {
    Path f =
        testFile(
            "  - name: too early\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - rule: repeated-errors\n"
                + "        state: FIRING\n"
                + "        at: 30m\n"
                + "    unexpected: ignore\n");
    Run r = run(f.toString());
    assertThat(r.out).contains("windowEnd 2026-03-02T10:30:00Z ± 1m, got 0");
    assertThat(r.code).isEqualTo(1);
  }

  @Test
  public void invalidFileExitsTwoWithPositionsAndRunsNothing() throws Exception {
    Path f =
        testFile(
            "  - name: typo\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - rule: repeated-error\n"
                + "        state: FIRED\n"
                + "        cuont: 1\n");
    Run r = run(f.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.out).isEmpty();
    assertThat(r.err).contains(f + ":16:9: test 'typo': expect: unknown key 'cuont'");
    assertThat(r.err).contains(f + ":15:16: test 'typo': state: expected one of FIRING, RESOLVED");
    // In the same run, not after the key errors are mended: the rule it names is not defined.
    assertThat(r.err)
        .contains(f + ":14:9: test 'typo': rule 'repeated-error' is not in rules.yaml");
    assertThat(r.err).contains("error: 3 problem(s) in the test files; no test was run");
    // In the file's order, as validate-rules lists a rules file's errors.
    assertThat(r.err.lines().map(l -> l.replaceFirst("^" + f + ":(\\d+):.*", "$1")).toList())
        .containsExactly("14", "15", "16", "error: 3 problem(s) in the test files; no test was run")
        .inOrder();
  }

  @Test
  public void anEntrysOwnTimestampIsRefusedNotReplacedSilently() throws Exception {
    // Was replaced by start + at without a word: "timestamp: bad" ran as if it were not there.
    Path f =
        testFile(
            "  - name: own time\n"
                + "    input:\n"
                + "      - entry:\n"
                + "          severity: ERROR\n"
                + "          timestamp: bad\n"
                + "          textPayload: boom\n"
                + "    expect: []\n");
    Run r = run(f.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.out).isEmpty();
    assertThat(r.err)
        .contains(
            f
                + ":8:11: test 'own time': entry: timestamp is set by the test (start +"
                + " at, + every for each copy): leave it out and give the entry's offset from"
                + " start as at:");
  }

  @Test
  public void unknownRuleAndBadRulesFileAreInvalid() throws Exception {
    Path f =
        testFile(
            "  - name: unknown rule\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - rule: no-such-rule\n"
                + "        state: FIRING\n");
    Run r = run(f.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err)
        .contains(f + ":14:9: test 'unknown rule': rule 'no-such-rule' is not in rules.yaml");

    // A group key the rule's alerts can never have: refused, not a failure about entries.
    Path g =
        testFile(
            "  - name: wrong key\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - rule: repeated-errors\n"
                + "        state: FIRING\n"
                + "        group: {namespace: shop}\n");
    Run wrongKey = run(g.toString());
    assertThat(wrongKey.code).isEqualTo(2);
    assertThat(wrongKey.err)
        .contains(
            g
                + ":14:9: test 'wrong key': group key 'namespace' is not a groupBy key of rule"
                + " 'repeated-errors' (its keys: service)");

    write("rules.yaml", RULES.replace("threshold: 5", "threshld: 5"));
    Run bad = run(f.toString());
    assertThat(bad.code).isEqualTo(2);
    assertThat(bad.err).contains("rules.yaml:7:5: rule 'repeated-errors': key 'threshld'");
  }

  @Test
  public void entryThatTheParserRejectsIsInvalid() throws Exception {
    Path f =
        testFile(
            "  - name: bad entry\n"
                + "    input:\n"
                + "      - entry: {severity: ERROR, httpRequest: {status: \"not a number\"}}\n"
                + "    expect: []\n");
    Run r = run(f.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains(f + ":6:16: test 'bad entry': entry is not a valid LogEntry");
  }

  @Test
  public void fileInputsAreReadRelativeToTheTestFile() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      lines.append(
          "{\"insertId\":\"r"
              + i
              + "\",\"timestamp\":\"2026-03-02T10:01:0"
              + i
              + "Z\",\"severity\":\"ERROR\",\"resource\":{\"type\":\"cloud_run_revision\","
              + "\"labels\":{\"service_name\":\"cart\"}},\"textPayload\":\"boom\"}\n");
    }
    Files.createDirectories(tmp.getRoot().toPath().resolve("fixtures"));
    write("fixtures/cart.jsonl", lines.toString());
    Path f =
        testFile(
            "  - name: recorded\n"
                + "    input:\n"
                + "      - file: fixtures/cart.jsonl\n"
                + "    expect:\n"
                + "      - rule: repeated-errors\n"
                + "        state: FIRING\n"
                + "        group: {service: cart}\n"
                + "      - rule: repeated-errors\n"
                + "        state: RESOLVED\n");
    Run r = run(f.toString());
    assertThat(r.out).isEqualTo("PASS recorded\n1 passed, 0 failed\n");
  }

  @Test
  public void aRecordingFromGcloudIsAJsonArray() throws Exception {
    // What "gcloud logging read --format=json" prints: one indented array, keys sorted.
    StringBuilder array = new StringBuilder("[\n");
    for (int i = 0; i < 6; i++) {
      array
          .append(i == 0 ? "" : ",\n")
          .append("  {\n    \"insertId\": \"g")
          .append(i)
          .append("\",\n    \"resource\": {\n      \"labels\": {\n        \"service_name\": ")
          .append("\"cart\"\n      },\n      \"type\": \"cloud_run_revision\"\n    },\n")
          .append("    \"severity\": \"ERROR\",\n    \"textPayload\": \"boom\",\n")
          .append("    \"timestamp\": \"2026-03-02T10:01:0")
          .append(i)
          .append("Z\"\n  }");
    }
    write("gcloud.json", array + "\n]\n");
    Path f =
        testFile(
            "  - name: from gcloud\n"
                + "    input: [{file: gcloud.json}]\n"
                + "    expect:\n"
                + "      - {rule: repeated-errors, state: FIRING, group: {service: cart}}\n"
                + "      - {rule: repeated-errors, state: RESOLVED}\n");
    assertThat(run(f.toString()).out).isEqualTo("PASS from gcloud\n1 passed, 0 failed\n");
    // gcloud's default output, YAML documents, is the same recording.
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      yaml.append("---\ninsertId: y")
          .append(i)
          .append("\nresource:\n  labels:\n    service_name: cart\n  type: cloud_run_revision\n")
          .append("severity: ERROR\ntextPayload: boom\ntimestamp: '2026-03-02T10:01:0")
          .append(i)
          .append("Z'\n");
    }
    write("gcloud.json", yaml.toString());
    assertThat(run(f.toString()).out).isEqualTo("PASS from gcloud\n1 passed, 0 failed\n");
    // A broken element is named by the line it starts on.
    write("gcloud.json", array.toString().replace("\"g3\"", "g3") + "\n]\n");
    Run bad = run(f.toString());
    assertThat(bad.code).isEqualTo(2);
    assertThat(bad.err).contains("gcloud.json:38:1: test 'from gcloud': not a valid LogEntry");
    // A YAML document that is not YAML: where in the file, in YAML's words.
    write(
        "gcloud.json",
        yaml.toString()
            .replace(
                "textPayload: boom\ntimestamp: '2026-03-02T10:01:03Z'",
                "textPayload: 'boom\ntimestamp: 2026-03-02T10:01:03Z"));
    Run badYaml = run(f.toString());
    assertThat(badYaml.code).isEqualTo(2);
    assertThat(badYaml.err)
        .contains(
            "gcloud.json:29:1: test 'from gcloud': not a valid LogEntry: invalid YAML at line"
                + " 37, column 1: found unexpected end of stream (while scanning a quoted scalar"
                + " at line 35, column 14)");
  }

  /**
   * A SetIamPolicy audit entry granting roles/owner in a project of {@code principals} principals:
   * the policy in request and response (keys in the alphabetical order of exports), then the
   * binding delta the CIS ownership filter reads.
   */
  static String setIamPolicy(int principals) {
    StringBuilder policy = new StringBuilder("{\"bindings\":[");
    for (int b = 0; b < 5; b++) {
      policy.append(b == 0 ? "" : ",").append("{\"members\":[");
      for (int m = 0; m < principals / 5; m++) {
        policy.append(m == 0 ? "" : ",").append("\"user:u").append(b).append('-').append(m);
        policy.append("@example.com\"");
      }
      policy.append("],\"role\":\"roles/viewer").append(b).append("\"}");
    }
    policy.append("],\"etag\":\"BwYxyz\",\"version\":1}");
    return "{\"insertId\":\"iam-"
        + principals
        + "\",\"logName\":\"projects/shop-prod/logs/cloudaudit.googleapis.com%2Factivity\","
        + "\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\","
        + "\"methodName\":\"SetIamPolicy\",\"request\":{\"policy\":"
        + policy
        + ",\"resource\":\"shop-prod\"},\"resourceName\":\"projects/shop-prod\",\"response\":"
        + policy
        + ",\"serviceData\":{\"policyDelta\":{\"bindingDeltas\":[{\"action\":\"ADD\","
        + "\"member\":\"user:mallory@example.net\",\"role\":\"roles/owner\"}]}},"
        + "\"serviceName\":\"cloudresourcemanager.googleapis.com\"},"
        + "\"resource\":{\"labels\":{\"project_id\":\"shop-prod\"},\"type\":\"project\"},"
        + "\"severity\":\"NOTICE\",\"timestamp\":\"2026-03-02T10:00:30Z\"}\n";
  }

  @Test
  public void rulesSeeTheirFieldsInEntriesWithManyPayloadLeaves() throws Exception {
    // CIS GCP Foundations 2.4: the ownership change is in serviceData, after the policy twice.
    write(
        "cis.yaml",
        "rules:\n"
            + "  - name: cis-2-4-project-ownership\n"
            + "    type: threshold\n"
            + "    threshold: 1\n"
            + "    filter: |-\n"
            + "      (protoPayload.serviceName=\"cloudresourcemanager.googleapis.com\")\n"
            + "      AND (ProjectOwnership OR projectOwnerInvitee)\n"
            + "      OR (protoPayload.serviceData.policyDelta.bindingDeltas.action=\"ADD\"\n"
            + "      AND"
            + " protoPayload.serviceData.policyDelta.bindingDeltas.role=\"roles/owner\")\n");
    write("small.jsonl", setIamPolicy(50));
    write("big.jsonl", setIamPolicy(1500)); // IAM's most; 3,000+ payload leaves
    Path f =
        write(
            "cis.test.yaml",
            "rules: cis.yaml\nstart: 2026-03-02T10:00:00Z\ntests:\n"
                + "  - name: small policy\n"
                + "    input: [{file: small.jsonl}]\n"
                + "    expect: [{rule: cis-2-4-project-ownership, state: FIRING}]\n"
                + "    unexpected: ignore\n"
                + "  - name: policy of 1500 principals\n"
                + "    input: [{file: big.jsonl}]\n"
                + "    expect: [{rule: cis-2-4-project-ownership, state: FIRING}]\n"
                + "    unexpected: ignore\n");
    Run r = run(f.toString());
    assertThat(r.out)
        .isEqualTo("PASS small policy\nPASS policy of 1500 principals\n2 passed, 0 failed\n");
  }

  @Test
  public void junitXmlIsWellFormedWithOneTestcasePerTest() throws Exception {
    Path f =
        testFile(
            "  - name: passes <ok>\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - rule: repeated-errors\n"
                + "        state: FIRING\n"
                + "      - rule: repeated-errors\n"
                + "        state: RESOLVED\n"
                + "  - name: fails & shows \"diff\"\n"
                + ERRORS_INPUT
                + "    expect: []\n");
    Path xml = tmp.getRoot().toPath().resolve("reports/rule-tests.xml");
    Run r = run("--junit=" + xml, f.toString());
    assertThat(r.code).isEqualTo(1);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("testsuites");
    assertThat(root.getAttribute("tests")).isEqualTo("2");
    assertThat(root.getAttribute("failures")).isEqualTo("1");
    assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(2);
    Element second = (Element) doc.getElementsByTagName("testcase").item(1);
    assertThat(second.getAttribute("name")).isEqualTo("fails & shows \"diff\"");
    assertThat(second.getElementsByTagName("failure").item(0).getTextContent())
        .contains("unexpected alert: FIRING   repeated-errors");
  }

  @Test
  public void redeliveredEntriesCountOnce() throws Exception {
    // Four errors, each delivered twice (same insertId and timestamp, as Pub/Sub redelivers): the
    // deployed job counts four, below the threshold of five, so the test must see no alert.
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      String line =
          "{\"insertId\":\"e"
              + i
              + "\",\"timestamp\":\"2026-03-02T10:01:0"
              + i
              + "Z\",\"severity\":\"ERROR\",\"textPayload\":\"Payment gateway timeout\","
              + "\"resource\":{\"type\":\"k8s_container\",\"labels\":{\"namespace_name\":\"shop\","
              + "\"container_name\":\"checkout\"}}}\n";
      lines.append(line).append(line);
    }
    write("redelivered.jsonl", lines.toString());
    Path f =
        testFile(
            "  - name: redeliveries\n"
                + "    input:\n"
                + "      - file: redelivered.jsonl\n"
                + "    expect: []\n");
    Run r = run(f.toString());
    assertThat(r.out).isEqualTo("PASS redeliveries\n1 passed, 0 failed\n");
    assertThat(r.code).isEqualTo(0);
  }

  @Test
  public void expectationsCheckTheAlertsNumbers() throws Exception {
    // Six errors: the FIRING window holds all six, the RESOLVED counts them once.
    String expect =
        "    expect:\n"
            + "      - {rule: repeated-errors, state: FIRING, value: VALUE}\n"
            + "      - {rule: repeated-errors, state: RESOLVED, value: 0,"
            + " incident: {matchingEntries: ENTRIES, peakValue: 6.0, notifications: 1}}\n";
    Path good =
        testFile(
            "  - name: numbers\n"
                + ERRORS_INPUT
                + expect.replace("VALUE", "6").replace("ENTRIES", "6"));
    Run ok = run(good.toString());
    assertThat(ok.out).isEqualTo("PASS numbers\n1 passed, 0 failed\n");
    Path bad =
        testFile(
            "  - name: numbers\n"
                + ERRORS_INPUT
                + expect.replace("VALUE", "5").replace("ENTRIES", "12"));
    Run wrong = run(bad.toString());
    assertThat(wrong.code).isEqualTo(1);
    assertThat(wrong.out).contains("expected 1 × repeated-errors FIRING value 5, got 0");
    assertThat(wrong.out)
        .contains(
            "expected 1 × repeated-errors RESOLVED incident.matchingEntries 12"
                + " incident.notifications 1 incident.peakValue 6.0 value 0, got 0");
    assertThat(wrong.out).contains("incident {matchingEntries 6, peakValue 6, notifications 1,");
  }

  /** A ratio's value as a percentage and a state in lower case, as rules files allow. */
  @Test
  public void percentagesAndLowerCaseStatesAreRead() throws Exception {
    Path f =
        testFile(
            "  - name: ratio\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - {rule: error-share, state: firing, value: '100%'}\n"
                + "      - {rule: error-share, state: Resolved}\n");
    write(
        "rules.yaml",
        "rules:\n"
            + "  - name: error-share\n"
            + "    type: ratio\n"
            + "    filter: 'resource.type=\"k8s_container\"'\n"
            + "    numerator: 'severity>=ERROR'\n"
            + "    threshold: 50%\n"
            + "    window: 5m\n");
    Run r = run(f.toString());
    assertThat(r.err).isEmpty();
    assertThat(r.out).isEqualTo("PASS ratio\n1 passed, 0 failed\n");
    Path off = write("rules.test.yaml", Files.readString(f).replace("'100%'", "'99.9%'"));
    Run wrong = run(off.toString());
    assertThat(wrong.code).isEqualTo(1);
    assertThat(wrong.out).contains("error-share FIRING value 99.9%, got 0");
  }

  @Test
  public void aNumberThatIsNotANumberIsAnError() throws Exception {
    Path f =
        testFile(
            "  - name: numbers\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - {rule: repeated-errors, state: FIRING, value: '6'}\n"
                + "      - {rule: repeated-errors, state: RESOLVED, incident: {matching: 6}}\n");
    Run r = run(f.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err).contains("value: expected a number such as 12, 0.0566 or '5.66%'");
    assertThat(r.err).contains("incident: unknown key 'matching'");
  }

  @Test
  public void commandLineMistakesAreOneErrorLine() {
    Run none = run();
    assertThat(none.code).isEqualTo(2);
    assertThat(none.err).startsWith("error: no test file given");
    Run unknown = run("--junitt=x.xml", "a.yaml");
    assertThat(unknown.code).isEqualTo(2);
    assertThat(unknown.err).isEqualTo("error: unknown option --junitt (did you mean --junit?)\n");
    Run dirFile = run(System.getProperty("java.io.tmpdir"));
    assertThat(dirFile.code).isEqualTo(2);
    assertThat(dirFile.err).contains(": is a directory; give test files");
    assertThat(dirFile.err).endsWith("error: 1 problem(s) in the test files; no test was run\n");
    Run flagValue = run("--verbose=1", "a.yaml");
    assertThat(flagValue.err).isEqualTo("error: --verbose takes no value, got '--verbose=1'\n");
    Run missing = run("/nonexistent/rules.test.yaml");
    assertThat(missing.code).isEqualTo(2);
    assertThat(missing.err).contains("/nonexistent/rules.test.yaml: test file not found");
    // --junit= was "unknown option --junit="; a directory failed only after every test ran.
    Run emptyJunit = run("--junit=", "a.yaml");
    assertThat(emptyJunit.code).isEqualTo(2);
    assertThat(emptyJunit.err).startsWith("error: --junit needs a file name");
    Run dirJunit = run("--junit=" + System.getProperty("java.io.tmpdir"), "a.yaml");
    assertThat(dirJunit.code).isEqualTo(2);
    assertThat(dirJunit.err).contains("is a directory; give a file");
    assertThat(dirJunit.err.strip().lines().count()).isEqualTo(1);
  }

  @Test
  public void aRulesFileGivenForItsTestsIsNamedAsOne() throws Exception {
    // Before: four problems (unknown key 'defaults', rules is not text, start and tests missing).
    Path rules = write("rules.yaml", "defaults:\n  window: 5m\n" + RULES);
    Run r = run(rules.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.err)
        .isEqualTo(
            "error: "
                + rules
                + " looks like a rules file (it has a list of rules and no 'tests:'), not a"
                + " rule-test file: scripts/validate-rules.sh checks a rules file; a rule-test file"
                + " names it in 'rules:' and has 'start:' and 'tests:' (docs/rule-tests.md)\n");
  }

  @Test
  public void anUnwritableReportIsRefusedBeforeTheTestsRun() throws Exception {
    // Before: every test ran, then "cannot write" with the file system's words.
    Path f =
        testFile(
            "  - name: checkout errors fire\n"
                + ERRORS_INPUT
                + "    expect:\n"
                + "      - {rule: repeated-errors, state: FIRING}\n");
    Path file = write("plain-file", "");
    Run r = run("--junit=" + file.resolve("out/report.xml"), f.toString());
    assertThat(r.code).isEqualTo(2);
    assertThat(r.out).isEmpty();
    assertThat(r.err)
        .isEqualTo(
            "error: --junit="
                + file.resolve("out/report.xml")
                + ": "
                + file
                + " is a file, not a folder\n");
    // A report that can be written is not left behind by the check when the run stops early.
    Path report = tmp.getRoot().toPath().resolve("reports/rule-tests.xml");
    Run invalid =
        run("--junit=" + report, write("bad.test.yaml", "rules: rules.yaml\n").toString());
    assertThat(invalid.code).isEqualTo(2);
    assertThat(Files.exists(report)).isFalse();
  }

  @Test
  public void aNewTemplatesFiringIsNotShownAsARenotification() throws Exception {
    // The template's first entry precedes the end of the minute it fires at; that is no earlier
    // notification. An absence rule's second FIRING of one incident is one.
    write(
        "rules.yaml",
        "rules:\n"
            + "  - name: new-errors\n"
            + "    type: new-template\n"
            + "    filter: 'severity>=ERROR'\n"
            + "    learnFor: 10m\n"
            + "  - name: heartbeat-missing\n"
            + "    type: absence\n"
            + "    filter: 'textPayload:heartbeat'\n"
            + "    expectWithin: 5m\n"
            + "    suppressFor: 10m\n");
    Path f =
        write(
            "rules.test.yaml",
            "rules: rules.yaml\nstart: 2026-03-02T10:00:00Z\ntests:\n"
                + "  - name: nothing expected\n"
                + "    input:\n"
                + "      - entry: {severity: ERROR, textPayload: 'Redis timeout after 1503 ms'}\n"
                + "      - entry: {severity: ERROR, textPayload: 'Order 81000 has no address'}\n"
                + "        at: 20m30s\n"
                + "      - entry: {textPayload: heartbeat}\n"
                + "      - entry: {textPayload: heartbeat}\n"
                + "        at: 30m\n"
                + "    expect: []\n");
    Run r = run(f.toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out)
        .containsMatch(
            "2026-03-02T10:20:00Z – 2026-03-02T10:21:00Z  value 1 +threshold 1 +met +→ FIRING"
                + " +new");
    assertThat(r.out)
        .containsMatch("T10:05:00Z  value 300 +threshold 300 +met +→ FIRING +heartbeat-missing");
    assertThat(r.out)
        .containsMatch("T10:15:00Z  value 900 +threshold 300 +met +→ FIRING \\(re-notification\\)");
  }
}
