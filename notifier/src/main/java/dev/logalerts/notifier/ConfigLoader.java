package dev.logalerts.notifier;

import dev.logalerts.notifier.NotifierConfig.AlertLifetimes;
import dev.logalerts.notifier.NotifierConfig.DeliverySettings;
import dev.logalerts.notifier.NotifierConfig.Kind;
import dev.logalerts.notifier.NotifierConfig.Receiver;
import dev.logalerts.notifier.NotifierConfig.Route;
import dev.logalerts.yaml.YamlNode;
import dev.logalerts.yaml.YamlNode.Entry;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates the notifier config (YAML). Strict: unknown keys, duplicate keys, wrong
 * types, unknown receivers in routes, invalid templates and unset environment variables are all
 * errors, each reported as {@code FILE:LINE:COL: message}, and all of them at once.
 *
 * <p>{@code ${NAME}} in any string value is replaced by the environment variable NAME (secrets
 * mounted from Secret Manager arrive that way); every substituted value is recorded as a secret so
 * that {@link Redactor} masks it wherever it could be printed.
 */
public final class ConfigLoader {
  /** PagerDuty Events API v2 endpoint, used when a pagerduty receiver has no {@code url:}. */
  public static final String PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

  static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");
  static final Set<String> STATES = Set.of("FIRING", "RESOLVED", "FLAPPING");
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})(ms|s|m|h|d)");

  /** The durations a key accepts: the form's examples and the range. */
  private record Range(String examples, Duration min, Duration max) {}

  private static final Range DELIVERY =
      new Range("500ms, 2s or 1m", Duration.ZERO, Duration.ofMinutes(10));
  private static final Range LIFETIMES =
      new Range("30m, 24h or 7d", Duration.ofMinutes(1), Duration.ofDays(30));
  private static final String KIND_KEYS =
      "slack:, googleChat:, pagerduty:, webhook:, alertmanager:";

  /** Alertmanager's API v2 path for posting alerts. */
  static final String ALERTS_PATH = "/api/v2/alerts";

  private final String file;
  private final Function<String, String> env;
  private final List<String> errors = new ArrayList<>();
  private final Set<String> secrets = new LinkedHashSet<>();

  private ConfigLoader(String file, Function<String, String> env) {
    this.file = file;
    this.env = env;
  }

  /** Loads a config file, resolving {@code ${NAME}} from the process environment. */
  public static NotifierConfig load(Path path) throws ConfigException {
    return load(path, System::getenv);
  }

  public static NotifierConfig load(Path path, Function<String, String> env)
      throws ConfigException {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(List.of(path + ": cannot read: " + e.getMessage()));
    }
    return parse(path.toString(), text, env);
  }

  /** Parses config text; {@code file} names it in error messages. */
  public static NotifierConfig parse(String file, String yaml, Function<String, String> env)
      throws ConfigException {
    ConfigLoader loader = new ConfigLoader(file, env);
    YamlNode root;
    try {
      root = YamlNode.parse(yaml);
    } catch (YamlNode.YamlSyntaxException e) {
      throw new ConfigException(
          List.of(file + ":" + e.line + ":" + e.column + ": " + e.getMessage()));
    }
    NotifierConfig config = loader.config(root);
    if (!loader.errors.isEmpty()) {
      throw new ConfigException(loader.errors);
    }
    return config;
  }

  private void error(int line, int column, String message) {
    errors.add(file + ":" + line + ":" + column + ": " + message);
  }

  private void error(YamlNode at, String message) {
    error(at.line, at.column, message);
  }

  private NotifierConfig config(YamlNode root) {
    if (!root.isMap()) {
      error(root, "expected a map with receivers: and routes:, found " + root.describe());
      return null;
    }
    if (root.entries.containsKey("rules")
        && !root.entries.containsKey("receivers")
        && !root.entries.containsKey("routes")) {
      // Each of its keys would be an error of its own, none of them the mistake.
      error(
          root,
          "this is a rules file (it has 'rules:'), not the notifier's config (receivers: and"
              + " routes:, docs/notifier.md); scripts/validate-rules.sh checks a rules file");
      return null;
    }
    allowKeys(root, "receivers", "routes", "delivery");
    List<Receiver> receivers = new ArrayList<>();
    // Receivers whose own errors are said: a route naming one is not told it is unknown.
    Set<String> invalid = new LinkedHashSet<>();
    Entry rs = root.entries.get("receivers");
    if (rs == null) {
      error(root, "missing receivers:");
    } else if (!rs.value.isList() || rs.value.items.isEmpty()) {
      error(rs.value, "receivers: must be a non-empty list");
    } else {
      Set<String> names = new LinkedHashSet<>();
      for (YamlNode item : rs.value.items) {
        Receiver r = receiver(item);
        Entry named = item.isMap() ? item.entries.get("name") : null;
        if (r == null && named != null && named.value.isString()) {
          invalid.add(named.value.text);
        }
        if (r != null) {
          if (!names.add(r.name())) {
            error(item, "duplicate receiver name '" + r.name() + "'");
          }
          receivers.add(r);
        }
      }
    }
    Set<String> names = new LinkedHashSet<>();
    receivers.forEach(r -> names.add(r.name()));
    Set<String> known = new LinkedHashSet<>(names);
    known.addAll(invalid);
    List<Route> routes = new ArrayList<>();
    Entry ro = root.entries.get("routes");
    if (ro == null) {
      error(root, "missing routes:");
    } else if (!ro.value.isList() || ro.value.items.isEmpty()) {
      error(ro.value, "routes: must be a non-empty list");
    } else {
      for (YamlNode item : ro.value.items) {
        Route r = route(item, known);
        if (r != null) {
          routes.add(r);
        }
      }
    }
    DeliverySettings delivery = delivery(root.entries.get("delivery"));
    return new NotifierConfig(
        List.copyOf(receivers), List.copyOf(routes), delivery, Set.copyOf(secrets));
  }

  private boolean allowKeys(YamlNode map, String... allowed) {
    Set<String> ok = Set.of(allowed);
    boolean clean = true;
    for (Entry e : map.entries.values()) {
      if (!ok.contains(e.key)) {
        error(
            e.line,
            e.column,
            "unknown key '" + e.key + "' (allowed: " + String.join(", ", allowed) + ")");
        clean = false;
      }
    }
    return clean;
  }

  private Receiver receiver(YamlNode item) {
    if (!item.isMap()) {
      error(item, "a receiver must be a map with name: and one of " + KIND_KEYS);
      return null;
    }
    allowKeys(item, "name", "slack", "googleChat", "pagerduty", "webhook", "alertmanager", "text");
    String name = string(item, "name", true, false);
    if (name != null && !NAME.matcher(name).matches()) {
      error(item.entries.get("name").value, "receiver name must match [a-z0-9][a-z0-9_-]*");
    }
    List<Entry> kinds = new ArrayList<>();
    for (Kind k : Kind.values()) {
      if (item.entries.containsKey(k.key)) {
        kinds.add(item.entries.get(k.key));
      }
    }
    if (kinds.size() != 1) {
      error(item, "receiver '" + name + "' needs exactly one of " + KIND_KEYS);
      return null;
    }
    Entry ke = kinds.get(0);
    YamlNode body = ke.value;
    if (!body.isMap()) {
      error(body, ke.key + ": must be a map");
      return null;
    }
    String url;
    String secret = null;
    AlertLifetimes lifetimes = null;
    Kind kind;
    switch (ke.key) {
      case "slack":
      case "googleChat":
        kind = ke.key.equals("slack") ? Kind.SLACK : Kind.GOOGLE_CHAT;
        allowKeys(body, "webhookUrl");
        url = string(body, "webhookUrl", true, true);
        checkUrl(body, "webhookUrl", url);
        break;
      case "pagerduty":
        kind = Kind.PAGERDUTY;
        allowKeys(body, "routingKey", "url");
        secret = string(body, "routingKey", true, true);
        url = string(body, "url", false, false);
        if (url == null) {
          url = PAGERDUTY_EVENTS_URL;
        }
        checkUrl(body, "url", url);
        break;
      case "alertmanager":
        kind = Kind.ALERTMANAGER;
        allowKeys(body, "url", "bearerToken", "resolveTimeout", "eventTimeout");
        url = string(body, "url", true, false);
        checkUrl(body, "url", url);
        url = alertsEndpoint(body, url);
        secret = string(body, "bearerToken", false, true);
        AlertLifetimes def = AlertLifetimes.DEFAULT;
        lifetimes =
            new AlertLifetimes(
                duration(body, "resolveTimeout", def.resolveTimeout(), LIFETIMES),
                duration(body, "eventTimeout", def.eventTimeout(), LIFETIMES));
        break;
      default:
        kind = Kind.WEBHOOK;
        allowKeys(body, "url", "hmacSecret");
        url = string(body, "url", true, false);
        secret = string(body, "hmacSecret", false, true);
        checkUrl(body, "url", url);
    }
    String text = string(item, "text", false, false);
    if (text != null) {
      if (kind == Kind.WEBHOOK) {
        error(
            item.entries.get("text").line,
            item.entries.get("text").column,
            "text: is not used by a webhook receiver (it posts the alert JSON as published)");
      } else {
        try {
          Templates.compile(name + ".text", text);
        } catch (RuntimeException e) {
          error(item.entries.get("text").value, "invalid template: " + e.getMessage());
        }
      }
    }
    return new Receiver(name, kind, url == null ? "" : url, secret, text, lifetimes);
  }

  /**
   * Alertmanager's alerts endpoint for {@code url}: the URL itself when it names {@code
   * /api/v2/alerts}, else that path under it (the server's address, with a route prefix if any).
   */
  private String alertsEndpoint(YamlNode map, String url) {
    if (url == null) {
      return null;
    }
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    if (base.endsWith(ALERTS_PATH)) {
      return base;
    }
    if (base.endsWith("/api/v1/alerts") || base.endsWith("/api/v2")) {
      error(
          map.entries.get("url").value,
          "url: give Alertmanager's address (http://host:9093) or its "
              + ALERTS_PATH
              + " endpoint");
      return null;
    }
    return base + ALERTS_PATH;
  }

  private void checkUrl(YamlNode map, String key, String url) {
    Entry e = map.entries.get(key);
    if (url == null || e == null) {
      return;
    }
    YamlNode at = e.value;
    try {
      URI u = new URI(url);
      if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
        error(at, key + " must be an http(s) URL with a host");
      }
    } catch (URISyntaxException bad) {
      error(at, key + " is not a valid URL");
    }
  }

  private Route route(YamlNode item, Set<String> receiverNames) {
    if (!item.isMap()) {
      error(item, "a route must be a map with match: and receivers:");
      return null;
    }
    allowKeys(item, "match", "receivers", "continue");
    Map<String, Set<String>> match = new LinkedHashMap<>();
    Entry m = item.entries.get("match");
    if (m == null) {
      error(item, "missing match: (use match: {} to match every alert)");
    } else if (m.value.isMap()) {
      for (Entry e : m.value.entries.values()) {
        Set<String> values = values(e.value, e.key);
        boolean group = e.key.startsWith("group.") && e.key.length() > "group.".length();
        if (!group && !Set.of("rule", "severity", "state").contains(e.key)) {
          error(
              e.line,
              e.column,
              "unknown match key '" + e.key + "' (allowed: rule, severity, state, group.KEY)");
        } else if (e.key.equals("severity")) {
          checkValues(e.value, values, SEVERITIES, "severity");
        } else if (e.key.equals("state")) {
          checkValues(e.value, values, STATES, "state");
        }
        match.put(e.key, values);
      }
    } else if (!m.value.isNull()) {
      error(m.value, "match: must be a map, found " + m.value.describe());
    }
    List<String> receivers = new ArrayList<>();
    Entry r = item.entries.get("receivers");
    if (r == null) {
      error(item, "missing receivers:");
    } else if (r.value.isList() && r.value.items.isEmpty()) {
      // receivers: [] sends what the route matches nowhere (Alertmanager's null receiver): the
      // RESOLVED of a one-off event, say, kept from a catch-all route below.
    } else {
      for (String name : values(r.value, "receivers")) {
        if (!receiverNames.contains(name)) {
          error(
              r.value,
              "unknown receiver '"
                  + name
                  + "' (defined: "
                  + String.join(", ", receiverNames)
                  + ")");
        }
        receivers.add(name);
      }
      if (receivers.isEmpty()) {
        error(r.value, "receivers: must name at least one receiver, or be [] to send nowhere");
      }
    }
    boolean cont = false;
    Entry c = item.entries.get("continue");
    if (c != null) {
      if (c.value.isScalar()
          && ("true".equals(c.value.text) || "false".equals(c.value.text))
          && c.value.token != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
        cont = Boolean.parseBoolean(c.value.text);
      } else {
        error(c.value, "continue: must be true or false, found " + c.value.describe());
      }
    }
    return new Route(match, List.copyOf(receivers), cont);
  }

  private void checkValues(YamlNode at, Set<String> values, Set<String> allowed, String what) {
    for (String v : values) {
      if (!allowed.contains(v)) {
        error(
            at,
            "unknown "
                + what
                + " '"
                + v
                + "' (allowed: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
      }
    }
  }

  /** One scalar or a list of scalars, as strings. */
  private Set<String> values(YamlNode node, String key) {
    Set<String> out = new LinkedHashSet<>();
    if (node.isScalar()) {
      out.add(node.text);
    } else if (node.isList()) {
      for (YamlNode v : node.items) {
        if (v.isScalar()) {
          out.add(v.text);
        } else {
          error(v, key + ": values must be strings, found " + v.describe());
        }
      }
      if (node.items.isEmpty()) {
        error(node, key + ": must not be an empty list");
      }
    } else {
      error(node, key + ": must be a value or a list of values, found " + node.describe());
    }
    return out;
  }

  /** A string value, with {@code ${ENV}} substituted; null (and maybe an error) when absent. */
  private String string(YamlNode map, String key, boolean required, boolean secret) {
    Entry e = map.entries.get(key);
    if (e == null) {
      if (required) {
        error(map, "missing " + key + ":");
      }
      return null;
    }
    if (!e.value.isScalar()) {
      error(e.value, key + ": must be a string, found " + e.value.describe());
      return null;
    }
    String value = substitute(e.value);
    if (value != null && value.isEmpty()) {
      error(e.value, key + ": must not be empty");
      return null;
    }
    if (secret && value != null) {
      secrets.add(value);
    }
    return value;
  }

  private String substitute(YamlNode node) {
    Matcher m = ENV_REF.matcher(node.text);
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null || value.isEmpty()) {
        error(node, "environment variable " + m.group(1) + " is not set");
        ok = false;
        value = "";
      } else {
        secrets.add(value);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return ok ? out.toString() : null;
  }

  private DeliverySettings delivery(Entry d) {
    DeliverySettings def = DeliverySettings.DEFAULT;
    if (d == null) {
      return def;
    }
    if (!d.value.isMap()) {
      error(d.value, "delivery: must be a map");
      return def;
    }
    YamlNode m = d.value;
    allowKeys(m, "maxAttempts", "initialBackoff", "maxBackoff", "timeout");
    int attempts = def.maxAttempts();
    Entry a = m.entries.get("maxAttempts");
    if (a != null) {
      if (a.value.isInteger()
          && Integer.parseInt(a.value.text) >= 1
          && Integer.parseInt(a.value.text) <= 10) {
        attempts = Integer.parseInt(a.value.text);
      } else {
        error(a.value, "maxAttempts: must be an integer from 1 to 10");
      }
    }
    return new DeliverySettings(
        attempts,
        duration(m, "initialBackoff", def.initialBackoff(), DELIVERY),
        duration(m, "maxBackoff", def.maxBackoff(), DELIVERY),
        duration(m, "timeout", def.timeout(), DELIVERY));
  }

  private Duration duration(YamlNode map, String key, Duration def, Range range) {
    Entry e = map.entries.get(key);
    if (e == null) {
      return def;
    }
    Matcher m = DURATION.matcher(e.value.isScalar() && e.value.text != null ? e.value.text : "");
    if (!m.matches()) {
      error(e.value, key + ": must be a duration like " + range.examples());
      return def;
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    if (d.compareTo(range.min()) < 0 || d.compareTo(range.max()) > 0) {
      error(
          e.value,
          key
              + ": must be "
              + (range.min().isZero() ? "at most " : "from " + words(range.min()) + " to ")
              + words(range.max())
              + ", got "
              + e.value.text);
      return def;
    }
    return d;
  }

  /** "10m", "30d": how the ranges are written. */
  private static String words(Duration d) {
    return d.toDays() > 0 && d.toHours() % 24 == 0
        ? d.toDays() + "d"
        : d.toHours() > 0 && d.toMinutes() % 60 == 0 ? d.toHours() + "h" : d.toMinutes() + "m";
  }
}
