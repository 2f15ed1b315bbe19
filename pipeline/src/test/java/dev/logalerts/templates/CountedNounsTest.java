package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * A count's noun is singular after "1" only, so one log call wrote two templates ("failed <*> time
 * consecutively", "failed <*> times consecutively"): one row per form. Real lines of programs that
 * write both forms from one call (the source of each is named where it is used).
 */
@RunWith(JUnit4.class)
public class CountedNounsTest {
  private final TemplateMiner miner = new TemplateMiner();
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  // Cloud Run's system log on a revision whose container never listened: the entry as pasted in
  // https://github.com/1Password/scim-examples/issues/309 (instanceId shortened). Cloud Run writes
  // the count of failed probes, "3 times" when the probe's failureThreshold is 3
  // (https://cloud.google.com/run/docs/configuring/healthchecks).
  private static final String PROBE_FAILED_ONCE =
      "{\"textPayload\":\"Default STARTUP TCP probe failed 1 time consecutively for container"
          + " \\\"scim\\\" on port 3002. The instance was not started.\","
          + "\"insertId\":\"66546baa000ef654df0930ba\",\"resource\":{\"type\":\"cloud_run_revision\","
          + "\"labels\":{\"configuration_name\":\"op-scim-bridge\",\"location\":\"us-central1\","
          + "\"project_id\":\"one-password-bridge-400219\","
          + "\"revision_name\":\"op-scim-bridge-00002-q79\",\"service_name\":\"op-scim-bridge\"}},"
          + "\"timestamp\":\"2024-05-27T11:16:58.980564Z\",\"severity\":\"ERROR\","
          + "\"labels\":{\"instanceId\":\"00f46b92854f18f9553ea62640ce1707\","
          + "\"container_name\":\"scim\"},\"logName\":\"projects/one-password-bridge-400219/logs/"
          + "run.googleapis.com%2Fvarlog%2Fsystem\","
          + "\"receiveTimestamp\":\"2024-05-27T11:16:58.986717572Z\"}";
  private static final String PROBE_FAILED_THRICE =
      PROBE_FAILED_ONCE.replace("failed 1 time ", "failed 3 times ");

  private KV<NoisyKey, NoisyEntry> row(String json) throws Exception {
    LogEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    return keyFn.apply(MatchedEvent.of(e, "test", List.of()));
  }

  private String exclusion(KV<NoisyKey, NoisyEntry> kv) {
    NoisyEntry entry = kv.getValue();
    return SuggestedExclusion.build(
        kv.getKey(), entry.template(), entry.messageField(), entry.message());
  }

  @Test
  public void cloudRunProbeFailureIsOneRowWhateverTheCount() throws Exception {
    KV<NoisyKey, NoisyEntry> once = row(PROBE_FAILED_ONCE);
    KV<NoisyKey, NoisyEntry> thrice = row(PROBE_FAILED_THRICE);
    assertThat(once.getValue().template())
        .isEqualTo(
            "Default STARTUP TCP probe failed <*> times consecutively for container \"<*>\" on"
                + " port <*>. The instance was not started.");
    assertThat(once.getKey()).isEqualTo(thrice.getKey());
    assertThat(once.getValue().template()).isEqualTo(thrice.getValue().template());
    assertThat(once.getKey().service()).isEqualTo("op-scim-bridge");
    assertThat(once.getKey().severity().name()).isEqualTo("ERROR");
    // Whichever entry is the row's sample, its suggested exclusion matches both forms.
    LogEvent onceEvent = parser.parse(PROBE_FAILED_ONCE.getBytes(StandardCharsets.UTF_8));
    LogEvent thriceEvent = parser.parse(PROBE_FAILED_THRICE.getBytes(StandardCharsets.UTF_8));
    for (String query : List.of(exclusion(once), exclusion(thrice))) {
      assertWithMessage(query).that(query).contains("consecutively for container");
      assertWithMessage(query).that(Filter.compile(query).test(onceEvent)).isTrue();
      assertWithMessage(query).that(Filter.compile(query).test(thriceEvent)).isTrue();
    }
  }

  /**
   * The probe's success line ("STARTUP TCP probe succeeded after 1 attempt", quoted from a Cloud
   * Run revision's log in https://github.com/byadsco/meta-ads-mcp/pull/143).
   */
  @Test
  public void cloudRunProbeSuccessCountsAttempts() {
    String once = "STARTUP TCP probe succeeded after 1 attempt";
    assertThat(miner.templateOf(once)).isEqualTo("STARTUP TCP probe succeeded after <*> attempts");
    assertThat(miner.mine(once).templateId())
        .isEqualTo(miner.mine("STARTUP TCP probe succeeded after 4 attempts").templateId());
  }

  /**
   * Programs whose one format call writes both forms: Python's unittest runner ("Ran %d test%s in
   * %.3fs", https://github.com/python/cpython/blob/main/Lib/unittest/runner.py), npm's summary
   * ("added 1 package", https://github.com/npm/cli/blob/latest/lib/utils/reify-output.js, seen in
   * Cloud Build steps), psql's row count ("(1 row)"), and waits and retries in seconds.
   */
  @Test
  public void countsAfterOneTakeThePluralOfOtherCounts() {
    assertThat(miner.templateOf("Ran 1 test in 0.000s")).isEqualTo("Ran <*> tests in <*>");
    assertThat(miner.templateOf("Ran 12 tests in 0.312s")).isEqualTo("Ran <*> tests in <*>");
    assertThat(miner.templateOf("added 1 package, and audited 2 packages in 1s"))
        .isEqualTo(miner.templateOf("added 57 packages, and audited 58 packages in 3s"));
    assertThat(miner.templateOf("(1 row)")).isEqualTo("(<*> rows)");
    assertThat(miner.templateOf("Database not ready. Retrying in 1 second..."))
        .isEqualTo("Database not ready. Retrying in <*> seconds...");
    assertThat(miner.templateOf("1 retry left")).isEqualTo("<*> retries left");
  }

  /** A singular after any other value, or a word that is no counted noun, stays as it was. */
  @Test
  public void onlyCountedNounsAfterOneChange() {
    assertThat(miner.templateOf("job 4711 error: boom")).isEqualTo("job <*> error: boom");
    assertThat(miner.templateOf("worker 1 exited")).isEqualTo("worker <*> exited");
    // A 1 that numbers one of those nouns names it: "Worker 2 task" keeps its singular too.
    assertThat(miner.templateOf("Worker 1 task failed"))
        .isEqualTo(miner.templateOf("Worker 2 task failed"));
    assertThat(miner.templateOf("node 1 error: disk full")).isEqualTo("node <*> error: disk full");
    assertThat(miner.templateOf("took 0.1 second")).isEqualTo("took <*> second");
    // A noun written with its plural ending in parentheses has both forms already.
    assertThat(miner.templateOf("Query returned 1 row(s)")).isEqualTo("Query returned <*> row(s)");
    assertThat(miner.templateOf("v1 error happened")).isEqualTo("v1 error happened");
    assertThat(miner.templateOf("Container called exit(1)."))
        .isEqualTo("Container called exit(1).");
  }
}
