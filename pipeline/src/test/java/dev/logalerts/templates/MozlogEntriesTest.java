package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.values.KV;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Mozilla's mozlog format (its services run on GKE): no message key, the record's kind under {@code
 * Type} and its data under {@code Fields}. Taskcluster's worker-manager entries are the shapes of
 * its published log schema (https://docs.taskcluster.net, "Worker-Manager Log Schema"); Python's
 * dockerflow formatter writes the logger's name under {@code Type} and the message under {@code
 * Fields.msg} (mozilla-services/python-dockerflow, {@code MozlogFormatter.convert_record}).
 */
@RunWith(JUnit4.class)
public class MozlogEntriesTest {
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  private List<LogEvent> taskcluster() throws Exception {
    List<LogEvent> events = new ArrayList<>();
    try (InputStream in =
        getClass().getResourceAsStream("/templates/mozlog/taskcluster-worker-manager.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        events.add(parser.parse(line.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return events;
  }

  /** Each kind of event is its own template, and its exclusion removes that kind only. */
  @Test
  public void eachTypeIsItsOwnTemplateAndExclusion() throws Exception {
    List<LogEvent> events = taskcluster();
    List<String> templates = new ArrayList<>();
    List<String> exclusions = new ArrayList<>();
    for (LogEvent e : events) {
      KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
      NoisyEntry entry = kv.getValue();
      templates.add(entry.template());
      exclusions.add(
          SuggestedExclusion.build(
              kv.getKey(), entry.template(), entry.messageField(), entry.message()));
    }
    assertThat(templates)
        .containsExactly(
            "Type: monitor.periodic {EnvVersion, Fields, Hostname, Logger, …}",
            "Type: worker-removed {EnvVersion, Fields, Hostname, Logger, …}",
            // Fields.message is the message where the event has one.
            "Request failed with status code 5xx",
            "Type: monitor.apiMethod {EnvVersion, Fields, Hostname, Logger, …}")
        .inOrder();
    for (int i = 0; i < events.size(); i++) {
      var exclusion = Filter.compile(exclusions.get(i));
      for (int j = 0; j < events.size(); j++) {
        assertWithMessage(exclusions.get(i)).that(exclusion.test(events.get(j))).isEqualTo(i == j);
      }
    }
    assertThat(exclusions.get(1)).contains("jsonPayload.Type=\"worker-removed\"");
  }

  @Test
  public void dockerflowsFieldsMsgIsTheMessage() throws Exception {
    String json =
        "{\"jsonPayload\":{\"Timestamp\":1733565600000000000,\"Type\":\"shop.orders\","
            + "\"Logger\":\"shop\",\"Hostname\":\"orders-7d9f\",\"EnvVersion\":\"2.0\","
            + "\"Severity\":6,\"Pid\":7,\"Fields\":{\"order\":42,\"msg\":\"Order 42 shipped\"}},"
            + "\"resource\":{\"type\":\"k8s_container\",\"labels\":{\"namespace_name\":\"shop\","
            + "\"container_name\":\"orders\"}},\"severity\":\"INFO\","
            + "\"logName\":\"projects/p/logs/stdout\",\"timestamp\":\"2026-12-07T10:00:00Z\"}";
    LogEvent e = parser.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(e.message()).isEqualTo("Order 42 shipped");
    assertThat(keyFn.apply(MatchedEvent.of(e, "test", List.of())).getValue().template())
        .isEqualTo("Order <*> shipped");
  }
}
