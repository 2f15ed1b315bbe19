package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Messages and noisy-log templates of the entries Google's Ops Agent writes for the third-party
 * applications of VMs (Apache, nginx, MySQL, PostgreSQL, MongoDB, RabbitMQ, Redis, Kafka, Tomcat,
 * Windows event log…): {@code families/opsagent/entries.jsonl}, the agent's own transformation-test
 * goldens in exported form (see the README there). Nothing in the miner was tuned on them before
 * they were added; the faults they showed are the exact expectations below.
 */
@RunWith(JUnit4.class)
public class OpsAgentEntriesTest {
  private static final Map<String, Result> RESULTS = new LinkedHashMap<>();

  /** What the noisy-log account makes of one entry. */
  private static final class Result {
    final String message;
    final String template;

    Result(String message, String template) {
      this.message = message;
      this.template = template;
    }
  }

  @BeforeClass
  public static void parseAll() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    NoisyLogs.TemplateKeyFn keyFn = new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());
    ObjectMapper json = new ObjectMapper();
    for (String line : read("/families/opsagent/entries.jsonl").split("\n")) {
      String id = json.readTree(line).get("insertId").asText();
      LogEvent e = parser.parse(line.getBytes(StandardCharsets.UTF_8));
      KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
      RESULTS.put(id, new Result(e.message(), kv.getValue().template()));
    }
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = OpsAgentEntriesTest.class.getResourceAsStream(resource)) {
      assertWithMessage("resource %s", resource).that(in).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  public void everyEntryParsesToAMessageAndATemplateWithText() {
    assertThat(RESULTS.size()).isAtLeast(500);
    List<String> faults = new ArrayList<>();
    RESULTS.forEach(
        (id, r) -> {
          if (r.message.isEmpty() || r.template.equals(NoisyLogs.EMPTY_TEMPLATE)) {
            faults.add(id + ": no message");
          } else if (r.template.replace("<*>", "").isBlank()) {
            faults.add(id + ": template is only placeholders: " + r.template);
          } else if (r.template.contains("<*>>") || r.template.contains("<<*>")) {
            faults.add(id + ": bracket left beside a placeholder: " + r.template);
          }
        });
    assertWithMessage("entries without a usable template").that(faults).isEmpty();
  }

  @Test
  public void aMessageThatIsAnObjectGivesItsText() {
    // MongoDB's WiredTiger lines: {"message": {"category": ..., "msg": "..."}}.
    assertThat(RESULTS.get("logging_processor-mongodb-12").message)
        .isEqualTo("recovery log replay has successfully finished and ran for 0 milliseconds");
    assertThat(RESULTS.get("logging_processor-mongodb-12").template)
        .isEqualTo("recovery log replay has successfully finished and ran for <*> milliseconds");
    assertThat(RESULTS.get("logging_processor-mongodb-15").template)
        .startsWith("recovery was completed successfully and took <*>");
  }

  @Test
  public void anErlangProcessIdIsOneValue() {
    assertThat(RESULTS.get("logging_processor-couchdb-2").template)
        .isEqualTo("<*> -------- Apache CouchDB has started. Time to relax.");
    assertThat(RESULTS.get("logging_processor-rabbitmq-5").template)
        .isEqualTo("Accepting AMQP connection <*> from <*>");
    assertThat(RESULTS.get("logging_processor-rabbitmq-12").template)
        .isEqualTo("AMQP connection <*> (<*> -> <*>): connection closed unexpectedly");
  }

  @Test
  public void aNounAfterUserIsNotAUserName() {
    assertThat(RESULTS.get("logging_processor-rabbitmq-2").template)
        .isEqualTo("Successfully set user tags for user 'admin' to [administrator]");
  }

  @Test
  public void aPayloadShapeIsItsOwnTemplate() {
    // No message field: the sorted top-level keys; key names with digits are no data.
    assertThat(RESULTS.get("ops_agent_test-TestExcludeLogs-multi-1").template)
        .isEqualTo("{field1, field2}");
    assertThat(RESULTS.get("ops_agent_test-TestModifyFields-1").template)
        .isEqualTo(RESULTS.get("ops_agent_test-TestModifyFields-1").message);
    assertThat(RESULTS.get("logging_processor-vault-audit-1").template)
        .isEqualTo("{auth, request, type}");
  }

  @Test
  public void webServerAccessLogsAreRequestTemplates() {
    assertThat(RESULTS.get("logging_processor-apache-access-4").template)
        .isEqualTo("GET /admin/dashboard 4xx");
    assertThat(RESULTS.get("logging_processor-nginx-access-7").template)
        .isEqualTo("PUT /api/data/<*> 5xx");
    assertThat(RESULTS.get("logging_processor-iis-4").template).isEqualTo("GET /forbidden 4xx");
  }
}
