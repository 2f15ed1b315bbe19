package dev.logalerts.alerting;

import dev.logalerts.combine.BundleFolder;
import dev.logalerts.model.DeadLetter;
import dev.logalerts.model.EntryFront;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.model.TimestampSkew;
import dev.logalerts.rules.RuleSet;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Bounded inputs: each entry parsed (its {@link EntryFront}: the parse step's code, bad entries to
 * the dead letters), its filters tested ({@link MatchRuleFilters}), its rule observations folded
 * ({@link MatchRulesFn}) and the entry folded into another account of the matched entries (the
 * noisy-log volumes' {@link BundleFolder}), in one pass. Each part is the same code as in its own
 * step; they share a step because the DirectRunner, which runs local and backfill jobs, does not
 * fuse steps: there each step costs every entry a hand-over, and each step's output is a bundle
 * held in memory until the next step has read it (1M entries: 26.2 → 25.0 s with the filter test
 * and the two accounts in one step, 23.2 → 20.3 s more with the parsing; docs/performance.md).
 * Dataflow fuses the steps anyway. Everything goes by the entry's event time, as after the parse
 * step.
 */
final class MatchAndFoldFn<I, K, A> extends DoFn<I, KV<String, BucketAgg>> {
  private final EntryFront<I> front;
  private final TupleTag<DeadLetter> deadLetters;
  private final RuleSet rules;
  private final MatchRulesFn observations;
  private final BundleFolder<MatchedEvent, K, ?, A> also;
  private final TupleTag<KV<K, A>> alsoTag;
  private transient RuleFilters filters;

  MatchAndFoldFn(
      EntryFront<I> front,
      TupleTag<DeadLetter> deadLetters,
      RuleSet rules,
      MatchRulesFn observations,
      BundleFolder<MatchedEvent, K, ?, A> also,
      TupleTag<KV<K, A>> alsoTag) {
    this.front = front;
    this.deadLetters = deadLetters;
    this.rules = rules;
    this.observations = observations;
    this.also = also;
    this.alsoTag = alsoTag;
  }

  @Setup
  public void setup() {
    filters = RuleFilters.forVersion(rules, null);
    observations.setup();
  }

  @StartBundle
  public void startBundle() {
    front.startBundle();
    observations.startBundle();
    also.startBundle();
  }

  @ProcessElement
  public void process(ProcessContext c, BoundedWindow window) {
    LogEvent e = front.event(c.element(), c.timestamp(), d -> c.output(deadLetters, d));
    if (e == null) {
      return;
    }
    Instant eventTime = e.eventTime();
    MatchedEvent m = filters.match(e);
    observations.fold(m, eventTime, window, rules, kv -> c.outputWithTimestamp(kv, eventTime));
    KV<K, A> single = also.add(m, eventTime, window);
    if (single != null) {
      c.outputWithTimestamp(alsoTag, single, eventTime);
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    front.finishBundle();
    observations.flush(c);
    also.finishBundle(c, alsoTag);
  }

  /** As the parse step: outputs go by event time, which may precede a raw entry's timestamp. */
  @Override
  @SuppressWarnings("deprecation")
  public Duration getAllowedTimestampSkew() {
    return TimestampSkew.UNLIMITED;
  }
}
