package dev.logalerts.notifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.logalerts.notifier.Templates.Escape;

/**
 * A Slack incoming-webhook message in Block Kit: a header (emoji, state, rule), the text section
 * (the {@code slack-text} template or the receiver's {@code text:}), fields (severity, group, value
 * vs threshold, window; on RESOLVED and FLAPPING the incident summary), the redacted samples, Logs
 * Explorer and runbook buttons, and a coloured attachment with a context footer. The top-level
 * {@code text} is the notification fallback.
 *
 * <p>Slack's limits are enforced by truncation, never by a rejected request: at most 50 blocks
 * (this uses 6 plus 1), header text 150 chars, section text 3000, each field 2000 (at most 10),
 * button text 75 and URL 3000 (a longer Logs Explorer URL gets no button: no Slack text element
 * could hold it either), and the blocks' total text (see {@link #BLOCKS_BUDGET}).
 */
final class SlackMessage {
  static final int MAX_BLOCKS = 50;
  static final int HEADER_MAX = 150;
  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;

  /** Our own cap per field: a long group must not eat the whole message budget. */
  static final int FIELD_BUDGET = 500;

  /**
   * Slack also rejects messages whose blocks hold too much text in total ({@code
   * msg_blocks_too_long}, observed from about 13,000 chars); this keeps the serialized blocks under
   * 12,000 by dropping the samples, then the buttons.
   */
  static final int BLOCKS_BUDGET = 12_000;

  static final int BUTTON_URL_MAX = 3000;
  static final int SAMPLE_MAX = 400;

  private SlackMessage() {}

  static ObjectNode build(AlertMessage alert, String textTemplate) {
    String template = textTemplate != null ? textTemplate : Templates.builtIn("slack-text");
    String text = Templates.render("slack-text", template, alert, Escape.SLACK);
    ObjectNode msg = AlertMessage.MAPPER.createObjectNode();
    msg.put("text", Style.truncate(text, SECTION_MAX));
    ArrayNode blocks = msg.putArray("blocks");

    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("emoji", true)
        .put(
            "text",
            Style.truncate(
                Style.emoji(alert) + " " + alert.state() + " · " + alert.rule(), HEADER_MAX));

    section(blocks, Style.truncate(text, SECTION_MAX));

    ObjectNode fields = blocks.addObject().put("type", "section");
    ArrayNode fa = fields.putArray("fields");
    field(
        fa,
        "Severity",
        alert.displaySeverity()
            + (alert.displaySeverity().equals(alert.severity())
                ? ""
                : " (rule: " + alert.severity() + ")"));
    field(fa, "Group", Style.groupText(alert));
    field(fa, "Value", Style.valueText(alert));
    field(fa, "Window", Style.windowText(alert));
    field(fa, "Incident", Style.incidentText(alert));

    JsonNode samples = alert.tree().path("samples");
    if (samples.size() > 0) {
      StringBuilder s = new StringBuilder("*Samples* (redacted)\n```");
      for (JsonNode sample : samples) {
        s.append(sample.path("timestamp").asText())
            .append("  ")
            .append(withoutFence(Style.truncate(sample.path("message").asText(), SAMPLE_MAX)))
            .append('\n');
      }
      String body = Templates.escape(Style.truncate(s.toString(), 2000), Escape.SLACK);
      section(blocks, Style.truncate(body, SECTION_MAX - 3) + "```");
      ((ObjectNode) blocks.get(blocks.size() - 1)).put("block_id", "samples");
    }

    ArrayNode buttons = AlertMessage.MAPPER.createArrayNode();
    button(buttons, "Logs Explorer", alert.text("logsExplorerUrl"), "logs");
    button(buttons, "Runbook", alert.text("runbook"), "runbook");
    if (buttons.size() > 0) {
      blocks.addObject().put("type", "actions").put("block_id", "actions").set("elements", buttons);
    }

    for (String droppable : new String[] {"samples", "actions"}) {
      if (blocks.toString().length() <= BLOCKS_BUDGET) {
        break;
      }
      for (int i = blocks.size() - 1; i >= 0; i--) {
        if (droppable.equals(blocks.get(i).path("block_id").asText())) {
          blocks.remove(i);
        }
      }
    }

    ObjectNode attachment = msg.putArray("attachments").addObject();
    attachment.put("color", Style.color(alert));
    StringBuilder footer = new StringBuilder();
    footer
        .append("rule `")
        .append(alert.rule())
        .append("` · alert `")
        .append(alert.alertId())
        .append('`');
    if (!alert.text("firstSeen").isEmpty()) {
      footer.append(" · first seen ").append(alert.text("firstSeen"));
    }
    if (alert.sequence() != null) {
      footer.append(" · #").append(alert.sequence());
    }
    ObjectNode context = attachment.putArray("blocks").addObject().put("type", "context");
    context
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put(
            "text", Style.truncate(Templates.escape(footer.toString(), Escape.SLACK), SECTION_MAX));
    return msg;
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    if (mrkdwn.isBlank()) {
      return;
    }
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", mrkdwn);
  }

  private static void field(ArrayNode fields, String label, String value) {
    if (value.isEmpty()) {
      return;
    }
    fields
        .addObject()
        .put("type", "mrkdwn")
        .put(
            "text",
            Style.truncate(
                "*" + label + "*\n" + Templates.escape(value, Escape.SLACK), FIELD_BUDGET));
  }

  private static void button(ArrayNode elements, String label, String url, String actionId) {
    if (url.isEmpty() || url.length() > BUTTON_URL_MAX || !url.startsWith("http")) {
      return;
    }
    ObjectNode b = elements.addObject().put("type", "button").put("action_id", actionId);
    b.putObject("text").put("type", "plain_text").put("text", label);
    b.put("url", url);
  }

  /**
   * A sample's own triple backticks (a Markdown message, a shell heredoc) would close the code
   * block early and leave the rest as formatted text: a zero-width space between them keeps them
   * visible and inert.
   */
  static String withoutFence(String message) {
    return message.replace("```", "`\u200b`\u200b`");
  }
}
