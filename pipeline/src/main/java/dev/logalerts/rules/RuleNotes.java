package dev.logalerts.rules;

import dev.logalerts.alerting.RuleKinds;
import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.filter.ValueNotes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a valid rules file may still not do as its author meant, told by {@code validate-rules} and
 * the job's launch log: a lower-case {@code and}, {@code or} or {@code not}, which Cloud Logging
 * reads as a word to search for, not as an operator (so {@code severity>=ERROR and textPayload:"x"}
 * only matches entries that contain the text "and"), and typographic quotes pasted from a web page
 * ({@code jsonPayload.user=“u-1”}), which are part of the value compared, a severity alias ({@code
 * WARN}) Cloud Logging does not convert, a comparison with a fixed time; and settings that are
 * valid but rarely meant (a group per entry, a ratio threshold of 100%, a shell-style {@code
 * ${value}} in a description, a silence that ended before the launch).
 */
public final class RuleNotes {
  private RuleNotes() {}

  /**
   * Every note of the file: the file's own (unused defaults), the filters' ({@link
   * #operatorWords}), the settings'.
   */
  public static List<String> of(RuleSet rules) {
    long nowMillis = System.currentTimeMillis(); // what "ended" means for a silence
    List<String> notes = new ArrayList<>(rules.fileNotes());
    notes.addAll(operatorWords(rules));
    for (Rule r : rules.rules()) {
      settings(notes, r);
    }
    for (Silence s : rules.silences()) {
      if (s.schedule() == null && s.untilMillis() <= nowMillis) {
        // Valid for a backfill of those days; for a job watching today's logs it does nothing.
        notes.add(
            "silence '"
                + s.name()
                + "': it ended at "
                + Instant.ofEpochMilli(s.untilMillis())
                + ", before now: it silences only alerts on entries from before then (a"
                + " backfill), none of a job reading today's logs");
      }
    }
    return notes;
  }

  /** "${value}": a shell or JavaScript habit; the '$' would reach the page before the value. */
  private static @Nullable String dollarPlaceholder(String description) {
    int i = description.indexOf("${");
    if (i < 0) {
      return null;
    }
    int end = description.indexOf('}', i);
    return end < 0 ? null : description.substring(i, end + 1);
  }

  /** Fields that hold a value of their own in every entry: grouping by one makes a group each. */
  private static final List<String> PER_ENTRY =
      List.of("insertId", "timestamp", "receiveTimestamp", "spanId");

  /** Values the file accepts that rarely mean what they say. */
  private static void settings(List<String> notes, Rule r) {
    String where = "rule '" + r.name() + "': ";
    for (String missing : ResourceLabels.missingFilterLabels(r)) {
      notes.add(where + missing);
    }
    for (String k : r.groupBy()) {
      String missing = ResourceLabels.missingLabel(r, k);
      if (missing != null) {
        notes.add(where + missing);
      }
      if (PER_ENTRY.contains(k)) {
        notes.add(
            where
                + "groupBy "
                + k
                + ": every entry has a value of its own, so each group holds one entry (a count"
                + " never passes 1); group by what entries share (service,"
                + " resource.labels.pod_name, …)");
      }
    }
    String zone = r.kindSettings().get("timeZone");
    if (zone != null && zone.matches("Etc/GMT[+-]([1-9]|1[0-4])")) {
      // POSIX's sign: Etc/GMT+9 is nine hours behind UTC, the opposite of how it reads.
      String hours = zone.substring(8);
      String utc = (zone.charAt(7) == '+' ? "-" : "+") + hours;
      notes.add(
          where
              + "timeZone "
              + zone
              + " is UTC"
              + utc
              + " (its sign is POSIX's, reversed); for UTC"
              + zone.substring(7)
              + " write Etc/GMT"
              + utc);
    }
    String dollar = dollarPlaceholder(r.description());
    if (dollar != null) {
      notes.add(
          where
              + "description: "
              + dollar
              + " shows a '$' before the value: placeholders are written "
              + dollar.substring(1)
              + " (keep the '$' only if it is a currency sign)");
    }
    String kind = RuleKinds.of(r.type()).note(r);
    if (kind != null) {
      notes.add(where + kind);
    }
  }

  /**
   * One note per rule and filter key with typographic quotes, one with != over an OR value list,
   * one with severity aliases, one with fixed times, one with '#' lines and one with operator-like
   * words, in rule order.
   */
  public static List<String> operatorWords(RuleSet rules) {
    List<String> notes = new ArrayList<>();
    for (Rule r : rules.rules()) {
      add(notes, r, RuleKeys.FILTER, r.filter());
      add(notes, r, "numerator", r.numerator());
    }
    return notes;
  }

  private static void add(List<String> notes, Rule r, String key, @Nullable CompiledFilter f) {
    if (f == null) {
      return;
    }
    String where = "rule '" + r.name() + "': " + key + ": ";
    List<String> quotes = Filter.typographicQuotes(f.text());
    if (!quotes.isEmpty()) {
      notes.add(
          where
              + String.join(", ", quotes)
              + " holds typographic quotes, which are part of the value compared, not quotes:"
              + " only straight double quotes (\") delimit a string, so it never matches the text"
              + " between them");
    }
    List<String> lists = Filter.notEqualOrLists(f.text());
    if (!lists.isEmpty()) {
      notes.add(
          where
              + String.join(", ", lists)
              + " applies != to each value of the list, as Cloud Logging does: f != (a OR b) is"
              + " f != a OR f != b, which every entry with the field matches; write"
              + " NOT f = (a OR b) to exclude them all");
    }
    ValueNotes values = Filter.valueNotes(f.text());
    if (!values.severityAliases().isEmpty()) {
      notes.add(
          where
              + String.join(", ", values.severityAliases())
              + ": not a severity name Cloud Logging knows; it converts only DEFAULT, DEBUG, INFO,"
              + " NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY (any case) or a number, and"
              + " a comparison whose value does not convert fails, so the same filter in a sink,"
              + " a log-based metric or the Logs Explorer matches nothing: write the name");
    }
    if (!values.fixedTimes().isEmpty()) {
      notes.add(
          where
              + String.join(", ", values.fixedTimes())
              + " compares with a fixed time: a rule sees entries as they arrive, so once that"
              + " time has passed a lower bound (>, >=) lets every entry through and an upper"
              + " bound or equality (<, <=, =) lets none; it fits only a backfill of those days");
    }
    List<String> hashes = Filter.hashCommentLines(f.text());
    if (!hashes.isEmpty()) {
      notes.add(
          where
              + String.join(", ", hashes)
              + " starts a line but is not a comment: only '--' starts a comment in a filter, so"
              + " the words of that line are searched for in every field and an entry without"
              + " them never matches; write '--' instead of '#'");
    }
    List<String> words = Filter.operatorLikeWords(f.text());
    if (words.isEmpty()) {
      return;
    }
    notes.add(
        where
            + String.join(", ", words)
            + (words.size() == 1 ? " is a word to search for" : " are words to search for")
            + ", not an operator: only AND, OR and NOT in capitals are operators (quote the word,"
            + " \"and\", if you mean it)");
  }
}
