package dev.logalerts.filter;

/**
 * Finds a literal substring that every match of a regular expression must contain, so that the
 * per-entry test can reject most values with {@link String#indexOf(String)} before running RE2J
 * (whose unanchored search costs microseconds per value). Conservative: it only looks at top-level
 * characters of patterns without alternation or flags, so whatever it returns is guaranteed to be
 * part of every match.
 */
final class RegexLiteral {
  private RegexLiteral() {}

  /** The longest required literal of {@code pattern}, or null when none is known. */
  static String required(String pattern) {
    if (pattern.indexOf('|') >= 0 || pattern.contains("(?") || pattern.contains("\\Q")) {
      // Alternation may skip any literal; flags may change case sensitivity; \Q...\E quotes
      // text whose quantifiers this scanner does not track.
      return null;
    }
    String best = null;
    StringBuilder run = new StringBuilder();
    int depth = 0;
    int n = pattern.length();
    for (int i = 0; i < n; i++) {
      char c = pattern.charAt(i);
      boolean literal = depth == 0 && !isMeta(c);
      if (literal) {
        run.append(c);
        continue;
      }
      // The run ends here. A quantifier makes its last character optional or repeated.
      if (c == '*' || c == '?' || c == '+' || c == '{') {
        if (run.length() > 0) {
          run.setLength(run.length() - 1);
        }
      }
      best = longer(best, run);
      run.setLength(0);
      switch (c) {
        case '\\':
          // Skip the whole escape, argument included (\x41, \x{41}, \pL, \p{Greek}, \101):
          // conservatively not part of any run.
          i = endOfEscape(pattern, i);
          break;
        case '(':
          depth++;
          break;
        case ')':
          depth = Math.max(0, depth - 1);
          break;
        case '[':
          i = skipClass(pattern, i);
          // A quantifier after the class is handled by the next iteration (run is empty).
          break;
        case '{':
          {
            // Repeat counts ("{2,3}") are not literals; skip them.
            int close = pattern.indexOf('}', i);
            i = close < 0 ? n : close;
          }
          break;
        default:
          break;
      }
    }
    best = longer(best, run);
    return best;
  }

  /**
   * For a pattern that is case-insensitive as a whole (it starts with {@code (?i)} and sets no
   * other flag), a lower-case ASCII text that every match contains in some letter case, or null
   * when none is known. It is the longest piece of {@link #required} of the rest without {@code k},
   * {@code s} or non-ASCII characters: RE2's {@code (?i)} also matches the Kelvin sign for k and
   * the long s for s, which an ASCII case-insensitive search would miss.
   */
  static String requiredIgnoringCase(String pattern) {
    if (!pattern.startsWith("(?i)") || pattern.indexOf("(?", 4) >= 0) {
      return null;
    }
    String literal = required(pattern.substring(4));
    if (literal == null) {
      return null;
    }
    String best = null;
    int start = 0;
    for (int i = 0; i <= literal.length(); i++) {
      char c = i < literal.length() ? Text.fold(literal.charAt(i)) : 'k';
      if (c == 'k' || c == 's' || c >= 0x80) {
        if (i > start && (best == null || i - start > best.length())) {
          best = Text.fold(literal.substring(start, i));
        }
        start = i + 1;
      }
    }
    return best;
  }

  /**
   * Index of the last character of the escape whose backslash is at {@code backslash}: RE2's {@code
   * \xHH}, {@code \x{H...}}, {@code \pN}, {@code \p{Name}} (and {@code \P}) and octal {@code \123}
   * take an argument after the escape letter, which matches some other character than its own text.
   */
  private static int endOfEscape(String p, int backslash) {
    int i = backslash + 1;
    int n = p.length();
    if (i >= n) {
      return i;
    }
    char c = p.charAt(i);
    if (c == 'x' || c == 'p' || c == 'P') {
      if (i + 1 < n && p.charAt(i + 1) == '{') {
        int close = p.indexOf('}', i + 2);
        return close < 0 ? n : close;
      }
      return Math.min(i + (c == 'x' ? 2 : 1), n);
    }
    if (c >= '0' && c <= '7') {
      int end = i;
      while (end + 1 < n && end - i < 2 && p.charAt(end + 1) >= '0' && p.charAt(end + 1) <= '7') {
        end++;
      }
      return end;
    }
    return i;
  }

  /** True when the pattern has no regex syntax at all, so it matches exactly its text. */
  static boolean isPlainLiteral(String pattern) {
    for (int i = 0; i < pattern.length(); i++) {
      if (isMeta(pattern.charAt(i))) {
        return false;
      }
    }
    return !pattern.isEmpty();
  }

  private static String longer(String best, StringBuilder run) {
    if (run.length() == 0 || (best != null && best.length() >= run.length())) {
      return best;
    }
    return run.toString();
  }

  /** Index of the ']' closing the class opened at {@code open} (RE2 class syntax). */
  private static int skipClass(String p, int open) {
    int i = open + 1;
    if (i < p.length() && p.charAt(i) == '^') {
      i++;
    }
    if (i < p.length() && p.charAt(i) == ']') {
      i++; // a leading ']' is literal
    }
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '[' && i + 1 < p.length() && p.charAt(i + 1) == ':') {
        int end = p.indexOf(":]", i + 2);
        if (end > 0) {
          i = end + 2;
          continue;
        }
      }
      if (c == ']') {
        return i;
      }
      i++;
    }
    return p.length();
  }

  private static boolean isMeta(char c) {
    switch (c) {
      case '\\':
      case '.':
      case '+':
      case '*':
      case '?':
      case '(':
      case ')':
      case '|':
      case '[':
      case ']':
      case '{':
      case '}':
      case '^':
      case '$':
        return true;
      default:
        return false;
    }
  }
}
