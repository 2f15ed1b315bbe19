package dev.logalerts.notifier;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Alert JSON for tests, shaped like the pipeline's output (schemas/alert.schema.json). */
final class TestAlerts {
  private TestAlerts() {}

  static ObjectNode tree(String alertId, String state, String severity) {
    ObjectNode o = AlertMessage.MAPPER.createObjectNode();
    o.put("alertId", alertId);
    o.put("rule", "repeated-errors");
    o.put("type", "threshold");
    o.put("state", state);
    o.put("severity", severity);
    o.putObject("group").put("service", "shop/checkout");
    o.put("value", 15.0);
    o.put("threshold", 10.0);
    o.put("windowStart", "2026-11-20T01:45:00Z");
    o.put("windowEnd", "2026-11-20T01:50:00Z");
    o.put("firstSeen", "2026-11-20T01:50:00Z");
    o.put(
        "summary",
        "repeated-errors: shop/checkout logged 15 matching entries in 5m (threshold 10)");
    o.put("description", "shop/checkout logged 15 errors in 5 minutes (threshold 10).");
    o.put("runbook", "https://runbooks.example.com/log-alerts/repeated-errors");
    o.putArray("samples")
        .addObject()
        .put("insertId", "ig0aqfzx6w1ffinm")
        .put("timestamp", "2026-11-20T01:46:50.496659165Z")
        .put("message", "DataAccessResourceFailureException: <db> & pool exhausted")
        .put("templateId", "18c39c82391ff7c3");
    o.put(
        "logsExplorerUrl",
        "https://console.cloud.google.com/logs/query;query=severity%3E%3DERROR"
            + "?project=acme-shop-prod");
    return o;
  }

  static String json(String alertId, String state, String severity) {
    return tree(alertId, state, severity).toString();
  }

  /** A RESOLVED or FLAPPING message with the incident summary the pipeline attaches. */
  static String withIncident(String alertId, String state) {
    ObjectNode o = tree(alertId, state, "error").put("sequence", 4);
    o.putObject("incident")
        .put("firstSeen", "2026-11-20T10:03:00Z")
        .put("lastSeen", "2026-11-20T10:25:00Z")
        .put("durationSeconds", 1380)
        .put("matchingEntries", 63)
        .put("peakValue", 3.0)
        .put("notifications", 2)
        .put("suppressed", 20);
    return o.toString();
  }

  static String withSequence(String alertId, String state, long sequence) {
    return tree(alertId, state, "error").put("sequence", sequence).toString();
  }

  /** An alert with every text far beyond every receiver's limits. */
  static String huge(String alertId) {
    ObjectNode o = tree(alertId, "FIRING", "critical");
    o.put("summary", "x".repeat(10_000) + " <b>&</b>");
    o.put("description", "d".repeat(20_000));
    o.put("rule", "r".repeat(300));
    var samples = o.putArray("samples");
    for (int i = 0; i < 5; i++) {
      samples
          .addObject()
          .put("insertId", "i" + i)
          .put("timestamp", "2026-11-20T01:46:50Z")
          .put("message", "m".repeat(8_000))
          .put("templateId", "t");
    }
    o.putObject("group").put("service", "s".repeat(5_000));
    o.put(
        "logsExplorerUrl",
        "https://console.cloud.google.com/logs/query;query=" + "q".repeat(4_000));
    return o.toString();
  }
}
