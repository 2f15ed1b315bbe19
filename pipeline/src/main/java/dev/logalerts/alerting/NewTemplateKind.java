package dev.logalerts.alerting;

import dev.logalerts.rules.HumanDurations;
import dev.logalerts.rules.NotifyKeys;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleFields;
import dev.logalerts.rules.RuleKey;
import dev.logalerts.rules.RuleKeys;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RuleValues;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.beam.sdk.state.ValueState;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * {@code new-template}: a message template never seen in the group during its first {@code
 * learnFor} appears (once per template; no RESOLVED). Buckets are applied in time order at their
 * end; the known templates are the key's set cell; the group is forgotten {@code forgetAfter} after
 * its last entry and re-learns if it comes back.
 */
final class NewTemplateKind extends RuleKind {
  private static final long NONE = KeyState.NONE;
  static final String LEARN_FOR = "learnFor";

  @Override
  public RuleType type() {
    return RuleType.NEW_TEMPLATE;
  }

  @Override
  public List<RuleKey> keys() {
    return List.of(RuleKey.of(LEARN_FOR, RuleValues::duration));
  }

  @Override
  public boolean incidents() {
    return false;
  }

  @Override
  public String whyNot(String key) {
    return NotifyKeys.ALL.contains(key)
            || RuleKeys.INCIDENT.contains(key)
            || RuleKeys.WINDOWED_INCIDENT.contains(key)
        ? " (a new-template alert is one message per new template, with no incident to suppress,"
            + " re-notify, resolve or flap)"
        : "";
  }

  /**
   * Group keys a deploy renews, with what it renews: each new value is a new group, which learns
   * (does not report) for learnFor, so these groups cannot see the error a new version brings.
   */
  private static final Map<String, String> RENEWED_BY_DEPLOYS =
      Map.of(
          "resource.labels.pod_name", "a rollout's new pods are new groups",
          "resource.labels.revision_name", "a deploy's new revision is a new group",
          "resource.labels.version_id", "a deploy's new version is a new group");

  @Override
  public @Nullable String note(Rule r) {
    for (String k : r.groupBy()) {
      String renewed = RENEWED_BY_DEPLOYS.get(k);
      if (renewed != null) {
        return "groupBy "
            + k
            + ": "
            + renewed
            + ", and a new group learns its templates for learnFor ("
            + HumanDurations.format(r.learnFor())
            + ") from its first entry, so an error a new version brings is learned, not"
            + " reported; group by the workload (service, resource.labels.container_name, …)";
      }
    }
    return null;
  }

  @Override
  public void validate(RuleFields f, Rule.Builder b, Duration window) {
    b.setLearnFor(f.optional(LEARN_FOR, Duration.standardMinutes(60), RuleValues::duration));
  }

  @Override
  int observes(Rule r) {
    return OBSERVE_TEMPLATE;
  }

  @Override
  void onBucket(KindContext cx, Rule r, KeyState st, BucketAgg b, Consumer<Alert> out) {}

  /** Applies due buckets in time order; forgets the group forgetAfter after its last entry. */
  @Override
  boolean step(
      KindContext cx,
      Rule r,
      KeyState st,
      long t,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    while (true) {
      long nb = st.buckets.isEmpty() ? NONE : st.buckets.firstKey();
      long fg = forgetAt(r, st);
      long ev = Math.min(nb, fg);
      if (ev == NONE) {
        return endOfTime(r, st, t);
      }
      if (ev > t) {
        st.nextEval = ev;
        return true;
      }
      if (ev == nb) {
        BucketAgg b = st.buckets.pollFirstEntry().getValue();
        apply(cx, r, st, b, known, out);
        st.lastEvaluated = Math.max(st.lastEvaluated, b.endMillis);
      } else {
        return false; // idle for forgetAfter: forget; it re-learns if it comes back
      }
    }
  }

  @Override
  void late(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    apply(cx, r, st, b, known, out);
    st.nextEval = Math.min(st.nextEval, forgetAt(r, st));
  }

  @Override
  Alert.Builder retired(KindContext cx, Rule r, KeyState st, List<String> values, long end) {
    throw new IllegalStateException("a new-template rule has no open incident");
  }

  private void apply(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      ValueState<Set<String>> known,
      Consumer<Alert> out) {
    if (b.count == 0) {
      return;
    }
    st.lastSeen = Math.max(st.lastSeen, b.maxTsMillis);
    long learnEnd = st.firstSeen + r.learnFor().getMillis();
    Set<String> set = known.read();
    if (set == null) {
      set = new HashSet<>();
    }
    boolean changed = false;
    for (Map.Entry<String, BucketAgg.TemplateStat> e : b.templates.entrySet()) {
      String id = e.getKey();
      if (set.contains(id)) {
        continue;
      }
      if (set.size() >= cx.maxKnownTemplates) {
        cx.knownOverflow.inc();
        continue;
      }
      set.add(id);
      changed = true;
      BucketAgg.TemplateStat ts = e.getValue();
      if (ts.firstMillis() >= learnEnd) {
        emit(cx, r, st, b, id, ts, out);
      }
    }
    if (changed) {
      known.write(set);
    }
  }

  private static void emit(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      String id,
      BucketAgg.TemplateStat ts,
      Consumer<Alert> out) {
    List<String> values = AlertFactory.values(r, st);
    long p = r.period().getMillis();
    String template = cx.alerts.redact(ts.template);
    String text =
        "new template \""
            + AlertText.truncate(template, AlertText.MAX_TEMPLATE_CHARS)
            + "\" seen "
            + ts.count
            + (ts.count == 1 ? " time" : " times")
            + " in "
            + AlertText.duration(p);
    Alert a =
        cx.alerts
            .base(r, st, values, ts.count, 1, b.endMillis - p, b.endMillis, ts.samples)
            .setAlertId(GroupKeys.stableId(r.name(), st.key, id))
            .setState(AlertState.FIRING)
            .setFirstSeenMillis(ts.firstMillis())
            .setSummary(AlertText.line(r.name(), AlertFactory.label(r, values), text))
            .setTemplateId(id)
            .setTemplate(template)
            .build();
    cx.alerts.emit(a, out);
  }
}
