package dev.logalerts.templates;

/**
 * The secret part of chat webhook and bot URLs, which grant posting to a channel to whoever holds
 * them, and which HTTP clients log with every request (httpx logs {@code HTTP Request: POST
 * https://api.telegram.org/bot…/getUpdates} at INFO, so every python-telegram-bot service does):
 *
 * <ul>
 *   <li>{@code discord_webhook}: the token of {@code discord.com/api/webhooks/<id>/<token>} (also
 *       {@code discordapp.com}, {@code www.}/{@code ptb.}/{@code canary.} and {@code
 *       /api/v10/webhooks/});
 *   <li>{@code telegram_bot_token}: {@code <bot id>:<token>} after {@code api.telegram.org/bot}
 *       (also {@code /file/bot});
 *   <li>{@code teams_webhook}: the path of a Microsoft Teams incoming webhook after {@code
 *       outlook.office.com/webhook/} or {@code <tenant>.webhook.office.com/webhookb2/}.
 * </ul>
 *
 * The host is read right after {@code ://}, so a URL without its scheme is not taken. Slack's
 * webhooks are {@link Redactor}'s own pattern.
 */
final class ChatWebhooks {
  private ChatWebhooks() {}

  private static final String[] DISCORD_HOSTS = {
    "discord.com/api/",
    "discordapp.com/api/",
    "www.discord.com/api/",
    "ptb.discord.com/api/",
    "canary.discord.com/api/"
  };

  private static final String[] TELEGRAM_PATHS = {
    "api.telegram.org/bot", "api.telegram.org/file/bot"
  };

  private static final String[] TEAMS_PATHS = {
    "outlook.office.com/webhook/", "outlook.office365.com/webhook/"
  };

  private static final int TELEGRAM = 1;
  private static final int DISCORD = 2;
  private static final int TEAMS = 3;

  private static final String[] TYPES = {
    "", "telegram_bot_token", "discord_webhook", "teams_webhook"
  };

  /** Whether the URL whose host starts at {@code host} (after {@code ://}) holds such a secret. */
  static boolean at(String s, int host) {
    int kind = kind(s, host);
    return kind != 0 && secretEnd(s, kind, secretStart(s, host, kind)) > 0;
  }

  /** Replaces the secret of every such URL with its marker. */
  static String redact(String s) {
    StringBuilder out = null;
    int last = 0;
    for (int i = s.indexOf("://"); i >= 0; i = s.indexOf("://", i + 3)) {
      int host = i + 3;
      int kind = kind(s, host);
      int start = kind == 0 ? -1 : secretStart(s, host, kind);
      int end = secretEnd(s, kind, start);
      if (end <= 0 || start < last) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, start).append(Redactor.marker(TYPES[kind]));
      last = end;
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  /** Which of these the URL whose host starts at {@code host} is, by its host: 0 for none. */
  private static int kind(String s, int host) {
    if (s.startsWith("api.telegram.org/", host)) {
      return TELEGRAM;
    }
    if (discordApi(s, host) > 0) {
      return DISCORD;
    }
    return teamsPath(s, host) > 0 ? TEAMS : 0;
  }

  /** Where the secret would start in a URL of that kind, or -1 when its path is not a webhook's. */
  private static int secretStart(String s, int host, int kind) {
    if (kind == TELEGRAM) {
      for (String p : TELEGRAM_PATHS) {
        if (s.startsWith(p, host)) {
          return host + p.length();
        }
      }
      return -1;
    }
    if (kind == TEAMS) {
      return teamsPath(s, host);
    }
    int i = discordApi(s, host);
    if (i < s.length() && s.charAt(i) == 'v') { // a versioned API: /api/v10/webhooks/
      int d = digitsEnd(s, i + 1);
      i = d > i + 1 && d < s.length() && s.charAt(d) == '/' ? d + 1 : -1;
    }
    if (i < 0 || !s.startsWith("webhooks/", i)) {
      return -1;
    }
    int id = i + "webhooks/".length();
    int idEnd = digitsEnd(s, id);
    return idEnd - id >= 17 && idEnd < s.length() && s.charAt(idEnd) == '/' ? idEnd + 1 : -1;
  }

  /** The index after a Discord host's {@code /api/} at {@code host}, or -1. */
  private static int discordApi(String s, int host) {
    for (String h : DISCORD_HOSTS) {
      if (s.startsWith(h, host)) {
        return host + h.length();
      }
    }
    return -1;
  }

  /** The index after a Teams webhook's host and path prefix at {@code host}, or -1. */
  private static int teamsPath(String s, int host) {
    for (String p : TEAMS_PATHS) {
      if (s.startsWith(p, host)) {
        return host + p.length();
      }
    }
    int dot = host;
    while (dot < s.length()
        && (RedactionAnchors.asciiLetterOrDigit(s.charAt(dot)) || s.charAt(dot) == '-')) {
      dot++;
    }
    return dot > host && s.startsWith(TEAMS_TENANT_PATH, dot)
        ? dot + TEAMS_TENANT_PATH.length()
        : -1;
  }

  private static final String TEAMS_TENANT_PATH = ".webhook.office.com/webhookb2/";

  /**
   * The end of the secret that starts at {@code start}, or -1 when there is none or it is not
   * shaped as one: a Telegram bot's {@code <digits>:<30+ token chars>}, a Discord token of 60 or
   * more token chars, a Teams path of 40 or more.
   */
  private static int secretEnd(String s, int kind, int start) {
    if (start < 0) {
      return -1;
    }
    if (kind == TELEGRAM) {
      int colon = digitsEnd(s, start);
      if (colon - start < 5 || colon >= s.length() || s.charAt(colon) != ':') {
        return -1;
      }
      int end = tokenEnd(s, colon + 1, false);
      return end - colon - 1 >= 30 ? end : -1;
    }
    int end = tokenEnd(s, start, kind == TEAMS);
    return end - start >= (kind == TEAMS ? 40 : 60) ? end : -1;
  }

  /**
   * The end of {@code [A-Za-z0-9_-]*} at {@code i}, in a Teams path also {@code @} and {@code /}.
   */
  private static int tokenEnd(String s, int i, boolean path) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(RedactionAnchors.asciiLetterOrDigit(c)
          || c == '_'
          || c == '-'
          || (path && (c == '@' || c == '/')))) {
        break;
      }
      i++;
    }
    return i;
  }

  private static int digitsEnd(String s, int i) {
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }
}
