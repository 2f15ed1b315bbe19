package dev.logalerts.parse;

/**
 * The text a log forwarder puts in front of a program's line, found where a JSON line follows it: a
 * syslog header ({@code Aug 16 15:20:34 host caddy[3177999]: }, what rsyslog writes to
 * /var/log/syslog and journalctl prints, with an RFC 3339 time as newer rsyslog writes it), {@code
 * docker compose logs}' service column ({@code caddy-1 | }) and a CRI log file's time, stream and
 * tag ({@code 2024-01-01T00:00:00.1Z stdout F }, what a collector without its CRI parser forwards),
 * and rsyslog's {@code @cee: } cookie, which marks a JSON message for its parser (alone or after
 * the syslog header). Checked character by character, without a regular expression, and only on a
 * line that ends with a brace: application text before JSON ({@code failed to decode: {…}}) matches
 * none of them.
 */
final class ForwarderPrefix {
  private ForwarderPrefix() {}

  /** Longest prefix looked at; real ones are well below it. */
  private static final int MAX = 160;

  /** Where the JSON after such a prefix starts in {@code text} (its '{'), else -1. */
  static int jsonStart(String text) {
    int brace = text.indexOf('{');
    if (brace < 4 || brace > MAX || text.charAt(brace - 1) != ' ') {
      return -1;
    }
    if (isCeeCookie(text, brace)) {
      // rsyslog's "@cee: " cookie (mmjsonparse's marker of a JSON message), alone or after the
      // syslog header: "Oct 30 16:43:21 host dashboard[2140562]: @cee: {…}".
      int at = brace - CEE.length();
      return at == 0 || (text.charAt(at - 1) == ' ' && isSyslog(text, at)) ? brace : -1;
    }
    return isCompose(text, brace) || isCri(text, brace) || isSyslog(text, brace) ? brace : -1;
  }

  private static final String CEE = "@cee: ";

  /** Whether {@code @cee: } ends right before the brace. */
  private static boolean isCeeCookie(String s, int brace) {
    return brace >= CEE.length() && s.startsWith(CEE, brace - CEE.length());
  }

  /** {@code name<spaces>| }: a compose service (letters, digits, '-', '_', '.') then the bar. */
  private static boolean isCompose(String s, int brace) {
    if (s.charAt(brace - 2) != '|') {
      return false;
    }
    int i = brace - 3;
    int spaces = 0;
    while (i >= 0 && s.charAt(i) == ' ') {
      i--;
      spaces++;
    }
    if (spaces == 0 || i < 0) {
      return false;
    }
    for (; i >= 0; i--) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** {@code <RFC 3339 time> stdout|stderr [F|P] }: a CRI log file's line. */
  private static boolean isCri(String s, int brace) {
    int t = rfc3339End(s, 0);
    if (t < 0 || !(s.startsWith(" stdout ", t) || s.startsWith(" stderr ", t))) {
      return false;
    }
    int after = t + 8;
    return after == brace
        || (after + 2 == brace && (s.charAt(after) == 'F' || s.charAt(after) == 'P'));
  }

  /**
   * {@code <time> [host ]program[[pid]]: }, the time as syslog's {@code Mmm dd hh:mm:ss} or RFC
   * 3339; the program's tag without spaces, ending in ':'.
   */
  private static boolean isSyslog(String s, int brace) {
    int t = isBsdTime(s) ? 15 : rfc3339End(s, 0);
    if (t < 0 || t >= brace - 3 || s.charAt(t) != ' ' || s.charAt(brace - 2) != ':') {
      return false;
    }
    int spaces = 0;
    for (int i = t + 1; i < brace - 2; i++) {
      char c = s.charAt(i);
      if (c == ' ') {
        if (++spaces > 1 || i == t + 1) {
          return false; // more than host and program, or an empty field
        }
      } else if (Character.isWhitespace(c) || c == '"' || c == ':' && i < brace - 3) {
        return false;
      }
    }
    return true;
  }

  /** {@code Mmm dd hh:mm:ss} at the start (day padded with a space). */
  private static boolean isBsdTime(String s) {
    return s.length() > 15
        && Character.isUpperCase(s.charAt(0))
        && Character.isLowerCase(s.charAt(1))
        && Character.isLowerCase(s.charAt(2))
        && s.charAt(3) == ' '
        && (s.charAt(4) == ' ' || isDigit(s.charAt(4)))
        && isDigit(s.charAt(5))
        && s.charAt(6) == ' '
        && isClock(s, 7);
  }

  /** {@code hh:mm:ss} at {@code at}. */
  private static boolean isClock(String s, int at) {
    return s.length() >= at + 8
        && isDigit(s.charAt(at))
        && isDigit(s.charAt(at + 1))
        && s.charAt(at + 2) == ':'
        && isDigit(s.charAt(at + 3))
        && isDigit(s.charAt(at + 4))
        && s.charAt(at + 5) == ':'
        && isDigit(s.charAt(at + 6))
        && isDigit(s.charAt(at + 7));
  }

  /**
   * The end of an RFC 3339 time at {@code at} ({@code 2024-01-01T00:00:00[.f][Z|±hh:mm]}), else -1.
   */
  private static int rfc3339End(String s, int at) {
    if (s.length() < at + 20
        || !isDigit(s.charAt(at))
        || s.charAt(at + 4) != '-'
        || s.charAt(at + 7) != '-'
        || s.charAt(at + 10) != 'T'
        || !isClock(s, at + 11)) {
      return -1;
    }
    int i = at + 19;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(isDigit(c) || c == '.' || c == ':' || c == '+' || c == '-' || c == 'Z')) {
        break;
      }
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
