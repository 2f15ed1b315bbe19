package dev.logalerts.templates;

import static com.google.common.truth.Truth.assertWithMessage;

import dev.logalerts.filter.Filter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.parse.LogEntryParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.values.KV;

/**
 * A line of text as a container's log entry, and what the job's noisy-log step makes of it: its
 * key, template and suggested exclusion.
 */
final class TextLineKeys {
  private final LogEntryParser parser = new LogEntryParser();
  private final NoisyLogs.TemplateKeyFn keyFn =
      new NoisyLogs.TemplateKeyFn(new NoisyLogs.MinerFn());

  /** The text of a test resource, e.g. {@code /families/issues/x.json}. */
  static String resource(String path) throws java.io.IOException {
    try (java.io.InputStream in = TextLineKeys.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** An entry's JSON as the job parses it. */
  LogEvent parse(String json) throws Exception {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  LogEvent entry(String text) throws Exception {
    String json =
        "{\"timestamp\":\"2026-11-30T09:12:44Z\",\"logName\":\"projects/p/logs/stdout\","
            + "\"resource\":{\"type\":\"k8s_container\",\"labels\":{\"namespace_name\":\"shop\","
            + "\"pod_name\":\"orders-7d9f8b6c5-x2x7q\"}},\"severity\":\"INFO\",\"textPayload\":"
            + SuggestedExclusion.quote(text).replace("\n", "\\n").replace("\t", "\\t")
            + "}";
    return parse(json);
  }

  KV<NoisyKey, NoisyEntry> keyed(String text) throws Exception {
    return keyFn.apply(MatchedEvent.of(entry(text), "test", List.of()));
  }

  /**
   * The key and row of an entry no rule matched, having checked that the row's suggested exclusion
   * matches the entry it was made from.
   */
  KV<NoisyKey, NoisyEntry> row(LogEvent e) {
    KV<NoisyKey, NoisyEntry> kv = keyFn.apply(MatchedEvent.of(e, "test", List.of()));
    assertWithMessage("exclusion of %s", e.message())
        .that(Filter.compile(exclusion(kv)).test(e))
        .isTrue();
    return kv;
  }

  /** The suggested exclusion of a keyed row. */
  static String exclusion(KV<NoisyKey, NoisyEntry> kv) {
    NoisyEntry e = kv.getValue();
    return SuggestedExclusion.build(kv.getKey(), e.template(), e.messageField(), e.message());
  }

  String template(String text) throws Exception {
    return keyed(text).getValue().template();
  }

  String exclusion(String text) throws Exception {
    return exclusion(keyed(text));
  }
}
