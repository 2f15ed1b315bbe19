package dev.logalerts.alerting;

import dev.logalerts.rules.HumanDurations;
import dev.logalerts.rules.NotifyKeys;
import dev.logalerts.rules.Rule;
import dev.logalerts.rules.RuleFields;
import dev.logalerts.rules.RuleKey;
import dev.logalerts.rules.RuleKeys;
import dev.logalerts.rules.RuleType;
import dev.logalerts.rules.RuleValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
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
    List<Map.Entry<String, BucketAgg.TemplateStat>> fresh = new ArrayList<>();
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
      if (e.getValue().firstMillis() >= learnEnd) {
        fresh.add(e);
      }
    }
    if (changed) {
      known.write(set);
    }
    if (fresh.size() > 1) {
      fresh.sort(
          Comparator.comparingLong(
                  (Map.Entry<String, BucketAgg.TemplateStat> e) -> e.getValue().firstMillis())
              .thenComparing(Map.Entry::getKey));
    }
    if (fresh.size() > 1 && fresh.stream().anyMatch(e -> isStackLine(e.getValue().template))) {
      emitTrace(cx, r, st, b, fresh, out);
    } else {
      for (Map.Entry<String, BucketAgg.TemplateStat> e : fresh) {
        emit(cx, r, st, b, e.getKey(), e.getValue(), out);
      }
    }
  }

  /**
   * One alert for a bucket's new templates when one of them is a line of a stack trace: a trace
   * written one line per entry (stderr of Cloud Run, Vertex AI training) makes a template of each
   * line, frame and code line alike, and a crash was twenty alerts. The alert is named by the first
   * that is neither indented (a Python traceback's code lines, a Java trace's frames) nor a
   * traceback's header or frame — the error itself —, with the others' texts in its summary and one
   * sample of each; every one of them is known from now on.
   */
  private static void emitTrace(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      List<Map.Entry<String, BucketAgg.TemplateStat>> fresh,
      Consumer<Alert> out) {
    Map.Entry<String, BucketAgg.TemplateStat> named = fresh.get(0);
    for (Map.Entry<String, BucketAgg.TemplateStat> e : fresh) {
      String t = e.getValue().template;
      if (!t.isEmpty() && !Character.isWhitespace(t.charAt(0)) && !isStackLine(t)) {
        named = e;
        break;
      }
    }
    long count = 0;
    List<Observation> samples = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (Map.Entry<String, BucketAgg.TemplateStat> e : fresh) {
      count += e.getValue().count;
      if (samples.size() < BucketAgg.MAX_SAMPLES && !e.getValue().samples.isEmpty()) {
        samples.add(e.getValue().samples.get(0));
      }
      if (e != named && others.size() < 3) {
        others.add("\"" + AlertText.truncate(cx.alerts.redact(e.getValue().template), 60) + "\"");
      }
    }
    BucketAgg.TemplateStat ts = named.getValue();
    String template = cx.alerts.redact(ts.template);
    String text =
        fresh.size()
            + " new templates seen "
            + count
            + " times in "
            + AlertText.duration(r.period().getMillis())
            + ", first \""
            + AlertText.truncate(template, AlertText.MAX_TEMPLATE_CHARS)
            + "\", then "
            + String.join(", ", others)
            + (fresh.size() - 1 > others.size() ? ", …" : "");
    alert(cx, r, st, b, named.getKey(), ts, count, template, text, samples, out);
  }

  /** Whether a template is a traceback's header or one of its frames: not what went wrong. */
  private static boolean isStackLine(String template) {
    return STACK_LINE.matcher(template).lookingAt();
  }

  private static final Pattern STACK_LINE =
      Pattern.compile(
          "\\s*(Traceback \\(most recent call last\\)|File \"|at [\\w$.<>]+\\(|\\.\\.\\. \\d+ more"
              + "|goroutine \\d+ \\[)");

  private static void emit(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      String id,
      BucketAgg.TemplateStat ts,
      Consumer<Alert> out) {
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
    alert(cx, r, st, b, id, ts, ts.count, template, text, ts.samples, out);
  }

  /** A new-template FIRING about template {@code id} (its alert id), of {@code count} entries. */
  private static void alert(
      KindContext cx,
      Rule r,
      KeyState st,
      BucketAgg b,
      String id,
      BucketAgg.TemplateStat ts,
      long count,
      String template,
      String text,
      List<Observation> samples,
      Consumer<Alert> out) {
    List<String> values = AlertFactory.values(r, st);
    long p = r.period().getMillis();
    Alert a =
        cx.alerts
            .base(r, st, values, count, 1, b.endMillis - p, b.endMillis, samples)
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
