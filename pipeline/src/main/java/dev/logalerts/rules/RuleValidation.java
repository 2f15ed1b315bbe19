package dev.logalerts.rules;

import static dev.logalerts.rules.RuleKeys.DESCRIPTION;
import static dev.logalerts.rules.RuleKeys.FILTER;
import static dev.logalerts.rules.RuleKeys.GROUP_BY;
import static dev.logalerts.rules.RuleKeys.NAME;
import static dev.logalerts.rules.RuleKeys.PERIOD;
import static dev.logalerts.rules.RuleKeys.RESOLVE_AFTER;
import static dev.logalerts.rules.RuleKeys.RUNBOOK;
import static dev.logalerts.rules.RuleKeys.SEVERITY;
import static dev.logalerts.rules.RuleKeys.SUPPRESS_FOR;
import static dev.logalerts.rules.RuleKeys.TYPE;
import static dev.logalerts.rules.RuleKeys.WINDOW;

import dev.logalerts.alerting.RuleKinds;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.FieldPath;
import dev.logalerts.rules.RuleFields.Field;
import dev.logalerts.yaml.YamlNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Validation of a parsed rules file: the top level, the {@code defaults:} block, and per rule its
 * name, type, unknown keys and keys of another type, and the keys every kind shares; the kind
 * ({@link RuleKinds}) validates its own keys. Problems are collected, never thrown one by one.
 */
final class RuleValidation {
  private static final List<String> TOP_LEVEL_KEYS = List.of("defaults", "rules", "silences");

  final RulesFileErrors errors;

  /** The file's silences, set by {@link #validateFile}. */
  List<Silence> silences = List.of();

  /** Notes on the file as a whole, set by {@link #validateFile}. */
  final List<String> notes = new ArrayList<>();

  RuleValidation(RulesFileErrors errors) {
    this.errors = errors;
  }

  List<Rule> validateFile(YamlNode root) {
    if (root.isNull()) {
      errors.add(0, 0, null, "rules file is empty; expected a map with a 'rules:' list");
      return List.of();
    }
    if (!root.isMap()) {
      errors.add(
          root.line,
          root.column,
          null,
          "expected a map with 'defaults:' and 'rules:' at the top, got " + root.describe());
      return List.of();
    }
    for (YamlNode.Entry e : root.entries.values()) {
      if (!TOP_LEVEL_KEYS.contains(e.key)) {
        errors.add(
            e.line,
            e.column,
            null,
            "unknown top-level key '"
                + e.key
                + "'"
                + KeyHints.hint(e.key, TOP_LEVEL_KEYS)
                + " (a rules file has 'defaults:', 'rules:' and 'silences:')");
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
          list.line,
          list.column,
          null,
          "'rules' must be a list of rules (items starting with '- name: ...'), got "
              + list.describe());
      return List.of();
    }
    if (list.items.size() > RulesLoader.MAX_RULES) {
      errors.add(
          list.line,
          list.column,
          null,
          "too many rules: " + list.items.size() + " (max " + RulesLoader.MAX_RULES + " per file)");
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < list.items.size(); i++) {
      Rule r = validateRule(i, list.items.get(i), defaults, seen);
      if (r != null) {
        rules.add(r);
      }
    }
    unusedDefaults(defaults, rules);
    YamlNode.Entry silencesEntry = root.entries.get("silences");
    if (silencesEntry != null) {
      silences = new SilenceValidation(errors).validate(silencesEntry, rules);
    }
    return rules;
  }

  /**
   * A default that no rule of the file takes (minCount in a file of threshold rules) is valid, as
   * defaults apply by type, but it does nothing: noted, so that it is not silently ignored.
   */
  private void unusedDefaults(Map<String, YamlNode.Entry> defaults, List<Rule> rules) {
    if (rules.isEmpty()) {
      return;
    }
    for (YamlNode.Entry e : defaults.values()) {
      boolean taken = false;
      for (Rule r : rules) {
        taken |= RuleKeys.accepts(e.key, r.type());
      }
      if (!taken) {
        notes.add(
            "defaults: "
                + e.key
                + " (line "
                + e.line
                + ") applies to no rule of this file: it is "
                + KeyHints.onlyValidFor(RuleKeys.table().get(e.key)));
      }
    }
  }

  /** Checks the defaults block; returns its usable entries (bad ones reported and dropped). */
  Map<String, YamlNode.Entry> validateDefaults(YamlNode.@Nullable Entry entry) {
    if (entry == null || entry.value.isNull()) {
      return Map.of();
    }
    YamlNode node = entry.value;
    if (!node.isMap()) {
      errors.add(
          node.line,
          node.column,
          "defaults",
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
      if (!RuleKeys.table().containsKey(e.key)) {
        errors.add(
            e.line,
            e.column,
            "defaults: key '" + e.key + "'",
            "unknown key" + KeyHints.hint(e.key, RuleKeys.table().keySet()));
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
  @Nullable String checkAlone(String key, YamlNode v) {
    try {
      switch (key) {
        case TYPE:
          RuleValues.parseType(v);
          break;
        case FILTER:
          RuleValues.filter(v);
          break;
        case GROUP_BY:
          RuleValues.parseGroupBy(v);
          break;
        case WINDOW:
        case PERIOD:
          RuleValues.wholeSeconds(v);
          break;
        case SEVERITY:
          RuleValues.parseSeverity(v);
          break;
        case SUPPRESS_FOR:
          RuleValues.duration(v);
          break;
        case RESOLVE_AFTER:
          RuleValues.integer(v, 1, 1000);
          break;
        case DESCRIPTION:
          RuleValues.string(v);
          break;
        case RUNBOOK:
          RuleValues.parseRunbook(v);
          break;
        case NotifyKeys.FLAP_COUNT:
        case NotifyKeys.FLAP_WINDOW:
        case NotifyKeys.RENOTIFY_EVERY:
          return NotifyKeys.checkAlone(key, v);
        default:
          RuleKey k = RuleKeys.kindKey(key);
          return k == null ? null : k.checkAlone(v);
      }
      return null;
    } catch (BadValue e) {
      return e.getMessage();
    }
  }

  @Nullable Rule validateRule(
      int index, YamlNode node, Map<String, YamlNode.Entry> defaults, Map<String, Integer> seen) {
    String label = "rules[" + index + "]";
    if (!node.isMap()) {
      errors.add(
          node.line,
          node.column,
          label,
          "expected a rule (a map of keys like 'name:', 'type:', 'filter:'), got "
              + node.describe());
      return null;
    }
    int before = errors.list.size();
    MisspeltKeys typos = new MisspeltKeys("rule", "");
    for (YamlNode.Entry e : node.entries.values()) {
      if (!RuleKeys.table().containsKey(e.key)) {
        typos.add(node, e, RuleKeys.table().keySet());
      }
    }

    // Name first: it labels every other error of this rule.
    YamlNode.Entry nameEntry = node.entries.get(NAME);
    String name = null;
    if (nameEntry == null) {
      if (!typos.absorbMissing(NAME, "required")) {
        errors.add(node.line, node.column, label + ": key 'name'", "required");
      }
    } else {
      try {
        name = RuleValues.parseName(nameEntry.value);
        label = "rule '" + name + "'";
        Integer firstLine = seen.putIfAbsent(name, nameEntry.value.line);
        if (firstLine != null) {
          errors.add(
              nameEntry.value.line,
              nameEntry.value.column,
              label + ": key 'name'",
              "duplicate rule name (first defined at line " + firstLine + ")");
        }
      } catch (BadValue e) {
        errors.add(
            nameEntry.value.line, nameEntry.value.column, label + ": key 'name'", e.getMessage());
        name = null;
      }
    }

    // Type: decides which keys are valid.
    RuleType type = null;
    Field typeField = RuleFields.lookup(node, defaults, TYPE, null);
    if (typeField == null) {
      if (!typos.absorbMissing(TYPE, "required (one of " + KeyHints.typeKeys() + ")")) {
        errors.add(
            node.line,
            node.column,
            label + ": key 'type'",
            "required (one of " + KeyHints.typeKeys() + ")");
      }
    } else {
      try {
        type = RuleValues.parseType(typeField.node);
      } catch (BadValue e) {
        RuleFields.report(errors, label, typeField, e.getMessage());
      }
    }

    // Unknown keys, and keys of another type.
    for (YamlNode.Entry e : node.entries.values()) {
      Set<RuleType> types = RuleKeys.table().get(e.key);
      if (types == null) {
        if (typos.holds(e)) {
          continue;
        }
        errors.add(
            e.line,
            e.column,
            label + ": key '" + e.key + "'",
            "unknown key"
                + KeyHints.hint(e.key, RuleKeys.table().keySet())
                + foreignKeyHint(e.key, type));
      } else if (type != null && !types.contains(type)) {
        errors.add(
            e.line,
            e.column,
            label + ": key '" + e.key + "'",
            e.key
                + " is "
                + KeyHints.onlyValidFor(types)
                + ", not "
                + type.key()
                + RuleKinds.of(type).whyNot(e.key));
      }
    }
    if (type == null) {
      // Still check the common keys, so one round of fixes covers them too.
      for (String key : List.of(FILTER, GROUP_BY, SEVERITY, SUPPRESS_FOR, RUNBOOK)) {
        Field f = RuleFields.lookup(node, defaults, key, null);
        if (f != null && !f.fromDefaults) {
          String problem = checkAlone(key, f.node);
          if (problem != null) {
            RuleFields.report(errors, label, f, problem);
          }
        }
      }
      typos.report(errors, label);
      return null;
    }

    Rule.Builder b = Rule.builder().setType(type);
    if (name != null) {
      b.setName(name);
    }
    KindSpec kind = RuleKinds.of(type);
    RuleFields fields = new RuleFields(errors, label, node, defaults, type, typos);
    Duration window = validateCommon(fields, kind, b);
    kind.validate(fields, b, window);
    typos.report(errors, label);
    if (errors.list.size() > before || name == null) {
      return null;
    }
    return b.build();
  }

  /** Checks the keys every type shares; returns the window (5m when absent or invalid). */
  Duration validateCommon(RuleFields f, KindSpec kind, Rule.Builder b) {
    CompiledFilter filter =
        f.required(
            FILTER,
            "required (a Cloud Logging filter; '' matches every entry)",
            RuleValues::filter);
    if (filter != null) {
      b.setFilter(filter);
    }

    List<String> groupBy = List.of();
    Field gb = f.field(GROUP_BY);
    if (gb != null) {
      try {
        groupBy = RuleValues.parseGroupBy(gb.node);
        List<@Nullable FieldPath> paths = new ArrayList<>();
        for (String k : groupBy) {
          paths.add(k.equals(Rule.TEMPLATE_KEY) ? null : FieldPath.parse(k));
        }
        b.setGroupBy(List.copyOf(groupBy));
        b.setGroupByPaths(Collections.unmodifiableList(paths));
      } catch (BadValue e) {
        f.report(gb, e.getMessage());
        groupBy = null;
      }
    }

    Duration window = Duration.standardMinutes(5);
    if (kind.windowed()) {
      window = validateWindow(f, b);
      b.setResolveAfter(
          f.optional(RESOLVE_AFTER, 1L, v -> RuleValues.integer(v, 1, 1000)).intValue());
    }
    b.setSeverity(f.optional(SEVERITY, AlertSeverity.WARNING, RuleValues::parseSeverity));
    Duration suppressFor =
        f.optional(SUPPRESS_FOR, Duration.standardMinutes(30), RuleValues::duration);
    b.setSuppressFor(suppressFor);
    if (kind.incidents()) {
      NotifyKeys.validate(f, b, suppressFor);
    }
    b.setRunbook(f.optional(RUNBOOK, "", RuleValues::parseRunbook));

    Field desc = f.field(DESCRIPTION);
    if (desc != null) {
      try {
        String text = RuleValues.string(desc.node);
        if (groupBy != null) {
          RuleValues.checkPlaceholders(text, groupBy);
        }
        b.setDescription(text);
      } catch (BadValue e) {
        f.report(desc, e.getMessage());
      }
    }
    return window;
  }

  /** window, period and their relation; see README for the default period. */
  Duration validateWindow(RuleFields f, Rule.Builder b) {
    Duration window =
        f.optional(
            WINDOW,
            Duration.standardMinutes(5),
            v -> {
              Duration d = RuleValues.wholeSeconds(v);
              if (d.isLongerThan(RulesLoader.MAX_WINDOW)) {
                throw new BadValue("window " + v.text + " is longer than the maximum of 1d");
              }
              return d;
            });
    b.setWindow(window);
    Field pf = f.field(PERIOD);
    if (pf == null) {
      b.setPeriod(RulesLoader.defaultPeriod(window));
      return window;
    }
    try {
      Duration period = RuleValues.wholeSeconds(pf.node);
      Field wf = f.field(WINDOW);
      String windowText = RuleValues.written(wf == null ? null : wf.node, window);
      long w = window.getStandardSeconds();
      long p = period.getStandardSeconds();
      if (p > w) {
        throw new BadValue("period " + pf.node.text + " is longer than the window " + windowText);
      }
      if (w % p != 0) {
        throw new BadValue(
            "period "
                + pf.node.text
                + " must divide the window "
                + windowText
                + " evenly (e.g. "
                + HumanDurations.format(RulesLoader.defaultPeriod(window))
                + ")");
      }
      if (w / p > RulesLoader.MAX_WINDOWS_PER_PERIOD) {
        throw new BadValue(
            "period "
                + pf.node.text
                + " is too short for"
                + " the window "
                + windowText
                + ": each entry would be in "
                + (w / p)
                + " overlapping windows (max "
                + RulesLoader.MAX_WINDOWS_PER_PERIOD
                + ")");
      }
      b.setPeriod(period);
    } catch (BadValue e) {
      f.report(pf, e.getMessage());
    }
    return window;
  }

  /**
   * What to write instead of another tool's key: the rule's kind's own word when it has one (a
   * pending period, {@code for}, is an absence rule's expectWithin), else the general one.
   */
  private static String foreignKeyHint(String key, @Nullable RuleType type) {
    String own = type == null ? "" : RuleKinds.of(type).whyNot(key);
    return own.isEmpty() ? KeyHints.foreign(key) : own;
  }
}
