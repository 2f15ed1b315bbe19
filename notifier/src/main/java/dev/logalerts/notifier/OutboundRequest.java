package dev.logalerts.notifier;

import java.util.Map;

/**
 * One HTTP POST to a receiver: what {@link Delivery} sends and what {@code notify.sh} previews.
 *
 * @param maskedUrl the URL fit for printing (see {@link Redactor#maskUrl})
 * @param headers extra headers besides {@code Content-Type: application/json}
 */
public record OutboundRequest(
    String receiver, String url, String maskedUrl, Map<String, String> headers, String body) {}
