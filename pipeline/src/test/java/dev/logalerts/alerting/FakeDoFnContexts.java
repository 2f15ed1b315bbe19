package dev.logalerts.alerting;

import dev.logalerts.rules.Rule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.CausedByDrain;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.WindowedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Calls {@link LifecycleFn}'s {@code @ProcessElement} and {@code @OnTimer} methods themselves, as a
 * runner does, with timers that remember what they were set to and the output timestamp they hold
 * the watermark at (a runner's rule: an event-time timer holds at its target unless told otherwise;
 * a processing-time timer at the timestamp of the element or timer that set it).
 */
final class FakeDoFnContexts {
  private FakeDoFnContexts() {}

  /** A timer as a runner keeps it. */
  static final class FakeTimer implements Timer {
    final TimeDomain domain;

    /** Timestamp of the element or firing timer whose call sets it. */
    Instant context = BoundedWindow.TIMESTAMP_MIN_VALUE;

    Instant target;
    Instant hold;
    private Instant pendingHold;
    private Duration offset = Duration.ZERO;

    FakeTimer(TimeDomain domain) {
      this.domain = domain;
    }

    boolean armed() {
      return target != null;
    }

    @Override
    public void set(Instant t) {
      target = t;
      hold = pendingHold != null ? pendingHold : domain == TimeDomain.EVENT_TIME ? t : context;
      pendingHold = null;
    }

    @Override
    public void setRelative() {
      set(new Instant(0).plus(offset)); // processing time is not modelled: only the hold matters
      offset = Duration.ZERO;
    }

    @Override
    public void clear() {
      target = null;
      hold = null;
    }

    @Override
    public Timer offset(Duration d) {
      offset = d;
      return this;
    }

    @Override
    public Timer align(Duration d) {
      return this;
    }

    @Override
    public Timer withOutputTimestamp(Instant t) {
      if (t.isBefore(context)) {
        throw new IllegalArgumentException("output timestamp " + t + " before " + context);
      }
      pendingHold = t;
      return this;
    }

    @Override
    public Timer withNoOutputTimestamp() {
      return this;
    }

    @Override
    public Instant getCurrentRelativeTime() {
      return new Instant(0);
    }
  }

  /** The element {@code e} at timestamp {@code ts}; outputs go to {@code out}. */
  static LifecycleFn.ProcessContext element(
      LifecycleFn fn, KV<String, BucketAgg> e, Instant ts, List<Alert> out) {
    return fn.new ProcessContext() {
      @Override
      public KV<String, BucketAgg> element() {
        return e;
      }

      @Override
      public <T> T sideInput(org.apache.beam.sdk.values.PCollectionView<T> view) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Instant timestamp() {
        return ts;
      }

      @Override
      public PaneInfo pane() {
        return PaneInfo.NO_FIRING;
      }

      @Override
      public String currentRecordId() {
        return null;
      }

      @Override
      public Long currentRecordOffset() {
        return null;
      }

      @Override
      public CausedByDrain causedByDrain() {
        return CausedByDrain.NORMAL;
      }

      @Override
      public PipelineOptions getPipelineOptions() {
        return PipelineOptionsFactory.create();
      }

      @Override
      public void output(Alert a) {
        out.add(a);
      }

      @Override
      public void outputWithTimestamp(Alert a, Instant t) {
        out.add(a);
      }

      @Override
      public void outputWindowedValue(
          Alert a, Instant t, Collection<? extends BoundedWindow> w, PaneInfo p) {
        out.add(a);
      }

      @Override
      public <T> void output(TupleTag<T> tag, T v) {}

      @Override
      public <T> void outputWithTimestamp(TupleTag<T> tag, T v, Instant t) {}

      @Override
      public <T> void outputWindowedValue(
          TupleTag<T> tag, T v, Instant t, Collection<? extends BoundedWindow> w, PaneInfo p) {}

      @Override
      public <T> void outputWindowedValue(TupleTag<T> tag, WindowedValue<T> v) {}

      @Override
      public void outputWindowedValue(WindowedValue<Alert> v) {
        out.add(v.getValue());
      }
    };
  }

  /** A timer of {@code domain} firing at {@code fire} whose output timestamp is {@code ts}. */
  static LifecycleFn.OnTimerContext timer(
      LifecycleFn fn, TimeDomain domain, Instant fire, Instant ts, List<Alert> out) {
    return fn.new OnTimerContext() {
      @Override
      public Instant timestamp() {
        return ts;
      }

      @Override
      public Instant fireTimestamp() {
        return fire;
      }

      @Override
      public BoundedWindow window() {
        return GlobalWindow.INSTANCE;
      }

      @Override
      public TimeDomain timeDomain() {
        return domain;
      }

      @Override
      public CausedByDrain causedByDrain() {
        return CausedByDrain.NORMAL;
      }

      @Override
      public PipelineOptions getPipelineOptions() {
        return PipelineOptionsFactory.create();
      }

      @Override
      public void output(Alert a) {
        out.add(a);
      }

      @Override
      public void outputWithTimestamp(Alert a, Instant t) {
        out.add(a);
      }

      @Override
      public void outputWindowedValue(
          Alert a, Instant t, Collection<? extends BoundedWindow> w, PaneInfo p) {
        out.add(a);
      }

      @Override
      public <T> void output(TupleTag<T> tag, T v) {}

      @Override
      public <T> void outputWithTimestamp(TupleTag<T> tag, T v, Instant t) {}

      @Override
      public <T> void outputWindowedValue(
          TupleTag<T> tag, T v, Instant t, Collection<? extends BoundedWindow> w, PaneInfo p) {}

      @Override
      public <T> void outputWindowedValue(TupleTag<T> tag, WindowedValue<T> v) {}

      @Override
      public void outputWindowedValue(WindowedValue<Alert> v) {
        out.add(v.getValue());
      }
    };
  }

  static List<Alert> alerts() {
    return new ArrayList<>();
  }

  /**
   * One key's state cells and timers, with which the DoFn's methods are called; each call first
   * tells the timers the timestamp of the element or timer it handles (what a timer set then holds
   * output at).
   */
  static final class Key {
    final LifecycleStateTest.Cell<KeyState> state;
    final LifecycleStateTest.Cell<Set<String>> known;
    final LifecycleStateTest.Cell<Rule> ruleCell;
    final LifecycleStateTest.Bag older;
    final FakeTimer wake = new FakeTimer(TimeDomain.EVENT_TIME);
    final FakeTimer settle = new FakeTimer(TimeDomain.PROCESSING_TIME);
    final FakeTimer atEnd = new FakeTimer(TimeDomain.EVENT_TIME);

    Key() {
      this(
          new LifecycleStateTest.Cell<>(),
          new LifecycleStateTest.Cell<>(),
          new LifecycleStateTest.Cell<>(),
          new LifecycleStateTest.Bag());
    }

    Key(
        LifecycleStateTest.Cell<KeyState> state,
        LifecycleStateTest.Cell<Set<String>> known,
        LifecycleStateTest.Cell<Rule> ruleCell,
        LifecycleStateTest.Bag older) {
      this.state = state;
      this.known = known;
      this.ruleCell = ruleCell;
      this.older = older;
    }

    private void at(Instant t) {
      wake.context = t;
      settle.context = t;
      atEnd.context = t;
    }

    void process(LifecycleFn fn, KV<String, BucketAgg> kv, Instant ts, List<Alert> out) {
      at(ts);
      fn.process(element(fn, kv, ts, out), state, known, ruleCell, older, wake, settle, atEnd);
    }

    void onWake(LifecycleFn fn, Instant fire, List<Alert> out) {
      at(fire);
      fn.onWake(
          timer(fn, TimeDomain.EVENT_TIME, fire, fire, out), state, known, ruleCell, older, wake);
    }

    void onSettle(LifecycleFn fn, Instant hold, List<Alert> out) {
      at(hold);
      fn.onSettle(
          timer(fn, TimeDomain.PROCESSING_TIME, hold, hold, out),
          state,
          known,
          ruleCell,
          older,
          wake,
          settle,
          atEnd);
    }

    void onSettleAtEnd(LifecycleFn fn, Instant fire, Instant hold, List<Alert> out) {
      at(hold);
      fn.onSettleAtEnd(
          timer(fn, TimeDomain.EVENT_TIME, fire, hold, out),
          state,
          known,
          ruleCell,
          older,
          wake,
          settle);
    }
  }
}
