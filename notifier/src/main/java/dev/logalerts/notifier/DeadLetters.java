package dev.logalerts.notifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where undeliverable messages go: the original alert body with attributes saying why ({@code
 * receiver}, {@code reason}, {@code status}, {@code alertId}). Replaying a dead letter with its
 * {@code receiver} attribute sends it to that receiver only.
 */
public interface DeadLetters {
  void publish(String body, Map<String, String> attributes) throws IOException;

  /**
   * Publishes to a Pub/Sub topic through the REST API ({@code POST v1/projects/P/topics/T:publish})
   * with an OAuth access token (on Cloud Run, the service account's, through Application Default
   * Credentials).
   */
  final class PubSub implements DeadLetters {
    private final HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String endpoint;
    private final String topic;
    private final Supplier<String> accessToken;

    /**
     * @param endpoint e.g. {@code https://pubsub.googleapis.com}
     * @param topic {@code projects/PROJECT/topics/TOPIC}
     */
    public PubSub(String endpoint, String topic, Supplier<String> accessToken) {
      if (!topic.matches("projects/[^/]+/topics/[^/]+")) {
        throw new IllegalArgumentException(
            "dead-letter topic must be projects/PROJECT/topics/TOPIC: " + topic);
      }
      this.endpoint = endpoint.replaceAll("/+$", "");
      this.topic = topic;
      this.accessToken = accessToken;
    }

    @Override
    public void publish(String body, Map<String, String> attributes) throws IOException {
      ObjectNode req = AlertMessage.MAPPER.createObjectNode();
      ObjectNode m = req.putArray("messages").addObject();
      m.put("data", Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
      ObjectNode a = m.putObject("attributes");
      attributes.forEach(a::put);
      HttpRequest r =
          HttpRequest.newBuilder(URI.create(endpoint + "/v1/" + topic + ":publish"))
              .timeout(Duration.ofSeconds(30))
              .header("Authorization", "Bearer " + accessToken.get())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(req.toString()))
              .build();
      HttpResponse<String> resp;
      try {
        resp = client.send(r, HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      if (resp.statusCode() / 100 != 2) {
        throw new IOException("Pub/Sub publish to " + topic + " failed: HTTP " + resp.statusCode());
      }
    }
  }

  /** Appends JSON lines {@code {"attributes":{...},"data":"<alert JSON>"}} to a file. */
  final class File implements DeadLetters {
    private final Path path;

    public File(Path path) {
      this.path = path;
    }

    @Override
    public synchronized void publish(String body, Map<String, String> attributes)
        throws IOException {
      ObjectNode o = AlertMessage.MAPPER.createObjectNode();
      ObjectNode a = o.putObject("attributes");
      attributes.forEach(a::put);
      o.put("data", body);
      Files.writeString(
          path,
          o + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }
}
