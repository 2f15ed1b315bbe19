package dev.logalerts.io;

import dev.logalerts.model.PipelineCounters;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubIO;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubJsonClient;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessage;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubMessageWithAttributesAndMessageIdAndOrderingKeyCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.options.ExperimentalOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * Publishes alert messages to {@code alertTopic}: data is the alert's JSON, attributes carry {@code
 * rule}, {@code severity}, {@code state}, {@code alertId}, {@code sequence} and the group's {@code
 * group_KEY} values ({@link dev.logalerts.alerting.Alert#attributes()}) so subscribers can filter
 * and dedupe without parsing, and the ordering key is the alertId, so that a subscription with
 * message ordering delivers one incident's messages in the order they were sent. Build messages
 * with {@link #message(String, Map, String)}.
 *
 * <p>Pub/Sub refuses a message whose attribute value exceeds 1024 bytes, and a refusal would be
 * retried forever, so over-long values (a long rule name) are cut here; the JSON keeps them whole.
 * Transient publish errors are retried by the client; what a persistent failure does is described
 * in docs/reliability.md, "Pub/Sub publish failures".
 */
public class PubsubAlertSink extends PTransform<PCollection<PubsubMessage>, PDone> {
  public static final List<String> REQUIRED_ATTRIBUTES =
      List.of("rule", "severity", "state", "alertId");
  static final int MAX_ATTRIBUTE_VALUE_BYTES = 1024;
  static final int MAX_ATTRIBUTE_KEY_BYTES = 256;
  static final int MAX_ORDERING_KEY_BYTES = 1024;

  private final String topic;

  public PubsubAlertSink(String topic) {
    this.topic = topic;
  }

  /** A message with the alert JSON as data and Pub/Sub-safe attributes, without ordering key. */
  public static PubsubMessage message(String json, Map<String, String> attributes) {
    return message(json, attributes, "");
  }

  /** A message with the alert JSON as data, Pub/Sub-safe attributes and an ordering key. */
  public static PubsubMessage message(
      String json, Map<String, String> attributes, String orderingKey) {
    Map<String, String> safe = new TreeMap<>();
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
        continue;
      }
      safe.put(
          truncateUtf8(e.getKey(), MAX_ATTRIBUTE_KEY_BYTES),
          truncateUtf8(e.getValue(), MAX_ATTRIBUTE_VALUE_BYTES));
    }
    // The coder that keeps the ordering key writes message id and key as non-null strings; ""
    // means none to Pub/Sub.
    return new PubsubMessage(
        json.getBytes(StandardCharsets.UTF_8),
        safe,
        "",
        truncateUtf8(orderingKey, MAX_ORDERING_KEY_BYTES));
  }

  /**
   * Dataflow's native Pub/Sub sink does not publish ordering keys; Beam's own sink does, and
   * Dataflow uses it under this experiment.
   */
  static final String ORDERING_KEY_EXPERIMENT = "enable_custom_pubsub_sink";

  @Override
  public PDone expand(PCollection<PubsubMessage> input) {
    PipelineOptions options = input.getPipeline().getOptions();
    ExperimentalOptions.addExperiment(
        options.as(ExperimentalOptions.class), ORDERING_KEY_EXPERIMENT);
    PubsubIO.Write<PubsubMessage> write = PubsubIO.writeMessages().withOrderingKey().to(topic);
    if (DirectRunner.class.equals(options.getRunner())) {
      // A local run: an alert topic refusing publishes for a while is said, and waited for.
      // Dataflow retries a failed bundle itself, and its logs say why.
      write =
          write.withClientFactory(
              new WatchedPublishes(PubsubJsonClient.FACTORY, QuietSubscriptions.STALL.getMillis()));
    }
    return input
        .apply("CheckAttributes", ParDo.of(new CheckFn()))
        .setCoder(PubsubMessageWithAttributesAndMessageIdAndOrderingKeyCoder.of())
        .apply("PublishAlerts", write);
  }

  /** Counts what is handed to Pub/Sub and flags messages that lack a required attribute. */
  static class CheckFn extends DoFn<PubsubMessage, PubsubMessage> {
    private final Counter published = PipelineCounters.counter("alerts_to_pubsub");
    private final Counter incomplete = PipelineCounters.counter("alerts_missing_attributes");

    @ProcessElement
    public void process(@Element PubsubMessage m, OutputReceiver<PubsubMessage> out) {
      published.inc();
      Map<String, String> attrs = m.getAttributeMap();
      for (String key : REQUIRED_ATTRIBUTES) {
        if (attrs == null || !attrs.containsKey(key)) {
          incomplete.inc();
          break;
        }
      }
      if (m.getMessageId() == null || m.getOrderingKey() == null) {
        // A message built without them (a coder that drops them): "" is none to Pub/Sub.
        m =
            new PubsubMessage(
                m.getPayload(),
                m.getAttributeMap(),
                "",
                m.getOrderingKey() == null ? "" : m.getOrderingKey());
      }
      out.output(m);
    }
  }

  /**
   * Longest prefix of {@code s} whose UTF-8 encoding fits {@code maxBytes}, cut between code
   * points.
   */
  static String truncateUtf8(String s, int maxBytes) {
    if (s.length() * 3 <= maxBytes || s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
      return s;
    }
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + len > maxBytes) {
        break;
      }
      bytes += len;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }
}
