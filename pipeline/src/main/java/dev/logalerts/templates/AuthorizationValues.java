package dev.logalerts.templates;

import java.util.Locale;
import java.util.Set;

/**
 * The credentials of an {@code Authorization} (or {@code Proxy-Authorization}) value whose scheme
 * is neither Bearer nor Basic (those have their own checks and types): {@code Token …}, {@code
 * Digest username="…", response="…"}, {@code ApiKey …}, {@code SharedAccessSignature sr=…&sig=…},
 * {@code AWS4-HMAC-SHA256 Credential=…, Signature=…}, {@code Negotiate …}, or a bare credential
 * with no scheme ({@code key=…}, a token). They become {@code [REDACTED:authorization]}; the scheme
 * stays.
 *
 * <p>The value is read as a header (up to the first blank, then {@code , name=value} parameters), a
 * JSON or Python string (up to its closing quote, escaped as the opening one), or a Go header list
 * ({@code Authorization:[Token …]}). It is a credential when, after a scheme, it starts with a
 * {@code name=value} parameter or is a random-looking token (8 characters or more with a digit,
 * {@code +}, {@code /} or a lower-to-upper case change), or, with no scheme, a token of 8 or more
 * with a digit, {@code +} or {@code /}. So prose stays: {@code Authorization: denied}, {@code
 * authorization failed for user}, {@code Authorization: Token invalid}.
 */
final class AuthorizationValues {
  private AuthorizationValues() {}

  private static final int WORD_LENGTH = "authorization".length();

  /** How far a closing quote is looked for (so that many unclosed values stay linear). */
  static final int QUOTE_REACH = 4096;

  /** Words that are not a scheme where one would stand ({@code Authorization: denied reason=…}). */
  private static final Set<String> NOT_SCHEMES =
      Set.of(
          "denied",
          "failed",
          "granted",
          "allowed",
          "rejected",
          "accepted",
          "error",
          "ok",
          "success",
          "successful",
          "unauthorized",
          "forbidden",
          "pending",
          "disabled",
          "enabled",
          "valid",
          "invalid",
          "verified",
          "missing",
          "expired",
          "none",
          "null",
          "true",
          "false",
          "present",
          "required",
          "empty");

  /** Replaces the credentials of each such value. */
  static String redact(String s) {
    StringBuilder out = null;
    int last = 0;
    int n = s.length();
    for (int i = 0; i + WORD_LENGTH <= n; i++) {
      char c = s.charAt(i);
      if ((c | 0x20) != 'a' || !wordAt(s, i)) {
        continue;
      }
      long span = credentials(s, i + WORD_LENGTH);
      if (span < 0) {
        continue;
      }
      int start = (int) (span >>> 32);
      int end = (int) span;
      if (out == null) {
        out = new StringBuilder(n);
      }
      out.append(s, last, start).append(Redactor.marker("authorization"));
      last = end;
      i = end - 1;
    }
    return out == null ? s : out.append(s, last, n).toString();
  }

  /**
   * {@code authorization} at {@code i}, not inside a longer word ({@code Proxy-Authorization},
   * {@code HTTP_AUTHORIZATION} and {@code proxyAuthorization} count, {@code preauthorization} does
   * not).
   */
  static boolean wordAt(String s, int i) {
    if (!s.regionMatches(true, i, "authorization", 0, WORD_LENGTH)) {
      return false;
    }
    if (i == 0 || !Character.isLetter(s.charAt(i - 1))) {
      return true;
    }
    return s.charAt(i) == 'A' && Character.isLowerCase(s.charAt(i - 1));
  }

  /**
   * After the word at {@code i}: the credentials' start (high 32 bits) and end (low 32 bits), or -1
   * when there are none to redact.
   */
  static long credentials(String s, int i) {
    int n = s.length();
    int j = RedactionAnchors.separatorEnd(s, i);
    if (j < 0) {
      return -1;
    }
    j = RedactionAnchors.skipBlanks(s, j);
    if (j < n && s.charAt(j) == '[') {
      if (s.startsWith("REDACTED:", j + 1)) {
        return -1;
      }
      j = RedactionAnchors.skipBlanks(s, j + 1);
    }
    int escapes = -1; // backslashes before the opening quote; -1 when not quoted
    char quote = 0;
    int b = j;
    while (b < n && s.charAt(b) == '\\') {
      b++;
    }
    if (b < n && (s.charAt(b) == '"' || s.charAt(b) == '\'')) {
      escapes = b - j;
      quote = s.charAt(b);
      j = b + 1;
    }
    if (j < n && isAsciiLetter(s.charAt(j))) {
      int we = j + 1;
      while (we < n && isSchemeChar(s.charAt(we))) {
        we++;
      }
      if (we < n && (s.charAt(we) == ' ' || s.charAt(we) == '\t')) {
        String scheme = s.substring(j, we).toLowerCase(Locale.ROOT);
        int credentials = RedactionAnchors.skipBlanks(s, we);
        if (scheme.equals("bearer")
            || scheme.equals("basic")
            || s.startsWith(Redactor.PREFIX, credentials)) {
          return -1; // their own checks, or redacted already
        }
        if (!NOT_SCHEMES.contains(scheme)) {
          long span = credentialsAt(s, credentials, escapes, quote, true);
          if (span >= 0) {
            return span;
          }
        }
      }
    }
    return credentialsAt(s, j, escapes, quote, false);
  }

  private static long credentialsAt(
      String s, int start, int escapes, char quote, boolean afterScheme) {
    if (s.startsWith(Redactor.PREFIX, start)) {
      return -1; // redacted already, with its own type
    }
    int itemEnd = item(s, start, escapes, quote);
    if (itemEnd == start || !credentialLike(s, start, itemEnd, afterScheme)) {
      return -1;
    }
    int end = escapes >= 0 ? closingQuote(s, itemEnd, quote, escapes) : -1;
    if (end < 0) {
      end = itemEnd;
      while (true) {
        int t = RedactionAnchors.skipBlanks(s, end);
        if (t < s.length() && s.charAt(t) == ',') {
          int next = RedactionAnchors.skipBlanks(s, t + 1);
          if (paramAt(s, next)) {
            end = item(s, next, escapes, quote);
            continue;
          }
        }
        break;
      }
    }
    while (end > start && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) {
      end--;
    }
    return ((long) start << 32) | end;
  }

  /**
   * One credential item from {@code p}: value characters, markers, and after a {@code =} a quoted
   * value escaped deeper than the enclosing string ({@code response=\"…\"}).
   */
  private static int item(String s, int p, int escapes, char quote) {
    int n = s.length();
    int start = p;
    while (p < n) {
      char c = s.charAt(p);
      if (isValueChar(c)) {
        p++;
        continue;
      }
      if (c == '[' && s.startsWith(Redactor.PREFIX, p) && s.indexOf(']', p) > 0) {
        p = s.indexOf(']', p) + 1; // what an earlier check marked inside the credentials
        continue;
      }
      if (p > start && s.charAt(p - 1) == '=' && (c == '"' || c == '\'' || c == '\\')) {
        int q = p;
        while (q < n && s.charAt(q) == '\\') {
          q++;
        }
        if (q >= n || (s.charAt(q) != '"' && s.charAt(q) != '\'')) {
          break;
        }
        int k = q - p;
        if (escapes >= 0 && s.charAt(q) == quote && k <= escapes) {
          break; // the enclosing string's own closing quote
        }
        int close = closingQuote(s, q + 1, s.charAt(q), k);
        if (close < 0) {
          break;
        }
        p = close + k + 1;
        continue;
      }
      break;
    }
    return p;
  }

  /**
   * From {@code p}, the start of the closing quote preceded by exactly {@code escapes} backslashes
   * (where its backslashes begin), or -1 before a line break, the end or {@link #QUOTE_REACH}.
   */
  private static int closingQuote(String s, int p, char quote, int escapes) {
    int to = (int) Math.min(s.length(), (long) p + QUOTE_REACH);
    for (int i = p; i < to; i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        return -1;
      }
      if (c == quote) {
        int b = i;
        while (b > p && s.charAt(b - 1) == '\\') {
          b--;
        }
        if (i - b == escapes) {
          return b;
        }
      }
    }
    return -1;
  }

  private static boolean credentialLike(String s, int start, int end, boolean afterScheme) {
    if (NOT_SCHEMES.contains(s.substring(start, end).toLowerCase(Locale.ROOT))) {
      return false;
    }
    if ((afterScheme && paramAt(s, start)) || s.substring(start, end).contains(Redactor.PREFIX)) {
      return true; // Digest username=, Credential=, sr=; key=[REDACTED:key]
    }
    if (end - start < 8) {
      return false;
    }
    boolean lowerThenUpper = false;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if ((c >= '0' && c <= '9') || c == '+' || c == '/') {
        return true;
      }
      lowerThenUpper |=
          i > start && c >= 'A' && c <= 'Z' && s.charAt(i - 1) >= 'a' && s.charAt(i - 1) <= 'z';
    }
    return afterScheme && lowerThenUpper;
  }

  /** {@code [A-Za-z][A-Za-z0-9_-]*=}: a parameter name. */
  private static boolean paramAt(String s, int p) {
    if (p >= s.length() || !isAsciiLetter(s.charAt(p))) {
      return false;
    }
    int i = p + 1;
    while (i < s.length()
        && (isAsciiLetter(s.charAt(i))
            || (s.charAt(i) >= '0' && s.charAt(i) <= '9')
            || s.charAt(i) == '_'
            || s.charAt(i) == '-')) {
      i++;
    }
    return i < s.length() && s.charAt(i) == '=';
  }

  /** A character of a credential: a bare value's, or {@code ;}, {@code &}, {@code |}. */
  private static boolean isValueChar(char c) {
    return c == ';' || c == '&' || c == '|' || ValueSpan.isBare(c);
  }

  private static boolean isSchemeChar(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
