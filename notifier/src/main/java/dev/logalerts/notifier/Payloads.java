package dev.logalerts.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.logalerts.notifier.NotifierConfig.Receiver;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds the request for a receiver from an alert: the body in the receiver's own format (see
 * {@link SlackMessage}, {@link ChatMessage}, {@link PagerDutyEvent}, {@link AlertmanagerAlert}, the
 * last with {@code Authorization: Bearer} when the receiver has a {@code bearerToken}) or, for a
 * webhook, the alert JSON exactly as published, signed with {@code X-Log-Alerts-Signature:
 * sha256=<hex HMAC-SHA256 of the body>} when the receiver has an {@code hmacSecret}.
 */
public final class Payloads {
  public static final String SIGNATURE_HEADER = "X-Log-Alerts-Signature";

  private final Redactor redactor;
  private final Clock clock;

  public Payloads(Redactor redactor) {
    this(redactor, Clock.systemUTC());
  }

  /** With the clock an Alertmanager alert's {@code endsAt} is counted from. */
  public Payloads(Redactor redactor, Clock clock) {
    this.redactor = redactor;
    this.clock = clock;
  }

  public OutboundRequest build(Receiver r, AlertMessage alert) {
    switch (r.kind()) {
      case SLACK:
        return request(r, true, Map.of(), SlackMessage.build(alert, r.textTemplate()));
      case GOOGLE_CHAT:
        return request(r, true, Map.of(), ChatMessage.build(alert, r.textTemplate()));
      case PAGERDUTY:
        return request(
            r, false, Map.of(), PagerDutyEvent.build(alert, r.secret(), r.textTemplate()));
      case ALERTMANAGER:
        return request(
            r,
            false,
            r.secret() == null ? Map.of() : Map.of("Authorization", "Bearer " + r.secret()),
            AlertmanagerAlert.build(alert, r.lifetimes(), clock.instant(), r.textTemplate()));
      default:
        String body = alert.json();
        Map<String, String> headers =
            r.secret() == null ? Map.of() : Map.of(SIGNATURE_HEADER, signature(r.secret(), body));
        return new OutboundRequest(
            r.name(), r.url(), redactor.maskUrl(r.url(), false), headers, body);
    }
  }

  private OutboundRequest request(
      Receiver r, boolean credentialUrl, Map<String, String> headers, JsonNode body) {
    try {
      return new OutboundRequest(
          r.name(),
          r.url(),
          redactor.maskUrl(r.url(), credentialUrl),
          headers,
          AlertMessage.MAPPER.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code sha256=<lowercase hex HMAC-SHA256 of the UTF-8 body>}. */
  public static String signature(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
