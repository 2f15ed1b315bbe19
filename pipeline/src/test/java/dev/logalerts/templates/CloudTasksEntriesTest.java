package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Cloud Tasks' task operations log on a real entry ({@code
 * families/exports/cloud-tasks-attempt-unknown-localhost.json}, an attempt answered {@code
 * UNKNOWN}): each row's suggested exclusion takes what its template shows and no more. A queue with
 * logging on writes four operations to that log (CreateTask, DeleteTask, AttemptDispatch,
 * AttemptResponse: https://cloud.google.com/tasks/docs/logging), each under its own key ({@code
 * taskCreationLog}, {@code attemptDispatchLog}, {@code attemptResponseLog}), and only a response
 * has a status.
 */
@RunWith(JUnit4.class)
public class CloudTasksEntriesTest {
  private static final String FIXTURE =
      "/families/exports/cloud-tasks-attempt-unknown-localhost.json";

  private final TextLineKeys keys = new TextLineKeys();

  private static CompiledFilter exclusion(KV<NoisyKey, NoisyEntry> kv) {
    return Filter.compile(TextLineKeys.exclusion(kv));
  }

  /** The template names the target's method; so does the exclusion: GET attempts are not taken. */
  @Test
  public void anAttemptsExclusionKeepsTheOtherMethod() throws Exception {
    String json = TextLineKeys.resource(FIXTURE);
    LogEvent post = keys.parse(json);
    LogEvent get = keys.parse(json.replace("\"POST http://", "\"GET http://"));
    KV<NoisyKey, NoisyEntry> postRow = keys.row(post);
    assertThat(postRow.getValue().template()).isEqualTo("Cloud Tasks attempt UNKNOWN POST");
    assertThat(keys.row(get).getValue().template()).isEqualTo("Cloud Tasks attempt UNKNOWN GET");
    CompiledFilter f = exclusion(postRow);
    assertThat(f.test(post)).isTrue();
    assertThat(f.test(get)).isFalse();
  }

  /**
   * A dispatch (no response status) is the row {@code Cloud Tasks attempt -}, whose exclusion must
   * not take the queue's responses: they share its severity once a response is OK.
   */
  @Test
  public void aDispatchRowsExclusionKeepsTheResponses() throws Exception {
    String json =
        TextLineKeys.resource(FIXTURE).replace("\"severity\":\"ERROR\"", "\"severity\":\"INFO\"");
    LogEvent ok = keys.parse(json.replace("\"status\":\"UNKNOWN\"", "\"status\":\"OK\""));
    // The dispatch of the same attempt: its fields under attemptDispatchLog, no status.
    LogEvent dispatch =
        keys.parse(
            json.replace("\"attemptResponseLog\"", "\"attemptDispatchLog\"")
                .replace(",\"status\":\"UNKNOWN\"", ""));
    KV<NoisyKey, NoisyEntry> dispatchRow = keys.row(dispatch);
    assertThat(dispatchRow.getValue().template()).isEqualTo("Cloud Tasks attempt -");
    assertThat(dispatchRow.getKey().severity()).isEqualTo(keys.row(ok).getKey().severity());
    CompiledFilter f = exclusion(dispatchRow);
    assertThat(f.test(dispatch)).isTrue();
    assertThat(f.test(ok)).isFalse();
  }
}
