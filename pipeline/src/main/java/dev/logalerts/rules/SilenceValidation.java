package dev.logalerts.rules;

import dev.logalerts.model.Severity;
import dev.logalerts.model.Timestamps;
import dev.logalerts.rules.RuleFields.Field;
import dev.logalerts.yaml.YamlNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.joda.time.Duration;

/**
 * Validation of the rules file's top-level {@code silences:} list (docs/rules-file.md "Silences").
 * Every problem is reported with the silence's name and key ({@code silences[N]} when the name is
 * missing or invalid), like the rules' errors.
 */
final class SilenceValidation {
  static final String NAME = "name";
  static final String RULES = "rules";
  static final String GROUP = "group";
  static final String SCHEDULE = "schedule";
  static final String DURATION = "duration";
  static final String TIME_ZONE = "timeZone";
  static final String FROM = "from";
  static final String UNTIL = "until";
  static final List<String> KEYS =
      List.of(NAME, RULES, GROUP, SCHEDULE, DURATION, TIME_ZONE, FROM, UNTIL);

  /** Most silences one file may hold. */
  static final int MAX_SILENCES = 200;

  /** Longest recurring window. */
  static final Duration MAX_DURATION = Duration.standardDays(31);

  private final RulesFileErrors errors;

  /** The unknown keys of the silence being checked that misspell a key it lacks. */
  private MisspeltKeys typos = new MisspeltKeys("silence", "");

  SilenceValidation(RulesFileErrors errors) {
    this.errors = errors;
  }

  List<Silence> validate(YamlNode.Entry entry, List<Rule> rules) {
    YamlNode list = entry.value;
    if (list.isNull()) {
      return List.of();
    }
    if (!list.isList()) {
      errors.add(
          list.line,
          list.column,
          null,
          "'silences' must be a list (items starting with '- name: ...'), got " + list.describe());
      return List.of();
    }
    if (list.items.size() > MAX_SILENCES) {
      errors.add(
          list.line,
          list.column,
          null,
          "too many silences: " + list.items.size() + " (max " + MAX_SILENCES + ")");
    }
    Map<String, Rule> byName = new TreeMap<>();
    for (Rule r : rules) {
      byName.put(r.name(), r);
    }
    List<Silence> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.items.size(); i++) {
      Silence s = one(i, list.items.get(i), byName, names);
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  private Silence one(int index, YamlNode node, Map<String, Rule> rules, Set<String> names) {
    if (!node.isMap()) {
      errors.add(
          node.line,
          node.column,
          "silences[" + index + "]",
          "must be a map with 'name:' and 'schedule:'/'duration:' or 'from:'/'until:', got "
              + node.describe());
      return null;
    }
    int before = errors.list.size();
    String label = "silences[" + index + "]";
    String keysHint = " (a silence has " + KEYS + ")";
    typos = new MisspeltKeys("silence", keysHint);
    for (YamlNode.Entry e : node.entries.values()) {
      if (!KEYS.contains(e.key)) {
        typos.add(node, e, KEYS);
      }
    }
    YamlNode.Entry ne = node.entries.get(NAME);
    String name = null;
    if (ne == null) {
      if (!typos.absorbMissing(NAME, "required")) {
        errors.add(node.line, node.column, label, "missing 'name'");
      }
    } else {
      try {
        name = RuleValues.parseName(ne.value);
        label = "silence '" + name + "'";
        if (!names.add(name)) {
          errors.add(ne.value.line, ne.value.column, label, "duplicate silence name");
        }
      } catch (BadValue e) {
        report(label, ne, e.getMessage().replace("rule name", "silence name"));
      }
    }
    for (YamlNode.Entry e : node.entries.values()) {
      if (!KEYS.contains(e.key) && !typos.holds(e)) {
        errors.add(
            e.line,
            e.column,
            label + ": key '" + e.key + "'",
            "unknown key" + KeyHints.hint(e.key, KEYS) + keysHint);
      }
    }
    List<String> ruleNames = ruleNames(label, node.entries.get(RULES), rules);
    TreeMap<String, String> group = group(label, node.entries.get(GROUP), ruleNames, rules);
    YamlNode.Entry schedule = node.entries.get(SCHEDULE);
    YamlNode.Entry duration = node.entries.get(DURATION);
    YamlNode.Entry zone = node.entries.get(TIME_ZONE);
    YamlNode.Entry from = node.entries.get(FROM);
    YamlNode.Entry until = node.entries.get(UNTIL);
    CronSchedule cron = null;
    long durationMillis = 0;
    long fromMillis = 0;
    long untilMillis = 0;
    boolean recurring = schedule != null || duration != null || zone != null;
    boolean once = from != null || until != null;
    if (recurring && once) {
      YamlNode.Entry at = from != null ? from : until;
      errors.add(
          at.line,
          at.column,
          label + ": key '" + at.key + "'",
          "a silence has either schedule + duration (+ timeZone) or from + until, not both");
    } else if (!recurring && !once) {
      errors.add(
          node.line,
          node.column,
          label,
          "needs schedule + duration (a recurring window, e.g. schedule: \"0 2 * * *\", duration:"
              + " 1h) or from + until (one window, RFC 3339 times)");
    } else if (recurring) {
      String tz = "UTC";
      if (zone != null) {
        try {
          tz = RuleValues.scalarText(zone.value);
          CronSchedule.zoneId(tz);
        } catch (BadValue e) {
          report(label, zone, e.getMessage());
          tz = null;
        }
      }
      if (schedule == null) {
        missing(node, label, SCHEDULE, "required with duration");
      } else {
        // A bad zone does not hide a bad schedule: check its syntax in UTC, so both are reported.
        try {
          cron = CronSchedule.parse(RuleValues.scalarText(schedule.value), tz == null ? "UTC" : tz);
        } catch (BadValue e) {
          report(label, schedule, e.getMessage());
        }
      }
      if (duration == null) {
        missing(
            node, label, DURATION, "required with schedule (how long each window lasts, e.g. 1h)");
      } else {
        try {
          Duration d = RuleValues.duration(duration.value);
          if (d.isLongerThan(MAX_DURATION)) {
            throw new BadValue("must be at most 31d, got " + duration.value.text);
          }
          durationMillis = d.getMillis();
        } catch (BadValue e) {
          report(label, duration, e.getMessage());
        }
      }
    } else {
      fromMillis = time(label, from, node, FROM);
      untilMillis = time(label, until, node, UNTIL);
      if (from != null
          && until != null
          && fromMillis != Long.MIN_VALUE
          && untilMillis != Long.MIN_VALUE
          && untilMillis <= fromMillis) {
        report(label, until, "must be after from (" + Timestamps.formatMillis(fromMillis) + ")");
      }
    }
    typos.report(errors, label);
    if (errors.list.size() > before || name == null) {
      return null;
    }
    return new Silence(
        name, List.copyOf(ruleNames), group, cron, durationMillis, fromMillis, untilMillis);
  }

  private long time(String label, YamlNode.Entry e, YamlNode node, String key) {
    if (e == null) {
      missing(node, label, key, "required with " + (key.equals(FROM) ? UNTIL : FROM));
      return Long.MIN_VALUE;
    }
    try {
      String text = RuleValues.scalarText(e.value);
      if (!text.contains("T") || !(text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$"))) {
        throw new BadValue(
            "'" + text + "' must be an RFC 3339 time with a zone, e.g. 2026-03-02T10:00:00Z");
      }
      return Math.floorDiv(Timestamps.parse(text), 1_000_000L);
    } catch (BadValue ex) {
      report(label, e, ex.getMessage());
    } catch (RuntimeException ex) {
      report(label, e, "not an RFC 3339 time (e.g. 2026-03-02T10:00:00Z): " + ex.getMessage());
    }
    return Long.MIN_VALUE;
  }

  private List<String> ruleNames(String label, YamlNode.Entry e, Map<String, Rule> rules) {
    if (e == null) {
      return List.of();
    }
    YamlNode v = e.value;
    List<YamlNode> items = v.isList() ? v.items : v.isScalar() ? List.of(v) : null;
    if (items == null || items.isEmpty()) {
      report(label, e, "must be a list of rule names, e.g. [repeated-errors], got " + v.describe());
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (YamlNode item : items) {
      String n = item.isScalar() ? item.text : null;
      if (n == null || !rules.containsKey(n)) {
        errors.add(
            item.line,
            item.column,
            label + ": key 'rules'",
            (n == null ? "not a rule name: " + item.describe() : "no rule named '" + n + "'")
                + (n == null ? "" : KeyHints.hint(n, rules.keySet())));
      } else if (!out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  private TreeMap<String, String> group(
      String label, YamlNode.Entry e, List<String> ruleNames, Map<String, Rule> rules) {
    TreeMap<String, String> out = new TreeMap<>();
    if (e == null) {
      return out;
    }
    if (!e.value.isMap() || e.value.entries.isEmpty()) {
      report(
          label,
          e,
          "must be a map of groupBy key to value, e.g. {service: shop/checkout}, got "
              + e.value.describe());
      return out;
    }
    List<Rule> scope = new ArrayList<>();
    for (Rule r : rules.values()) {
      if (ruleNames.isEmpty() || ruleNames.contains(r.name())) {
        scope.add(r);
      }
    }
    for (YamlNode.Entry g : e.value.entries.values()) {
      if (!g.value.isScalar()) {
        errors.add(
            g.value.line,
            g.value.column,
            label + ": key 'group'",
            "value of '" + g.key + "' must be a single value, got " + g.value.describe());
        continue;
      }
      boolean known = false;
      Set<String> keys = new HashSet<>();
      for (Rule r : scope) {
        keys.addAll(r.groupBy());
        known |= r.groupBy().contains(g.key);
      }
      if (!known) {
        errors.add(
            g.line,
            g.column,
            label + ": key 'group'",
            "'"
                + g.key
                + "' is not a groupBy key of "
                + (ruleNames.isEmpty() ? "any rule" : "rules " + ruleNames)
                + KeyHints.hint(g.key, keys)
                + " (the silence would never match)");
        continue;
      }
      String value = g.value.text;
      if (g.key.equals("severity")) {
        // An alert's severity group value is the name as Cloud Logging writes it (ERROR); the
        // silence may name it as filters do (error, err, 500).
        Severity sev = Severity.parse(value);
        if (sev == null) {
          errors.add(
              g.value.line,
              g.value.column,
              label + ": key 'group'",
              "'"
                  + value
                  + "' is not a severity (DEFAULT, DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL,"
                  + " ALERT or EMERGENCY; the silence would never match)");
          continue;
        }
        value = sev.name();
      }
      out.put(g.key, value);
    }
    return out;
  }

  /** Reports a missing key at the silence, or with the typo that meant it. */
  private void missing(YamlNode node, String label, String key, String message) {
    if (!typos.absorbMissing(key, message)) {
      errors.add(node.line, node.column, label + ": key '" + key + "'", message);
    }
  }

  private void report(String label, YamlNode.Entry e, String message) {
    RuleFields.report(errors, label, new Field(e.key, e.value, false), message);
  }
}
