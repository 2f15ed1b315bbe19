package dev.logalerts.filter;

import static com.google.common.truth.Truth.assertWithMessage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.LogEventCoder;
import dev.logalerts.parse.LogEntryParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

/**
 * Conformance with Cloud Logging's query language, part 2: what filters match. {@code
 * filter/evaluate.yaml} holds named LogEntries (REST JSON, parsed by the pipeline's own {@link
 * LogEntryParser}) and cases {@code {e: entry, m: matches?, f: filter, doc: rule}}. Each case is
 * checked on the parsed event and again after a {@link LogEventCoder} round trip (what a shuffle
 * does), and through the filter's canonical form.
 */
@RunWith(Parameterized.class)
public class ConformanceEvaluateTest {
  private static Map<String, LogEvent> entries;

  private final String entry;
  private final boolean matches;
  private final String filter;
  private final String doc;

  public ConformanceEvaluateTest(
      String name, String entry, boolean matches, String filter, String doc) {
    this.entry = entry;
    this.matches = matches;
    this.filter = filter;
    this.doc = doc;
  }

  private static JsonNode load() throws IOException {
    try (InputStream in =
        ConformanceEvaluateTest.class.getResourceAsStream("/filter/evaluate.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  @Parameters(name = "{0}")
  public static List<Object[]> cases() throws Exception {
    JsonNode root = load();
    Map<String, LogEvent> parsed = new TreeMap<>();
    ObjectMapper json = new ObjectMapper();
    LogEntryParser parser = new LogEntryParser();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("entries").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      parsed.put(e.getKey(), parser.parse(json.writeValueAsBytes(e.getValue())));
    }
    entries = parsed;
    List<Object[]> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : root.get("cases")) {
      i++;
      String e = c.get("e").asText();
      if (!parsed.containsKey(e)) {
        throw new IllegalStateException("case " + i + ": no entry named " + e);
      }
      boolean m = c.get("m").asBoolean();
      String f = c.get("f").asText();
      out.add(new Object[] {i + " " + e + " " + m + " " + f, e, m, f, c.get("doc").asText()});
    }
    if (out.size() < 150) { // the suite's promised size
      throw new IllegalStateException("only " + out.size() + " cases in evaluate.yaml");
    }
    return out;
  }

  @Test
  public void evaluatesAsDocumented() throws Exception {
    if (entries == null) {
      cases();
    }
    LogEvent e = entries.get(entry);
    String where = "[" + doc + "] " + filter + " on " + entry;
    CompiledFilter f = Filter.compile(filter);
    assertWithMessage(where).that(f.test(e)).isEqualTo(matches);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogEventCoder.of().encode(e, out);
    LogEvent decoded = LogEventCoder.of().decode(new ByteArrayInputStream(out.toByteArray()));
    // The parsed entry takes the filters' ASCII shortcut when its JSON is all ASCII; the decoded
    // one is not marked, so each case also holds on the general path.
    assertWithMessage(where).that(decoded.plainAscii()).isFalse();
    assertWithMessage(where + " (after a coder round trip)")
        .that(f.test(decoded))
        .isEqualTo(matches);
    assertWithMessage(where + " (canonical form " + f + ")")
        .that(Filter.compile(f.toString()).test(e))
        .isEqualTo(matches);
  }
}
