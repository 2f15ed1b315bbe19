package dev.logalerts.alerting;

import dev.logalerts.filter.Prerequisites;
import dev.logalerts.model.FieldPath;
import dev.logalerts.rules.Rule;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.joda.time.Duration;

/** Human text of alerts: summary lines, description placeholders, Logs Explorer links. */
final class AlertText {
  static final int MAX_TEMPLATE_CHARS = 160;

  private AlertText() {}

  /** "5m", "1h30m", "90s", "1d"; milliseconds only when below a second. */
  static String duration(Duration d) {
    return duration(d.getMillis());
  }

  static String duration(long millis) {
    if (millis < 1000) {
      return millis + "ms";
    }
    long s = millis / 1000;
    StringBuilder sb = new StringBuilder();
    long[] units = {86400, 3600, 60, 1};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (s >= units[i]) {
        sb.append(s / units[i]).append(names[i]);
        s %= units[i];
      }
    }
    return sb.toString();
  }

  /**
   * Why a group's open incident is resolved when the group is forgotten: it has been silent since
   * {@code lastSeen}, and the rule stops tracking it at {@code at} ({@code kept}: for how long a
   * silent group is kept).
   */
  static String forgotten(long lastSeen, long at, String kept) {
    return "no matching entry for "
        + duration(at - lastSeen)
        + " since "
        + Alert.rfc3339(lastSeen)
        + ": the group is forgotten ("
        + kept
        + "), not back";
  }

  /** A gap measured in seconds, as a duration: "1h15m14s". */
  static String seconds(double seconds) {
    return duration(Math.round(seconds * 1000));
  }

  /** Whole numbers without a fraction, others with up to 3 decimals. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  /** "1 matching entry", "15 matching entries": a count of one reads as one on a page. */
  static String matchingEntries(double count) {
    return number(count) + (count == 1 ? " matching entry" : " matching entries");
  }

  static String percent(double fraction) {
    return number(Math.round(fraction * 1000) / 10.0) + "%";
  }

  /** "shop/checkout" or "" when ungrouped. */
  static String groupLabel(Map<String, String> group, List<String> order) {
    StringBuilder sb = new StringBuilder();
    for (String k : order) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(group.get(k));
    }
    return sb.toString();
  }

  /** "rule: group text" (or "rule: text" when ungrouped). */
  static String line(String rule, String groupLabel, String text) {
    return rule + ": " + (groupLabel.isEmpty() ? "" : groupLabel + " ") + text;
  }

  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  /** Fills {group.KEY}, {value}, {threshold}. */
  static String description(
      String template, Map<String, String> group, String value, String threshold) {
    if (template.isEmpty() || template.indexOf('{') < 0) {
      return template;
    }
    String out = template.replace("{value}", value).replace("{threshold}", threshold);
    for (Map.Entry<String, String> e : group.entrySet()) {
      out = out.replace("{group." + e.getKey() + "}", e.getValue());
    }
    return out;
  }

  /**
   * A Logs Explorer link: the rule's filter AND the group's constraints AND the time range, scoped
   * to the entries' project (or organization, folder). A {@code service} group becomes {@code
   * serviceScope} (the restriction that selects the service's entries, "" for none); the {@code
   * template} key, the overflow group and a null value (one that held a secret) add no constraint;
   * a {@code projectId} group becomes a {@code logName} clause, as the parser takes the project
   * from there.
   */
  static String logsExplorerUrl(
      Rule rule,
      List<String> groupValues,
      long startMillis,
      long endMillis,
      String project,
      String serviceScope) {
    StringBuilder q = new StringBuilder();
    String filter = rule.filter().text();
    if (filter != null && !filter.isBlank()) {
      q.append('(').append(filter.trim()).append(')');
    }
    for (int i = 0; i < rule.groupBy().size() && i < groupValues.size(); i++) {
      String key = rule.groupBy().get(i);
      String v = groupValues.get(i);
      String c = key.equals("service") ? serviceScope : constraint(key, v);
      if (c != null && !c.isEmpty()) {
        and(q).append(c);
      }
    }
    String start = Alert.rfc3339(startMillis);
    String end = Alert.rfc3339(endMillis);
    and(q).append("timestamp>=\"").append(start).append('"');
    and(q).append("timestamp<\"").append(end).append('"');
    StringBuilder url = new StringBuilder("https://console.cloud.google.com/logs/query;query=");
    url.append(enc(q.toString()));
    url.append(";timeRange=").append(enc(start + "/" + end));
    if (project != null && !project.isEmpty()) {
      url.append(scope(project));
    }
    return url.toString();
  }

  /**
   * The Logs Explorer scope of an entry's {@code projectId}: {@code ?project=P}, and for a log held
   * by an organization or folder ({@code organizations/N}, {@code folders/N}) that resource; "" for
   * a billing account (the query's logName clause selects its entries).
   */
  private static String scope(String project) {
    if (project.startsWith(ORGANIZATIONS)) {
      return "?organizationId=" + enc(project.substring(ORGANIZATIONS.length()));
    }
    if (project.startsWith(FOLDERS)) {
      return "?folder=" + enc(project.substring(FOLDERS.length()));
    }
    if (project.indexOf('/') >= 0) {
      return "";
    }
    return "?project=" + enc(project);
  }

  /**
   * The project a group's entries must come from when no entry of it was seen yet (an expected
   * group of a deadline rule): its {@code projectId} group value, or the one project the rule's
   * filter requires ({@code projectId}, {@code resource.labels.project_id} or the container of
   * {@code logName}); "" when neither says, and the link opens in the console's current project.
   */
  static String projectRequiredBy(Rule rule, List<String> groupValues) {
    for (int i = 0; i < rule.groupBy().size() && i < groupValues.size(); i++) {
      String key = rule.groupBy().get(i);
      String v = groupValues.get(i);
      boolean projectKey =
          key.equals("projectId") || key.equals("project_id") || key.equals(PROJECT_LABEL);
      if (projectKey && v != null && !v.equals(GroupKeys.NONE) && !v.equals(GroupKeys.OTHER)) {
        return v;
      }
    }
    if (rule.filter() == null) {
      return "";
    }
    Map<FieldPath, Set<String>> required = Prerequisites.of(rule.filter()).equalities();
    for (FieldPath f : PROJECT_FIELDS) {
      Set<String> one = required.get(f);
      if (one != null && one.size() == 1) {
        return one.iterator().next();
      }
    }
    Set<String> logNames = required.get(LOG_NAME);
    if (logNames != null && logNames.size() == 1) {
      String name = logNames.iterator().next();
      int logs = name.indexOf("/logs/");
      if (name.startsWith("projects/") && logs > "projects/".length()) {
        return name.substring("projects/".length(), logs);
      }
      if ((name.startsWith(ORGANIZATIONS) || name.startsWith(FOLDERS)) && logs > 0) {
        return name.substring(0, logs);
      }
    }
    return "";
  }

  private static final String PROJECT_LABEL = "resource.labels.project_id";
  private static final List<FieldPath> PROJECT_FIELDS =
      List.of(FieldPath.parse("projectId"), FieldPath.parse(PROJECT_LABEL));
  private static final FieldPath LOG_NAME = FieldPath.parse("logName");

  private static final String ORGANIZATIONS = "organizations/";
  private static final String FOLDERS = "folders/";

  private static String constraint(String key, String value) {
    if (value == null || GroupKeys.OTHER.equals(value) || key.equals(Rule.TEMPLATE_KEY)) {
      return null;
    }
    if (key.equals("logId") || key.equals("log_id")) {
      return "log_id(" + quote(value) + ")";
    }
    if (key.equals("projectId") || key.equals("project_id")) {
      if (GroupKeys.NONE.equals(value)) {
        return "-resource.labels.project_id:*";
      }
      // The parser's projectId is the logName's container: P of projects/P, or organizations/N…
      String container = value.indexOf('/') >= 0 ? value : "projects/" + value;
      return "logName:" + quote(container + "/logs/");
    }
    if (GroupKeys.NONE.equals(value)) {
      // (none) holds the entries without the field and those where it is empty text.
      FieldPath.Kind kind = FieldPath.parse(key).kind();
      boolean text = kind == FieldPath.Kind.STRING || kind == FieldPath.Kind.DYNAMIC;
      return text ? "(-" + key + ":* OR " + key + "=\"\")" : "-" + key + ":*";
    }
    return key + "=" + quote(value);
  }

  private static StringBuilder and(StringBuilder q) {
    if (q.length() > 0) {
      q.append(" AND ");
    }
    return q;
  }

  private static String quote(String v) {
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
