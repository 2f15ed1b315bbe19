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

  private static Result result(String insertId) {
    Result r = RESULTS.get(insertId);
    assertWithMessage("entry %s in the corpus", insertId).that(r).isNotNull();
    return r;
  }

  private static String template(String insertId) {
    return result(insertId).template;
  }

  private static String message(String insertId) {
    return result(insertId).message;
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
    assertThat(message("logging_processor-mongodb-12"))
        .isEqualTo("recovery log replay has successfully finished and ran for 0 milliseconds");
    assertThat(template("logging_processor-mongodb-12"))
        .isEqualTo("recovery log replay has successfully finished and ran for <*> milliseconds");
    assertThat(template("logging_processor-mongodb-15"))
        .startsWith("recovery was completed successfully and took <*>");
  }

  @Test
  public void anErlangProcessIdIsOneValue() {
    assertThat(template("logging_processor-couchdb-2"))
        .isEqualTo("<*> -------- Apache CouchDB has started. Time to relax.");
    assertThat(template("logging_processor-rabbitmq-5"))
        .isEqualTo("Accepting AMQP connection <*> from <*>");
    assertThat(template("logging_processor-rabbitmq-12"))
        .isEqualTo("AMQP connection <*> (<*> -> <*>): connection closed unexpectedly");
  }

  /**
   * "user tags" stays; the quoted name after the second "user" is the format argument of RabbitMQ's
   * "Successfully set user tags for user '~ts' to ~tp"
   * (deps/rabbit/src/rabbit_auth_backend_internal.erl in
   * https://github.com/rabbitmq/rabbitmq-server), so it is a placeholder.
   */
  @Test
  public void aNounAfterUserIsNotAUserName() {
    assertThat(template("logging_processor-rabbitmq-2"))
        .isEqualTo("Successfully set user tags for user '<*>' to [administrator]");
  }

  @Test
  public void aPayloadShapeIsItsOwnTemplate() {
    // No message field: the sorted top-level keys; key names with digits are no data.
    assertThat(template("ops_agent_test-TestExcludeLogs-multi-1")).isEqualTo("{field1, field2}");
    assertThat(template("ops_agent_test-TestModifyFields-1"))
        .isEqualTo(message("ops_agent_test-TestModifyFields-1"));
    assertThat(template("logging_processor-vault-audit-1"))
        .isEqualTo("type: request {auth, request, type}"); // a request, apart from responses
  }

  @Test
  public void webServerAccessLogsAreRequestTemplates() {
    assertThat(template("logging_processor-apache-access-4")).isEqualTo("GET /admin/dashboard 4xx");
    assertThat(template("logging_processor-nginx-access-7")).isEqualTo("PUT /api/data/<*> 5xx");
    assertThat(template("logging_processor-iis-4")).isEqualTo("GET /forbidden 4xx");
  }
}
