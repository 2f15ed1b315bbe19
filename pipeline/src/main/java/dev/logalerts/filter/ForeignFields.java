package dev.logalerts.filter;

import java.util.Locale;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a field of another tool's query is in a LogEntry filter: Datadog's reserved attributes and
 * {@code @attribute}s, Loki's stream selector. Rules ported from those tools keep their words, and
 * the nearest LogEntry field name by spelling ({@code source} → {@code resource}) would mislead.
 */
final class ForeignFields {
  private ForeignFields() {}

  private static final Map<String, String> RESERVED =
      Map.of(
          "status",
          "did you mean 'severity'? (a Datadog or Loki log level is severity here:"
              + " severity>=ERROR; an HTTP status is httpRequest.status) ",
          "level",
          "did you mean 'severity'? (a log level is severity here: severity>=ERROR) ",
          "host",
          "a Datadog host is a resource label here: resource.labels.instance_id of gce_instance,"
              + " resource.labels.node_name or pod_name of k8s_container; ",
          "source",
          "a Datadog source names the log here: log_id(\"NAME\"), or a label: labels.source; ");

  /**
   * The hint for a field of another tool's query ({@code head}: its first segment, {@code raw}: the
   * whole field as written), ending with "; " or "? ", or null.
   */
  static @Nullable String hint(String head, String raw) {
    if (head.startsWith("@") && raw.length() > 1) {
      return "did you mean 'jsonPayload."
          + raw.substring(1)
          + "'? (a Datadog attribute is a payload field here) ";
    }
    if (head.startsWith("{")) {
      return "a LogQL stream selector: write each label as a comparison, labels.app=\"foo\" or"
          + " resource.labels.namespace_name=\"prod\", joined with AND, and a line filter |= \"x\""
          + " as textPayload:\"x\"; ";
    }
    return RESERVED.get(head.toLowerCase(Locale.ROOT));
  }
}
