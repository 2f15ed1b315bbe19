package dev.logalerts.alerting;

import dev.logalerts.model.LogEvent;
import dev.logalerts.model.MatchedEvent;
import dev.logalerts.rules.RuleSet;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionView;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Tests every rule's filter once per entry ({@link RuleFilters}) and passes the entry on with the
 * names of the rules it matched and the rules version: the job's one filter evaluation, read by
 * both {@link EvaluateRules} (alerts) and the noisy-log account (the rules a template's entries
 * feed). The rules are the launch rules, or the reloadable side input's current version, so the
 * names always belong to the rules in force when the entry was matched.
 */
public final class MatchRuleFilters
    extends PTransform<PCollection<LogEvent>, PCollection<MatchedEvent>> {
  private final RuleSet launchRules;
  private final @Nullable PCollectionView<RuleSet> rulesView;

  MatchRuleFilters(RuleSet launchRules, @Nullable PCollectionView<RuleSet> rulesView) {
    this.launchRules = launchRules;
    this.rulesView = rulesView;
  }

  /** These rules, fixed (batch, tests). */
  public static MatchRuleFilters of(RuleSet rules) {
    return new MatchRuleFilters(rules, null);
  }

  @Override
  public PCollection<MatchedEvent> expand(PCollection<LogEvent> entries) {
    ParDo.SingleOutput<LogEvent, MatchedEvent> match =
        ParDo.of(new MatchFn(launchRules, rulesView));
    if (rulesView != null) {
      match = match.withSideInputs(rulesView);
    }
    return entries.apply("TestFilters", match).setCoder(MatchedEvent.Coder.of());
  }

  /** Re-derives the filters only when the rules version changes. */
  static final class MatchFn extends DoFn<LogEvent, MatchedEvent> {
    private final RuleSet launchRules;
    private final @Nullable PCollectionView<RuleSet> rulesView;
    private transient @Nullable RuleSet preparedFor;
    private transient RuleFilters filters;

    MatchFn(RuleSet launchRules, @Nullable PCollectionView<RuleSet> rulesView) {
      this.launchRules = launchRules;
      this.rulesView = rulesView;
    }

    @ProcessElement
    public void process(ProcessContext c) {
      RuleSet set = rulesView == null ? launchRules : c.sideInput(rulesView);
      if (set != preparedFor) {
        filters = RuleFilters.forVersion(set, filters);
        preparedFor = set;
      }
      c.output(filters.match(c.element()));
    }
  }
}
