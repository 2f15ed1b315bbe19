package dev.logalerts.templates;

/**
 * Tells a participle that qualifies the noun after "user" ("Shutting down user disabled instance",
 * "user defined function", "user provided value") from a user name ("Invalid user alfred from",
 * "user ahmed logged in"): both follow "user", but only the name is data.
 *
 * <p>A word is taken for a participle when it is all lower-case letters, at least six long, ends in
 * "ed", carries no punctuation, and is followed by a lower-case word that is itself neither a verb
 * form ("-ed", "-ing", "-ly") nor a function word ("from", "by", "is", ...), the words that follow
 * a name. Short words ("ted", "ahmed") are never taken: too many names end so.
 */
final class UserQualifiers {
  private static final String[] FUNCTION_WORDS = {
    "from", "by", "to", "at", "on", "in", "for", "with", "via", "as", "and", "or", "is", "was",
    "has", "had", "does", "did", "not", "can", "cannot", "will", "may", "must", "should", "are",
    "were", "the", "a", "an", "of"
  };

  private UserQualifiers() {}

  /**
   * Whether {@code s[a, e)} (token end {@code b}, region end {@code to}) qualifies the next noun.
   */
  static boolean isQualifier(char[] s, int a, int e, int b, int to) {
    if (b != e || e - a < 6 || s[e - 2] != 'e' || s[e - 1] != 'd' || !lowerLetters(s, a, e)) {
      return false;
    }
    int n = e + 1;
    if (n >= to || s[e] != ' ') {
      return false;
    }
    int m = n;
    while (m < to && s[m] != ' ') {
      m++;
    }
    if (m - n < 2 || !lowerLetters(s, n, m)) {
      return false;
    }
    if (endsWith(s, n, m, "ed") || endsWith(s, n, m, "ing") || endsWith(s, n, m, "ly")) {
      return false;
    }
    for (String w : FUNCTION_WORDS) {
      if (TemplateWords.equalsAt(s, n, m, w)) {
        return false;
      }
    }
    return true;
  }

  private static boolean lowerLetters(char[] s, int a, int e) {
    for (int i = a; i < e; i++) {
      if (s[i] < 'a' || s[i] > 'z') {
        return false;
      }
    }
    return true;
  }

  private static boolean endsWith(char[] s, int a, int e, String w) {
    int n = w.length();
    return e - a > n && TemplateWords.equalsAt(s, e - n, e, w);
  }
}
