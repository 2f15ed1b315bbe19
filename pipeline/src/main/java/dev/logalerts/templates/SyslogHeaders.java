package dev.logalerts.templates;

/**
 * A syslog file's line as rsyslog writes it and the Ops Agent's default {@code syslog} receiver
 * sends it, whole, as {@code textPayload}: {@code Oct 16 18:02:28 server-2 systemd[1]: Started …}.
 * The time and the host head every line; a host name without digits ({@code web}, {@code bastion})
 * was kept, so each VM's copy of one message was a row of its own. Both are one placeholder.
 */
final class SyslogHeaders {
  private SyslogHeaders() {}

  private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

  /**
   * When the line {@code [start, lineEnd)} of {@code m} starts with a syslog time and host followed
   * by a program ({@code systemd[1]:}, {@code kernel:}), writes the placeholder for the time and
   * host to {@code out} and returns where the program starts; else returns {@code start}.
   */
  static int write(String m, int start, int lineEnd, TemplateOutput out) {
    // "Oct 16 18:02:28 " or "Oct  6 18:02:28 ": 16 characters.
    int host = start + 16;
    // Cheapest tests first: most lines fail on the characters at fixed places.
    if (host >= lineEnd
        || m.charAt(start + 3) != ' '
        || m.charAt(start + 9) != ':'
        || !month(m, start)) {
      return start;
    }
    char d1 = m.charAt(start + 4);
    if (!(d1 == ' ' || digit(d1)) || !digit(m.charAt(start + 5)) || m.charAt(start + 6) != ' ') {
      return start;
    }
    for (int i = 0; i < 8; i++) {
      char c = m.charAt(start + 7 + i);
      if (i == 2 || i == 5 ? c != ':' : !digit(c)) {
        return start;
      }
    }
    if (m.charAt(start + 15) != ' ') {
      return start;
    }
    int program = m.indexOf(' ', host) + 1;
    if (program <= host + 1 || program >= lineEnd || !isProgram(m, program, lineEnd)) {
      return start;
    }
    out.append("<*> ");
    return program;
  }

  /** A program tag: a word, an optional {@code [pid]}, then {@code ":"} and a space or the end. */
  private static boolean isProgram(String m, int from, int lineEnd) {
    int i = from;
    while (i < lineEnd) {
      char c = m.charAt(i);
      if (c == ':') {
        return i > from && (i + 1 == lineEnd || m.charAt(i + 1) == ' ');
      }
      if (c == ' ') {
        return false;
      }
      i++;
    }
    return false;
  }

  private static boolean month(String m, int a) {
    for (int k = 0; k < MONTHS.length(); k += 3) {
      if (m.regionMatches(a, MONTHS, k, 3)) {
        return true;
      }
    }
    return false;
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
