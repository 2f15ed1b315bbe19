package dev.logalerts.templates;

import java.util.Locale;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Which key names are secret-ish, for {@link KeyValues} and {@link NameValuePairs}: the words that
 * end them ({@code password}, {@code secret}, {@code token}, {@code key}…), the encoding suffixes
 * that may follow ({@code SECRET_KEY_BASE}), and when a plain {@code key} names a secret ({@code
 * secretKey}; Laravel's {@code APP_KEY} and PagerDuty's {@code routing_key} by their value) and
 * when it does not ({@code partition_key}, {@code pageToken}).
 */
final class SecretNames {
  private SecretNames() {}

  /** The secret-ish name endings (see {@link #acceptKey} for plain {@code key} and {@code sig}). */
  static final String NAMES =
      "("
          + Redactor.ci("password")
          + "|"
          + Redactor.ci("passwd")
          + "|"
          + Redactor.ci("passphrase")
          + "|"
          + Redactor.ci("pwd")
          + "|"
          + Redactor.ci("secret")
          + "|"
          + Redactor.ci("token")
          + "|"
          + Redactor.ci("signature")
          + "|"
          + Redactor.ci("sig")
          + "|"
          + Redactor.ci("api")
          + "[_-]?"
          + Redactor.ci("key")
          + "|"
          + Redactor.ci("apikey")
          + "|"
          + Redactor.ci("private")
          + "[_-]?"
          + Redactor.ci("key")
          + "|"
          + Redactor.ci("access")
          + "[_-]?"
          + Redactor.ci("key")
          + "|"
          + Redactor.ci("key")
          + ")";

  /**
   * Words that may end a secret's name after the secret-ish word and leave it one: how the value is
   * written ({@code SECRET_KEY_BASE}, Rails; {@code SIGNING_KEY_B64}, {@code TOKEN_VALUE}). Not
   * {@code _FILE} or {@code _PATH}, whose values name where the secret is.
   */
  private static final String[] ENCODING_SUFFIXES = {
    "base64", "base", "b64", "hex", "pem", "value", "encoded"
  };

  static final String ENCODING_SUFFIX = encodingSuffixPattern();

  private static String encodingSuffixPattern() {
    StringBuilder sb = new StringBuilder("(?:");
    for (String suffix : ENCODING_SUFFIXES) {
      sb.append(sb.length() > 3 ? "|" : "").append(Redactor.ci(suffix));
    }
    return sb.append(')').toString();
  }

  /**
   * The index after an encoding suffix at {@code i} ({@code [_-]?} and one of {@link
   * #ENCODING_SUFFIXES}, ending the name), or {@code i} when there is none.
   */
  static int encodingSuffixEnd(String s, int i) {
    int from = i < s.length() && (s.charAt(i) == '_' || s.charAt(i) == '-') ? i + 1 : i;
    for (String suffix : ENCODING_SUFFIXES) {
      int end = from + suffix.length();
      if (s.regionMatches(true, from, suffix, 0, suffix.length())
          && (end == s.length() || !KeyValues.isNameChar(s.charAt(end)))) {
        return end;
      }
    }
    return i;
  }

  /**
   * Where an encoding suffix that ends the name {@code s[from, to)} starts (its {@code [_-]} if
   * any), or {@code to} when the name has none.
   */
  private static int encodingSuffixStart(String s, int from, int to) {
    for (String suffix : ENCODING_SUFFIXES) {
      int start = to - suffix.length();
      if (start > from && s.regionMatches(true, start, suffix, 0, suffix.length())) {
        return start - 1 > from && (s.charAt(start - 1) == '_' || s.charAt(start - 1) == '-')
            ? start - 1
            : start;
      }
    }
    return to;
  }

  /** Words after which a plain "key" names a secret (secretKey, signing_key, x-api-key…). */
  private static final String[] SECRET_KEY_PREFIXES = {
    "secret",
    "private",
    "access",
    "api",
    "encryption",
    "signing",
    "master",
    "client",
    "auth",
    "license",
    "subscription",
    "crypto",
    "hmac",
    "session",
    "account"
  };

  /**
   * Whether the matched word names a secret. Password, secret and token words do wherever they end
   * a name ({@code dbpassword}, {@code client_secret}, {@code accessToken}); a plain {@code key}
   * only as a whole name or after a secret-ish word ({@code secretKey}, {@code signing-key}), not
   * in {@code monkey=} or {@code partition_key=}; before an encoding suffix ({@code
   * SECRET_KEY_BASE}) a plain {@code key} only after a secret-ish word ({@code key_value} names a
   * pair), {@code sig} never. Keys such as Laravel's {@code APP_KEY} are taken here and judged by
   * their value ({@link #shapedKeyOnly}).
   */
  static boolean acceptKey(String s, int start, String keyword, boolean suffixed) {
    boolean wholeName = start == 0 || !KeyValues.isNameChar(s.charAt(start - 1));
    if (keyword.equalsIgnoreCase("sig")) {
      return wholeName && !suffixed; // Azure SAS sig=, not config=
    }
    if (!wholeName && pageToken(s, start, keyword)) {
      return false;
    }
    if (!keyword.equalsIgnoreCase("key")) {
      return true;
    }
    if (wholeName) {
      return !suffixed;
    }
    String prefix = nameBefore(s, start);
    return secretKeyPrefix(prefix) || (!suffixed && shapedKeyWord(prefix) != null);
  }

  /** The name part before the word at {@code start}, without the separator between them. */
  private static String nameBefore(String s, int start) {
    int end = start;
    while (end > 0 && KeyValues.isSeparatorChar(s.charAt(end - 1))) {
      end--;
    }
    int begin = end;
    while (begin > 0 && KeyValues.isNameChar(s.charAt(begin - 1))) {
      begin--;
    }
    return s.substring(begin, end);
  }

  /**
   * Words before a plain {@code key} that make it a secret only with a value of its own shape:
   * Laravel's {@code APP_KEY} ({@code base64:…}; Pusher's {@code app_key} is public), PagerDuty's
   * integration keys ({@code routing_key}, {@code integration_key}, {@code service_key}: 32 letters
   * and digits; AMQP's {@code routing_key=orders.created} and VictorOps' routing keys are names).
   */
  private static final String[] SHAPED_KEY_WORDS = {"app", "routing", "integration", "service"};

  /**
   * Whether the plain {@code key} at {@code start} is taken only as a key of {@link
   * #SHAPED_KEY_WORDS}, whose value decides ({@link #hasSecretShape}).
   */
  static boolean shapedKeyOnly(String s, int start, String keyword) {
    if (!keyword.equalsIgnoreCase("key")
        || start == 0
        || !KeyValues.isNameChar(s.charAt(start - 1))) {
      return false;
    }
    String prefix = nameBefore(s, start);
    return !secretKeyPrefix(prefix) && shapedKeyWord(prefix) != null;
  }

  /**
   * Whether the value of the {@link #shapedKeyOnly} key at {@code start} is shaped as its secret.
   */
  static boolean hasSecretShape(String s, int start, String value) {
    if ("app".equals(shapedKeyWord(nameBefore(s, start)))) {
      return value.startsWith("base64:");
    }
    if (value.length() != 32) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!RedactionAnchors.asciiLetterOrDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The word of {@link #SHAPED_KEY_WORDS} that ends the name part {@code prefix}, or null. */
  private static @Nullable String shapedKeyWord(String prefix) {
    int n = prefix.length();
    for (String w : SHAPED_KEY_WORDS) {
      int len = w.length();
      if (n >= len
          && prefix.regionMatches(true, n - len, w, 0, len)
          && (n == len || KeyValues.isSeparatorChar(prefix.charAt(n - len - 1)))) {
        return w;
      }
    }
    return null;
  }

  /**
   * Whether the {@code token} at {@code start} ends a page token's name ({@code pageToken}, {@code
   * next_page_token}, {@code --page-token}): Google APIs' list cursor, which grants nothing without
   * the caller's own credentials, so it stays as it is.
   */
  static boolean pageToken(String s, int start, String keyword) {
    if (!keyword.equalsIgnoreCase("token")) {
      return false;
    }
    int end = start;
    if (end > 0 && KeyValues.isSeparatorChar(s.charAt(end - 1))) {
      end--;
    }
    return end >= 4 && s.regionMatches(true, end - 4, "page", 0, 4);
  }

  /** Whether a name part before a plain {@code key} makes it a secret ({@code secret}, …). */
  static boolean secretKeyPrefix(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String p : SECRET_KEY_PREFIXES) {
      if (lower.endsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The words of {@link #NAMES}, longest first, with {@code _} for {@code [_-]?}. */
  private static final String[] WORDS = {
    "private_key",
    "passphrase",
    "privatekey",
    "access_key",
    "signature",
    "accesskey",
    "password",
    "api_key",
    "passwd",
    "secret",
    "apikey",
    "token",
    "key",
    "sig",
    "pwd"
  };

  /**
   * The secret-ish word that ends the name {@code s[from, nameEnd)} as the key-value pattern would
   * take it ({@code API_KEY} whole, {@code PASSWORD} of {@code DB_PASSWORD}, {@code KEY} of {@code
   * SECRET_KEY_BASE}), or null when there is none or it does not name a secret there ({@code
   * PARTITION_KEY}).
   */
  static String wordEndingAt(String s, int from, int nameEnd) {
    String keyword = wordEndingAt(s, from, nameEnd, nameEnd);
    int suffixStart = encodingSuffixStart(s, from, nameEnd);
    return keyword != null || suffixStart == nameEnd
        ? keyword
        : wordEndingAt(s, from, suffixStart, nameEnd);
  }

  /** The secret-ish word that ends at {@code to}, in a name that ends at {@code nameEnd}. */
  private static String wordEndingAt(String s, int from, int to, int nameEnd) {
    for (String w : WORDS) {
      int start = to - w.length();
      if (start < from) {
        continue;
      }
      boolean match = true;
      for (int k = 0; k < w.length() && match; k++) {
        char c = s.charAt(start + k);
        match = w.charAt(k) == '_' ? c == '_' || c == '-' : (c | 0x20) == w.charAt(k);
      }
      if (match) {
        String keyword = s.substring(start, to);
        return acceptKey(s, start, keyword, to < nameEnd) ? keyword : null;
      }
    }
    return null;
  }

  /**
   * Whether the name ending at the keyword at {@code start} is a qualified RPC method ({@code
   * google.iam.admin.v1.GetServiceAccountKey}, {@code SecretManagerService.GetSecret}): after a
   * dot, an upper-camel-case name that starts with an operation's verb; a setting is a noun ({@code
   * Google.ClientSecret}, {@code spring.datasource.password}).
   */
  static boolean isQualifiedMethod(String s, int start) {
    int b = start;
    while (b > 0 && Character.isLetterOrDigit(s.charAt(b - 1))) {
      b--;
    }
    if (b == 0 || s.charAt(b - 1) != '.' || !Character.isUpperCase(s.charAt(b))) {
      return false;
    }
    int e = b + 1;
    while (e < start && Character.isLowerCase(s.charAt(e))) {
      e++;
    }
    // e stops at the next capital at the latest at the keyword's own (Get|Secret).
    return Character.isUpperCase(s.charAt(e)) && METHOD_VERBS.contains(s.substring(b, e));
  }

  private static final Set<String> METHOD_VERBS =
      Set.of(
          "Get",
          "List",
          "Create",
          "Update",
          "Delete",
          "Patch",
          "Set",
          "Add",
          "Remove",
          "Access",
          "Destroy",
          "Disable",
          "Enable",
          "Restore",
          "Rotate",
          "Generate",
          "Sign",
          "Import",
          "Export",
          "Insert",
          "Search",
          "Lookup",
          "Batch",
          "Test",
          "Verify",
          "Encrypt",
          "Decrypt",
          "Upload",
          "Download",
          "Fetch",
          "Put",
          "Revoke",
          "Undelete",
          "Asymmetric",
          "Mac",
          "Raw");
}
