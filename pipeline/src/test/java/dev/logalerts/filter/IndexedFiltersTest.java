package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.Severity;
import dev.logalerts.parse.LogEntryParser;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * {@link IndexedFilters} answers exactly what testing every filter answers: over the conformance
 * suite's filters (evaluate.yaml and every accepted filter of accept-reject.tsv) and edge cases of
 * its own (case folding of {@code =} and {@code :} and of bare words, Unicode folds, missing
 * fields, NOT, OR, severity names and numbers, contradictions), on the suite's entries, the test
 * entries and entries written for the edge cases; indexed all together (the literal pass is used)
 * and one filter at a time. {@link Prerequisites} derives what the filter implies and no more.
 */
@RunWith(JUnit4.class)
public class IndexedFiltersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Entries written for the edge cases below (REST LogEntry JSON). */
  private static final String[] EDGE_ENTRIES = {
    // Upper-case resource type and log name, a Kelvin sign and a long s in the text.
    "{\"insertId\":\"e1\",\"timestamp\":\"2026-11-20T00:00:01Z\",\"logName\":\"projects/P1/logs/STDERR\",\"severity\":\"WARNING\","
        + "\"resource\":{\"type\":\"K8S_Container\",\"labels\":{\"namespace_name\":\"Shop\"}},\"labels\":{\"env\":\"prod\"},\"textPayload\":\"\u212Aernel:"
        + " \u017Ftack overflow in \u0130stanbul\"}",
    // No severity, no resource labels, numbers in the payload.
    "{\"insertId\":\"e2\",\"timestamp\":\"2026-11-20T00:00:02Z\",\"logName\":\"projects/p1/logs/app\",\"resource\":{\"type\":\"gce_instance\"},\"jsonPayload\":{\"code\":\"503\",\"message\":\"Out"
        + " of memory\",\"nested\":{\"x\":\"DEADLINE\"}}}",
    // An HTTP request whose status and latency only exist as numbers.
    "{\"insertId\":\"e3\",\"timestamp\":\"2026-11-20T00:00:03Z\",\"logName\":\"projects/p1/logs/requests\",\"severity\":\"ERROR\","
        + "\"resource\":{\"type\":\"http_load_balancer\",\"labels\":{\"backend_service_name\":\"web\"}},"
        + "\"httpRequest\":{\"requestMethod\":\"GET\",\"status\":503,\"latency\":\"1.250s\"}}",
    // Encoded log id, critical severity.
    "{\"insertId\":\"e4\",\"timestamp\":\"2026-11-20T00:00:04Z\",\"logName\":\"projects/p1/logs/cloudaudit.googleapis.com%2Factivity\","
        + "\"severity\":\"CRITICAL\",\"resource\":{\"type\":\"project\"},"
        + "\"protoPayload\":{\"methodName\":\"SetIamPolicy\",\"status\":{\"code\":7}}}",
    // An App Engine request log: typed Duration and LogSeverity fields in protoPayload.
    "{\"insertId\":\"e5\",\"timestamp\":\"2026-11-20T00:00:05Z\",\"logName\":\"projects/p1/logs/appengine.googleapis.com%2Frequest_log\","
        + "\"resource\":{\"type\":\"gae_app\"},\"protoPayload\":{\"@type\":\"type.googleapis.com/google.appengine.logging.v1.RequestLog\","
        + "\"latency\":\"1.200s\",\"line\":[{\"severity\":\"DEBUG\"},{\"severity\":\"WARNING\"}]}}",
  };

  private static final String[] EDGE_FILTERS = {
    "resource.type=\"k8s_container\"",
    "resource.type:\"K8S\"",
    "resource.type=\"K8S_CONTAINER\" AND \"kernel\"",
    "\"stack\"",
    "\"KERNEL\" AND severity>=WARNING",
    "textPayload:\"istanbul\"",
    "severity>=400",
    "severity>WARNING",
    "severity=WARN",
    "severity:ERROR",
    "severity<ERROR",
    "NOT severity<ERROR",
    "severity>=ERROR OR resource.type=\"gce_instance\"",
    "resource.type=(\"k8s_container\" OR \"gce_instance\") AND severity>=WARNING",
    "resource.type=\"k8s_container\" OR resource.type=\"project\"",
    "resource.type=\"k8s_container\" OR logName=\"projects/p1/logs/app\"",
    "log_id(\"stderr\")",
    "logId=\"STDERR\"",
    "log_id(\"cloudaudit.googleapis.com/activity\")",
    "logName=\"projects/p1/logs/stderr\"",
    "logName:\"STDERR\"",
    "NOT resource.type=\"k8s_container\"",
    "-\"kernel\"",
    "resource.labels.missing=\"x\"",
    "resource.labels.missing!=\"x\"",
    "NOT resource.labels.missing=\"x\"",
    "resource.labels.namespace_name=\"shop\"",
    "labels.env=\"PROD\"",
    "jsonPayload.code=\"503\"",
    "jsonPayload.code=503",
    "jsonPayload.code:\"50\"",
    "jsonPayload.nested:\"deadline\"",
    "\"503\"",
    "\"1.25\"",
    "httpRequest.status=503 AND \"get\"",
    "textPayload=~\"Out of mem\"",
    "jsonPayload.message=~\"Out of mem\"",
    "textPayload=~\"(?i)STACK overflow\"",
    "textPayload!~\"x\"",
    "resource.type=\"a\" AND resource.type=\"b\"",
    "severity>ERROR AND severity<ERROR",
    "protoPayload.methodName=\"setiampolicy\" AND protoPayload.status.code=7",
    "protoPayload.latency=\"1.2s\"",
    "protoPayload.latency>=1s AND resource.type=\"gae_app\"",
    "protoPayload.line.severity=WARN",
    "protoPayload.line.severity>=ERROR",
    "\"\"",
    "",
  };

  @Test
  public void indexAnswersWhatEveryFilterAnswers() throws Exception {
    List<LogEvent> entries = entries();
    List<String> texts = filterTexts();
    List<CompiledFilter> filters = new ArrayList<>();
    for (String t : texts) {
      filters.add(Filter.compile(t));
    }
    IndexedFilters all = IndexedFilters.of(filters);
    assertWithMessage(all.summary()).that(all.gatesByLiteral()).isTrue();
    long[] bits = new long[(filters.size() + 63) >>> 6];
    int matches = 0;
    for (LogEvent e : entries) {
      int hits = all.match(e, bits);
      int brute = 0;
      for (int i = 0; i < filters.size(); i++) {
        boolean expected = filters.get(i).test(e);
        brute += expected ? 1 : 0;
        assertWithMessage("%s on %s (%s)", texts.get(i), e.insertId(), all.prerequisites(i))
            .that((bits[i >>> 6] & (1L << i)) != 0)
            .isEqualTo(expected);
      }
      assertThat(hits).isEqualTo(brute);
      matches += brute;
    }
    assertThat(matches).isGreaterThan(200); // the entries exercise many filters, not none
    // One filter at a time: no literal pass, every index path on its own.
    long[] one = new long[1];
    for (int i = 0; i < filters.size(); i++) {
      IndexedFilters single = IndexedFilters.of(List.of(filters.get(i)));
      for (LogEvent e : entries) {
        single.match(e, one);
        assertWithMessage("%s alone on %s", texts.get(i), e.insertId())
            .that(one[0] == 1)
            .isEqualTo(filters.get(i).test(e));
      }
    }
  }

  @Test
  public void prerequisitesAreWhatTheTopLevelConjunctsImply() {
    Prerequisites p =
        pre("resource.type=\"K8s_Container\" AND severity>=ERROR AND \"Disk Full\" AND NOT \"x\"");
    assertThat(p.equalities())
        .containsExactly(FieldPath.parse("resource.type"), Set.of("k8s_container"));
    assertThat(p.severities())
        .isEqualTo(bits(Severity.ERROR, Severity.CRITICAL, Severity.ALERT, Severity.EMERGENCY));
    assertThat(p.literals()).containsExactly("k8s_container", "disk full");

    Prerequisites or = pre("resource.type=\"a\" OR resource.type=(\"b\" OR \"c\")");
    assertThat(or.equalities().get(FieldPath.parse("resource.type")))
        .containsExactly("a", "b", "c");
    assertThat(pre("log_id(\"stderr\") OR logId=\"Stdout\"").equalities())
        .containsExactly(Prerequisites.LOG_ID, Set.of("stderr", "stdout"));
    assertThat(pre("severity=WARN OR severity=500").severities())
        .isEqualTo(bits(Severity.WARNING, Severity.ERROR));
    assertThat(pre("severity>450").severities())
        .isEqualTo(bits(Severity.ERROR, Severity.CRITICAL, Severity.ALERT, Severity.EMERGENCY));
    // Nothing survives an OR over different fields, a NOT, or a numeric payload equality.
    assertThat(pre("resource.type=\"a\" OR logName=\"b\"").isEmpty()).isTrue();
    assertThat(pre("NOT resource.type=\"a\"").isEmpty()).isTrue();
    assertThat(pre("jsonPayload.code=503").isEmpty()).isTrue();
    assertThat(pre("textPayload:\"a\" OR textPayload:\"b\"").isEmpty()).isTrue();
    assertThat(pre("httpRequest.status:*").isEmpty()).isTrue();
    // A regex contributes its required text; a case-insensitive one nothing.
    assertThat(pre("textPayload=~\"Out of memory: Killed process \\\\d+\"").literals())
        .containsExactly("out of memory: killed process ");
    assertThat(pre("textPayload=~\"(?i)oom\"").isEmpty()).isTrue();
    // Derived fields are not entry text: service equality indexes, but is no literal.
    assertThat(pre("service=\"shop/cart\"").literals()).isEmpty();
    assertThat(pre("service=\"shop/cart\"").equalities()).hasSize(1);
    assertThat(pre("resource.type=\"a\" AND resource.type=\"b\"").equalities().values())
        .containsExactly(Set.of());
  }

  @Test
  public void namesTheFiltersCheckedOnEveryEntry() {
    IndexedFilters index =
        IndexedFilters.of(
            List.of(
                Filter.compile("resource.type=\"a\" AND \"x\""),
                Filter.compile("\"x\""),
                Filter.compile("log_id(\"a\") OR log_id(\"b\")"),
                Filter.compile("severity>=ERROR"),
                Filter.compile("NOT resource.type=\"a\"")));
    assertThat(index.broadFilters()).asList().containsExactly(1, 3, 4).inOrder();
    assertThat(index.summary()).contains("1 by resource.type");
    assertThat(index.summary()).contains("1 by logId");
  }

  private static Prerequisites pre(String filter) {
    return Prerequisites.of(Filter.compile(filter));
  }

  private static int bits(Severity... severities) {
    int m = 0;
    for (Severity s : severities) {
      m |= 1 << s.ordinal();
    }
    return m;
  }

  private static List<String> filterTexts() throws Exception {
    List<String> texts = new ArrayList<>(List.of(EDGE_FILTERS));
    for (JsonNode c : evaluateYaml().get("cases")) {
      texts.add(c.get("f").asText());
    }
    try (InputStream in = resource("/filter/accept-reject.tsv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        String[] cols = line.split("\t");
        if (cols.length >= 2 && cols[0].equals("accept")) {
          texts.add(cols[1].replace("⏎", "\n"));
        }
      }
    }
    return texts;
  }

  private static List<LogEvent> entries() throws Exception {
    LogEntryParser parser = new LogEntryParser();
    Map<String, byte[]> raw = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = evaluateYaml().get("entries").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      raw.put(e.getKey(), JSON.writeValueAsBytes(e.getValue()));
    }
    for (String name :
        List.of(
            "audit-log",
            "cloud-run-request",
            "composer-task",
            "gae-request-log",
            "gke-json",
            "gke-text",
            "lb-request")) {
      try (InputStream in = resource("/entries/" + name + ".json")) {
        raw.put(name, in.readAllBytes());
      }
    }
    for (int i = 0; i < EDGE_ENTRIES.length; i++) {
      raw.put("edge" + i, EDGE_ENTRIES[i].getBytes(StandardCharsets.UTF_8));
    }
    List<LogEvent> out = new ArrayList<>();
    for (byte[] b : raw.values()) {
      out.add(parser.parse(b));
    }
    return out;
  }

  private static JsonNode evaluateYaml() throws Exception {
    try (InputStream in = resource("/filter/evaluate.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  private static InputStream resource(String path) {
    InputStream in = IndexedFiltersTest.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + path);
    }
    return in;
  }
}
