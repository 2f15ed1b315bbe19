package dev.logalerts.parse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The parts of a LogEntry {@code logName}: {@code projects/P/logs/LOG_ID} (also under {@code
 * organizations/}, {@code folders/}, {@code billingAccounts/}), where LOG_ID is URL-encoded ({@code
 * cloudaudit.googleapis.com%2Factivity}).
 */
public final class LogNames {
  private LogNames() {}

  private static final String LOGS = "/logs/";
  private static final String PROJECTS = "projects/";
  private static final String[] OTHER_CONTAINERS = {
    "organizations/", "folders/", "billingAccounts/"
  };

  /** A log name with its {@link #logId} and {@link #projectId}. */
  static final class Parts {
    /** No log name. */
    static final Parts EMPTY = new Parts("");

    final String name;
    final String logId;
    final String projectId;

    private Parts(String name) {
      this.name = name;
      this.logId = logId(name);
      this.projectId = projectId(name);
    }

    static Parts of(String name) {
      return new Parts(name);
    }
  }

  /**
   * The decoded LOG_ID: the part after {@code /logs/}, percent-decoded as UTF-8 ({@code +} stays a
   * plus: this is a path segment, not a form). Empty when the name has no {@code /logs/}.
   */
  public static String logId(String logName) {
    int at = logName.indexOf(LOGS);
    if (at < 0) {
      return "";
    }
    return percentDecode(logName, at + LOGS.length());
  }

  /**
   * The container that holds the log, as the entry's project: P of {@code projects/P/logs/…}, and
   * {@code organizations/N}, {@code folders/N} or {@code billingAccounts/X} (kind and id) for logs
   * held there, so that their entries are told apart rather than sharing one empty project; empty
   * for any other name.
   */
  public static String projectId(String logName) {
    if (logName.startsWith(PROJECTS)) {
      int end = logName.indexOf('/', PROJECTS.length());
      return end < 0
          ? logName.substring(PROJECTS.length())
          : logName.substring(PROJECTS.length(), end);
    }
    for (String kind : OTHER_CONTAINERS) {
      if (logName.startsWith(kind)) {
        int end = logName.indexOf('/', kind.length());
        return end <= kind.length() ? "" : logName.substring(0, end);
      }
    }
    return "";
  }

  /**
   * Percent-decodes {@code s} from {@code from}. Malformed escapes are kept literally and byte
   * sequences that are not UTF-8 become U+FFFD, so that a broken name never fails an entry.
   */
  public static String percentDecode(String s, int from) {
    int pct = s.indexOf('%', from);
    if (pct < 0) {
      return s.substring(from);
    }
    // Common case: only ASCII escapes (%2F). Decode into a char array without a byte detour.
    char[] chars = new char[s.length() - from];
    int n0 = 0;
    boolean ascii = true;
    for (int i = from; i < s.length(); ) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        int v = hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2));
        if (v >= 0x80) {
          ascii = false;
          break;
        }
        chars[n0++] = (char) v;
        i += 3;
      } else {
        chars[n0++] = c;
        i++;
      }
    }
    if (ascii) {
      return new String(chars, 0, n0);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() - from);
    int i = from;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < n && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
        out.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 3;
      } else if (c < 0x80) {
        out.write(c);
        i++;
      } else {
        int end = i + 1;
        if (Character.isHighSurrogate(c) && end < n && Character.isLowSurrogate(s.charAt(end))) {
          end++;
        }
        byte[] enc = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
        out.write(enc, 0, enc.length);
        i = end;
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  /** The value of a hexadecimal digit, or -1. */
  static int hex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
