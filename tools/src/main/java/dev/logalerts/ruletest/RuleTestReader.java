package dev.logalerts.ruletest;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.alerting.AlertState;
import dev.logalerts.rules.HumanDurations;
import dev.logalerts.yaml.YamlNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads a rule-test file as strictly as the rules file is read: unknown keys, wrong types and
 * missing values are errors, each reported as {@code FILE:LINE:COL: message}, all of them at once.
 * Whether the rules named in {@code expect} exist is checked later, against the loaded rules.
 */
public final class RuleTestReader {
  /** Most copies one input may generate: a test, not a load test. */
  static final int MAX_COUNT = 100_000;

  private static final Set<String> TOP_KEYS = Set.of("rules", "start", "tests");
  private static final Set<String> TEST_KEYS = Set.of("name", "input", "expect", "unexpected");
  private static final Set<String> ENTRY_INPUT_KEYS = Set.of("entry", "at", "every", "count");
  private static final Set<String> FILE_INPUT_KEYS = Set.of("file");
  private static final Set<String> EXPECT_KEYS =
      Set.of("rule", "state", "group", "at", "count", "value", "incident");

  /** The numbers of an alert's incident summary that an expectation may check. */
  static final Set<String> INCIDENT_KEYS =
      Set.of("matchingEntries", "peakValue", "notifications", "suppressed", "durationSeconds");

  private final Path file;
  private final List<String> errors = new ArrayList<>();

  private RuleTestReader(Path file) {
    this.file = file;
  }

  /**
   * A test file read as far as it can be, with its problems: a test or expectation that has one is
   * left out, and the rules file or start is null when it has one. The rules it names can then
   * still be checked against the expectations that were read, so that one run reports both.
   *
   * @throws RuleTestException when the file cannot be read as a rule-test file at all
   */
  public static Partial read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuleTestException(List.of(file + ": cannot read: " + e.getMessage()));
    }
    RuleTestReader reader = new RuleTestReader(file);
    RuleTestSpec spec = reader.parse(text);
    return new Partial(spec, List.copyOf(reader.errors));
  }

  /** A test file's readable part and the problems of the rest. */
  public record Partial(RuleTestSpec spec, List<String> errors) {}

  private RuleTestSpec parse(String text) {
    YamlNode root;
    try {
      root = YamlNode.parse(text);
    } catch (YamlNode.YamlSyntaxException e) {
      throw new RuleTestException(List.of(at(e.line, e.column) + e.getMessage()));
    }
    if (!root.isMap()) {
      throw new RuleTestException(
          List.of(at(root) + "a rule-test file is a map with keys rules, start and tests"));
    }
    YamlNode.Entry rulesEntry = root.entries.get("rules");
    if (!root.entries.containsKey("tests")
        && (rulesEntry != null && rulesEntry.value.isList()
            || root.entries.containsKey("defaults")
            || root.entries.containsKey("silences"))) {
      // A rules file given for its tests: its keys would each be "unknown" here.
      throw RuleTestException.wholeFile(
          file
              + " looks like a rules file (it has a list of rules and no 'tests:'), not a rule-test"
              + " file: scripts/validate-rules.sh checks a rules file; a rule-test file names it"
              + " in 'rules:' and has 'start:' and 'tests:' (docs/rule-tests.md)");
    }
    checkKeys(root, TOP_KEYS, "the test file");
    Path rules = null;
    YamlNode rulesNode = required(root, "rules", "the test file");
    if (rulesNode != null && string(rulesNode, "rules") != null) {
      rules = resolve(rulesNode.text);
      if (!Files.isRegularFile(rules)) {
        error(rulesNode, "rules file not found: " + rules);
      }
    }
    Instant start = null;
    YamlNode startNode = required(root, "start", "the test file");
    if (startNode != null && string(startNode, "start") != null) {
      start = timestamp(startNode);
    }
    List<RuleTestSpec.Case> tests = new ArrayList<>();
    YamlNode testsNode = required(root, "tests", "the test file");
    if (testsNode != null) {
      if (!testsNode.isList() || testsNode.items.isEmpty()) {
        error(testsNode, "tests: expected a non-empty list of tests, got " + testsNode.describe());
      } else {
        Set<String> names = new HashSet<>();
        for (YamlNode t : testsNode.items) {
          RuleTestSpec.Case c = testCase(t);
          if (c != null && !names.add(c.name())) {
            error(t, "test '" + c.name() + "': a test of that name is already defined");
          }
          if (c != null) {
            tests.add(c);
          }
        }
      }
    }
    return new RuleTestSpec(
        file,
        rules != null && Files.isRegularFile(rules) ? rules : null,
        start,
        List.copyOf(tests));
  }

  private RuleTestSpec.@Nullable Case testCase(YamlNode t) {
    if (!t.isMap()) {
      error(t, "a test is a map with keys name, input, expect, unexpected; got " + t.describe());
      return null;
    }
    YamlNode nameNode = required(t, "name", "the test");
    String name = nameNode == null ? null : string(nameNode, "name");
    String where = name == null ? "the test" : "test '" + name + "'";
    checkKeys(t, TEST_KEYS, where);
    List<RuleTestSpec.Input> inputs = new ArrayList<>();
    YamlNode inputNode = required(t, "input", where);
    if (inputNode != null) {
      if (!inputNode.isList() || inputNode.items.isEmpty()) {
        error(inputNode, where + ": input: expected a non-empty list, got " + inputNode.describe());
      } else {
        for (YamlNode i : inputNode.items) {
          RuleTestSpec.Input in = input(i, where);
          if (in != null) {
            inputs.add(in);
          }
        }
      }
    }
    List<RuleTestSpec.Expectation> expect = new ArrayList<>();
    YamlNode expectNode = value(t, "expect");
    if (expectNode != null && !expectNode.isNull()) {
      if (!expectNode.isList()) {
        error(expectNode, where + ": expect: expected a list, got " + expectNode.describe());
      } else {
        for (YamlNode e : expectNode.items) {
          RuleTestSpec.Expectation x = expectation(e, where);
          if (x != null) {
            expect.add(x);
          }
        }
      }
    }
    boolean failOnUnexpected = true;
    YamlNode unexpected = value(t, "unexpected");
    if (unexpected != null) {
      String u = string(unexpected, where + ": unexpected");
      if ("ignore".equals(u)) {
        failOnUnexpected = false;
      } else if (u != null && !"fail".equals(u)) {
        error(unexpected, where + ": unexpected: expected fail or ignore, got '" + u + "'");
      }
    }
    return name == null
        ? null
        : new RuleTestSpec.Case(name, t.line, inputs, expect, failOnUnexpected);
  }

  private RuleTestSpec.@Nullable Input input(YamlNode i, String where) {
    if (!i.isMap()) {
      error(i, where + ": an input is a map with entry: or file:, got " + i.describe());
      return null;
    }
    boolean hasEntry = i.entries.containsKey("entry");
    boolean hasFile = i.entries.containsKey("file");
    if (hasEntry == hasFile) {
      error(
          i, where + ": an input has exactly one of entry: (one LogEntry) or file: (a JSONL file)");
      return null;
    }
    if (hasFile) {
      checkKeys(i, FILE_INPUT_KEYS, where + ": file input");
      YamlNode f = i.entries.get("file").value;
      String path = string(f, where + ": file");
      if (path == null) {
        return null;
      }
      Path p = resolve(path);
      if (!Files.isReadable(p)) {
        error(f, where + ": file not found: " + p);
        return null;
      }
      return new RuleTestSpec.FileInput(p, f.line);
    }
    checkKeys(i, ENTRY_INPUT_KEYS, where + ": entry input");
    YamlNode e = i.entries.get("entry").value;
    if (!e.isMap()) {
      error(e, where + ": entry: expected a LogEntry as a map, got " + e.describe());
      return null;
    }
    if (e.entries.containsKey("timestamp")) {
      // It would be replaced without a word: the test's clock sets every entry's time.
      YamlNode.Entry ts = e.entries.get("timestamp");
      errors.add(
          at(ts.line, ts.column)
              + where
              + ": entry: timestamp is set by the test (start + at, + every for each copy): leave"
              + " it out and give the entry's offset from start as at:");
    }
    long at = offset(value(i, "at"), where + ": at");
    long every = offset(value(i, "every"), where + ": every");
    int count = 1;
    YamlNode c = value(i, "count");
    if (c != null) {
      count = integer(c, where + ": count", 1, MAX_COUNT);
    }
    return new RuleTestSpec.EntryInput((ObjectNode) json(e), at, every, count, e.line, e.column);
  }

  private RuleTestSpec.@Nullable Expectation expectation(YamlNode e, String where) {
    if (!e.isMap()) {
      error(
          e,
          where + ": an expectation is a map with rule, state, group, at, count, value, incident");
      return null;
    }
    checkKeys(e, EXPECT_KEYS, where + ": expect");
    YamlNode ruleNode = required(e, "rule", where + ": expect");
    String rule = ruleNode == null ? null : string(ruleNode, where + ": rule");
    YamlNode stateNode = required(e, "state", where + ": expect");
    String written = stateNode == null ? null : string(stateNode, where + ": state");
    // Written in any case, as severities are in the rules file.
    String state = written == null ? null : written.toUpperCase(java.util.Locale.ROOT);
    if (state != null
        && Arrays.stream(AlertState.values()).noneMatch(s -> s.name().equals(state))) {
      error(
          stateNode,
          where
              + ": state: expected one of "
              + Arrays.stream(AlertState.values()).map(Enum::name).collect(Collectors.joining(", "))
              + ", got '"
              + written
              + "'");
    }
    TreeMap<String, String> group = new TreeMap<>();
    YamlNode g = value(e, "group");
    if (g != null) {
      if (!g.isMap()) {
        error(g, where + ": group: expected a map of groupBy key to value, got " + g.describe());
      } else {
        for (Map.Entry<String, YamlNode.Entry> kv : g.entries.entrySet()) {
          YamlNode v = kv.getValue().value;
          if (!v.isScalar()) {
            error(v, where + ": group: " + kv.getKey() + ": expected a value, got " + v.describe());
          } else {
            group.put(kv.getKey(), v.text);
          }
        }
      }
    }
    Long at = null;
    YamlNode atNode = value(e, "at");
    if (atNode != null) {
      at = offset(atNode, where + ": at");
    }
    int count = 1;
    YamlNode c = value(e, "count");
    if (c != null) {
      count = integer(c, where + ": count", 0, MAX_COUNT);
    }
    TreeMap<String, RuleTestSpec.ExpectedNumber> numbers = new TreeMap<>();
    YamlNode v = value(e, "value");
    if (v != null) {
      putNumber(numbers, "value", v, where + ": value");
    }
    YamlNode inc = value(e, "incident");
    if (inc != null) {
      if (!inc.isMap()) {
        error(
            inc,
            where
                + ": incident: expected a map such as {matchingEntries: 30}, got "
                + inc.describe());
      } else {
        checkKeys(inc, INCIDENT_KEYS, where + ": incident");
        for (Map.Entry<String, YamlNode.Entry> kv : inc.entries.entrySet()) {
          if (INCIDENT_KEYS.contains(kv.getKey())) {
            putNumber(
                numbers,
                "incident." + kv.getKey(),
                kv.getValue().value,
                where + ": incident: " + kv.getKey());
          }
        }
      }
    }
    if (rule == null || state == null) {
      return null;
    }
    return new RuleTestSpec.Expectation(rule, state, group, at, count, numbers, e.line, e.column);
  }

  /**
   * A number, matched at the precision it is written with (half a unit of its last digit); a
   * percentage ({@code '5.66%'}, as ratio thresholds are written) is that share, scaled in decimal.
   */
  private void putNumber(
      Map<String, RuleTestSpec.ExpectedNumber> into, String key, YamlNode n, String what) {
    BigDecimal d = null;
    boolean number =
        n.token == JsonToken.VALUE_NUMBER_INT || n.token == JsonToken.VALUE_NUMBER_FLOAT;
    boolean percent = !number && n.isScalar() && n.text.endsWith("%");
    if (number || percent) {
      try {
        d = new BigDecimal(percent ? n.text.substring(0, n.text.length() - 1).trim() : n.text);
        d = percent ? d.movePointLeft(2) : d;
      } catch (NumberFormatException e) {
        d = null;
      }
    }
    if (d == null) {
      error(n, what + ": expected a number such as 12, 0.0566 or '5.66%', got " + n.describe());
      return;
    }
    double tolerance = BigDecimal.ONE.movePointLeft(Math.max(d.scale(), 0)).doubleValue() / 2;
    into.put(key, new RuleTestSpec.ExpectedNumber(d.doubleValue(), tolerance, n.text));
  }

  /** A YAML subtree as JSON: maps, lists and scalars typed as YAML typed them. */
  private static JsonNode json(YamlNode n) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    switch (n.kind) {
      case MAP:
        {
          ObjectNode o = f.objectNode();
          n.entries.forEach((k, v) -> o.set(k, json(v.value)));
          return o;
        }
      case LIST:
        {
          ArrayNode a = f.arrayNode();
          n.items.forEach(i -> a.add(json(i)));
          return a;
        }
      case NULL:
        return f.nullNode();
      default:
        if (n.token == JsonToken.VALUE_NUMBER_INT) {
          return f.numberNode(new java.math.BigInteger(n.text));
        }
        if (n.token == JsonToken.VALUE_NUMBER_FLOAT) {
          return f.numberNode(new java.math.BigDecimal(n.text));
        }
        if (n.token == JsonToken.VALUE_TRUE || n.token == JsonToken.VALUE_FALSE) {
          return f.booleanNode(n.token == JsonToken.VALUE_TRUE);
        }
        return f.textNode(n.text);
    }
  }

  /** An offset from start: a duration as in the rules file, or 0. */
  private long offset(@Nullable YamlNode n, String what) {
    if (n == null) {
      return 0;
    }
    if (!n.isScalar()) {
      error(n, what + ": expected a duration such as 90s or 1m30s, got " + n.describe());
      return 0;
    }
    String s = n.text.trim();
    if (s.matches("0+(ms|s|m|h|d)?")) {
      return 0;
    }
    try {
      return HumanDurations.parse(s).getMillis();
    } catch (IllegalArgumentException e) {
      error(n, what + ": " + e.getMessage());
      return 0;
    }
  }

  private @Nullable Instant timestamp(YamlNode n) {
    try {
      return OffsetDateTime.parse(n.text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      error(
          n,
          "start: expected an RFC 3339 timestamp such as 2026-03-02T10:00:00Z, got '"
              + n.text
              + "'");
      return null;
    }
  }

  private int integer(YamlNode n, String what, int min, int max) {
    if (!n.isInteger()) {
      error(n, what + ": expected a whole number, got " + n.describe());
      return min;
    }
    long v;
    try {
      v = Long.parseLong(n.text);
    } catch (NumberFormatException e) {
      v = Long.MAX_VALUE;
    }
    if (v < min || v > max) {
      error(n, what + ": expected a number from " + min + " to " + max + ", got " + n.text);
      return min;
    }
    return (int) v;
  }

  private @Nullable String string(YamlNode n, String what) {
    if (!n.isScalar() || n.text.isEmpty()) {
      error(n, what + ": expected text, got " + n.describe());
      return null;
    }
    return n.text;
  }

  private @Nullable YamlNode required(YamlNode map, String key, String where) {
    YamlNode v = value(map, key);
    if (v == null || v.isNull()) {
      error(map, where + ": key '" + key + "' is required");
      return null;
    }
    return v;
  }

  private static @Nullable YamlNode value(YamlNode map, String key) {
    YamlNode.Entry e = map.entries.get(key);
    return e == null ? null : e.value;
  }

  private void checkKeys(YamlNode map, Set<String> allowed, String where) {
    for (YamlNode.Entry e : map.entries.values()) {
      if (!allowed.contains(e.key)) {
        errors.add(
            at(e.line, e.column)
                + where
                + ": unknown key '"
                + e.key
                + "' (expected one of "
                + allowed.stream().sorted().collect(Collectors.joining(", "))
                + ")");
      }
    }
  }

  private Path resolve(String path) {
    Path p = Path.of(path);
    Path dir = file.toAbsolutePath().getParent();
    return p.isAbsolute() || dir == null ? p : dir.resolve(p).normalize();
  }

  private void error(YamlNode n, String message) {
    errors.add(at(n) + message);
  }

  private String at(YamlNode n) {
    return at(n.line, n.column);
  }

  private String at(int line, int column) {
    return file + ":" + line + ":" + column + ": ";
  }
}
