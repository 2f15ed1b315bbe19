package dev.logalerts.filter;

import dev.logalerts.model.FieldPath;
import dev.logalerts.model.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every entry a filter matches must have, derived once from the compiled filter: cheap
 * necessary conditions that {@link IndexedFilters} checks before the filter itself. Derived from
 * the top-level {@code AND} of the filter only: an {@code OR} keeps what all its branches share
 * (equalities become a set of values, severities a union), anything under {@code NOT} or in a
 * function other than {@code log_id} adds nothing. Each condition is implied by the filter, never
 * the other way round, so a filter whose prerequisites fail cannot match and need not be tested.
 *
 * <ul>
 *   <li><b>Equalities</b>: a single-valued string field (resource.type, logName, log id,
 *       resource.labels.KEY, labels.KEY, service, projectId) must equal one of a set of values,
 *       compared folded the way Cloud Logging's case-insensitive {@code =} compares them.
 *   <li><b>Severities</b>: the set of severities the filter allows ({@code severity>=ERROR}, {@code
 *       severity=(WARNING OR ERROR)}, numbers as well as names).
 *   <li><b>Literals</b>: folded texts that must each appear in some text value of the entry (the
 *       values a bare word searches): from bare words, {@code :} and {@code =} on text fields, and
 *       the literal part of a regular expression.
 * </ul>
 */
public final class Prerequisites {
  /** Bit {@code ordinal} per severity: every severity allowed. */
  public static final int ALL_SEVERITIES = (1 << Severity.values().length) - 1;

  /** No prerequisite: the filter may match any entry. */
  public static final Prerequisites NONE =
      new Prerequisites(Collections.emptyMap(), ALL_SEVERITIES, Collections.emptyList());

  private final Map<FieldPath, Set<String>> equalities;
  private final int severities;
  private final List<String> literals;

  private Prerequisites(
      Map<FieldPath, Set<String>> equalities, int severities, List<String> literals) {
    this.equalities = equalities;
    this.severities = severities;
    this.literals = literals;
  }

  /** The prerequisites of a filter compiled by {@link Filter#compile}; NONE for any other. */
  public static Prerequisites of(CompiledFilter filter) {
    Expr root = Filter.root(filter);
    return root == null ? NONE : derive(root);
  }

  /**
   * Per field (a canonical path: {@code log_id} is {@code logId}): the folded values one of which
   * the field must equal. An empty set means no entry can match.
   */
  public Map<FieldPath, Set<String>> equalities() {
    return equalities;
  }

  /** Bit {@code Severity.ordinal()} set for each severity the filter allows. */
  public int severities() {
    return severities;
  }

  /** Folded texts that must each appear in some text value of the entry. */
  public List<String> literals() {
    return literals;
  }

  /** True when nothing is known: the filter must be tested on every entry. */
  public boolean isEmpty() {
    return equalities.isEmpty() && severities == ALL_SEVERITIES && literals.isEmpty();
  }

  /**
   * The canonical single-valued field an equality on {@code path} can be indexed by, or null. Its
   * {@link FieldPath#value} is the field's only value.
   */
  static FieldPath dimension(FieldPath path) {
    if (path.kind() != FieldPath.Kind.STRING) {
      return null;
    }
    List<String> s = path.segments();
    String head = s.get(0);
    int n = s.size();
    switch (head) {
      case "logName":
      case "service":
        return n == 1 ? path : null;
      case "logId":
      case "log_id":
        return n == 1 ? LOG_ID : null;
      case "projectId":
      case "project_id":
        return n == 1 ? PROJECT_ID : null;
      case "resource":
        return (n == 2 && s.get(1).equals("type")) || (n >= 3 && s.get(1).equals("labels"))
            ? path
            : null;
      case "labels":
        return n >= 2 ? path : null;
      default:
        return null;
    }
  }

  static final FieldPath LOG_ID = FieldPath.of(List.of("logId"));
  private static final FieldPath PROJECT_ID = FieldPath.of(List.of("projectId"));

  /**
   * True when every value at {@code path} is among the text values {@link EntryText#any} offers, so
   * a substring of one of them is a substring of some entry text value.
   */
  static boolean offeredAsText(FieldPath path) {
    List<String> s = path.segments();
    String head = s.get(0);
    int n = s.size();
    switch (head) {
      case "textPayload":
      case "logName":
      case "insertId":
      case "trace":
      case "spanId":
        return n == 1;
      case "resource":
        return n >= 2 && (s.get(1).equals("type") || s.get(1).equals("labels"));
      case "labels":
        return true;
      case "operation":
        return n == 2 && (s.get(1).equals("id") || s.get(1).equals("producer"));
      case "httpRequest":
        return n == 2 && HTTP_TEXT.contains(s.get(1));
      case "jsonPayload":
      case "protoPayload":
      case "sourceLocation":
      case "split":
        return true;
      default:
        return false;
    }
  }

  private static final Set<String> HTTP_TEXT =
      Set.of(
          "requestMethod",
          "requestUrl",
          "userAgent",
          "remoteIp",
          "serverIp",
          "referer",
          "protocol");

  /**
   * A literal compared with {@code equalsIgnoreCase} folds char by char only without surrogates.
   */
  private static boolean foldable(String literal) {
    if (literal.isEmpty()) {
      return false;
    }
    for (int i = 0; i < literal.length(); i++) {
      if (Character.isSurrogate(literal.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  static Prerequisites derive(Expr e) {
    if (e instanceof Nodes.And) {
      Prerequisites p = NONE;
      for (Expr t : ((Nodes.And) e).terms) {
        p = p.and(derive(t));
      }
      return p;
    }
    if (e instanceof Nodes.Or) {
      Expr[] terms = ((Nodes.Or) e).terms;
      Prerequisites p = derive(terms[0]);
      for (int i = 1; i < terms.length; i++) {
        p = p.or(derive(terms[i]));
      }
      return p;
    }
    if (e instanceof Nodes.ValueComparison && ((Nodes.ValueComparison) e).absent()) {
      return NONE; // holds on the default of a field the entry lacks: implies nothing
    }
    if (e instanceof Nodes.StringCmp) {
      Nodes.StringCmp c = (Nodes.StringCmp) e;
      if (c.path.kind() != FieldPath.Kind.STRING) {
        return NONE; // booleans compare Boolean.toString, not entry text
      }
      Prerequisites p = NONE;
      FieldPath dim = dimension(c.path);
      if (c.op == Op.EQ && dim != null && foldable(c.literal)) {
        p = equality(dim, c.literal);
      }
      if (((c.op == Op.EQ && foldable(c.literal)) || (c.op == Op.HAS && !c.literal.isEmpty()))
          && offeredAsText(c.path)) {
        p = p.and(literal(c.literal));
      }
      return p;
    }
    if (e instanceof Nodes.DynamicCmp) {
      Nodes.DynamicCmp c = (Nodes.DynamicCmp) e;
      boolean text = Double.isNaN(Text.parseNumber(c.literal)); // compared as a string
      if ((c.op == Op.HAS && !c.literal.isEmpty())
          || (c.op == Op.EQ && text && foldable(c.literal))) {
        return literal(c.literal);
      }
      return NONE;
    }
    if (e instanceof Nodes.RegexCmp) {
      Nodes.RegexCmp c = (Nodes.RegexCmp) e;
      if (c.op == Op.REGEX
          && c.required != null
          && !c.required.isEmpty()
          && offeredAsText(c.path)) {
        return literal(c.required);
      }
      return NONE;
    }
    if (e instanceof EntryText.Global) {
      String folded = ((EntryText.Global) e).folded;
      return folded.isEmpty() ? NONE : new Prerequisites(Map.of(), ALL_SEVERITIES, List.of(folded));
    }
    if (e instanceof Nodes.NumberCmp) {
      Nodes.NumberCmp c = (Nodes.NumberCmp) e;
      if (c.path.kind() != FieldPath.Kind.SEVERITY) {
        return NONE;
      }
      int mask = 0;
      for (Severity s : Severity.values()) {
        if (c.valueOp.holds(Text.compareNumbers(s.number(), c.number))) {
          mask |= 1 << s.ordinal();
        }
      }
      return new Prerequisites(Map.of(), mask, List.of());
    }
    if (e instanceof FunctionNodes.LogId) {
      String id = ((FunctionNodes.LogId) e).decoded;
      return foldable(id) ? equality(LOG_ID, id) : NONE;
    }
    return NONE; // NOT, presence, time, functions: nothing cheap is implied
  }

  private static Prerequisites equality(FieldPath dim, String literal) {
    Set<String> values = new LinkedHashSet<>();
    values.add(Text.fold(literal));
    Map<FieldPath, Set<String>> eq = new LinkedHashMap<>();
    eq.put(dim, values);
    return new Prerequisites(eq, ALL_SEVERITIES, List.of());
  }

  private static Prerequisites literal(String text) {
    return new Prerequisites(Map.of(), ALL_SEVERITIES, List.of(Text.fold(text)));
  }

  /** Both hold: equalities intersect per field, severities intersect, literals add up. */
  Prerequisites and(Prerequisites o) {
    if (o.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return o;
    }
    Map<FieldPath, Set<String>> eq = new LinkedHashMap<>();
    equalities.forEach((k, v) -> eq.put(k, new LinkedHashSet<>(v)));
    o.equalities.forEach(
        (k, v) -> {
          Set<String> mine = eq.get(k);
          if (mine == null) {
            eq.put(k, new LinkedHashSet<>(v));
          } else {
            mine.retainAll(v);
          }
        });
    Set<String> lits = new LinkedHashSet<>(literals);
    lits.addAll(o.literals);
    return new Prerequisites(eq, severities & o.severities, new ArrayList<>(lits));
  }

  /**
   * One of them holds: an equality survives when both constrain the field (values unite),
   * severities unite, literals are dropped (either branch may lack them).
   */
  Prerequisites or(Prerequisites o) {
    Map<FieldPath, Set<String>> eq = new LinkedHashMap<>();
    equalities.forEach(
        (k, v) -> {
          Set<String> theirs = o.equalities.get(k);
          if (theirs != null) {
            Set<String> both = new LinkedHashSet<>(v);
            both.addAll(theirs);
            eq.put(k, both);
          }
        });
    return new Prerequisites(eq, severities | o.severities, List.of());
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    equalities.forEach((k, v) -> parts.add(k + " in " + v));
    if (severities != ALL_SEVERITIES) {
      List<String> names = new ArrayList<>();
      for (Severity s : Severity.values()) {
        if ((severities & (1 << s.ordinal())) != 0) {
          names.add(s.name());
        }
      }
      parts.add("severity in " + names);
    }
    for (String l : literals) {
      parts.add("text has " + Filter.quote(l));
    }
    return parts.isEmpty() ? "(none)" : String.join(" AND ", parts);
  }
}
