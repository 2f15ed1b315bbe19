package dev.logalerts.rules;

import dev.logalerts.model.EditDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Hints in rules-file errors: the list of types, "did you mean" for near misses. */
final class KeyHints {
  private KeyHints() {}

  static String typeKeys() {
    return String.join(", ", typeKeysList());
  }

  static List<String> typeKeysList() {
    List<String> keys = new ArrayList<>();
    for (RuleType t : RuleType.values()) {
      keys.add(t.key());
    }
    return keys;
  }

  static String onlyValidFor(Set<RuleType> types) {
    List<String> names = types.stream().map(RuleType::key).collect(Collectors.toList());
    return names.size() == 1
        ? "only valid for type " + names.get(0)
        : "only valid for types " + String.join(", ", names);
  }

  /** " ; did you mean 'x'?" for a near miss (case-insensitive edit distance), else "". */
  static String hint(String word, Iterable<String> candidates) {
    return hint(guess(word, candidates));
  }

  /** " ; did you mean 'x'?" for a value already found to be meant, else "". */
  static String hint(@Nullable String meant) {
    return meant != null ? "; did you mean '" + meant + "'?" : "";
  }

  /**
   * Keys of the rules users port from (a Prometheus or Loki alerting rule, an ElastAlert rule, a
   * Datadog log monitor, a Cloud Monitoring log-based alert policy), with what this file says
   * instead: " (…)" to append to the unknown-key error, or "".
   */
  private static final Map<String, String> FOREIGN_KEYS =
      Map.ofEntries(
          Map.entry(
              "alert",
              "a Prometheus rule's alert name: use name; ElastAlert's alert list (email, slack):"
                  + " receivers are the notifier's routes, docs/notifier.md"),
          Map.entry(
              "num_events",
              "an ElastAlert frequency rule's count: use type threshold with threshold"),
          Map.entry("timeframe", "an ElastAlert rule's span: use window (5m, 1h)"),
          Map.entry(
              "realert",
              "ElastAlert's quiet time after an alert: here an incident is one FIRING, re-sent"
                  + " every renotifyEvery (default suppressFor, 30m) while it lasts, whether or not"
                  + " new entries came; ElastAlert counts afresh after an alert, so keep"
                  + " suppressFor at least the window, or the same entries are re-sent every"
                  + " period"),
          Map.entry("query_key", "ElastAlert's per-value alerting: use groupBy"),
          Map.entry(
              "index",
              "an ElastAlert rule's Elasticsearch index: the job reads the entries its Pub/Sub"
                  + " sink exports; say which logs in filter (log_id(\"NAME\"), resource.type)"),
          Map.entry(
              "buffer_time",
              "ElastAlert's query overlap for late documents: windows here are event time, and late"
                  + " entries are counted (allowedLatenessMinutes); no key needed"),
          Map.entry(
              "query_delay",
              "ElastAlert's delay for late documents: windows here are event time, and late entries"
                  + " are counted (allowedLatenessMinutes); no key needed"),
          Map.entry("spike_height", "an ElastAlert spike rule's ratio: use factor with type spike"),
          Map.entry(
              "spike_type", "an ElastAlert spike rule's direction: use direction (up, down, both)"),
          Map.entry(
              "threshold_cur",
              "an ElastAlert spike rule's minimum current count: use minCount with type spike"),
          Map.entry(
              "min_denominator",
              "an ElastAlert percentage_match rule's minimum: use minCount with type ratio"),
          Map.entry(
              "match_bucket_filter",
              "an ElastAlert percentage_match rule's matching part: use numerator (a filter) with"
                  + " type ratio"),
          Map.entry(
              "terms_window_size",
              "an ElastAlert new_term rule's history: learnFor with type new-template learns"
                  + " message templates, not a field's values"),
          Map.entry(
              "renotify_interval",
              "a Datadog monitor's re-notification (minutes): use renotifyEvery (a duration,"
                  + " 60m)"),
          Map.entry(
              "notify_no_data",
              "a Datadog monitor's no-data alert: add a rule of type absence with the same filter"
                  + " and expectWithin"),
          Map.entry(
              "evaluation_delay",
              "a Datadog monitor's delay for late logs: windows here are event time, and late"
                  + " entries are counted (allowedLatenessMinutes); no key needed"),
          Map.entry(
              "notification_rate_limit",
              "a Cloud Monitoring log-based alert's rate limit: use suppressFor (a duration, 1h)"),
          Map.entry(
              "auto_close",
              "a Cloud Monitoring incident's auto close: an incident here resolves by itself"
                  + " once the condition stops holding (resolveAfter windows)"),
          Map.entry(
              "label_extractors",
              "a log-based alert's labels: use groupBy with the fields (jsonPayload.user,"
                  + " resource.labels.KEY)"),
          Map.entry(
              "for",
              "a Prometheus rule's pending period has no key here: window and threshold say how"
                  + " much must happen, resolveAfter how long it must stop"),
          Map.entry(
              "labels",
              "an alert carries its rule name, severity and group; set severity, and groupBy for"
                  + " the group"),
          Map.entry(
              "annotations",
              "use description (with {value}, {threshold}, {group.KEY}) and runbook"),
          Map.entry("expr", "use type and filter (a Cloud Logging filter)"),
          Map.entry("query", "use type and filter (a Cloud Logging filter)"),
          Map.entry("message", "use description (with {value}, {threshold}, {group.KEY})"),
          Map.entry("summary", "use description"));

  /** What to use instead of another tool's rule key, as " (…)", or "". */
  static String foreign(String key) {
    String instead = FOREIGN_KEYS.get(key);
    return instead == null ? "" : " (" + instead + ")";
  }

  /**
   * The rule types of ElastAlert and Datadog, with the type that does the same here (or why none
   * does), so that a rule ported with its type keeps one error line that says what to write.
   */
  private static final Map<String, String> FOREIGN_TYPES =
      Map.ofEntries(
          Map.entry(
              "frequency",
              "ElastAlert's frequency (num_events in timeframe) is type threshold, with threshold"
                  + " and window"),
          Map.entry("any", "ElastAlert's any is type threshold with threshold: 1"),
          Map.entry(
              "blacklist",
              "ElastAlert's blacklist is type threshold with threshold: 1 and a filter on the"
                  + " values (jsonPayload.user = (\"a\" OR \"b\"))"),
          Map.entry(
              "whitelist",
              "ElastAlert's whitelist is type threshold with threshold: 1 and a filter excluding"
                  + " the values (NOT jsonPayload.user = (\"a\" OR \"b\"))"),
          Map.entry(
              "flatline",
              "ElastAlert's flatline is type absence with expectWithin: it fires when no"
                  + " matching entry came (a flatline threshold above 1 has no equivalent)"),
          Map.entry(
              "percentage_match",
              "ElastAlert's percentage_match is type ratio: match_bucket_filter is numerator,"
                  + " min_denominator is minCount"),
          Map.entry(
              "metric_aggregation",
              "ElastAlert's metric_aggregation: type latency computes a percentile of a duration"
                  + " field; avg, sum, min, max and cardinality have no rule type"),
          Map.entry(
              "spike_aggregation",
              "ElastAlert's spike_aggregation has no rule type; type spike compares entry counts"),
          Map.entry(
              "new_term",
              "ElastAlert's new_term (a field's new values) has no rule type; type new-template"
                  + " reports new message templates"),
          Map.entry(
              "change",
              "ElastAlert's change (a field's value changing per query_key) has no rule type"),
          Map.entry(
              "cardinality",
              "ElastAlert's cardinality (distinct values of a field) has no rule type; type"
                  + " absence with groupBy on the field reports each value that went quiet"),
          Map.entry(
              "log alert",
              "a Datadog log monitor's count is type threshold (\"> 5\" is threshold: 6), its"
                  + " pc95/pc99 of a duration type latency"));

  /** What another tool's rule type is here, as ": …", or "". */
  static String foreignType(String type) {
    String instead = FOREIGN_TYPES.get(type.strip().toLowerCase(Locale.ROOT));
    return instead == null ? "" : ": " + instead;
  }

  /** The near miss {@link #hint} names, or null. */
  static @Nullable String guess(String word, Iterable<String> candidates) {
    return EditDistance.nearMiss(word, candidates);
  }
}
