package dev.logalerts.alerting;

import static com.google.common.truth.Truth.assertThat;
import static dev.logalerts.alerting.AlertTestSupport.*;

import dev.logalerts.rules.RuleType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.state.BagState;
import org.apache.beam.sdk.state.ReadableState;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.util.CoderUtils;
import org.joda.time.Duration;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.JUnit4;

/**
 * Bounded state at scale: 100,000 distinct groups per rule kind family driven through {@link
 * LifecycleFn}'s state machine with a simulated streaming watermark (buckets delivered as the
 * watermark passes their end, one timer per key as in Beam). Live keys are counted directly: they
 * stay a small fraction of all groups while time advances, and are zero at the end.
 */
@RunWith(JUnit4.class)
public class LifecycleStateTest {
  private static final long NONE = KeyState.NONE;

  /** In-memory stand-in for a ValueState cell. */
  static final class Cell<T> implements ValueState<T> {
    T value;

    @Override
    public void write(T input) {
      value = input;
    }

    @Override
    public T read() {
      return value;
    }

    @Override
    public void clear() {
      value = null;
    }

    @Override
    public ValueState<T> readLater() {
      return this;
    }
  }

  /** A bag in memory; what it holds goes through its coder, as in a runner's state. */
  static final class Bag implements BagState<BucketAgg> {
    final List<BucketAgg> items = new ArrayList<>();

    @Override
    public void add(BucketAgg value) {
      try {
        items.add(CoderUtils.clone(BucketAgg.BucketAggCoder.of(), value));
      } catch (CoderException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public Iterable<BucketAgg> read() {
      return new ArrayList<>(items);
    }

    @Override
    public ReadableState<Boolean> isEmpty() {
      boolean empty = items.isEmpty();
      return new ReadableState<>() {
        @Override
        public Boolean read() {
          return empty;
        }

        @Override
        public ReadableState<Boolean> readLater() {
          return this;
        }
      };
    }

    @Override
    public BagState<BucketAgg> readLater() {
      return this;
    }

    @Override
    public void clear() {
      items.clear();
    }
  }

  /** Simulated runner: per-key state, one timer per key, watermark-ordered delivery. */
  static final class Harness {
    final LifecycleFn fn;
    final Map<String, dev.logalerts.rules.Rule> rules = new HashMap<>();
    final Map<String, KeyState> live = new HashMap<>();
    final Map<String, Cell<Set<String>>> known = new HashMap<>();
    final Map<String, Bag> older = new HashMap<>();
    final PriorityQueue<Object[]> timers =
        new PriorityQueue<>((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
    final List<Alert> alerts = new ArrayList<>();

    /** Keys whose settle timer is armed (it fires at {@link #settle}). */
    final java.util.LinkedHashSet<String> settling = new java.util.LinkedHashSet<>();

    long watermark = Long.MIN_VALUE;
    long delayMillis;
    long created;
    long cleared;
    int maxLive;

    Harness(LifecycleFn fn, List<dev.logalerts.rules.Rule> rules) {
      this.fn = fn;
      rules.forEach(r -> this.rules.put(r.name(), r));
    }

    /** One rule, evaluated as a streaming job with this allowed lateness would. */
    static Harness of(dev.logalerts.rules.Rule r, Duration allowedLateness) {
      return new Harness(lifecycleFn(r, allowedLateness), List.of(r));
    }

    /** The job's DoFn for one rule, with fixed rules and this allowed lateness. */
    static LifecycleFn lifecycleFn(dev.logalerts.rules.Rule r, Duration allowedLateness) {
      return new LifecycleFn(
          dev.logalerts.rules.RuleSet.of(List.of(r), "fixed"),
          null,
          "",
          allowedLateness.getMillis(),
          10_000,
          null,
          REDACTOR,
          MINER,
          null);
    }

    dev.logalerts.rules.Rule rule(String key) {
      return rules.get(GroupKeys.ruleName(key));
    }

    void setWake(KeyState st, long notBefore) {
      long w = KeyTimers.wakeTime(st, notBefore, delayMillis);
      if (w != NONE && w != st.wakeAt) {
        st.wakeAt = w;
        timers.add(new Object[] {w, st.key});
      }
    }

    /** Boundaries are evaluated this long after the watermark passes them (returns this). */
    Harness delayingEvaluationBy(Duration d) {
      delayMillis = d.getMillis();
      fn.delayEvaluationBy(delayMillis);
      return this;
    }

    /** Late panes settle this long before they are judged, as the job's do (returns this). */
    Harness settlingFor(Duration d) {
      fn.settleFor(d.getMillis());
      return this;
    }

    /** Fires all timers up to and including the watermark. */
    void advanceTo(long watermark) {
      this.watermark = Math.max(this.watermark, watermark);
      while (!timers.isEmpty() && (Long) timers.peek()[0] <= watermark) {
        Object[] t = timers.poll();
        long at = (Long) t[0];
        KeyState st = live.get((String) t[1]);
        if (st == null || st.wakeAt != at) {
          continue; // overwritten timer
        }
        long evaluated = at - KeyTimers.delay(st, delayMillis);
        if (KeyTimers.held(st, evaluated)) {
          continue; // re-armed when its panes have settled
        }
        walk(st, evaluated, at);
      }
    }

    private void walk(KeyState st, long t, long notBefore) {
      Cell<Set<String>> k = known.computeIfAbsent(st.key, x -> new Cell<>());
      fn.keepOlderIn(older.computeIfAbsent(st.key, x -> new Bag()));
      if (fn.onTimer(rule(st.key), st, t, k, alerts::add)) {
        setWake(st, notBefore);
      } else {
        live.remove(st.key);
        known.remove(st.key);
        older.remove(st.key);
        cleared++;
      }
    }

    /**
     * The settle time passes, and again, until no key's late panes are settling (no pane comes
     * meanwhile); then the timers now due fire.
     */
    void settle() {
      while (!settling.isEmpty()) {
        settleStep();
      }
      advanceTo(watermark);
    }

    /**
     * The settle time passes once: each settling key judges what came and evaluates as far as it
     * may.
     */
    void settleStep() {
      List<String> keys = new ArrayList<>(settling);
      settling.clear();
      for (String key : keys) {
        KeyState st = live.get(key);
        if (st == null || !st.settling) {
          continue;
        }
        Bag bag = older.computeIfAbsent(key, x -> new Bag());
        long upTo = fn.settled(rule(key), st, bag, alerts::add, false);
        boolean walks = upTo != NONE && upTo != Long.MIN_VALUE;
        if (walks) {
          walk(st, upTo, Long.MIN_VALUE);
        }
        st = live.get(key);
        if (st != null && st.settling) {
          settling.add(key);
        } else if (st != null && !walks) {
          setWake(st, Long.MIN_VALUE);
        }
      }
    }

    /** A late pane: entries that came after the watermark passed their bucket. */
    void latePane(String key, BucketAgg b) {
      b.late = true;
      bucket(key, b);
    }

    /** Processing time stays at {@code millis} (epoch ms; returns this). */
    Harness clockAt(long millis) {
      fn.withClock(() -> millis);
      return this;
    }

    /** An early pane: entries read before the watermark reached their bucket (it stays put). */
    void earlyPane(String key, BucketAgg b) {
      b.early = true;
      deliver(key, b);
    }

    void bucket(String key, BucketAgg b) {
      advanceTo(b.endMillis - 1);
      deliver(key, b);
    }

    private void deliver(String key, BucketAgg b) {
      KeyState st = live.get(key);
      if (st == null) {
        created++;
      }
      Cell<Set<String>> k = known.computeIfAbsent(key, x -> new Cell<>());
      fn.keepOlderIn(older.computeIfAbsent(key, x -> new Bag()));
      boolean wasSettling = st != null && st.settling;
      st = fn.onBucket(rule(key), st, key, b, NONE, k, alerts::add);
      if (st.settling && !wasSettling) {
        settling.add(key);
      }
      setWake(st, b.endMillis - 1);
      live.put(key, st);
      maxLive = Math.max(maxLive, live.size());
    }
  }

  static BucketAgg bucket(long endMillis, int count, String message) {
    String[] messages = new String[count];
    java.util.Arrays.fill(messages, message);
    return bucketOf(endMillis, messages);
  }

  /** A 1-minute bucket ending at {@code endMillis}: one entry per message, a millisecond apart. */
  static BucketAgg bucketOf(long endMillis, String... messages) {
    BucketAgg b = new BucketAgg();
    for (int i = 0; i < messages.length; i++) {
      dev.logalerts.model.MessageTemplate t = MINER.apply(messages[i]);
      long ts = endMillis - 30_000 + i;
      b.add(
          new Observation(
              ts * 1_000_000L,
              "id" + i,
              messages[i],
              "p",
              "k8s_container",
              "stdout",
              false,
              Double.NaN,
              Double.NaN,
              t.templateId(),
              t.template(),
              60_000));
    }
    b.endMillis = endMillis;
    b.periodMillis = 60_000;
    return b;
  }

  @Test
  public void hundredThousandGroupsPerKindAreClearedByTimers() {
    int groups = 100_000;
    dev.logalerts.rules.Rule threshold =
        rule("errors", RuleType.THRESHOLD, ERRORS, "service").setThreshold(3).build();
    dev.logalerts.rules.Rule absence =
        rule("heartbeat", RuleType.ABSENCE, ALL, "service")
            .setExpectWithin(Duration.standardMinutes(10))
            .setForgetAfter(Duration.standardHours(1))
            .build();
    dev.logalerts.rules.Rule newTemplate =
        rule("new-errors", RuleType.NEW_TEMPLATE, ERRORS, "service")
            .setLearnFor(Duration.standardMinutes(30))
            .setForgetAfter(Duration.standardHours(2))
            .build();
    List<dev.logalerts.rules.Rule> rules = List.of(threshold, absence, newTemplate);
    LifecycleFn fn =
        new LifecycleFn(
            dev.logalerts.rules.RuleSet.of(rules, "fixed"),
            null,
            "",
            Duration.standardMinutes(10).getMillis(),
            10_000,
            null,
            REDACTOR,
            MINER,
            null);
    Harness h = new Harness(fn, rules);
    // Group i is active in minute i % 1000 (about 16 hours of event time); every 1000th group
    // of the threshold rule logs 3 errors (fires, then resolves).
    for (int m = 0; m < 1000; m++) {
      for (int j = 0; j < groups / 1000; j++) {
        int i = j * 1000 + m;
        long end = T0 + (m + 1) * 60_000L; // bucket end of minute m
        int n = m == 7 ? 3 : 1;
        h.bucket("errors\u001esvc-" + i, bucket(end, n, "payment failed for order " + i));
        h.bucket("heartbeat\u001esvc-" + i, bucket(end, 1, "alive"));
        h.bucket("new-errors\u001esvc-" + i, bucket(end, 1, "payment failed for order " + i));
      }
    }
    int liveWhileRunning = h.live.size();
    h.advanceTo(Long.MAX_VALUE - 1);

    assertThat(h.created).isEqualTo(3L * groups);
    assertThat(h.cleared).isEqualTo(3L * groups);
    assertThat(h.live).isEmpty();
    // While time advances only recently active groups hold state: threshold ~15 minutes
    // (window + allowedLateness), absence 1 h (forgetAfter), new-template 2 h, of 1000 minutes:
    // about 20,000 of 300,000 keys at most.
    assertThat(h.maxLive).isLessThan(25_000);
    assertThat(liveWhileRunning).isLessThan(25_000);
    long firing =
        h.alerts.stream()
            .filter(a -> a.rule().equals("errors") && a.state() == AlertState.FIRING)
            .count();
    long resolved =
        h.alerts.stream()
            .filter(a -> a.rule().equals("errors") && a.state() == AlertState.RESOLVED)
            .count();
    assertThat(firing).isEqualTo(groups / 1000);
    assertThat(resolved).isEqualTo(groups / 1000);
    // Every heartbeat group goes silent once: one FIRING each, plus re-notifications every 30m
    // until forgotten after 1h (at 10m and 40m after its entry), then the RESOLVED that closes
    // its incident when it is forgotten.
    long absent = h.alerts.stream().filter(a -> a.rule().equals("heartbeat")).count();
    assertThat(absent).isEqualTo(3L * groups);
    // new-template: each group's only template is learned, nothing fires.
    assertThat(h.alerts.stream().filter(a -> a.rule().equals("new-errors")).count()).isEqualTo(0);
  }
}
