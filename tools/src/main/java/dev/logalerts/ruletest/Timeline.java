package dev.logalerts.ruletest;

import dev.logalerts.alerting.Evaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * A rule's evaluation timeline for a group, as a person reads it: each evaluation's window, value,
 * threshold, whether the condition held and the alert it sent. Sliding kinds (threshold, ratio,
 * latency, spike) show every evaluation; absence, deadline and new-template show the alerts they
 * sent (none when they sent none, however many entries matched).
 */
final class Timeline {
  /** Most groups shown for one rule, and most lines per group. */
  static final int MAX_GROUPS = 5;

  static final int MAX_LINES = 60;

  private Timeline() {}

  /** The evaluations of {@code rule} for every group containing {@code group}, by group. */
  static Map<SortedMap<String, String>, List<Evaluation>> select(
      List<Evaluation> evaluations, String rule, Map<String, String> group) {
    Map<SortedMap<String, String>, List<Evaluation>> byGroup = new LinkedHashMap<>();
    for (Evaluation e : evaluations) {
      if (e.rule().equals(rule) && contains(e.group(), group)) {
        byGroup.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
      }
    }
    return byGroup;
  }

  /** Printable lines: a header per group, then one line per evaluation (at most MAX_LINES). */
  static List<String> render(List<Evaluation> evaluations, String rule, Map<String, String> group) {
    return render(evaluations, rule, group, MAX_LINES);
  }

  /** Printable lines with at most {@code maxLines} evaluations per group. */
  static List<String> render(
      List<Evaluation> evaluations, String rule, Map<String, String> group, int maxLines) {
    List<String> lines = new ArrayList<>();
    Map<SortedMap<String, String>, List<Evaluation>> byGroup = select(evaluations, rule, group);
    if (byGroup.isEmpty()) {
      lines.add(
          "timeline of "
              + rule
              + (group.isEmpty() ? "" : " group " + group)
              + ": no evaluation (no entry matched the rule"
              + (group.isEmpty() ? "" : " in that group")
              + "; absence and new-template rules record only the alerts they send, a deadline"
              + " rule its deadlines)");
      return lines;
    }
    int shown = 0;
    for (Map.Entry<SortedMap<String, String>, List<Evaluation>> g : byGroup.entrySet()) {
      if (shown++ == MAX_GROUPS) {
        // The next group, as the option that shows it alone is written.
        StringBuilder option = new StringBuilder();
        g.getKey().forEach((k, v) -> option.append(" --group=").append(k).append('=').append(v));
        lines.add(
            "("
                + (byGroup.size() - MAX_GROUPS)
                + " more groups not shown; explain-rule.sh shows one with its group, e.g."
                + option
                + ")");
        break;
      }
      lines.add("timeline of " + rule + " group " + g.getKey() + ":");
      List<Evaluation> es = g.getValue();
      for (int i = 0; i < es.size(); i++) {
        if (i == maxLines) {
          lines.add(
              "  ("
                  + (es.size() - maxLines)
                  + " more evaluations not shown; explain-rule --group=KEY=VALUE shows one group"
                  + " in full)");
          break;
        }
        lines.add("  " + line(es.get(i)));
      }
    }
    return lines;
  }

  /** One evaluation: window, value against threshold, condition, alert sent, the kind's words. */
  static String line(Evaluation e) {
    String change = "";
    if (e.change() != null) {
      change = e.renotification() ? "→ FIRING (re-notification)" : "→ " + e.change();
    }
    return String.format(
        Locale.ROOT,
        "%s – %s  value %-8s threshold %-8s %-9s %-27s %s",
        Instant.ofEpochMilli(e.windowStartMillis()),
        Instant.ofEpochMilli(e.windowEndMillis()),
        Verdict.number(e.value()),
        Verdict.number(e.threshold()),
        e.conditionMet() ? "met" : "not met",
        change,
        e.detail());
  }

  private static boolean contains(Map<String, String> group, Map<String, String> subset) {
    for (Map.Entry<String, String> kv : subset.entrySet()) {
      if (!kv.getValue().equals(group.get(kv.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
