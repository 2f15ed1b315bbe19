package dev.logalerts.notifier;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Message text from Mustache templates (mustache.java): the built-in ones under {@code
 * resources/dev/logalerts/notifier/templates/} and the per-receiver {@code text:} overrides of the
 * config. Values are escaped for the target, never the template's own text: Slack mrkdwn escapes
 * {@code & < >}, Google Chat's HTML subset escapes HTML, PagerDuty's plain summary escapes nothing.
 * {@link #view} documents the variables a template can use.
 */
public final class Templates {
  /** How variable values are escaped. */
  public enum Escape {
    NONE,
    SLACK,
    HTML
  }

  private static final Map<String, Mustache> CACHE = new ConcurrentHashMap<>();

  private Templates() {}

  private static final class Factory extends DefaultMustacheFactory {
    private final Escape escape;

    Factory(Escape escape) {
      this.escape = escape;
    }

    /** No partials ({@code {{> name}}}): a template must never read files or resources. */
    @Override
    public java.io.Reader getReader(String resourceName) {
      throw new com.github.mustachejava.MustacheException(
          "partials ({{> name}}) are not supported");
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(escape(value, escape));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Escapes a value for the target markup. */
  public static String escape(String value, Escape escape) {
    switch (escape) {
      case SLACK:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
      case HTML:
        return value
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&quot;");
      default:
        return value;
    }
  }

  /**
   * Compiles a template (validates it).
   *
   * @throws RuntimeException (mustache.java's MustacheException) with the problem's position
   */
  static Mustache compile(String name, String template) {
    return compile(name, template, Escape.NONE);
  }

  private static Mustache compile(String name, String template, Escape escape) {
    String key = escape + "\u0000" + name + "\u0000" + template;
    return CACHE.computeIfAbsent(
        key, k -> new Factory(escape).compile(new StringReader(template), name));
  }

  /** Renders a template over {@link #view} of the alert. */
  public static String render(String name, String template, AlertMessage alert, Escape escape) {
    StringWriter out = new StringWriter();
    compile(name, template, escape).execute(out, view(alert));
    return out.toString().strip();
  }

  /** The built-in template of that name (e.g. {@code slack-text}). */
  public static String builtIn(String name) {
    try (var in = Templates.class.getResourceAsStream("templates/" + name + ".mustache")) {
      if (in == null) {
        throw new IllegalStateException("missing built-in template " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The variables of a template: every top-level string field of the alert as published ({@code
   * alertId}, {@code rule}, {@code type}, {@code state}, {@code summary}, {@code description},
   * {@code runbook}, {@code logsExplorerUrl}, {@code windowStart}, {@code windowEnd}, {@code
   * firstSeen}, ...), plus: {@code severity} (the display severity: FLAPPING shows as warning),
   * {@code ruleSeverity}, {@code emoji}, {@code color}, {@code value}, {@code threshold} (numbers
   * without a trailing .0), {@code sequence}, {@code groupText} ("k=v, k=v"), {@code group} (list
   * of {@code key}/{@code value}), {@code samples} (list of {@code timestamp}/{@code message}/
   * {@code insertId}/{@code templateId}), {@code incident} (RESOLVED and FLAPPING: the incident
   * summary as one line, "" otherwise), and the flags {@code firing}, {@code resolved}, {@code
   * flapping}.
   */
  public static Map<String, Object> view(AlertMessage alert) {
    Map<String, Object> v = new LinkedHashMap<>();
    alert
        .tree()
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode()) {
                v.put(e.getKey(), e.getValue().asText());
              }
            });
    v.put("severity", alert.displaySeverity());
    v.put("ruleSeverity", alert.severity());
    v.put("emoji", Style.emoji(alert));
    v.put("color", Style.color(alert));
    v.put("value", number(alert, "value"));
    v.put("threshold", number(alert, "threshold"));
    v.put("sequence", alert.sequence() == null ? "" : alert.sequence().toString());
    List<Map<String, String>> group = new ArrayList<>();
    alert.group().forEach((k, val) -> group.add(Map.of("key", k, "value", val)));
    v.put("group", group);
    v.put("groupText", Style.groupText(alert));
    List<Map<String, String>> samples = new ArrayList<>();
    alert
        .tree()
        .path("samples")
        .forEach(
            s ->
                samples.add(
                    Map.of(
                        "timestamp", s.path("timestamp").asText(),
                        "message", s.path("message").asText(),
                        "insertId", s.path("insertId").asText(),
                        "templateId", s.path("templateId").asText())));
    v.put("samples", samples);
    v.put("firing", "FIRING".equals(alert.state()));
    v.put("resolved", "RESOLVED".equals(alert.state()));
    v.put("flapping", "FLAPPING".equals(alert.state()));
    v.put("incident", Style.incidentText(alert));
    return v;
  }

  /** A number as people write it: 15 rather than 15.0, 0.25 as is. */
  static String number(AlertMessage alert, String field) {
    return number(alert.tree().get(field));
  }

  /** {@link #number(AlertMessage, String)} of a JSON value (null: ""). */
  static String number(com.fasterxml.jackson.databind.JsonNode n) {
    if (n == null || !n.isNumber()) {
      return n == null || n.isNull() ? "" : n.asText();
    }
    double d = n.asDouble();
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return new java.math.BigDecimal(d)
        .round(new java.math.MathContext(6))
        .stripTrailingZeros()
        .toPlainString();
  }
}
