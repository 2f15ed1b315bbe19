package dev.logalerts.ruletest;

import dev.logalerts.alerting.Alert;
import dev.logalerts.alerting.IncidentSummary;
import dev.logalerts.rules.HumanDurations;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Compares one test's alerts with its expectations. An expectation matches an alert by rule, state,
 * a group that contains the expected one, and (when {@code at} is given) a window end within one
 * rule period of {@code start + at}; it holds when exactly {@code count} alerts match. With {@code
 * unexpected: fail}, an alert that no expectation matches fails the test.
 */
public record Verdict(boolean passed, List<String> diff, List<Focus> explain) {

  /** A rule and the group (or part of a group) whose timeline explains a failure. */
  public record Focus(String rule, SortedMap<String, String> group) {}

  /** Alerts in the order a person reads them: by window end, then rule, state and group. */
  static final Comparator<Alert> ALERT_ORDER =
      Comparator.comparingLong(Alert::windowEndMillis)
          .thenComparing(Alert::rule)
          .thenComparing(a -> a.state().name())
          .thenComparing(a -> a.group().toString());

  static Verdict of(
      RuleTestSpec spec, RuleTestSpec.Case test, RuleSet rules, List<Alert> replayed) {
    // Expectations are about what is published: an alert a silence held back does not count (it
    // is listed with the rule's alerts when an expectation fails).
    List<Alert> alerts = replayed.stream().filter(a -> a.silencedBy() == null).toList();
    List<String> diff = new ArrayList<>();
    Set<Focus> explain = new LinkedHashSet<>();
    Map<Alert, Boolean> claimed = new IdentityHashMap<>();
    for (RuleTestSpec.Expectation e : test.expect()) {
      Rule rule = rules.rule(e.rule());
      List<Alert> matching = new ArrayList<>();
      for (Alert a : alerts) {
        if (matches(spec, e, rule, a)) {
          matching.add(a);
          claimed.put(a, true);
        }
      }
      if (matching.size() != e.count()) {
        diff.add(
            "expected " + e.count() + " × " + describe(spec, e, rule) + ", got " + matching.size());
        List<Alert> ofRule = replayed.stream().filter(a -> a.rule().equals(e.rule())).toList();
        if (ofRule.isEmpty()) {
          diff.add("  alerts of rule " + e.rule() + ": none");
        } else {
          diff.add("  alerts of rule " + e.rule() + ":");
          ofRule.forEach(a -> diff.add("    " + line(a)));
        }
        explain.add(new Focus(e.rule(), e.group()));
      }
    }
    if (test.failOnUnexpected()) {
      for (Alert a : alerts) {
        if (!claimed.containsKey(a)) {
          diff.add("unexpected alert: " + line(a));
          explain.add(new Focus(a.rule(), a.group()));
        }
      }
    }
    return new Verdict(diff.isEmpty(), List.copyOf(diff), List.copyOf(explain));
  }

  private static boolean matches(
      RuleTestSpec spec, RuleTestSpec.Expectation e, Rule rule, Alert a) {
    if (!a.rule().equals(e.rule()) || !a.state().name().equals(e.state())) {
      return false;
    }
    for (Map.Entry<String, String> g : e.group().entrySet()) {
      if (!g.getValue().equals(a.group().get(g.getKey()))) {
        return false;
      }
    }
    if (e.atMillis() != null) {
      long expectedEnd = spec.start().toEpochMilli() + e.atMillis();
      if (Math.abs(a.windowEndMillis() - expectedEnd) > rule.period().getMillis()) {
        return false;
      }
    }
    for (Map.Entry<String, RuleTestSpec.ExpectedNumber> n : e.numbers().entrySet()) {
      Double actual = number(a, n.getKey());
      if (actual == null || !n.getValue().matches(actual)) {
        return false;
      }
    }
    return true;
  }

  /** An alert's number by the name an expectation gives it; null when the alert has none. */
  private static @Nullable Double number(Alert a, String key) {
    if (key.equals("value")) {
      return a.value();
    }
    IncidentSummary i = a.incident();
    if (i == null) {
      return null;
    }
    return switch (key) {
      case "incident.matchingEntries" -> (double) i.matchingEntries();
      case "incident.peakValue" -> i.peakValue();
      case "incident.notifications" -> (double) i.notifications();
      case "incident.suppressed" -> (double) i.suppressed();
      case "incident.durationSeconds" -> (double) i.durationSeconds();
      default -> null;
    };
  }

  private static String describe(RuleTestSpec spec, RuleTestSpec.Expectation e, Rule rule) {
    StringBuilder sb = new StringBuilder(e.rule()).append(' ').append(e.state());
    if (!e.group().isEmpty()) {
      sb.append(" group ").append(e.group());
    }
    if (e.atMillis() != null) {
      sb.append(" windowEnd ")
          .append(Instant.ofEpochMilli(spec.start().toEpochMilli() + e.atMillis()))
          .append(" ± ")
          .append(HumanDurations.format(rule.period()));
    }
    e.numbers().forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v.text()));
    return sb.toString();
  }

  /** One alert as the diff shows it. */
  static String line(Alert a) {
    return String.format(
            Locale.ROOT,
            "%-8s %s group %s windowEnd %s value %s threshold %s",
            a.state(),
            a.rule(),
            a.group(),
            Instant.ofEpochMilli(a.windowEndMillis()),
            number(a.value()),
            number(a.threshold()))
        + incident(a.incident())
        + (a.silencedBy() == null ? "" : " (silenced by " + a.silencedBy() + ", not published)");
  }

  private static String incident(@Nullable IncidentSummary i) {
    return i == null
        ? ""
        : String.format(
            Locale.ROOT,
            " incident {matchingEntries %d, peakValue %s, notifications %d, suppressed %d,"
                + " durationSeconds %d}",
            i.matchingEntries(),
            number(i.peakValue()),
            i.notifications(),
            i.suppressed(),
            i.durationSeconds());
  }

  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
