package dev.logalerts.alerting;

import dev.logalerts.rules.BadValue;
import dev.logalerts.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A deadline rule's {@code expectedGroups}: read from the rules file, kept in the rule's settings
 * as one canonical text (part of its fingerprint and state coder), read back from it.
 */
final class ExpectedGroups {
  /** Most expected groups per rule (each is a key with a timer for as long as the rule exists). */
  static final int MAX_EXPECTED_GROUPS = 1000;

  private static final char GROUP_SEP = '\u001e';
  private static final char VALUE_SEP = '\u001f';

  private ExpectedGroups() {}

  /** Each item a map with exactly the groupBy keys; values in groupBy order. */
  static List<List<String>> parse(YamlNode v, List<String> groupBy) throws BadValue {
    if (groupBy.isEmpty()) {
      throw new BadValue("needs groupBy (the keys of each expected group)");
    }
    if (!v.isList() || v.items.isEmpty()) {
      throw new BadValue("must be a list of groups, e.g. [{service: export}], got " + v.describe());
    }
    if (v.items.size() > MAX_EXPECTED_GROUPS) {
      throw new BadValue(
          "too many groups: " + v.items.size() + " (max " + MAX_EXPECTED_GROUPS + ")");
    }
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < v.items.size(); i++) {
      YamlNode g = v.items.get(i);
      if (!g.isMap() || !g.entries.keySet().equals(Set.copyOf(groupBy))) {
        throw new BadValue(
            "item "
                + i
                + " must be a map with exactly the groupBy keys "
                + groupBy
                + ", got "
                + (g.isMap() ? g.entries.keySet().toString() : g.describe()));
      }
      List<String> values = new ArrayList<>();
      for (String k : groupBy) {
        YamlNode val = g.entries.get(k).value;
        if (!val.isScalar() || val.text.isEmpty()) {
          throw new BadValue("item " + i + ": '" + k + "' must be a non-empty single value");
        }
        values.add(GroupKeys.sanitize(val.text));
      }
      if (out.contains(values)) {
        throw new BadValue("item " + i + " repeats group " + values);
      }
      out.add(values);
    }
    return out;
  }

  static String encode(List<List<String>> groups) {
    StringBuilder sb = new StringBuilder();
    for (List<String> g : groups) {
      if (sb.length() > 0) {
        sb.append(GROUP_SEP);
      }
      sb.append(String.join(String.valueOf(VALUE_SEP), g));
    }
    return sb.toString();
  }

  /** The groups {@link #encode} wrote; empty for none. */
  static List<List<String>> decode(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<List<String>> out = new ArrayList<>();
    for (String g : text.split(String.valueOf(GROUP_SEP), -1)) {
      out.add(List.of(g.split(String.valueOf(VALUE_SEP), -1)));
    }
    return out;
  }
}
