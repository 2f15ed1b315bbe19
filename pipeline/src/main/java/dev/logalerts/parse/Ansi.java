package dev.logalerts.parse;

/**
 * Removes ANSI terminal escape sequences (colours, cursor moves) from message text: they are
 * formatting, not content, and would otherwise split templates and garble samples.
 */
final class Ansi {
  private Ansi() {}

  private static final char ESC = '\u001b';

  /**
   * The text without CSI sequences ({@code ESC [ params final}), OSC sequences ({@code ESC ]} up to
   * BEL or {@code ESC \}) and two-character escapes; the same instance when there is no ESC.
   */
  static String strip(String s) {
    int esc = s.indexOf(ESC);
    if (esc < 0) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    int last = 0;
    int n = s.length();
    while (esc >= 0) {
      sb.append(s, last, esc);
      int i = esc + 1;
      if (i < n && s.charAt(i) == '[') {
        i++;
        while (i < n && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x3f) {
          i++; // parameter and intermediate bytes
        }
        if (i < n && s.charAt(i) >= 0x40 && s.charAt(i) <= 0x7e) {
          i++; // final byte
        }
      } else if (i < n && s.charAt(i) == ']') {
        i++;
        while (i < n
            && s.charAt(i) != '\u0007'
            && !(s.charAt(i) == ESC && i + 1 < n && s.charAt(i + 1) == '\\')) {
          i++;
        }
        i = i < n && s.charAt(i) == ESC ? i + 2 : Math.min(n, i + 1);
      } else if (i < n) {
        i++;
      }
      last = i;
      esc = s.indexOf(ESC, i);
    }
    return sb.append(s, last, n).toString();
  }
}
