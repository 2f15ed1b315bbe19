package dev.logalerts.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.GoogleCredentials;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The Cloud Run service: {@code POST /push} receives Pub/Sub push requests of the alert
 * subscription, checks the OIDC token ({@link PushAuth}) and hands the message to the {@link
 * Notifier}. It answers 204 (acknowledge) when the message was delivered, dropped as stale or a
 * duplicate, or dead-lettered after a permanent failure; 503 only when a receiver failed in a
 * retryable way, so Pub/Sub redelivers with the subscription's backoff until its dead-letter
 * policy's max delivery attempts. {@code GET /healthz} is the health check, {@code GET /stats} the
 * counters.
 *
 * <p>Environment: {@code NOTIFIER_CONFIG} (path, default {@code /etc/notifier/config.yaml}), {@code
 * PORT} (8080), {@code PUSH_AUDIENCE} and {@code PUSH_SERVICE_ACCOUNT} (every push is refused until
 * both are set, unless {@code AUTH_DISABLED=true} for local use), {@code DEAD_LETTER_TOPIC} ({@code
 * projects/P/topics/T}; without it permanent failures are only logged), {@code PUBSUB_ENDPOINT}
 * (default the public API).
 */
public final class NotifierServer {
  private final HttpServer server;
  private final Notifier notifier;
  private final PushAuth auth;
  private final Log log;

  public NotifierServer(int port, Notifier notifier, PushAuth auth, Log log) throws IOException {
    this.notifier = notifier;
    this.auth = auth;
    this.log = log;
    this.server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/push", this::push);
    server.createContext("/healthz", ex -> respond(ex, 200, "ok"));
    server.createContext(
        "/stats",
        ex -> respond(ex, 200, AlertMessage.MAPPER.writeValueAsString(notifier.counters())));
    // As many handlers as Cloud Run's --concurrency (deploy-notifier.sh: 20).
    server.setExecutor(Executors.newFixedThreadPool(20));
  }

  public void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void stop() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void push(HttpExchange ex) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        respond(ex, 405, "POST only");
        return;
      }
      try {
        auth.check(ex.getRequestHeaders().getFirst("Authorization"));
      } catch (PushAuth.Refused e) {
        log.warn("push request refused: " + e.getMessage());
        respond(ex, 401, "unauthorized");
        return;
      }
      String body;
      Map<String, String> attributes = new LinkedHashMap<>();
      try (InputStream in = ex.getRequestBody()) {
        JsonNode envelope = AlertMessage.MAPPER.readTree(in.readNBytes(10 << 20));
        JsonNode message = envelope.path("message");
        body =
            new String(
                Base64.getDecoder().decode(message.path("data").asText("")),
                StandardCharsets.UTF_8);
        message
            .path("attributes")
            .fields()
            .forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
      } catch (IOException | IllegalArgumentException e) {
        // Not a Pub/Sub push envelope; the subscription's dead-letter policy bounds redelivery.
        log.error("not a Pub/Sub push request: " + e.getMessage());
        respond(ex, 400, "not a Pub/Sub push request");
        return;
      }
      Notifier.Report report = notifier.handle(body, attributes);
      if (report.ack() == Notifier.Ack.ACK) {
        ex.sendResponseHeaders(204, -1);
      } else {
        respond(ex, 503, "retry");
      }
    } catch (RuntimeException e) {
      log.error("push handler failed: " + e);
      respond(ex, 500, "internal error");
    }
  }

  private static void respond(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  /** Builds the service from the environment; exits 2 on an invalid config. */
  public static NotifierServer fromEnvironment(Function<String, String> env) throws IOException {
    Log log = new Log(System.out, new Redactor(java.util.Set.of()));
    String path =
        env.apply("NOTIFIER_CONFIG") != null
            ? env.apply("NOTIFIER_CONFIG")
            : "/etc/notifier/config.yaml";
    NotifierConfig config;
    try {
      config = ConfigLoader.load(Path.of(path), env);
    } catch (ConfigException e) {
      e.errors().forEach(line -> log.error("invalid config: " + line));
      System.exit(2);
      return null;
    }
    log.setRedactor(new Redactor(config.secrets()));
    PushAuth auth;
    if ("true".equals(env.apply("AUTH_DISABLED"))) {
      log.warn("AUTH_DISABLED=true: push requests are not authenticated (local use only)");
      auth = PushAuth.disabled();
    } else {
      String audience = env.apply("PUSH_AUDIENCE");
      String sa = env.apply("PUSH_SERVICE_ACCOUNT");
      if (audience == null || audience.isEmpty() || sa == null || sa.isEmpty()) {
        // Still start (the first deploy learns the service URL, the audience, only afterwards),
        // but refuse every push until both are set.
        log.error(
            "PUSH_AUDIENCE and PUSH_SERVICE_ACCOUNT are not both set: refusing all pushes"
                + " (set AUTH_DISABLED=true for local use only)");
        auth =
            header -> {
              throw new PushAuth.Refused("PUSH_AUDIENCE or PUSH_SERVICE_ACCOUNT is not set");
            };
      } else {
        auth = PushAuth.google(audience, sa);
      }
    }
    DeadLetters deadLetters = null;
    String topic = env.apply("DEAD_LETTER_TOPIC");
    if (topic != null && !topic.isEmpty()) {
      String endpoint =
          env.apply("PUBSUB_ENDPOINT") != null
              ? env.apply("PUBSUB_ENDPOINT")
              : "https://pubsub.googleapis.com";
      GoogleCredentials creds =
          GoogleCredentials.getApplicationDefault()
              .createScoped(List.of("https://www.googleapis.com/auth/pubsub"));
      deadLetters =
          new DeadLetters.PubSub(
              endpoint,
              topic,
              () -> {
                try {
                  creds.refreshIfExpired();
                  return creds.getAccessToken().getTokenValue();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } else {
      log.warn("DEAD_LETTER_TOPIC is not set: permanent failures are logged and dropped");
    }
    Notifier notifier =
        new Notifier(
            config,
            new Delivery(config.delivery(), new Redactor(config.secrets()), log),
            deadLetters,
            log);
    int port = Integer.parseInt(env.apply("PORT") != null ? env.apply("PORT") : "8080");
    log.info(
        "notifier listening on port "
            + port
            + " with "
            + config.receivers().size()
            + " receivers and "
            + config.routes().size()
            + " routes");
    return new NotifierServer(port, notifier, auth, log);
  }

  public static void main(String[] args) throws IOException {
    fromEnvironment(System::getenv).start();
  }
}
