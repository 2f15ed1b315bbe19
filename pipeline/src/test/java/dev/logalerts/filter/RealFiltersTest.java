package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoderSamplesTest;
import dev.logalerts.parse.LogEntryParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Filters written by Cloud Logging users in public repositories ({@code filter/real-filters.tsv}:
 * log-based metrics, sinks, exclusions, gcloud commands, runbooks, CIS baselines): each one that is
 * valid in its source compiles, prints a canonical form that compiles to itself, and evaluates on
 * real entries without an exception; each one broken in its source is refused with the error the
 * row names.
 */
@RunWith(JUnit4.class)
public class RealFiltersTest {

  /** One row: "accept" or "reject: error part", the repository, the path, the filter. */
  private static final class Row {
    final String expect;
    final String repository;
    final String where;
    final String filter;

    Row(String line) {
      String[] cols = line.split("\t", 4);
      assertWithMessage("columns in %s", line).that(cols.length).isEqualTo(4);
      expect = cols[0];
      repository = cols[1];
      where = cols[1] + "/" + cols[2];
      filter = cols[3].replace("⏎", "\n");
    }

    boolean accept() {
      return expect.equals("accept");
    }
  }

  private static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    try (InputStream in = RealFiltersTest.class.getResourceAsStream("/filter/real-filters.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          rows.add(new Row(line));
        }
      }
    }
    return rows;
  }

  @Test
  public void validFiltersCompileToAStableCanonicalForm() throws IOException {
    List<Row> rows = rows();
    assertThat(rows.size()).isAtLeast(350);
    Set<String> repositories = new HashSet<>();
    List<String> faults = new ArrayList<>();
    for (Row row : rows) {
      repositories.add(row.repository);
      if (!row.accept()) {
        continue;
      }
      try {
        String canonical = Filter.compile(row.filter).toString();
        if (!Filter.compile(canonical).toString().equals(canonical)) {
          faults.add(row.where + ": canonical form not stable: " + canonical);
        }
      } catch (FilterSyntaxException e) {
        faults.add(row.where + ": " + e.getMessage() + "\n  " + row.filter);
      }
    }
    assertThat(repositories.size()).isAtLeast(75);
    assertWithMessage("real filters refused").that(faults).isEmpty();
  }

  /**
   * The real filters with a lower-case {@code and}, {@code or} or {@code not} (a word Cloud Logging
   * searches for, not an operator), which validate-rules and the launch log point out: each of
   * these only matches entries that contain the text "and".
   */
  @Test
  public void realFiltersWithALowerCaseOperatorAreFound() throws IOException {
    List<String> found = new ArrayList<>();
    for (Row row : rows()) {
      if (row.accept() && !Filter.operatorLikeWords(row.filter).isEmpty()) {
        found.add(row.where + ": " + Filter.operatorLikeWords(row.filter));
      }
    }
    assertThat(found)
        .containsExactly(
            "GoogleCloudPlatform/cloud-foundation-fabric/fast/stages/0-bootstrap/variables.tf:"
                + " ['and' at position 57]",
            "turbot/steampipe-plugin-gcp/docs/tables/gcp_logging_log_entry.md:"
                + " ['and' at position 32]",
            "turbot/steampipe-plugin-gcp/docs/tables/gcp_logging_log_entry.md:"
                + " ['and' at position 32]",
            "https://github.com/GoogleCloudPlatform/cloud-foundation-fabric/issues/1777/-:"
                + " ['and' at position 58]");
  }

  /**
   * The real filters with typographic quotes (pasted from a web page), which validate-rules and the
   * launch log point out: the quote characters are part of the value, so these never match.
   */
  @Test
  public void realFiltersWithTypographicQuotesAreFound() throws IOException {
    List<String> found = new ArrayList<>();
    for (Row row : rows()) {
      if (row.accept() && !Filter.typographicQuotes(row.filter).isEmpty()) {
        found.add(row.where + ": " + Filter.typographicQuotes(row.filter));
      }
    }
    String page =
        "https://cloudwebschool.com/docs/gcp/monitoring-and-observability/structured-logging//-";
    assertThat(found)
        .containsExactly(
            page + ": ['“/api/checkout”' at position 22]", page + ": ['“u-123”' at position 21]");
  }

  /**
   * The real filters the launch notes of {@link Filter#valueNotes} point out: 19 compare timestamp
   * or receiveTimestamp with a fixed time (investigations pasted from the Logs Explorer and
   * Google's own examples: as a rule's filter, each stops matching or stops filtering once its time
   * has passed); none writes a severity alias such as WARN, which Cloud Logging would not convert.
   */
  @Test
  public void realFiltersWithFixedTimesOrSeverityAliasesAreFound() throws IOException {
    List<String> fixed = new ArrayList<>();
    List<String> aliases = new ArrayList<>();
    for (Row row : rows()) {
      if (!row.accept()) {
        continue;
      }
      ValueNotes notes = Filter.valueNotes(row.filter);
      if (!notes.fixedTimes().isEmpty()) {
        fixed.add(row.where + ": " + notes.fixedTimes());
      }
      if (!notes.severityAliases().isEmpty()) {
        aliases.add(row.where + ": " + notes.severityAliases());
      }
    }
    assertThat(fixed).hasSize(19);
    assertThat(fixed)
        .contains(
            "https://cloud.google.com/logging/docs/view/logging-query-language/-:"
                + " [timestamp>\"2016-11-29\" at position 13]");
    assertThat(aliases).isEmpty();
  }

  @Test
  public void filtersBrokenInTheirSourceAreRefusedWithTheirError() throws IOException {
    int rejected = 0;
    for (Row row : rows()) {
      if (row.accept()) {
        continue;
      }
      rejected++;
      String part = row.expect.substring("reject: ".length());
      try {
        Filter.compile(row.filter);
        throw new AssertionError(row.where + " was accepted: " + row.filter);
      } catch (FilterSyntaxException e) {
        assertWithMessage(row.where).that(e.getMessage()).contains(part);
      }
    }
    assertThat(rejected).isEqualTo(15);
  }

  @Test
  public void validFiltersEvaluateOnRealEntriesWithoutError() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    List<LogEvent> events = new ArrayList<>();
    for (String line :
        Files.readAllLines(LogEventCoderSamplesTest.samples(), StandardCharsets.UTF_8)) {
      events.add(parser.parse(line.getBytes(StandardCharsets.UTF_8)));
    }
    try (InputStream in =
        RealFiltersTest.class.getResourceAsStream("/families/opsagent/entries.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        events.add(parser.parse(line.getBytes(StandardCharsets.UTF_8)));
      }
    }
    int matching = 0;
    for (Row row : rows()) {
      if (row.accept()) {
        CompiledFilter f = Filter.compile(row.filter);
        boolean any = false;
        for (LogEvent e : events) {
          any |= f.test(e);
        }
        matching += any ? 1 : 0;
      }
    }
    // The samples are one shop's logs: a share of the filters find something in them.
    assertThat(matching).isAtLeast(30);
  }
}
