package dev.logalerts.templates;

/**
 * A request's runtime breakdown after its duration, folded into one value: Rails' {@code Completed
 * 500 Internal Server Error in 49ms (ActiveRecord: 0.0ms)} and {@code … in 62ms (ActiveRecord:
 * 4.7ms | Elasticsearch: 0.0ms | Allocations: 14583)} come from one log call, whose parenthesised
 * parts depend on what the request ran (a view, a search, Rails 6's allocation count). Mined as
 * they are, each combination was a row of its own, and each row's exclusion (its constant pieces)
 * took the others' entries, since every piece of the shorter breakdown is in the longer one. Here
 * the group, when it follows {@code in <*>} and holds only {@code Name: <*>} items separated by
 * {@code |} (an item's value possibly followed by Rails 7.2's counts, {@code ActiveRecord: 0.9ms (2
 * queries, 0 cached)}), becomes {@code (<*>)}: {@code Completed 5xx Internal Server Error in <*>
 * (<*>)}, one row.
 */
final class RuntimeBreakdowns {
  private RuntimeBreakdowns() {}

  private static final String PLACEHOLDER = TemplateScanner.PLACEHOLDER;
  private static final String LEAD = " in " + PLACEHOLDER + " (";
  private static final String FOLDED = "(" + PLACEHOLDER + ")";
  private static final String ITEM_VALUE = ": " + PLACEHOLDER;

  /** {@code template} with its first such breakdown folded, else {@code template} itself. */
  static String fold(String template) {
    int lead = template.indexOf(LEAD);
    if (lead < 0) {
      return template;
    }
    int open = lead + LEAD.length() - 1;
    int close = groupEnd(template, open + 1);
    if (close < 0 || close == open + FOLDED.length() - 1) {
      return template; // not a breakdown, or already "(<*>)"
    }
    return template.substring(0, open) + FOLDED + template.substring(close + 1);
  }

  /**
   * The index of the ')' that closes a group of {@code Name: <*>} items from {@code i}, the items
   * separated by {@code " | "} and each name a capitalised word ({@code ActiveRecord}, {@code
   * Views}); -1 when the text from {@code i} is no such group.
   */
  private static int groupEnd(String t, int i) {
    int n = t.length();
    while (true) {
      if (i >= n || t.charAt(i) < 'A' || t.charAt(i) > 'Z') {
        return -1;
      }
      int name = i;
      while (i < n && Character.isLetter(t.charAt(i))) {
        i++;
      }
      if (i - name < 2 || !t.startsWith(ITEM_VALUE, i)) {
        return -1;
      }
      i += ITEM_VALUE.length();
      if (t.startsWith(" (", i)) {
        // Rails 7.2's query counts after a runtime: "ActiveRecord: 0.9ms (2 queries, 0 cached)".
        int close = t.indexOf(')', i + 2);
        int open = t.indexOf('(', i + 2);
        if (close < 0 || (open >= 0 && open < close)) {
          return -1;
        }
        i = close + 1;
      }
      if (i < n && t.charAt(i) == ')') {
        return i;
      }
      if (!t.startsWith(" | ", i)) {
        return -1;
      }
      i += 3;
    }
  }
}
