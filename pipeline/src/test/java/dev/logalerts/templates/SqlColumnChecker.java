package dev.logalerts.templates;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A small BigQuery Standard SQL tokenizer that finds every column a query names and reports the
 * ones no table defines. Not a parser: it knows keywords, functions (an identifier before {@code
 * (}), parameters, string literals, aliases ({@code AS name}), CTE names ({@code name AS (}) and
 * table aliases ({@code FROM `x.table` AS t}, {@code UNNEST(t.rec) AS s}); a qualified name {@code
 * t.col} is checked against t's table. Convention the queries follow: table aliases always use
 * {@code AS}.
 */
final class SqlColumnChecker {
  static final Set<String> KEYWORDS =
      Set.of(
          "select",
          "from",
          "where",
          "group",
          "by",
          "order",
          "limit",
          "as",
          "and",
          "or",
          "not",
          "in",
          "is",
          "null",
          "join",
          "left",
          "right",
          "inner",
          "outer",
          "full",
          "cross",
          "on",
          "using",
          "with",
          "desc",
          "asc",
          "distinct",
          "interval",
          "day",
          "week",
          "hour",
          "minute",
          "second",
          "month",
          "year",
          "case",
          "when",
          "then",
          "else",
          "end",
          "true",
          "false",
          "having",
          "union",
          "all",
          "over",
          "partition",
          "rows",
          "between",
          "like",
          "qualify",
          "window",
          "except",
          "replace",
          "struct",
          "array",
          "int64",
          "float64",
          "string",
          "timestamp",
          "date",
          "bool",
          "numeric",
          "unnest",
          "exists",
          "any",
          "some",
          "offset",
          "ordinal",
          "safe_offset",
          "safe_ordinal",
          "if",
          "nulls",
          "first",
          "last",
          "respect",
          "ignore",
          "range",
          "current_timestamp",
          "current_date",
          "monday",
          "tuesday",
          "wednesday",
          "thursday",
          "friday",
          "saturday",
          "sunday");

  /** Problems found: unknown columns, unknown qualifiers, undeclared aliases. */
  final List<String> problems = new ArrayList<>();

  /** Every column reference found (for tests of the checker itself). */
  final Set<String> columnsSeen = new TreeSet<>();

  private final Map<String, Set<String>> tables;

  /**
   * @param tables table name (last part of the backticked reference) → its columns; record fields
   *     as {@code record.field} entries.
   */
  SqlColumnChecker(Map<String, Set<String>> tables) {
    this.tables = tables;
  }

  SqlColumnChecker check(String sql) {
    List<String> tokens = tokenize(sql);
    Set<String> aliases = new LinkedHashSet<>();
    Map<String, String> qualifiers =
        new HashMap<>(); // alias → table name, "cte", or "rec:table.record"
    Set<String> usedTables = new LinkedHashSet<>();
    // Pass 1: aliases, CTEs, table bindings.
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t.startsWith("`")) {
        String table = tableName(t);
        if (!tables.containsKey(table)) {
          problems.add("unknown table " + t);
          continue;
        }
        usedTables.add(table);
        if (i + 2 < tokens.size() && lc(tokens.get(i + 1)).equals("as")) {
          qualifiers.put(lc(tokens.get(i + 2)), table);
        }
      } else if (lc(t).equals("as") && i + 1 < tokens.size()) {
        String next = tokens.get(i + 1);
        if (next.equals("(") && i > 0) {
          String cte = lc(tokens.get(i - 1));
          aliases.add(cte);
          qualifiers.put(cte, "cte");
        } else if (isIdent(next)) {
          aliases.add(lc(next));
          // FROM cte AS t / JOIN cte AS t / UNNEST(q.rec) AS s
          String prev = i > 0 ? tokens.get(i - 1) : "";
          if (prev.equals(")") && isUnnest(tokens, i - 1)) {
            qualifiers.put(lc(next), "rec:" + unnestTarget(tokens, i - 1, qualifiers));
          } else if (i >= 2
              && isIdent(prev)
              && !prev.startsWith("`")
              && isFromOrJoin(tokens.get(i - 2))) {
            qualifiers.put(lc(next), "cte");
          }
        }
      }
    }
    // Pass 2: every identifier that is not a keyword, function, alias or parameter is a column.
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (!isIdent(t) || t.startsWith("`")) {
        continue;
      }
      boolean qualified =
          i + 2 < tokens.size() && tokens.get(i + 1).equals(".") && isIdent(tokens.get(i + 2));
      boolean isField = i > 0 && tokens.get(i - 1).equals(".");
      if (isField) {
        continue; // handled with its qualifier
      }
      String name = lc(t);
      if (i + 1 < tokens.size() && tokens.get(i + 1).equals("(") && !qualified) {
        continue; // function call (or CTE definition "name AS (" handled above)
      }
      if (qualified) {
        String q = qualifiers.get(name);
        String field = tokens.get(i + 2);
        if (q == null && anyColumn(usedTables, t + "." + field)) {
          columnsSeen.add(t + "." + field); // a field of a record column: incident.durationSeconds
        } else if (q == null) {
          problems.add("unknown qualifier " + t + "." + field);
        } else if (q.startsWith("rec:")) {
          String rec = q.substring(4); // table.record
          String table = rec.substring(0, rec.indexOf('.'));
          String recordField = rec.substring(rec.indexOf('.') + 1) + "." + field;
          columnsSeen.add(recordField);
          if (!tables.containsKey(table) || !tables.get(table).contains(recordField)) {
            problems.add(
                "unknown field " + t + "." + field + " (" + recordField + " of " + table + ")");
          }
        } else if (q.equals("cte")) {
          columnsSeen.add(field);
          if (!aliases.contains(lc(field)) && !anyColumn(usedTables, field)) {
            problems.add("unknown column " + t + "." + field);
          }
        } else {
          columnsSeen.add(field);
          if (!tables.get(q).contains(field)) {
            problems.add("unknown column " + t + "." + field + " of " + q);
          }
        }
        continue;
      }
      if (KEYWORDS.contains(name) || aliases.contains(name) || qualifiers.containsKey(name)) {
        continue;
      }
      columnsSeen.add(t);
      if (!anyColumn(usedTables, t)) {
        problems.add("unknown column " + t);
      }
    }
    return this;
  }

  private boolean anyColumn(Set<String> usedTables, String column) {
    for (String table : usedTables) {
      if (tables.get(table).contains(column)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isFromOrJoin(String t) {
    String l = lc(t);
    return l.equals("from") || l.equals("join") || l.equals(",");
  }

  private static boolean isUnnest(List<String> tokens, int closeParen) {
    int open = matchingOpen(tokens, closeParen);
    return open > 0 && lc(tokens.get(open - 1)).equals("unnest");
  }

  /** "table.record" for UNNEST(q.record) where q is bound to a table. */
  private String unnestTarget(List<String> tokens, int closeParen, Map<String, String> qualifiers) {
    int open = matchingOpen(tokens, closeParen);
    if (closeParen - open == 4 && tokens.get(open + 2).equals(".")) {
      String table = qualifiers.get(lc(tokens.get(open + 1)));
      if (table != null && tables.containsKey(table)) {
        return table + "." + tokens.get(open + 3);
      }
    }
    problems.add("cannot resolve UNNEST at token " + open);
    return "?.?";
  }

  private static int matchingOpen(List<String> tokens, int close) {
    int depth = 0;
    for (int k = close; k >= 0; k--) {
      if (tokens.get(k).equals(")")) {
        depth++;
      } else if (tokens.get(k).equals("(") && --depth == 0) {
        return k;
      }
    }
    return -1;
  }

  private static String tableName(String backticked) {
    String inner = backticked.substring(1, backticked.length() - 1);
    return inner.substring(inner.lastIndexOf('.') + 1);
  }

  private static boolean isIdent(String t) {
    char c = t.charAt(0);
    return Character.isLetter(c) || c == '_' || c == '`';
  }

  private static String lc(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * Tokens: identifiers, backticked names (kept whole with their backticks, except a single
   * backticked identifier such as {@code `group`}, which becomes that identifier), numbers,
   * parameters are dropped, string literals become {@code 'S'}, comments are dropped.
   */
  static List<String> tokenize(String sql) {
    List<String> out = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < n && sql.charAt(j) != c) {
          j += sql.charAt(j) == '\\' ? 2 : 1;
        }
        out.add("'S'");
        i = j + 1;
      } else if (c == '`') {
        int j = sql.indexOf('`', i + 1);
        String inner = sql.substring(i + 1, j);
        out.add(inner.contains(".") || inner.contains("$") ? sql.substring(i, j + 1) : inner);
        i = j + 1;
      } else if (c == '@') {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
          j++;
        }
        out.add("@" + sql.substring(i + 1, j));
        i = j;
      } else if (Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_')) {
          j++;
        }
        out.add(sql.substring(i, j));
        i = j;
      } else if (Character.isDigit(c)) {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
          j++;
        }
        out.add("0");
        i = j;
      } else {
        out.add(String.valueOf(c));
        i++;
      }
    }
    return out;
  }
}
