package dev.logalerts.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.StringJoiner;

/**
 * The look shared by the chat formats, and the length helpers every format uses: emoji and colour
 * per severity and state, the group as text, and truncation that never splits a surrogate pair.
 */
final class Style {
  private Style() {}

  static String emoji(AlertMessage alert) {
    switch (alert.state()) {
      case "RESOLVED":
        return "✅";
      case "FLAPPING":
        return "🔁";
      default:
        break;
    }
    switch (alert.displaySeverity()) {
      case "critical":
        return "🚨";
      case "error":
        return "🔴";
      case "warning":
        return "⚠️";
      default:
        return "ℹ️";
    }
  }

  /** Hex colour: green once resolved, else by severity (FLAPPING reads as warning). */
  static String color(AlertMessage alert) {
    if ("RESOLVED".equals(alert.state())) {
      return "#2EB67D";
    }
    switch (alert.displaySeverity()) {
      case "critical":
        return "#A30200";
      case "error":
        return "#E01E5A";
      case "warning":
        return "#ECB22E";
      default:
        return "#36C5F0";
    }
  }

  /** "service=shop/checkout, zone=a", or "(all)" for an ungrouped rule. */
  static String groupText(AlertMessage alert) {
    StringJoiner j = new StringJoiner(", ");
    alert.group().forEach((k, v) -> j.add(k + "=" + v));
    return j.length() == 0 ? "(all)" : j.toString();
  }

  /** "15 (threshold 10)", "15", or "" when the alert has no value. */
  static String valueText(AlertMessage alert) {
    String v = Templates.number(alert, "value");
    String t = Templates.number(alert, "threshold");
    if (v.isEmpty()) {
      return "";
    }
    return t.isEmpty() ? v : v + " (threshold " + t + ")";
  }

  /** "start – end", or "" when the alert has no window. */
  static String windowText(AlertMessage alert) {
    String start = alert.text("windowStart");
    String end = alert.text("windowEnd");
    return start.isEmpty() && end.isEmpty() ? "" : start + " – " + end;
  }

  /**
   * The incident summary of a RESOLVED or FLAPPING message, e.g. "lasted 23m (first seen
   * 2026-11-20T10:03:00Z, last held 2026-11-20T10:25:00Z) · 63 matching entries · peak 3 · 2
   * notifications sent · 20 evaluations suppressed"; "" when the message has none.
   */
  static String incidentText(AlertMessage alert) {
    JsonNode i = alert.tree().get("incident");
    if (i == null || !i.isObject()) {
      return "";
    }
    StringJoiner j = new StringJoiner(" · ");
    StringBuilder first = new StringBuilder();
    if (i.path("durationSeconds").canConvertToLong()) {
      first.append("lasted ").append(duration(i.path("durationSeconds").asLong()));
    }
    String seen = i.path("firstSeen").asText("");
    String held = i.path("lastSeen").asText("");
    if (!seen.isEmpty()) {
      first
          .append(first.length() == 0 ? "" : " ")
          .append("(first seen ")
          .append(seen)
          .append(held.isEmpty() ? "" : ", last held " + held)
          .append(')');
    }
    if (first.length() > 0) {
      j.add(first);
    }
    count(j, i, "matchingEntries", "matching entry", "matching entries");
    if (i.path("peakValue").isNumber()) {
      j.add("peak " + Templates.number(i.path("peakValue")));
    }
    count(j, i, "notifications", "notification sent", "notifications sent");
    count(j, i, "suppressed", "evaluation suppressed", "evaluations suppressed");
    return j.toString();
  }

  private static void count(StringJoiner j, JsonNode i, String field, String one, String many) {
    JsonNode n = i.path(field);
    if (n.canConvertToLong()) {
      j.add(n.asLong() + " " + (n.asLong() == 1 ? one : many));
    }
  }

  /** Seconds as "1h2m5s", "23m", "0s". */
  static String duration(long seconds) {
    if (seconds <= 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long d = seconds / 86_400;
    long h = seconds / 3600 % 24;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    if (d > 0) {
      b.append(d).append('d');
    }
    if (h > 0) {
      b.append(h).append('h');
    }
    if (m > 0) {
      b.append(m).append('m');
    }
    if (s > 0) {
      b.append(s).append('s');
    }
    return b.toString();
  }

  /** A sample entry as one line: its timestamp and its message, cut at {@code max} chars. */
  static String sampleLine(com.fasterxml.jackson.databind.JsonNode sample, int max) {
    return sample.path("timestamp").asText() + " " + truncate(sample.path("message").asText(), max);
  }

  /** At most {@code max} chars; a cut text ends with an ellipsis. */
  static String truncate(String s, int max) {
    if (s == null) {
      return "";
    }
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "…";
  }
}
