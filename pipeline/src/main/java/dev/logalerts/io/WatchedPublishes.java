package dev.logalerts.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubClient;
import org.apache.beam.sdk.io.gcp.pubsub.PubsubOptions;
import org.apache.beam.sdk.schemas.Schema;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A local run's alert publishes, watched: a publish the alert topic refuses for a passing reason
 * (429, 5xx, no answer) is said once ({@link PubsubOutage}, {@link
 * PubsubOutage.Side#ALERT_PUBLISHES}) and repeated until it is taken, and its end is said.
 *
 * <p>Beam's client repeats a refused publish with a growing backoff without a word, then throws
 * (how long it tries was not measured here), and an exception ends a DirectRunner job: a throttled
 * or briefly unavailable alert topic was silent while it lasted, and could stop a local run with
 * its open windows and incidents, the alert that failed never sent. Repeating the same batch
 * publishes each alert once: a refused call published nothing. A refusal that will not pass by
 * itself (404: the topic was deleted; 403) still ends the job with its error.
 */
final class WatchedPublishes implements PubsubClient.PubsubClientFactory {
  private static final long PAUSE_MILLIS = 1_000;

  private final PubsubClient.PubsubClientFactory delegate;
  private final long stallMillis;

  WatchedPublishes(PubsubClient.PubsubClientFactory delegate, long stallMillis) {
    this.delegate = delegate;
    this.stallMillis = stallMillis;
  }

  @Override
  public PubsubClient newClient(
      @Nullable String timestampAttribute,
      @Nullable String idAttribute,
      PubsubOptions options,
      @Nullable String rootUrlOverride)
      throws IOException {
    return new Client(
        delegate.newClient(timestampAttribute, idAttribute, options, rootUrlOverride),
        new PubsubOutage(PubsubOutage.Side.ALERT_PUBLISHES, stallMillis));
  }

  @Override
  public PubsubClient newClient(
      @Nullable String timestampAttribute, @Nullable String idAttribute, PubsubOptions options)
      throws IOException {
    return newClient(timestampAttribute, idAttribute, options, null);
  }

  @Override
  public String getKind() {
    return delegate.getKind();
  }

  /** One publish call. */
  interface PublishCall {
    int publish() throws IOException;
  }

  /**
   * Makes {@code call} until it returns, a second apart while it fails for a passing reason, saying
   * the outage through {@code outage}; rethrows a refusal that will not pass.
   */
  static int untilTaken(PublishCall call, PubsubOutage outage) throws IOException {
    while (true) {
      outage.calling();
      int published;
      try {
        published = call.publish();
      } catch (IOException e) {
        outage.returned();
        outage.failed(e);
        pause();
        continue;
      }
      outage.returned();
      outage.answered();
      return published;
    }
  }

  private static void pause() throws IOException {
    try {
      Thread.sleep(PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while Pub/Sub refused alerts");
    }
  }

  /** Publishes until taken; every other call goes to the client as it is. */
  private static final class Client extends PubsubClient {
    private final PubsubClient client;
    private final PubsubOutage outage;

    Client(PubsubClient client, PubsubOutage outage) {
      this.client = client;
      this.outage = outage;
    }

    @Override
    public int publish(TopicPath topic, List<OutgoingMessage> messages) throws IOException {
      return untilTaken(() -> client.publish(topic, messages), outage);
    }

    @Override
    public void close() throws IOException {
      outage.close();
      client.close();
    }

    @Override
    public List<IncomingMessage> pull(
        long requestTimeMsSinceEpoch,
        SubscriptionPath subscription,
        int batchSize,
        boolean returnImmediately)
        throws IOException {
      return client.pull(requestTimeMsSinceEpoch, subscription, batchSize, returnImmediately);
    }

    @Override
    public void acknowledge(SubscriptionPath subscription, List<String> ackIds) throws IOException {
      client.acknowledge(subscription, ackIds);
    }

    @Override
    public void modifyAckDeadline(
        SubscriptionPath subscription, List<String> ackIds, int deadlineSeconds)
        throws IOException {
      client.modifyAckDeadline(subscription, ackIds, deadlineSeconds);
    }

    @Override
    public void createTopic(TopicPath topic) throws IOException {
      client.createTopic(topic);
    }

    @Override
    public void createTopic(TopicPath topic, SchemaPath schema) throws IOException {
      client.createTopic(topic, schema);
    }

    @Override
    public void deleteTopic(TopicPath topic) throws IOException {
      client.deleteTopic(topic);
    }

    @Override
    public List<TopicPath> listTopics(ProjectPath project) throws IOException {
      return client.listTopics(project);
    }

    @Override
    public boolean isTopicExists(TopicPath topic) throws IOException {
      return client.isTopicExists(topic);
    }

    @Override
    public void createSubscription(
        TopicPath topic, SubscriptionPath subscription, int ackDeadlineSeconds) throws IOException {
      client.createSubscription(topic, subscription, ackDeadlineSeconds);
    }

    @Override
    public void deleteSubscription(SubscriptionPath subscription) throws IOException {
      client.deleteSubscription(subscription);
    }

    @Override
    public List<SubscriptionPath> listSubscriptions(ProjectPath project, TopicPath topic)
        throws IOException {
      return client.listSubscriptions(project, topic);
    }

    @Override
    public int ackDeadlineSeconds(SubscriptionPath subscription) throws IOException {
      return client.ackDeadlineSeconds(subscription);
    }

    @Override
    public boolean isEOF() {
      return client.isEOF();
    }

    @Override
    public void createSchema(
        SchemaPath schemaPath, String schemaContent, com.google.pubsub.v1.Schema.Type type)
        throws IOException {
      client.createSchema(schemaPath, schemaContent, type);
    }

    @Override
    public void deleteSchema(SchemaPath schemaPath) throws IOException {
      client.deleteSchema(schemaPath);
    }

    @Override
    public SchemaPath getSchemaPath(TopicPath topic) throws IOException {
      return client.getSchemaPath(topic);
    }

    @Override
    public Schema getSchema(SchemaPath schemaPath) throws IOException {
      return client.getSchema(schemaPath);
    }
  }
}
