package dev.logalerts.alerting;

import dev.logalerts.model.BinaryCodec;
import dev.logalerts.model.PipelineCounters;
import dev.logalerts.rules.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.metrics.Counter;

/**
 * Flap detection of one group, part of {@link KeyState}: the times of its recent state changes (an
 * incident starts, an incident resolves) and, while it is flapping, the episode.
 *
 * <p>When a change makes {@code flapCount} changes within {@code flapWindow}, that change is
 * published as one FLAPPING message instead (with the alertId of the incident it interrupts: the
 * one resolving, or the one starting), and the group's FIRING, re-notifications and RESOLVED are
 * held. The group's incidents meanwhile go on under that alertId (the "episode"). Once the group
 * has kept one state for {@code flapWindow} (at the first period boundary after), that state is
 * published once: a FIRING (the incident goes on as usual) or a RESOLVED closing the episode, with
 * its {@link IncidentSummary}. A change of the rule that retires the key closes an episode with a
 * RESOLVED as it does an open incident.
 *
 * <p>Bounded: at most {@code flapCount} change times are kept. Times are event times and every
 * decision is taken at an evaluation or at the key's timer, so batch and streaming runs agree. In a
 * bounded run nothing is released after the newest entry, like every other evaluation.
 */
final class Flapping {
  private static final long NONE = KeyState.NONE;
  private static final Counter FLAPPING = PipelineCounters.counter("alerts_flapping");
  private static final Counter HELD = PipelineCounters.counter("alerts_held_flapping");

  /** Times of the latest state changes, oldest first; at most flapCount. */
  final ArrayDeque<Long> changes = new ArrayDeque<>();

  /** The alertId messages are held under while flapping; "" when not flapping. */
  String episodeId = "";

  /** When the held state is published unless the group changes again; NONE when not flapping. */
  long releaseAt = NONE;

  /** What happens to a message of the lifecycle. */
  enum Verdict {
    PUBLISH,
    /** Publish it as the group's one FLAPPING message. */
    FLAPPING,
    HOLD
  }

  boolean holding() {
    return !episodeId.isEmpty();
  }

  /**
   * Decides on a message of {@code step} at {@code t}. A held start of an incident continues the
   * episode's alertId ({@code st.alertId} is set to it).
   */
  Verdict decide(Rule r, KeyState st, AlertFactory.Step step, long t) {
    switch (step) {
      case RETIRE:
      case RELEASE:
        return Verdict.PUBLISH;
      case RENOTIFY:
        if (holding()) {
          HELD.inc();
          return Verdict.HOLD;
        }
        return Verdict.PUBLISH;
      default:
        break;
    }
    if (holding()) {
      if (step == AlertFactory.Step.START) {
        st.alertId = episodeId;
      }
      releaseAt = releaseTime(r, t);
      HELD.inc();
      return Verdict.HOLD;
    }
    int n = r.flapCount();
    if (n < 2) {
      changes.clear();
      return Verdict.PUBLISH;
    }
    long window = r.flapWindow().getMillis();
    changes.addLast(t);
    while (!changes.isEmpty() && (changes.peekFirst() <= t - window || changes.size() > n)) {
      changes.pollFirst();
    }
    if (changes.size() < n) {
      return Verdict.PUBLISH;
    }
    changes.clear();
    episodeId = st.alertId;
    releaseAt = releaseTime(r, t);
    FLAPPING.inc();
    return Verdict.FLAPPING;
  }

  /** The episode is over (its state was published, or the key retired). */
  void end() {
    episodeId = "";
    releaseAt = NONE;
    changes.clear();
  }

  /** The first period boundary at least flapWindow after {@code t}: evaluations happen there. */
  private static long releaseTime(Rule r, long t) {
    long p = r.period().getMillis();
    long due = t + r.flapWindow().getMillis();
    return Math.floorDiv(due + p - 1, p) * p;
  }

  /** When the key's timer must fire for a release (NONE: no release due within the input). */
  static long wakeAt(KeyState st) {
    Flapping f = st.flap;
    return f.holding() && f.releaseAt <= st.inputEnd ? f.releaseAt : NONE;
  }

  /**
   * Publishes the held state if its release time is before {@code t} ({@code inclusive}: or at it);
   * true while a release is still pending within the input (the key must be kept). A release due
   * after the newest entry of a bounded input is not published: the input has not shown a whole
   * flapWindow without change, and time ends at its newest entry.
   */
  static boolean releaseDue(
      KindContext cx,
      RuleKind kind,
      Rule r,
      KeyState st,
      long t,
      boolean inclusive,
      Consumer<Alert> out) {
    Flapping f = st.flap;
    if (!f.holding()) {
      return false;
    }
    long at = f.releaseAt;
    if (at > st.inputEnd) {
      return false;
    }
    if (at < t || (inclusive && at == t)) {
      List<String> values = AlertFactory.values(r, st);
      String w = AlertText.duration(r.flapWindow());
      AlertState state = st.firing ? AlertState.FIRING : AlertState.RESOLVED;
      String text =
          st.firing
              ? "still firing after flapping: no change for " + w
              : "resolved: no change for " + w + " after flapping";
      Alert.Builder b =
          kind.retired(cx, r, st, values, at)
              .setState(state)
              .setSummary(AlertText.line(r.name(), AlertFactory.label(r, values), text));
      cx.alerts.publish(r, st, b, AlertFactory.Step.RELEASE, at, out);
      return false;
    }
    return true;
  }

  void encode(OutputStream out) throws IOException {
    BinaryCodec.writeVarLong(out, changes.size());
    for (long c : changes) {
      BinaryCodec.writeVarLong(out, c);
    }
    BinaryCodec.writeString(out, episodeId);
    BinaryCodec.writeVarLong(out, releaseAt);
  }

  void decode(InputStream in) throws IOException {
    long n = BinaryCodec.readVarLong(in);
    for (long i = 0; i < n; i++) {
      changes.addLast(BinaryCodec.readVarLong(in));
    }
    episodeId = BinaryCodec.readString(in);
    releaseAt = BinaryCodec.readVarLong(in);
  }
}
