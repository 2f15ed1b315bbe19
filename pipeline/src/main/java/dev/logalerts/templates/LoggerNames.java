package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateWords.equalsAt;

/**
 * A logger's name in the header of a Java logging line: a class name there names the log call, as
 * the message does, and is kept, where a class name in the message is data ({@link TokenClasses}).
 * Works on the scanner's buffer in place.
 */
final class LoggerNames {
  private LoggerNames() {}

  private static final String[] LEVELS = {
    "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "SEVERE"
  };

  /**
   * Whether the class name {@code s[a, e)} (its token ending with punctuation at {@code b}) is a
   * logger's name: followed by a lone {@code :}, {@code -} or {@code --} (Spring Boot's console
   * line, {@code com.zaxxer.hikari.HikariConfig : …}; logback's and log4j2's default layouts,
   * {@code INFO com.zaxxer.hikari.HikariDataSource -- …}), or with a colon of its own right after a
   * level or a bracketed field (log4j's {@code %c: %m}, as Hadoop writes it: {@code INFO [main]
   * org.apache.hadoop.mapreduce.v2.app.MRAppMaster: …}).
   */
  static boolean isLoggerName(char[] s, int a, int e, int b, int to) {
    if (b == e + 1 && s[e] == ':' && (b == to || s[b] == ' ')) {
      return afterLevelOrBracket(s, a);
    }
    // JBoss / WildFly / Keycloak's "%-5p [%c] (%t)": WARN [org.keycloak.events] (default task-1)
    if (a > 0 && s[a - 1] == '[' && e < to && s[e] == ']' && afterLevel(s, a - 1)) {
      return true;
    }
    int i = b;
    while (i < to && s[i] == ' ') {
      i++;
    }
    if (i == b || i >= to) {
      return false;
    }
    int sep = i;
    if (s[i] == ':') {
      i++;
    } else {
      while (i < to && s[i] == '-' && i - sep < 2) {
        i++;
      }
    }
    return i > sep && (i == to || s[i] == ' ');
  }

  /** Whether the word before {@code a} is a log level. */
  private static boolean afterLevel(char[] s, int a) {
    int e = a;
    while (e > 0 && s[e - 1] == ' ') {
      e--;
    }
    if (e == a || e == 0) {
      return false;
    }
    int w = e;
    while (w > 0 && s[w - 1] != ' ') {
      w--;
    }
    for (String level : LEVELS) {
      if (equalsAt(s, w, e, level)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the word before {@code a} is a log level or ends with {@code ]}. */
  private static boolean afterLevelOrBracket(char[] s, int a) {
    int e = a;
    while (e > 0 && s[e - 1] == ' ') {
      e--;
    }
    return e < a && e > 0 && (s[e - 1] == ']' || afterLevel(s, a));
  }
}
