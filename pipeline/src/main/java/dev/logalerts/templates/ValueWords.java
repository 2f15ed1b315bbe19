package dev.logalerts.templates;

import static dev.logalerts.templates.TemplateWords.equalsAt;
import static dev.logalerts.templates.TemplateWords.equalsIgnoreCaseAt;
import static dev.logalerts.templates.TemplateWords.isTimeZone;
import static dev.logalerts.templates.TemplateWords.isUnit;

/**
 * The word right after a value's placeholder. A unit, time zone or meridiem is part of the value:
 * "12.5 MB", "17:26 GMT 2013", "1:11:12 PM" are one {@code <*>}. A noun that counts something is
 * written plural: English writes it singular after "1" only ({@code probe failed 1 time
 * consecutively}, {@code probe failed 3 times consecutively}), which made one log call two rows.
 * Only after "1" itself: a singular after another value ({@code job 4711 error}) is no count.
 *
 * <p>The nouns are a fixed list, not a rule: a word after a number is as often a verb ({@code
 * worker 1 exited}, {@code pid 1 exits}) as a count, and only nouns known to count are rewritten.
 */
final class ValueWords {
  private ValueWords() {}

  /**
   * Writes word {@code s[a, e)}, which follows {@code out}'s trailing {@code "<*> "}, when it is
   * one of these and returns true; returns false (nothing written) otherwise. {@code to} ends the
   * scanned text.
   */
  static boolean written(TemplateOutput out, char[] s, int a, int e, int to) {
    if (isUnit(s, a, e) || isTimeZone(s, a, e) || Meridiems.afterClockTime(s, a, e)) {
      out.olen = out.olen - 1; // joins the placeholder
      return true;
    }
    // "1 row(s)" writes both forms already.
    String plural = e < to && s[e] == '(' ? null : pluralAfterOne(s, a, e);
    if (plural != null) {
      out.append(plural);
      return true;
    }
    return false;
  }

  /** Singular, plural: the nouns seen counted in real logs (see {@code AppLogLinesTest}). */
  private static final String[] NOUNS = {
    "second", "seconds",
    "minute", "minutes",
    "hour", "hours",
    "day", "days",
    "millisecond", "milliseconds",
    "byte", "bytes",
    "time", "times",
    "attempt", "attempts",
    "retry", "retries",
    "error", "errors",
    "warning", "warnings",
    "failure", "failures",
    "row", "rows",
    "record", "records",
    "entry", "entries",
    "item", "items",
    "file", "files",
    "line", "lines",
    "message", "messages",
    "event", "events",
    "request", "requests",
    "connection", "connections",
    "package", "packages",
    "vulnerability", "vulnerabilities",
    "test", "tests",
    "task", "tasks",
    "job", "jobs",
    "node", "nodes",
    "pod", "pods",
    "instance", "instances",
    "replica", "replicas",
    "worker", "workers",
    "thread", "threads",
    "process", "processes",
    "object", "objects",
    "key", "keys",
    "change", "changes",
    "partition", "partitions",
  };

  /** Whether some noun of {@link #NOUNS} starts with this char: most words after "1" do not. */
  private static final boolean[] START = new boolean[128];

  static {
    for (String n : NOUNS) {
      START[n.charAt(0)] = true;
    }
  }

  /**
   * The plural to write for word {@code s[a, e)} when it is a counted noun's singular right after a
   * number "1" (spaces between), else {@code null}.
   */
  private static String pluralAfterOne(char[] s, int a, int e) {
    if (s[a] >= 128 || !START[s[a]] || !afterOne(s, a)) {
      return null;
    }
    for (int i = 0; i < NOUNS.length; i += 2) {
      if (equalsAt(s, a, e, NOUNS[i])) {
        return NOUNS[i + 1];
      }
    }
    return null;
  }

  /**
   * The length of a space and a counted noun's plural at {@code i} of a template, right after a
   * placeholder ({@code " times"} in {@code "failed <*> times consecutively"}), else 0: that row's
   * entries say "time" or "times", so a suggested exclusion must not name the word.
   */
  static int countedPluralAt(String template, int i) {
    if (i >= template.length() || template.charAt(i) != ' ') {
      return 0;
    }
    for (int k = 1; k < NOUNS.length; k += 2) {
      String plural = NOUNS[k];
      int end = i + 1 + plural.length();
      if (template.startsWith(plural, i + 1)
          && (end == template.length() || !Character.isLetterOrDigit(template.charAt(end)))) {
        return 1 + plural.length();
      }
    }
    return 0;
  }

  /** The singular of a counted noun's plural ({@code retries}: {@code retry}). */
  static String singularOf(String plural) {
    for (int k = 1; k < NOUNS.length; k += 2) {
      if (NOUNS[k].equals(plural)) {
        return NOUNS[k - 1];
      }
    }
    return plural;
  }

  /**
   * "1 " before {@code a}, a word of its own: not "0.1", "v1", "21" or a value "x=1"; and not the
   * number of one of these nouns ({@code worker 1 task}): there the 1 names, and "worker 2 task"
   * keeps the singular.
   */
  private static boolean afterOne(char[] s, int a) {
    int k = a - 1;
    while (k >= 0 && s[k] == ' ') {
      k--;
    }
    if (k == a - 1 || k < 0 || s[k] != '1') {
      return false;
    }
    if (k == 0 || s[k - 1] == '(' || s[k - 1] == '[' || s[k - 1] == '\t') {
      return true;
    }
    if (s[k - 1] != ' ') {
      return false;
    }
    int e = k - 1;
    int w = e;
    while (w > 0 && s[w - 1] < 128 && Character.isLetter(s[w - 1])) {
      w--;
    }
    return !isNoun(s, w, e);
  }

  /** Whether {@code s[a, e)} is one of the nouns, either form, in any case ("Worker"). */
  private static boolean isNoun(char[] s, int a, int e) {
    if (e - a < 3 || !START[Character.toLowerCase(s[a])]) {
      return false;
    }
    for (String n : NOUNS) {
      if (equalsIgnoreCaseAt(s, a, e, n)) {
        return true;
      }
    }
    return false;
  }
}
