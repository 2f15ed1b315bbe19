package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A BigQuery audit entry without a job kind ({@code InsertJob}, the samples' shape without {@code
 * metadata}) is a row apart from the kinded ones ({@code InsertJob QUERY}, Google's documented
 * {@code jobChange} entry): its suggested exclusion pins the kind's absence, as it took the query
 * jobs' entries too (34 in {@link BundledSampleExclusionsTest}'s measurement).
 */
@RunWith(JUnit4.class)
public class BigQueryJobKindExclusionTest {
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  private LogEvent parse(String json) throws Exception {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private String exclusion(LogEvent e) {
    KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
    NoisyEntry row = kv.getValue();
    return SuggestedExclusion.build(kv.getKey(), row.template(), row.messageField(), row.message());
  }

  @Test
  public void aJobWithoutAKindDoesNotTakeTheQueryJobs() throws Exception {
    String query;
    try (InputStream in =
        getClass().getResourceAsStream("/families/documented/bigquery-job-done-query.json")) {
      query = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode entry =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(query);
    ((com.fasterxml.jackson.databind.node.ObjectNode) entry.get("protoPayload")).remove("metadata");
    String bare = json.writeValueAsString(entry);
    assertThat(bare).doesNotContain("jobChange");
    LogEvent kinded = parse(query);
    LogEvent kindless = parse(bare);
    assertThat(kinded.message()).isEqualTo("google.cloud.bigquery.v2.JobService.InsertJob QUERY");
    assertThat(kindless.message()).isEqualTo("google.cloud.bigquery.v2.JobService.InsertJob");
    CompiledFilter kindlessRow = Filter.compile(exclusion(kindless));
    assertThat(kindlessRow.test(kindless)).isTrue();
    assertThat(kindlessRow.test(kinded)).isFalse();
    CompiledFilter queryRow = Filter.compile(exclusion(kinded));
    assertThat(queryRow.test(kinded)).isTrue();
    assertThat(queryRow.test(kindless)).isFalse();
  }
}
