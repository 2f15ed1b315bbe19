package dev.logalerts.notifier;

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
