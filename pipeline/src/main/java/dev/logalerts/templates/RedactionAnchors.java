package dev.logalerts.templates;

/**
 * The pre-check of {@link Redactor}: one pass over the text, no allocation, that says which of the
 * redactions could match. Each bit is a necessary condition of its pattern, checked as far as a
 * cheap scan can: for the patterns anchored on a word, the word and what must follow it (the
 * separator after a secret-ish key name, the token after {@code Bearer}, the {@code user:pass@}
 * after {@code ://}; for a flag or the value of a {@code name} key, what precedes it). Most log
 * text has words like {@code key}, {@code token} or {@code Authorization} without anything to
 * redact after them; with these checks it costs this pass only, and the regexes run on the few
 * texts that can match.
 *
 * <p>A bit may be set when the pattern then finds nothing (the checks stop short of the whole
 * pattern), never the other way round: a clear bit means the pattern cannot match.
 */
final class RedactionAnchors {
  private RedactionAnchors() {}

  static final int AT = 1;
  static final int URL_CREDENTIALS = 1 << 1;
  static final int PEM = 1 << 2;
  static final int JWT = 1 << 3;
  static final int BEARER = 1 << 4;
  static final int BASIC = 1 << 5;

  /**
   * A secret-ish key name (password, secret, token, …key), {@code :} or {@code =}, and the start of
   * a value.
   */
  static final int KEY_VALUE = 1 << 6;

  static final int AWS_ID = 1 << 7;
  static final int GOOGLE = 1 << 8;
  static final int GITHUB = 1 << 9;
  static final int SLACK = 1 << 10;
  static final int DIGITS = 1 << 11;

  /** {@code secret_access_key} followed by {@code :} or {@code =} (the AWS secret pattern). */
  static final int AWS_SECRET = 1 << 12;

  /**
   * A vendor token's own prefix: {@code ya29.}, {@code 1//0} and {@code 4/0A} (Google OAuth),
   * {@code sk_}/{@code rk_} (Stripe), {@code sk-} (OpenAI, Anthropic), {@code glpat-}, {@code
   * npm_}, {@code SG.}.
   */
  static final int VENDOR = 1 << 13;

  /** {@code cookie} (the word alone: the cookie check runs wherever it occurs). */
  static final int COOKIE = 1 << 14;

  /**
   * {@code authorization} and a value with a scheme other than Bearer and Basic, or none, that
   * holds a credential (the whole check of {@link AuthorizationValues}).
   */
  static final int AUTHORIZATION = 1 << 15;

  /**
   * A secret-ish name that ends a command-line flag ({@code --db-password}), blanks or the next
   * element of a quoted list, and the start of a value.
   */
  static final int FLAG = 1 << 16;

  /**
   * A secret-ish name that is the value of a {@code name} or {@code key} key ({@code
   * "name":"DB_PASSWORD"}, {@code - name: API_TOKEN}).
   */
  static final int NAME_VALUE = 1 << 17;

  /** The start of a base64-encoded service account key. */
  static final int SERVICE_ACCOUNT = 1 << 18;

  /** A whole vendor token of {@link VendorTokens} ({@code GOCSPX-…}, {@code hvs.…}, …). */
  static final int VENDOR_TOKEN = 1 << 19;

  /** A Docker config's {@code "auth"} with base64 {@code user:password} (the whole check). */
  static final int DOCKER_AUTH = 1 << 20;

  /** A command-line option taking {@code user:password} and a value ({@code curl -u admin:pw}). */
  static final int COMMAND_LINE = 1 << 21;

  /** A password literal of a SQL statement ({@link SqlPasswords}: the whole check). */
  static final int SQL_PASSWORD = 1 << 22;

  /**
   * A command's password option or a {@code …_PASS} variable, and its value ({@link
   * CommandPasswords}: the whole check).
   */
  static final int COMMAND_PASSWORD = 1 << 23;

  // The words alone (the whole checks before they were refined): Redactor falls back to these once
  // an earlier redaction has changed the text, where bits computed on the original no longer apply.

  /** {@code ://}. */
  static final int URL_WORD = 1 << 24;

  /** {@code Bearer}. */
  static final int BEARER_WORD = 1 << 25;

  /** {@code Authorization} (the Basic and the other-scheme checks). */
  static final int BASIC_WORD = 1 << 26;

  /**
   * {@code key}, {@code passw}, {@code passp}, {@code pwd}, {@code private}, {@code secret}, {@code
   * sig}, {@code token}.
   */
  static final int KEY_WORD = 1 << 27;

  /** {@code "kind": "Secret"} ({@link KubernetesSecrets}: the whole check). */
  static final int KUBERNETES_SECRET = 1 << 28;

  /** A servlet session id in a URL, {@code ;jsessionid=…} ({@link UrlParts}: the whole check). */
  static final int URL_SESSION = 1 << 29;

  /** A chat webhook or bot URL with its secret ({@link ChatWebhooks}: the whole check). */
  static final int CHAT_WEBHOOK = 1 << 30;

  /** The bits that call for a redaction on the original text (not the fallback words). */
  static final int ANY = (1 << 24) - 1 | KUBERNETES_SECRET | URL_SESSION | CHAT_WEBHOOK;

  static int of(String s) {
    int flags = 0;
    int n = s.length();
    int digitRun = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        if ((c == '1' && s.startsWith("//0", i + 1)) || (c == '4' && s.startsWith("/0A", i + 1))) {
          flags |= VENDOR;
        }
        if (++digitRun >= 13) {
          flags |= DIGITS;
        }
        continue;
      }
      if ((c == ' ' || c == '-') && digitRun > 0) {
        if (c == '-') {
          flags |= dash(s, i); // a key right after digits, an option after "-m 30 "
        }
        continue; // grouped card numbers: keep counting across single separators
      }
      digitRun = 0;
      if (c == '@' || (c == '%' && s.startsWith("40", i + 1))) {
        flags |= AT; // also an @ percent-encoded
        continue;
      }
      if (c == ';') {
        flags |= UrlParts.sessionIdAt(s, i) != null ? URL_SESSION : 0;
        continue;
      }
      if (c == ':') {
        if (i + 2 < n && s.charAt(i + 1) == '/' && s.charAt(i + 2) == '/') {
          flags |= URL_WORD;
          if (UrlParts.userInfoAt(s, i + 3)) {
            flags |= URL_CREDENTIALS;
          }
          if (ChatWebhooks.at(s, i + 3)) {
            flags |= CHAT_WEBHOOK;
          }
        }
        continue;
      }
      if (c == '-') {
        flags |= dash(s, i);
        continue;
      }
      if (c == '~') {
        if (VendorTokens.at(s, i)) {
          flags |= VENDOR_TOKEN; // an Azure client secret's Q~
        }
        continue;
      }
      if (i + 2 >= n || c > 'z' || c < 'A') {
        continue;
      }
      if (VendorTokens.at(s, i)) {
        flags |= VENDOR_TOKEN;
      }
      // Letters: compare the second character before anything longer (most letters stop here).
      char next = (char) (s.charAt(i + 1) | 0x20);
      switch (c | 0x20) {
        case 'a':
          if (c == 'A') {
            if (s.startsWith("AKIA", i)
                || s.startsWith("ASIA", i)
                || s.startsWith("ABIA", i)
                || s.startsWith("ACCA", i)) {
              flags |= AWS_ID;
            } else if (s.startsWith("AIza", i)) {
              flags |= GOOGLE;
            }
          }
          if (c == 'a' && next == 'u' && SecretScanners.dockerAuthAt(s, i) != null) {
            flags |= DOCKER_AUTH;
          }
          if (next == 'u' && at(s, i, "authorization")) {
            flags |= basicAfter(s, i + 13) ? BASIC_WORD | BASIC : BASIC_WORD;
            if (AuthorizationValues.wordAt(s, i)
                && AuthorizationValues.credentials(s, i + 13) >= 0) {
              flags |= AUTHORIZATION;
            }
          }
          break;
        case 'c':
          if (next == 'o' && at(s, i, "cookie")) {
            flags |= COOKIE;
          }
          break;
        case 'b':
          if (next == 'e' && at(s, i, "bearer")) {
            flags |= bearerTokenAt(s, i + 6) ? BEARER_WORD | BEARER : BEARER_WORD;
          }
          break;
        case 'e':
          if (c == 'e' && s.charAt(i + 1) == 'y' && s.charAt(i + 2) == 'J') {
            flags |= JWT;
          }
          // Every prefix starts "ew" or "ey": one comparison for the many other e's.
          if (c == 'e'
              && (next == 'w' || next == 'y')
              && SecretScanners.serviceAccountKeyAt(s, i)) {
            flags |= SERVICE_ACCOUNT;
          }
          break;
        case 'g':
          if (c == 'g' && s.charAt(i + 1) == 'h') {
            if (i + 3 < n && s.charAt(i + 3) == '_' && "pousr".indexOf(s.charAt(i + 2)) >= 0) {
              flags |= GITHUB;
            }
          } else if (c == 'g' && next == 'i' && s.startsWith("github_pat_", i)) {
            flags |= GITHUB;
          } else if (c == 'g' && s.startsWith("glpat-", i)) {
            flags |= VENDOR;
          }
          break;
        case 'h':
          if (c == 'h' && next == 'o' && s.startsWith("hooks.slack.com", i)) {
            flags |= SLACK;
          }
          break;
        case 'i':
          if (next == 'd' && SqlPasswords.at(s, i)) {
            flags |= SQL_PASSWORD;
          }
          break;
        case 'k':
          // key, and every compound the key-value pattern knows (api_key, private-key, …).
          if (next == 'e' && (s.charAt(i + 2) | 0x20) == 'y') {
            flags |= KEY_WORD | afterName(s, i, i + 3);
            if (separatorEnd(s, i + 3) >= 0 && awsSecretNameBefore(s, i)) {
              flags |= AWS_SECRET;
            }
          } else if (c == 'k' && next == 'i' && KubernetesSecrets.kindAt(s, i)) {
            flags |= KUBERNETES_SECRET;
          }
          break;
        case 'p':
          if (next == 'a' && at(s, i, "passw")) {
            flags |= KEY_WORD | (SqlPasswords.at(s, i) ? SQL_PASSWORD : 0);
            if (at(s, i, "password")) {
              flags |= afterName(s, i, i + 8);
            } else if (at(s, i, "passwd")) {
              flags |= afterName(s, i, i + 6);
            }
          } else if (next == 'a' && at(s, i, "passphrase")) {
            flags |= KEY_WORD | afterName(s, i, i + 10);
          } else if (c == 'P' && CommandPasswords.envAt(s, i)) {
            flags |= COMMAND_PASSWORD; // DB_PASS=x
          } else if (next == 'w' && (s.charAt(i + 2) | 0x20) == 'd') {
            flags |= KEY_WORD | afterName(s, i, i + 3);
          } else if (next == 'r' && at(s, i, "private")) {
            flags |= KEY_WORD; // private[_-]?key: the key after it is checked where it is
          }
          break;
        case 'n':
          if (c == 'n' && s.startsWith("npm_", i)) {
            flags |= VENDOR;
          }
          break;
        case 'r':
          if (c == 'r' && s.startsWith("rk_", i)) {
            flags |= VENDOR;
          }
          break;
        case 'y':
          if (c == 'y' && s.startsWith("ya29.", i)) {
            flags |= VENDOR;
          }
          break;
        case 's':
          if ((c == 's' && next == 'k' && (s.charAt(i + 2) == '_' || s.charAt(i + 2) == '-'))
              || (c == 'S' && s.charAt(i + 1) == 'G' && s.charAt(i + 2) == '.')) {
            flags |= VENDOR;
          }
          if (next == 'e' && at(s, i, "secret")) {
            flags |= KEY_WORD | afterName(s, i, i + 6);
          } else if (next == 'i' && at(s, i, "sig")) {
            flags |= KEY_WORD | afterName(s, i, i + 3);
            if (at(s, i, "signature")) {
              flags |= afterName(s, i, i + 9);
            }
          }
          break;
        case 't':
          if (next == 'o' && at(s, i, "token")) {
            flags |= KEY_WORD | afterName(s, i, i + 5);
          }
          break;
        case 'x':
          if (c == 'x' && next == 'o' && s.charAt(i + 2) == 'x') {
            flags |= SLACK;
          }
          break;
        default:
          break;
      }
    }
    return flags;
  }

  /** The bits of what can start with a dash: a PEM block, a user:password or password option. */
  private static int dash(String s, int i) {
    return (s.startsWith("-----BEGIN", i) ? PEM : 0)
        | (CommandLineCredentials.at(s, i) ? COMMAND_LINE : 0)
        | (CommandPasswords.at(s, i) ? COMMAND_PASSWORD : 0);
  }

  /** ASCII case-insensitive {@code startsWith} of a lower-case word. */
  private static boolean at(String s, int i, String lowerWord) {
    int len = lowerWord.length();
    if (i < 0 || i + len > s.length()) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if ((s.charAt(i + k) | 0x20) != lowerWord.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The separator of the key-value patterns at {@code i}, {@code \\*["']?[ \t]*(=>|[:=])}: the
   * index after it, or -1. Its parts are disjoint character sets, so one greedy scan decides it.
   */
  static int separatorEnd(String s, int i) {
    int n = s.length();
    while (i < n && s.charAt(i) == '\\') {
      i++;
    }
    if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
      i++;
    }
    i = skipBlanks(s, i);
    if (i < n && s.charAt(i) == '=') {
      return i + 1 < n && s.charAt(i + 1) == '>' ? i + 2 : i + 1;
    }
    return i < n && s.charAt(i) == ':' ? i + 1 : -1;
  }

  /**
   * The bits of a secret-ish word at {@code [start, end)}: {@link #KEY_VALUE} when a separator and
   * value follow (after an encoding suffix, if any: {@code SECRET_KEY_BASE=}), {@link #FLAG} when
   * it ends a flag followed by a value, {@link #NAME_VALUE} when it ends the value of a {@code
   * name} key.
   */
  private static int afterName(String s, int start, int end) {
    int nameEnd = SecretNames.encodingSuffixEnd(s, end);
    int bits = valueAfterName(s, nameEnd) ? KEY_VALUE : 0;
    if (flagValueAfter(s, end) && KeyValues.flagStart(s, start) >= 0) {
      bits |= FLAG;
    }
    if (namedByNameKey(s, start, nameEnd)) {
      bits |= NAME_VALUE;
    }
    return bits;
  }

  /**
   * After a flag's name: {@code [ \t]+} or {@code \\*["'][ \t]*,[ \t]*}, then a character a value
   * can start with (the flag pattern's separator and value).
   */
  private static boolean flagValueAfter(String s, int i) {
    int n = s.length();
    int j = skipBlanks(s, i);
    if (j == i) {
      while (j < n && s.charAt(j) == '\\') {
        j++;
      }
      if (j >= n || (s.charAt(j) != '"' && s.charAt(j) != '\'')) {
        return false;
      }
      j = skipBlanks(s, j + 1);
      if (j >= n || s.charAt(j) != ',') {
        return false;
      }
      j = skipBlanks(s, j + 1);
    }
    return j < n && valueStart(s.charAt(j));
  }

  /**
   * The word at {@code [start, end)} ends a name that is the value of a {@code name} key: {@code
   * name\\*["']?[ \t]*(=>|[:=])[ \t]*\\*["']?} before the name, read backwards.
   */
  private static boolean namedByNameKey(String s, int start, int end) {
    if (end < s.length() && KeyValues.isNameChar(s.charAt(end))) {
      return false;
    }
    int k = start;
    while (k > 0 && KeyValues.isNameChar(s.charAt(k - 1))) {
      k--;
    }
    if (k > 0 && (s.charAt(k - 1) == '"' || s.charAt(k - 1) == '\'')) {
      k--;
    }
    while (k > 0 && s.charAt(k - 1) == '\\') {
      k--;
    }
    k = skipBlanksBack(s, k);
    if (k > 0 && (s.charAt(k - 1) == ':' || s.charAt(k - 1) == '=')) {
      k--;
    } else if (k > 1 && s.charAt(k - 1) == '>' && s.charAt(k - 2) == '=') {
      k -= 2;
    } else {
      return false;
    }
    k = skipBlanksBack(s, k);
    if (k > 0 && (s.charAt(k - 1) == '"' || s.charAt(k - 1) == '\'')) {
      k--;
    }
    while (k > 0 && s.charAt(k - 1) == '\\') {
      k--;
    }
    return (at(s, k - 4, "name") && (k == 4 || !KeyValues.isNameChar(s.charAt(k - 5))))
        || (at(s, k - 3, "key") && (k == 3 || !KeyValues.isNameChar(s.charAt(k - 4))));
  }

  private static int skipBlanksBack(String s, int k) {
    while (k > 0 && (s.charAt(k - 1) == ' ' || s.charAt(k - 1) == '\t')) {
      k--;
    }
    return k;
  }

  /**
   * After a secret-ish name: the separator, blanks, an optional {@code [} and blanks (a list of
   * one, as in Go's {@code map[X-Api-Key:[v]]}), and a character a value can start with (a quote,
   * an escaped quote, or a character of a bare value), as the key-value pattern needs.
   */
  private static boolean valueAfterName(String s, int i) {
    int j = separatorEnd(s, i);
    if (j < 0) {
      return false;
    }
    j = skipBlanks(s, j);
    if (j < s.length() && s.charAt(j) == '[') {
      if (s.startsWith("REDACTED:", j + 1)) {
        return false; // an earlier marker, which the redactor keeps as it is
      }
      j = skipBlanks(s, j + 1); // a value cannot start with [, so taking it loses no match
    }
    return j < s.length() && valueStart(s.charAt(j));
  }

  /**
   * Whether a value can start with {@code c} once blanks are skipped: a quote, an escaped quote, or
   * a character of a bare value.
   */
  private static boolean valueStart(char c) {
    return c == '"' || c == '\'' || c == '\\' || ValueSpan.isBare(c);
  }

  /** The index after {@code [ \t]*} at {@code i}. */
  static int skipBlanks(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** {@code [ \t]+} then at least 8 token characters: the bearer pattern after its word. */
  private static boolean bearerTokenAt(String s, int i) {
    int from = skipBlanks(s, i);
    if (from == i) {
      return false;
    }
    int end = from;
    while (end < s.length() && end - from < 8 && bearerChar(s.charAt(end))) {
      end++;
    }
    return end - from >= 8;
  }

  private static boolean bearerChar(char c) {
    return asciiLetterOrDigit(c)
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '+'
        || c == '/'
        || c == '='
        || c == '-';
  }

  /**
   * After {@code authorization}: the separator, {@code [ \t]*(\[[ \t]*)?\\*["']?basic[ \t]+} and at
   * least 4 credential characters (the basic-auth pattern).
   */
  private static boolean basicAfter(String s, int i) {
    int j = separatorEnd(s, i);
    if (j < 0) {
      return false;
    }
    j = skipBlanks(s, j);
    if (j < s.length() && s.charAt(j) == '[') {
      j = skipBlanks(s, j + 1);
    }
    while (j < s.length() && s.charAt(j) == '\\') {
      j++;
    }
    if (j < s.length() && (s.charAt(j) == '"' || s.charAt(j) == '\'')) {
      j++;
    }
    if (!at(s, j, "basic")) {
      return false;
    }
    int from = skipBlanks(s, j + 5);
    if (from == j + 5) {
      return false;
    }
    int end = from;
    while (end < s.length()
        && end - from < 4
        && (asciiLetterOrDigit(s.charAt(end)) || s.charAt(end) == '+' || s.charAt(end) == '/')) {
      end++;
    }
    return end - from >= 4;
  }

  /**
   * Before the {@code key} at {@code keyStart}: {@code secret_?access_?} (the AWS secret pattern's
   * name, whose optional {@code aws_?} prefix does not matter for whether it can match).
   */
  private static boolean awsSecretNameBefore(String s, int keyStart) {
    int i = keyStart;
    if (i > 0 && s.charAt(i - 1) == '_') {
      i--;
    }
    if (!at(s, i - 6, "access")) {
      return false;
    }
    i -= 6;
    if (i > 0 && s.charAt(i - 1) == '_') {
      i--;
    }
    return at(s, i - 6, "secret");
  }

  /** {@code [A-Za-z0-9]}: the character tests of the redaction scanners are built on it. */
  static boolean asciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** {@code [A-Za-z0-9+/=]}. */
  static boolean isBase64(char c) {
    return asciiLetterOrDigit(c) || c == '+' || c == '/' || c == '=';
  }
}
