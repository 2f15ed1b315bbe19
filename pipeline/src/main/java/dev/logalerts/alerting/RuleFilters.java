package dev.logalerts.alerting;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The filters of one rules version, tested once per entry: {@link #match} is the only place the job
 * evaluates a rule's filter. An entry that matches no rule (most entries) costs the filter tests
 * and nothing else; a match allocates one small list of the rules' own name strings.
 */
public final class RuleFilters {
  private final String version;
  private final CompiledFilter[] filters;
  private final String[] names;

  private RuleFilters(String version, CompiledFilter[] filters, String[] names) {
    this.version = version;
    this.filters = filters;
    this.names = names;
  }

  /** The filters of {@code rules}, in file order. */
  public static RuleFilters of(RuleSet rules) {
    List<Rule> list = rules.rules();
    CompiledFilter[] filters = new CompiledFilter[list.size()];
    String[] names = new String[list.size()];
    for (int i = 0; i < list.size(); i++) {
      filters[i] = list.get(i).filter();
      names[i] = list.get(i).name();
    }
    return new RuleFilters(rules.version(), filters, names);
  }

  /** Benchmarks: filters and names given directly. */
  public static RuleFilters of(String version, CompiledFilter[] filters, String[] names) {
    if (filters.length != names.length) {
      throw new IllegalArgumentException("one name per filter");
    }
    return new RuleFilters(version, filters.clone(), names.clone());
  }

  public String version() {
    return version;
  }

  /** The entry with the names of the rules whose filter it matches, in file order. */
  public MatchedEvent match(LogEvent e) {
    List<String> matched = null;
    for (int i = 0; i < filters.length; i++) {
      if (filters[i].test(e)) {
        if (matched == null) {
          matched = new ArrayList<>(4);
        }
        matched.add(names[i]);
      }
    }
    return MatchedEvent.of(e, version, matched == null ? List.of() : matched);
  }
}
