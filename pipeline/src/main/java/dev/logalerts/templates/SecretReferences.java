package dev.logalerts.templates;

/**
 * Values that name a Secret Manager secret rather than hold one: the pairs of gcloud's {@code
 * --set-secrets} and {@code --update-secrets} ({@code DB_PASS=db-pass:latest}, {@code
 * /etc/secrets/token=projects/123/secrets/token:2}), as Cloud Build logs a deploy step's command.
 * Such a value stays, so the log still says which secret and version the service was given.
 */
final class SecretReferences {
  private SecretReferences() {}

  private static final String[] FLAGS = {"--set-secrets", "--update-secrets"};

  /**
   * Whether the value {@code s[start, end)} is a secret reference: {@code NAME:VERSION} (a version
   * number or {@code latest}), in a pair of a secrets flag's list.
   */
  static boolean at(String s, int start, int end) {
    return isReference(s, start, end) && inSecretsFlag(s, start);
  }

  /** The end of a reference that starts at {@code start} (up to the next comma or blank), or -1. */
  static int end(String s, int start) {
    int end = start;
    while (end < s.length() && s.charAt(end) != ',' && !Character.isWhitespace(s.charAt(end))) {
      end++;
    }
    return at(s, start, end) ? end : -1;
  }

  /**
   * Whether index {@code i} is inside such a reference ({@code password} of {@code db-password:2}),
   * where a secret-ish word names the secret, not a value after it.
   */
  static boolean inside(String s, int i) {
    int start = i;
    while (start > 0
        && "=,".indexOf(s.charAt(start - 1)) < 0
        && !Character.isWhitespace(s.charAt(start - 1))) {
      start--;
    }
    return start > 0 && s.charAt(start - 1) == '=' && end(s, start) > i;
  }

  /** {@code [\w./-]+:(latest|[0-9]+)}. */
  private static boolean isReference(String s, int start, int end) {
    int colon = s.lastIndexOf(':', end - 1);
    if (colon <= start || colon == end - 1) {
      return false;
    }
    for (int i = start; i < colon; i++) {
      char c = s.charAt(i);
      if (!(RedactionAnchors.asciiLetterOrDigit(c)
          || c == '_'
          || c == '-'
          || c == '.'
          || c == '/')) {
        return false;
      }
    }
    if (s.startsWith("latest", colon + 1) && colon + 7 == end) {
      return true;
    }
    for (int i = colon + 1; i < end; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the pair whose value starts at {@code start} is in a secrets flag's list: its word
   * (back to a blank) is {@code --set-secrets=…}, or the word before it is the flag itself.
   */
  private static boolean inSecretsFlag(String s, int start) {
    int word = start;
    while (word > 0 && !Character.isWhitespace(s.charAt(word - 1))) {
      word--;
    }
    for (String flag : FLAGS) {
      if (s.startsWith(flag, word)
          && word + flag.length() < s.length()
          && s.charAt(word + flag.length()) == '=') {
        return true;
      }
    }
    int before = word;
    while (before > 0 && Character.isWhitespace(s.charAt(before - 1))) {
      before--;
    }
    for (String flag : FLAGS) {
      int at = before - flag.length();
      if (at >= 0
          && s.startsWith(flag, at)
          && (at == 0 || Character.isWhitespace(s.charAt(at - 1)))) {
        return true;
      }
    }
    return false;
  }
}
