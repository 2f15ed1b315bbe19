package dev.logalerts.rules;

import java.util.Arrays;
import java.util.function.Predicate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What is wrong with a cron expression the rules file does not read, in the file's own terms (the
 * field, its range, the five-field form) rather than the cron library's: users bring schedules from
 * Quartz and Spring (seconds first, {@code ?}) as often as they mistype one.
 */
final class CronWords {
  private CronWords() {}

  private static final String[] FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};
  private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
  private static final String[] FORMS = {
    "0-59", "0-23", "1-31", "1-12 or JAN-DEC", "0-7 or SUN-SAT, 0 and 7 both Sunday"
  };

  /**
   * Why {@code text} (trimmed) is no schedule; {@code parses} says whether a text is one, so that
   * each field can be tried alone and a corrected form offered only when it is read.
   */
  static String problem(String text, Predicate<String> parses) {
    if (text.isEmpty()) {
      return "it is empty";
    }
    String[] f = text.split("\\s+");
    if (text.startsWith("@")) {
      return "'" + f[0] + "' is not a nickname the rules file reads";
    }
    if (f.length == 6 || f.length == 7) {
      // Quartz and Spring: seconds first, and Quartz's optional year last. Dropping them keeps
      // the schedule only when the seconds are 0 and the year is any.
      boolean same = f[0].equals("0") && (f.length == 6 || f[6].equals("*"));
      String fix = same ? unixForm(Arrays.copyOfRange(f, 1, 6), true, parses) : null;
      return "it has "
          + f.length
          + " fields, as Quartz and Spring write a schedule (seconds first"
          + (f.length == 7 ? ", a year last" : "")
          + "); the rules file takes the 5 of Unix cron"
          + (fix != null ? ": write '" + fix + "'" : ", without seconds");
    }
    if (f.length != 5) {
      return "it has " + f.length + (f.length == 1 ? " field" : " fields") + "; a schedule has 5";
    }
    for (int i = 0; i < f.length; i++) {
      String[] alone = {"*", "*", "*", "*", "*"};
      alone[i] = f[i];
      if (!parses.test(String.join(" ", alone))) {
        return fieldProblem(i, f[i], unixForm(f, false, parses));
      }
    }
    return "its fields together are no schedule";
  }

  private static String fieldProblem(int i, String field, @Nullable String fix) {
    String name = "the " + FIELDS[i] + " field";
    if (field.contains("?")) {
      return name
          + " is '"
          + field
          + "': '?' is Quartz's \"no specific value\", which Unix cron writes '*'"
          + (fix != null ? ": write '" + fix + "'" : "");
    }
    Long out = outOfRange(field, RANGES[i][0], RANGES[i][1]);
    if (out != null) {
      return name + " has " + out + ", out of its range " + RANGES[i][0] + "-" + RANGES[i][1];
    }
    return name
        + " '"
        + field
        + "' is not "
        + (i == 1 ? "an " : "a ")
        + FIELDS[i]
        + " ("
        + FORMS[i]
        + "; ranges like 1-5, steps like */15, lists like 1,3)";
  }

  /** The first plain number of a field (not a step or an nth weekday) outside [lo, hi], or null. */
  private static @Nullable Long outOfRange(String field, int lo, int hi) {
    for (String item : field.split(",", -1)) {
      String values = item.split("[/#]", 2)[0];
      for (String v : values.split("-", -1)) {
        String n = v.replaceAll("[LlWw]+$", "");
        if (!n.isEmpty() && n.length() < 18 && n.chars().allMatch(Character::isDigit)) {
          long x = Long.parseLong(n);
          if (x < lo || x > hi) {
            return x;
          }
        }
      }
    }
    return null;
  }

  /**
   * The five fields with each {@code ?} written {@code *}, when that is read; null otherwise, and
   * for a Quartz day-of-week with numbers (Quartz counts 1-7 from Sunday, cron 0-6).
   */
  private static @Nullable String unixForm(
      String[] five, boolean quartz, Predicate<String> parses) {
    if (quartz && five[4].chars().anyMatch(Character::isDigit)) {
      return null;
    }
    String[] fixed = new String[five.length];
    for (int i = 0; i < five.length; i++) {
      fixed[i] = five[i].equals("?") ? "*" : five[i];
    }
    String text = String.join(" ", fixed);
    return parses.test(text) ? text : null;
  }
}
