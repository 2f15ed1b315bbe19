package dev.logalerts.templates;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The learning step over stateless templates: folds templates that name one event but differ in a
 * variable the scanner cannot recognise in a single message ({@code user=root} / {@code user=ftp},
 * {@code com.apple.X:} / {@code com.apple.Y:}, {@code name=android"} next to {@code name=<*>"},
 * {@code ()} next to {@code (<*>)}) into one <em>family</em> template.
 *
 * <p>A pure function of the <em>set</em> of distinct templates it is given: no message, count or
 * arrival order enters, so two workers (or two runs) that saw the same templates learn the same
 * families, and a family's id is {@link TemplateIds#idOf} of its template text, like any template
 * id. Where this state lives and why is in the package documentation ("Families").
 *
 * <p>Two rules, applied until nothing changes (templates are compared token by token, tokens split
 * at single spaces, so only templates of equal token count can fold):
 *
 * <ol>
 *   <li><b>Instance of a more general template.</b> A template folds into another one that has a
 *       placeholder wherever they differ and whose placeholder tokens match its tokens as globs
 *       ({@code name=<*>"} matches {@code name=android"}; {@code (<*>)} matches {@code ()}): the
 *       scanner itself already saw a variable value in that slot. At most half of the tokens may
 *       differ, and the general template must keep a letter outside its placeholders.
 *   <li><b>Slot with many structured values.</b> Templates that share every other token and differ
 *       in one slot fold when that slot has at least {@value #MIN_DISTINCT_VALUES} distinct values
 *       and every value is either a structured identifier (letters joined by {@code .} {@code _}
 *       {@code -} {@code :} {@code /} {@code $}: host, class, package or job names) or the value of
 *       one and the same {@code key=}. The slot becomes {@code <*>}, keeping the values' common
 *       prefix and suffix up to a separator ({@code com.apple.<*>:}).
 * </ol>
 *
 * <p>What stays apart: plain words outside {@code key=value} ("Cache hit"/"Cache miss", "VM
 * Started"/"VM Paused", "boot"/"wait" commands) never fold by rule 2, whatever their number, and an
 * ALL-CAPS or boolean value ({@code state=RUNNING}, {@code enabled=true}) never folds by either
 * rule: such values are enumerations that tell events apart. Two slots varying at once without a
 * general template to fold into (two class names, say) are left split.
 */
public final class TemplateFamilies {

  /** Distinct values a structured or {@code key=value} slot needs before it folds. */
  public static final int MIN_DISTINCT_VALUES = 3;

  private static final String PLACEHOLDER = TemplateScanner.PLACEHOLDER;
  private static final int MAX_ROUNDS = 4;

  /** template -> family template, only for templates that fold. */
  private final Map<String, String> folds;

  private TemplateFamilies(Map<String, String> folds) {
    this.folds = Collections.unmodifiableMap(folds);
  }

  /** No learned families: every template is its own family. */
  public static TemplateFamilies none() {
    return new TemplateFamilies(new TreeMap<>());
  }

  /** Families from an existing fold table (template -> family template), e.g. a loaded file. */
  public static TemplateFamilies of(Map<String, String> folds) {
    return new TemplateFamilies(new TreeMap<>(folds));
  }

  /** Learns the families of {@code templates} (duplicates and order do not matter). */
  public static TemplateFamilies learn(Collection<String> templates) {
    TreeSet<String> roots = new TreeSet<>(templates);
    Map<String, String> parent = new HashMap<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean changed = foldSlots(roots, parent);
      changed |= foldInstances(roots, parent);
      if (!changed) {
        break;
      }
    }
    Map<String, String> folds = new TreeMap<>();
    for (String t : new TreeSet<>(templates)) {
      String f = t;
      for (int depth = 0; depth <= 2 * MAX_ROUNDS && parent.containsKey(f); depth++) {
        f = parent.get(f);
      }
      if (!f.equals(t)) {
        folds.put(t, f);
      }
    }
    return new TemplateFamilies(folds);
  }

  /** The family template of {@code template} (the template itself when it does not fold). */
  public String familyOf(String template) {
    return folds.getOrDefault(template, template);
  }

  /** The family id of {@code template}: the template id of its family template. */
  public String familyIdOf(String template) {
    return TemplateIds.idOf(familyOf(template));
  }

  /** The learned folds, template -> family template, sorted by template. */
  public Map<String, String> folds() {
    return folds;
  }

  /**
   * The version of this fold table: a 16-hex-digit hash of all its (template, family) pairs in
   * order, so two dictionaries with the same folds have the same version wherever they were made.
   */
  public String version() {
    StringBuilder sb = new StringBuilder();
    folds.forEach((t, f) -> sb.append(t).append('\u0000').append(f).append('\u0001'));
    return TemplateIds.idOf(sb);
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 2: one slot with many structured (or key=value) values.

  private static boolean foldSlots(TreeSet<String> roots, Map<String, String> parent) {
    Map<Integer, List<String[]>> byLength = byLength(roots);
    List<String> added = new ArrayList<>();
    boolean changed = false;
    for (List<String[]> bucket : byLength.values()) {
      if (bucket.size() < MIN_DISTINCT_VALUES) {
        continue;
      }
      int n = bucket.get(0).length;
      for (int slot = 0; slot < n; slot++) {
        Map<String, List<String[]>> bySignature = new TreeMap<>();
        for (String[] tokens : bucket) {
          bySignature.computeIfAbsent(signature(tokens, slot), k -> new ArrayList<>()).add(tokens);
        }
        for (List<String[]> group : bySignature.values()) {
          if (group.size() < MIN_DISTINCT_VALUES) {
            continue;
          }
          List<String> values = new ArrayList<>(group.size());
          for (String[] tokens : group) {
            values.add(tokens[slot]);
          }
          if (!variableSlot(values)) {
            continue;
          }
          String[] family = group.get(0).clone();
          family[slot] = generalize(values);
          String familyText = String.join(" ", family);
          for (String[] tokens : group) {
            String t = String.join(" ", tokens);
            if (!t.equals(familyText) && !parent.containsKey(t)) {
              parent.put(t, familyText);
              changed = true;
            }
          }
          added.add(familyText);
        }
      }
    }
    for (String t : parent.keySet()) {
      roots.remove(t);
    }
    for (String f : added) {
      if (!parent.containsKey(f)) {
        roots.add(f);
      }
    }
    return changed;
  }

  /** The tokens with {@code slot} blanked: templates with equal signatures differ only there. */
  private static String signature(String[] tokens, int slot) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < tokens.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(i == slot ? "\u0000" : tokens[i]);
    }
    return sb.toString();
  }

  /**
   * True when the distinct {@code values} of one slot look like data: all structured identifiers,
   * or all values of the same {@code key=}; none an enumeration constant, none a placeholder
   * already (rule 1 handles those).
   */
  static boolean variableSlot(List<String> values) {
    if (values.size() < MIN_DISTINCT_VALUES) {
      return false;
    }
    String key = keyOf(values.get(0));
    boolean sameKey = key != null;
    boolean structured = true;
    for (String v : values) {
      if (v.contains(PLACEHOLDER) || isEnumConstant(coreOf(v))) {
        return false;
      }
      sameKey &= key != null && key.equals(keyOf(v)) && !coreOf(v).isEmpty();
      structured &= isStructured(coreOf(v));
    }
    return sameKey || structured;
  }

  /** {@code key=} of a {@code key=value} token (the key a plain identifier), else null. */
  private static String keyOf(String token) {
    int eq = token.indexOf('=');
    if (eq <= 0) {
      return null;
    }
    for (int i = 0; i < eq; i++) {
      char c = token.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
        return null;
      }
    }
    return token.substring(0, eq + 1);
  }

  /** The value part of a token: after the last {@code =}, without surrounding punctuation. */
  static String coreOf(String token) {
    int a = token.lastIndexOf('=') + 1;
    int e = token.length();
    while (a < e && !Character.isLetterOrDigit(token.charAt(a))) {
      a++;
    }
    while (e > a && !Character.isLetterOrDigit(token.charAt(e - 1))) {
      e--;
    }
    return token.substring(a, e);
  }

  /** Letters (and digits) joined by identifier separators, with at least one separator. */
  static boolean isStructured(String core) {
    boolean separator = false;
    boolean letter = false;
    for (int i = 0; i < core.length(); i++) {
      char c = core.charAt(i);
      if (Character.isLetter(c)) {
        letter = true;
      } else if (c == '.' || c == '_' || c == '-' || c == ':' || c == '/' || c == '$') {
        separator = true;
      } else if (!Character.isDigit(c)) {
        return false;
      }
    }
    return letter && separator;
  }

  /** ALL-CAPS constants ({@code RUNNING}, {@code E_FAIL}) and booleans name distinct events. */
  static boolean isEnumConstant(String core) {
    if (core.equalsIgnoreCase("true") || core.equalsIgnoreCase("false")) {
      return true;
    }
    int letters = 0;
    for (int i = 0; i < core.length(); i++) {
      char c = core.charAt(i);
      if (Character.isLowerCase(c)) {
        return false;
      }
      if (Character.isLetter(c)) {
        letters++;
      } else if (c != '_' && !Character.isDigit(c)) {
        return false;
      }
    }
    return letters >= 2;
  }

  /** One token for all {@code values}: their common prefix and suffix up to a separator. */
  static String generalize(List<String> values) {
    String first = values.get(0);
    int prefix = first.length();
    int suffix = first.length();
    int shortest = first.length();
    for (String v : values) {
      prefix = Math.min(prefix, commonPrefix(first, v));
      suffix = Math.min(suffix, commonSuffix(first, v));
      shortest = Math.min(shortest, v.length());
    }
    // Cut back to a separator so no value is split inside a word ("com.apple." not "com.apple.C").
    while (prefix > 0 && Character.isLetterOrDigit(first.charAt(prefix - 1))) {
      prefix--;
    }
    while (suffix > 0 && Character.isLetterOrDigit(first.charAt(first.length() - suffix))) {
      suffix--;
    }
    if (prefix + suffix > shortest) {
      suffix = Math.max(0, shortest - prefix);
    }
    return first.substring(0, prefix) + PLACEHOLDER + first.substring(first.length() - suffix);
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  private static int commonSuffix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(a.length() - 1 - i) == b.charAt(b.length() - 1 - i)) {
      i++;
    }
    return i;
  }

  // ---------------------------------------------------------------------------------------------
  // Rule 1: a template that is an instance of a more general one.

  private static boolean foldInstances(TreeSet<String> roots, Map<String, String> parent) {
    Map<Integer, List<String[]>> byLength = byLength(roots);
    boolean changed = false;
    for (List<String[]> bucket : byLength.values()) {
      List<String[]> general = new ArrayList<>();
      for (String[] tokens : bucket) {
        if (canBeGeneral(tokens)) {
          general.add(tokens);
        }
      }
      if (general.isEmpty()) {
        continue;
      }
      for (String[] tokens : bucket) {
        String[] best = null;
        int bestGlobs = -1;
        for (String[] g : general) {
          if (g == tokens || !isInstance(tokens, g)) {
            continue;
          }
          int globs = globCount(g);
          if (globs > bestGlobs) { // ties: the first in sorted order
            best = g;
            bestGlobs = globs;
          }
        }
        if (best != null) {
          parent.put(String.join(" ", tokens), String.join(" ", best));
          changed = true;
        }
      }
    }
    for (String t : parent.keySet()) {
      roots.remove(t);
    }
    return changed;
  }

  /** A general template has a placeholder and keeps a letter outside its placeholders. */
  private static boolean canBeGeneral(String[] tokens) {
    boolean glob = false;
    boolean letter = false;
    for (String t : tokens) {
      glob |= t.contains(PLACEHOLDER);
      String literal = t.replace(PLACEHOLDER, "");
      for (int i = 0; i < literal.length() && !letter; i++) {
        letter = Character.isLetter(literal.charAt(i));
      }
    }
    return glob && letter;
  }

  private static int globCount(String[] tokens) {
    int n = 0;
    for (String t : tokens) {
      if (t.contains(PLACEHOLDER)) {
        n++;
      }
    }
    return n;
  }

  /**
   * True when {@code t} differs from {@code g} only where {@code g}'s token is a glob matching
   * {@code t}'s token, in at most half of the tokens, and never on an enumeration constant.
   */
  static boolean isInstance(String[] t, String[] g) {
    int differing = 0;
    for (int i = 0; i < t.length; i++) {
      if (t[i].equals(g[i])) {
        continue;
      }
      if (!g[i].contains(PLACEHOLDER) || !globMatches(g[i], t[i]) || isEnumConstant(coreOf(t[i]))) {
        return false;
      }
      differing++;
    }
    return differing > 0 && 2 * differing <= t.length;
  }

  /** {@code <*>} in {@code glob} matches any run of chars (also none) of {@code s}. */
  static boolean globMatches(String glob, String s) {
    String[] parts = glob.split("<\\*>", -1);
    if (!s.startsWith(parts[0])) {
      return false;
    }
    int pos = parts[0].length();
    for (int i = 1; i < parts.length - 1; i++) {
      int at = s.indexOf(parts[i], pos);
      if (at < 0) {
        return false;
      }
      pos = at + parts[i].length();
    }
    String last = parts[parts.length - 1];
    return s.length() - pos >= last.length() && s.endsWith(last);
  }

  private static Map<Integer, List<String[]>> byLength(Collection<String> templates) {
    Map<Integer, List<String[]>> byLength = new TreeMap<>();
    for (String t : templates) {
      String[] tokens = t.split(" ", -1);
      byLength.computeIfAbsent(tokens.length, k -> new ArrayList<>()).add(tokens);
    }
    return byLength;
  }
}
