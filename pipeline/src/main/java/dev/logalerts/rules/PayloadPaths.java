package dev.logalerts.rules;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.filter.TextsInEntryBytes;
import dev.logalerts.model.FieldPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The payload paths a rules version reads ({@link FieldPath#isPayload}): the fields its filters,
 * ratio numerators, groupBy keys and value fields (a latency rule's {@code field}) name. The job's
 * parser keeps the leaves at and below them whatever its leaf limit ({@code
 * LogEntryParser#alwaysKeeping}), so a rule never misses its field in an entry with more payload
 * leaves than the limit.
 */
public final class PayloadPaths {
  private PayloadPaths() {}

  /** The paths {@code rules} read, each once, as segment lists ({@link FieldPath#segments()}). */
  public static List<List<String>> of(RuleSet rules) {
    Set<List<String>> paths = new LinkedHashSet<>();
    for (Rule r : rules.rules()) {
      paths.addAll(of(r));
    }
    return List.copyOf(paths);
  }

  /** The payload paths one rule reads: its filter's, numerator's, groupBy keys', value field's. */
  public static List<List<String>> of(Rule r) {
    Set<FieldPath> paths = new LinkedHashSet<>();
    add(paths, r.filter());
    add(paths, r.numerator());
    for (FieldPath p : r.groupByPaths()) {
      if (p != null && p.isPayload()) {
        paths.add(p);
      }
    }
    FieldPath value = r.valueField();
    if (value != null && value.isPayload()) {
      paths.add(value);
    }
    return segments(paths);
  }

  /**
   * What an entry must hold for the rule to be judged on it: the payload paths it reads ({@link
   * #of(Rule)}), or null when it looks for a text in every value (a bare word, SEARCH) and so may
   * read any.
   */
  public static @Nullable List<List<String>> readBy(Rule r) {
    return searchedTexts(r).isEmpty() ? of(r) : null;
  }

  /** {@link #readBy(Rule)} for a filter alone. */
  public static @Nullable List<List<String>> readBy(CompiledFilter f) {
    if (!Filter.textsSearchedEverywhere(f).isEmpty()) {
      return null;
    }
    Set<FieldPath> paths = new LinkedHashSet<>();
    add(paths, f);
    return segments(paths);
  }

  private static List<List<String>> segments(Set<FieldPath> paths) {
    List<List<String>> out = new ArrayList<>();
    paths.forEach(p -> out.add(p.segments()));
    return List.copyOf(out);
  }

  /**
   * Every text the rules look for in every value of an entry ({@link
   * Filter#textsSearchedEverywhere} of their filters and numerators), each once.
   */
  public static Set<String> textsSearchedEverywhere(RuleSet rules) {
    Set<String> texts = new LinkedHashSet<>();
    for (Rule r : rules.rules()) {
      texts.addAll(searchedTexts(r));
    }
    return texts;
  }

  /** The texts one rule looks for in every value of an entry, in its filter and numerator. */
  private static Set<String> searchedTexts(Rule r) {
    Set<String> texts = new LinkedHashSet<>();
    for (CompiledFilter f : new CompiledFilter[] {r.filter(), r.numerator()}) {
      if (f != null) {
        texts.addAll(Filter.textsSearchedEverywhere(f));
      }
    }
    return texts;
  }

  /** Whether a parser keeping {@code kept} keeps all of {@code path}: it is at or below one. */
  public static boolean covered(List<List<String>> kept, List<String> path) {
    for (List<String> k : kept) {
      if (k.size() <= path.size() && path.subList(0, k.size()).equals(k)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The payload paths of the rules versions this JVM has seen ({@link #remember}), by version: what
   * an entry parsed for one of them ({@code LogEvent#parsedFor}) holds, for a step holding another
   * version. Bounded: a long-running worker forgets old versions, whose entries are then judged as
   * holding none of their payload.
   */
  private static final Map<String, List<List<String>>> SEEN = new ConcurrentHashMap<>();

  private static final int MAX_SEEN = 64;

  /** Records the payload paths of {@code rules} under its version (see {@link #remembered}). */
  public static void remember(RuleSet rules) {
    if (!SEEN.containsKey(rules.version())) {
      if (SEEN.size() >= MAX_SEEN) {
        SEEN.clear();
      }
      SEEN.put(rules.version(), of(rules));
    }
  }

  /** The payload paths of a version this JVM has seen, or null. */
  public static @Nullable List<List<String>> remembered(String version) {
    return SEEN.get(version);
  }

  /**
   * What a user should know when some rule searches every field for a text that cannot be looked
   * for in an entry's bytes before the parse ({@link TextsInEntryBytes}: one that may be a number,
   * or holds a quote, backslash, slash, control or non-ASCII character): the job then parses every
   * payload field of every entry. Null when there is none: the job then parses whole only the
   * entries whose bytes hold one of the texts searched for.
   */
  public static @Nullable String everyFieldNote(RuleSet rules) {
    Map<String, String> unchecked = new LinkedHashMap<>();
    for (Rule r : rules.rules()) {
      for (String t : searchedTexts(r)) {
        if (!TextsInEntryBytes.checkable(t)) {
          unchecked.put(r.name(), t);
          break;
        }
      }
    }
    if (unchecked.isEmpty()) {
      return null;
    }
    Map.Entry<String, String> first = unchecked.entrySet().iterator().next();
    String others = unchecked.size() > 1 ? " (and " + (unchecked.size() - 1) + " more)" : "";
    return "rule '"
        + first.getKey()
        + "'"
        + others
        + " looks for \""
        + first.getValue()
        + "\" in every field, a text the job cannot look for in an entry's bytes first (it may"
        + " be a number, or holds a quote, backslash, slash or non-ASCII character), so the job"
        + " parses every payload field of every entry; a search in a named field"
        + " (textPayload:\"…\", jsonPayload.message:\"…\") lets it skip the fields no rule reads";
  }

  private static void add(Set<FieldPath> paths, @Nullable CompiledFilter filter) {
    if (filter != null) {
      for (FieldPath p : Filter.fieldsRead(filter)) {
        if (p.isPayload()) {
          paths.add(p);
        }
      }
    }
  }
}
