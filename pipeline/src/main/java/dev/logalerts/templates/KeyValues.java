package dev.logalerts.templates;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.logalerts.model.RpcCodes;
import java.util.Locale;
import java.util.Set;

/**
 * The key-value checks of {@link Redactor}: the value after a secret-ish name ({@code password=x},
 * {@code "token": "x"}, {@code :password => "x"}, {@code X-Api-Key:[x]}) and after a secret-ish
 * command-line flag ({@code --db-password x}, {@code -password x}, {@code ["--token", "x"]}).
 *
 * <p>A value is kept when it says something about the secret rather than being one: a status word
 * ({@code signature: valid}, {@code token=null}), the working directory ({@code PWD=/home/app}), or
 * a cache key of namespaced ids after a plain {@code key} ({@code key=user:1234}; API keys are
 * single random tokens and hold no {@code :}, and a part that mixes letters and digits over 16
 * characters still counts as a secret) or a Kubernetes object's {@code namespace/name}; the value
 * of a plain {@code key} that a {@code value} key follows, which names the entry of a key/value
 * pair ({@code {key:"app" value:"x"}}, see {@link NameValuePairs} for the value); and a {@code $}
 * alone, the start of a {@code ${placeholder}}.
 */
final class KeyValues {
  private KeyValues() {}

  private static final String WS = Redactor.WS;

  /**
   * The separator after a name: closing quote (escaped any number of times), blanks, {@code :},
   * {@code =} or {@code =>}.
   */
  static final String SEP = "\\\\*[\"']?[ \\t]*(?:=>|[:=])";

  /**
   * A secret-ish key name ending, an encoding suffix if any (group 2) and the separator (and the
   * {@code [} of a one-element list); the value after it is read by {@link ValueSpan}. Whether the
   * name really ends there (not {@code monkey=}) is checked in code.
   */
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          SecretNames.NAMES
              + "((?:[_-]?"
              + SecretNames.ENCODING_SUFFIX
              + ")?)("
              + SEP
              + "[ \\t]*(?:\\[[ \\t]*)?)");

  /**
   * A flag's name ending, then blanks or the next element of a quoted list ({@code "--token",
   * "x"}); the value after it is read by {@link ValueSpan}. Whether the name is a flag ({@code
   * --db-password}, {@code -password}) is checked in code.
   */
  private static final Pattern FLAG =
      Pattern.compile(SecretNames.NAMES + "([ \\t]+|\\\\*[\"'][ \\t]*,[ \\t]*)");

  /** Values that say what state a secret is in rather than being one. */
  private static final Set<String> STATUS_WORDS =
      Set.of(
          "valid",
          "invalid",
          "verified",
          "unverified",
          "missing",
          "expired",
          "none",
          "null",
          "nil",
          "true",
          "false",
          "present",
          "required",
          "empty",
          "undefined",
          "unset",
          "redacted");

  /** Words that follow a flag's name in prose about the flag ({@code --password is required}). */
  private static final Set<String> PROSE_AFTER_FLAG =
      Set.of(
          "is",
          "was",
          "are",
          "has",
          "have",
          "had",
          "must",
          "should",
          "can",
          "cannot",
          "will",
          "may",
          "flag",
          "option",
          "argument",
          "parameter",
          "value",
          "not",
          "and",
          "or",
          "to",
          "for",
          "with",
          "without",
          "instead",
          "deprecated",
          "ignored",
          "given",
          "specified",
          "set",
          "of",
          "in",
          "on",
          "the",
          "if",
          "when",
          "but",
          "only",
          "also",
          "from",
          "as");

  static String redactKeyValues(String s) {
    return redact(KEY_VALUE, s, false);
  }

  static String redactFlags(String s) {
    return redact(FLAG, s, true);
  }

  /**
   * Replaces the value after each accepted name. The name is checked before its value is read and a
   * value is judged (status word, path, cache key) only up to {@link ValueSpan#LIMIT} characters,
   * longer ones being secrets: so a rejected candidate costs a bounded read, and a text made of
   * many candidates whose values run on ({@code monkey=monkey=…}) takes linear time, not the
   * quadratic time of matching each long value again.
   */
  private static String redact(Pattern p, String s, boolean flags) {
    Matcher m = p.matcher(s);
    StringBuilder out = null;
    int last = 0;
    int from = 0;
    while (from < s.length() && m.find(from)) {
      String keyword = m.group(1);
      ValueSpan v =
          (flags
                  ? acceptFlag(s, m.start(1), keyword)
                  : SecretNames.acceptKey(s, m.start(1), keyword, !m.group(2).isEmpty()))
              ? ValueSpan.at(s, m.end())
              : null;
      if (v == null
          || v.start == v.end
          || SecretReferences.inside(s, m.start(1))
          || s.startsWith(Redactor.PREFIX, v.start)
          || s.startsWith(Redactor.PREFIX, v.start - 1) // [REDACTED:…] read as a one-element list
          || SecretReferences.end(s, v.start) >= 0 // --set-secrets=DB_PASSWORD=db-password:2
          || (!v.isLong
              && (!isSecretValue(s, m.start(1), keyword, s.substring(v.start, v.end), flags)
                  // A password is never a printed object: Winter{2024} is a password.
                  || (!typeOf(keyword).equals("password") && PrintedValues.printedObject(s, v))))
          || (!flags && namesAPair(s, m.start(1), keyword, v.after))) {
        from = m.start() + 1;
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, v.start).append(Redactor.marker(typeOf(keyword)));
      last = v.end;
      from = v.after;
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  /**
   * Whether the word at {@code start} ends a command-line flag: the name runs back to one or two
   * dashes after a blank, a quote, a bracket, a comma or {@code =} ({@code --db-password}), and
   * names a secret as {@link SecretNames#acceptKey} says of the name without its dashes.
   */
  private static boolean acceptFlag(String s, int start, String keyword) {
    int b = flagStart(s, start);
    if (b < 0) {
      return false;
    }
    int nameStart = b;
    while (s.charAt(nameStart) == '-') {
      nameStart++;
    }
    if (nameStart == start) {
      return true; // --key, -password
    }
    if (keyword.equalsIgnoreCase("sig") || SecretNames.pageToken(s, start, keyword)) {
      return false;
    }
    if (!keyword.equalsIgnoreCase("key")) {
      return true;
    }
    int end = start;
    while (end > nameStart && isSeparatorChar(s.charAt(end - 1))) {
      end--;
    }
    return SecretNames.secretKeyPrefix(s.substring(nameStart, end));
  }

  /**
   * The start of the flag whose name holds index {@code i} (its first dash), or -1 when the name
   * there is not a flag. Also the pre-check's test ({@link RedactionAnchors}).
   */
  static int flagStart(String s, int i) {
    int b = i;
    while (b > 0 && isNameChar(s.charAt(b - 1))) {
      b--;
    }
    if (b >= s.length() || s.charAt(b) != '-') {
      return -1;
    }
    if (b == 0) {
      return b;
    }
    char before = s.charAt(b - 1);
    return CommandLineCredentials.optionBoundary(before) || before == '=' ? b : -1;
  }

  /**
   * Whether a plain {@code key} whose value ends at {@code after} names the entry of a key/value
   * pair: a {@code value} key follows it, past blanks, commas and quotes ({@code {key:"app"
   * value:"x"}} in containerd's labels, {@code {"key":"startup-script","value":"…"}} in GCE
   * metadata), so its value is a name, not a secret. Reads a bounded stretch.
   */
  private static boolean namesAPair(String s, int start, String keyword, int after) {
    if (!keyword.equalsIgnoreCase("key") || (start > 0 && isNameChar(s.charAt(start - 1)))) {
      return false;
    }
    int i = after;
    int limit = Math.min(s.length(), after + 16);
    while (i < limit && " \t,\\\"'".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return s.regionMatches(true, i, "value", 0, 5) && RedactionAnchors.separatorEnd(s, i + 5) >= 0;
  }

  /** Whether a value found after a secret-ish name is a secret (see the class comment). */
  static boolean isSecretValue(String s, int start, String keyword, String value, boolean flag) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (STATUS_WORDS.contains(lower) || value.equals("$")) {
      return false; // $ alone: a ${placeholder}, the bare value stopping at its brace
    }
    if (RpcCodes.isName(value) || SecretNames.isQualifiedMethod(s, start)) {
      return false; // "…GetServiceAccountKey: NOT_FOUND": an audit entry's method and status
    }
    if (SecretNames.shapedKeyOnly(s, start, keyword)) {
      return SecretNames.hasSecretShape(s, start, value);
    }
    if (flag) {
      if (value.startsWith("-")
          || value.startsWith("=")
          || value.startsWith(":")
          || PROSE_AFTER_FLAG.contains(lower)) {
        return false;
      }
      if (keyword.toLowerCase(Locale.ROOT).endsWith("key") && isPath(value)) {
        return false; // --key /etc/tls/tls.key: a file
      }
      return true;
    }
    if (keyword.equalsIgnoreCase("pwd") && value.startsWith("/")) {
      int b = start;
      while (b > 0 && isNameChar(s.charAt(b - 1))) {
        b--;
      }
      String name = s.substring(b, start).toLowerCase(Locale.ROOT);
      if (name.isEmpty() || name.equals("old")) {
        return false; // PWD=/home/app, OLDPWD=/root: working directories
      }
    }
    if (keyword.equalsIgnoreCase("key")
        && (start == 0 || !isNameChar(s.charAt(start - 1)))
        && (namespacedIds(value)
            || objectKey(value)
            || inKeyReference(s, start)
            || PrintedValues.shortNumber(value)
            || PrintedValues.selectorPart(s, start))) {
      return false;
    }
    return true;
  }

  /**
   * Whether the {@code key} at {@code start} is inside a Kubernetes {@code secretKeyRef}, {@code
   * configMapKeyRef} or Go {@code SecretKeySelector}, where its value names an entry of the secret.
   */
  private static boolean inKeyReference(String s, int start) {
    String before = s.substring(Math.max(0, start - 160), start).toLowerCase(Locale.ROOT);
    return before.contains("keyref") || before.contains("keyselector");
  }

  private static boolean isPath(String v) {
    return v.startsWith("/") || v.startsWith("./") || v.startsWith("../") || v.startsWith("~/");
  }

  /**
   * A cache or storage key such as {@code user:1234} or {@code tenant:7:profile}: {@code
   * :}-separated parts after a lower-case namespace word, none of them a random-looking mix of
   * letters and digits of 16 characters or more.
   */
  static boolean namespacedIds(String v) {
    int colon = v.indexOf(':');
    if (colon <= 0 || v.charAt(0) < 'a' || v.charAt(0) > 'z') {
      return false;
    }
    for (int i = 0; i < colon; i++) {
      char c = v.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
        return false;
      }
    }
    int partStart = 0;
    for (int i = 0; i <= v.length(); i++) {
      if (i == v.length() || v.charAt(i) == ':') {
        if (randomLooking(v, partStart, i)) {
          return false;
        }
        partStart = i + 1;
      }
    }
    return true;
  }

  /**
   * A Kubernetes object's work-queue key, {@code namespace/name} in lower-case DNS names, as
   * controllers log it ({@code "key"="kube-system/grafana-tls-bpzpk-419331023"}): no part between
   * {@code /}, {@code -} and {@code .} a random-looking mix of 16 or more letters and digits.
   */
  static boolean objectKey(String v) {
    int slash = v.indexOf('/');
    if (slash <= 0 || slash == v.length() - 1 || v.indexOf('/', slash + 1) >= 0) {
      return false;
    }
    int partStart = 0;
    for (int i = 0; i <= v.length(); i++) {
      char c = i == v.length() ? '/' : v.charAt(i);
      if (c == '/' || c == '-' || c == '.') {
        if (randomLooking(v, partStart, i)) {
          return false;
        }
        partStart = i + 1;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean randomLooking(String v, int from, int to) {
    if (to - from < 16) {
      return false;
    }
    boolean letter = false;
    boolean digit = false;
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      letter |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      digit |= c >= '0' && c <= '9';
    }
    return letter && digit;
  }

  static boolean isSeparatorChar(char c) {
    return c == '_' || c == '-' || c == '.';
  }

  static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.';
  }

  static String typeOf(String keyword) {
    String k = keyword.toLowerCase(Locale.ROOT);
    if (k.startsWith("pass") || k.equals("pwd")) {
      return "password";
    }
    if (k.equals("secret") || k.equals("token")) {
      return k;
    }
    if (k.startsWith("sig")) {
      return "signature";
    }
    if (k.startsWith("api")) {
      return "api_key";
    }
    if (k.startsWith("private")) {
      return "private_key";
    }
    if (k.startsWith("access")) {
      return "access_key";
    }
    return "key";
  }
}
