package dev.logalerts.notifier;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated notifier config: receivers, routes and delivery settings, with {@code ${ENV}}
 * references already substituted. Built only by {@link ConfigLoader}, so every instance is valid:
 * each route names existing receivers and each receiver has exactly one kind.
 *
 * @param secrets every value that must never be printed or logged (substituted environment values,
 *     routing keys, HMAC secrets, chat webhook URLs); see {@link Redactor}
 */
public record NotifierConfig(
    List<Receiver> receivers, List<Route> routes, DeliverySettings delivery, Set<String> secrets) {

  /** Where a receiver sends. */
  public enum Kind {
    SLACK("slack"),
    GOOGLE_CHAT("googleChat"),
    PAGERDUTY("pagerduty"),
    WEBHOOK("webhook"),
    ALERTMANAGER("alertmanager");

    final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }
  }

  /**
   * One named destination.
   *
   * @param url the webhook URL (Slack, Google Chat, webhook), the Events API endpoint, or
   *     Alertmanager's {@code /api/v2/alerts} endpoint
   * @param secret the PagerDuty routing key, the webhook HMAC secret or Alertmanager's bearer
   *     token; null when not used
   * @param textTemplate a Mustache template replacing the default text, or null
   * @param lifetimes how long Alertmanager keeps an alert active without news; null for the other
   *     kinds
   */
  public record Receiver(
      String name,
      Kind kind,
      String url,
      String secret,
      String textTemplate,
      AlertLifetimes lifetimes) {
    public Receiver(String name, Kind kind, String url, String secret, String textTemplate) {
      this(name, kind, url, secret, textTemplate, null);
    }
  }

  /**
   * The {@code endsAt} an Alertmanager receiver gives an alert: Alertmanager resolves an alert by
   * itself once {@code endsAt} passes, and the pipeline sends a FIRING once per {@code
   * renotifyEvery}, not continuously as Prometheus does.
   *
   * @param resolveTimeout after the last FIRING or FLAPPING of an incident, how long it stays
   *     active if no RESOLVED comes (the job stopped, say); longer than the rules' {@code
   *     renotifyEvery}
   * @param eventTimeout how long an alert without a lifecycle (new-template: no RESOLVED) stays
   *     active, long enough for Alertmanager's {@code group_wait} to notify it
   */
  public record AlertLifetimes(Duration resolveTimeout, Duration eventTimeout) {
    public static final AlertLifetimes DEFAULT =
        new AlertLifetimes(Duration.ofHours(24), Duration.ofHours(1));
  }

  /**
   * One routing rule: an alert matches when, for every key, its value is one of the listed ones.
   *
   * @param match keys {@code rule}, {@code severity}, {@code state} or {@code group.KEY}
   * @param continueMatching when false (the default) the first matching route ends routing
   */
  public record Route(
      Map<String, Set<String>> match, List<String> receivers, boolean continueMatching) {}

  /**
   * Retry policy of one delivery: 429, 5xx and network errors are retried up to {@code maxAttempts}
   * with exponential backoff from {@code initialBackoff}, each wait at most {@code maxBackoff}
   * (also a cap on Retry-After); {@code timeout} bounds each request.
   */
  public record DeliverySettings(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
    public static final DeliverySettings DEFAULT =
        new DeliverySettings(
            3, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  /** The receiver of that name; the loader guarantees that routes only name existing ones. */
  public Receiver receiver(String name) {
    for (Receiver r : receivers) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no receiver " + name);
  }
}
