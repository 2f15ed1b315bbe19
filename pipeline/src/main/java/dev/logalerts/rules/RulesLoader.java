package dev.logalerts.rules;

import dev.logalerts.model.Hashes;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.filter.FilterSyntaxException;
import dev.logalerts.model.FieldPath;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Loads and validates the rules file (README "Rules file"). Reads through Beam's {@link
 * FileSystems}, so the path may be local or {@code gs://}; parses the YAML into a
 * position-tracking tree; checks every key of every rule; compiles the filters once. All problems
 * are collected and thrown together as one {@link RulesValidationException}, so a user fixes a
 * file in one round instead of one error per launch.
 *
 * <p>Validation happens here, at launch, before the pipeline is built: a bad rule must never
 * reach workers.
 */
public final class RulesLoader {
  private RulesLoader() {}

  /** Most rules one file may hold. */
  public static final int MAX_RULES = 500;
  /** Longest filter (and numerator) text, in characters. */
  public static final int MAX_FILTER_CHARS = 20_000;
  /** Most groupBy keys per rule. */
  public static final int MAX_GROUP_BY = 5;
  /** Largest rules file, in bytes. */
  public static final long MAX_FILE_BYTES = 1L << 20;
  /** Longest rule name (a DNS label: it ends up in alert ids, attributes and URLs). */
  public static final int MAX_NAME_LENGTH = 63;
  /** Most overlapping windows per entry (window / period): bounds per-entry work and state. */
  public static final int MAX_WINDOWS_PER_PERIOD = 100;
  /** Longest window: alert rules look at recent behaviour; longer spans are reports. */
  public static final Duration MAX_WINDOW = Duration.standardDays(1);
  /** Longest description text. */
  public static final int MAX_DESCRIPTION_CHARS = 4_000;

  // Keys, and which rule types accept them.
  static final String NAME = "name";
  static final String TYPE = "type";
  static final String FILTER = "filter";
  static final String GROUP_BY = "groupBy";
  static final String WINDOW = "window";
  static final String PERIOD = "period";
  static final String THRESHOLD = "threshold";
  static final String SEVERITY = "severity";
  static final String SUPPRESS_FOR = "suppressFor";
  static final String RESOLVE_AFTER = "resolveAfter";
  static final String DESCRIPTION = "description";
  static final String RUNBOOK = "runbook";
  static final String NUMERATOR = "numerator";
  static final String MIN_COUNT = "minCount";
  static final String PERCENTILE = "percentile";
  static final String EXPECT_WITHIN = "expectWithin";
  static final String FORGET_AFTER = "forgetAfter";
  static final String FACTOR = "factor";
  static final String DIRECTION = "direction";
  static final String BASELINE = "baseline";
  static final String LEARN_FOR = "learnFor";

  /** Every rule key in the documented order, mapped to the rule types that accept it. */
  static final Map<String, Set<RuleType>> KEYS = new LinkedHashMap<>();

  static {
    Set<RuleType> all = EnumSet.allOf(RuleType.class);
    Set<RuleType> windowed = EnumSet.complementOf(EnumSet.of(RuleType.ABSENCE));
    KEYS.put(NAME, all);
    KEYS.put(TYPE, all);
    KEYS.put(FILTER, all);
    KEYS.put(GROUP_BY, all);
    KEYS.put(WINDOW, windowed);
    KEYS.put(PERIOD, windowed);
    KEYS.put(THRESHOLD, EnumSet.of(RuleType.THRESHOLD, RuleType.RATIO, RuleType.LATENCY));
    KEYS.put(SEVERITY, all);
    KEYS.put(SUPPRESS_FOR, all);
    KEYS.put(RESOLVE_AFTER, windowed);
    KEYS.put(DESCRIPTION, all);
    KEYS.put(RUNBOOK, all);
    KEYS.put(NUMERATOR, EnumSet.of(RuleType.RATIO));
    KEYS.put(MIN_COUNT, EnumSet.of(RuleType.RATIO, RuleType.LATENCY, RuleType.SPIKE));
    KEYS.put(PERCENTILE, EnumSet.of(RuleType.LATENCY));
    KEYS.put(EXPECT_WITHIN, EnumSet.of(RuleType.ABSENCE));
    KEYS.put(FORGET_AFTER, EnumSet.of(RuleType.ABSENCE));
    KEYS.put(FACTOR, EnumSet.of(RuleType.SPIKE));
    KEYS.put(DIRECTION, EnumSet.of(RuleType.SPIKE));
    KEYS.put(BASELINE, EnumSet.of(RuleType.SPIKE));
    KEYS.put(LEARN_FOR, EnumSet.of(RuleType.NEW_TEMPLATE));
  }

  private static final List<String> TOP_LEVEL_KEYS = List.of("defaults", "rules");

  /** Top-level LogEntry fields and derived names a groupBy path may start with (for hints). */
  private static final List<String> FIELD_HEADS =
      List.of(
          "service", "template", "severity", "logName", "logId", "log_id", "projectId",
          "resource.type", "resource.labels", "labels", "httpRequest", "jsonPayload",
          "protoPayload", "operation", "sourceLocation", "textPayload", "message", "trace",
          "spanId", "insertId");

  // ---------------------------------------------------------------------------------------------
  // Entry points

  /**
   * Reads and validates the rules file at {@code path} (local or any registered Beam filesystem,
   * e.g. {@code gs://}). For {@code gs://} the caller must have registered filesystems with
   * {@code FileSystems.setDefaultPipelineOptions} (pipeline construction and {@code
   * ValidateRules} do).
   *
   * @throws RulesValidationException listing every problem, or "rules file not found: PATH"
   */
  public static RuleSet load(String path) {
    return parse(read(path), path);
  }

  /** Reads the file's bytes as strict UTF-8, enforcing {@link #MAX_FILE_BYTES}. */
  static String read(String path) {
    MatchResult.Metadata meta;
    try {
      meta = FileSystems.matchSingleFileSpec(path);
    } catch (FileNotFoundException e) {
      throw single(path, "rules file not found: " + path);
    } catch (IOException | RuntimeException e) {
      String msg = String.valueOf(e.getMessage());
      if (msg.contains("No filesystem found")) {
        msg += " (is FileSystems.setDefaultPipelineOptions called, and the IO module on the"
            + " classpath?)";
      }
      throw single(path, "cannot read rules file " + path + ": " + msg);
    }
    if (meta.sizeBytes() > MAX_FILE_BYTES) {
      throw single(path, tooBig(path, meta.sizeBytes()));
    }
    byte[] bytes;
    try (ReadableByteChannel ch = FileSystems.open(meta.resourceId());
        InputStream in = Channels.newInputStream(ch)) {
      bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      throw single(path, "cannot read rules file " + path + ": " + e.getMessage());
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw single(path, tooBig(path, bytes.length));
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw single(path, "rules file " + path + " is not valid UTF-8");
    }
  }

  private static String tooBig(String path, long size) {
    return "rules file "
        + path
        + " is too large: "
        + size
        + " bytes (max "
        + MAX_FILE_BYTES
        + " bytes = 1 MiB)";
  }

  private static RulesValidationException single(String source, String error) {
    return new RulesValidationException(source, List.of(error));
  }

  /**
   * Validates rules-file text. {@code sourceName} prefixes every error (a path, or a name such as
   * {@code <inline>} in tests).
   *
   * @throws RulesValidationException listing every problem found
   */
  public static RuleSet parse(String yaml, String sourceName) {
    if (yaml.length() > MAX_FILE_BYTES
        || yaml.getBytes(StandardCharsets.UTF_8).length > MAX_FILE_BYTES) {
      throw single(
          sourceName, tooBig(sourceName, yaml.getBytes(StandardCharsets.UTF_8).length));
    }
    Errors errors = new Errors(sourceName);
    YamlNode root;
    try {
      root = YamlNode.parse(yaml);
    } catch (YamlNode.YamlSyntaxException e) {
      errors.add(e.line, e.column, null, e.getMessage());
      throw errors.exception();
    }
    List<Rule> rules = new Validation(errors).validateFile(root);
    if (!errors.isEmpty()) {
      throw errors.exception();
    }
    return RuleSet.of(rules, version(yaml));
  }

  /** A content hash: the first 16 hex digits of the SHA-256 of the text. */
  static String version(String yaml) {
    return Hashes.sha256Hex(16, yaml);
  }

  // ---------------------------------------------------------------------------------------------
  // Error collection

  private static final class Errors {
    final String source;
    final List<String> list = new ArrayList<>();

    Errors(String source) {
      this.source = source;
    }

    void add(int line, int column, @Nullable String where, String message) {
      StringBuilder sb = new StringBuilder(source);
      if (line > 0) {
        sb.append(':').append(line).append(':').append(column);
      }
      sb.append(": ");
      if (where != null) {
        sb.append(where).append(": ");
      }
      sb.append(message);
      list.add(sb.toString());
    }

    boolean isEmpty() {
      return list.isEmpty();
    }

    /** All errors, in file order (by line, then column; stable for equal positions). */
    RulesValidationException exception() {
      List<String> sorted = new ArrayList<>(list);
      sorted.sort(java.util.Comparator.comparingLong(this::position));
      return new RulesValidationException(source, sorted);
    }

    private long position(String error) {
      // "SOURCE:LINE:COL: ..." -> LINE * 2^20 + COL; errors without a position sort first.
      String rest = error.substring(source.length());
      if (!rest.startsWith(":")) {
        return 0;
      }
      int a = rest.indexOf(':', 1);
      int b = a < 0 ? -1 : rest.indexOf(':', a + 1);
      try {
        return (Long.parseLong(rest.substring(1, a)) << 20) + Long.parseLong(rest.substring(a + 1, b));
      } catch (RuntimeException e) {
        return 0;
      }
    }
  }

  /** A key's value as the rule sees it: its own, or inherited from {@code defaults:}. */
  private static final class Field {
    final String key;
    final YamlNode node;
    final boolean fromDefaults;

    Field(String key, YamlNode node, boolean fromDefaults) {
      this.key = key;
      this.node = node;
      this.fromDefaults = fromDefaults;
    }
  }

  /** Thrown by value parsers; caught per key so one bad key never hides the others. */
  private static final class BadValue extends Exception {
    BadValue(String message) {
      super(message, null, false, false);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Validation

  private static final class Validation {
    final Errors errors;

    Validation(Errors errors) {
      this.errors = errors;
    }

    List<Rule> validateFile(YamlNode root) {
      if (root.isNull()) {
        errors.add(0, 0, null, "rules file is empty; expected a map with a 'rules:' list");
        return List.of();
      }
      if (!root.isMap()) {
        errors.add(
            root.line, root.column, null,
            "expected a map with 'defaults:' and 'rules:' at the top, got " + root.describe());
        return List.of();
      }
      for (YamlNode.Entry e : root.entries.values()) {
        if (!TOP_LEVEL_KEYS.contains(e.key)) {
          errors.add(
              e.line, e.column, null,
              "unknown top-level key '" + e.key + "'" + hint(e.key, TOP_LEVEL_KEYS)
                  + " (a rules file has 'defaults:' and 'rules:')");
        }
      }
      Map<String, YamlNode.Entry> defaults = validateDefaults(root.entries.get("defaults"));
      YamlNode.Entry rulesEntry = root.entries.get("rules");
      if (rulesEntry == null) {
        errors.add(root.line, root.column, null, "missing 'rules:' list");
        return List.of();
      }
      YamlNode list = rulesEntry.value;
      if (!list.isList()) {
        errors.add(
            list.line, list.column, null,
            "'rules' must be a list of rules (items starting with '- name: ...'), got "
                + list.describe());
        return List.of();
      }
      if (list.items.size() > MAX_RULES) {
        errors.add(
            list.line, list.column, null,
            "too many rules: " + list.items.size() + " (max " + MAX_RULES + " per file)");
      }
      List<Rule> rules = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < list.items.size(); i++) {
        Rule r = validateRule(i, list.items.get(i), defaults, seen);
        if (r != null) {
          rules.add(r);
        }
      }
      return rules;
    }

    /** Checks the defaults block; returns its usable entries (bad ones reported and dropped). */
    Map<String, YamlNode.Entry> validateDefaults(YamlNode.@Nullable Entry entry) {
      if (entry == null || entry.value.isNull()) {
        return Map.of();
      }
      YamlNode node = entry.value;
      if (!node.isMap()) {
        errors.add(
            node.line, node.column, "defaults",
            "must be a map of rule keys (like 'window: 5m'), got " + node.describe());
        return Map.of();
      }
      Map<String, YamlNode.Entry> usable = new LinkedHashMap<>();
      for (YamlNode.Entry e : node.entries.values()) {
        String where = "defaults: key '" + e.key + "'";
        if (e.key.equals(NAME)) {
          errors.add(e.line, e.column, where, "a rule name cannot have a default");
          continue;
        }
        if (!KEYS.containsKey(e.key)) {
          errors.add(
              e.line, e.column, "defaults: key '" + e.key + "'",
              "unknown key" + hint(e.key, KEYS.keySet()));
          continue;
        }
        // Check the value alone once here, so a bad default is reported once, not per rule.
        // threshold depends on the rule's type and is checked where it is used.
        String problem = checkAlone(e.key, e.value);
        if (problem != null) {
          errors.add(e.value.line, e.value.column, where, problem);
          continue;
        }
        usable.put(e.key, e);
      }
      return usable;
    }

    /** Parses a value without context; returns the problem or null. */
    @Nullable
    String checkAlone(String key, YamlNode v) {
      try {
        switch (key) {
          case TYPE:
            parseType(v);
            break;
          case FILTER:
          case NUMERATOR:
            compile(v);
            break;
          case GROUP_BY:
            parseGroupBy(v);
            break;
          case WINDOW:
          case PERIOD:
            wholeSeconds(duration(v));
            break;
          case SEVERITY:
            parseSeverity(v);
            break;
          case SUPPRESS_FOR:
          case EXPECT_WITHIN:
          case FORGET_AFTER:
          case LEARN_FOR:
            duration(v);
            break;
          case RESOLVE_AFTER:
            integer(v, 1, 1000);
            break;
          case DESCRIPTION:
            string(v);
            break;
          case RUNBOOK:
            parseRunbook(v);
            break;
          case MIN_COUNT:
            integer(v, 0, 1_000_000_000L);
            break;
          case PERCENTILE:
            parsePercentile(v);
            break;
          case FACTOR:
            parseFactor(v);
            break;
          case DIRECTION:
            parseDirection(v);
            break;
          case BASELINE:
            parseBaselineAlone(v);
            break;
          default:
            break;
        }
        return null;
      } catch (BadValue e) {
        return e.getMessage();
      }
    }

    @Nullable
    Rule validateRule(
        int index, YamlNode node, Map<String, YamlNode.Entry> defaults, Map<String, Integer> seen) {
      String label = "rules[" + index + "]";
      if (!node.isMap()) {
        errors.add(
            node.line, node.column, label,
            "expected a rule (a map of keys like 'name:', 'type:', 'filter:'), got "
                + node.describe());
        return null;
      }
      int before = errors.list.size();

      // Name first: it labels every other error of this rule.
      YamlNode.Entry nameEntry = node.entries.get(NAME);
      String name = null;
      if (nameEntry == null) {
        errors.add(node.line, node.column, label + ": key 'name'", "required");
      } else {
        try {
          name = parseName(nameEntry.value);
          label = "rule '" + name + "'";
          Integer firstLine = seen.putIfAbsent(name, nameEntry.value.line);
          if (firstLine != null) {
            errors.add(
                nameEntry.value.line, nameEntry.value.column, label + ": key 'name'",
                "duplicate rule name (first defined at line " + firstLine + ")");
          }
        } catch (BadValue e) {
          errors.add(
              nameEntry.value.line, nameEntry.value.column, label + ": key 'name'",
              e.getMessage());
          name = null;
        }
      }

      // Type: decides which keys are valid.
      RuleType type = null;
      Field typeField = field(node, defaults, TYPE, null);
      if (typeField == null) {
        errors.add(
            node.line, node.column, label + ": key 'type'",
            "required (one of " + typeKeys() + ")");
      } else {
        try {
          type = parseType(typeField.node);
        } catch (BadValue e) {
          report(label, typeField, e.getMessage());
        }
      }

      // Unknown keys, and keys of another type.
      for (YamlNode.Entry e : node.entries.values()) {
        Set<RuleType> types = KEYS.get(e.key);
        if (types == null) {
          errors.add(
              e.line, e.column, label + ": key '" + e.key + "'",
              "unknown key" + hint(e.key, KEYS.keySet()));
        } else if (type != null && !types.contains(type)) {
          errors.add(
              e.line, e.column, label + ": key '" + e.key + "'",
              e.key + " is " + onlyValidFor(types) + ", not " + type.key()
                  + notUsedWhy(e.key, type));
        }
      }
      if (type == null) {
        // Still check the common keys, so one round of fixes covers them too.
        for (String key : List.of(FILTER, GROUP_BY, SEVERITY, SUPPRESS_FOR, RUNBOOK)) {
          Field f = field(node, defaults, key, null);
          if (f != null && !f.fromDefaults) {
            String problem = checkAlone(key, f.node);
            if (problem != null) {
              report(label, f, problem);
            }
          }
        }
        return null;
      }

      Rule.Builder b = Rule.builder().setType(type);
      if (name != null) {
        b.setName(name);
      }
      Duration window = validateCommon(label, node, defaults, type, b);
      switch (type) {
        case THRESHOLD:
          validateThreshold(label, node, defaults, type, b);
          break;
        case RATIO:
          validateThreshold(label, node, defaults, type, b);
          validateNumerator(label, node, defaults, b);
          b.setMinCount(optional(label, node, defaults, type, MIN_COUNT, 0L,
              v -> integer(v, 0, 1_000_000_000L)));
          break;
        case LATENCY:
          validateThreshold(label, node, defaults, type, b);
          b.setPercentile(optional(label, node, defaults, type, PERCENTILE, 95.0,
              Validation::parsePercentile));
          b.setMinCount(optional(label, node, defaults, type, MIN_COUNT, 0L,
              v -> integer(v, 0, 1_000_000_000L)));
          break;
        case ABSENCE:
          validateAbsence(label, node, defaults, type, b);
          break;
        case SPIKE:
          validateSpike(label, node, defaults, type, b, window);
          break;
        case NEW_TEMPLATE:
          b.setLearnFor(optional(label, node, defaults, type, LEARN_FOR,
              Duration.standardMinutes(60), Validation::duration));
          break;
      }
      if (errors.list.size() > before || name == null) {
        return null;
      }
      return b.build();
    }

    /** Checks the keys every type shares; returns the window (5m when absent or invalid). */
    Duration validateCommon(
        String label, YamlNode node, Map<String, YamlNode.Entry> defaults, RuleType type,
        Rule.Builder b) {
      Field filter = field(node, defaults, FILTER, type);
      if (filter == null) {
        errors.add(
            node.line, node.column, label + ": key 'filter'",
            "required (a Cloud Logging filter; '' matches every entry)");
      } else {
        try {
          b.setFilter(compile(filter.node));
        } catch (BadValue e) {
          report(label, filter, e.getMessage());
        }
      }

      List<String> groupBy = List.of();
      Field gb = field(node, defaults, GROUP_BY, type);
      if (gb != null) {
        try {
          groupBy = parseGroupBy(gb.node);
          List<@Nullable FieldPath> paths = new ArrayList<>();
          for (String k : groupBy) {
            paths.add(k.equals(Rule.TEMPLATE_KEY) ? null : FieldPath.parse(k));
          }
          b.setGroupBy(List.copyOf(groupBy));
          b.setGroupByPaths(Collections.unmodifiableList(paths));
        } catch (BadValue e) {
          report(label, gb, e.getMessage());
          groupBy = null;
        }
      }

      Duration window = Duration.standardMinutes(5);
      if (type != RuleType.ABSENCE) {
        window = validateWindow(label, node, defaults, type, b);
        b.setResolveAfter(optional(label, node, defaults, type, RESOLVE_AFTER, 1L,
            v -> integer(v, 1, 1000)).intValue());
      }
      b.setSeverity(optional(label, node, defaults, type, SEVERITY, AlertSeverity.WARNING,
          Validation::parseSeverity));
      b.setSuppressFor(optional(label, node, defaults, type, SUPPRESS_FOR,
          Duration.standardMinutes(30), Validation::duration));
      b.setRunbook(optional(label, node, defaults, type, RUNBOOK, "", Validation::parseRunbook));

      Field desc = field(node, defaults, DESCRIPTION, type);
      if (desc != null) {
        try {
          String text = string(desc.node);
          if (groupBy != null) {
            checkPlaceholders(text, groupBy);
          }
          b.setDescription(text);
        } catch (BadValue e) {
          report(label, desc, e.getMessage());
        }
      }
      return window;
    }

    /** window, period and their relation; see README for the default period. */
    Duration validateWindow(
        String label, YamlNode node, Map<String, YamlNode.Entry> defaults, RuleType type,
        Rule.Builder b) {
      Duration window = optional(label, node, defaults, type, WINDOW,
          Duration.standardMinutes(5), v -> {
            Duration d = wholeSeconds(duration(v));
            if (d.isLongerThan(MAX_WINDOW)) {
              throw new BadValue("window " + HumanDurations.format(d) + " is longer than the"
                  + " maximum of 1d");
            }
            return d;
          });
      b.setWindow(window);
      Field pf = field(node, defaults, PERIOD, type);
      if (pf == null) {
        b.setPeriod(defaultPeriod(window));
        return window;
      }
      try {
        Duration period = wholeSeconds(duration(pf.node));
        long w = window.getStandardSeconds();
        long p = period.getStandardSeconds();
        if (p > w) {
          throw new BadValue("period " + HumanDurations.format(period)
              + " is longer than the window " + HumanDurations.format(window));
        }
        if (w % p != 0) {
          throw new BadValue("period " + HumanDurations.format(period)
              + " must divide the window " + HumanDurations.format(window)
              + " evenly (e.g. " + HumanDurations.format(defaultPeriod(window)) + ")");
        }
        if (w / p > MAX_WINDOWS_PER_PERIOD) {
          throw new BadValue("period " + HumanDurations.format(period) + " is too short for"
              + " the window " + HumanDurations.format(window) + ": each entry would be in "
              + (w / p) + " overlapping windows (max " + MAX_WINDOWS_PER_PERIOD + ")");
        }
        b.setPeriod(period);
      } catch (BadValue e) {
        report(label, pf, e.getMessage());
      }
      return window;
    }

    void validateThreshold(
        String label, YamlNode node, Map<String, YamlNode.Entry> defaults, RuleType type,
        Rule.Builder b) {
      Field f = field(node, defaults, THRESHOLD, type);
      if (f == null) {
        String example = type == RuleType.THRESHOLD ? "a count like 5"
            : type == RuleType.RATIO ? "a fraction like 0.05 or '5%'" : "a duration like 1.5s";
        errors.add(node.line, node.column, label + ": key 'threshold'",
            "required for type " + type.key() + " (" + example + ")");
        return;
      }
      try {
        b.setThreshold(parseThreshold(f.node, type));
      } catch (BadValue e) {
        report(label, f, e.getMessage());
      }
    }

    void validateNumerator(
        String label, YamlNode node, Map<String, YamlNode.Entry> defaults, Rule.Builder b) {
      Field f = field(node, defaults, NUMERATOR, RuleType.RATIO);
      if (f == null) {
        errors.add(node.line, node.column, label + ": key 'numerator'",
            "required for type ratio (the filter for the 'bad' entries, applied within"
                + " 'filter')");
        return;
      }
      try {
        CompiledFilter c = compile(f.node);
        if (c.text().isBlank()) {
          throw new BadValue("must not be empty: a numerator matching everything is always"
              + " ratio 1");
        }
        b.setNumerator(c);
      } catch (BadValue e) {
        report(label, f, e.getMessage());
      }
    }

    void validateAbsence(
        String label, YamlNode node, Map<String, YamlNode.Entry> defaults, RuleType type,
        Rule.Builder b) {
      Field ew = field(node, defaults, EXPECT_WITHIN, type);
      Duration expect = null;
      if (ew == null) {
        errors.add(node.line, node.column, label + ": key 'expectWithin'",
            "required for type absence (how long without a matching entry before firing,"
                + " e.g. 75m)");
      } else {
        try {
          expect = duration(ew.node);
          b.setExpectWithin(expect);
        } catch (BadValue e) {
          report(label, ew, e.getMessage());
        }
      }
      Field fa = field(node, defaults, FORGET_AFTER, type);
      Duration forget = Duration.standardDays(7);
      if (fa != null) {
        try {
          forget = duration(fa.node);
        } catch (BadValue e) {
          report(label, fa, e.getMessage());
          return;
        }
      }
      if (expect != null && !forget.isLongerThan(expect)) {
        String msg = "forgetAfter " + HumanDurations.format(forget)
            + " must be longer than expectWithin " + HumanDurations.format(expect);
        if (fa != null) {
          report(label, fa, msg);
        } else {
          report(label, ew, msg + " (forgetAfter defaults to 7d)");
        }
        return;
      }
      b.setForgetAfter(forget);
    }

    void validateSpike(
        String label, YamlNode node, Map<String, YamlNode.Entry> defaults, RuleType type,
        Rule.Builder b, Duration window) {
      b.setFactor(optional(label, node, defaults, type, FACTOR, 3.0, Validation::parseFactor));
      b.setDirection(optional(label, node, defaults, type, DIRECTION, SpikeDirection.UP,
          Validation::parseDirection));
      b.setMinCount(optional(label, node, defaults, type, MIN_COUNT, 0L,
          v -> integer(v, 0, 1_000_000_000L)));
      Field f = field(node, defaults, BASELINE, type);
      if (f == null) {
        b.setBaseline(window.multipliedBy(6));
        return;
      }
      try {
        long w = window.getMillis();
        Duration base;
        if (f.node.isInteger()) {
          base = window.multipliedBy(parseBaselineAlone(f.node));
        } else {
          base = duration(f.node);
          if (base.getMillis() < w) {
            throw new BadValue("baseline " + HumanDurations.format(base)
                + " is shorter than the window " + HumanDurations.format(window));
          }
          if (base.getMillis() % w != 0) {
            throw new BadValue("baseline " + HumanDurations.format(base)
                + " must be a whole number of windows (window " + HumanDurations.format(window)
                + ")");
          }
          if (base.getMillis() / w > 1000) {
            throw new BadValue("baseline covers " + base.getMillis() / w
                + " windows (max 1000)");
          }
        }
        b.setBaseline(base);
      } catch (BadValue e) {
        report(label, f, e.getMessage());
      }
    }

    // ------------------------------------------------------------------------------- helpers

    interface ValueParser<T> {
      T parse(YamlNode v) throws BadValue;
    }

    /** Value of an optional key: the rule's own, else the default, else {@code fallback}. */
    <T> T optional(
        String label, YamlNode node, Map<String, YamlNode.Entry> defaults, RuleType type,
        String key, T fallback, ValueParser<T> parser) {
      Field f = field(node, defaults, key, type);
      if (f == null) {
        return fallback;
      }
      try {
        return parser.parse(f.node);
      } catch (BadValue e) {
        report(label, f, e.getMessage());
        return fallback;
      }
    }

    /**
     * The rule's own value for {@code key} when it has one (and it is valid for the type), else
     * the default when the key applies to the type. Null when neither.
     */
    @Nullable
    Field field(
        YamlNode node, Map<String, YamlNode.Entry> defaults, String key,
        @Nullable RuleType type) {
      if (type != null && !KEYS.get(key).contains(type)) {
        return null;
      }
      YamlNode.Entry own = node.entries.get(key);
      if (own != null) {
        return new Field(key, own.value, false);
      }
      YamlNode.Entry def = defaults.get(key);
      return def == null ? null : new Field(key, def.value, true);
    }

    void report(String label, Field f, String message) {
      String where = label + ": key '" + f.key + "'"
          + (f.fromDefaults ? " (from defaults)" : "");
      errors.add(f.node.line, f.node.column, where, message);
    }

    // ------------------------------------------------------------------------- value parsers

    static String parseName(YamlNode v) throws BadValue {
      if (!v.isScalar()) {
        throw new BadValue("must be a text like 'checkout-errors', got " + v.describe());
      }
      String s = v.text;
      boolean ok = !s.isEmpty() && s.length() <= MAX_NAME_LENGTH && isNameStart(s.charAt(0));
      for (int i = 1; ok && i < s.length(); i++) {
        char c = s.charAt(i);
        ok = isNameStart(c) || c == '-';
      }
      if (!ok) {
        throw new BadValue("'" + s + "' is not a valid rule name: use lower-case letters a-z,"
            + " digits and '-', starting with a letter or digit, at most " + MAX_NAME_LENGTH
            + " characters");
      }
      return s;
    }

    private static boolean isNameStart(char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    static RuleType parseType(YamlNode v) throws BadValue {
      String s = scalarText(v);
      RuleType t = RuleType.fromKey(s);
      if (t == null) {
        List<String> keys = typeKeysList();
        throw new BadValue("unknown type '" + s + "'" + hint(s, keys) + " (one of "
            + typeKeys() + ")");
      }
      return t;
    }

    static AlertSeverity parseSeverity(YamlNode v) throws BadValue {
      String s = scalarText(v);
      AlertSeverity sev = AlertSeverity.fromKey(s.toLowerCase(Locale.ROOT));
      if (sev == null) {
        throw new BadValue("unknown severity '" + s + "' (one of critical, error, warning, info)");
      }
      return sev;
    }

    static SpikeDirection parseDirection(YamlNode v) throws BadValue {
      String s = scalarText(v);
      switch (s.toLowerCase(Locale.ROOT)) {
        case "up":
          return SpikeDirection.UP;
        case "down":
          return SpikeDirection.DOWN;
        case "both":
          return SpikeDirection.BOTH;
        default:
          throw new BadValue("unknown direction '" + s + "' (one of up, down, both)");
      }
    }

    static CompiledFilter compile(YamlNode v) throws BadValue {
      if (!v.isScalar()) {
        throw new BadValue("must be filter text (quote it: filter: 'severity>=ERROR'), got "
            + v.describe());
      }
      String text = v.text;
      if (text.length() > MAX_FILTER_CHARS) {
        throw new BadValue("filter is " + text.length() + " characters long (max "
            + MAX_FILTER_CHARS + ")");
      }
      try {
        return Filter.compile(text);
      } catch (FilterSyntaxException e) {
        throw new BadValue("invalid filter: " + e.getMessage() + " in '" + excerpt(text) + "'");
      } catch (RuntimeException e) {
        throw new BadValue("invalid filter: " + e.getMessage());
      }
    }

    private static String excerpt(String text) {
      return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }

    static List<String> parseGroupBy(YamlNode v) throws BadValue {
      List<YamlNode> items;
      if (v.isList()) {
        items = v.items;
      } else if (v.isString()) {
        items = List.of(v);
      } else {
        throw new BadValue("must be a list of fields, like [service] or"
            + " [resource.labels.service_name], got " + v.describe());
      }
      if (items.size() > MAX_GROUP_BY) {
        throw new BadValue("has " + items.size() + " keys (max " + MAX_GROUP_BY + ")");
      }
      List<String> keys = new ArrayList<>();
      for (YamlNode item : items) {
        if (!item.isString()) {
          throw new BadValue("must be a list of field names, got " + item.describe());
        }
        String k = item.text;
        if (keys.contains(k)) {
          throw new BadValue("lists '" + k + "' twice");
        }
        if (!k.equals(Rule.TEMPLATE_KEY)) {
          checkGroupField(k);
        }
        keys.add(k);
      }
      return keys;
    }

    private static void checkGroupField(String k) throws BadValue {
      FieldPath p;
      try {
        p = FieldPath.parse(k);
      } catch (IllegalArgumentException e) {
        throw new BadValue(e.getMessage());
      }
      List<String> segs = p.segments();
      String head = segs.get(0);
      if (!p.isKnown()) {
        if (head.equals("resource")) {
          throw new BadValue("unknown field '" + k + "' (use resource.type or"
              + " resource.labels.NAME)");
        }
        if (segs.size() == 1) {
          throw new BadValue("unknown field '" + k + "'" + hint(k, FIELD_HEADS)
              + " (known: LogEntry fields like resource.labels.x, labels.x, jsonPayload.x,"
              + " httpRequest.status, severity, logName, or derived service, template)");
        }
        throw new BadValue("unknown field '" + k + "'");
      }
      boolean whole =
          segs.size() == 1 && List.of("labels", "httpRequest", "operation", "jsonPayload",
              "protoPayload", "sourceLocation", "split").contains(head)
          || segs.size() == 2 && head.equals("resource") && segs.get(1).equals("labels");
      if (whole) {
        throw new BadValue("'" + k + "' is a whole object; group by one of its fields, like '"
            + k + ".NAME'");
      }
    }

    static String parseRunbook(YamlNode v) throws BadValue {
      String s = scalarText(v);
      URI u;
      try {
        u = new URI(s);
      } catch (URISyntaxException e) {
        throw new BadValue("'" + s + "' is not a URL: " + e.getReason());
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new BadValue("'" + s + "' must be an http(s) URL like"
            + " https://wiki.example.com/runbooks/checkout");
      }
      return s;
    }

    static double parsePercentile(YamlNode v) throws BadValue {
      double p = number(v);
      if (!(p > 0 && p < 100)) {
        throw new BadValue("percentile must be between 0 and 100 (exclusive), like 95 or 99.9;"
            + " got " + v.text);
      }
      return p;
    }

    static double parseFactor(YamlNode v) throws BadValue {
      double f = number(v);
      if (!(f > 1 && f <= 1000)) {
        throw new BadValue("factor must be greater than 1 (and at most 1000), like 3; got "
            + v.text + " (for direction down it is the drop factor: current <= baseline /"
            + " factor)");
      }
      return f;
    }

    static long parseBaselineAlone(YamlNode v) throws BadValue {
      if (v.isInteger()) {
        return integer(v, 1, 1000);
      }
      if (v.isString()) {
        duration(v);
        return 0;
      }
      throw new BadValue("must be a number of windows (like 6) or a duration (like 1h), got "
          + v.describe());
    }

    static double parseThreshold(YamlNode v, RuleType type) throws BadValue {
      switch (type) {
        case THRESHOLD:
          if (!v.isInteger()) {
            throw new BadValue("threshold for type threshold is a count of entries, a whole"
                + " number >= 1, like 5; got " + v.describe());
          }
          return integer(v, 1, 1_000_000_000L);
        case RATIO:
          {
            String s = scalarText(v);
            double x;
            if (s.endsWith("%")) {
              double pct;
              try {
                pct = Double.parseDouble(s.substring(0, s.length() - 1).trim());
              } catch (NumberFormatException e) {
                throw new BadValue("'" + s + "' is not a percentage like '5%'");
              }
              if (!(pct > 0 && pct <= 100)) {
                throw new BadValue("ratio threshold '" + s + "' must be above 0% and at most"
                    + " 100%");
              }
              x = pct / 100.0;
            } else {
              if (!v.isNumber()) {
                throw new BadValue("ratio threshold must be a fraction like 0.05 or a"
                    + " percentage like '5%'; got " + v.describe());
              }
              x = Double.parseDouble(s);
              if (!(x > 0 && x <= 1)) {
                throw new BadValue("ratio threshold must be a fraction with 0 < x <= 1, like"
                    + " 0.05 (or a percentage like '5%'); got " + s);
              }
            }
            return x;
          }
        case LATENCY:
          {
            if (v.isNumber()) {
              throw new BadValue("latency threshold must be a duration with a unit, like 1.5s"
                  + " or 500ms; got " + v.text);
            }
            Duration d = duration(v);
            return d.getMillis() / 1000.0;
          }
        default:
          throw new BadValue("threshold is not used by type " + type.key());
      }
    }

    static Duration duration(YamlNode v) throws BadValue {
      if (!v.isScalar()) {
        throw new BadValue("must be a duration like 30s, 5m, 2h, 1d or 1h30m, got "
            + v.describe());
      }
      if (v.isNumber()) {
        throw new BadValue("duration '" + v.text + "' needs a unit (ms, s, m, h or d), e.g. '"
            + v.text + "s' or '" + v.text + "m'");
      }
      try {
        return HumanDurations.parse(v.text);
      } catch (IllegalArgumentException e) {
        throw new BadValue(e.getMessage());
      }
    }

    static Duration wholeSeconds(Duration d) throws BadValue {
      if (d.getMillis() % 1000 != 0) {
        throw new BadValue("'" + HumanDurations.format(d) + "' must be a whole number of"
            + " seconds");
      }
      return d;
    }

    static long integer(YamlNode v, long min, long max) throws BadValue {
      if (!v.isInteger()) {
        throw new BadValue("must be a whole number, got " + v.describe());
      }
      long x;
      try {
        x = Long.parseLong(v.text.replace("_", ""));
      } catch (NumberFormatException e) {
        throw new BadValue("'" + v.text + "' is out of range (" + min + ".." + max + ")");
      }
      if (x < min || x > max) {
        throw new BadValue("must be between " + min + " and " + max + ", got " + v.text);
      }
      return x;
    }

    static double number(YamlNode v) throws BadValue {
      if (!v.isNumber()) {
        throw new BadValue("must be a number, got " + v.describe());
      }
      double d = Double.parseDouble(v.text.replace("_", ""));
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new BadValue("must be a finite number, got " + v.text);
      }
      return d;
    }

    static String string(YamlNode v) throws BadValue {
      if (!v.isScalar()) {
        throw new BadValue("must be text, got " + v.describe());
      }
      if (v.text.length() > MAX_DESCRIPTION_CHARS) {
        throw new BadValue("is " + v.text.length() + " characters long (max "
            + MAX_DESCRIPTION_CHARS + ")");
      }
      return v.text;
    }

    static String scalarText(YamlNode v) throws BadValue {
      if (!v.isScalar()) {
        throw new BadValue("must be a single value, got " + v.describe());
      }
      return v.text;
    }

    /** Placeholders: {value}, {threshold}, {group.KEY} with KEY one of the groupBy keys. */
    static void checkPlaceholders(String text, List<String> groupBy) throws BadValue {
      int i = 0;
      while ((i = text.indexOf('{', i)) >= 0) {
        int end = text.indexOf('}', i + 1);
        if (end < 0) {
          return;
        }
        String ph = text.substring(i + 1, end);
        if (ph.startsWith("group.")) {
          String key = ph.substring("group.".length());
          if (!groupBy.contains(key)) {
            throw new BadValue("placeholder {" + ph + "} names '" + key + "', which is not a"
                + " groupBy key" + (groupBy.isEmpty() ? " (the rule has no groupBy)"
                : " (groupBy: " + String.join(", ", groupBy) + ")"));
          }
        } else if (!ph.equals("value") && !ph.equals("threshold")) {
          throw new BadValue("unknown placeholder {" + ph + "}" + hint(ph,
              List.of("value", "threshold")) + " (use {value}, {threshold} or {group.KEY})");
        }
        i = end + 1;
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Hints

  private static String typeKeys() {
    return String.join(", ", typeKeysList());
  }

  private static List<String> typeKeysList() {
    List<String> keys = new ArrayList<>();
    for (RuleType t : RuleType.values()) {
      keys.add(t.key());
    }
    return keys;
  }

  private static String onlyValidFor(Set<RuleType> types) {
    List<String> names = types.stream().map(RuleType::key).collect(Collectors.toList());
    return names.size() == 1
        ? "only valid for type " + names.get(0)
        : "only valid for types " + String.join(", ", names);
  }

  private static String notUsedWhy(String key, RuleType type) {
    if (type == RuleType.ABSENCE && (key.equals(WINDOW) || key.equals(PERIOD))) {
      return " (absence rules use expectWithin)";
    }
    if (type == RuleType.ABSENCE && key.equals(RESOLVE_AFTER)) {
      return " (an absence alert resolves when a matching entry arrives)";
    }
    return "";
  }

  /** " ; did you mean 'x'?" for a near miss (case-insensitive edit distance), else "". */
  static String hint(String word, Iterable<String> candidates) {
    String best = null;
    int bestDist = Integer.MAX_VALUE;
    String w = word.toLowerCase(Locale.ROOT);
    for (String c : candidates) {
      int d = distance(w, c.toLowerCase(Locale.ROOT));
      if (d < bestDist) {
        bestDist = d;
        best = c;
      }
    }
    int allowed = Math.max(1, Math.min(3, word.length() / 3));
    return best != null && bestDist <= allowed ? "; did you mean '" + best + "'?" : "";
  }

  /** Optimal-string-alignment distance: edits plus adjacent transpositions ("vaule"). */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  /** The default period: about a fifth of the window, within [10s, 5m], dividing it evenly. */
  static Duration defaultPeriod(Duration window) {
    long w = window.getStandardSeconds();
    if (w <= 0) {
      return window;
    }
    long target = Math.max(10, Math.min(300, w / 5));
    target = Math.min(target, w);
    long best = -1;
    long smallestAllowed = -1;
    for (long p = 1; p <= w; p++) {
      if (w % p != 0 || w / p > MAX_WINDOWS_PER_PERIOD) {
        continue;
      }
      if (smallestAllowed < 0) {
        smallestAllowed = p;
      }
      if (p <= target) {
        best = p;
      }
    }
    return Duration.standardSeconds(best > 0 ? best : smallestAllowed);
  }
}
