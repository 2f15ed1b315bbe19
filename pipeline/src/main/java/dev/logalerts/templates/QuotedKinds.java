package dev.logalerts.templates;

/**
 * Quoted values after {@code =} that are kept, as unquoted enumerations are, though quoted values
 * are otherwise data: an HTTP method or Kubernetes API verb ({@code verb="LIST"}), the kind of
 * request; and an upper-case constant after {@code type=} ({@code type="LOGIN_ERROR"}, Keycloak's
 * event lines), the kind of event, so that a failed login is not the row of every other event.
 */
final class QuotedKinds {
  private QuotedKinds() {}

  private static final String[] REQUEST_VERBS = {
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "LIST", "WATCH", "DELETECOLLECTION"
  };

  /** Whether the quoted value {@code s[from, to)}, after {@code out}'s key and {@code =}, stays. */
  static boolean kept(TemplateOutput out, char[] s, int from, int to) {
    for (String verb : REQUEST_VERBS) {
      if (TemplateWords.equalsAt(s, from, to, verb)) {
        return true;
      }
    }
    return constantName(s, from, to) && out.kindKeyBefore();
  }

  /** Upper-case letters and underscores, 2 to 40 of them: no ids, which hold digits. */
  private static boolean constantName(char[] s, int from, int to) {
    if (to - from < 2 || to - from > 40 || s[from] == '_') {
      return false;
    }
    for (int j = from; j < to; j++) {
      char c = s[j];
      if (!((c >= 'A' && c <= 'Z') || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
