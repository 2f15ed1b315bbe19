package dev.logalerts.alerting;

import dev.logalerts.combine.BundleFolder;
import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.rules.RuleSet;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TupleTag;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Bounded inputs: the filter test ({@link MatchRuleFilters}), the rule observations ({@link
 * MatchRulesFn}) and another account of the matched entries (the noisy-log volumes' {@link
 * BundleFolder}) in one pass over each entry. Each part is the same code as in its own step; they
 * share a step because the DirectRunner, which runs local and backfill jobs, does not fuse steps:
 * there each step costs every entry a hand-over (about a microsecond), and the matched entries a
 * bundle held in memory. Dataflow fuses the three steps anyway.
 */
final class MatchAndFoldFn<K, A> extends DoFn<LogEvent, KV<String, BucketAgg>> {
  private final RuleSet rules;
  private final MatchRulesFn observations;
  private final BundleFolder<MatchedEvent, K, ?, A> also;
  private final TupleTag<KV<K, A>> alsoTag;
  private transient @Nullable RuleFilters filters;

  MatchAndFoldFn(
      RuleSet rules,
      MatchRulesFn observations,
      BundleFolder<MatchedEvent, K, ?, A> also,
      TupleTag<KV<K, A>> alsoTag) {
    this.rules = rules;
    this.observations = observations;
    this.also = also;
    this.alsoTag = alsoTag;
  }

  @Setup
  public void setup() {
    observations.setup();
  }

  @StartBundle
  public void startBundle() {
    observations.startBundle();
    also.startBundle();
  }

  @ProcessElement
  public void process(ProcessContext c, BoundedWindow window) {
    if (filters == null) {
      filters = MatchRuleFilters.MatchFn.filtersOf(rules, null);
    }
    MatchedEvent m = filters.match(c.element());
    observations.fold(m, c.timestamp(), window, rules, c::output);
    KV<K, A> single = also.add(m, c.timestamp(), window);
    if (single != null) {
      c.output(alsoTag, single);
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) {
    observations.flush(c);
    also.finishBundle(c, alsoTag);
  }
}
