package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

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
 * Names Kubernetes and Cloud Run generate with a random suffix of consonants and digits: a suffix
 * without a digit kept the name as a word, so each such pod or job execution was a template (and a
 * noisy-log row, and a "new template") of its own.
 */
@RunWith(JUnit4.class)
public class GeneratedNameLinesTest {
  private final TemplateMiner miner = new TemplateMiner();
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  /**
   * A Cloud Run job's system log when an execution fails. The execution {@code migrate-vnttt} of
   * job {@code migrate} and its task's line are from
   * https://github.com/googlecodelabs/feedback/issues/1369; the execution line is Cloud Run's
   * "Execution … has failed to complete, 0/1 tasks were a success." for that execution.
   */
  private static String jobSystemLog(String execution, String text) {
    return "{\"textPayload\":\""
        + text
        + "\",\"insertId\":\"1a2b3c\",\"resource\":{\"type\":\"cloud_run_job\",\"labels\":"
        + "{\"job_name\":\"migrate\",\"location\":\"us-central1\",\"project_id\":\"django-demo\"}},"
        + "\"timestamp\":\"2024-03-04T10:00:00.123456Z\",\"severity\":\"ERROR\",\"labels\":"
        + "{\"run.googleapis.com/execution_name\":\""
        + execution
        + "\"},\"logName\":\"projects/django-demo/logs/run.googleapis.com%2Fvarlog%2Fsystem\"}";
  }

  private KV<NoisyKey, NoisyEntry> row(String json) throws Exception {
    LogEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    return keyFn.apply(MatchedEvent.of(e, "test", List.of()));
  }

  @Test
  public void cloudRunExecutionWithoutDigitIsNoRowOfItsOwn() throws Exception {
    KV<NoisyKey, NoisyEntry> vnttt =
        row(
            jobSystemLog(
                "migrate-vnttt",
                "Execution migrate-vnttt has failed to complete, 0/1 tasks were a success."));
    KV<NoisyKey, NoisyEntry> x7k2p =
        row(
            jobSystemLog(
                "migrate-x7k2p",
                "Execution migrate-x7k2p has failed to complete, 0/1 tasks were a success."));
    assertThat(vnttt.getValue().template())
        .isEqualTo("Execution <*> has failed to complete, <*> tasks were a success.");
    assertThat(vnttt.getKey()).isEqualTo(x7k2p.getKey());
    assertThat(vnttt.getKey().service()).isEqualTo("migrate");
    assertThat(vnttt.getKey().severity().name()).isEqualTo("ERROR");
    KV<NoisyKey, NoisyEntry> task =
        row(
            jobSystemLog(
                "migrate-vnttt",
                "Task migrate-vnttt-task0 failed with message: The container exited with an"
                    + " error."));
    assertThat(task.getValue().template())
        .isEqualTo("Task <*> failed with message: The container exited with an error.");
  }

  /** A pod of a Deployment or Job (Kubernetes' rand alphabet) in a kubelet or controller line. */
  @Test
  public void podNamesWithoutDigitAreMasked() {
    assertThat(miner.templateOf("Killing pod checkout-bdfkqmzt-xqzvw"))
        .isEqualTo(miner.templateOf("Killing pod checkout-7d9f8b6c5-x2x7q"));
    assertThat(miner.templateOf("Started container web in pod web-xqzvw"))
        .isEqualTo("Started container web in pod <*>");
  }

  /**
   * A pod named with its namespace, as the scheduler's event and Kubernetes' controllers write it:
   * "Successfully assigned realoq-services/realoq-listings-frontend-5854f77547-f57lk to
   * realoq-dev-np-7x9oy" (https://github.com/vercel/next.js/issues/41280). A pod whose generated
   * parts have no digit (about one in five) kept the name as a word: after each rollout, a new
   * template (and a new-template alert) for such pods.
   */
  @Test
  public void namespacedPodNamesWithoutDigitAreMasked() {
    String withDigits =
        miner.templateOf(
            "Successfully assigned realoq-services/realoq-listings-frontend-5854f77547-f57lk to"
                + " realoq-dev-np-7x9oy");
    assertThat(withDigits).isEqualTo("Successfully assigned <*> to <*>");
    assertThat(
            miner.templateOf(
                "Successfully assigned realoq-services/realoq-listings-frontend-fbdbvhxqw-zbnkx"
                    + " to realoq-dev-np-7x9oy"))
        .isEqualTo(withDigits);
    assertThat(miner.templateOf("Deleted pod: web/dashboard-fbdbvhxqw-zbnkx"))
        .isEqualTo(miner.templateOf("Deleted pod: web/dashboard-6d9f8b7c5-k2x9q"));
  }

  /** Names that only end like one stay: a word with a vowel, or a rule named for https. */
  @Test
  public void wordsThatOnlyLookGeneratedStay() {
    assertThat(miner.templateOf("Created firewall rule allow-egress-https"))
        .isEqualTo("Created firewall rule allow-egress-https");
    assertThat(miner.templateOf("upgrade to self-check")).isEqualTo("upgrade to self-check");
    assertThat(miner.templateOf("Back-off restarting failed container"))
        .isEqualTo("Back-off restarting failed container");
  }
}
