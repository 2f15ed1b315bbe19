package dev.logalerts.notifier;

import dev.logalerts.notifier.NotifierConfig.DeliverySettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Posts one {@link OutboundRequest} with bounded retries. 429, 5xx and network errors are retried
 * up to {@code maxAttempts}, waiting exponentially from {@code initialBackoff} up to {@code
 * maxBackoff}, or exactly what {@code Retry-After} (seconds or an HTTP date) asks; a Retry-After
 * longer than {@code maxBackoff} ends the attempts at once (the caller retries later, e.g. Pub/Sub
 * redelivers) rather than retrying early. Any other 4xx is permanent: retrying cannot help.
 */
public final class Delivery {
  /** How a delivery ended. */
  public enum Outcome {
    SENT,
    /** A 4xx other than 429 (or a request that cannot be sent): dead-letter it. */
    PERMANENT,
    /** 429, 5xx or network errors until the attempts ran out: try again later. */
    RETRYABLE
  }

  /**
   * @param status the last HTTP status, 0 when no response came
   * @param detail what went wrong, secrets masked; empty when sent
   */
  public record Result(Outcome outcome, int status, int attempts, String detail) {}

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final HttpClient client;
  private final DeliverySettings settings;
  private final Sleeper sleeper;
  private final Redactor redactor;
  private final Log log;

  public Delivery(DeliverySettings settings, Redactor redactor, Log log) {
    this(
        HttpClient.newBuilder().connectTimeout(settings.timeout()).build(),
        settings,
        d -> Thread.sleep(d.toMillis()),
        redactor,
        log);
  }

  public Delivery(
      HttpClient client, DeliverySettings settings, Sleeper sleeper, Redactor redactor, Log log) {
    this.client = client;
    this.settings = settings;
    this.sleeper = sleeper;
    this.redactor = redactor;
    this.log = log;
  }

  /**
   * What went wrong on the network, in words: the JDK's client throws a {@code ConnectException}
   * without a message when nothing listens, so that one names the address it could not reach (its
   * host and port only: a webhook URL's path can be its secret).
   */
  static String networkProblem(IOException e, URI uri) {
    String where = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    if (e instanceof java.net.ConnectException) {
      return "cannot connect to "
          + where
          + (e.getMessage() != null ? " (" + e.getMessage() + ")" : " (refused or unreachable)");
    }
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "no answer from " + where + " in time (" + e.getMessage() + ")";
    }
    String message = e.getMessage();
    for (Throwable c = e.getCause(); message == null && c != null; c = c.getCause()) {
      message = c.getMessage();
    }
    return e.getClass().getSimpleName()
        + (message != null ? ": " + message : "")
        + " ("
        + where
        + ")";
  }

  public Result send(OutboundRequest r) {
    HttpRequest.Builder b;
    try {
      b =
          HttpRequest.newBuilder(URI.create(r.url()))
              .timeout(settings.timeout())
              .header("Content-Type", "application/json; charset=utf-8")
              .header("User-Agent", "log-alerts-notifier")
              .POST(HttpRequest.BodyPublishers.ofString(r.body()));
      for (Map.Entry<String, String> h : r.headers().entrySet()) {
        b.header(h.getKey(), h.getValue());
      }
    } catch (IllegalArgumentException e) {
      return new Result(
          Outcome.PERMANENT, 0, 0, "invalid request: " + redactor.redact(e.getMessage()));
    }
    HttpRequest request = b.build();
    int status = 0;
    String detail = "";
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      try {
        HttpResponse<String> resp = client.send(request, HttpResponse.BodyHandlers.ofString());
        status = resp.statusCode();
        if (status >= 200 && status < 300) {
          return new Result(Outcome.SENT, status, attempt, "");
        }
        detail =
            "HTTP "
                + status
                + ": "
                + redactor.redact(
                    Style.truncate(resp.body() == null ? "" : resp.body().strip(), 200));
        if (status != 429 && status < 500) {
          return new Result(Outcome.PERMANENT, status, attempt, detail);
        }
        Duration retryAfter = retryAfter(resp.headers().firstValue("Retry-After").orElse(null));
        if (retryAfter != null && retryAfter.compareTo(settings.maxBackoff()) > 0) {
          return new Result(
              Outcome.RETRYABLE,
              status,
              attempt,
              detail + " (Retry-After " + retryAfter.toSeconds() + "s is beyond maxBackoff)");
        }
        wait = retryAfter != null ? retryAfter : backoff(attempt);
      } catch (IOException e) {
        status = 0;
        detail = "network error: " + redactor.redact(networkProblem(e, request.uri()));
        wait = backoff(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(Outcome.RETRYABLE, status, attempt, "interrupted");
      }
      if (attempt >= settings.maxAttempts()) {
        return new Result(Outcome.RETRYABLE, status, attempt, detail);
      }
      log.info(
          "retrying "
              + r.receiver()
              + " in "
              + wait.toMillis()
              + " ms after "
              + detail
              + " (attempt "
              + attempt
              + " of "
              + settings.maxAttempts()
              + ")");
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(Outcome.RETRYABLE, status, attempt, "interrupted");
      }
    }
  }

  private Duration backoff(int attempt) {
    Duration d = settings.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
    return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
  }

  /** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    if (v.matches("\\d{1,9}")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
