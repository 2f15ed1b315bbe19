package dev.logalerts.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.notifier.Templates.Escape;

/**
 * A Google Chat incoming-webhook message with one {@code cardsV2} card carrying the same content as
 * the Slack message: header (emoji, state, rule; subtitle severity and group), the text (the {@code
 * chat-text} template or the receiver's {@code text:}, Chat's HTML subset, severity colour through
 * {@code <font color>}), decorated fields, the redacted samples in a collapsible section, and Logs
 * Explorer and runbook buttons. {@code fallbackText} is what notifications show.
 *
 * <p>Limits: Chat caps a message at 32,000 bytes and a card at 100 widgets; this uses at most 14
 * widgets and truncates each text (4000 chars for the main text, 400 per sample).
 */
final class ChatMessage {
  static final int TEXT_MAX = 4000;
  static final int TITLE_MAX = 200;
  static final int SAMPLE_MAX = 400;

  private ChatMessage() {}

  static ObjectNode build(AlertMessage alert, String textTemplate) {
    String template = textTemplate != null ? textTemplate : Templates.builtIn("chat-text");
    String text = Templates.render("chat-text", template, alert, Escape.HTML);
    ObjectNode msg = AlertMessage.MAPPER.createObjectNode();
    msg.put("fallbackText", Style.truncate(Style.emoji(alert) + " " + alert.summary(), TEXT_MAX));
    ObjectNode card = msg.putArray("cardsV2").addObject();
    card.put("cardId", "alert-" + alert.alertId());
    ObjectNode c = card.putObject("card");
    c.putObject("header")
        .put(
            "title",
            Style.truncate(
                Style.emoji(alert) + " " + alert.state() + " · " + alert.rule(), TITLE_MAX))
        .put(
            "subtitle",
            Style.truncate(alert.displaySeverity() + " · " + Style.groupText(alert), TITLE_MAX));
    ArrayNode sections = c.putArray("sections");

    ArrayNode main = sections.addObject().putArray("widgets");
    main.addObject()
        .putObject("textParagraph")
        .put(
            "text",
            Style.truncate(
                "<font color=\""
                    + Style.color(alert)
                    + "\"><b>"
                    + esc(alert.state() + " · " + alert.displaySeverity())
                    + "</b></font><br>"
                    + text,
                TEXT_MAX));

    ArrayNode facts = sections.addObject().putArray("widgets");
    fact(facts, "Group", Style.groupText(alert));
    fact(facts, "Value", Style.valueText(alert));
    fact(facts, "Window", Style.windowText(alert));
    fact(facts, "Incident", Style.incidentText(alert));
    fact(
        facts,
        "Alert",
        alert.alertId() + (alert.sequence() == null ? "" : " #" + alert.sequence()));

    JsonNode samples = alert.tree().path("samples");
    if (samples.size() > 0) {
      ObjectNode s =
          sections
              .addObject()
              .put("header", "Samples (redacted)")
              .put("collapsible", true)
              .put("uncollapsibleWidgetsCount", 1);
      ArrayNode sw = s.putArray("widgets");
      for (JsonNode sample : samples) {
        sw.addObject()
            .putObject("textParagraph")
            .put(
                "text",
                "<i>"
                    + esc(sample.path("timestamp").asText())
                    + "</i><br>"
                    + esc(Style.truncate(sample.path("message").asText(), SAMPLE_MAX)));
        if (sw.size() == 5) {
          break;
        }
      }
    }

    ArrayNode buttons = AlertMessage.MAPPER.createArrayNode();
    button(buttons, "Logs Explorer", alert.text("logsExplorerUrl"));
    button(buttons, "Runbook", alert.text("runbook"));
    if (buttons.size() > 0) {
      sections
          .addObject()
          .putArray("widgets")
          .addObject()
          .putObject("buttonList")
          .set("buttons", buttons);
    }
    return msg;
  }

  private static String esc(String s) {
    return Templates.escape(s, Escape.HTML);
  }

  private static void fact(ArrayNode widgets, String label, String value) {
    if (value.isEmpty()) {
      return;
    }
    widgets
        .addObject()
        .putObject("decoratedText")
        .put("topLabel", label)
        .put("text", esc(Style.truncate(value, TEXT_MAX)));
  }

  private static void button(ArrayNode buttons, String label, String url) {
    if (url.isEmpty() || !url.startsWith("http")) {
      return;
    }
    buttons
        .addObject()
        .put("text", label)
        .putObject("onClick")
        .putObject("openLink")
        .put("url", url);
  }
}
