package dev.logalerts.alerting;

import dev.logalerts.model.MessageTemplate;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.Timestamps;
import dev.logalerts.rules.Rule;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Builds the alerts of {@link LifecycleFn}: the fields every kind shares (rule, group, samples
 * redacted, description, Logs Explorer link), the sliding kinds' FIRING / RESOLVED and the RESOLVED
 * of a retired key; the kinds supply their own summary text.
 */
final class AlertFactory implements Serializable {
  private static final long serialVersionUID = 1L;

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
      String templateId =
          o.templateId.isEmpty() ? miner.apply(o.message).templateId() : o.templateId;
      out.add(
          AlertSample.of(
              o.insertId,
              Timestamps.format(o.timestampNanos),
              redactor.apply(o.message),
              templateId));
    }
    return out;
  }

  /** The fields every alert has; the caller sets id, state, first seen and summary. */
  Alert.Builder base(
      Rule r,
      List<String> values,
      double value,
      double threshold,
      long start,
      long end,
      List<Observation> obs) {
    TreeMap<String, String> group = groupMap(r, values);
    String project = obs.isEmpty() ? "" : obs.get(0).projectId;
    return Alert.builder()
        .setRule(r.name())
        .setType(r.type().key())
        .setSeverity(r.severity().key())
        .setGroupMap(group)
        .setValue(value)
        .setThreshold(threshold)
        .setWindowStartMillis(start)
        .setWindowEndMillis(end)
        .setDescription(AlertText.description(r.description(), group, value, threshold))
        .setRunbook(r.runbook())
        .setSamples(samples(obs))
        .setLogsExplorerUrl(AlertText.logsExplorerUrl(r, values, start, end, project));
  }

  /**
   * The next message number of the key's current incident: 1, 2, 3... per alertId (FIRING,
   * re-notifications, RESOLVED), kept in the key's state so it survives restarts and updates.
   */
  static long nextSequence(KeyState st) {
    if (!st.alertId.equals(st.sequencedId)) {
      st.sequencedId = st.alertId;
      st.sequence = 0;
    }
    return ++st.sequence;
  }

  /** A sliding kind's FIRING or RESOLVED for one evaluation; {@code core}: the kind's text. */
  void emit(Rule r, KeyState st, Eval ev, AlertState state, String core, Consumer<Alert> out) {
    List<String> values = values(r, st);
    String summary =
        AlertText.line(
            r.name(), label(r, values), state == AlertState.RESOLVED ? "resolved: " + core : core);
    Alert a =
        base(r, values, ev.value, ev.threshold, ev.start, ev.end, ev.agg.samples)
            .setAlertId(st.alertId)
            .setSequence(nextSequence(st))
            .setState(state)
            .setFirstSeenMillis(st.incidentStart)
            .setSummary(summary)
            .build();
    emit(a, out);
  }

  /** RESOLVED for an open incident whose rule was removed or changed shape. */
  void emitRetired(
      RuleKind kind, KindContext cx, Rule r, KeyState st, String reason, Consumer<Alert> out) {
    List<String> values = values(r, st);
    long end = Math.max(st.lastEvaluated, st.lastNotified);
    Alert a =
        kind.retired(cx, r, st, values, end)
            .setAlertId(st.alertId)
            .setSequence(nextSequence(st))
            .setState(AlertState.RESOLVED)
            .setFirstSeenMillis(st.incidentStart)
            .setSummary(AlertText.line(r.name(), label(r, values), "resolved: " + reason))
            .build();
    emit(a, out);
  }

  /** Counts and outputs a built alert. */
  void emit(Alert a, Consumer<Alert> out) {
    if (a.state() == AlertState.FIRING) {
      firing.inc();
    } else {
      resolved.inc();
    }
    out.accept(a);
  }
}
