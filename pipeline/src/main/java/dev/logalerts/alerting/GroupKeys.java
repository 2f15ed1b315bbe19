package dev.logalerts.alerting;

import dev.logalerts.model.Hashes;
import java.util.ArrayList;
import java.util.List;

/**
 * The shuffle key of one (rule, group): {@code rule RS value US value ...}. Plain UTF-8 text, so
 * StringUtf8Coder keeps it deterministic; rule names cannot hold the separators and values have
 * them replaced.
 */
final class GroupKeys {
  static final char RULE_SEP = '\u001e';
  static final char VALUE_SEP = '\u001f';

  /** Group value when the entry has no value at the groupBy path. */
  static final String NONE = "(none)";

  /**
   * Group value of entries beyond the per-rule group cap; in parentheses, as {@link #NONE}, so that
   * a real value {@code other} (a tenant, namespace or service of that name) stays its own group.
   */
  static final String OTHER = "(other)";

  private GroupKeys() {}

  static String ruleName(String key) {
    int i = key.indexOf(RULE_SEP);
    return i < 0 ? key : key.substring(0, i);
  }

  /** Group values in groupBy order. */
  static List<String> values(String key, int n) {
    List<String> out = new ArrayList<>(n);
    if (n == 0) {
      return out;
    }
    int i = key.indexOf(RULE_SEP) + 1;
    while (out.size() < n) {
      int j = key.indexOf(VALUE_SEP, i);
      if (j < 0) {
        out.add(key.substring(i));
        i = key.length();
      } else {
        out.add(key.substring(i, j));
        i = j + 1;
      }
    }
    return out;
  }

  static String sanitize(String v) {
    if (v.indexOf(RULE_SEP) < 0 && v.indexOf(VALUE_SEP) < 0) {
      return v;
    }
    return v.replace(RULE_SEP, '?').replace(VALUE_SEP, '?');
  }

  /** Key of the overflow group of a rule with n groupBy keys. */
  static String otherKey(String rule, int n) {
    StringBuilder sb = new StringBuilder(rule).append(RULE_SEP);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        sb.append(VALUE_SEP);
      }
      sb.append(OTHER);
    }
    return sb.toString();
  }

  /** 32 hex characters of SHA-256 over the parts: stable across workers, runs and restarts. */
  static String stableId(String... parts) {
    String[] terminated = java.util.Arrays.copyOf(parts, parts.length + 1);
    terminated[parts.length] = ""; // each part NUL-terminated, as ids have always been computed
    return Hashes.sha256Hex(32, terminated);
  }
}
