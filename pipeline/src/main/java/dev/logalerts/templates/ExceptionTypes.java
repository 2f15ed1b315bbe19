package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateChars.isSpace;
import static dev.logalerts.templates.TemplateChars.letterOrDigit;
import static dev.logalerts.templates.TemplateWords.regionMatches;
import static dev.logalerts.templates.TemplateWords.startsWith;

/**
 * Multi-line messages (stack traces): the exception type named on a later line, appended to the
 * head template as {@code " | " + type} by {@link TemplateScanner}.
 */
final class ExceptionTypes {
  private ExceptionTypes() {}

  private static int lineEnd(char[] m, int from, int n) {
    for (int i = from; i < n; i++) {
      char c = m[i];
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return n;
  }

  /**
   * Finds the first later line that names an exception: {@code Caused by: X}, or an unindented line
   * whose first word is a class-like name ending in Exception/Error/... (Java, Python's last
   * traceback line, Go's {@code panic:} is already the head). Appends {@code " | " + type}. A line
   * indented by exactly {@code margin} spaces counts as unindented (.NET's console logger indents
   * the message and its exception by six). Python's chained tracebacks ("During handling of the
   * above exception, another exception occurred:") name the exception raised last, as Java's first
   * line does: the type after the chain is taken.
   */
  static void appendExceptionType(char[] s, int from, int to, int margin, TemplateOutput out) {
    int i = from;
    while (i < to) {
      char c = s[i];
      if (c == '\n' || c == '\r') {
        i++;
        continue;
      }
      int le = lineEnd(s, i, to);
      int a = i;
      while (a < le && isSpace(s[a])) {
        a++;
      }
      boolean indented = a - i != margin && a > i;
      if (startsWith(s, a, le, "Caused by:")) {
        a += "Caused by:".length();
        while (a < le && isSpace(s[a])) {
          a++;
        }
        int b = classNameEnd(s, a, le);
        if (b > a) {
          appendType(s, a, b, out);
          return;
        }
      } else if (!indented && a < le) {
        int b = classNameEnd(s, a, le);
        if (b > a && (b == le || s[b] == ':') && looksLikeThrowable(s, a, b)) {
          int chained = pythonChainEnd(s, le, to);
          if (chained < 0) {
            appendType(s, a, b, out);
            return;
          }
          i = chained; // Python names the exception it raised last, after the one it handled
          continue;
        }
      }
      i = le;
    }
  }

  /**
   * Where the next traceback starts when the line ending at {@code from} is followed by Python's
   * line chaining two tracebacks ("During handling of the above exception, another exception
   * occurred:", "The above exception was the direct cause of the following exception:"), else -1.
   */
  private static int pythonChainEnd(char[] s, int from, int to) {
    int i = from;
    while (i < to && (s[i] == '\n' || s[i] == '\r')) {
      i++;
    }
    int le = lineEnd(s, i, to);
    boolean chain =
        startsWith(s, i, le, "During handling of the above exception")
            || startsWith(s, i, le, "The above exception was the direct cause");
    return chain ? le : -1;
  }

  private static void appendType(char[] s, int a, int b, TemplateOutput out) {
    out.append(TemplateScanner.EXCEPTION_SEPARATOR);
    out.append(s, a, b - a);
  }

  private static int classNameEnd(char[] s, int a, int le) {
    int b = a;
    while (b < le) {
      char c = s[b];
      if (letterOrDigit(c) || c == '.' || c == '_' || c == '$') {
        b++;
      } else {
        break;
      }
    }
    return b;
  }

  /**
   * Whether the token {@code s[a, e)}, which has a digit, names an exception's type: a class name
   * (dotted or not) ending in Exception, Error, ..., or a Python exception under a numbered module
   * right before its ':' or ')' (psycopg2.errors.UniqueViolation: ..., SQLAlchemy's
   * "(psycopg2.errors.NotNullViolation) null value ..."). Its last segment is CamelCase; {@code to}
   * is the end of the scanned region.
   */
  static boolean isTypeWithDigit(char[] s, int a, int e, int to) {
    int last = a;
    for (int i = a; i < e; i++) {
      char c = s[i];
      if (c == '.') {
        if (i == last) {
          return false;
        }
        last = i + 1;
      } else if (!(letterOrDigit(c) || c == '_' || c == '$') || (i == last && isDigit(c))) {
        return false;
      }
    }
    if (last >= e || !Character.isUpperCase(s[last]) || !hasLower(s, last, e)) {
      return false;
    }
    return looksLikeThrowable(s, last, e)
        || (last > a
            && e < to
            && (s[e] == ':' || s[e] == ')')
            && !TemplateWords.isPackageRoot(s, a, e));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean hasLower(char[] s, int a, int e) {
    for (int i = a; i < e; i++) {
      if (s[i] >= 'a' && s[i] <= 'z') {
        return true;
      }
    }
    return false;
  }

  private static boolean looksLikeThrowable(char[] s, int a, int b) {
    return endsWith(s, a, b, "Exception")
        || endsWith(s, a, b, "Error")
        || endsWith(s, a, b, "Throwable")
        || endsWith(s, a, b, "Exit")
        || endsWith(s, a, b, "Interrupt")
        || endsWith(s, a, b, "Failure")
        || endsWith(s, a, b, "Fault");
  }

  private static boolean endsWith(char[] s, int a, int b, String suffix) {
    int l = suffix.length();
    return b - a >= l && regionMatches(s, b - l, suffix, 0, l, false);
  }
}
