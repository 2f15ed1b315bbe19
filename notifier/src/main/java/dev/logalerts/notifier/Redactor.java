package dev.logalerts.notifier;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Keeps secrets out of output and logs: {@link #redact} replaces every known secret value (routing
 * keys, HMAC secrets, webhook URLs, substituted environment values) by {@code ***}, and {@link
 * #maskUrl} shows a URL with its credential parts hidden. Every line the notifier prints or logs
 * about a request or a failure goes through one of them.
 */
public final class Redactor {
  static final String MASK = "***";
  private final List<String> secrets;

  public Redactor(Set<String> secrets) {
    List<String> s = new ArrayList<>();
    for (String v : secrets) {
      if (v != null && v.length() >= 4) {
        s.add(v);
      }
    }
    // Longest first, so that a URL containing a shorter secret is masked as a whole.
    s.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(s);
  }

  /** The text with every secret value replaced by {@code ***}. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, MASK);
    }
    return out;
  }

  /**
   * A URL fit for printing: scheme and host kept, query values masked, and, for a credential URL
   * (Slack and Google Chat webhooks, where the path itself is the secret), every path segment after
   * the first masked; remaining secret values are masked as in {@link #redact}.
   */
  public String maskUrl(String url, boolean credentialPath) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      return MASK;
    }
    StringBuilder out = new StringBuilder();
    out.append(u.getScheme()).append("://").append(u.getHost());
    if (u.getPort() != -1) {
      out.append(':').append(u.getPort());
    }
    String path = u.getRawPath() == null ? "" : u.getRawPath();
    if (credentialPath) {
      String[] parts = path.split("/", -1);
      for (int i = 1; i < parts.length; i++) {
        out.append('/').append(i == 1 || parts[i].isEmpty() ? parts[i] : MASK);
      }
    } else {
      out.append(redact(path));
    }
    if (u.getRawQuery() != null) {
      out.append('?');
      String[] params = u.getRawQuery().split("&");
      for (int i = 0; i < params.length; i++) {
        int eq = params[i].indexOf('=');
        out.append(i > 0 ? "&" : "")
            .append(eq < 0 ? params[i] : params[i].substring(0, eq + 1) + MASK);
      }
    }
    return out.toString();
  }
}
