package dev.logalerts.notifier;

import dev.logalerts.notifier.Delivery.Outcome;
import dev.logalerts.notifier.Delivery.Result;
import dev.logalerts.notifier.NotifierConfig.Receiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Handles one alert message, the same way for the Cloud Run push endpoint and {@code notify.sh}:
 * parse, drop it if stale, route, build each receiver's request, skip receivers it was already sent
 * to, deliver, and dead-letter permanent failures.
 *
 * <p>Within one instance (bounded memory, the most recent {@value #MEMORY} keys): a message whose
 * {@code sequence} is lower than the last seen for its alertId, or equal with different content, is
 * stale and dropped; a message already delivered to a receiver (same JSON content) is not sent to
 * it again, so a Pub/Sub redelivery after a partial failure only retries the receivers that failed.
 * A message dead-lettered for a receiver is not sent to it again on redelivery either, but is when
 * it comes back as a replayed dead letter (its {@code receiver} attribute names that receiver): the
 * replay is how the user sends it once the receiver is fixed. Across instances nothing is shared:
 * see README "Notifications".
 *
 * <p>The result says whether to acknowledge: {@link Ack#RETRY} only when some receiver failed in a
 * retryable way (or a dead letter could not be published); permanent failures are dead-lettered and
 * acknowledged, so there is never an endless redelivery loop.
 */
public final class Notifier {
  static final int MEMORY = 100_000;

  /** What the push endpoint answers. */
  public enum Ack {
    ACK,
    RETRY
  }

  /**
   * One request of a message: {@code request} is null when it could not be built (a template
   * failed; {@code result} says why); {@code result} is null in preview or when skipped; {@code
   * skipped} names why nothing was sent (duplicate, in flight), else null.
   */
  public record Attempt(String receiver, OutboundRequest request, Result result, String skipped) {}

  /**
   * @param dropped why the whole message was dropped (stale, no route, malformed), or null
   */
  public record Report(Ack ack, AlertMessage alert, String dropped, List<Attempt> attempts) {}

  private record Seen(long sequence, String hash) {}

  private final NotifierConfig config;
  private final Router router;
  private final Payloads payloads;
  private final boolean redelivered;
  private final Delivery delivery;
  private final DeadLetters deadLetters;
  private final Log log;
  private final Map<String, Seen> lastSequence = lru();
  private final Set<String> delivered = Collections.newSetFromMap(lru());
  private final Set<String> deadLettered = Collections.newSetFromMap(lru());
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

  /**
   * @param delivery null for a preview: requests are built and reported, nothing is sent
   */
  public Notifier(NotifierConfig config, Delivery delivery, DeadLetters deadLetters, Log log) {
    this(config, delivery, deadLetters, log, true);
  }

  /**
   * @param redelivered whether a message answered {@link Ack#RETRY} comes again (Pub/Sub redelivers
   *     to the service; {@code notify.sh} reads each line once)
   */
  public Notifier(
      NotifierConfig config,
      Delivery delivery,
      DeadLetters deadLetters,
      Log log,
      boolean redelivered) {
    this.redelivered = redelivered;
    this.config = config;
    this.router = new Router(config.routes());
    this.payloads = new Payloads(new Redactor(config.secrets()));
    this.delivery = delivery;
    this.deadLetters = deadLetters;
    this.log = log;
  }

  private static <V> Map<String, V> lru() {
    return Collections.synchronizedMap(
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
            return size() > MEMORY;
          }
        });
  }

  /** Counters by name: sent, permanent.RECEIVER, retryable.RECEIVER, stale, duplicate, ... */
  public Map<String, Long> counters() {
    Map<String, Long> out = new java.util.TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  private long count(String name) {
    return counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
  }

  /**
   * Handles one message body.
   *
   * @param attributes the Pub/Sub attributes; a {@code receiver} attribute (a replayed dead letter)
   *     restricts delivery to that receiver
   */
  public Report handle(String body, Map<String, String> attributes) {
    AlertMessage alert;
    try {
      alert = AlertMessage.parse(body);
    } catch (IllegalArgumentException e) {
      count("malformed");
      log.error("malformed alert message dead-lettered: " + e.getMessage());
      Ack ack = deadLetter(body, Map.of("reason", "malformed: " + e.getMessage()));
      return new Report(ack, null, "malformed: " + e.getMessage(), List.of());
    }
    // Content identity: key order and whitespace do not make a message new.
    String hash = sha256(canonical(alert.tree()));
    Long seq = alert.sequence();
    if (seq != null) {
      synchronized (lastSequence) {
        Seen last = lastSequence.get(alert.alertId());
        if (last != null
            && (seq < last.sequence() || (seq == last.sequence() && !hash.equals(last.hash())))) {
          count("stale");
          String why = "stale: sequence " + seq + " is not newer than " + last.sequence();
          log.info("dropped alert " + alert.alertId() + " " + why);
          return new Report(Ack.ACK, alert, why, List.of());
        }
        lastSequence.put(alert.alertId(), new Seen(seq, hash));
      }
    }
    List<String> names = new ArrayList<>(router.receivers(alert));
    String only = attributes.get("receiver");
    if (only != null) {
      names.retainAll(List.of(only));
    }
    if (names.isEmpty()) {
      count("unrouted");
      return new Report(
          Ack.ACK,
          alert,
          "no receiver: no route matches, or the first that does has receivers: []",
          List.of());
    }
    Ack ack = Ack.ACK;
    List<Attempt> attempts = new ArrayList<>();
    for (String name : names) {
      Receiver receiver = config.receiver(name);
      String key = name + ":" + hash;
      OutboundRequest request;
      try {
        request = payloads.build(receiver, alert);
      } catch (RuntimeException e) {
        // A user template that fails at render time: permanent for this receiver.
        String detail = "cannot build the message: " + e.getMessage();
        attempts.add(new Attempt(name, null, new Result(Outcome.PERMANENT, 0, 0, detail), null));
        if (!delivered.contains(key) && deadLettered.add(key)) {
          count("permanent." + name);
          log.error("alert " + alert.alertId() + " to " + name + ": " + detail);
          Ack dl = deadLetter(body, deadLetterAttributes(alert, name, 0, detail));
          if (dl == Ack.RETRY) {
            deadLettered.remove(key);
          }
          ack = max(ack, dl);
        }
        continue;
      }
      if (delivered.contains(key) || (only == null && deadLettered.contains(key))) {
        count("duplicate");
        attempts.add(new Attempt(name, request, null, "duplicate"));
        continue;
      }
      if (!inFlight.add(key)) {
        // The same message is being delivered by another request right now: let Pub/Sub retry.
        attempts.add(new Attempt(name, request, null, "in flight"));
        ack = Ack.RETRY;
        continue;
      }
      try {
        if (delivery == null) {
          delivered.add(key);
          attempts.add(new Attempt(name, request, null, null));
          continue;
        }
        Result result = delivery.send(request);
        attempts.add(new Attempt(name, request, result, null));
        if (result.outcome() == Outcome.SENT) {
          count("sent");
          delivered.add(key);
          deadLettered.remove(key);
        } else if (result.outcome() == Outcome.PERMANENT) {
          long n = count("permanent." + name);
          log.error(
              "permanent failure delivering alert "
                  + alert.alertId()
                  + " to "
                  + name
                  + " ("
                  + request.maskedUrl()
                  + "): "
                  + result.detail()
                  + "; dead-lettered ("
                  + n
                  + " permanent failures for "
                  + name
                  + " so far)");
          Ack dl =
              deadLetter(body, deadLetterAttributes(alert, name, result.status(), result.detail()));
          if (dl == Ack.ACK) {
            deadLettered.add(key);
          }
          ack = max(ack, dl);
        } else {
          count("retryable." + name);
          log.warn(
              "delivering alert "
                  + alert.alertId()
                  + " to "
                  + name
                  + " failed after "
                  + result.attempts()
                  + " attempts: "
                  + result.detail()
                  + (redelivered ? "; will retry" : "; not retried (run again to retry it)"));
          ack = Ack.RETRY;
        }
      } finally {
        inFlight.remove(key);
      }
    }
    return new Report(ack, alert, null, attempts);
  }

  private static Ack max(Ack a, Ack b) {
    return a == Ack.RETRY || b == Ack.RETRY ? Ack.RETRY : Ack.ACK;
  }

  private static Map<String, String> deadLetterAttributes(
      AlertMessage alert, String receiver, int status, String reason) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("alertId", alert.alertId());
    a.put("receiver", receiver);
    a.put("status", Integer.toString(status));
    a.put("reason", Style.truncate(reason, 1000));
    return a;
  }

  private Ack deadLetter(String body, Map<String, String> attributes) {
    if (deadLetters == null) {
      return Ack.ACK;
    }
    try {
      deadLetters.publish(body, attributes);
      count("deadLettered");
      return Ack.ACK;
    } catch (IOException | RuntimeException e) {
      log.error("cannot publish a dead letter, the message will be redelivered: " + e.getMessage());
      return Ack.RETRY;
    }
  }

  /** The JSON text with object keys sorted at every level. */
  static String canonical(com.fasterxml.jackson.databind.JsonNode node) {
    if (node.isObject()) {
      java.util.TreeMap<String, com.fasterxml.jackson.databind.JsonNode> sorted =
          new java.util.TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      StringBuilder out = new StringBuilder("{");
      sorted.forEach(
          (k, v) -> {
            if (out.length() > 1) {
              out.append(',');
            }
            out.append(new com.fasterxml.jackson.databind.node.TextNode(k))
                .append(':')
                .append(canonical(v));
          });
      return out.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder out = new StringBuilder("[");
      for (com.fasterxml.jackson.databind.JsonNode item : node) {
        out.append(out.length() > 1 ? "," : "").append(canonical(item));
      }
      return out.append(']').toString();
    }
    return node.toString();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
