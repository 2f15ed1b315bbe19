package dev.logalerts.templates;

/**
 * {@code AM} / {@code PM} after a clock time ({@code 1:11:12 PM}, java.util.logging's default
 * header, .NET's and Windows' en-US dates): part of the time, as a time zone is. Kept as a word, it
 * split every such template in two at noon, and a {@code new-template} rule that learned in the
 * morning reported each one again in the afternoon.
 */
final class Meridiems {
  private Meridiems() {}

  /** Whether {@code s[a, e)} is AM or PM (any case) right after a clock time token. */
  static boolean afterClockTime(char[] s, int a, int e) {
    if (e - a != 2 || (s[a + 1] | 0x20) != 'm') {
      return false;
    }
    char c = (char) (s[a] | 0x20);
    if (c != 'a' && c != 'p') {
      return false;
    }
    int j = a - 1;
    while (j >= 0 && (s[j] == ' ' || s[j] == '\t')) {
      j--;
    }
    if (j < 0 || j == a - 1 || s[j] < '0' || s[j] > '9') {
      return false;
    }
    // The token before: digits, colons and a fraction's dot ("10:11", "06:22:57.163367").
    boolean colon = false;
    while (j >= 0 && s[j] != ' ' && s[j] != '\t') {
      char d = s[j--];
      if (d == ':') {
        colon = true;
      } else if ((d < '0' || d > '9') && d != '.') {
        return false;
      }
    }
    return colon;
  }
}
