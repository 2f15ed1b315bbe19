package dev.logalerts.alerting;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MessageTemplate;
import dev.logalerts.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The (rule, group) keys an entry is counted under. A groupBy path that names a repeated field (an
 * array: {@code protoPayload.serviceData.policyDelta.bindingDeltas.member}, {@code
 * protoPayload.authorizationInfo.permission}) puts the entry in the group of each of its distinct
 * values, as a terms aggregation of Elasticsearch counts a document under each value of an array:
 * an IAM change that removes one member and grants another an owner role is then in both members'
 * groups, not only in the first element's (which named the member removed as the one granted).
 */
final class GroupValues {
  /** Most distinct values of one repeated field an entry is grouped under (the first ones). */
  static final int MAX_PER_FIELD = 10;

  /** Most groups one entry is counted in for one rule (combinations of repeated fields). */
  static final int MAX_PER_ENTRY = 20;

  private GroupValues() {}

  /**
   * The keys of {@code e} for rule {@code r}: one for an entry whose groupBy fields each hold one
   * value (the common case, built in {@code key} without other allocation), else one per
   * combination of the repeated fields' values, at most {@link #MAX_PER_ENTRY}.
   */
  static List<String> keys(
      Rule r, LogEvent e, @Nullable MessageTemplate template, StringBuilder key) {
    key.setLength(0);
    key.append(r.name()).append(GroupKeys.RULE_SEP);
    List<FieldPath> paths = r.groupByPaths();
    List<StringBuilder> several = null;
    for (int k = 0; k < paths.size(); k++) {
      FieldPath p = paths.get(k);
      String v = p == null ? template.templateId() : p.value(e);
      List<String> values = p == null || v == null ? null : repeated(p, e, v);
      if (values == null) {
        String part = v == null || v.isEmpty() ? GroupKeys.NONE : GroupKeys.sanitize(v);
        if (several == null) {
          appendPart(key, k, part);
        } else {
          for (StringBuilder s : several) {
            appendPart(s, k, part);
          }
        }
        continue;
      }
      List<StringBuilder> prefixes = several == null ? List.of(new StringBuilder(key)) : several;
      several = new ArrayList<>();
      for (StringBuilder prefix : prefixes) {
        for (String value : values) {
          if (several.size() == MAX_PER_ENTRY) {
            break;
          }
          StringBuilder s = new StringBuilder(prefix);
          appendPart(s, k, GroupKeys.sanitize(value));
          several.add(s);
        }
      }
    }
    if (several == null) {
      return List.of(key.toString());
    }
    List<String> out = new ArrayList<>(several.size());
    for (StringBuilder s : several) {
      out.add(s.toString());
    }
    return out;
  }

  private static void appendPart(StringBuilder key, int k, String part) {
    if (k > 0) {
      key.append(GroupKeys.VALUE_SEP);
    }
    key.append(part);
  }

  /**
   * The distinct non-empty values of a payload field that holds several (an array's elements, in
   * order, at most {@link #MAX_PER_FIELD}); null when it holds fewer than two distinct ones. {@code
   * first}: its value as {@link FieldPath#value} reads it, read once by the caller.
   */
  static @Nullable List<String> repeated(FieldPath p, LogEvent e, String first) {
    if (!p.isPayload() || !p.anyValue(e, v -> !v.isEmpty() && !v.equals(first))) {
      return null;
    }
    List<String> out = new ArrayList<>();
    p.anyValue(
        e,
        v -> {
          if (!v.isEmpty() && !out.contains(v)) {
            out.add(v);
          }
          return out.size() == MAX_PER_FIELD;
        });
    return out;
  }
}
