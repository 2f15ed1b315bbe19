package dev.logalerts.local;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.alerting.EvaluateRules;
import dev.logalerts.parse.ParseLogEntries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/** The summary's entry accounting: entries parsed without some payload leaves are shown. */
@RunWith(JUnit4.class)
public class RunSummaryTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private String render(Map<String, Long> counters) throws Exception {
    Path dir = tmp.newFolder().toPath();
    Files.createDirectories(dir.resolve("alerts"));
    return new RunSummary(counters, dir).render();
  }

  @Test
  public void entriesStampedAheadOfTheirReceiptAreShown() throws Exception {
    String some =
        render(
            Map.of(
                "entries_read",
                246L,
                "entries_parsed",
                246L,
                "entries_deadlettered",
                0L,
                EvaluateRules.AHEAD_OF_RECEIPT_COUNTER,
                126L));
    assertThat(some)
        .contains(
            "  ahead of receipt             126  (stamped over a minute after Cloud Logging"
                + " received them: a writer's clock runs ahead; time ends at their receipt)\n"
                + "  (read = parsed + dead-lettered)\n");
    assertThat(render(Map.of("entries_read", 1L, "entries_parsed", 1L)))
        .doesNotContain("ahead of receipt");
  }

  @Test
  public void truncatedPayloadsAreShownWithTheParseCounters() throws Exception {
    String none =
        render(Map.of("entries_read", 10L, "entries_parsed", 10L, "entries_deadlettered", 0L));
    assertThat(none).doesNotContain("payloads truncated");
    assertThat(none).doesNotContain("WARNING");

    String some =
        render(
            Map.of(
                "entries_read",
                10L,
                "entries_parsed",
                10L,
                "entries_deadlettered",
                0L,
                ParseLogEntries.PAYLOADS_TRUNCATED,
                3L));
    assertThat(some)
        .contains(
            "  (read = parsed + dead-lettered)\n"
                + "  payloads truncated             3  (over maxPayloadLeaves; the fields rules"
                + " read were kept)\n");
    assertThat(some).doesNotContain("WARNING");

    String lost =
        render(
            Map.of(
                "entries_read",
                10L,
                "entries_parsed",
                10L,
                "entries_deadlettered",
                0L,
                ParseLogEntries.PAYLOADS_TRUNCATED,
                3L,
                ParseLogEntries.PAYLOADS_TRUNCATED_ON_RULE_PATHS,
                1L));
    assertThat(lost)
        .contains(
            "  WARNING: 1 entries had more than 50,000 leaves in the fields the rules read; the"
                + " rest were not kept, so a rule may have missed them\n");
  }

  @Test
  public void emptyInputIsWarnedOf() throws Exception {
    String out =
        render(Map.of("entries_read", 0L, "entries_parsed", 0L, "entries_deadlettered", 0L));
    assertThat(out)
        .contains(
            "  (read = parsed + dead-lettered)\n  WARNING: no entry read: the files matched are"
                + " empty");
    assertThat(render(Map.of("entries_read", 1L, "entries_parsed", 1L, "entries_deadlettered", 0L)))
        .doesNotContain("no entry read");
  }

  @Test
  public void aCompressedFileCutShortIsWarnedOf() throws Exception {
    String out =
        render(
            Map.of(
                "entries_read",
                11L,
                "entries_parsed",
                10L,
                "entries_deadlettered",
                1L,
                "deadletter_unreadable_file",
                1L));
    assertThat(out)
        .contains(
            "  dead-letter reasons: unreadable_file 1\n"
                + "  WARNING: 1 file could not be read, or not to the end (compressed data cut"
                + " short or damaged,\n  a tar archive): entries are missing; deadletter/ has an"
                + " unreadable_file row per file, saying why\n");
  }

  @Test
  public void aFileOfNoEntriesSaysWhatInputIsExpected() throws Exception {
    String none =
        render(
            Map.of(
                "entries_read",
                2L,
                "entries_parsed",
                0L,
                "entries_deadlettered",
                2L,
                "deadletter_invalid_json",
                2L));
    assertThat(none).contains("  dead-letter reasons: invalid_json 2\n  no entry parsed:");
    String some =
        render(
            Map.of(
                "entries_read",
                3L,
                "entries_parsed",
                1L,
                "entries_deadlettered",
                2L,
                "deadletter_invalid_json",
                2L));
    assertThat(some).doesNotContain("no entry parsed");
  }

  @Test
  public void unreadableResponseTimesAreWarnedOfPerRule() throws Exception {
    String out =
        render(
            Map.of(
                "entries_read",
                5L,
                "entries_parsed",
                5L,
                "entries_deadlettered",
                0L,
                "latency_unreadable_slow-orders",
                2L,
                "latency_unreadable_slow-go",
                0L));
    assertThat(out)
        .contains(
            "  WARNING: rule 'slow-orders': 2 matching entries had a response-time field that is"
                + " neither a duration nor a number of 0 or more; they were not counted\n");
    assertThat(out).doesNotContain("slow-go");
  }

  @Test
  public void theOutputLineNamesEveryDirectoryTheRunWrites() throws Exception {
    // alerts_silenced/ was left out, though the run writes it and README lists it.
    assertThat(render(Map.of("entries_read", 1L, "entries_parsed", 1L)))
        .contains("/{alerts,alerts_silenced,noisy_logs,deadletter}/");
  }

  @Test
  public void aRulesReNotificationsAreNotCountedAsIncidents() throws Exception {
    // A late daily job re-notified hourly: 5 FIRINGs of 2 incidents read like 5 outages.
    Path dir = tmp.newFolder().toPath();
    Files.createDirectories(dir.resolve("alerts"));
    StringBuilder rows = new StringBuilder();
    for (String id : new String[] {"a", "a", "a", "b", "b"}) {
      rows.append("{\"rule\":\"refresh-stalled\",\"state\":\"FIRING\",\"alertId\":\"")
          .append(id)
          .append("\"}\n");
    }
    rows.append("{\"rule\":\"refresh-stalled\",\"state\":\"RESOLVED\",\"alertId\":\"a\"}\n");
    rows.append("{\"rule\":\"errors\",\"state\":\"FIRING\",\"alertId\":\"c\"}\n");
    Files.writeString(dir.resolve("alerts/part-0.json"), rows);
    String out = new RunSummary(Map.of("entries_read", 1L, "entries_parsed", 1L), dir).render();
    assertThat(out)
        .containsMatch(
            "refresh-stalled +FIRING +5 +RESOLVED +1 +\\(2 incident\\(s\\); the other FIRINGs"
                + " re-notify\\)\n");
    assertThat(out).containsMatch("errors +FIRING +1 +RESOLVED +0\n");
  }
}
