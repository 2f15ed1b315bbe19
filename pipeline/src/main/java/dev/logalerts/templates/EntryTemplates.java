package dev.logalerts.templates;

import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.MessageTemplate;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.KV;

/**
 * An entry's template as the noisy-log account keys it, id and text: the structural template of
 * request logs, GCP log families, JSON shapes and entries without a message, else the mined one.
 * Rules that group by template and new-template rules see the same, so that an alert's group, its
 * samples and the {@code noisy_logs} rows share one id ({@code GET /v1/items 5xx}, {@code (no
 * message)}), rather than the bare miner's template of the message.
 */
public final class EntryTemplates implements SerializableFunction<MatchedEvent, MessageTemplate> {
  private static final long serialVersionUID = 1L;

  private final NoisyLogs.TemplateKeyFn keys;

  /** With the job's miner for the entries whose template is mined. */
  public EntryTemplates() {
    this(new NoisyLogs.MinerFn());
  }

  /** With {@code miner} (a stand-in in tests) for the entries whose template is mined. */
  public EntryTemplates(SerializableFunction<String, MessageTemplate> miner) {
    this.keys = new NoisyLogs.TemplateKeyFn(miner);
  }

  @Override
  public MessageTemplate apply(MatchedEvent m) {
    KV<NoisyKey, NoisyEntry> kv = keys.apply(m);
    return MessageTemplate.of(kv.getKey().templateId(), kv.getValue().template());
  }
}
