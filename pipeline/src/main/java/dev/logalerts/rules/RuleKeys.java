package dev.logalerts.rules;

import dev.logalerts.alerting.RuleKinds;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key names of the rules file, and which rule types accept each: the common keys every kind
 * accepts, the window keys of windowed kinds, the notification keys of kinds with incidents ({@link
 * NotifyKeys}), and the keys each kind declares ({@link KindSpec#keys()}).
 */
public final class RuleKeys {
  private RuleKeys() {}

  public static final String NAME = "name";
  public static final String TYPE = "type";
  public static final String FILTER = "filter";
  public static final String GROUP_BY = "groupBy";
  public static final String WINDOW = "window";
  public static final String PERIOD = "period";
  public static final String THRESHOLD = "threshold";
  public static final String SEVERITY = "severity";
  public static final String SUPPRESS_FOR = "suppressFor";
  public static final String RESOLVE_AFTER = "resolveAfter";
  public static final String DESCRIPTION = "description";
  public static final String RUNBOOK = "runbook";
  public static final String MIN_COUNT = "minCount";

  /** Keys every kind accepts. */
  public static final List<String> COMMON =
      List.of(NAME, TYPE, FILTER, GROUP_BY, SEVERITY, DESCRIPTION, RUNBOOK);

  /** Keys of the windowed kinds ({@link KindSpec#windowed()}). */
  public static final List<String> WINDOWED = List.of(WINDOW, PERIOD);

  /**
   * Keys of the kinds whose alerts form incidents ({@link KindSpec#incidents()}): a kind without
   * incidents (new-template) has nothing to suppress, and nothing to resolve; resolveAfter also
   * needs windows ({@link #WINDOWED_INCIDENT}).
   */
  public static final List<String> INCIDENT = List.of(SUPPRESS_FOR);

  /** Keys of the windowed kinds with incidents. */
  public static final List<String> WINDOWED_INCIDENT = List.of(RESOLVE_AFTER);

  /** threshold: its meaning depends on the kind, so it is only checked where it is used. */
  public static final RuleKey THRESHOLD_KEY = RuleKey.of(THRESHOLD, null);

  /** ratio, latency, spike: no alert below this many entries. */
  public static final RuleKey MIN_COUNT_KEY =
      RuleKey.of(MIN_COUNT, v -> RuleValues.integer(v, 0, 1_000_000_000L));

  /**
   * The documented order of the keys (the order of "did you mean" candidates, so near misses
   * resolve the same way); keys of kinds added later follow in registration order.
   */
  private static final List<String> ORDER =
      List.of(
          NAME,
          TYPE,
          FILTER,
          GROUP_BY,
          WINDOW,
          PERIOD,
          THRESHOLD,
          SEVERITY,
          SUPPRESS_FOR,
          RESOLVE_AFTER,
          DESCRIPTION,
          RUNBOOK,
          "numerator",
          MIN_COUNT,
          "percentile",
          "expectWithin",
          "forgetAfter",
          "factor",
          "direction",
          "baseline",
          "learnFor",
          NotifyKeys.FLAP_COUNT,
          NotifyKeys.FLAP_WINDOW,
          NotifyKeys.RENOTIFY_EVERY);

  /**
   * Built on first use, not when this class initializes: the kinds' own constants refer to this
   * class, and the tables refer to the kinds.
   */
  private static final class Tables {
    /** Every rule key in documented order, mapped to the rule types that accept it. */
    static final Map<String, Set<RuleType>> KEYS = buildTable();

    /** Kind keys by name: the first kind declaring a key supplies its check alone. */
    static final Map<String, RuleKey> KIND_KEYS = kindKeys();
  }

  /** Every rule key in documented order, mapped to the rule types that accept it. */
  static Map<String, Set<RuleType>> table() {
    return Tables.KEYS;
  }

  private static Map<String, Set<RuleType>> buildTable() {
    Map<String, Set<RuleType>> m = new LinkedHashMap<>();
    for (String k : ORDER) {
      m.put(k, EnumSet.noneOf(RuleType.class));
    }
    for (KindSpec kind : RuleKinds.all()) {
      for (String k : COMMON) {
        m.get(k).add(kind.type());
      }
      if (kind.windowed()) {
        for (String k : WINDOWED) {
          m.get(k).add(kind.type());
        }
      }
      if (kind.incidents()) {
        for (String k : INCIDENT) {
          m.get(k).add(kind.type());
        }
        if (kind.windowed()) {
          for (String k : WINDOWED_INCIDENT) {
            m.get(k).add(kind.type());
          }
        }
        for (String k : NotifyKeys.ALL) {
          m.get(k).add(kind.type());
        }
      }
      for (RuleKey k : kind.keys()) {
        m.computeIfAbsent(k.name(), x -> EnumSet.noneOf(RuleType.class)).add(kind.type());
      }
    }
    m.values().removeIf(Set::isEmpty);
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, RuleKey> kindKeys() {
    Map<String, RuleKey> m = new LinkedHashMap<>();
    for (KindSpec kind : RuleKinds.all()) {
      for (RuleKey k : kind.keys()) {
        m.putIfAbsent(k.name(), k);
      }
    }
    return m;
  }

  /** Whether rules of {@code type} accept {@code key}. */
  static boolean accepts(String key, RuleType type) {
    Set<RuleType> types = Tables.KEYS.get(key);
    return types != null && types.contains(type);
  }

  /** The kind key of that name, or null for common and unknown keys. */
  static RuleKey kindKey(String key) {
    return Tables.KIND_KEYS.get(key);
  }
}
