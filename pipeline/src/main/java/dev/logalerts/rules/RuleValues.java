package dev.logalerts.rules;

import dev.logalerts.filter.CompiledFilter;
import dev.logalerts.filter.Filter;
import dev.logalerts.filter.FilterSyntaxException;
import dev.logalerts.model.FieldPath;
import dev.logalerts.model.Severity;
import dev.logalerts.yaml.YamlNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The value parsers of the rules file that several keys or kinds share (durations, counts, numbers,
 * filters, groupBy, names, URLs, description placeholders). Each throws {@link BadValue} with the
 * "what is wrong" part of the error line.
 */
public final class RuleValues {
  private RuleValues() {}

  /** Top-level LogEntry fields and derived names a groupBy path may start with (for hints). */
  private static final List<String> FIELD_HEADS =
      List.of(
          "service",
          "template",
          "severity",
          "logName",
          "logId",
          "log_id",
          "projectId",
          "resource.type",
          "resource.labels",
          "labels",
          "httpRequest",
          "jsonPayload",
          "protoPayload",
          "operation",
          "sourceLocation",
          "textPayload",
          "message",
          "trace",
          "spanId",
          "insertId");

  public static String parseName(YamlNode v) throws BadValue {
    if (!v.isScalar()) {
      throw new BadValue("must be a text like 'checkout-errors', got " + v.describe());
    }
    String s = v.text;
    boolean ok =
        !s.isEmpty() && s.length() <= RulesLoader.MAX_NAME_LENGTH && isNameStart(s.charAt(0));
    for (int i = 1; ok && i < s.length(); i++) {
      char c = s.charAt(i);
      ok = isNameStart(c) || c == '-';
    }
    if (!ok) {
      throw new BadValue(
          "'"
              + s
              + "' is not a valid rule name: use lower-case letters a-z,"
              + " digits and '-', starting with a letter or digit, at most "
              + RulesLoader.MAX_NAME_LENGTH
              + " characters");
    }
    return s;
  }

  private static boolean isNameStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  public static RuleType parseType(YamlNode v) throws BadValue {
    String s = scalarText(v);
    RuleType t = RuleType.fromKey(s);
    if (t == null) {
      String foreign = KeyHints.foreignType(s);
      throw new BadValue(
          "unknown type '"
              + s
              + "'"
              + (foreign.isEmpty() ? KeyHints.hint(s, KeyHints.typeKeysList()) : foreign)
              + " (one of "
              + KeyHints.typeKeys()
              + ")");
    }
    return t;
  }

  public static AlertSeverity parseSeverity(YamlNode v) throws BadValue {
    String s = scalarText(v);
    AlertSeverity sev = AlertSeverity.fromKey(s.toLowerCase(Locale.ROOT));
    if (sev == null) {
      throw new BadValue(
          "unknown severity '"
              + s
              + "'"
              + KeyHints.hint(severityMeant(s))
              + " (one of critical, error, warning, info)");
    }
    return sev;
  }

  /**
   * The alert severity a near miss means: a shortening or lengthening ({@code warn}, {@code crit},
   * {@code information}), a log severity or its alias ({@code fatal}, {@code emergency}, {@code
   * notice}: the alert level it falls in), else a typo's nearest key.
   */
  private static @Nullable String severityMeant(String s) {
    String w = s.trim().toLowerCase(Locale.ROOT);
    List<String> keys = new ArrayList<>();
    for (AlertSeverity a : AlertSeverity.values()) {
      keys.add(a.key());
      if (w.length() >= 3 && (a.key().startsWith(w) || w.startsWith(a.key()))) {
        return a.key();
      }
    }
    Severity log = w.isEmpty() || Character.isDigit(w.charAt(0)) ? null : Severity.parse(w);
    if (log != null) {
      // Alert levels share their names with log severities, most urgent first.
      for (AlertSeverity a : AlertSeverity.values()) {
        if (log.number() >= Severity.valueOf(a.name()).number()) {
          return a.key();
        }
      }
    }
    return KeyHints.guess(s, keys);
  }

  /**
   * A rule's {@code filter}. {@code ''} matches every entry; a key left without a value does not:
   * it is more often a filter forgotten (or lost to an indentation slip) than a rule meant to count
   * every entry of every service.
   */
  public static CompiledFilter filter(YamlNode v) throws BadValue {
    if (v.isBlank()) {
      throw new BadValue(
          "has no value; write the filter (like 'severity>=ERROR'), or '' to match every entry");
    }
    return compile(v);
  }

  /** Whether the value is a list of maps: ElastAlert's Elasticsearch query DSL filter. */
  private static boolean isQueryDsl(YamlNode v) {
    return v.isList() && !v.items.isEmpty() && v.items.stream().allMatch(YamlNode::isMap);
  }

  public static CompiledFilter compile(YamlNode v) throws BadValue {
    if (!v.isScalar()) {
      throw new BadValue(
          "must be filter text (quote it: filter: 'severity>=ERROR'), got "
              + v.describe()
              + (isQueryDsl(v)
                  ? " of Elasticsearch filters, as an ElastAlert rule has: write them as one Cloud"
                      + " Logging filter, joined with AND (term {f: v} is jsonPayload.f=\"v\", a"
                      + " query_string's query is mostly the same text)"
                  : ""));
    }
    String text = v.text;
    if (text.length() > RulesLoader.MAX_FILTER_CHARS) {
      throw new BadValue(
          "filter is "
              + text.length()
              + " characters long (max "
              + RulesLoader.MAX_FILTER_CHARS
              + ")");
    }
    CompiledFilter filter;
    try {
      filter = Filter.compile(text);
    } catch (FilterSyntaxException e) {
      throw new BadValue("invalid filter: " + e.getMessage() + where(text, e.position()));
    } catch (RuntimeException e) {
      throw new BadValue("invalid filter: " + e.getMessage());
    }
    if (!text.isEmpty() && text.isBlank()) {
      // Only blanks: what an unset template variable leaves, not a decision to match everything.
      throw new BadValue(
          "the filter is only blanks, which would match every entry; write '' to match every"
              + " entry");
    }
    if (!text.isBlank() && filter.toString().isEmpty()) {
      // Only comments: every clause commented out, which would match every entry.
      int at = Filter.firstComment(text);
      throw new BadValue(
          "the filter is only '--' comments, which would match every entry; write '' to match"
              + " every entry, or take the '--' off the clause to keep"
              + where(text, at));
    }
    String written = v.unfoldedText();
    if (written != null && text.contains("--") && !sameFilter(filter, written)) {
      int at = Filter.firstComment(text);
      throw new BadValue(
          "the '--' comment at position "
              + at
              + " hides the filter's next lines: YAML joined them into its line (a '>' block, or"
              + " a quoted or plain value over several lines, turns line breaks into spaces) and"
              + " a comment runs to the end of the line; write the filter as a '|' block to keep"
              + " its line breaks"
              + where(text, at));
    }
    return filter;
  }

  /** Whether {@code text} compiles to {@code filter}, as the canonical forms tell. */
  private static boolean sameFilter(CompiledFilter filter, String text) {
    try {
      return Filter.compile(text).toString().equals(filter.toString());
    } catch (FilterSyntaxException e) {
      return false;
    }
  }

  /** Longest filter text quoted in an error; longer text is cut around the position. */
  private static final int EXCERPT_CHARS = 120;

  /**
   * Where a filter error is, quoted: the filter's own text for a one-line filter; the line and
   * column for a filter written as a YAML block (validate-rules prints one error per line, so the
   * quote never holds a line break). A long line is cut around the position, which is the part the
   * reader needs.
   */
  static String where(String text, int position) {
    // "end of filter" is where the text ends, not on the empty line after a block's last break.
    int at = Math.max(0, Math.min(position - 1, text.stripTrailing().length()));
    int start = text.lastIndexOf('\n', at - 1) + 1;
    int end = text.indexOf('\n', at);
    String line = text.substring(start, end < 0 ? text.length() : end);
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    String quoted = "'" + cutAround(line, Math.min(at - start, line.length())) + "'";
    if (text.strip().indexOf('\n') < 0) {
      return " in " + quoted;
    }
    long lineNumber = text.substring(0, start).chars().filter(c -> c == '\n').count() + 1;
    return " in line " + lineNumber + ", column " + (at - start + 1) + " of the filter: " + quoted;
  }

  private static String cutAround(String line, int column) {
    if (line.length() <= EXCERPT_CHARS) {
      return line;
    }
    int from = Math.max(0, Math.min(column - EXCERPT_CHARS / 2, line.length() - EXCERPT_CHARS));
    int to = from + EXCERPT_CHARS;
    return (from > 0 ? "..." : "") + line.substring(from, to) + (to < line.length() ? "..." : "");
  }

  public static List<String> parseGroupBy(YamlNode v) throws BadValue {
    List<YamlNode> items;
    if (v.isList()) {
      items = v.items;
    } else if (v.isString() && v.text.contains(",") && !v.text.contains("\"")) {
      throw new BadValue(
          "'"
              + v.text
              + "' is one text, not a list; write the fields as a list: ["
              + v.text.replaceAll("\\s*,\\s*", ", ").strip()
              + "]");
    } else if (v.isString()) {
      items = List.of(v);
    } else {
      throw new BadValue(
          "must be a list of fields, like [service] or"
              + " [resource.labels.service_name], got "
              + v.describe());
    }
    if (items.size() > RulesLoader.MAX_GROUP_BY) {
      throw new BadValue("has " + items.size() + " keys (max " + RulesLoader.MAX_GROUP_BY + ")");
    }
    List<String> keys = new ArrayList<>();
    // Every bad key at once, as every other mistake of the file: fixing one need not reveal the
    // next.
    List<String> bad = new ArrayList<>();
    for (YamlNode item : items) {
      if (!item.isString()) {
        throw new BadValue("must be a list of field names, got " + item.describe());
      }
      String k = item.text;
      if (keys.contains(k)) {
        bad.add("lists '" + k + "' twice");
      } else if (!k.equals(Rule.TEMPLATE_KEY)) {
        try {
          checkGroupField(k);
        } catch (BadValue e) {
          bad.add(e.getMessage());
        }
      }
      keys.add(k);
    }
    if (!bad.isEmpty()) {
      throw new BadValue(String.join("; ", bad));
    }
    return keys;
  }

  /** A log-based metric's or alert policy's label extractor: EXTRACT(field), REGEXP_EXTRACT(…). */
  private static final Pattern LABEL_EXTRACTOR =
      Pattern.compile(
          "\\s*(REGEXP_)?EXTRACT\\s*\\(\\s*([^,()\\s]+)\\s*(,.*)?\\)\\s*",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static void checkGroupField(String k) throws BadValue {
    Matcher extractor = LABEL_EXTRACTOR.matcher(k);
    if (extractor.matches()) {
      throw new BadValue(
          extractor.group(1) == null
              ? "'"
                  + k
                  + "' is a label extractor; groupBy takes the field itself: "
                  + extractor.group(2)
              : "'"
                  + k
                  + "' extracts part of a text with a regular expression (a label extractor's"
                  + " REGEXP_EXTRACT, Loki's | regexp); groupBy takes fields only: group by a field"
                  + " that holds the value, as a structured (JSON) log has");
    }
    FieldPath p;
    try {
      p = FieldPath.parse(k);
    } catch (IllegalArgumentException e) {
      throw new BadValue(e.getMessage());
    }
    List<String> segs = p.segments();
    String head = segs.get(0);
    if (!p.isKnown()) {
      if (head.equals("resource")) {
        throw new BadValue(
            "unknown field '" + k + "' (use resource.type or" + " resource.labels.NAME)");
      }
      if (segs.size() == 1) {
        throw new BadValue(
            "unknown field '"
                + k
                + "'"
                + KeyHints.hint(k, FIELD_HEADS)
                + " (known: LogEntry fields like resource.labels.x, labels.x, jsonPayload.x,"
                + " httpRequest.status, severity, logName, or derived service, template)");
      }
      throw new BadValue("unknown field '" + k + "'");
    }
    boolean whole =
        segs.size() == 1
                && List.of(
                        "labels",
                        "httpRequest",
                        "operation",
                        "jsonPayload",
                        "protoPayload",
                        "sourceLocation",
                        "split")
                    .contains(head)
            || segs.size() == 2 && head.equals("resource") && segs.get(1).equals("labels");
    if (whole) {
      throw new BadValue(
          "'" + k + "' is a whole object; group by one of its fields, like '" + k + ".NAME'");
    }
  }

  public static String parseRunbook(YamlNode v) throws BadValue {
    String s = scalarText(v);
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new BadValue("'" + s + "' " + notAUrl(s, e));
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
    boolean web = scheme.equals("http") || scheme.equals("https");
    if (web && u.getHost() == null) {
      throw new BadValue(
          u.getRawAuthority() == null
              ? "'" + s + "' has no host; " + RUNBOOK_LIKE
              : "'"
                  + s
                  + "': '"
                  + u.getRawAuthority()
                  + "' is not a host name (letters, digits, '-' and '.', like wiki.example.com)");
    }
    if (!web) {
      throw new BadValue(
          "'"
              + s
              + "' must be an http(s) URL like"
              + " https://wiki.example.com/runbooks/checkout");
    }
    return s;
  }

  private static final String RUNBOOK_LIKE =
      "write the page's full address, like https://wiki.example.com/runbooks/checkout";

  /** What the URI parser found, in words: its own reasons name its grammar, not the mistake. */
  private static String notAUrl(String s, URISyntaxException e) {
    int i = e.getIndex();
    if (e.getReason().startsWith("Expected authority")) {
      return "has no host; " + RUNBOOK_LIKE;
    }
    if (i >= 0 && i < s.length() && e.getReason().startsWith("Illegal character")) {
      char c = s.charAt(i);
      return c == ' '
          ? "has a space at character " + (i + 1) + "; write it as %20"
          : "has '"
              + c
              + "' at character "
              + (i + 1)
              + ", which a URL cannot hold as it is;"
              + " write it percent-encoded";
    }
    return "is not a URL; " + RUNBOOK_LIKE;
  }

  public static Duration duration(YamlNode v) throws BadValue {
    if (!v.isScalar()) {
      throw new BadValue("must be a duration like 30s, 5m, 2h, 1d or 1h30m, got " + v.describe());
    }
    if (v.isNumber() && (v.text.equals("0") || v.text.startsWith("-"))) {
      // Not "needs a unit, e.g. '0s'": with a unit it is still no duration.
      throw new BadValue(
          "duration '"
              + v.text
              + "' is "
              + (v.text.equals("0") ? "zero" : "negative")
              + "; it must be positive, with a unit (like 30s or 5m)");
    }
    if (v.isNumber()) {
      throw new BadValue(
          "duration '"
              + v.text
              + "' needs a unit (ms, s, m, h or d), e.g. '"
              + v.text
              + "s' or '"
              + v.text
              + "m'");
    }
    try {
      return HumanDurations.parse(v.text);
    } catch (IllegalArgumentException e) {
      throw new BadValue(e.getMessage());
    }
  }

  /** A duration of whole seconds, quoted as written when it is not ('1500ms', not '1s500ms'). */
  public static Duration wholeSeconds(YamlNode v) throws BadValue {
    Duration d = duration(v);
    if (d.getMillis() % 1000 != 0) {
      throw new BadValue("'" + v.text + "' must be a whole number of seconds");
    }
    return d;
  }

  /**
   * A duration as the user wrote it when {@code v} is the text of {@code d} (a value taken from the
   * file), else as {@link HumanDurations#format} writes it (a default).
   */
  public static String written(@Nullable YamlNode v, Duration d) {
    if (v != null && v.isScalar()) {
      try {
        if (HumanDurations.parse(v.text).equals(d)) {
          return v.text;
        }
      } catch (IllegalArgumentException e) {
        // not the value's text: formatted below
      }
    }
    return HumanDurations.format(d);
  }

  public static long integer(YamlNode v, long min, long max) throws BadValue {
    if (!v.isInteger()) {
      throw new BadValue("must be a whole number, got " + v.describe());
    }
    long x;
    try {
      x = Long.parseLong(v.text.replace("_", ""));
    } catch (NumberFormatException e) {
      // YAML 1.1 also calls 0x10, 0o17 and 0b101 integers; the file's numbers are decimal.
      boolean decimal = v.text.replace("_", "").matches("[+-]?[0-9]+");
      throw new BadValue(
          decimal
              ? "'" + v.text + "' is out of range (" + min + ".." + max + ")"
              : "'" + v.text + "' is not a decimal number; write it in decimal digits");
    }
    if (x < min || x > max) {
      throw new BadValue("must be between " + min + " and " + max + ", got " + v.text);
    }
    return x;
  }

  public static double number(YamlNode v) throws BadValue {
    if (!v.isNumber()) {
      throw new BadValue("must be a number, got " + v.describe());
    }
    double d = Double.parseDouble(v.text.replace("_", ""));
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new BadValue("must be a finite number, got " + v.text);
    }
    return d;
  }

  public static String string(YamlNode v) throws BadValue {
    if (!v.isScalar()) {
      throw new BadValue("must be text, got " + v.describe());
    }
    if (v.text.length() > RulesLoader.MAX_DESCRIPTION_CHARS) {
      throw new BadValue(
          "is "
              + v.text.length()
              + " characters long (max "
              + RulesLoader.MAX_DESCRIPTION_CHARS
              + ")");
    }
    return v.text;
  }

  public static String scalarText(YamlNode v) throws BadValue {
    if (!v.isScalar()) {
      throw new BadValue("must be a single value, got " + v.describe());
    }
    return v.text;
  }

  /** Placeholders: {value}, {threshold}, {group.KEY} with KEY one of the groupBy keys. */
  public static void checkPlaceholders(String text, List<String> groupBy) throws BadValue {
    int open = text.indexOf("{{");
    if (open >= 0) {
      // Alertmanager's and Grafana's Go templates, copied from a Prometheus rule: left as they
      // are, they would reach the page as literal braces.
      int close = text.indexOf("}}", open);
      String tpl = close < 0 ? text.substring(open) : text.substring(open, close + 2);
      throw new BadValue(
          tpl
              + " is a Go template (Prometheus, Alertmanager); placeholders here have single"
              + " braces: {value}, {threshold}, {group.KEY}"
              + (groupBy.isEmpty() ? "" : " (groupBy: " + String.join(", ", groupBy) + ")"));
    }
    int i = 0;
    while ((i = text.indexOf('{', i)) >= 0) {
      int end = text.indexOf('}', i + 1);
      if (end < 0) {
        return;
      }
      String ph = text.substring(i + 1, end);
      if (ph.startsWith("group.")) {
        String key = ph.substring("group.".length());
        if (!groupBy.contains(key)) {
          throw new BadValue(
              "placeholder {"
                  + ph
                  + "} names '"
                  + key
                  + "', which is not a"
                  + " groupBy key"
                  + (groupBy.isEmpty()
                      ? " (the rule has no groupBy)"
                      : " (groupBy: " + String.join(", ", groupBy) + ")"));
        }
      } else if (!ph.equals("value") && !ph.equals("threshold")) {
        throw new BadValue(
            "unknown placeholder {"
                + ph
                + "}"
                + KeyHints.hint(ph, List.of("value", "threshold"))
                + " (use {value}, {threshold} or {group.KEY})");
      }
      i = end + 1;
    }
  }
}
