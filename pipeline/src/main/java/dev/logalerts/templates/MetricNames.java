package dev.logalerts.templates;

/**
 * Prometheus metric names in a message ({@code Metric stackdriver_sink_request_count was not found
 * in the cache.}, what GKE's prometheus-to-sd sidecar logs for every metric it has not seen, a few
 * times a minute): one log call names many metrics, so the name is a value, not a word of the call.
 * Only a name the way Prometheus' conventions write one
 * (https://prometheus.io/docs/practices/naming/) is taken: lower-case words joined by {@code _},
 * three or more, ending in a unit or a counter's suffix ({@code _total}, {@code _count}, {@code
 * _seconds}…). Other snake-case words stay: a C function's name heading a message ({@code
 * wl_update_tcpkeep_seq:}) names the call, and so does a limit's setting ({@code
 * max_file_import_bytes exceeded: 17 > 16}, {@code max_message_bytes exceeded}: which limit a
 * request ran into is the event), which Prometheus' names never start with {@code max_} or {@code
 * min_} (they start with their namespace: {@code process_max_fds}).
 */
final class MetricNames {
  private MetricNames() {}

  private static final String[] SUFFIXES = {
    "_total", "_count", "_sum", "_bucket", "_seconds", "_bytes", "_ratio"
  };

  /** Whether digit-free token {@code s[a, e)} is such a metric name. */
  static boolean isMetricName(char[] s, int a, int e) {
    if (e - a < 9
        || s[e - 1] < 'a'
        || s[e - 1] > 'z'
        || TemplateWords.startsWith(s, a, e, "max_")
        || TemplateWords.startsWith(s, a, e, "min_")) {
      return false;
    }
    int underscores = 0;
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (c == '_') {
        if (i == a || s[i - 1] == '_') {
          return false;
        }
        underscores++;
      } else if (c < 'a' || c > 'z') {
        return false;
      }
    }
    if (underscores < 2) {
      return false;
    }
    for (String suffix : SUFFIXES) {
      if (TemplateWords.endsWith(s, a, e, suffix)) {
        return true;
      }
    }
    return false;
  }
}
