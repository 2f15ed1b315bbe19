package dev.logalerts.templates;

/**
 * Generated names and ids that a share of the time have no digit, so they were kept as a word: one
 * template, and one noisy-log row, per pod, execution or thread.
 *
 * <p>Names Kubernetes generates for the objects of a workload: a pod of a Deployment or Job ({@code
 * checkout-7d9f8b6c5-x2x7q}, {@code web-xqzvw}) and a Cloud Run job's execution ({@code
 * migrate-vnttt}), which Cloud Run names the same way. The random suffix comes from an alphabet
 * without vowels ({@code bcdfghjklmnpqrstvwxz2456789}), so about one name in five has no digit.
 *
 * <p>Sidekiq's thread and job ids before version 6 ({@code TID-oveahmcxw}, {@code JID-oveaivtrg}):
 * base-36. (From version 6 the thread id is a value, {@code tid=dsmk}: {@link NamePositions}.)
 */
final class GeneratedNames {
  private GeneratedNames() {}

  /** Whether digit-free token {@code s[a, e)} is one of these generated names or ids. */
  static boolean isGenerated(char[] s, int a, int e) {
    return sidekiqId(s, a, e) || randomSuffix(s, a, e);
  }

  /** {@code TID-…} or {@code JID-…}; tests the dash first: most words have none there. */
  private static boolean sidekiqId(char[] s, int a, int e) {
    return e - a > 4
        && s[a + 3] == '-'
        && (TemplateWords.startsWith(s, a, e, "TID-") || TemplateWords.startsWith(s, a, e, "JID-"));
  }

  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  /**
   * Whether token {@code s[a, e)} is a lower-case name (after a namespace and a slash, if any)
   * ending in {@code -} and five chars of that alphabet. Checks the dash first: most words have
   * none there.
   */
  private static boolean randomSuffix(char[] s, int a, int e) {
    int dash = e - 6;
    if (dash <= a || s[dash] != '-' || s[dash - 1] == '-') {
      return false;
    }
    for (int i = dash + 1; i < e; i++) {
      if (ALPHABET.indexOf(s[i]) < 0) {
        return false;
      }
    }
    // A word of those letters alone is no suffix: "allow-egress-https" names a rule's protocol.
    if (TemplateWords.equalsAt(s, dash + 1, e, "https")) {
      return false;
    }
    // A namespace may come first ("web/checkout-bdfkqmzt-xqzvw", as Kubernetes names a pod in
    // its events and controllers' lines): one slash, with a name on both sides.
    boolean slash = false;
    for (int i = a; i < dash; i++) {
      char c = s[i];
      if (c == '/' && !slash && i > a && s[i - 1] != '-' && s[i + 1] != '-') {
        slash = true;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }
}
