package dev.logalerts.templates;

import static dev.logalerts.templates.RedactionAnchors.isBase64;

/**
 * The hand-written secret scanners of {@link Redactor}: PEM private keys, base64-encoded service
 * account keys, e-mail addresses and the credentials of Docker and npm configs (payment-card
 * numbers: {@link CardNumbers}). Each is one forward pass over the text.
 */
final class SecretScanners {
  private SecretScanners() {}

  /**
   * PEM private keys: from {@code -----BEGIN <...>PRIVATE KEY<...>-----} to the matching END line,
   * or, when the text was cut before it, over the rest of the base64 body (with real or escaped
   * line breaks).
   */
  static String redactPem(String s) {
    StringBuilder out = null;
    int last = 0;
    int i = s.indexOf("-----BEGIN");
    while (i >= 0) {
      int headerEnd = s.indexOf("-----", i + 10);
      if (headerEnd < 0
          || headerEnd - i > 80
          || !s.substring(i, headerEnd).contains("PRIVATE KEY")) {
        i = s.indexOf("-----BEGIN", i + 10);
        continue;
      }
      int end;
      int endLine = s.indexOf("-----END", headerEnd + 5);
      if (endLine >= 0) {
        int close = s.indexOf("-----", endLine + 8);
        end = close < 0 || close - endLine > 80 ? endLine + 8 : close + 5;
      } else {
        end = headerEnd + 5;
        while (end < s.length()) {
          char c = s.charAt(end);
          if (isBase64(c) || c == '\n' || c == '\r' || c == ' ' || c == '\t') {
            end++;
          } else if (c == '\\') {
            // \n escapes, and \\n once the key's JSON is itself inside a JSON string
            int e = end;
            while (e < s.length() && s.charAt(e) == '\\') {
              e++;
            }
            if (e < s.length() && (s.charAt(e) == 'n' || s.charAt(e) == 'r')) {
              end = e + 1;
            } else {
              break;
            }
          } else {
            break;
          }
        }
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, i).append(Redactor.marker("private_key"));
      last = end;
      i = s.indexOf("-----BEGIN", end);
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  /**
   * How a base64-encoded service account key file starts: {@code {\n  "type": "service_account"}
   * as gcloud writes it, and {@code {"type":"service_account"}, {@code {"type": "service_account"}
   * and <code>{ "type": "service_account"</code>.
   */
  private static final String[] SERVICE_ACCOUNT_PREFIXES = {
    "ewogICJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCI",
    "eyJ0eXBlIjoic2VydmljZV9hY2NvdW50I",
    "eyJ0eXBlIjogInNlcnZpY2VfYWNjb3VudCI",
    "eyAidHlwZSI6ICJzZXJ2aWNlX2FjY291bnQi"
  };

  /** Whether a base64-encoded service account key starts at {@code i}. */
  static boolean serviceAccountKeyAt(String s, int i) {
    for (String p : SERVICE_ACCOUNT_PREFIXES) {
      if (s.startsWith(p, i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Base64-encoded service account keys (a Kubernetes secret's data, a {@code GOOGLE_CREDENTIALS}
   * variable): the whole base64 run from the prefix, across the line breaks of wrapped output (real
   * or escaped, after a full line of 64 or 76 characters).
   */
  static String redactServiceAccountKeys(String s) {
    StringBuilder out = null;
    int last = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) != 'e'
          || (i > 0 && isBase64(s.charAt(i - 1)) && s.charAt(i - 1) != '=')
          || !serviceAccountKeyAt(s, i)) {
        continue;
      }
      int end = i;
      int lineStart = i;
      while (true) {
        while (end < n && isBase64(s.charAt(end))) {
          end++;
        }
        int lineLength = end - lineStart;
        int next = end;
        if (next < n && s.charAt(next) == '\\') {
          next++;
          if (next < n && s.charAt(next) == 'r') {
            next += next + 2 < n && s.charAt(next + 1) == '\\' ? 2 : 0;
          }
          next = next < n && s.charAt(next) == 'n' ? next + 1 : -1;
        } else {
          if (next < n && s.charAt(next) == '\r') {
            next++;
          }
          next = next < n && s.charAt(next) == '\n' ? next + 1 : -1;
        }
        if ((lineLength != 64 && lineLength != 76)
            || next < 0
            || next >= n
            || !isBase64(s.charAt(next))) {
          break;
        }
        end = next;
        lineStart = next;
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      out.append(s, last, i).append(Redactor.marker("service_account_key"));
      last = end;
      i = end - 1;
    }
    return out == null ? s : out.append(s, last, n).toString();
  }

  /**
   * E-mail addresses, found from each {@code @}: a local part of {@code [A-Za-z0-9._%+-]} before it
   * and a dotted domain whose last label is 2+ letters after it ({@code img@sha256:…} and {@code
   * root@10.0.0.1} are not addresses), unless it is one of the look-alikes of {@link
   * #notAnAddress}.
   */
  static String redactEmails(String s) {
    StringBuilder out = null;
    int last = 0;
    int at = nextAt(s, 0);
    while (at >= 0) {
      int domain = at + (s.charAt(at) == '@' ? 1 : 3);
      int begin = at;
      while (begin > last && isLocalChar(s.charAt(begin - 1))) {
        begin--;
      }
      while (begin < at && s.charAt(begin) == '.') {
        begin++;
      }
      int end = domain;
      int lastDot = -1;
      while (end < s.length()) {
        char c = s.charAt(end);
        if (c == '.') {
          lastDot = end;
        } else if (!isDomainChar(c)) {
          break;
        }
        end++;
      }
      // Trim a trailing sentence dot or dash.
      while (end > domain && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == '-')) {
        end--;
      }
      if (lastDot >= end) {
        lastDot = s.lastIndexOf('.', end - 1);
      }
      boolean ok = begin < at && lastDot > domain && end - lastDot - 1 >= 2;
      for (int k = lastDot + 1; ok && k < end; k++) {
        char c = s.charAt(k);
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      }
      if (ok && notAnAddress(s, begin, at, lastDot, end)) {
        ok = false;
      }
      if (ok) {
        if (out == null) {
          out = new StringBuilder(s.length());
        }
        out.append(s, last, begin).append(Redactor.marker("email"));
        last = end;
        at = nextAt(s, end);
      } else {
        at = nextAt(s, at + 1);
      }
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  /**
   * The next {@code @} from {@code from}, or {@code %40}, an {@code @} percent-encoded as URLs
   * carry addresses ({@code ?email=alice%40example.com}); -1 when there is none.
   */
  private static int nextAt(String s, int from) {
    int at = s.indexOf('@', from);
    int encoded = s.indexOf("%40", from);
    return encoded >= 0 && (at < 0 || encoded < at) ? encoded : at;
  }

  /**
   * Top-level labels that are not public e-mail domains: systemd unit types ({@code
   * getty@tty1.service}, {@code user@1000.service}), private host names ({@code
   * root@db-1.c.my-proj.internal}, {@code node1.cluster.local}) and source files ({@code
   * Foo@Bar.java}).
   */
  private static final java.util.Set<String> NOT_MAIL_TLDS =
      java.util.Set.of(
          "service",
          "socket",
          "target",
          "timer",
          "mount",
          "automount",
          "slice",
          "scope",
          "path",
          "device",
          "swap",
          "internal",
          "local",
          "localdomain",
          "localhost",
          "lan",
          "home",
          "corp",
          "intranet",
          "svc",
          "cluster",
          "arpa",
          "java",
          "kt",
          "kts",
          "scala",
          "groovy",
          "go",
          "py",
          "rb",
          "js",
          "ts",
          "class",
          "jar",
          "cs",
          "cpp",
          "rs",
          "proto");

  /** Words after which {@code user@host} is a login, not an address. */
  private static final java.util.Set<String> LOGIN_WORDS =
      java.util.Set.of("ssh", "scp", "sftp", "rsync", "mosh", "login", "su");

  /**
   * Whether an {@code x@y.tld} match is something else with an e-mail's shape: a systemd unit, a
   * private host name, a source file; an {@code ssh}/{@code scp} login ({@code ssh
   * deploy@bastion.example.com}, {@code git@github.com:org/repo.git}, {@code
   * user@host.example.com:/srv}, and any {@code user@host:port}); a call {@code
   * Type@field.method(}.
   */
  private static boolean notAnAddress(String s, int begin, int at, int lastDot, int end) {
    String tld = s.substring(lastDot + 1, end).toLowerCase(java.util.Locale.ROOT);
    if (NOT_MAIL_TLDS.contains(tld)) {
      return true;
    }
    if (end < s.length()) {
      char next = s.charAt(end);
      if (next == '(') {
        return true;
      }
      if (next == ':' && end + 1 < s.length() && !Character.isWhitespace(s.charAt(end + 1))) {
        return true; // scp/git form user@host:path, or a host:port authority
      }
    }
    int wordEnd = begin;
    while (wordEnd > 0 && s.charAt(wordEnd - 1) == ' ') {
      wordEnd--;
    }
    if (wordEnd == begin || wordEnd == 0) {
      return false;
    }
    int wordStart = wordEnd;
    while (wordStart > 0 && Character.isLetter(s.charAt(wordStart - 1))) {
      wordStart--;
    }
    return LOGIN_WORDS.contains(s.substring(wordStart, wordEnd).toLowerCase(java.util.Locale.ROOT));
  }

  private static boolean isLocalChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '%'
        || c == '+'
        || c == '-';
  }

  private static boolean isDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }

  /**
   * The credentials of a Docker config ({@code ~/.docker/config.json}, a Kubernetes {@code
   * .dockerconfigjson}): the base64 {@code user:password} of an {@code "auth"} key, plain or
   * escaped JSON, become {@code basic_auth}; so does an npm config's {@code :_auth=} value. Only a
   * value that decodes to printable text with a {@code :} counts, so {@code "auth": "ok"} and other
   * {@code auth} keys stay.
   */
  static String redactDockerAuth(String s) {
    StringBuilder out = null;
    int last = 0;
    for (int i = s.indexOf("auth"); i >= 0; i = s.indexOf("auth", i + 4)) {
      int[] v = dockerAuthAt(s, i);
      if (v == null || v[0] < last) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, v[0]).append(Redactor.marker("basic_auth"));
      last = v[1];
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  /**
   * The value span of a Docker config {@code "auth"} key at {@code i}, or null: {@code
   * \\*"auth\\*"}, the separator, {@code \\*"}, base64 that decodes to {@code user:password}, and
   * the closing quote. Reads up to the first character that is not base64.
   */
  static int[] dockerAuthAt(String s, int i) {
    int n = s.length();
    if (!s.startsWith("auth", i) || i == 0) {
      return null;
    }
    if (s.charAt(i - 1) == '_') {
      return npmAuthAt(s, i);
    }
    if (s.charAt(i - 1) != '"') {
      return null;
    }
    int j = i + 4;
    while (j < n && s.charAt(j) == '\\') {
      j++;
    }
    if (j >= n || s.charAt(j) != '"') {
      return null;
    }
    j = RedactionAnchors.skipBlanks(s, j + 1);
    if (j >= n || s.charAt(j) != ':') {
      return null;
    }
    j = RedactionAnchors.skipBlanks(s, j + 1);
    while (j < n && s.charAt(j) == '\\') {
      j++;
    }
    if (j >= n || s.charAt(j) != '"') {
      return null;
    }
    return userPasswordSpan(s, j + 1, false);
  }

  /**
   * An npm config's {@code :_auth=} ({@code //registry.npmjs.org/:_auth=dXNlcjpwYXNz}, as {@code
   * npm config list} and {@code .npmrc} dumps show it): the base64 {@code user:password} after it,
   * ending at a blank or the end. The {@code auth} is at {@code i}.
   */
  private static int[] npmAuthAt(String s, int i) {
    int n = s.length();
    if (i < 2 || s.charAt(i - 2) != ':' || i + 4 >= n || s.charAt(i + 4) != '=') {
      return null;
    }
    return userPasswordSpan(s, RedactionAnchors.skipBlanks(s, i + 5), true);
  }

  /**
   * The span of the base64 run from {@code start} when it decodes to {@code user:password} and ends
   * where a value ends: at a quote or a backslash (JSON, escaped or not), or also at a blank or a
   * single quote when {@code unquoted} (a config dump's {@code key=value}); else null.
   */
  private static int[] userPasswordSpan(String s, int start, boolean unquoted) {
    int n = s.length();
    int end = start;
    while (end < n && isBase64(s.charAt(end))) {
      end++;
    }
    if (end < n) {
      char c = s.charAt(end);
      boolean closes = c == '"' || (unquoted ? c <= ' ' || c == '\'' : c == '\\');
      if (!closes) {
        return null;
      }
    }
    return end - start >= 8 && (end - start) % 4 == 0 && userPassword(s.substring(start, end))
        ? new int[] {start, end}
        : null;
  }

  /** Whether base64 {@code v} decodes to printable ASCII {@code user:password}. */
  private static boolean userPassword(String v) {
    byte[] b;
    try {
      b = java.util.Base64.getDecoder().decode(v);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = -1;
    for (int k = 0; k < b.length; k++) {
      if (b[k] < 0x20 || b[k] > 0x7e) {
        return false;
      }
      if (b[k] == ':' && colon < 0) {
        colon = k;
      }
    }
    return colon > 0 && colon < b.length - 1;
  }
}
