package dev.logalerts.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * An in-process Pub/Sub that speaks the REST v1 JSON calls Beam's {@code PubsubJsonClient} makes:
 * {@code GET subscriptions/S} (ack deadline), {@code subscriptions/S:pull}, {@code :acknowledge},
 * {@code :modifyAckDeadline} and {@code topics/T:publish}. Point a pipeline at it with the {@code
 * pubsubRootUrl} option ({@link #rootUrl()}) to run PubsubIO's real client offline.
 *
 * <p>Each message queued on a subscription is handed out once, or again first after a nack (an ack
 * deadline of 0); unacknowledged messages can be handed out again with {@link
 * #redeliverUnacked(String)} (what Pub/Sub does when an ack deadline expires), and any message
 * again, acknowledged or not, with {@link #redeliver} (Pub/Sub delivers at least once). A message
 * can be queued with a publish time in the past (a backlog waiting when a reader starts). The
 * server records when each message was first handed out and when each publish arrived, to measure
 * latency. A topic can feed a subscription ({@link #feed}), as a topic and its subscription do on
 * the emulator: what is published to it is queued there, published at its arrival. Publishes, and
 * calls on subscriptions (pull, acknowledge, modifyAckDeadline), can be made to fail with an HTTP
 * status (503, 429, ...), a given number of times or always, to exercise the client's retries.
 */
public final class FakePubsubServer implements AutoCloseable {
  /**
   * A message as published to a topic; {@code orderingKey} is "" when the publisher set none;
   * {@code receivedMillis} is when the server received the publish call (0 for queued messages).
   */
  public record Message(
      byte[] data, Map<String, String> attributes, String orderingKey, long receivedMillis) {
    public Message(byte[] data, Map<String, String> attributes) {
      this(data, attributes, "", 0);
    }

    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }
  }

  private record Pending(String ackId, String messageId, String publishTime, Message message) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final List<String> ALL_SUBSCRIPTION_CALLS =
      List.of("pull", "acknowledge", "modifyAckDeadline");

  /** The calls {@link #failSubscriptionCalls} or {@link #failAcknowledgements} refuse. */
  private List<String> failingVerbs = ALL_SUBSCRIPTION_CALLS;

  private final HttpServer server;
  private final Map<String, Deque<Pending>> queues = new HashMap<>();
  private final Map<String, Map<String, Pending>> unacked = new HashMap<>();
  private final Map<String, List<Message>> topics = new HashMap<>();
  private final Map<String, List<String>> feeds = new HashMap<>();
  private final Map<String, AtomicInteger> acks = new HashMap<>();
  private final Map<String, Long> firstPulledMillis = new HashMap<>();
  private final java.util.Set<String> missing = new java.util.HashSet<>();
  private final Map<String, Pending> byId = new HashMap<>();
  private final Map<String, Integer> deliveries = new HashMap<>();
  private int subscriptionFailuresLeft;
  private int subscriptionFailureStatus = 503;
  private int subscriptionCallsFailed;
  private final AtomicInteger ids = new AtomicInteger();
  private int publishFailuresLeft;
  private int publishFailureStatus = 503;
  private int publishAttempts;

  private FakePubsubServer(HttpServer server) {
    this.server = server;
  }

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  public static FakePubsubServer start() throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakePubsubServer fake = new FakePubsubServer(http);
    http.createContext("/", fake::handle);
    http.setExecutor(Executors.newFixedThreadPool(4));
    http.start();
    return fake;
  }

  /** The value for Beam's {@code pubsubRootUrl} option. */
  public String rootUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Queues a message for {@code subscription} ({@code projects/P/subscriptions/S}). */
  public synchronized String enqueue(
      String subscription, byte[] data, Map<String, String> attributes) {
    return enqueue(subscription, data, attributes, Instant.now());
  }

  /**
   * Queues a message published at {@code publishTime}: a backlog that was waiting on the
   * subscription before the reader started carries the times its messages were published.
   */
  public synchronized String enqueue(
      String subscription, byte[] data, Map<String, String> attributes, Instant publishTime) {
    String id = Integer.toString(ids.incrementAndGet());
    Pending p = new Pending("ack-" + id, id, publishTime.toString(), new Message(data, attributes));
    queues.computeIfAbsent(subscription, s -> new ArrayDeque<>()).add(p);
    byId.put(id, p);
    return id;
  }

  /**
   * Makes {@code topic} feed {@code subscription}: each message published to the topic from now on
   * is also queued there, with the time its publish call arrived as its publish time.
   */
  public synchronized void feed(String topic, String subscription) {
    feeds.computeIfAbsent(topic, t -> new ArrayList<>()).add(subscription);
  }

  /**
   * Queues again a message handed out before, acknowledged or not, with its message id and a new
   * ack id: Pub/Sub delivers at least once, and may deliver a message again after its ack.
   */
  public synchronized void redeliver(String subscription, String messageId) {
    Pending p = byId.get(messageId);
    String ackId = "ack-" + messageId + "-" + ids.incrementAndGet();
    queues
        .computeIfAbsent(subscription, s -> new ArrayDeque<>())
        .add(new Pending(ackId, messageId, p.publishTime(), p.message()));
  }

  /**
   * Makes the next {@code times} calls on subscriptions (pull, acknowledge, modifyAckDeadline) fail
   * with {@code status}, as during an outage (503 UNAVAILABLE) or throttling (429
   * RESOURCE_EXHAUSTED); nothing is handed out or acknowledged by a failed call.
   */
  public synchronized void failSubscriptionCalls(int times, int status) {
    subscriptionFailuresLeft = times;
    subscriptionFailureStatus = status;
    failingVerbs = ALL_SUBSCRIPTION_CALLS;
  }

  /**
   * Makes the next {@code times} acknowledge calls fail with {@code status} (-1 times: always),
   * pulls still answered: messages are handed out and none is acknowledged.
   */
  public synchronized void failAcknowledgements(int times, int status) {
    failSubscriptionCalls(times, status);
    failingVerbs = List.of("acknowledge");
  }

  /** Calls on subscriptions refused by {@link #failSubscriptionCalls} so far. */
  public synchronized int subscriptionCallsFailed() {
    return subscriptionCallsFailed;
  }

  /** How many times the message with this id was handed out (redeliveries included). */
  public synchronized int deliveries(String messageId) {
    return deliveries.getOrDefault(messageId, 0);
  }

  /**
   * Makes {@code name} (a subscription or topic) not exist: every call on it is answered 404
   * NOT_FOUND, as Pub/Sub and its emulator answer for a resource never created or deleted.
   */
  public synchronized void remove(String name) {
    missing.add(name);
  }

  /** Queues again every message handed out but not acknowledged, with its message id. */
  public synchronized int redeliverUnacked(String subscription) {
    Map<String, Pending> out = unacked.getOrDefault(subscription, Map.of());
    int n = 0;
    for (Iterator<Pending> it = out.values().iterator(); it.hasNext(); ) {
      queues.computeIfAbsent(subscription, s -> new ArrayDeque<>()).add(it.next());
      it.remove();
      n++;
    }
    return n;
  }

  /** When the message with this id (from {@link #enqueue}) was first handed out; null if never. */
  public synchronized Long firstPulledMillis(String messageId) {
    return firstPulledMillis.get(messageId);
  }

  /** Messages published to {@code topic} ({@code projects/P/topics/T}) so far. */
  public synchronized List<Message> published(String topic) {
    return new ArrayList<>(topics.getOrDefault(topic, List.of()));
  }

  /** Ids of the messages handed out on {@code subscription} and neither acknowledged nor nacked. */
  public synchronized List<String> unackedMessageIds(String subscription) {
    List<String> out = new ArrayList<>();
    unacked.getOrDefault(subscription, Map.of()).values().forEach(p -> out.add(p.messageId()));
    return out;
  }

  public synchronized int acknowledged(String subscription) {
    return acks.getOrDefault(subscription, new AtomicInteger()).get();
  }

  /** Makes the next {@code times} publish calls fail with {@code status} (-1 times: always). */
  public synchronized void failPublishes(int times, int status) {
    publishFailuresLeft = times;
    publishFailureStatus = status;
  }

  public synchronized int publishAttempts() {
    return publishAttempts;
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      if (!path.startsWith("/v1/")) {
        respond(exchange, 404, error(404, "unknown path " + path));
        return;
      }
      String resource = path.substring("/v1/".length());
      JsonNode body = "POST".equals(exchange.getRequestMethod()) ? readBody(exchange) : null;
      int colon = resource.lastIndexOf(':');
      String name = colon < 0 ? resource : resource.substring(0, colon);
      String verb = colon < 0 ? "" : resource.substring(colon + 1);
      synchronized (this) {
        if (missing.contains(name)) {
          ObjectNode e = error(404, "Resource not found (resource=" + name + ").");
          ((ObjectNode) e.get("error")).put("status", "NOT_FOUND");
          respond(exchange, 404, e);
          return;
        }
      }
      int refused = refusedSubscriptionCall(verb);
      if (refused != 0) {
        respond(exchange, refused, error(refused, "injected failure of " + verb));
        return;
      }
      switch (verb) {
        case "pull" -> respond(exchange, 200, pull(name, body.path("maxMessages").asInt(100)));
        case "acknowledge" -> respond(exchange, 200, acknowledge(name, body.path("ackIds")));
        case "modifyAckDeadline" -> respond(exchange, 200, modifyAckDeadline(name, body));
        case "publish" -> publish(exchange, name, body.path("messages"));
        case "" -> respond(exchange, 200, subscription(name));
        default -> respond(exchange, 404, error(404, "unknown method " + verb));
      }
    } catch (RuntimeException | IOException e) {
      respond(exchange, 500, error(500, String.valueOf(e)));
    }
  }

  /** The status to refuse this call with, or 0. */
  private synchronized int refusedSubscriptionCall(String verb) {
    if (subscriptionFailuresLeft == 0 || !failingVerbs.contains(verb)) {
      return 0;
    }
    if (subscriptionFailuresLeft > 0) {
      subscriptionFailuresLeft--;
    }
    subscriptionCallsFailed++;
    return subscriptionFailureStatus;
  }

  /** The client gzips request bodies (Content-Encoding: gzip). */
  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    return JSON.readTree(in.readAllBytes());
  }

  private synchronized ObjectNode subscription(String name) {
    ObjectNode s = JSON.createObjectNode();
    s.put("name", name);
    s.put("topic", name.replace("/subscriptions/", "/topics/"));
    s.put("ackDeadlineSeconds", 60);
    return s;
  }

  private synchronized ObjectNode pull(String subscription, int max) {
    ObjectNode response = JSON.createObjectNode();
    Deque<Pending> queue = queues.getOrDefault(subscription, new ArrayDeque<>());
    if (queue.isEmpty()) {
      return response;
    }
    ArrayNode received = response.putArray("receivedMessages");
    for (int i = 0; i < max && !queue.isEmpty(); i++) {
      Pending p = queue.poll();
      unacked.computeIfAbsent(subscription, s -> new LinkedHashMap<>()).put(p.ackId(), p);
      firstPulledMillis.putIfAbsent(p.messageId(), System.currentTimeMillis());
      deliveries.merge(p.messageId(), 1, Integer::sum);
      ObjectNode r = received.addObject();
      r.put("ackId", p.ackId());
      ObjectNode m = r.putObject("message");
      // As Pub/Sub's JSON does, an empty field is left out: an attributes-only message has no
      // "data", a message without attributes no "attributes".
      if (p.message().data().length > 0) {
        m.put("data", Base64.getEncoder().encodeToString(p.message().data()));
      }
      m.put("messageId", p.messageId());
      m.put("publishTime", p.publishTime());
      if (!p.message().attributes().isEmpty()) {
        ObjectNode attrs = m.putObject("attributes");
        p.message().attributes().forEach(attrs::put);
      }
    }
    return response;
  }

  /**
   * A deadline of 0 is a nack: Pub/Sub hands those messages out again, first (a reader resuming
   * from a checkpoint nacks what it had pulled but not emitted). Other deadlines change nothing
   * here, since this server never expires a deadline by itself.
   */
  private synchronized ObjectNode modifyAckDeadline(String subscription, JsonNode body) {
    if (body.path("ackDeadlineSeconds").asInt(-1) == 0) {
      Map<String, Pending> out = unacked.getOrDefault(subscription, Map.of());
      Deque<Pending> queue = queues.computeIfAbsent(subscription, s -> new ArrayDeque<>());
      List<Pending> nacked = new ArrayList<>();
      for (JsonNode id : body.path("ackIds")) {
        Pending p = out.remove(id.asText());
        if (p != null) {
          nacked.add(p);
        }
      }
      for (int i = nacked.size() - 1; i >= 0; i--) {
        queue.addFirst(nacked.get(i));
      }
    }
    return JSON.createObjectNode();
  }

  private synchronized ObjectNode acknowledge(String subscription, JsonNode ackIds) {
    Map<String, Pending> out = unacked.getOrDefault(subscription, Map.of());
    for (JsonNode id : ackIds) {
      if (out.remove(id.asText()) != null) {
        acks.computeIfAbsent(subscription, s -> new AtomicInteger()).incrementAndGet();
      }
    }
    return JSON.createObjectNode();
  }

  private void publish(HttpExchange exchange, String topic, JsonNode messages) throws IOException {
    int status = 0;
    ObjectNode response = JSON.createObjectNode();
    synchronized (this) {
      publishAttempts++;
      if (publishFailuresLeft != 0) {
        if (publishFailuresLeft > 0) {
          publishFailuresLeft--;
        }
        status = publishFailureStatus;
      } else {
        ArrayNode messageIds = response.putArray("messageIds");
        for (JsonNode m : messages) {
          Map<String, String> attrs = new TreeMap<>();
          m.path("attributes")
              .fields()
              .forEachRemaining(e -> attrs.put(e.getKey(), e.getValue().asText()));
          // The JSON client sends URL-safe base64; accept the standard alphabet too.
          byte[] data =
              m.hasNonNull("data")
                  ? Base64.getUrlDecoder()
                      .decode(m.get("data").asText().replace('+', '-').replace('/', '_'))
                  : new byte[0];
          long now = System.currentTimeMillis();
          topics
              .computeIfAbsent(topic, t -> new ArrayList<>())
              .add(new Message(data, attrs, m.path("orderingKey").asText(""), now));
          String id = null;
          for (String subscription : feeds.getOrDefault(topic, List.of())) {
            id = enqueue(subscription, data, attrs, Instant.ofEpochMilli(now));
          }
          messageIds.add(id != null ? id : Integer.toString(ids.incrementAndGet()));
        }
      }
    }
    if (status != 0) {
      respond(exchange, status, error(status, "injected publish failure"));
    } else {
      respond(exchange, 200, response);
    }
  }

  private static ObjectNode error(int code, String message) {
    ObjectNode e = JSON.createObjectNode();
    ObjectNode inner = e.putObject("error");
    inner.put("code", code);
    inner.put("message", message);
    inner.put(
        "status",
        switch (code) {
          case 503 -> "UNAVAILABLE";
          case 429 -> "RESOURCE_EXHAUSTED";
          case 403 -> "PERMISSION_DENIED";
          case 404 -> "NOT_FOUND";
          default -> "INTERNAL";
        });
    return e;
  }

  private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
