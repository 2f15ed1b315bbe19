package dev.logalerts.rules;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.model.FieldPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    Set<FieldPath> paths = new LinkedHashSet<>();
    for (Rule r : rules.rules()) {
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
    }
    List<List<String>> out = new ArrayList<>();
    paths.forEach(p -> out.add(p.segments()));
    return List.copyOf(out);
  }

  /**
   * The rules that look for a text in every value of an entry (a bare word such as {@code
   * "DEADLINE_EXCEEDED"}, {@code SEARCH} without a field), each with the first such text: a parser
   * keeping only {@link #of} would hide from them the fields no rule names.
   */
  public static Map<String, String> searchingEveryValue(RuleSet rules) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Rule r : rules.rules()) {
      for (CompiledFilter f : new CompiledFilter[] {r.filter(), r.numerator()}) {
        if (f != null && !out.containsKey(r.name())) {
          Filter.textsSearchedEverywhere(f).stream()
              .findFirst()
              .ifPresent(t -> out.put(r.name(), t));
        }
      }
    }
    return out;
  }

  /**
   * What a user should know when some rule searches every field ({@link #searchingEveryValue}): the
   * job then parses every payload field of every entry; null when none does.
   */
  public static @Nullable String everyFieldNote(RuleSet rules) {
    Map<String, String> searching = searchingEveryValue(rules);
    if (searching.isEmpty()) {
      return null;
    }
    Map.Entry<String, String> first = searching.entrySet().iterator().next();
    String others = searching.size() > 1 ? " (and " + (searching.size() - 1) + " more)" : "";
    return "rule '"
        + first.getKey()
        + "'"
        + others
        + " looks for \""
        + first.getValue()
        + "\" in every field, so the job parses every payload field of every entry;"
        + " a search in a named field (textPayload:\"…\", jsonPayload.message:\"…\") lets it"
        + " skip the fields no rule reads";
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

  /**
   * The paths {@code next} reads that the paths {@code launch} reads do not cover (a path covers
   * itself and every path below it), as dotted text: what a parser built for {@code launch} keeps
   * only within its leaf limit.
   */
  public static List<String> notCovered(RuleSet launch, RuleSet next) {
    List<List<String>> kept = of(launch);
    List<String> out = new ArrayList<>();
    for (List<String> p : of(next)) {
      boolean covered = false;
      for (List<String> q : kept) {
        if (q.size() <= p.size() && p.subList(0, q.size()).equals(q)) {
          covered = true;
          break;
        }
      }
      if (!covered) {
        out.add(FieldPath.of(p).toString());
      }
    }
    return out;
  }
}
