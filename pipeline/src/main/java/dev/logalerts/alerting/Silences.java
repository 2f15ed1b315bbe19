package dev.logalerts.alerting;

import dev.logalerts.model.PipelineCounters;
import dev.logalerts.model.TimestampSkew;
import dev.logalerts.rules.RuleSet;
import dev.logalerts.rules.Silence;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Applies the rules file's {@code silences:} to the lifecycle's alerts. An alert is silenced when,
 * at its {@link Alert#windowEndMillis()} (when the lifecycle evaluated it: the same in batch and
 * streaming, unlike the element's timestamp), a silence covering its rule and group is active: it
 * is then output with {@link Alert#silencedBy()} set (the sinks write it to the alerts table and
 * {@code alerts_silenced/} only, never to the topic). A silenced FIRING is held per alertId, and
 * when the silence ends (an event-time timer) and the incident has not been resolved by then, the
 * newest held FIRING is output again without {@code silencedBy}: published at the silence's end. A
 * silenced RESOLVED is published all the same when the incident's first FIRING was published (it
 * started before the silence or was released), so no published incident is left open.
 *
 * <p>Decisions depend only on event times and the silences, not on arrival order (a bounded run may
 * deliver an incident's RESOLVED before its FIRING: the RESOLVED's time is kept until both were
 * seen), so a bounded run and a streaming run agree. The state of an alertId lives from its first
 * silenced FIRING until the release or its RESOLVED, whichever comes first; the silences are read
 * from the reloadable rules side input (timers: {@link LiveRules}).
 */
final class Silences extends PTransform<PCollection<Alert>, PCollection<Alert>> {
  private final RuleSet launchRules;
  private final @Nullable PCollectionView<RuleSet> rulesView;
  private final String evaluationId;

  Silences(RuleSet launchRules, @Nullable PCollectionView<RuleSet> rulesView, String evaluationId) {
    this.launchRules = launchRules;
    this.rulesView = rulesView;
    this.evaluationId = evaluationId;
  }

  @Override
  public PCollection<Alert> expand(PCollection<Alert> alerts) {
    ParDo.SingleOutput<KV<String, Alert>, Alert> fn =
        ParDo.of(
            new SilenceFn(
                launchRules,
                rulesView,
                evaluationId,
                alerts.isBounded() == PCollection.IsBounded.BOUNDED));
    if (rulesView != null) {
      fn = fn.withSideInputs(rulesView);
    }
    return alerts
        .apply(
            "ByAlertId",
            WithKeys.<String, Alert>of(Alert::alertId).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), AlertCoder.of()))
        .apply("Silence", fn)
        .setCoder(AlertCoder.of());
  }

  /** The first silence (file order) active for the alert at {@code t}, and when it ends. */
  record Match(String name, long until) {}

  static @Nullable Match match(List<Silence> silences, Alert a, long t) {
    Match m = null;
    for (Silence s : silences) {
      if (!s.covers(a.rule(), a.group())) {
        continue;
      }
      long until = s.activeUntil(t);
      if (until == Silence.INACTIVE) {
        continue;
      }
      m = m == null ? new Match(s.name(), until) : new Match(m.name(), Math.max(m.until(), until));
    }
    return m;
  }

  /**
   * Whether a silenced RESOLVED at {@code t} is published anyway: the incident's first FIRING (at
   * {@link Alert#firstSeenMillis()}) was not silenced, or its silence ended before {@code t} (it
   * was released then, the incident being still open).
   */
  static boolean incidentPublished(List<Silence> silences, Alert resolved, long t) {
    Match first = match(silences, resolved, resolved.firstSeenMillis());
    return first == null || first.until() <= t;
  }

  static final class SilenceFn extends DoFn<KV<String, Alert>, Alert> {
    private final RuleSet launchRules;
    private final @Nullable PCollectionView<RuleSet> rulesView;
    private final String evaluationId;
    private final boolean bounded;

    /** Bound on the releases replayed for one alertId at the end of a bounded run. */
    private static final int MAX_REPLAYED_RELEASES = 10_000;

    private final Counter silenced = PipelineCounters.counter("alerts_silenced");
    private final Counter released = PipelineCounters.counter("alerts_released_after_silence");

    /** Silenced FIRINGs not yet released: (event time, alert). */
    @StateId("held")
    private final StateSpec<ValueState<List<KV<Long, Alert>>>> heldSpec =
        StateSpecs.value(ListCoder.of(KvCoder.of(VarLongCoder.of(), AlertCoder.of())));

    @TimerId("release")
    private final TimerSpec releaseSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    /**
     * When the incident was resolved (its RESOLVED's windowEnd), once a RESOLVED covered by a
     * silence was seen: a FIRING held before it is never released after it, whichever of the two
     * arrived first (a bounded run delivers them in any order).
     */
    @StateId("resolvedAt")
    private final StateSpec<ValueState<Long>> resolvedAtSpec = StateSpecs.value(VarLongCoder.of());

    /**
     * Clears the key after its RESOLVED: at the later of its windowEnd and its element timestamp,
     * so every FIRING of the incident (stamped no later) has been processed by then.
     */
    @TimerId("resolved")
    private final TimerSpec resolvedSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    SilenceFn(
        RuleSet launchRules,
        @Nullable PCollectionView<RuleSet> rulesView,
        String evaluationId,
        boolean bounded) {
      this.launchRules = launchRules;
      this.rulesView = rulesView;
      this.evaluationId = evaluationId;
      this.bounded = bounded;
    }

    /**
     * Timers are set at alert times ({@code windowEnd}) and silence ends, which may precede the
     * element's timestamp (a bounded run delivers every alert before any timer fires, and stamps
     * them late); releases must still happen in event-time order, as in streaming.
     */
    @Override
    @SuppressWarnings("deprecation")
    public org.joda.time.Duration getAllowedTimestampSkew() {
      return TimestampSkew.UNLIMITED;
    }

    private List<Silence> newest() {
      RuleSet r = rulesView == null ? null : LiveRules.newest(evaluationId);
      return (r == null ? launchRules : r).silences();
    }

    @ProcessElement
    public void process(
        ProcessContext c,
        @StateId("held") ValueState<List<KV<Long, Alert>>> held,
        @StateId("resolvedAt") ValueState<Long> resolvedAt,
        @TimerId("release") Timer release,
        @TimerId("resolved") Timer resolvedTimer) {
      Alert a = c.element().getValue();
      RuleSet rules = launchRules;
      if (rulesView != null) {
        rules = c.sideInput(rulesView);
        LiveRules.offer(evaluationId, rules);
      }
      List<Silence> silences = rules.silences();
      if (silences.isEmpty()) {
        c.output(a); // nothing held can be resolved early: its release re-checks at its time
        return;
      }
      long t = a.windowEndMillis();
      Match m = match(silences, a, t);
      if (a.state() == AlertState.FIRING) {
        if (m == null) {
          c.output(a);
          return;
        }
        silenced.inc();
        c.output(a.toBuilder().setSilencedBy(m.name()).build());
        Long resolved = resolvedAt.read();
        if (resolved != null && m.until() >= resolved) {
          return; // resolved before its silence ends: never released
        }
        List<KV<Long, Alert>> items = read(held);
        items.add(KV.of(t, a));
        held.write(items);
        // Bounded: decide at the end of the input, when every alert of the key has arrived (its
        // timers may otherwise fire before a RESOLVED stamped later arrives).
        release.set(
            bounded
                ? GlobalWindow.INSTANCE.maxTimestamp()
                : new Instant(nextRelease(silences, items)));
        return;
      }
      if (m == null || incidentPublished(silences, a, t)) {
        c.output(a);
      } else {
        silenced.inc();
        c.output(a.toBuilder().setSilencedBy(m.name()).build());
      }
      if (covered(silences, a)) {
        resolvedAt.write(t); // FIRINGs held before t are not released after it
        if (!bounded) {
          // A bounded run may fire this timer before a FIRING of the incident stamped later
          // arrives, which would then be held and released; its state ends with the run anyway.
          resolvedTimer.set(new Instant(Math.max(t, c.timestamp().getMillis())));
        }
      }
    }

    @OnTimer("release")
    public void onRelease(
        OnTimerContext c,
        @StateId("held") ValueState<List<KV<Long, Alert>>> held,
        @StateId("resolvedAt") ValueState<Long> resolvedAt,
        @TimerId("release") Timer release) {
      long now = c.fireTimestamp().getMillis();
      List<Silence> silences = newest();
      List<KV<Long, Alert>> items = read(held);
      if (bounded) {
        // Every alert of the key is in: the releases a streaming run makes, in event-time order.
        long last = Long.MIN_VALUE;
        for (int step = 0; !items.isEmpty() && step < MAX_REPLAYED_RELEASES; step++) {
          last = Math.max(last + 1, nextRelease(silences, items));
          items = releaseAt(last, items, resolvedAt.read(), silences, c::output);
        }
        held.clear();
        return;
      }
      List<KV<Long, Alert>> later = releaseAt(now, items, resolvedAt.read(), silences, c::output);
      if (later.isEmpty()) {
        held.clear();
        return;
      }
      held.write(later);
      release.set(new Instant(Math.max(now, nextRelease(silences, later))));
    }

    /**
     * The release at {@code now}: the newest FIRING held from before {@code now} is published
     * unless a silence still covers it (then it is held on) or its incident was resolved by then;
     * returns what stays held.
     */
    private List<KV<Long, Alert>> releaseAt(
        long now,
        List<KV<Long, Alert>> items,
        @Nullable Long resolved,
        List<Silence> silences,
        Consumer<Alert> out) {
      List<KV<Long, Alert>> later = new ArrayList<>();
      if (resolved != null && resolved <= now) {
        return later; // the incident ended before this silence did
      }
      KV<Long, Alert> newestBefore = null;
      for (KV<Long, Alert> kv : items) {
        if (kv.getKey() >= now) {
          later.add(kv);
        } else if (newestBefore == null || kv.getKey() >= newestBefore.getKey()) {
          newestBefore = kv;
        }
      }
      if (newestBefore != null) {
        Match still = match(silences, newestBefore.getValue(), now);
        if (still != null) {
          later.add(KV.of(now, newestBefore.getValue())); // another window goes on: hold on
        } else {
          released.inc();
          out.accept(newestBefore.getValue().toBuilder().setSilencedBy(null).build());
        }
      }
      return later;
    }

    @OnTimer("resolved")
    public void onResolved(
        OnTimerContext c,
        @StateId("held") ValueState<List<KV<Long, Alert>>> held,
        @StateId("resolvedAt") ValueState<Long> resolvedAt,
        @TimerId("release") Timer release) {
      // The incident is over and every FIRING of it was seen: nothing more to release.
      held.clear();
      resolvedAt.clear();
      release.clear();
    }

    private static List<KV<Long, Alert>> read(ValueState<List<KV<Long, Alert>>> held) {
      List<KV<Long, Alert>> items = held.read();
      return items == null ? new ArrayList<>() : new ArrayList<>(items);
    }

    /** When the first held FIRING's silence ends (its window, as the silences are now). */
    private static long nextRelease(List<Silence> silences, List<KV<Long, Alert>> items) {
      long next = Long.MAX_VALUE;
      for (KV<Long, Alert> kv : items) {
        Match m = match(silences, kv.getValue(), kv.getKey());
        long until = m == null ? kv.getKey() : m.until();
        next = Math.min(next, until);
      }
      return next;
    }

    private static boolean covered(List<Silence> silences, Alert a) {
      for (Silence s : silences) {
        if (s.covers(a.rule(), a.group())) {
          return true;
        }
      }
      return false;
    }
  }
}
