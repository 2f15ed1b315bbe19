package dev.logalerts.alerting;

import dev.logalerts.model.MessageTemplate;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.Timestamps;
import dev.logalerts.parse.ServiceScope;
import dev.logalerts.rules.Rule;
import dev.logalerts.templates.Redactor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Builds the alerts of {@link LifecycleFn}: the fields every kind shares (rule, group, samples
 * redacted, description, Logs Explorer link), the sliding kinds' FIRING / RESOLVED and the RESOLVED
 * of a retired key; the kinds supply their own summary text. Every message of an incident goes out
 * through {@link #publish}: flap detection, sequence and incident summary.
 */
final class AlertFactory implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What may stand before the address in an IAM member: its type, and {@code deleted:}. */
  private static final Pattern MEMBER_TYPES = Pattern.compile("([A-Za-z]+:){0,2}");

  /**
   * A service account named by its address in a resource name ({@code
   * projects/p/serviceAccounts/deployer@p.iam.gserviceaccount.com/keys/69049…}): an identifier that
   * Google assigns, as the account's e-mail is.
   */
  private static final Pattern SERVICE_ACCOUNT_SEGMENT =
      Pattern.compile("(?<=serviceAccounts/)[^/\\s@]+@[^/\\s]+");

  /** Sets a kept value apart in a text: no log text holds it, and no redaction pattern spans it. */
  private static final String KEPT = "\u0000";

  private final SerializableFunction<String, String> redactor;
  private final SerializableFunction<String, MessageTemplate> miner;
  private final Counter firing = PipelineCounters.counter("alerts_firing");
  private final Counter resolved = PipelineCounters.counter("alerts_resolved");

  AlertFactory(
      SerializableFunction<String, String> redactor,
      SerializableFunction<String, MessageTemplate> miner) {
    this.redactor = redactor;
    this.miner = miner;
  }

  String redact(String text) {
    return redactor.apply(text);
  }

  /** The key's group values, in groupBy order. */
  static List<String> values(Rule r, KeyState st) {
    return GroupKeys.values(st.key, r.groupBy().size());
  }

  static TreeMap<String, String> groupMap(Rule r, List<String> values) {
    TreeMap<String, String> g = new TreeMap<>();
    for (int i = 0; i < r.groupBy().size(); i++) {
      g.put(r.groupBy().get(i), values.get(i));
    }
    return g;
  }

  /** How the group reads in a summary line. */
  static String label(Rule r, List<String> values) {
    return AlertText.groupLabel(groupMap(r, values), r.groupBy());
  }

  private List<AlertSample> samples(List<Observation> obs) {
    List<AlertSample> out = new ArrayList<>(obs.size());
    for (Observation o : obs) {
      // The noisy-log account's id where known, so the sample joins its volume in BigQuery.
      String templateId =
          !o.sampleTemplateId.isEmpty()
              ? o.sampleTemplateId
              : o.templateId.isEmpty() ? miner.apply(o.message).templateId() : o.templateId;
      out.add(
          AlertSample.of(
              o.insertId,
              Timestamps.format(o.timestampNanos),
              caller(o) + redactor.apply(o.message),
              templateId));
    }
    return out;
  }

  /**
   * Who made an audit log's call and from where, ahead of its message ({@code
   * terraform@platform.iam.gserviceaccount.com from 100.100.100.100: SetIamPolicy}): the message
   * names the call only, and an alert on audit logs is about who made it. The principal is shown as
   * a group value is ({@link #isAddress}: one address as a whole), else redacted.
   */
  private String caller(Observation o) {
    String principal = o.principal;
    if (!principal.isEmpty()) {
      String redacted = redactor.apply(principal);
      principal = isAddress(principal, redacted) ? principal : redacted;
    }
    String from = o.callerIp.isEmpty() ? "" : "from " + redactor.apply(o.callerIp);
    if (principal.isEmpty() && from.isEmpty()) {
      return "";
    }
    return (principal.isEmpty() || from.isEmpty() ? principal + from : principal + " " + from)
        + ": ";
  }

  /**
   * The fields every alert has; the caller sets id, state, first seen and summary. The link's
   * project and service restriction come from the samples; an alert without samples (a RESOLVED
   * after a quiet window) takes those of the group's last alert that had some, kept in {@code st},
   * and a group never seen (an expected group) the project its rule requires.
   */
  Alert.Builder base(
      Rule r,
      KeyState st,
      List<String> values,
      double value,
      double threshold,
      long start,
      long end,
      List<Observation> obs) {
    List<String> shown = shown(r, values);
    TreeMap<String, String> group = groupMap(r, shown);
    RuleKind kind = RuleKinds.of(r.type());
    for (Observation o : obs) {
      if (!o.isSeed()) {
        st.linkProject = o.projectId;
        st.linkScope = serviceScope(r, values, obs);
        break;
      }
    }
    return Alert.builder()
        .setRule(r.name())
        .setType(r.type().key())
        .setSeverity(r.severity().key())
        .setGroupMap(group)
        .setValue(value)
        .setThreshold(threshold)
        .setWindowStartMillis(start)
        .setWindowEndMillis(end)
        .setDescription(
            AlertText.description(
                r.description(), group, kind.valueText(value), kind.valueText(threshold)))
        .setRunbook(r.runbook())
        .setSamples(samples(obs))
        .setLogsExplorerUrl(
            AlertText.logsExplorerUrl(
                r,
                linked(values, shown),
                start,
                end,
                st.linkProject.isEmpty() ? AlertText.projectRequiredBy(r, values) : st.linkProject,
                st.linkScope));
  }

  /**
   * The group's values as an alert shows them, redacted: a group value is any field's text (a
   * request URL with its {@code access_token}), and the alert is stored and published like its
   * samples. Kept as they are ({@link #keptAsIs}): a value that names the resource, and one that is
   * an e-mail address or IAM member. The key's state keeps the raw values, so groups and expected
   * groups stay apart.
   */
  private List<String> shown(Rule r, List<String> values) {
    List<String> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String v = values.get(i);
      String redacted = namesTheResource(r.groupBy().get(i)) ? v : redactor.apply(v);
      out.add(isAddress(v, redacted) ? v : redacted);
    }
    return out;
  }

  /**
   * Whether a group key's values name the entry's resource, not its text: the service, the resource
   * type and labels, the log, the severity, the template id. They are identifiers the project chose
   * or Google assigned, and a 19-digit Vertex AI job or VM id starting with 4 passes the
   * card-number check one time in ten: redacted, the alert could not say which job it is.
   */
  static boolean namesTheResource(String key) {
    return key.equals("service")
        || key.equals("template")
        || key.equals("severity")
        || key.equals("logName")
        || key.equals("resource.type")
        || key.startsWith("resource.labels.");
  }

  /**
   * Whether a group value is shown as it is: it names the resource, or it is one e-mail address as
   * a whole, or an IAM member naming one — the rule groups by a principal ({@code
   * protoPayload.authenticationInfo.principalEmail}) to say who, and its groups would all read
   * {@code [REDACTED:email]} — or a resource name whose only addresses are the service accounts it
   * names (a key created, a service account's policy changed: which account is the point).
   */
  private boolean keptAsIs(String key, String v) {
    return namesTheResource(key) || isAddress(v, redactor.apply(v));
  }

  /**
   * Whether {@code v} (which redacts to {@code redacted}) is one e-mail address as a whole, by the
   * redactor's own reading, or an IAM member naming one ({@code user:alice@example.com}, {@code
   * serviceAccount:…}, {@code deleted:user:…}).
   */
  private static boolean isAddress(String v, String redacted) {
    if (namesServiceAccounts(v, redacted)) {
      return true;
    }
    if (v.indexOf('@') <= 0 || !redacted.endsWith(Redactor.EMAIL_MARKER)) {
      return false;
    }
    String prefix = redacted.substring(0, redacted.length() - Redactor.EMAIL_MARKER.length());
    return v.startsWith(prefix) && MEMBER_TYPES.matcher(prefix).matches();
  }

  /**
   * Whether the redactor changed nothing in {@code v} but the service accounts' addresses of its
   * {@code serviceAccounts/} segments, so that the value keeps no other secret when shown.
   */
  private static boolean namesServiceAccounts(String v, String redacted) {
    Matcher m = SERVICE_ACCOUNT_SEGMENT.matcher(v);
    return m.find()
        && m.reset().replaceAll(Matcher.quoteReplacement(Redactor.EMAIL_MARKER)).equals(redacted);
  }

  /**
   * The values the Logs Explorer link restricts to: null where redaction changed a value, which
   * leaves that restriction out (the link shows more entries, never fewer, and no secret).
   */
  private static List<String> linked(List<String> values, List<String> shown) {
    List<String> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      out.add(values.get(i).equals(shown.get(i)) ? values.get(i) : null);
    }
    return out;
  }

  /**
   * The restriction that selects the entries of the group's {@code service} ({@link ServiceScope},
   * from the resource type and log of each sample), several joined by OR; "" when the rule does not
   * group by service or one of them cannot be read back (the link then shows more, never less).
   */
  static String serviceScope(Rule r, List<String> values, List<Observation> obs) {
    int i = r.groupBy().indexOf("service");
    if (i < 0 || i >= values.size()) {
      return "";
    }
    String service = values.get(i);
    if (service.equals(GroupKeys.OTHER) || service.equals(GroupKeys.NONE)) {
      return "";
    }
    Set<String> scopes = new LinkedHashSet<>();
    for (Observation o : obs) {
      if (o.isSeed()) {
        continue;
      }
      String scope = ServiceScope.of(o.resourceType, o.logId, service);
      if (scope.isEmpty()) {
        return "";
      }
      scopes.add(scope);
    }
    if (scopes.size() <= 1) {
      return scopes.isEmpty() ? "" : scopes.iterator().next();
    }
    // OR binds tighter than AND in Cloud Logging's language: each restriction in parentheses.
    StringBuilder sb = new StringBuilder("(");
    for (String scope : scopes) {
      sb.append(sb.length() > 1 ? " OR (" : "(").append(scope).append(')');
    }
    return sb.append(')').toString();
  }

  /**
   * The next message number of {@code alertId}: 1, 2, 3... (FIRING, re-notifications, FLAPPING,
   * RESOLVED), kept in the key's state so it survives restarts and updates.
   */
  static long nextSequence(KeyState st, String alertId) {
    if (!alertId.equals(st.sequencedId)) {
      st.sequencedId = alertId;
      st.sequence = 0;
    }
    return ++st.sequence;
  }

  /** What a message of an incident is to the lifecycle (flap detection decides on it). */
  enum Step {
    /** FIRING of a new incident (a state change). */
    START,
    /** FIRING of an incident already notified. */
    RENOTIFY,
    /** RESOLVED (a state change). */
    RESOLVE,
    /** RESOLVED because the rule was removed or reshaped: always published. */
    RETIRE,
    /** The state a flapping group kept for flapWindow: published once. */
    RELEASE
  }

  /**
   * Publishes one message of the key's incident at {@code t}: {@code b} holds the kind's fields and
   * its state (FIRING or RESOLVED); here flap detection may hold it or publish it as FLAPPING
   * ({@link Flapping}), and the alertId, sequence, firstSeen and the incident summary (RESOLVED,
   * FLAPPING) are set from the key's state ({@link Incident}).
   */
  void publish(Rule r, KeyState st, Alert.Builder b, Step step, long t, Consumer<Alert> out) {
    Flapping.Verdict v = st.flap.decide(r, st, step, t);
    Incident inc = st.incident;
    if (v == Flapping.Verdict.HOLD) {
      if (step != Step.RESOLVE) {
        inc.suppressed++;
      }
      return;
    }
    String id = st.flap.holding() ? st.flap.episodeId : st.alertId;
    b.setAlertId(id)
        .setSequence(nextSequence(st, id))
        .setFirstSeenMillis(inc.open ? inc.firstSeen : st.incidentStart);
    if (v == Flapping.Verdict.FLAPPING) {
      List<String> values = values(r, st);
      String w = AlertText.duration(r.flapWindow());
      b.setState(AlertState.FLAPPING)
          .setIncident(inc.summary(t))
          .setSummary(
              AlertText.line(
                  r.name(),
                  label(r, values),
                  "flapping: changed state "
                      + r.flapCount()
                      + " times within "
                      + w
                      + "; FIRING and RESOLVED are held until it keeps one state for "
                      + w));
    } else if (b.state() == AlertState.FIRING) {
      inc.notifications++;
      if (step == Step.RELEASE) {
        st.lastNotified = t; // re-notifications count from this FIRING
        st.flap.end();
      }
    } else {
      b.setIncident(inc.summary(t));
      inc.close();
      if (step != Step.RESOLVE) {
        st.flap.end(); // RETIRE, RELEASE
      }
    }
    emit(b.build(), out);
  }

  /** A sliding kind's FIRING or RESOLVED for one evaluation; {@code core}: the kind's text. */
  void emit(
      Rule r, KeyState st, Eval ev, AlertState state, Step step, String core, Consumer<Alert> out) {
    List<String> values = values(r, st);
    String template = groupTemplate(r, values, ev.agg.samples);
    if (!template.isEmpty()) {
      core += " — " + template; // the group's id alone would not say which log it is
    }
    String summary =
        AlertText.line(
            r.name(), label(r, values), state == AlertState.RESOLVED ? "resolved: " + core : core);
    Alert.Builder b =
        base(r, st, values, ev.value, ev.threshold, ev.start, ev.end, ev.agg.samples)
            .setState(state)
            .setSummary(summary);
    if (!template.isEmpty()) {
      b.setTemplateId(values.get(r.groupBy().indexOf(Rule.TEMPLATE_KEY)))
          .setTemplate(redactor.apply(template));
    }
    publish(r, st, b, step, ev.end, out);
  }

  /**
   * The template text of a rule grouped by template, from a sample of the group's template; "" for
   * other rules, the group of groups past the rule's limit, and where the window kept no sample (a
   * RESOLVED after a quiet window).
   */
  private static String groupTemplate(Rule r, List<String> values, List<Observation> samples) {
    int at = r.groupBy().indexOf(Rule.TEMPLATE_KEY);
    if (at < 0 || GroupKeys.OTHER.equals(values.get(at))) {
      return "";
    }
    for (Observation o : samples) {
      if (!o.template.isEmpty()
          && (o.sampleTemplateId.isEmpty() || o.sampleTemplateId.equals(values.get(at)))) {
        return o.template;
      }
    }
    return "";
  }

  /**
   * RESOLVED for an open incident (or flapping episode) whose rule was removed or changed shape.
   */
  void emitRetired(
      RuleKind kind, KindContext cx, Rule r, KeyState st, String reason, Consumer<Alert> out) {
    List<String> values = values(r, st);
    long end = Math.max(st.lastEvaluated, st.lastNotified);
    Alert.Builder b =
        kind.retired(cx, r, st, values, end)
            .setState(AlertState.RESOLVED)
            .setSummary(AlertText.line(r.name(), label(r, values), "resolved: " + reason));
    publish(r, st, b, Step.RETIRE, end, out);
  }

  /**
   * Closes the open incident of a group its rule stops tracking at {@code at}: a RESOLVED saying
   * the group is forgotten ({@code kept}: for how long a silent group is kept), not back, so that
   * no published incident stays open for good.
   */
  void emitForgotten(
      RuleKind kind,
      KindContext cx,
      Rule r,
      KeyState st,
      long at,
      String kept,
      Consumer<Alert> out) {
    st.lastEvaluated = Math.max(st.lastEvaluated, at);
    emitRetired(kind, cx, r, st, AlertText.forgotten(st.lastSeen, at, kept), out);
  }

  /**
   * Counts and outputs a built alert. Its summary names the group by its raw values (the kinds
   * write it), so it is redacted here, where every alert passes.
   */
  void emit(Alert a, Consumer<Alert> out) {
    if (a.state() == AlertState.FIRING) {
      firing.inc();
    } else if (a.state() == AlertState.RESOLVED) {
      resolved.inc();
    }
    String summary = redactedKeepingShown(a.summary(), a.group());
    out.accept(summary.equals(a.summary()) ? a : a.toBuilder().setSummary(summary).build());
  }

  /**
   * The text redacted, but for the group values {@link #keptAsIs} shows as they are, which stand in
   * the text as the group's label: they are set aside while the rest is redacted.
   */
  private String redactedKeepingShown(String text, Map<String, String> group) {
    List<String> kept = new ArrayList<>();
    for (Map.Entry<String, String> g : group.entrySet()) {
      String v = g.getValue();
      if (!v.isEmpty() && text.contains(v) && keptAsIs(g.getKey(), v)) {
        kept.add(v);
      }
    }
    if (kept.isEmpty()) {
      return redactor.apply(text);
    }
    kept.sort((x, y) -> y.length() - x.length()); // a longer address holding a shorter one first
    String s = text;
    for (int i = 0; i < kept.size(); i++) {
      s = s.replace(kept.get(i), KEPT + i + KEPT);
    }
    s = redactor.apply(s);
    for (int i = 0; i < kept.size(); i++) {
      s = s.replace(KEPT + i + KEPT, kept.get(i));
    }
    return s;
  }
}
