package dev.logalerts.templates;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Passwords in SQL statements, as a database logs a statement it ran or failed on (PostgreSQL's
 * {@code log_statement = 'ddl'}, a Cloud SQL flag, logs every {@code ALTER ROLE}; MySQL's general
 * and slow query logs; an error's {@code STATEMENT:} line): the string literal after {@code
 * PASSWORD} (PostgreSQL's {@code [ENCRYPTED] PASSWORD 'x'}, SQL Server's and Snowflake's {@code
 * PASSWORD = 'x'}, MySQL's {@code SET PASSWORD FOR 'u'@'h' = 'x'} and {@code PASSWORD('x')}) or
 * {@code IDENTIFIED BY} (MySQL, MariaDB, Oracle; {@code IDENTIFIED WITH plugin BY 'x'}, Oracle's
 * unquoted {@code IDENTIFIED BY tiger} when written in capitals, as prose is not). The literal's
 * content becomes {@code [REDACTED:password]}; its quotes stay, so the statement still reads as
 * one. Not a password, and kept: {@code PASSWORD NULL}, a placeholder ({@code PASSWORD $1}, {@code
 * IDENTIFIED BY ?}), prose ({@code user identified by the certificate}).
 */
final class SqlPasswords {
  private SqlPasswords() {}

  static final String TYPE = "password";

  // Group 1: what leads to the literal; group 2: the literal's content; groups 3 and 4: upper-case
  // IDENTIFIED BY and an unquoted (Oracle) password after it.
  private static final Pattern PATTERN =
      Pattern.compile(
          "((?i:\\bPASSWORD(?:[ \\t]*[(=][ \\t]*|[ \\t]+)"
              + "|\\bSET[ \\t]+PASSWORD[ \\t]+FOR[ \\t]+[^=;\\n]{1,200}?=[ \\t]*"
              + "|\\bIDENTIFIED[ \\t]+(?:WITH[ \\t]+[\\w'\"]+[ \\t]+)?(?:BY|AS)[ \\t]+"
              + "(?:PASSWORD[ \\t]+)?)['\"])"
              + "((?:[^'\"\\\\\\n]|''|\\\\.){1,256})[\\\\]*['\"]"
              + "|(IDENTIFIED[ \\t]+BY[ \\t]+)([A-Za-z][^\\s;'\"]{0,127})");

  /**
   * Whether a password clause may start at {@code i} (ASCII case-insensitive {@code password} or
   * {@code identified}): the pre-check of {@link RedactionAnchors}, a necessary condition of {@link
   * #redact}.
   */
  static boolean at(String s, int i) {
    int end;
    if (word(s, i, "password")) {
      end = i + 8;
    } else if (word(s, i, "identified")) {
      int at = blanksEnd(s, i + 10);
      return at > i + 10 && (word(s, at, "by") || word(s, at, "with") || word(s, at, "as"));
    } else {
      return false;
    }
    int n = s.length();
    int blanks = blanksEnd(s, end);
    if (blanks < n && (s.charAt(blanks) == '(' || s.charAt(blanks) == '=')) {
      end = blanksEnd(s, blanks + 1);
    } else if (blanks > end) {
      end = blanks;
    } else {
      return false; // password": …, password=x: key values, not a statement
    }
    return end < n && (s.charAt(end) == '\'' || s.charAt(end) == '"' || word(s, end, "for"));
  }

  static String redact(String s) {
    Matcher m = PATTERN.matcher(s);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      int group = m.start(2) >= 0 ? 2 : 4;
      int start = m.start(group);
      if (s.startsWith(Redactor.PREFIX, start) || placeholder(s, start, m.end(group))) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(s.length());
      }
      out.append(s, last, start).append(Redactor.marker(TYPE));
      last = m.end(group);
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  /** A bind parameter, or the NULL/DEFAULT of an unquoted value: no password there. */
  private static boolean placeholder(String s, int start, int end) {
    String v = s.substring(start, end);
    return v.equals("?")
        || (v.startsWith("$")
            && v.length() > 1
            && v.substring(1).chars().allMatch(Character::isDigit))
        || v.equals("NULL")
        || v.equals("VALUES")
        || v.equals("<*>");
  }

  private static int blanksEnd(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** ASCII case-insensitive lower-case word at {@code i}, not inside a longer word. */
  private static boolean word(String s, int i, String lower) {
    int len = lower.length();
    if (i + len > s.length() || (i > 0 && Character.isLetterOrDigit(s.charAt(i - 1)))) {
      return false;
    }
    for (int k = 0; k < len; k++) {
      if ((s.charAt(i + k) | 0x20) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }
}
