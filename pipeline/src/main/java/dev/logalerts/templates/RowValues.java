package dev.logalerts.templates;

/**
 * The values of a row in PostgreSQL's DETAIL lines: {@code Key (userid, appid)=(alice, login)
 * already exists.}, {@code Failing row contains (null, John Doe, 30).} They are the row's data, so
 * one constraint's violations are one event whatever row failed; word by word, each user, key or
 * name in them made a row of its own. The scanner masks them whole, as one placeholder.
 */
final class RowValues {
  private RowValues() {}

  /**
   * At {@code s[i] == '('} right after a key's columns ({@code )=}) or {@code Failing row
   * contains}: appends the '(' and returns the index of the ')' closing the values on this line
   * (PostgreSQL cuts long values with "...", so an unbalanced one ends at the line's last ')').
   * Else -1, nothing appended.
   */
  static int end(char[] s, int i, int to, TemplateOutput out) {
    if (s[i] != '(' || !(out.endsWith(")=") || out.endsWith("Failing row contains "))) {
      return -1;
    }
    int depth = 0;
    int last = -1;
    for (int j = i; j < to && s[j] != '\n' && s[j] != '\r'; j++) {
      if (s[j] == '(') {
        depth++;
      } else if (s[j] == ')') {
        last = j;
        if (--depth == 0) {
          break;
        }
      }
    }
    if (last > i) {
      out.append('(');
    }
    return last > i ? last : -1;
  }
}
