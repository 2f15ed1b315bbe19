package dev.logalerts.rules;

import dev.logalerts.yaml.YamlNode;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One rule of the rules file as a kind's validation sees it ({@link KindSpec#validate}): each key's
 * value, its own or inherited from {@code defaults:}, and where to report problems, so every error
 * names the file position, the rule and the key.
 */
public final class RuleFields {
  private final RulesFileErrors errors;
  private final String label;
  private final YamlNode node;
  private final Map<String, YamlNode.Entry> defaults;
  private final RuleType type;
  private final MisspeltKeys typos;

  RuleFields(
      RulesFileErrors errors,
      String label,
      YamlNode node,
      Map<String, YamlNode.Entry> defaults,
      RuleType type,
      MisspeltKeys typos) {
    this.errors = errors;
    this.label = label;
    this.node = node;
    this.defaults = defaults;
    this.type = type;
    this.typos = typos;
  }

  /** A key's value as the rule sees it: its own, or inherited from {@code defaults:}. */
  public static final class Field {
    public final String key;
    public final YamlNode node;
    public final boolean fromDefaults;

    Field(String key, YamlNode node, boolean fromDefaults) {
      this.key = key;
      this.node = node;
      this.fromDefaults = fromDefaults;
    }
  }

  public RuleType type() {
    return type;
  }

  /**
   * The rule's own value for {@code key} when it has one (and the key is valid for the type), else
   * the default when the key applies to the type. Null when neither.
   */
  public @Nullable Field field(String key) {
    return lookup(node, defaults, key, type);
  }

  static @Nullable Field lookup(
      YamlNode node, Map<String, YamlNode.Entry> defaults, String key, @Nullable RuleType type) {
    if (type != null && !RuleKeys.accepts(key, type)) {
      return null;
    }
    YamlNode.Entry own = node.entries.get(key);
    if (own != null) {
      return new Field(key, own.value, false);
    }
    YamlNode.Entry def = defaults.get(key);
    return def == null ? null : new Field(key, def.value, true);
  }

  /** Value of an optional key: the rule's own, else the default, else {@code fallback}. */
  public <T> T optional(String key, T fallback, ValueParser<T> parser) {
    Field f = field(key);
    if (f == null) {
      return fallback;
    }
    try {
      return parser.parse(f.node);
    } catch (BadValue e) {
      report(f, e.getMessage());
      return fallback;
    }
  }

  /**
   * Value of a required key, or null when it is missing ({@code whenMissing} is reported at the
   * rule) or bad (reported at the value).
   */
  public <T> @Nullable T required(String key, String whenMissing, ValueParser<T> parser) {
    Field f = field(key);
    if (f == null) {
      missing(key, whenMissing);
      return null;
    }
    try {
      return parser.parse(f.node);
    } catch (BadValue e) {
      report(f, e.getMessage());
      return null;
    }
  }

  /** Reports a missing key at the rule's position, or with the typo that meant it. */
  public void missing(String key, String message) {
    if (typos.absorbMissing(key, message)) {
      return;
    }
    errors.add(node.line, node.column, label + ": key '" + key + "'", message);
  }

  /** Reports a problem with a key's value at the value's position. */
  public void report(Field f, String message) {
    report(errors, label, f, message);
  }

  static void report(RulesFileErrors errors, String label, Field f, String message) {
    String where = label + ": key '" + f.key + "'" + (f.fromDefaults ? " (from defaults)" : "");
    errors.add(f.node.line, f.node.column, where, message);
  }
}
